"""Outreach (普法宣传), consumer warnings (消费警示), administrative interviews (行政约谈) and
guidance (行政指导). Pure, no I/O.

Outreach events are counted by heads, never named (a live stream's views, leaflets handed
out, residents reached), beside the roster's named trainings (STATIONS.md §1: Feicheng's 6
live streams with 50,000+ views and 2,100+ leaflets). A consumer warning is written, then
published on a day through channels and printed as an A4 notice (§3: Jiyang's seasonal
warnings). An interview (行政约谈) records who was talked to, when, by whom, about what, and
what they committed to; a guidance (行政指导书 / 柔性指导) tells an entity what was found and how
to put it right — not a penalty (容错纠错).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from station_app.domain.periods import SHANGHAI
from station_app.domain.text import normalize_spaces, to_halfwidth
from station_app.errors import ValidationError

# -- outreach events --------------------------------------------------------------------------
LIVE, COMMUNITY, THEME_DAY, LECTURE, OTHER = "live", "community", "theme_day", "lecture", "other"
EVENT_KINDS: dict[str, str] = {
    LIVE: "直播普法",
    COMMUNITY: "安全进社区",
    THEME_DAY: "主题宣传日",
    LECTURE: "讲座宣讲",
    OTHER: "其他宣传",
}
_EVENT_ALIASES = {
    "直播": LIVE,
    "网络直播": LIVE,
    "进社区": COMMUNITY,
    "社区": COMMUNITY,
    "主题日": THEME_DAY,
    "宣传日": THEME_DAY,
    "讲座": LECTURE,
    "宣讲": LECTURE,
    "其他": OTHER,
}
THEME_DAYS = ("3·15 国际消费者权益日", "食品安全宣传周", "质量月", "知识产权宣传周", "计量日")
MAX_COUNT = 100_000_000


def parse_event_kind(text: str) -> str:
    code = _lookup(text, EVENT_KINDS, _EVENT_ALIASES)
    if code is None:
        raise ValidationError(
            f"宣传活动类型“{text}”不认识。可填：直播、安全进社区、主题日、讲座、其他。",
            field="kind",
        )
    return code


@dataclass(frozen=True)
class EventDraft:
    """An outreach event: counts are whole numbers ≥ 0 (``None``: not counted)."""

    kind: str
    title: str
    held_on: date
    place: str = ""
    grid_id: int | None = None
    organiser: str = ""
    participants: int | None = None
    views: int | None = None
    materials: int | None = None
    reached: int | None = None
    note: str = ""


COUNT_LABELS = {
    "participants": "参与人数",
    "views": "观看人次",
    "materials": "发放资料（份）",
    "reached": "覆盖群众（人）",
}


def check_event(d: EventDraft, today: date) -> EventDraft:
    """An event checked: known kind, a title, held not in the future, counts whole and ≥ 0; a
    live stream counts its views, any other event at least one head count."""
    if d.kind not in EVENT_KINDS:
        raise ValidationError(f"宣传活动类型“{d.kind}”不认识。", field="kind")
    title = normalize_spaces(d.title or "").strip()
    if not title:
        raise ValidationError("请填写活动名称，例如“3·15 消费维权直播”。", field="title")
    if len(title) > 100:
        raise ValidationError("活动名称不超过 100 个字。", field="title")
    if d.held_on > today:
        raise ValidationError(
            f"活动日期 {d.held_on.isoformat()} 晚于今天，请活动后再登记。", field="held_on"
        )
    for key, label in COUNT_LABELS.items():
        value = getattr(d, key)
        if value is not None and (isinstance(value, bool) or not 0 <= value <= MAX_COUNT):
            raise ValidationError(f"{label}须为 0 以上的整数（填的是 {value}）。", field=key)
    if d.kind == LIVE and not d.views:
        raise ValidationError("直播普法请填写观看人次（--views）。", field="views")
    if d.kind != LIVE and not any(getattr(d, k) for k in ("participants", "materials", "reached")):
        raise ValidationError(
            "请至少填写参与人数、发放资料份数或覆盖群众人数中的一项。", field="participants"
        )
    return replace(
        d,
        title=title,
        place=normalize_spaces(d.place or "").strip(),
        organiser=normalize_spaces(d.organiser or "").strip(),
        note=(d.note or "").strip(),
    )


def parse_count(text: str | int | None, label: str) -> int | None:
    """A head count as typed (``50,000``, ``5万``) → int; empty → ``None``."""
    if text is None or isinstance(text, int):
        return text
    raw = to_halfwidth(str(text)).strip().replace(",", "").replace("，", "")
    if not raw:
        return None
    scale = 1
    if raw.endswith("万"):
        raw, scale = raw[:-1], 10_000
    try:
        value = float(raw) * scale
    except ValueError:
        raise ValidationError(f"{label}“{text}”不是数字。", field="count") from None
    if value < 0 or not value.is_integer():
        raise ValidationError(f"{label}“{text}”须为 0 以上的整数。", field="count")
    return int(value)


# -- consumer warnings --------------------------------------------------------------------------
PREPAID, HOME_LIFT, SEASONAL_FOOD, ELDERLY_HEALTH, OTHER_TOPIC = (
    "prepaid",
    "home_lift",
    "seasonal_food",
    "elderly_health",
    "other",
)
WARNING_TOPICS: dict[str, str] = {
    PREPAID: "预付卡消费",
    HOME_LIFT: "家用电梯",
    SEASONAL_FOOD: "节令食品",
    ELDERLY_HEALTH: "老年人保健品",
    OTHER_TOPIC: "其他",
}
_TOPIC_ALIASES = {
    "预付卡": PREPAID,
    "电梯": HOME_LIFT,
    "节令": SEASONAL_FOOD,
    "保健品": ELDERLY_HEALTH,
}
WECHAT, MOMENTS, SCREEN, POSTER, SMS = "wechat", "moments", "screen", "poster", "sms"
CHANNELS: dict[str, str] = {
    WECHAT: "公众号",
    MOMENTS: "朋友圈",
    SCREEN: "社区屏",
    POSTER: "张贴",
    SMS: "短信",
}
_CHANNEL_ALIASES = {"微信公众号": WECHAT, "微信": WECHAT, "社区大屏": SCREEN, "电子屏": SCREEN}
SEASONS = ("春节", "元宵", "清明", "五一", "端午", "暑期", "中秋", "国庆", "冬季")
MAX_WARNING_TEXT = 5000


def parse_warning_topic(text: str) -> str:
    code = _lookup(text, WARNING_TOPICS, _TOPIC_ALIASES)
    if code is None:
        raise ValidationError(
            f"警示主题“{text}”不认识。可填：{'、'.join(WARNING_TOPICS.values())}。", field="topic"
        )
    return code


def parse_channels(values: str | Iterable[str]) -> tuple[str, ...]:
    """Channels typed as labels or codes (one each, or several separated by 、/，) → codes in
    canonical order."""
    codes = set()
    for word in _split(values):
        code = _lookup(word, CHANNELS, _CHANNEL_ALIASES)
        if code is None:
            raise ValidationError(
                f"发布渠道“{word}”不认识。可填：{'、'.join(CHANNELS.values())}。", field="channels"
            )
        codes.add(code)
    return tuple(c for c in CHANNELS if c in codes)


def channels_text(codes: Iterable[str]) -> str:
    wanted = set(codes)
    return " ".join(c for c in CHANNELS if c in wanted)


def channel_labels(stored: str | Iterable[str]) -> str:
    codes = stored.split() if isinstance(stored, str) else list(stored)
    return "、".join(CHANNELS[c] for c in CHANNELS if c in set(codes))


@dataclass(frozen=True)
class WarningDraft:
    title: str
    text: str
    topic: str
    season: str = ""
    channels: tuple[str, ...] = ()


def check_warning(d: WarningDraft) -> WarningDraft:
    """A warning: a title (≤ 60), a text of at least 20 characters (≤ 5,000), a known topic
    and known channels; the season is free text (春节, 中秋 …)."""
    title = normalize_spaces(d.title or "").strip()
    if not title:
        raise ValidationError("请填写警示标题，例如“关于预付式消费的消费警示”。", field="title")
    if len(title) > 60:
        raise ValidationError("警示标题不超过 60 个字。", field="title")
    text = _paragraphs(d.text or "")
    if len(text) < 20:
        raise ValidationError("警示正文太短（至少 20 个字），请写明风险和提示。", field="text")
    if len(text) > MAX_WARNING_TEXT:
        raise ValidationError(f"警示正文不超过 {MAX_WARNING_TEXT} 字。", field="text")
    if d.topic not in WARNING_TOPICS:
        raise ValidationError(f"警示主题“{d.topic}”不认识。", field="topic")
    unknown = [c for c in d.channels if c not in CHANNELS]
    if unknown:
        raise ValidationError(f"发布渠道“{unknown[0]}”不认识。", field="channels")
    season = normalize_spaces(d.season or "").strip()
    if len(season) > 20:
        raise ValidationError("节令不超过 20 个字。", field="season")
    channels = tuple(c for c in CHANNELS if c in set(d.channels))
    return WarningDraft(title, text, d.topic, season, channels)


def check_publish(channels: Sequence[str], on: date, today: date) -> tuple[str, ...]:
    """Publishing needs at least one channel and a day not in the future."""
    if not channels:
        raise ValidationError(
            f"请至少选择一个发布渠道：{'、'.join(CHANNELS.values())}。", field="channels"
        )
    if on > today:
        raise ValidationError(f"发布日期 {on.isoformat()} 晚于今天。", field="published_on")
    return tuple(c for c in CHANNELS if c in set(channels))


def paragraphs(text: str) -> list[str]:
    """The text of a notice as paragraphs (blank lines and single line breaks both split)."""
    return [p for p in (line.strip() for line in (text or "").splitlines()) if p]


def _paragraphs(text: str) -> str:
    return "\n".join(paragraphs(text))


# -- interviews (行政约谈) ---------------------------------------------------------------------
@dataclass(frozen=True)
class Interviewee:
    name: str
    position: str = ""

    def label(self) -> str:
        return f"{self.name}（{self.position}）" if self.position else self.name


def parse_interviewee(text: str) -> Interviewee:
    """``张三（店长）`` / ``张三:店长`` / ``张三`` → name and position."""
    raw = normalize_spaces(to_halfwidth(text or "")).strip()
    match = re.match(r"^(.+?)\s*(?:[(（]\s*(.+?)\s*[)）]|[:：]\s*(.+))$", raw)
    if match:
        return Interviewee(match.group(1).strip(), (match.group(2) or match.group(3)).strip())
    return Interviewee(raw)


@dataclass(frozen=True)
class InterviewDraft:
    entity_id: int
    at: datetime
    topic: str
    interviewees: tuple[Interviewee, ...]
    interviewers: tuple[str, ...]
    commitments: tuple[str, ...] = ()
    place: str = ""
    content: str = ""
    follow_up_on: date | None = None


def check_interview(d: InterviewDraft, now: datetime) -> InterviewDraft:
    """An interview: aware time not in the future, a topic, at least one interviewee with a
    name and at least one interviewer, nobody twice, commitments without blanks, the follow-up
    not before the interview."""
    if d.at.tzinfo is None:
        raise ValidationError("约谈时间须带时区（北京时间）。", field="at")
    if d.at > now + timedelta(minutes=5):
        raise ValidationError("约谈时间晚于现在。", field="at")
    topic = normalize_spaces(d.topic or "").strip()
    if not topic:
        raise ValidationError("请填写约谈事由，例如“预付卡经营风险”。", field="topic")
    people = tuple(Interviewee(p.name.strip(), p.position.strip()) for p in d.interviewees)
    if not people or any(not p.name for p in people):
        raise ValidationError("请填写被约谈人姓名（及职务）。", field="interviewees")
    interviewers = tuple(n.strip() for n in d.interviewers if n.strip())
    if not interviewers:
        raise ValidationError("请填写约谈人（本所参加约谈的人员）。", field="interviewers")
    if len(set(interviewers)) != len(interviewers):
        raise ValidationError("约谈人中有重复的人员。", field="interviewers")
    commitments = tuple(c.strip() for c in d.commitments if c.strip())
    day = d.at.astimezone(SHANGHAI).date()
    if d.follow_up_on is not None and d.follow_up_on < day:
        raise ValidationError("回访核查日期早于约谈日期。", field="follow_up_on")
    return replace(
        d,
        topic=topic,
        interviewees=people,
        interviewers=interviewers,
        commitments=commitments,
        place=normalize_spaces(d.place or "").strip(),
        content=(d.content or "").strip(),
    )


# -- guidance (行政指导书) -----------------------------------------------------------------------
GUIDANCE_MARK = "指"
GUIDANCE_COUNTER = "xzzd"
WARNING_MARK = "消示"
WARNING_COUNTER = "xfjs"


@dataclass(frozen=True)
class GuidanceDraft:
    entity_id: int
    issued_on: date
    matters: str
    advice: tuple[str, ...]
    basis: str = ""
    reply_by: date | None = None
    violation_id: int | None = None
    visit_id: int | None = None


def check_guidance(d: GuidanceDraft, today: date, *, found_on: date | None = None) -> GuidanceDraft:
    """Guidance: the matters found, at least one piece of advice, issued not in the future and
    not before the violation it follows, a reply day not before the issue."""
    matters = (d.matters or "").strip()
    if not matters:
        raise ValidationError("请写明发现的问题（指导事项）。", field="matters")
    advice = tuple(a.strip() for a in d.advice if a.strip())
    if not advice:
        raise ValidationError("请至少写一条指导意见。", field="advice")
    if d.issued_on > today:
        raise ValidationError("签发日期晚于今天。", field="issued_on")
    if found_on is not None and d.issued_on < found_on:
        raise ValidationError("签发日期早于发现违法行为的日期。", field="issued_on")
    if d.reply_by is not None and d.reply_by < d.issued_on:
        raise ValidationError("反馈期限早于签发日期。", field="reply_by")
    return replace(d, matters=matters, advice=advice, basis=(d.basis or "").strip())


def doc_number(prefix: str, mark: str, year: int, n: int) -> str:
    """``东市监城`` + ``指`` + ``〔2026〕5号``."""
    return f"{prefix or '市监'}{mark}〔{year}〕{n}号"


# -- figures ------------------------------------------------------------------------------------
FIGURE_DEFINITIONS: dict[str, tuple[str, str, str]] = {
    "outreach.events": ("普法宣传活动", "场", "活动日期在统计期内的宣传活动场次（各类型合计）"),
    "outreach.live": ("其中：直播普法", "场", "上述活动中的直播普法场次"),
    "outreach.views": ("直播观看", "人次", "上述直播普法的观看人次合计"),
    "outreach.participants": ("活动参与", "人次", "上述活动登记的参与人数合计"),
    "outreach.materials": ("发放宣传资料", "份", "上述活动发放的宣传资料份数合计"),
    "outreach.reached": ("覆盖群众", "人", "上述活动登记的覆盖群众人数合计"),
    "outreach.warnings": ("发布消费警示", "期", "发布日期在统计期内的消费警示"),
}
"""key → (label, unit, definition) of the outreach figures."""


def _lookup(text: str, labels: dict[str, str], aliases: dict[str, str]) -> str | None:
    word = normalize_spaces(to_halfwidth(text or "")).replace(" ", "")
    if word in labels:
        return word
    for code, label in labels.items():
        if word == label.replace(" ", ""):
            return code
    return aliases.get(word)


def _split(values: str | Iterable[str]) -> list[str]:
    items = [values] if isinstance(values, str) else list(values)
    out: list[str] = []
    for item in items:
        out += [w for w in re.split(r"[、,，;；/\s]+", to_halfwidth(item or "").strip()) if w]
    return out
