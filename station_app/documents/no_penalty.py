"""不予行政处罚决定书 on the official page (GB/T 9704, embedded Noto Serif SC), 一式两份
(当事人联, 存档联): the party (name, USCC, address, 法定代表人/经营者 — no phone, no ID number),
the facts, the rectification, the provision broken and its 处罚依据, the ground and the list
item, the decision, the education given, the remedy, the bureau, the date and the seal place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Paragraph, Spacer

from station_app.documents import official
from station_app.documents.official import esc

COPIES = ("当事人联", "存档联")


@dataclass(frozen=True)
class NoPenaltyDoc:
    number: str
    party: str
    uscc: str
    address: str
    legal_rep: str
    facts: str  # 经查…: found day, source, what
    rectification: str
    provision: str
    basis: str
    ground: str  # the clause of 行政处罚法 and the list item
    education: str
    bureau: str
    decided_on: str  # 2026年11月10日


def _story(doc: NoPenaltyDoc) -> list:
    st = official.styles()
    para = [
        Paragraph("不予行政处罚决定书", st["title"]),
        Paragraph(esc(doc.number), st["number"]),
        Paragraph(esc(f"当事人：{doc.party}"), st["hang"]),
        Paragraph(esc(f"统一社会信用代码：{doc.uscc or '—'}"), st["hang"]),
        Paragraph(esc(f"住所（经营场所）：{doc.address or '—'}"), st["hang"]),
        Paragraph(esc(f"法定代表人（经营者）：{doc.legal_rep or '—'}"), st["hang"]),
        Spacer(1, 8),
        Paragraph(esc(doc.facts), st["body"]),
        Paragraph(esc(doc.rectification), st["body"]),
        Paragraph(
            esc(
                f"当事人的上述行为违反了{doc.provision or '相关规定'}，"
                f"依据{doc.basis or '相关规定'}应予处理。"
            ),
            st["body"],
        ),
        Paragraph(esc(doc.ground), st["body"]),
        Paragraph(esc(doc.education), st["body"]),
        Paragraph(
            esc(
                "当事人如对本决定不服，可以在收到本决定书之日起六十日内依法申请行政复议，"
                "或者在六个月内依法向人民法院提起行政诉讼。"
            ),
            st["body"],
        ),
        Spacer(1, 28),
        Paragraph(esc(doc.bureau), st["sign_right"]),
        Paragraph("（印章）", st["sign_right"]),
        Paragraph(esc(doc.decided_on), st["sign_right"]),
    ]
    return para


def write_no_penalty(path: Path, docs: list[NoPenaltyDoc]) -> Path:
    copies = [official.Copy(label, _story(d)) for d in docs for label in COPIES]
    return official.build(path, copies, title="不予行政处罚决定书")
