"""日常巡查表 (A4 portrait): a page group per grid worker and day, entities in street order
with their checklist items as boxes, the result boxes, the present party's signature place;
the worker's signature at the foot; "第 x 页 共 y 页" and the 日志校验码 on every page."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from station_app.documents.fonts import SANS, SERIF_BOLD, register_fonts
from station_app.documents.paging import numbered_canvas, page_label
from station_app.domain.patrols.sheet import RESULT_LEGEND, PatrolSheet
from station_app.files import write_private

TITLE = "日常巡查表"
HEADER = ("序号", "名称 / 地址", "分级", "检查项（不符合的打“×”）", "结果", "在场人员签名", "备注")
WIDTHS = (9, 46, 9, 50, 22, 24, 20)  # mm, 180 in all
HEAD_BG = colors.HexColor("#e8edf4")


def _esc(text: object) -> str:
    return str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    cell = ParagraphStyle("cell", fontName=SANS, fontSize=8.5, leading=11)
    return {
        "cell": cell,
        "small": ParagraphStyle("small", parent=cell, fontSize=7.5, leading=10),
        "head": ParagraphStyle("head", parent=cell, alignment=TA_CENTER),
        "center": ParagraphStyle("center", parent=cell, alignment=TA_CENTER),
        "title": ParagraphStyle(
            "title", fontName=SERIF_BOLD, fontSize=18, leading=26, alignment=TA_CENTER
        ),
        "info": ParagraphStyle("info", parent=cell, fontSize=10, leading=15),
    }


def _boxes(n: int) -> str:
    return "　".join(f"{k}□" for k in range(1, n + 1))


def _page(sheet: PatrolSheet, st: dict) -> list:
    p = Paragraph
    info = (
        f"{_esc(sheet.station)}　网格：{_esc(sheet.grid)}　网格员：{_esc(sheet.person)}"
        f"　日期：{sheet.day_label}"
    )
    rows: list[list] = [[p(h, st["head"]) for h in HEADER]]
    for n, line in enumerate(sheet.lines, 1):
        rows.append(
            [
                p(str(n), st["center"]),
                p(f"{_esc(line.name)}<br/><font size=7.5>{_esc(line.address)}</font>", st["cell"]),
                p(line.grade, st["center"]),
                p(
                    f"<font size=7>{_esc(line.checklist)}</font><br/>{_boxes(line.items)}",
                    st["small"],
                ),
                p("1□ 2□<br/>3□ 4□", st["small"]),
                "",
                "",
            ]
        )
    if not sheet.lines:
        rows.append(["", p("（当日无计划任务）", st["cell"]), "", "", "", "", ""])
    table = Table(rows, colWidths=[w * mm for w in WIDTHS], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    legend = [p(f"结果：{RESULT_LEGEND}", st["small"])]
    for lg in sheet.legends:
        items = "；".join(f"{k}. {_esc(t)}" for k, t in enumerate(lg.items, 1))
        legend.append(p(f"{_esc(lg.checklist)}：{items}", st["small"]))
    foot = p(
        "巡查人签名：" + "&nbsp;" * 30 + "日期：" + "&nbsp;" * 10 + "年" + "&nbsp;" * 6 + "月"
        + "&nbsp;" * 6 + "日",
        st["info"],
    )  # fmt: skip
    return [
        p(TITLE, st["title"]),
        p(info, st["info"]),
        Spacer(1, 2 * mm),
        table,
        Spacer(1, 3 * mm),
        *legend,
        Spacer(1, 6 * mm),
        foot,
    ]


def build_patrol_sheets(sheets: Sequence[PatrolSheet]) -> bytes:
    st = _styles()
    buf = io.BytesIO()
    first = sheets[0] if sheets else None
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=f"{TITLE} {first.day:%Y-%m-%d}" if first else TITLE,
        author=first.station if first else "",
    )
    story: list = []
    for n, sheet in enumerate(sheets):
        if n:
            story.append(PageBreak())
        story.extend(_page(sheet, st))

    def draw(c, number: int, total: int) -> None:
        c.saveState()
        c.setFont(SANS, 8.5)
        c.drawCentredString(A4[0] / 2, 9 * mm, page_label(number, total))
        c.restoreState()

    doc.build(story, canvasmaker=numbered_canvas(draw))
    return buf.getvalue()


def write_patrol_sheets(sheets: Sequence[PatrolSheet], path: Path) -> int:
    """Write the PDF; returns its page count."""
    data = build_patrol_sheets(sheets)
    write_private(Path(path), data)
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
