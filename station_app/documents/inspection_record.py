"""现场检查笔录 of one visit on the official page frame (A4, embedded Noto Serif SC, 第 x
页 共 y 页, the 日志校验码): the entity, time and place, the inspectors with their 执法证号, the
present party, the checklist answers, the findings and what was ordered, then "以上笔录已阅，
与实际情况相符" with the party's and the inspectors' signature places.

Filled from a :class:`InspectionDoc` (no ORM, no patrol rules): any area that records an
on-site check can print it. Tables use a smaller size than the body so a 20-item checklist
fits on one or two pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from station_app.documents import official
from station_app.documents.fonts import SERIF, SERIF_BOLD, table_style
from station_app.documents.official import BLOCK_W, esc

TITLE = "现场检查笔录"
CELL_SIZE = 11
DATE_BLANK = "\u00a0" * 8 + "年" + "\u00a0" * 6 + "月" + "\u00a0" * 6 + "日"


@dataclass(frozen=True)
class InspectionAnswer:
    number: int
    text: str
    answer: str  # 是 / 否 / 不适用 / 未填
    note: str = ""


@dataclass(frozen=True)
class InspectionDoc:
    number: str  # the record's number as the station files it (巡查记录 12)
    party: str
    uscc: str
    address: str
    legal_rep: str
    time: str  # 2026年7月7日 9时30分
    place: str
    kind: str  # 现场检查 / 日常巡查 / 复查 …, with its source
    inspectors: tuple[str, ...]  # 张建华（执法证号 37090001）
    present: str  # the party's person present ("" — a blank line to fill by hand)
    checklist: str  # 餐饮服务检查表（第 1 版）
    answers: tuple[InspectionAnswer, ...]
    findings: tuple[str, ...]  # 1．灭火器过期（责令于 2026年7月17日前整改）
    result: str  # 未发现问题 / 发现问题 / 当场整改 / 闭门未遇
    note: str
    station: str


def _cell_styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    plain = ParagraphStyle(
        "cell", fontName=SERIF, fontSize=CELL_SIZE, leading=CELL_SIZE * 1.45, wordWrap="CJK"
    )
    return plain, ParagraphStyle("cell_bold", parent=plain, fontName=SERIF_BOLD)


def _grid(rows: list[list], widths: list[float], header: bool) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)))
    table.setStyle(table_style(commands))
    return table


def _facts(doc: InspectionDoc) -> Table:
    """The heading facts two to a row (label, value, label, value); long ones span the row."""
    plain, bold = _cell_styles()
    wide = [
        ("检查对象", doc.party),
        ("统一社会信用代码", doc.uscc or "—"),
        ("地址", doc.address or "—"),
        ("检查人员", "；".join(doc.inspectors) or "—"),
        ("检查表", doc.checklist or "—"),
    ]
    pairs = [
        ("法定代表人（负责人）", doc.legal_rep or "—"),
        ("在场当事人", doc.present or "＿＿＿＿＿＿"),
        ("检查时间", doc.time),
        ("检查类别", doc.kind),
    ]
    rows, spans = [], []
    for k, v in wide:
        rows.append([Paragraph(esc(k), bold), Paragraph(esc(v), plain), "", ""])
        spans.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
    for (k1, v1), (k2, v2) in zip(pairs[::2], pairs[1::2], strict=True):
        cells = (Paragraph(esc(k1), bold), Paragraph(esc(v1), plain))
        rows.append([*cells, Paragraph(esc(k2), bold), Paragraph(esc(v2), plain)])
    label, rest = 34 * mm, (BLOCK_W - 68 * mm) / 2
    table = _grid(rows, [label, rest, label, rest], header=False)
    table.setStyle(table_style(spans))
    return table


def _answers(doc: InspectionDoc) -> Table:
    plain, bold = _cell_styles()
    head = [Paragraph(t, bold) for t in ("序号", "检查内容", "结果", "说明")]
    rows = [head] + [
        [
            Paragraph(str(a.number), plain),
            Paragraph(esc(a.text), plain),
            Paragraph(esc(a.answer), plain),
            Paragraph(esc(a.note), plain),
        ]
        for a in doc.answers
    ]
    return _grid(rows, [12 * mm, 92 * mm, 16 * mm, BLOCK_W - 120 * mm], header=True)


def _story(doc: InspectionDoc) -> list:
    st = official.styles()
    small = ParagraphStyle("small", parent=st["hang"], fontSize=13, leading=21)
    story: list = [
        Paragraph(TITLE, st["title"]),
        Paragraph(esc(doc.number), st["number"]),
        _facts(doc),
        Spacer(1, 10),
        Paragraph("检查情况：", st["heading"]),
    ]
    if doc.answers:
        story.append(_answers(doc))
    else:
        story.append(Paragraph("本次未逐项填写检查表。", small))
    tail = [Spacer(1, 8), Paragraph(esc(f"检查结果：{doc.result}"), st["heading"])]
    tail += [Paragraph(esc(line), small) for line in doc.findings]
    if doc.note:
        tail.append(Paragraph(esc(f"备注：{doc.note}"), small))
    # the result and the signatures stay together: no page of signatures alone
    story.append(KeepTogether(tail + _signatures(st)))
    return story


def _signatures(st) -> list:
    return [
        Spacer(1, 10),
        Paragraph("以上笔录已阅，与实际情况相符。", st["sign"]),
        Paragraph(f"当事人（在场人员）签名：＿＿＿＿＿＿＿＿{DATE_BLANK}", st["sign"]),
        Paragraph(f"检查人员签名：＿＿＿＿＿＿　＿＿＿＿＿＿{DATE_BLANK}", st["sign"]),
        Paragraph("记录人签名：＿＿＿＿＿＿", st["sign"]),
    ]


def write_inspection(path: Path, docs: list[InspectionDoc]) -> Path:
    """Each record's 笔录 (numbered on its own: 第 x 页 共 y 页) into one PDF at ``path``."""
    copies = [official.Copy("", _story(d)) for d in docs]
    return official.build(path, copies, title=TITLE)
