"""综合 sheet as an A4 PDF for signing and sealing before the package goes to the bureau."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from station_app.documents.fonts import SANS, SERIF, SERIF_BOLD, register_fonts
from station_app.documents.paging import numbered_canvas, page_label
from station_app.domain.report_model import Figure, format_change, format_value

GAP = "&nbsp;" * 6  # Paragraph collapses ordinary and full-width spaces


@dataclass(frozen=True)
class SummaryHeader:
    station: str
    county_bureau: str
    period_label: str
    date_text: str


def summary_pdf(header: SummaryHeader, figures: Sequence[Figure]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_fonts()
    title = ParagraphStyle("t", fontName=SERIF_BOLD, fontSize=18, leading=26, alignment=1)
    body = ParagraphStyle("b", fontName=SERIF, fontSize=11, leading=18)
    cell = ParagraphStyle("c", fontName=SANS, fontSize=9.5, leading=13)
    rows = [["指标", "本期", "上期", "环比", "去年同期", "同比", "单位"]]
    for f in figures:
        rows.append(
            [
                Paragraph(f.label, cell),
                format_value(f, f.value),
                format_value(f, f.previous),
                format_change(f, f.previous),
                format_value(f, f.last_year),
                format_change(f, f.last_year),
                f.unit,
            ]
        )
    table = Table(
        rows,
        colWidths=[44 * mm, 20 * mm, 20 * mm, 26 * mm, 20 * mm, 26 * mm, 12 * mm],  # 168 mm
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SANS, 9.5),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story = [
        Paragraph(f"{header.station}{header.period_label}工作统计综合表", title),
        Spacer(1, 4 * mm),
        Paragraph(
            f"报送：{header.county_bureau}{GAP}统计期：{header.period_label}{GAP}"
            f"填报日期：{header.date_text}",
            body,
        ),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 12 * mm),
        Paragraph(f"填报人（签字）：__________{GAP}审核人（签字）：__________", body),
        Spacer(1, 8 * mm),
        Paragraph(f"单位负责人（签字）：__________{GAP}{GAP}（单位盖章）", body),
    ]
    buf = io.BytesIO()

    def footer(canvas, number: int, total: int) -> None:
        canvas.setFont(SANS, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, page_label(number, total))

    SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=25 * mm,
        bottomMargin=22 * mm,
        title=f"{header.station}{header.period_label}综合表",
    ).build(story, canvasmaker=numbered_canvas(footer))
    return buf.getvalue()
