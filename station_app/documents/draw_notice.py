"""双随机抽查结果公示 as PDF and XLSX, drawn like the red/black list notice
(``documents/list_notice.py``: station header with the red rule, one table with its header
repeated on every page, issuer, date and seal place, page numbers, invariant PDF bytes).

The payload (``services/draws/results.notice_payload``) holds business entities only: name,
统一社会信用代码, item, check date, result; never an inspector's or a person's name.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from station_app.documents import list_notice as base
from station_app.documents.fonts import SANS
from station_app.documents.paging import numbered_canvas, page_label
from station_app.files import write_private

HEADER = ("序号", "主体名称", "统一社会信用代码", "抽查事项", "检查日期", "检查结果")
COL_WIDTHS = (9 * mm, 45 * mm, 34 * mm, 30 * mm, 19 * mm, 19 * mm)  # 156 mm


def _table(payload: dict[str, Any], st) -> Table:
    p = base._p
    data: list[list[Any]] = [[p(h, st["head"]) for h in HEADER]]
    for row in payload["rows"]:
        data.append(
            [
                p(row["no"], st["center"]),
                p(row["name"], st["cell"]),
                p(row["uscc"] or "—", st["code"]),
                p(row["item"], st["cell"]),
                p(row["checked_on"] or "—", st["center"]),
                p(row["result"], st["center"]),
            ]
        )
    table = Table(data, colWidths=COL_WIDTHS, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, base.LINE),
                ("BACKGROUND", (0, 0), (-1, 0), base.HEAD_BG),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def build_pdf(payload: dict[str, Any]) -> bytes:
    """The notice as PDF bytes (the same payload gives the same bytes)."""
    st = base._styles()
    p = base._p
    story: list[Any] = [
        p(payload["station"], st["org"]),
        Spacer(1, 2 * mm),
        base._RedRule(),
        Spacer(1, 6 * mm),
        p(payload["title"], st["title"]),
        Spacer(1, 4 * mm),
        p(payload["intro"], st["body"]),
        Spacer(1, 3 * mm),
        _table(payload, st),
        Spacer(1, 4 * mm),
        KeepTogether(
            [
                *(p(line, st["body"]) for line in payload.get("closing", [])),
                Spacer(1, 8 * mm),
                p(payload["issuer"], st["sign"]),
                p(payload["date_text"], st["sign"]),
                p("（盖章）", st["sign"]),
            ]
        ),
    ]
    footer = f"{payload['station']} · {payload['number']}"

    def draw(c: pdfcanvas.Canvas, number: int, total: int) -> None:
        c.saveState()
        c.setFont(SANS, 9)
        c.drawCentredString(A4[0] / 2, base.BOTTOM - 12 * mm, page_label(number, total))
        c.setFont(SANS, 7)
        c.setFillColor(colors.HexColor("#777777"))
        c.drawCentredString(A4[0] / 2, base.BOTTOM - 17 * mm, footer)
        c.restoreState()

    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=base.TOP,
        leftMargin=base.LEFT,
        rightMargin=base.RIGHT,
        bottomMargin=base.BOTTOM,
        title=payload["title"],
        author=payload["station"],
        subject=payload["number"],
        creator="基层市场监管所工作台",
    )
    doc.build(story, canvasmaker=numbered_canvas(draw, invariant=True))
    return out.getvalue()


def build_xlsx(payload: dict[str, Any]) -> bytes:
    """The same rows as a workbook: sheet 公示 (title, introduction, the table, issuer)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "公示"
    ws.append([payload["title"]])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([payload["intro"]])
    ws.append(list(HEADER))
    thin = Side(style="thin", color="888888")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEEEEE")
        cell.border = border
        cell.alignment = Alignment(horizontal="center")
    for row in payload["rows"]:
        ws.append(
            [row["no"], row["name"], row["uscc"], row["item"], row["checked_on"], row["result"]]
        )
        for cell in ws[ws.max_row]:
            cell.border = border
    for line in payload.get("closing", []):
        ws.append([line])
    ws.append([f"{payload['issuer']}  {payload['date_text']}"])
    for col, width in zip("ABCDEF", (6, 40, 22, 26, 12, 12), strict=True):
        ws.column_dimensions[col].width = width
    ws.print_title_rows = "3:3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def write_pdf(payload: dict[str, Any], path: Path) -> Path:
    return write_private(Path(path), build_pdf(payload))


def write_xlsx(payload: dict[str, Any], path: Path) -> Path:
    return write_private(Path(path), build_xlsx(payload))
