"""红黑榜公示 (the station's red and black list notice) as PDF and XLSX.

Both are drawn from the notice *payload*: a plain JSON-able dict made by
``services/lists.py`` that holds exactly what is published (business entities only: name,
USCC, list, reason summary, dates; never a person's name, phone or ID number). The payload is
what a publication snapshot stores, so a notice can be redrawn from it later.

The PDF is A4 portrait with GB/T 9704 margins (top 37 mm, left 28 mm, 156 mm text block),
embedded Noto fonts, a station header, one table per list with its header row repeated on every
page, the issuing station, date and seal place, and "第 x 页 共 y 页". It is built with
reportlab's *invariant* mode (no creation time, fixed document id), so the same payload always
gives the same bytes with the same reportlab and font files.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from station_app.documents import stamp
from station_app.documents.fonts import SANS, SERIF, SERIF_BOLD, register_fonts, table_style
from station_app.documents.paging import numbered_canvas, page_label
from station_app.domain.text import formula_like, strip_controls
from station_app.files import write_private

RED_INK = colors.HexColor("#c00000")
LINE = colors.HexColor("#444444")
HEAD_BG = colors.HexColor("#eeeeee")
TOP, LEFT, RIGHT, BOTTOM = 37 * mm, 28 * mm, 26 * mm, 35 * mm
RED_HEADER = ("序号", "主体名称", "统一社会信用代码", "称号事由", "授予日期", "有效期至")
BLACK_HEADER = ("序号", "主体名称", "统一社会信用代码", "列入事由", "列入日期", "公示截止")
COL_WIDTHS = (9 * mm, 39 * mm, 33 * mm, 36 * mm, 19.5 * mm, 19.5 * mm)  # 156 mm
_NUMERALS = "一二三四五六七八九十"


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    cell = ParagraphStyle(
        "cell", fontName=SANS, fontSize=8.5, leading=11, alignment=TA_LEFT, wordWrap="CJK"
    )
    return {
        "cell": cell,
        "center": ParagraphStyle("center", parent=cell, alignment=TA_CENTER),
        "code": ParagraphStyle(
            "code", parent=cell, alignment=TA_CENTER, fontSize=7.5, wordWrap=None
        ),
        "head": ParagraphStyle("head", parent=cell, alignment=TA_CENTER, fontSize=9),
        "org": ParagraphStyle(
            "org",
            fontName=SERIF_BOLD,
            fontSize=22,
            leading=30,
            alignment=TA_CENTER,
            textColor=RED_INK,
        ),
        "title": ParagraphStyle(
            "title", fontName=SERIF_BOLD, fontSize=18, leading=26, alignment=TA_CENTER
        ),
        "body": ParagraphStyle(
            "body", fontName=SERIF, fontSize=12, leading=21, firstLineIndent=24, wordWrap="CJK"
        ),
        "h1": ParagraphStyle("h1", fontName=SANS, fontSize=13, leading=22, spaceBefore=6),
        "h2": ParagraphStyle(
            "h2", fontName=SERIF_BOLD, fontSize=12, leading=20, spaceBefore=4, spaceAfter=3
        ),
        "none": ParagraphStyle("none", fontName=SERIF, fontSize=11, leading=18, leftIndent=24),
        "sign": ParagraphStyle(
            "sign", fontName=SERIF, fontSize=12, leading=22, alignment=TA_RIGHT, rightIndent=24
        ),
    }


def _esc(text: object) -> str:
    return (
        str(text if text is not None else "")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_esc(text), style)


def _table(section: dict[str, Any], st) -> Table:
    header = RED_HEADER if section["colour"] == "red" else BLACK_HEADER
    data: list[list[Any]] = [[_p(h, st["head"]) for h in header]]
    for row in section["rows"]:
        data.append(
            [
                _p(row["no"], st["center"]),
                _p(row["name"], st["cell"]),
                _p(row["uscc"] or "—", st["code"]),
                _p(row["summary"], st["cell"]),
                _p(row["listed_on"], st["center"]),
                _p(row["until"] or "—", st["center"]),
            ]
        )
    table = Table(data, colWidths=COL_WIDTHS, repeatRows=1)
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, LINE),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def build_notice_pdf(payload: dict[str, Any]) -> bytes:
    """The notice as PDF bytes (deterministic for a given payload)."""
    st = _styles()
    story: list[Any] = [
        _p(payload["station"], st["org"]),
        Spacer(1, 2 * mm),
        _RedRule(),
        Spacer(1, 6 * mm),
        _p(payload["title"], st["title"]),
        Spacer(1, 4 * mm),
        _p(payload["intro"], st["body"]),
    ]
    groups = (("red", "红榜"), ("black", "黑榜"))
    n_group = 0
    for colour, label in groups:
        sections = [s for s in payload["sections"] if s["colour"] == colour]
        if not sections:
            continue
        story.append(CondPageBreak(45 * mm))
        story.append(_p(f"{_NUMERALS[n_group]}、{label}", st["h1"]))
        n_group += 1
        for i, section in enumerate(sections):
            heading = _p(
                f"（{_NUMERALS[i]}）{section['kind']}（共 {len(section['rows'])} 户）", st["h2"]
            )
            if section["rows"]:
                story.append(CondPageBreak(35 * mm))
                story.append(heading)
                story.append(_table(section, st))
            else:
                story.append(KeepTogether([heading, _p("本期无。", st["none"])]))
    closing = [_p(line, st["body"]) for line in payload.get("closing", [])]
    story.append(Spacer(1, 4 * mm))
    story.append(
        KeepTogether(
            [
                *closing,
                Spacer(1, 8 * mm),
                _p(payload["issuer"], st["sign"]),
                _p(payload["date_text"], st["sign"]),
                _p("（盖章）", st["sign"]),
            ]
        )
    )

    footer = f"{payload['station']} · {payload['title']}"

    def draw(c: pdfcanvas.Canvas, number: int, total: int) -> None:
        c.saveState()
        c.setFont(SANS, 9)
        c.drawCentredString(A4[0] / 2, BOTTOM - 12 * mm, page_label(number, total))
        c.setFont(SANS, 7)
        c.setFillColor(colors.HexColor("#777777"))
        c.drawCentredString(A4[0] / 2, BOTTOM - 17 * mm, footer)
        c.restoreState()

    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=TOP,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        bottomMargin=BOTTOM,
        title=payload["title"],
        author=payload["station"],
        subject=payload["period_label"],
        creator="基层市场监管所工作台",
    )
    with stamp.stamped(payload.get("audit_code")):  # the head the notice was built at
        doc.build(story, canvasmaker=numbered_canvas(draw, invariant=True))
    return out.getvalue()


class _RedRule(Spacer):
    """The red rule under the station header (版头分隔线)."""

    def __init__(self) -> None:
        super().__init__(156 * mm, 1.2 * mm)

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(RED_INK)
        c.setLineWidth(1.2)
        c.line(0, 0.6 * mm, self.width, 0.6 * mm)
        c.restoreState()


def write_notice_pdf(payload: dict[str, Any], path: Path) -> Path:
    return _write(Path(path), build_notice_pdf(payload))


def build_notice_xlsx(payload: dict[str, Any]) -> bytes:
    """The same rows as a workbook: a cover sheet and one sheet per list."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = Workbook()
    cover = wb.active
    cover.title = "公示说明"
    cover.append(_clean([payload["title"]]))
    cover["A1"].font = Font(bold=True, size=14)
    cover.append(_clean([payload["intro"]]))
    cover.append(
        _clean(
            [
                f"公示期间：{payload['period_label']}（{payload['period_start']} 至 {payload['period_end']}）"
            ]
        )
    )
    for section in payload["sections"]:
        cover.append(_clean([f"{section['kind']}：{len(section['rows'])} 户"]))
    for line in payload.get("closing", []):
        cover.append(_clean([line]))
    cover.append(_clean([f"{payload['issuer']}  {payload['date_text']}"]))
    cover.column_dimensions["A"].width = 90
    thin = Side(style="thin", color="888888")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    used: set[str] = {"公示说明"}
    for section in payload["sections"]:
        title = _sheet_title(section["kind"], used)
        ws = wb.create_sheet(title)
        header = RED_HEADER if section["colour"] == "red" else BLACK_HEADER
        ws.append(list(header))
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="EEEEEE")
            cell.alignment = Alignment(horizontal="center", vertical="center")
            cell.border = border
        for row in section["rows"]:
            ws.append(
                _clean(
                    [
                        row["no"],
                        row["name"],
                        row["uscc"],
                        row["summary"],
                        row["listed_on"],
                        row["until"],
                    ]
                )
            )
        for r in ws.iter_rows(min_row=2):
            for cell in r:
                cell.border = border
                cell.alignment = Alignment(vertical="center", wrap_text=True)
        for col, width in zip("ABCDEF", (6, 36, 22, 40, 12, 12), strict=True):
            ws.column_dimensions[col].width = width
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
    _as_text(wb)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _clean(values: list[Any]) -> list[Any]:
    return [strip_controls(v) if isinstance(v, str) else v for v in values]


def _as_text(wb: Any) -> None:
    """Every cell that would be a formula is written as the text it is (issue 17; the same
    rule as ``exports.cells``, which documents may not import)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def _sheet_title(name: str, used: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:28] or "名单"
    title, n = base, 2
    while title in used:
        title, n = f"{base}{n}", n + 1
    used.add(title)
    return title


def write_notice_xlsx(payload: dict[str, Any], path: Path) -> Path:
    return _write(Path(path), build_notice_xlsx(payload))


def _write(path: Path, data: bytes) -> Path:
    return write_private(path, data)
