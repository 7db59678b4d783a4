"""行政指导书 (柔性指导) on the official page (GB/T 9704, embedded Noto Serif SC), 一式两份
(当事人联, 存档联): to the entity (name, USCC, address — no phone, no ID number), the matters
found, the advice numbered, the basis, the reply-by day, the note that guidance is advice and
not a penalty, the station and date with the seal place, and the receipt (签收) the party signs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import KeepTogether, Paragraph, Spacer

from station_app.documents import official
from station_app.documents.official import esc

COPIES = ("当事人联", "存档联")
FOUND = "经检查，本机关发现你（单位）存在以下问题："
RECEIPT = "当事人（签收）：______________　　签收日期：________年____月____日"
NOT_A_PENALTY = (
    "本指导书是本机关依法作出的行政指导，不具有强制力，不属于行政处罚。"
    "请按照上述意见自查自纠、规范经营。拒不改正并构成违法的，本机关将依法处理。"
)


@dataclass(frozen=True)
class GuidanceDoc:
    number: str  # 东市监城指〔2026〕3号
    party: str
    uscc: str
    address: str
    matters: str  # 经检查（走访）发现… as entered
    advice: tuple[str, ...]
    basis: str
    reply_by: str  # 2026年12月10日, or ""
    bureau: str
    issued_on: str  # 2026年11月20日


def _story(doc: GuidanceDoc) -> list:
    st = official.styles()
    out = [
        Paragraph("行政指导书", st["title"]),
        Paragraph(esc(doc.number), st["number"]),
        Paragraph(esc(f"{doc.party}："), st["flush"]),
        Paragraph(esc(f"统一社会信用代码：{doc.uscc or '—'}"), st["hang"]),
        Paragraph(esc(f"住所（经营场所）：{doc.address or '—'}"), st["hang"]),
        Spacer(1, 6),
        Paragraph(esc(FOUND + _sentence(doc.matters)), st["body"]),
        Paragraph(
            esc(f"依据{doc.basis}，" if doc.basis else "") + "本机关提出以下指导意见：", st["body"]
        ),
    ]
    out += [Paragraph(esc(f"{n}. {a}"), st["body"]) for n, a in enumerate(doc.advice, 1)]
    if doc.reply_by:
        out.append(
            Paragraph(
                esc(f"请于{doc.reply_by}前将落实情况书面反馈本机关。"),
                st["body"],
            )
        )
    # the last paragraph, the signature and the receipt stay together: never a page with only
    # the seal and the date on it (GB/T 9704 §7.3.5), nor a receipt alone
    out.append(
        KeepTogether([
            Paragraph(esc(NOT_A_PENALTY), st["body"]),
            Spacer(1, 8),
            Paragraph(esc(doc.bureau), st["sign_right"]),
            Paragraph("（印章）", st["sign_right"]),
            Paragraph(esc(doc.issued_on), st["sign_right"]),
            Spacer(1, 6),
            Paragraph(RECEIPT, st["note"]),
        ])
    )  # fmt: skip
    return out


def _sentence(text: str) -> str:
    """The matters as one sentence ending in a full stop."""
    text = text.strip()
    return text if text[-1:] in "。！？；" else text + "。"


def write_guidance(path: Path, docs: list[GuidanceDoc]) -> Path:
    copies = [official.Copy(label, _story(d)) for d in docs for label in COPIES]
    return official.build(path, copies, title="行政指导书")
