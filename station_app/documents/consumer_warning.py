"""消费警示 as an A4 notice on the official page (GB/T 9704 margins, embedded Noto Serif SC):
the heading, the title, the text in paragraphs, the topic, the station, 12315, the day
published and the channels. No personal data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Paragraph, Spacer

from station_app.documents import official
from station_app.documents.official import esc


@dataclass(frozen=True)
class WarningDoc:
    number: str
    title: str
    paragraphs: tuple[str, ...]
    topic: str
    season: str
    station: str
    bureau: str
    published_on: str  # 2026年12月1日
    channels: str


def write_warning(path: Path, doc: WarningDoc) -> Path:
    st = official.styles()
    story = [
        Paragraph("消 费 警 示", st["title"]),
        Paragraph(esc(doc.number), st["number"]),
        Paragraph(esc(doc.title), st["heading"]),
        Spacer(1, 6),
        *(Paragraph(esc(p), st["body"]) for p in doc.paragraphs),
        Spacer(1, 12),
        Paragraph(
            esc(f"警示主题：{doc.topic}" + (f"（{doc.season}）" if doc.season else "")), st["flush"]
        ),
        Paragraph(
            "消费者如遇消费纠纷，可拨打 12315 热线或登录全国 12315 平台投诉举报。", st["flush"]
        ),
        Paragraph(esc(f"发布渠道：{doc.channels}"), st["flush"]),
        Spacer(1, 24),
        Paragraph(esc(doc.bureau or doc.station), st["sign_right"]),
        Paragraph(esc(doc.station if doc.bureau else ""), st["sign_right"]),
        Paragraph(esc(doc.published_on), st["sign_right"]),
    ]
    return official.build(path, [official.Copy("", story)], title=doc.title, author=doc.station)
