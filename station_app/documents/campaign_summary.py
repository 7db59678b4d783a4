"""专项行动工作汇总表 (A4 PDF, numbered, with the 日志校验码 of the print; its workbook is
``exports/campaign_summary_xlsx.py``): the campaign's facts, the board with the
rates and their definitions, the problem shops with their hazards' rectification and 回头看
state. Drawn from a plain payload (``services/campaigns/summary.summary_payload``); no
person's phone, ID number or home address is in it."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer

from station_app.documents import list_notice as base
from station_app.documents.draw_record import FACT_WIDTHS, _table
from station_app.documents.fonts import SANS
from station_app.documents.paging import numbered_canvas, page_label
from station_app.files import write_private

BOARD_HEADER = ("", "检查对象", "已检查", "问题商户", "已整改", "已移送", "回头看到期", "已回头看",
                "检查率", "整改率", "回头看完成率")  # fmt: skip
BOARD_WIDTHS = (30 * mm, *(12.6 * mm,) * 10)
SHOP_HEADER = ("序号", "问题商户", "地址", "隐患", "整改情况", "回头看")
SHOP_WIDTHS = (9 * mm, 34 * mm, 36 * mm, 30 * mm, 24 * mm, 23 * mm)
SIGNATURES = "填报人：__________　　审核人（所长）：__________"


def _board(lines: list[list[Any]], st) -> Any:
    p = base._p
    rows = [[p(h, st["head"]) for h in BOARD_HEADER]]
    rows += [[p(c, st["cell"] if i == 0 else st["center"]) for i, c in enumerate(r)] for r in lines]
    return _table(rows, BOARD_WIDTHS)


def _shops(payload: dict[str, Any], st) -> Any:
    p = base._p
    if not payload["shops"]:
        return p("本次行动未发现问题商户。", st["none"])
    rows = [[p(h, st["head"]) for h in SHOP_HEADER]]
    rows += [[p(c, st["center"] if i == 0 else st["cell"]) for i, c in enumerate(s)]
             for s in payload["shops"]]  # fmt: skip
    return _table(rows, SHOP_WIDTHS)


def build_pdf(payload: dict[str, Any]) -> bytes:
    st = base._styles()
    p = base._p
    facts = _table([[p(k, st["cell"]), p(v, st["cell"])] for k, v in payload["facts"]],
                   FACT_WIDTHS, header=False)  # fmt: skip
    story: list[Any] = [
        p(payload["station"], st["org"]),
        Spacer(1, 2 * mm),
        base._RedRule(),
        Spacer(1, 5 * mm),
        p(payload["title"], st["title"]),
        Spacer(1, 3 * mm),
        facts,
        Spacer(1, 3 * mm),
        p("一、工作进度（合计）", st["h1"]),
        _board([payload["total"]], st),
        p("二、分网格", st["h1"]),
        _board(payload["by_grid"], st),
        p("三、分部门", st["h1"]),
        _board(payload["by_department"], st),
        p("指标口径", st["h1"]),
        *(p(d, st["none"]) for d in payload["definitions"]),
        KeepTogether(
            [p(f"四、问题商户（共 {len(payload['shops'])} 户）", st["h1"]), _shops(payload, st)]
        ),
        Spacer(1, 10 * mm),
        KeepTogether([p(SIGNATURES, st["none"]), p(payload["date_text"], st["sign"])]),
    ]
    footer = f"{payload['station']} · {payload['number']} · 专项行动工作汇总表"

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
        out, pagesize=A4, topMargin=base.TOP, leftMargin=base.LEFT, rightMargin=base.RIGHT,
        bottomMargin=base.BOTTOM, title=payload["title"], author=payload["station"],
        subject=payload["number"], creator="基层市场监管所工作台",
    )  # fmt: skip
    doc.build(story, canvasmaker=numbered_canvas(draw, invariant=True))
    return out.getvalue()


def write_pdf(payload: dict[str, Any], path: Path) -> Path:
    return write_private(Path(path), build_pdf(payload))
