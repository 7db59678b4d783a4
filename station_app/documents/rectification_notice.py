"""责令改正通知书 on the official page (GB/T 9704, embedded Noto Serif SC), 一式两份
(当事人联, 存档联), numbered ``〔年〕N号`` from the shared ``doc_counter``.

The document knows nothing of patrols: any area that orders a party to correct something
(a patrol's hazards, a violation found on a visit) fills a :class:`NoticeDoc` — the party,
how the problems were found, the problems with their deadlines, the legal basis, the
re-check date — and calls :func:`write_notices`. The party is addressed by name, USCC,
address and 法定代表人（负责人）; no phone or ID number is printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from station_app.documents import official
from station_app.documents.fonts import table_style
from station_app.documents.official import BLOCK_W, esc

TITLE = "责令改正通知书"
COPIES = ("当事人联", "存档联")
DATE_BLANK = "\u00a0" * 8 + "年" + "\u00a0" * 6 + "月" + "\u00a0" * 6 + "日"


@dataclass(frozen=True)
class NoticeItem:
    """One problem to correct: what (as the party should read it) and by when."""

    text: str
    deadline: str  # 2026年7月17日


@dataclass(frozen=True)
class NoticeDoc:
    number: str  # 东市监责改〔2026〕3号
    party: str
    uscc: str
    address: str
    legal_rep: str
    found: str  # 2026年7月7日，本机关执法人员在现场检查中发现你（单位）存在下列问题：
    items: tuple[NoticeItem, ...]
    basis: str  # the provisions cited
    deadline: str  # the latest deadline, 2026年7月17日
    recheck: str  # the re-check day, 2026年7月17日 ("" when none is planned)
    consequence: str
    bureau: str  # who issues it (the county bureau, else the station)
    issued_on: str  # 2026年7月8日
    officers: tuple[str, ...] = ()  # 执法人员 (name 执法证号), printed above their signatures


def _items(doc: NoticeDoc, st) -> list:
    single = len({i.deadline for i in doc.items}) == 1
    out = []
    for n, item in enumerate(doc.items, 1):
        tail = "" if single else f"（限 {item.deadline} 前改正）"
        out.append(Paragraph(esc(f"{n}．{item.text}{tail}"), st["body"]))
    return out


def _order(doc: NoticeDoc) -> str:
    when = f"于{doc.deadline}前" if len({i.deadline for i in doc.items}) == 1 else "在上列期限内"
    text = f"依据{doc.basis}的规定，现责令你（单位）{when}改正上述问题，并将改正情况报告本机关。"
    if doc.recheck:
        text += f"本机关将于{doc.recheck}起进行复查。"
    return text


def _signatures(doc: NoticeDoc, st) -> list:
    """The officers (printed, then their signatures) beside the issuer, its seal and date;
    the party's receipt under them: one block that stays together."""
    small = ParagraphStyle("notice_small", parent=st["sign"], fontSize=13, leading=18)
    officers = "、".join(doc.officers)
    left = [
        Paragraph(esc(f"执法人员：{officers}") if officers else "执法人员：", small),
        Paragraph("签名：＿＿＿＿＿＿　＿＿＿＿＿＿", st["sign"]),
        Paragraph("被通知人签收：＿＿＿＿＿＿", st["sign"]),
        Paragraph(f"签收日期：{DATE_BLANK}", st["sign"]),
    ]
    right = [
        Paragraph(esc(doc.bureau), st["sign_right"]),
        Paragraph("（印章）", st["sign_right"]),
        Paragraph(esc(doc.issued_on), st["sign_right"]),
    ]
    table = Table([[left, right]], colWidths=[BLOCK_W * 0.58, BLOCK_W * 0.42])
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))  # fmt: skip
    return [table]


def _story(doc: NoticeDoc) -> list:
    st = official.styles()
    head = [
        Paragraph(TITLE, st["title"]),
        Paragraph(esc(doc.number), st["number"]),
        Paragraph(esc(f"{doc.party}："), st["flush"]),
        Paragraph(esc(f"统一社会信用代码：{doc.uscc or '—'}"), st["hang"]),
        Paragraph(esc(f"住所（经营场所）：{doc.address or '—'}"), st["hang"]),
        Paragraph(esc(f"法定代表人（负责人）：{doc.legal_rep or '—'}"), st["hang"]),
        Spacer(1, 8),
        Paragraph(esc(doc.found), st["body"]),
    ]
    order = Paragraph(esc(_order(doc)), st["body"])
    # the last paragraph goes with the signatures: a signature page never stands without text
    closing = KeepTogether([Paragraph(esc(doc.consequence), st["body"]), *_signatures(doc, st)])
    return [*head, *_items(doc, st), order, closing]


def write_notices(path: Path, docs: Sequence[NoticeDoc]) -> Path:
    """Each notice in its two copies, one after another, into one PDF at ``path``."""
    copies = [official.Copy(label, _story(d)) for d in docs for label in COPIES]
    return official.build(path, copies, title=TITLE)
