"""工单处理单 (A4, #14): the order, its clocks with due and status, its timeline, the lead of a
重办, and the places for both signatures (承办专员 and 上报网格员/审核人). The payload is plain
data built by the service; a 举报's reporter is never in it (FACTS §2.8: 举报人信息保密).
Embedded Noto fonts, 第 x 页 共 y 页 and the 日志校验码 come from ``documents.official``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from station_app.documents import official
from station_app.documents.fonts import SERIF, SERIF_BOLD, table_style

TITLE = "工单处理单"
CELL = 10.5


def _styles() -> dict[str, ParagraphStyle]:
    st = official.styles()
    cell = ParagraphStyle(
        "cell", fontName=SERIF, fontSize=CELL, leading=CELL * 1.45, wordWrap="CJK"
    )
    head = ParagraphStyle("cellhead", parent=cell, fontName=SERIF_BOLD)
    section = ParagraphStyle(
        "section", fontName=SERIF_BOLD, fontSize=12, leading=20, spaceBefore=6, spaceAfter=2
    )
    return {**st, "cell": cell, "cellhead": head, "section": section}


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(official.esc(text if text not in (None, "") else "—"), style)


def _grid(rows: list[list[Any]], widths: list[float], st, *, header: bool) -> Table:
    cells = [
        [_p(c, st["cellhead"] if header and r == 0 else st["cell"]) for c in row]
        for r, row in enumerate(rows)
    ]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    table.setStyle(table_style(style))
    return table


def _facts(p: dict[str, Any], st) -> Table:
    w = official.BLOCK_W
    rows = [
        ["工单编号", p["number"], "类型", p["kind"]],
        ["受理时间", p["received_at"], "来源", p["channel"]],
        ["平台工单编号", p["platform_no"], "问题类别", p["category"]],
        ["对象", p["subject"], "网格", p["grid"]],
        ["地址", p["address"], "承办人", p["assignee"]],
        ["诉求人", p["requester"], "状态", p["state"]],
        ["重办次数", str(p["rework"]), "牵头", p["lead"]],
    ]
    table = _grid(rows, [0.16 * w, 0.34 * w, 0.14 * w, 0.36 * w], st, header=False)
    content = _grid([["诉求内容", p["text"]]], [0.16 * w, 0.84 * w], st, header=False)
    return Table([[table], [content]], colWidths=[w], style=table_style([("LEFTPADDING", (0, 0), (-1, -1), 0),
                 ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip


def _signatures(p: dict[str, Any], st) -> Table:
    w = official.BLOCK_W
    rows = [[f"{side}（签字）：{name}" if name else f"{side}（签字）：", f"日期：{at}"]
            for side, name, at in p["signatures"]]  # fmt: skip
    cells = [[_p(a, st["sign"]), _p(b, st["sign"])] for a, b in rows]
    table = Table(cells, colWidths=[0.62 * w, 0.38 * w], rowHeights=[16 * mm] * len(cells))
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return table


def order_story(p: dict[str, Any]) -> list:
    st = _styles()
    w = official.BLOCK_W
    story: list = [
        Paragraph(official.esc(p["station"]), st["number"]),
        Paragraph(TITLE, st["title"]),
        Spacer(1, 2 * mm),
        _facts(p, st),
        Paragraph("时限", st["section"]),
        _grid(
            [["时限", "期限", "完成时间", "状态"], *p["clocks"]],
            [0.2 * w, 0.28 * w, 0.28 * w, 0.24 * w],
            st,
            header=True,
        ),
        Paragraph("流转记录", st["section"]),
        _grid(
            [["时间", "步骤", "操作人", "说明"], *p["timeline"]],
            [0.24 * w, 0.14 * w, 0.16 * w, 0.46 * w],
            st,
            header=True,
        ),
        Paragraph("处置结果确认", st["section"]),
        _signatures(p, st),
    ]
    return story


def write_order_pdf(payload: dict[str, Any], path: Path) -> Path:
    """Write the 工单处理单 of ``payload`` (see ``services.orders.prints``) to ``path``."""
    copy = official.Copy("", order_story(payload))
    return official.build(Path(path), [copy], title=f"{TITLE} {payload['number']}")


SUPERVISION_TITLE = "督办通知单"


def supervision_story(p: dict[str, Any]) -> list:
    """督办通知单: the number 〔年〕N号, the order, which deadlines passed and by how much, the
    station's and the community's supervisors (双督办) and when to reply."""
    st = _styles()
    w = official.BLOCK_W
    body = st["body"]
    story: list = [
        Paragraph(official.esc(p["station"]), st["number"]),
        Paragraph(SUPERVISION_TITLE, st["title"]),
        Paragraph(official.esc(p["doc_number"]), st["number"]),
        Paragraph(official.esc(f"{p['assignee'] or '承办人'}："), st["flush"]),
        Paragraph(
            official.esc(
                f"你承办的工单 {p['number']}（{p['kind']}，受理时间 {p['received_at']}）"
                f"已超过办理时限，现予{p['level']}。请抓紧办理，并于 {p['reply_by']} 前反馈办理情况。"
            ),
            body,
        ),
        _grid(
            [["时限", "期限", "状态", "超时"], *p["breaches"]],
            [0.22 * w, 0.3 * w, 0.2 * w, 0.28 * w],
            st,
            header=True,
        ),
        Spacer(1, 3 * mm),
        _grid(
            [["对象", p["subject"]], ["诉求内容", p["text"]], ["备注", p["note"]]],
            [0.18 * w, 0.82 * w],
            st,
            header=False,
        ),
        Spacer(1, 6 * mm),
        _signatures(
            {
                "signatures": [
                    ("所方督办人", p["station_side"], p["at"]),
                    ("社区方督办人", p["community_side"], p["at"]),
                ]
            },
            st,
        ),
    ]
    return story


def write_supervision_pdf(payload: dict[str, Any], path: Path) -> Path:
    copy = official.Copy("", supervision_story(payload))
    return official.build(Path(path), [copy], title=f"{SUPERVISION_TITLE} {payload['doc_number']}")


def report_notice_story(p: dict[str, Any]) -> list:
    """举报立案告知书 / 举报不予立案告知书 (文书式样十、十一), addressed to the real-name reporter:
    the only print that names them (FACTS §2.8); it never goes to the reported party."""
    st = _styles()
    filed = p["decision"] == "立案"
    result = "决定立案调查" if filed else f"决定不予立案。理由：{p['reason'] or '—'}"
    story: list = [
        Paragraph(official.esc(p["station"]), st["number"]),
        Paragraph(official.esc(p["title"]), st["title"]),
        Paragraph(official.esc(p["doc_number"]), st["number"]),
        Paragraph(official.esc(f"{p['reporter']}："), st["flush"]),
        Paragraph(
            official.esc(
                f"你于 {p['received_on']} 通过{p['channel']}（平台工单编号 {p['platform_no']}）"
                f"举报{p['subject'] or '有关经营者'}涉嫌违法的行为。本所经核查，于 {p['decided_on']} {result}。"
                "对你的举报信息，我们依法予以保密。"
            ),
            st["body"],
        ),
        Paragraph("特此告知。", st["body"]),
        Spacer(1, 18 * mm),
        Paragraph(official.esc(p["station"]), st["right"]),
        Paragraph(official.esc(p["date"]), st["right"]),
    ]
    return story


def write_report_notice_pdf(payload: dict[str, Any], path: Path) -> Path:
    copy = official.Copy("", report_notice_story(payload))
    return official.build(Path(path), [copy], title=f"{payload['title']} {payload['doc_number']}")


REPORT_FORM_TITLE = "举报登记表"
CONFIDENTIAL_MARK = "内部资料　举报人信息保密"


def report_form_story(p: dict[str, Any]) -> list:
    """举报登记表 (文书式样二): internal only. The reporter's name (their phone masked) is on it,
    so it carries 内部资料 举报人信息保密 above the title and is never handed to the reported
    party (FACTS §2.8)."""
    st = _styles()
    w = official.BLOCK_W
    widths = [0.16 * w, 0.34 * w, 0.16 * w, 0.34 * w]
    facts = [
        ["工单编号", p["number"], "平台工单编号", p["platform_no"]],
        ["登记时间", p["received_at"], "举报渠道", p["channel"]],
        ["举报人", p["reporter"], "联系电话", p["phone"]],
        ["是否实名", p["real_name"], "问题类别", p["category"]],
        ["被举报人", p["subject"], "地址", p["address"]],
    ]
    handling = [
        ["承办人", p["assignee"], "状态", p["state"]],
        ["核查时限", p["check_due"], "延期", p["extended"]],
        ["处理决定", p["decision"], "决定时间", p["decided_at"]],
        ["告知举报人", p["notice"], "", ""],
    ]
    story: list = [
        Paragraph(official.esc(CONFIDENTIAL_MARK), st["section"]),
        Paragraph(official.esc(p["station"]), st["number"]),
        Paragraph(REPORT_FORM_TITLE, st["title"]),
        Spacer(1, 2 * mm),
        _grid(facts, widths, st, header=False),
        _grid([["举报内容", p["text"]]], [0.16 * w, 0.84 * w], st, header=False),
        Paragraph("核查与处理", st["section"]),
        _grid(handling, widths, st, header=False),
        _grid([["理由或说明", p["reason"]]], [0.16 * w, 0.84 * w], st, header=False),
        Spacer(1, 4 * mm),
        _signatures(
            {"signatures": [("登记人", "", ""), ("承办人", "", ""), ("负责人意见", "", "")]}, st
        ),
    ]
    return story


def write_report_form_pdf(payload: dict[str, Any], path: Path) -> Path:
    copy = official.Copy("", report_form_story(payload))
    return official.build(Path(path), [copy], title=f"{REPORT_FORM_TITLE} {payload['number']}")
