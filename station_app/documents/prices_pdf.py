"""Prints of price monitoring (A4, embedded Noto fonts, 第 x 页 共 y 页, the audit witness):

* 价格提醒告诫书 on the GB/T 9704 page (``official.py``): the entity, the flagged prices with
  their explanations, the reminders, the reply period, the seal and date; two copies 经营者联 /
  存档联, the 存档联 with its 送达回证 (filled once served);
* 节日价格监测日报: one day's subjects, observations, flags by rule, the biggest rises, actions;
* a subject's price curve with the holiday windows, baselines and flags, and its table beneath,
  for the case file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from station_app.documents import official
from station_app.documents.charts import price_drawing
from station_app.documents.fonts import SANS, SERIF, SERIF_BOLD, register_fonts
from station_app.documents.official import LEADING, Copy, esc
from station_app.documents.paging import numbered_canvas, page_label
from station_app.domain.complaints import cn_date, cn_index
from station_app.domain.prices.daily import DailyReport
from station_app.domain.prices.money import yuan
from station_app.domain.prices.sheets import LEGAL_BASIS, REMINDERS, ChartSheet, LetterSheet
from station_app.files import atomic_output

LETTER_TITLE = "价格提醒告诫书"
LETTER_COPIES = ("经营者联", "存档联")
LINE = colors.HexColor("#555555")
HEAD_BG = colors.HexColor("#e8edf4")
NBSP = "\u00a0"
MARGIN = 18 * mm
TABLE_W = A4[0] - 2 * MARGIN


# ---- 价格提醒告诫书 ---------------------------------------------------------------------------


def letter(path: Path, sheet: LetterSheet) -> Path:
    """The 告诫书 in two copies; the 存档联 ends with the 送达回证."""
    copies = [
        Copy(label, _letter_story(sheet, archive=label == "存档联"), sheet.reprint)
        for label in LETTER_COPIES
    ]
    return official.build(
        path, copies, title=f"{LETTER_TITLE} {sheet.number}", author=sheet.station_name
    )


def _letter_story(sheet: LetterSheet, *, archive: bool) -> list:
    st = official.styles()
    basis = "、".join(LEGAL_BASIS)
    story: list = [
        Paragraph(LETTER_TITLE, st["title"]),
        Paragraph(esc(sheet.number), st["number"]),
        Paragraph(f"{esc(sheet.entity_name)}：", st["flush"]),
        Paragraph(
            f"经本所价格监测，你单位以下房型（商品）的实际销售价格出现异常（共 {len(sheet.lines)} 项）：",
            st["body"],
        ),
        _letter_table(sheet),
        Spacer(1, LEADING / 3),
        Paragraph(f"依据{esc(basis)}等规定，现对你单位提醒告诫如下：", st["body"]),
    ]
    story += [
        Paragraph(f"{cn_index(n)}、{esc(text)}", st["body"]) for n, text in enumerate(REMINDERS, 1)
    ]
    story.append(
        Paragraph(
            f"请你单位自收到本告诫书之日起 {sheet.reply_days} 日内，将价格执行情况和整改情况书面报告本所。"
            "对拒不改正或者存在价格违法行为的，本所将依法查处。",
            st["body"],
        )
    )
    story += _issuer(sheet)
    if archive:
        story += _receipt(sheet)
    return story


def _letter_table(sheet: LetterSheet) -> Table:
    cell = ParagraphStyle("lcell", fontName=SERIF, fontSize=11, leading=15, wordWrap="CJK")
    head = ParagraphStyle("lhead", parent=cell, fontName=SERIF_BOLD, alignment=TA_CENTER)
    rows = [[Paragraph(h, head) for h in ("日期", "房型（商品）", "价格", "异常情况")]]
    rows += [
        [
            Paragraph(line.day.isoformat(), cell),
            Paragraph(esc(line.subject), cell),
            Paragraph(yuan(line.price_fen), cell),
            Paragraph(esc(line.explanation), cell),
        ]
        for line in sheet.lines
    ]
    table = Table(rows, colWidths=[24 * mm, 28 * mm, 20 * mm, 84 * mm], repeatRows=1)
    table.setStyle(_grid_style())
    return table


def _issuer(sheet: LetterSheet) -> list:
    r = official.styles()["right"]
    pad = NBSP * 8  # 右空四字
    return [
        Spacer(1, LEADING),
        Paragraph(f"{esc(sheet.seal_text)}{pad}", r),
        Paragraph(f"（印章）{pad}", r),
        Paragraph(f"{cn_date(sheet.issued_on)}{pad}", r),
    ]


def _receipt(sheet: LetterSheet) -> list:
    st = official.styles()
    blank = NBSP * 16
    served_at = f"{sheet.served_at:%Y-%m-%d %H:%M}" if sheet.served_at else blank
    lines = [
        f"签收人：{esc(sheet.served_to) or blank}　　签收时间：{served_at}",
        f"送达方式：{esc(sheet.served_way) or blank}　　送达人（签名）：{blank}",
    ]
    block = [Spacer(1, LEADING / 2), Paragraph("送达回证", st["heading"])]
    block += [Paragraph(text, st["sign"]) for text in lines]
    return [KeepTogether(block)]


def _grid_style() -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, LINE),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )


# ---- table documents (日报, the chart page) ---------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    cell = ParagraphStyle("cell", fontName=SANS, fontSize=8.5, leading=11, wordWrap="CJK")
    return {
        "cell": cell,
        "num": ParagraphStyle("num", parent=cell, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=cell, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=SERIF_BOLD, fontSize=18, leading=26, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", fontName=SERIF, fontSize=10.5, leading=16, alignment=TA_CENTER),
        "h2": ParagraphStyle("h2", fontName=SERIF_BOLD, fontSize=12, leading=18, spaceBefore=6, spaceAfter=3),
        "body": ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=14, alignment=TA_LEFT, wordWrap="CJK"),
    }  # fmt: skip


def _table(
    header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float], st, numeric=()
) -> Table:
    body = [[Paragraph(esc(h), st["head"]) for h in header]]
    for row in rows:
        body.append(
            [Paragraph(esc(v), st["num" if i in numeric else "cell"]) for i, v in enumerate(row)]
        )
    table = Table(body, colWidths=list(widths), repeatRows=1)
    table.setStyle(_grid_style())
    return table


def _footer(station: str, title: str):
    def draw(canvas, number: int, total: int) -> None:
        canvas.setFont(SANS, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, 10 * mm, f"{station}　{title}")
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, page_label(number, total))

    return draw


def _build(path: Path, story: list, *, title: str, station: str) -> Path:
    register_fonts()
    with atomic_output(Path(path)) as tmp:
        doc = SimpleDocTemplate(
            str(tmp), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=16 * mm,
            bottomMargin=18 * mm, title=title, author=station, creator="基层市场监管所工作台",
        )  # fmt: skip
        doc.build(story, canvasmaker=numbered_canvas(_footer(station, title)))
    return Path(path)


def daily(path: Path, report: DailyReport) -> Path:
    """The holiday daily report of one day."""
    st = _styles()
    where = report.window.label if report.window else "非节假日"
    story: list = [
        Paragraph(esc(report.title), st["title"]),
        Paragraph(f"{esc(report.station)}　{cn_date(report.day)}　{esc(where)}", st["subtitle"]),
        Spacer(1, 4 * mm),
        Paragraph("一、监测概况", st["h2"]),
        Paragraph(
            f"监测对象 {report.subjects} 个，当日有监测记录的 {report.observed_subjects} 个，"
            f"监测记录 {report.observations} 条"
            + (
                "（" + "，".join(f"{s} {n} 条" for s, n in report.by_source) + "）"
                if report.by_source
                else ""
            )
            + f"；当日新增预警信号 {report.flags_today} 条，尚待处理 {report.open_flags} 条。",
            st["body"],
        ),
    ]
    if report.thin_baselines:
        story.append(
            Paragraph(
                f"另有 {report.thin_baselines} 个对象基期监测次数不足，未作判断。", st["body"]
            )
        )
    story += [Paragraph("二、预警信号（按规则）", st["h2"])]
    rows: list[tuple[str, object]] = [(rule, n) for rule, n in report.flags_by_rule] or [
        ("当日无预警信号", "")
    ]
    story.append(_table(("规则", "条数"), rows, (TABLE_W - 30 * mm, 30 * mm), st, numeric={1}))
    story.append(Paragraph("三、涨幅居前的对象", st["h2"]))
    rises = [
        (i, f"{r.entity} {r.subject}", yuan(r.price_fen), yuan(r.baseline_fen), f"{r.ratio_bp / 100 - 100:+.0f} %", r.rule, r.state)
        for i, r in enumerate(report.top_rises, 1)
    ]  # fmt: skip
    widths = (10 * mm, 52 * mm, 20 * mm, 20 * mm, 18 * mm, TABLE_W - 138 * mm, 18 * mm)
    story.append(
        _table(("序号", "对象", "价格", "基准", "涨幅", "规则", "状态"), rises or [("", "无", "", "", "", "", "")], widths, st, numeric={0, 2, 3, 4})
    )  # fmt: skip
    story.append(Paragraph("四、当日处置", st["h2"]))
    actions: list[tuple[str, object]] = [(a, n) for a, n in report.actions] or [
        ("当日无处置记录", "")
    ]
    story.append(_table(("处置", "件数"), actions, (TABLE_W - 30 * mm, 30 * mm), st, numeric={1}))
    for note in report.notes:
        story.append(Paragraph(esc(note), st["body"]))
    return _build(path, story, title=report.title, station=report.station)


def chart_page(path: Path, sheet: ChartSheet) -> Path:
    """A subject's curve over a period and its daily table (for the case file)."""
    st = _styles()
    posted = f"　明码标价 {yuan(sheet.posted_fen)}" if sheet.posted_fen else ""
    story: list = [
        Paragraph("价格监测曲线", st["title"]),
        Paragraph(f"{esc(sheet.entity)} {esc(sheet.subject)}{posted}　{esc(sheet.period_label)}", st["subtitle"]),
        Spacer(1, 3 * mm),
        price_drawing(sheet.chart, TABLE_W, 250),
        Spacer(1, 3 * mm),
    ]  # fmt: skip
    for text in sheet.baselines:
        story.append(Paragraph(f"基准：{esc(text)}", st["body"]))
    for text in sheet.flags:
        story.append(Paragraph(f"预警：{esc(text)}", st["body"]))
    rows = [
        (r.day.isoformat(), r.window, yuan(r.low_fen), yuan(r.mean_fen), yuan(r.high_fen), r.n,
         yuan(r.median_fen) if r.median_fen is not None else "", r.flags)
        for r in sheet.rows
    ]  # fmt: skip
    widths = (22 * mm, 26 * mm, 18 * mm, 18 * mm, 18 * mm, 12 * mm, 20 * mm, TABLE_W - 134 * mm)
    header = ("日期", "节假日/活动", "最低", "均价", "最高", "次数", "组内中位数", "预警")
    story += [
        Spacer(1, 3 * mm),
        _table(
            header, rows or [("", "", "", "", "", "", "", "")], widths, st, numeric={2, 3, 4, 5, 6}
        ),
    ]
    return _build(
        path,
        story,
        title=f"价格监测曲线 {sheet.entity} {sheet.subject}",
        station=sheet.station_name,
    )
