"""Service visits (走访服务): teams, topics, requests and their outcomes. Pure, no I/O.

A service team (服务队) — a 市场监管专员, a 社区干部, volunteers, station users — visits a shop
(or a place: a market, a community square) and records what the visit was about (topics) and
what it was asked for (诉求), each request with its outcome: solved on the spot, referred to
someone, or pending, with who and when (STATIONS.md §1: Feicheng's 17,000+ visits and ~9,000
requests solved; §5: Leiyang's 送照上门 and 个转企).

Rules here: what a topic, an outcome and a team role are (codes stored, Chinese shown and
typed), how a visit and its requests are checked (:func:`check_visit`), which outcome may
follow which (:data:`REQUEST_TRANSITIONS`), a team's make-up warnings, the list contract and
the definitions of the figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from station_app.domain.periods import SHANGHAI
from station_app.domain.text import normalize_spaces, to_halfwidth
from station_app.errors import ValidationError

# -- topics (走访事项) -----------------------------------------------------------------------
ANNUAL_REPORT, CREDIT_REPAIR, COMPLIANCE, TO_COMPANY, LICENCE_DELIVERY, POLICY, OTHER = (
    "annual_report",
    "credit_repair",
    "compliance",
    "to_company",
    "licence_delivery",
    "policy",
    "other",
)
TOPICS: dict[str, str] = {
    ANNUAL_REPORT: "年报申报",
    CREDIT_REPAIR: "信用修复",
    COMPLIANCE: "合规经营",
    TO_COMPANY: "个转企",
    LICENCE_DELIVERY: "送照上门",
    POLICY: "政策宣讲",
    OTHER: "其他",
}
_TOPIC_ALIASES = {
    "年报": ANNUAL_REPORT,
    "年度报告": ANNUAL_REPORT,
    "信用": CREDIT_REPAIR,
    "合规": COMPLIANCE,
    "合规指导": COMPLIANCE,
    "个体转企业": TO_COMPANY,
    "个转企业": TO_COMPANY,
    "送照": LICENCE_DELIVERY,
    "政策": POLICY,
    "宣讲": POLICY,
    "政策宣传": POLICY,
}

# -- request outcomes (诉求办理结果) ----------------------------------------------------------
SOLVED, REFERRED, PENDING = "solved", "referred", "pending"
OUTCOMES: dict[str, str] = {SOLVED: "已解决", REFERRED: "已转办", PENDING: "待办理"}
ON_SPOT_LABEL = "当场解决"
OPEN_OUTCOMES = frozenset({REFERRED, PENDING})
_OUTCOME_ALIASES = {
    "当场解决": SOLVED,
    "现场解决": SOLVED,
    "解决": SOLVED,
    "已办结": SOLVED,
    "办结": SOLVED,
    "转办": REFERRED,
    "已移交": REFERRED,
    "移交": REFERRED,
    "转交": REFERRED,
    "待办": PENDING,
    "待解决": PENDING,
    "跟进": PENDING,
    "跟进中": PENDING,
}
REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    PENDING: frozenset({PENDING, REFERRED, SOLVED}),
    REFERRED: frozenset({REFERRED, SOLVED}),
    SOLVED: frozenset(),
}
"""Which outcome a request may be moved to from its current one: forward only; a solved
request is final (a wrong entry is corrected by voiding the visit)."""

# -- team roles (服务队成员身份) ----------------------------------------------------------------
SPECIALIST, CADRE, GRID_WORKER, VOLUNTEER, STAFF = (
    "specialist",
    "cadre",
    "grid_worker",
    "volunteer",
    "staff",
)
MEMBER_ROLES: dict[str, str] = {
    SPECIALIST: "市场监管专员",
    CADRE: "社区干部",
    GRID_WORKER: "网格员",
    VOLUNTEER: "志愿者",
    STAFF: "所内人员",
}
ROLE_ORDER = {code: n for n, code in enumerate(MEMBER_ROLES)}
ROSTER_ROLE_PRIORITY = ("specialist", "cadre", "grid_worker", "volunteer")
"""A roster person's role on a team, when not given: the first of these among their roster
roles (``roster_rules.PERSON_ROLES`` codes; 执法人员 and 调解员 serve as 所内人员)."""
_ROLE_ALIASES = {
    "专员": SPECIALIST,
    "监管专员": SPECIALIST,
    "干部": CADRE,
    "社区网格员": GRID_WORKER,
    "明白人": VOLUNTEER,
    "湾村明白人": VOLUNTEER,
    "工作人员": STAFF,
    "所内": STAFF,
    "执法人员": STAFF,
}
AD_HOC_TEAM = "临时组队"
MAX_TEAM_MEMBERS = 12
MAX_REQUESTS = 30
MAX_TEXT = 500
MAX_PHOTO_BYTES = 5 * 1024 * 1024
_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def _parse_code(text: str, labels: dict[str, str], aliases: dict[str, str]) -> str | None:
    word = normalize_spaces(to_halfwidth(text or "")).strip()
    if word in labels:
        return word
    for code, label in labels.items():
        if word == label:
            return code
    return aliases.get(word)


def parse_topics(values: str | Iterable[str]) -> tuple[str, ...]:
    """Topics typed as labels (年报申报), short forms (年报) or codes, one value each or several
    separated by 、/，: → codes in canonical order, no duplicates. Raises ``ValidationError``
    naming the unknown word; empty → ``()``."""
    words = _split(values)
    codes = set()
    for word in words:
        code = _parse_code(word, TOPICS, _TOPIC_ALIASES)
        if code is None:
            raise ValidationError(
                f"走访事项“{word}”不认识。可填：{'、'.join(TOPICS.values())}。", field="topics"
            )
        codes.add(code)
    return tuple(c for c in TOPICS if c in codes)


def topics_text(codes: Iterable[str]) -> str:
    """Codes → the stored form (space separated, canonical order)."""
    wanted = set(codes)
    return " ".join(c for c in TOPICS if c in wanted)


def topic_codes(stored: str) -> tuple[str, ...]:
    wanted = set((stored or "").split())
    return tuple(c for c in TOPICS if c in wanted)


def topic_labels(codes: Iterable[str] | str) -> str:
    if isinstance(codes, str):
        codes = topic_codes(codes)
    return "、".join(TOPICS[c] for c in codes if c in TOPICS)


def parse_outcome(text: str) -> tuple[str, str]:
    """An outcome as typed → ``(code, handler)``. ``已转办:县局登记注册科`` (or 已转办（…）)
    carries where it went; ``当场解决``/``已解决``/``待办理`` carry nothing (``""``)."""
    raw = normalize_spaces(to_halfwidth(text or "")).strip()
    handler = ""
    match = re.match(r"^([^:：(（]+)\s*(?:[:：]\s*(.+)|[(（]\s*(.+?)\s*[)）])$", raw)
    if match:
        raw, handler = match.group(1).strip(), (match.group(2) or match.group(3) or "").strip()
    code = _parse_code(raw, OUTCOMES, _OUTCOME_ALIASES)
    if code is None:
        choices = f"{ON_SPOT_LABEL}、{'、'.join(OUTCOMES.values())}"
        raise ValidationError(
            f"诉求办理结果“{text}”不认识。可填：{choices}（转办可写成“已转办:去向”）。",
            field="outcome",
        )
    return code, handler


def parse_member_role(text: str) -> str:
    """A team role as typed (社区干部, 志愿者, 专员 …) or its code → the code."""
    code = _parse_code(text, MEMBER_ROLES, _ROLE_ALIASES)
    if code is None:
        raise ValidationError(
            f"成员身份“{text}”不认识。可填：{'、'.join(MEMBER_ROLES.values())}。", field="role"
        )
    return code


def role_from_roster(roster_roles: Iterable[str]) -> str:
    """The team role of a roster person from their roster role codes (see
    :data:`ROSTER_ROLE_PRIORITY`); a person with none of them serves as 所内人员."""
    have = set(roster_roles)
    return next((r for r in ROSTER_ROLE_PRIORITY if r in have), STAFF)


def _split(values: str | Iterable[str]) -> list[str]:
    items = [values] if isinstance(values, str) else list(values)
    out: list[str] = []
    for item in items:
        out += [w for w in _SEPARATORS.split(to_halfwidth(item or "").strip()) if w]
    return out


def split_names(text: str) -> list[str]:
    """``张三、李四, 王五`` → the names, in order, without blanks."""
    return _split(text)


# -- teams ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    """One member of a team or of a visit: a roster person (``person_id``) or a station user
    (``user_id``), exactly one of them; ``name`` as shown."""

    name: str
    role: str
    person_id: int | None = None
    user_id: int | None = None

    @property
    def role_label(self) -> str:
        return MEMBER_ROLES.get(self.role, self.role)


def check_members(members: Sequence[Member], *, what: str = "服务队") -> tuple[Member, ...]:
    """At least one member, at most :data:`MAX_TEAM_MEMBERS`, each a person or a user with a
    known role, nobody twice. Returns the members in order."""
    if not members:
        raise ValidationError(f"{what}至少要有一名成员。", field="members")
    if len(members) > MAX_TEAM_MEMBERS:
        raise ValidationError(
            f"{what}最多 {MAX_TEAM_MEMBERS} 名成员（填了 {len(members)} 名）。", field="members"
        )
    seen: set[tuple[str, int]] = set()
    for n, m in enumerate(members, 1):
        if (m.person_id is None) == (m.user_id is None):
            raise ValidationError(f"第 {n} 名成员须为花名册人员或系统用户之一。", field="members")
        if m.role not in MEMBER_ROLES:
            raise ValidationError(f"第 {n} 名成员“{m.name}”的身份不认识。", field="members")
        key = ("p", m.person_id) if m.person_id is not None else ("u", m.user_id or 0)
        if key in seen:
            raise ValidationError(f"“{m.name}”在{what}中出现了两次。", field="members")
        seen.add(key)
    return tuple(members)


def check_team_name(name: str) -> str:
    clean = normalize_spaces(name or "").strip()
    if not clean:
        raise ValidationError("请填写服务队名称，例如“城关第一服务队”。", field="name")
    if len(clean) > 40:
        raise ValidationError("服务队名称不超过 40 个字。", field="name")
    if clean == AD_HOC_TEAM:
        raise ValidationError(f"“{AD_HOC_TEAM}”是系统保留的名称，请换一个。", field="name")
    return clean


def team_warnings(members: Sequence[Member]) -> list[str]:
    """Feicheng's make-up (监管专员 + 社区干部 + 志愿者): what a team lacks, as warnings, never a
    refusal — a visit by two volunteers still happened."""
    roles = {m.role for m in members}
    out = []
    if not roles & {SPECIALIST, STAFF}:
        out.append("缺少市场监管专员或所内人员")
    if not roles & {CADRE, VOLUNTEER, GRID_WORKER}:
        out.append("缺少社区干部、网格员或志愿者")
    return out


# -- visits and requests ------------------------------------------------------------------------
@dataclass(frozen=True)
class RequestDraft:
    """One request (诉求) as entered. ``handler``: who solved it, where it was referred, who
    follows it (default: the team's first member, except a referral, which must say where);
    ``outcome_at``: when (default the visit time); ``due_on``: a pending request's promised
    day; ``topic``: one of :data:`TOPICS` (default the visit's first)."""

    text: str
    outcome: str = PENDING
    handler: str = ""
    outcome_at: datetime | None = None
    due_on: date | None = None
    topic: str = ""
    note: str = ""


@dataclass(frozen=True)
class VisitDraft:
    """A visit as entered: ``entity_id`` or ``place`` (a place needs no entity), ``at`` aware
    (Beijing or UTC), the members who went, the topics (codes), requests, note."""

    at: datetime
    members: tuple[Member, ...]
    topics: tuple[str, ...]
    entity_id: int | None = None
    place: str = ""
    grid_id: int | None = None
    team_id: int | None = None
    team_name: str = ""
    requests: tuple[RequestDraft, ...] = ()
    note: str = ""


def visit_day(moment: datetime) -> date:
    """The Beijing calendar day of an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(SHANGHAI).date()


def check_visit(
    draft: VisitDraft,
    now: datetime,
    *,
    entity_name: str = "",
    registered_on: date | None = None,
) -> VisitDraft:
    """A visit checked and cleaned: its time not in the future (5 minutes of clock slack) and
    not before the entity was registered (``registered_on``, the 成立日期), an entity or a
    place, members (:func:`check_members`), at least one known topic, the requests each
    checked (:func:`check_request`). Raises ``ValidationError`` with the field concerned."""
    if draft.at.tzinfo is None:
        raise ValidationError("走访时间须带时区（北京时间）。", field="at")
    day = visit_day(draft.at)
    if draft.at > now + timedelta(minutes=5):
        raise ValidationError(
            f"走访时间 {_moment(draft.at)} 晚于现在，不能登记尚未发生的走访。", field="at"
        )
    place = normalize_spaces(draft.place or "").strip()
    if draft.entity_id is None and not place:
        raise ValidationError("请选择走访的经营主体，或填写走访地点。", field="entity")
    if draft.entity_id is not None and registered_on is not None and day < registered_on:
        name = f"“{entity_name}”" if entity_name else "该经营主体"
        raise ValidationError(
            f"{name}成立于 {registered_on.isoformat()}，不能登记 {day.isoformat()} 的走访。"
            "请核对走访日期或主体的成立日期。",
            field="at",
        )
    members = check_members(draft.members, what="走访人员")
    topics = tuple(c for c in TOPICS if c in set(draft.topics))
    unknown = [t for t in draft.topics if t not in TOPICS]
    if unknown:
        raise ValidationError(f"走访事项“{unknown[0]}”不认识。", field="topics")
    if not topics:
        raise ValidationError(
            f"请至少选择一项走访事项：{'、'.join(TOPICS.values())}。", field="topics"
        )
    if len(draft.requests) > MAX_REQUESTS:
        raise ValidationError(f"一次走访最多登记 {MAX_REQUESTS} 条诉求。", field="requests")
    lead = members[0].name
    requests = tuple(
        check_request(r, n, visit_at=draft.at, now=now, default_handler=lead, topics=topics)
        for n, r in enumerate(draft.requests, 1)
    )
    note = (draft.note or "").strip()
    _check_length(note, "备注", "note")
    return replace(
        draft,
        place=place,
        members=members,
        topics=topics,
        requests=requests,
        note=note,
        team_name=normalize_spaces(draft.team_name or "").strip() or AD_HOC_TEAM,
    )


def check_request(
    r: RequestDraft,
    n: int,
    *,
    visit_at: datetime,
    now: datetime,
    default_handler: str,
    topics: Sequence[str] = (),
) -> RequestDraft:
    """Request number ``n`` of a visit checked: a text, a known outcome and topic; a referral
    says where it went; the outcome's time neither before the visit nor in the future; a
    pending request's due day not before the visit."""
    text = normalize_spaces(r.text or "").strip()
    if not text:
        raise ValidationError(f"第 {n} 条诉求没有内容，请填写诉求或删去这一行。", field="requests")
    _check_length(text, f"第 {n} 条诉求", "requests")
    if r.outcome not in OUTCOMES:
        raise ValidationError(f"第 {n} 条诉求的办理结果“{r.outcome}”不认识。", field="outcome")
    handler = normalize_spaces(r.handler or "").strip()
    if r.outcome == REFERRED and not handler:
        raise ValidationError(
            f"第 {n} 条诉求已转办，请写明转办给谁（如“已转办:县局登记注册科”）。",
            field="handler",
        )
    handler = handler or default_handler
    at = r.outcome_at or visit_at
    if at.tzinfo is None:
        raise ValidationError(f"第 {n} 条诉求的办理时间须带时区。", field="outcome_at")
    if at < visit_at:
        raise ValidationError(
            f"第 {n} 条诉求的办理时间 {_moment(at)} 早于走访时间 {_moment(visit_at)}。",
            field="outcome_at",
        )
    if at > now + timedelta(minutes=5):
        raise ValidationError(
            f"第 {n} 条诉求的办理时间 {_moment(at)} 晚于现在。", field="outcome_at"
        )
    if r.due_on is not None and r.due_on < visit_day(visit_at):
        raise ValidationError(f"第 {n} 条诉求的承诺办结日期早于走访日期。", field="due_on")
    topic = r.topic or (topics[0] if topics else OTHER)
    if topic not in TOPICS:
        raise ValidationError(f"第 {n} 条诉求的事项“{topic}”不认识。", field="topic")
    return replace(
        r,
        text=text,
        handler=handler,
        outcome_at=at,
        topic=topic,
        due_on=r.due_on if r.outcome == PENDING else None,
        note=(r.note or "").strip(),
    )


@dataclass(frozen=True)
class RequestUpdate:
    """A later step on a request: the new outcome, who (solver, referral target, follower),
    when (aware), a note."""

    outcome: str
    handler: str = ""
    at: datetime | None = None
    note: str = ""
    due_on: date | None = None


def check_request_update(
    current: str, update: RequestUpdate, *, visit_at: datetime, last_at: datetime, now: datetime
) -> RequestUpdate:
    """A step on a request whose outcome is ``current``: allowed by
    :data:`REQUEST_TRANSITIONS`, a referral says where, the time not before the visit nor the
    request's last step, nor in the future."""
    if update.outcome not in OUTCOMES:
        raise ValidationError(f"办理结果“{update.outcome}”不认识。", field="outcome")
    allowed = REQUEST_TRANSITIONS.get(current, frozenset())
    if update.outcome not in allowed:
        if current == SOLVED:
            raise ValidationError("该诉求已解决，不能再改变办理结果。", field="outcome")
        raise ValidationError(
            f"诉求“{OUTCOMES[current]}”后不能改为“{OUTCOMES[update.outcome]}”。", field="outcome"
        )
    handler = normalize_spaces(update.handler or "").strip()
    if update.outcome == REFERRED and not handler:
        raise ValidationError("转办请写明转办给谁。", field="handler")
    if not handler:
        raise ValidationError("请写明由谁办理。", field="handler")
    at = update.at or now
    if at.tzinfo is None:
        raise ValidationError("办理时间须带时区。", field="at")
    if at < max(visit_at, last_at):
        raise ValidationError(
            f"办理时间 {_moment(at)} 早于走访或上一次办理的时间 {_moment(max(visit_at, last_at))}。",
            field="at",
        )
    if at > now + timedelta(minutes=5):
        raise ValidationError(f"办理时间 {_moment(at)} 晚于现在。", field="at")
    return replace(update, handler=handler, at=at, note=(update.note or "").strip())


def is_on_spot(outcome: str, outcome_at: datetime | None, visit_at: datetime) -> bool:
    """Solved at the visit: solved, at the visit's own time (an entry made with the visit)."""
    return outcome == SOLVED and outcome_at is not None and outcome_at == visit_at


def check_photo(filename: str, data: bytes) -> str:
    """A photo of a visit: JPEG or PNG by its first bytes, ≤ 5 MB. Returns the MIME type."""
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(
            f"照片“{filename}”超过 5 MB（{len(data) / 1048576:.1f} MB），请压缩后再添加。",
            field="photo",
        )
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    raise ValidationError(f"“{filename}”不是 JPEG 或 PNG 图片。", field="photo")


def check_void_reason(reason: str) -> str:
    clean = (reason or "").strip()
    if len(clean) < 4:
        raise ValidationError("作废须写明原因（至少 4 个字），会记入操作日志。", field="reason")
    return clean


def _check_length(text: str, what: str, field_name: str) -> None:
    if len(text) > MAX_TEXT:
        raise ValidationError(
            f"{what}不超过 {MAX_TEXT} 字（现为 {len(text)} 字）。", field=field_name
        )


def _moment(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
