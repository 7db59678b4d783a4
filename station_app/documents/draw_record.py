"""双随机抽取记录 (A4, to sign): what was frozen, how the seed was made, what was drawn, who
was recused, and how a third party recomputes it (``docs/draws.md`` §4). Drawn from a plain
payload (``services/draws/printing.record_payload``). The same payload gives the same bytes.
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

FACT_WIDTHS = (32 * mm, 124 * mm)
QUOTA_HEADER = ("等级", "对象库户数", "比例或户数", "抽中户数")
QUOTA_WIDTHS = (30 * mm, 42 * mm, 42 * mm, 42 * mm)
OBJECT_HEADER = ("序号", "等级", "抽查对象", "代码", "签号（前 16 位）", "检查人员（执法证号）")
OBJECT_WIDTHS = (9 * mm, 9 * mm, 38 * mm, 32 * mm, 28 * mm, 40 * mm)
PROCEDURE = (
    "第三方复算：1. 导出对象库文件（station-app draws pool 编号 --out 目录），其 SHA-256 应等于"
    "上列对象库哈希；2. 随机种子 = SHA-256（对象库哈希|抽取时间|见证数字）；3. 每个对象的签号 = "
    "SHA-256（随机种子|对象代码），各等级按签号从小到大取前 n 户，n = 比例 × 该等级户数（有小数时进一，按分数精确计算）；"
    "4. 每个抽中对象的检查人员 = 未回避人员中 SHA-256（随机种子|对象代码|执法证号）最小的若干人。"
    "参考实现见软件说明 docs/draws.md。"
)
SIGNATURES = "抽取人：__________　　见证人：__________　　监督人（所长）：__________"

_GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, base.LINE),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
]


def _table(rows: list[list[Any]], widths, *, header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = list(_GRID)
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), base.HEAD_BG))
    table.setStyle(TableStyle(style))
    return table


def _facts(payload: dict[str, Any], st) -> Table:
    p = base._p
    return _table(
        [[p(k, st["cell"]), p(v, st["cell"])] for k, v in payload["facts"]],
        FACT_WIDTHS,
        header=False,
    )


def _quotas(payload: dict[str, Any], st) -> Table:
    p = base._p
    rows = [[p(h, st["head"]) for h in QUOTA_HEADER]]
    rows += [[p(c, st["center"]) for c in row] for row in payload["quotas"]]
    return _table(rows, QUOTA_WIDTHS)


def _objects(payload: dict[str, Any], st) -> Table:
    p = base._p
    rows = [[p(h, st["head"]) for h in OBJECT_HEADER]]
    for o in payload["objects"]:
        rows.append(
            [
                p(o["no"], st["center"]),
                p(o["grade"], st["center"]),
                p(o["name"], st["cell"]),
                p(o["key"], st["code"]),
                p(o["ticket"], st["code"]),
                p(o["inspectors"], st["cell"]),
            ]
        )
    return _table(rows, OBJECT_WIDTHS)


def build_pdf(payload: dict[str, Any]) -> bytes:
    st = base._styles()
    p = base._p
    story: list[Any] = [
        p(payload["station"], st["org"]),
        Spacer(1, 2 * mm),
        base._RedRule(),
        Spacer(1, 5 * mm),
        p(payload["title"], st["title"]),
        Spacer(1, 3 * mm),
        _facts(payload, st),
        Spacer(1, 3 * mm),
        p("一、抽取数量", st["h1"]),
        _quotas(payload, st),
        Spacer(1, 3 * mm),
        p(f"二、抽中对象及检查人员（共 {len(payload['objects'])} 户）", st["h1"]),
        _objects(payload, st),
        Spacer(1, 3 * mm),
        p("三、回避", st["h1"]),
        p(payload["recusals"], st["none"]),
        p("四、复算方法", st["h1"]),
        p(PROCEDURE, st["none"]),
        Spacer(1, 10 * mm),
        KeepTogether([p(SIGNATURES, st["none"]), p(payload["date_text"], st["sign"])]),
    ]
    footer = f"{payload['station']} · {payload['number']} · 对象库哈希 {payload['pool_hash'][:16]}…"

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


def write_pdf(payload: dict[str, Any], path: Path) -> Path:
    return write_private(Path(path), build_pdf(payload))
