"""网格花名册 (A4 landscape) and 网格监管专员交接单 (A4 portrait) as PDF.

Both embed the bundled Noto fonts, carry the station's name and the print date on every page,
and number pages "第 x 页 共 y 页" (a two-pass canvas: the total is known only at the end).
The roster's table repeats its header row on every page; a grid's members never split across
pages. Phones arrive already masked (or not) in the sheet data.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from station_app.documents.fonts import SANS, SERIF, SERIF_BOLD, register_fonts, table_style
from station_app.documents.paging import numbered_canvas, page_label
from station_app.domain.roster_sheet import HandoverSheet, RosterSheet, SheetMember
from station_app.files import write_private

TITLE = "网格花名册"
HANDOVER_TITLE = "网格监管专员交接单"
GRID_HEADER = (
    "网格编号",
    "网格名称",
    "覆盖社区",
    "监管小组",
    "人员",
    "经营主体",
    "配置提示",
)
MEMBER_HEADER = ("职务", "姓名", "性别", "工作单位", "联系电话", "执法证")
VOLUNTEER_HEADER = ("序号", "监管小组", "姓名", "性别", "所在社区/单位", "联系电话")
LINE = colors.HexColor("#555555")
HEAD_BG = colors.HexColor("#e8edf4")
WARN = colors.HexColor("#b00020")
MASKED_NOTE = "个人联系电话已脱敏处理"


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("cell", fontName=SANS, fontSize=8.5, leading=11, alignment=TA_LEFT)
    return {
        "cell": base,
        "head": ParagraphStyle("head", parent=base, alignment=TA_CENTER),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "warn": ParagraphStyle("warn", parent=base, textColor=WARN, fontSize=8, leading=10.5),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "title": ParagraphStyle(
            "title", fontName=SERIF_BOLD, fontSize=20, leading=28, alignment=TA_CENTER
        ),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=SERIF, fontSize=11, leading=16, alignment=TA_CENTER
        ),
        "h2": ParagraphStyle("h2", fontName=SERIF_BOLD, fontSize=14, leading=20),
        "body": ParagraphStyle("body", fontName=SERIF, fontSize=12, leading=20),
    }


def _esc(text: object) -> str:
    return (
        str(text if text is not None else "")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_esc(text).replace("\n", "<br/>"), style)


# -- 网格花名册 ------------------------------------------------------------------------------------
MEMBER_WIDTHS = [16 * mm, 17 * mm, 9 * mm, 34 * mm, 26 * mm, 36 * mm]  # 138 mm
GRID_WIDTHS = [15 * mm, 25 * mm, 28 * mm, 24 * mm, sum(MEMBER_WIDTHS), 14 * mm, 23 * mm]
VOLUNTEER_HALF = [10 * mm, 24 * mm, 18 * mm, 10 * mm, 42 * mm, 27 * mm]  # two people a row
VOLUNTEER_WIDTHS = [*VOLUNTEER_HALF, 5 * mm, *VOLUNTEER_HALF]


def _member_table(members: tuple[SheetMember, ...], st) -> Table | Paragraph:
    if not members:
        return _p("（无人员）", st["warn"])
    rows = [
        [
            _p(m.role, st["center"]),
            _p(m.name, st["cell"]),
            _p(m.gender, st["center"]),
            _p(m.organisation, st["cell"]),
            _p(m.phone, st["cell"]),
            _p(m.cert, st["small"]),
        ]
        for m in members
    ]
    table = Table(rows, colWidths=MEMBER_WIDTHS)
    table.setStyle(
        table_style(
            [
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.HexColor("#bbbbbb")),
                ("LINEAFTER", (0, 0), (-2, -1), 0.25, colors.HexColor("#bbbbbb")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _member_header(st) -> Table:
    table = Table([[_p(h, st["head"]) for h in MEMBER_HEADER]], colWidths=MEMBER_WIDTHS)
    table.setStyle(
        table_style(
            [
                ("LINEAFTER", (0, 0), (-2, -1), 0.25, colors.HexColor("#999999")),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _grid_table(sheet: RosterSheet, st) -> Table:
    header = [_p(h, st["head"]) for h in GRID_HEADER]
    header[4] = _member_header(st)
    rows = [header]
    for g in sheet.grids:
        entities = f"{g.entities}\nC/D {g.cd_entities}" if g.entities else "0"
        rows.append(
            [
                _p(g.code, st["center"]),
                _p(g.name, st["cell"]),
                _p(g.communities, st["cell"]),
                _p(g.supervision_group, st["cell"]),
                _member_table(g.members, st),
                _p(entities, st["center"]),
                _p(
                    "\n".join(g.warnings) if g.warnings else "符合",
                    st["warn" if g.warnings else "center"],
                ),
            ]
        )
    table = Table(rows, colWidths=GRID_WIDTHS, repeatRows=1)
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, LINE),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (4, 0), (4, -1), 0),
                ("RIGHTPADDING", (4, 0), (4, -1), 0),
                ("TOPPADDING", (4, 1), (4, -1), 0),
                ("BOTTOMPADDING", (4, 1), (4, -1), 0),
            ]
        )
    )
    return table


def _volunteer_cells(n: int, v, st) -> list:
    where = v.organisation + (f"（{v.grids}）" if v.grids else "")
    return [
        _p(n, st["center"]),
        _p(v.group, st["cell"]),
        _p(v.name, st["cell"]),
        _p(v.gender, st["center"]),
        _p(where, st["cell"]),
        _p(v.phone, st["cell"]),
    ]


def _volunteer_table(sheet: RosterSheet, st) -> Table:
    """Two volunteers a row (left half, gap, right half): ~100 rows for 200 people."""
    head = [_p(h, st["head"]) for h in VOLUNTEER_HEADER]
    rows = [[*head, "", *[_p(h, st["head"]) for h in VOLUNTEER_HEADER]]]
    people = list(sheet.volunteers)
    for i in range(0, len(people), 2):
        left = _volunteer_cells(i + 1, people[i], st)
        right = _volunteer_cells(i + 2, people[i + 1], st) if i + 1 < len(people) else [""] * 6
        rows.append([*left, "", *right])
    table = Table(rows, colWidths=VOLUNTEER_WIDTHS, repeatRows=1)
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (5, -1), 0.5, LINE),
                ("GRID", (7, 0), (-1, -1), 0.5, LINE),
                ("BACKGROUND", (0, 0), (5, 0), HEAD_BG),
                ("BACKGROUND", (7, 0), (-1, 0), HEAD_BG),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def build_roster_pdf(sheet: RosterSheet) -> bytes:
    """The 网格花名册 as PDF bytes."""
    import io

    st = _styles()
    page = landscape(A4)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=page,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=16 * mm,
        title=f"{sheet.station}{TITLE}",
        author=sheet.station,
        subject=TITLE,
    )
    people = len({(m.name, m.phone) for g in sheet.grids for m in g.members})
    out_of_rule = sum(1 for g in sheet.grids if g.warnings)
    story = [
        _p(TITLE, st["title"]),
        _p(
            f"{sheet.station}　统计日期：{sheet.on:%Y-%m-%d}　"
            f"共 {len(sheet.grids)} 个网格，网格在岗人员 {people} 人"
            + (f"，{out_of_rule} 个网格人员配置不符合规定" if out_of_rule else ""),
            st["subtitle"],
        ),
        Spacer(1, 4 * mm),
        _grid_table(sheet, st),
    ]
    if sheet.volunteers:
        story += [
            PageBreak(),
            KeepTogether(
                [
                    _p(
                        f"湾村明白人/志愿者名册（共 {len(sheet.volunteers)} 人，按监管小组）",
                        st["h2"],
                    ),
                    Spacer(1, 2 * mm),
                ]
            ),
            _volunteer_table(sheet, st),
        ]

    def draw(c: pdfcanvas.Canvas, number: int, total: int) -> None:
        width, height = page
        c.saveState()
        c.setFont(SANS, 9)
        c.setFillColor(colors.HexColor("#333333"))
        c.drawString(15 * mm, height - 12 * mm, f"{sheet.station} · {TITLE}")
        c.drawRightString(
            width - 15 * mm,
            height - 12 * mm,
            f"统计日期：{sheet.on:%Y-%m-%d}　打印日期：{sheet.printed_on:%Y-%m-%d}",
        )
        c.setStrokeColor(LINE)
        c.setLineWidth(0.5)
        c.line(15 * mm, height - 14 * mm, width - 15 * mm, height - 14 * mm)
        c.drawCentredString(width / 2, 8 * mm, page_label(number, total))
        if sheet.masked:
            c.setFont(SANS, 8)
            c.drawString(15 * mm, 8 * mm, MASKED_NOTE)
        c.restoreState()

    doc.build(story, canvasmaker=numbered_canvas(draw))
    return buf.getvalue()


def write_roster_pdf(sheet: RosterSheet, path: Path) -> Path:
    return _write(path, build_roster_pdf(sheet))


# -- 交接单 -----------------------------------------------------------------------------------------
def build_handover_pdf(sheet: HandoverSheet) -> bytes:
    """网格监管专员交接单, A4 portrait after GB/T 9704 margins."""
    import io

    st = _styles()
    body = st["body"]
    cell = ParagraphStyle("hcell", parent=body, fontSize=11, leading=16)
    label = ParagraphStyle("hlabel", parent=cell, alignment=TA_CENTER)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=30 * mm,
        bottomMargin=25 * mm,
        title=f"{sheet.grid_code} {HANDOVER_TITLE}",
        author=sheet.station,
    )
    width = A4[0] - 54 * mm
    members = (
        "\n".join(
            f"{m.role}　{m.name}　{m.phone}" + (f"（{m.since:%Y-%m-%d} 起）" if m.since else "")
            for m in sheet.members
        )
        or "（无）"
    )
    items = "\n".join(f"□ {item}" for item in sheet.items)
    entities = f"{sheet.entities} 户，其中 C/D 级重点监管对象 {sheet.cd_entities} 户"
    rows = [
        [_p("网格", label), _p(f"{sheet.grid_code}　{sheet.grid_name}", cell)],
        [_p("覆盖社区", label), _p(sheet.communities, cell)],
        [_p("监管小组", label), _p(sheet.supervision_group or "—", cell)],
        [_p("交接日期", label), _p(f"{sheet.handover_on:%Y年%m月%d日}", cell)],
        [
            _p("移交人\n（原监管专员）", label),
            _p(f"{sheet.outgoing or '（无）'}　{sheet.outgoing_phone}", cell),
        ],
        [
            _p("接收人\n（新监管专员）", label),
            _p(f"{sheet.incoming or '（未指定）'}　{sheet.incoming_phone}", cell),
        ],
        [_p("网格现有人员", label), _p(members, cell)],
        [_p("经营主体", label), _p(entities, cell)],
        [
            _p("配置情况", label),
            _p(
                "；".join(sheet.warnings)
                if sheet.warnings
                else "符合“1 名监管专员 + 2–3 名网格员”规定",
                cell,
            ),
        ],
        [_p("交接事项", label), _p(items, cell)],
        [_p("其他说明", label), _p("\n\n", cell)],
    ]
    table = Table(rows, colWidths=[32 * mm, width - 32 * mm])
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    gap = "&nbsp;" * 8
    day = f"日期：{gap}年{gap}月{gap}日"
    signs = Table(
        [
            [_p("移交人（签字）：", cell), _p("接收人（签字）：", cell)],
            [Paragraph(day, cell), Paragraph(day, cell)],
            [_p("监交人（所长签字）：", cell), _p(f"{sheet.station}（盖章）", cell)],
            [Paragraph(day, cell), _p("", cell)],
        ],
        colWidths=[width / 2, width / 2],
    )
    signs.setStyle(table_style([("TOPPADDING", (0, 0), (-1, -1), 9)]))
    story = [
        _p(HANDOVER_TITLE, ParagraphStyle("ht", parent=st["title"], fontSize=22, leading=32)),
        _p(sheet.station, st["subtitle"]),
        Spacer(1, 6 * mm),
        table,
        Spacer(1, 8 * mm),
        KeepTogether([signs]),
    ]

    def draw(c: pdfcanvas.Canvas, number: int, total: int) -> None:
        c.saveState()
        c.setFont(SANS, 9)
        c.drawCentredString(A4[0] / 2, 12 * mm, page_label(number, total))
        c.drawRightString(A4[0] - 26 * mm, A4[1] - 18 * mm, "一式三份：移交人、接收人、所各存一份")
        c.restoreState()

    doc.build(story, canvasmaker=numbered_canvas(draw))
    return buf.getvalue()


def write_handover_pdf(sheet: HandoverSheet, path: Path) -> Path:
    return _write(path, build_handover_pdf(sheet))


def _write(path: Path, data: bytes) -> Path:
    return write_private(path, data)
