"""Each warning kind judged on plain aggregates (the service counts in SQL), the title and the
plain explanation every warning carries, and the merge of a scan with the stored warnings. Pure.

A warning is identified by (kind, key): one open warning per key. A scan's candidates are merged
with the stored warnings: a new key is inserted 新; an open one still holding gets the new
evidence; an open one no longer holding is marked *cleared* (条件已消除, kept, not deleted); a
resolved key is raised again only by evidence newer than its resolution.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from station_app.domain.warnings.kinds import (
    CLOSED_STATUSES,
    CLUSTER_ENTITY,
    CLUSTER_INDUSTRY,
    ELDERLY,
    HAZARD,
    HAZARD_CLUSTER,
    HIGH,
    LICENCE,
    LOW,
    MEDIUM,
    PREPAID,
)
from station_app.domain.warnings.states import RESOLVED
from station_app.domain.warnings.thresholds import Thresholds, condition


@dataclass(frozen=True)
class Candidate:
    kind: str
    key: str
    title: str
    explanation: str
    level: str = MEDIUM
    entity_id: int | None = None
    grid_id: int | None = None
    latest: date | None = None
    """The newest piece of evidence (a resolved key is raised again only by newer evidence)."""
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def digest(self) -> str:
        """A short fingerprint of what the warning says (to skip unchanged refreshes)."""
        text = json.dumps(
            [self.title, self.explanation, self.evidence], sort_keys=True, default=str
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _d(day: date) -> str:
    return day.isoformat()


# ---- complaint clusters --------------------------------------------------------------------


@dataclass(frozen=True)
class EntityCount:
    """Complaints and clues against one entity within the window."""

    entity_id: int
    name: str
    complaints: int
    clues: int
    first: date
    last: date
    grid_id: int | None = None


def cluster_entity(rows: Iterable[EntityCount], th: Thresholds) -> list[Candidate]:
    need, days = th["cluster_entity.count"], th["cluster_entity.days"]
    out = []
    for r in rows:
        total = r.complaints + r.clues
        if total < need:
            continue
        parts = [f"投诉 {r.complaints} 件"] + ([f"线索 {r.clues} 件"] if r.clues else [])
        out.append(
            Candidate(
                CLUSTER_ENTITY,
                str(r.entity_id),
                f"{r.name} {days} 天内被投诉或反映 {total} 次",
                f"{_d(r.first)} 至 {_d(r.last)} 收到{'、'.join(parts)}，共 {total} 件；"
                f"预警条件：{condition(CLUSTER_ENTITY, th)}。",
                HIGH if total >= 2 * need else MEDIUM,
                r.entity_id,
                r.grid_id,
                r.last,
                {
                    "complaints": r.complaints,
                    "clues": r.clues,
                    "first": _d(r.first),
                    "last": _d(r.last),
                },
            )
        )
    return out


def month_to_date(today: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """This month's 1st … today, and the same days of the same month last year (29 Feb → 28)."""
    first = today.replace(day=1)
    last_year_first = first.replace(year=first.year - 1)
    try:
        last_year_today = today.replace(year=today.year - 1)
    except ValueError:
        last_year_today = today.replace(year=today.year - 1, day=28)
    return (first, today), (last_year_first, last_year_today)


def cluster_industry(
    now: Mapping[str, int],
    before: Mapping[str, int],
    today: date,
    th: Thresholds,
    dimension: str,
) -> list[Candidate]:
    """Industries (行业) or categories (类别) whose month to date exceeds last year's same days."""
    rise, least = th["cluster_industry.rise_pct"], th["cluster_industry.min_cases"]
    (first, _), (ly_first, ly_last) = month_to_date(today)
    month = f"{today.year}-{today.month:02d}"
    out = []
    for name, n in sorted(now.items()):
        m = before.get(name, 0)
        if n < least or n * 100 <= m * (100 + rise):
            continue
        versus = f"去年同期 {m} 件，增加 {round((n - m) * 100 / m)} %" if m else "去年同期为 0 件"
        out.append(
            Candidate(
                CLUSTER_INDUSTRY,
                f"{dimension}:{name}:{month}",
                f"{dimension}“{name}”本月投诉和线索 {n} 件，{versus}",
                f"{_d(first)} 至 {_d(today)} 共 {n} 件；去年 {_d(ly_first)} 至 {_d(ly_last)} {m} 件。"
                f"预警条件：{condition(CLUSTER_INDUSTRY, th)}。",
                HIGH if m and n >= 2 * m else MEDIUM,
                latest=today,
                evidence={
                    "dimension": dimension,
                    "name": name,
                    "count": n,
                    "last_year": m,
                    "month": month,
                },
            )
        )
    return out


# ---- prepaid cards ------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A change of a watched field (法定代表人, 登记状态) first seen on ``day``."""

    field: str
    old: str
    new: str
    day: date


@dataclass(frozen=True)
class PrepaidFacts:
    entity_id: int
    name: str
    status: str
    changes: tuple[Change, ...] = ()
    lapsed: tuple[tuple[str, date], ...] = ()
    """(licence kind, expiry) of licences past their date."""
    complaints: int = 0
    holds_balances: bool = False
    grid_id: int | None = None
    status_seen: date | None = None


FIELD_LABELS = {"legal_rep": "法定代表人（经营者）", "status": "登记状态"}


def prepaid_risk(rows: Iterable[PrepaidFacts], today: date, th: Thresholds) -> list[Candidate]:
    since = today - timedelta(days=th["prepaid.change_days"])
    out = []
    for r in rows:
        events, latest = _prepaid_events(r, since)
        exposed = r.complaints > 0 or r.holds_balances
        if not events or not exposed:
            continue
        why = (
            [f"近 {th['prepaid.complaint_days']} 天内投诉 {r.complaints} 件"]
            if r.complaints
            else []
        )
        why += ["持有消费者预收款"] if r.holds_balances else []
        out.append(
            Candidate(
                PREPAID,
                str(r.entity_id),
                f"{r.name}：{events[0]}",
                f"{'；'.join(events)}。同时{'、'.join(why)}。预警条件：{condition(PREPAID, th)}。",
                HIGH,
                r.entity_id,
                r.grid_id,
                latest,
                {"events": events, "complaints": r.complaints, "holds_balances": r.holds_balances},
            )
        )
    return out


def _prepaid_events(r: PrepaidFacts, since: date) -> tuple[list[str], date | None]:
    events: list[str] = []
    days: list[date] = []
    for c in r.changes:
        if c.day >= since and c.field == "legal_rep":
            events.append(
                f"{FIELD_LABELS[c.field]}由“{c.old or '（空）'}”变更为“{c.new}”（{_d(c.day)} 发现）"
            )
            days.append(c.day)
    if r.status in CLOSED_STATUSES:
        seen = f"（{_d(r.status_seen)} 发现）" if r.status_seen else ""
        events.append(f"登记状态为{r.status}{seen}")
        days += [r.status_seen] if r.status_seen else []
    for kind, expired in r.lapsed:
        events.append(f"{kind}已于 {_d(expired)} 过期")
        days.append(expired)
    return events, max(days) if days else None


# ---- elderly marketing, licences, hazards -------------------------------------------------


@dataclass(frozen=True)
class GridCount:
    grid_id: int | None
    grid_name: str
    complaints: int
    clues: int


def elderly(rows: Iterable[GridCount], today: date, th: Thresholds) -> list[Candidate]:
    need, month = th["elderly.count"], f"{today.year}-{today.month:02d}"
    out = []
    for r in rows:
        total = r.complaints + r.clues
        if total < need:
            continue
        where = r.grid_name or "未划网格"
        out.append(
            Candidate(
                ELDERLY,
                f"{r.grid_id or 0}:{month}",
                f"{where} {today.year}年{today.month}月涉老投诉和线索 {total} 件",
                f"本月标记为涉老的投诉 {r.complaints} 件、线索 {r.clues} 件（保健品、会议营销等）。"
                f"预警条件：{condition(ELDERLY, th)}。",
                HIGH if total >= 2 * need else MEDIUM,
                grid_id=r.grid_id,
                latest=today,
                evidence={"month": month, "complaints": r.complaints, "clues": r.clues},
            )
        )
    return out


@dataclass(frozen=True)
class LicenceFacts:
    licence_id: int
    entity_id: int
    entity_name: str
    kind: str
    number: str
    expires_on: date
    grid_id: int | None = None


def licences(rows: Iterable[LicenceFacts], today: date, th: Thresholds) -> list[Candidate]:
    horizon = today + timedelta(days=th["licence.days_ahead"])
    out = []
    for r in rows:
        if r.expires_on > horizon:
            continue
        left = (r.expires_on - today).days
        when = (
            f"已过期 {-left} 天" if left < 0 else ("今天到期" if left == 0 else f"{left} 天后到期")
        )
        number = f"（{r.number}）" if r.number else ""
        out.append(
            Candidate(
                LICENCE,
                f"{r.licence_id}:{_d(r.expires_on)}",
                f"{r.entity_name} {r.kind} {when}",
                f"{r.kind}{number}有效期至 {_d(r.expires_on)}，{when}。预警条件：{condition(LICENCE, th)}。",
                HIGH if left < 0 else (MEDIUM if left <= 7 else LOW),
                r.entity_id,
                r.grid_id,
                r.expires_on,
                {"licence_id": r.licence_id, "expires_on": _d(r.expires_on), "days_left": left},
            )
        )
    return out


LICENCE_LINES = 8  # licences named in a grid's warning (the rest counted)


def licences_by_grid(
    rows: Iterable[LicenceFacts], today: date, th: Thresholds, grid_names: Mapping[int, str]
) -> list[Candidate]:
    """The licences due, one warning per grid and month (what the grid's specialist follows
    up), not one per licence: a registry of 12,000 shops has a hundred licences due in any
    30 days, and a hundred warnings are read by nobody. Each names its licences, soonest
    first; one entity's alone is linked to it."""
    by_grid: dict[int | None, list[Candidate]] = defaultdict(list)
    for c in licences(rows, today, th):
        by_grid[c.grid_id].append(c)
    month = f"{today.year}-{today.month:02d}"
    out = []
    for grid_id, found in sorted(by_grid.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
        found.sort(key=lambda c: (c.latest or today, c.title))
        expired = sum(1 for c in found if c.latest and c.latest < today)
        where = grid_names.get(grid_id, "") if grid_id is not None else ""
        where = where or "未划网格"
        named = "；".join(c.title for c in found[:LICENCE_LINES])
        more = f"；等共 {len(found)} 张" if len(found) > LICENCE_LINES else ""
        entities = {c.entity_id for c in found}
        out.append(
            Candidate(
                LICENCE,
                f"{grid_id or 0}:{month}",
                f"{where} {len(found)} 张许可证临期或过期"
                + (f"（已过期 {expired} 张）" if expired else ""),
                f"{named}{more}。预警条件：{condition(LICENCE, th)}。",
                HIGH if expired else (MEDIUM if any(c.level == MEDIUM for c in found) else LOW),
                next(iter(entities)) if len(entities) == 1 else None,
                grid_id,
                max(c.latest for c in found if c.latest),
                {"licences": [c.evidence for c in found], "expired": expired},
            )
        )
    return out


@dataclass(frozen=True)
class HazardFacts:
    hazard_id: int
    entity_id: int | None
    entity_name: str
    category: str
    deadline: date
    grid_id: int | None = None


def hazards(rows: Iterable[HazardFacts], today: date, th: Thresholds) -> list[Candidate]:
    grace = th["hazard.grace_days"]
    out = []
    for r in rows:
        late = (today - r.deadline).days
        if late <= grace:
            continue
        out.append(
            Candidate(
                HAZARD,
                f"{r.hazard_id}:{_d(r.deadline)}",
                f"{r.entity_name} 隐患逾期 {late} 天未整改",
                f"{r.category}隐患的整改期限为 {_d(r.deadline)}，已逾期 {late} 天仍未复查通过。"
                f"预警条件：{condition(HAZARD, th)}。",
                HIGH if late > 7 else MEDIUM,
                r.entity_id,
                r.grid_id,
                r.deadline,
                {"hazard_id": r.hazard_id, "deadline": _d(r.deadline), "days_late": late},
            )
        )
    return out


@dataclass(frozen=True)
class HazardCluster:
    """Hazards of one category found in one grid over the span (all states)."""

    grid_id: int | None
    grid_name: str
    category: str
    hazards: int
    entities: int
    open_hazards: int
    first_found: date
    last_found: date


def hazard_clusters(rows: Iterable[HazardCluster], today: date, th: Thresholds) -> list[Candidate]:
    """A grid where one category of hazard keeps being found (a campaign's case, not a shop's):
    one warning per grid and category while the count holds."""
    need, days = th["hazard_cluster.count"], th["hazard_cluster.days"]
    out = []
    for r in rows:
        if r.hazards < need:
            continue
        where = r.grid_name or "未划网格"
        out.append(
            Candidate(
                HAZARD_CLUSTER,
                f"{r.grid_id or 0}:{r.category}",
                f"{where} {days} 天内发现{r.category}隐患 {r.hazards} 处",
                f"{_d(r.first_found)} 至 {_d(r.last_found)}，{where}在 {r.entities} 户经营主体发现"
                f"{r.category}隐患 {r.hazards} 处，其中 {r.open_hazards} 处尚未整改。"
                f"预警条件：{condition(HAZARD_CLUSTER, th)}。",
                HIGH if r.hazards >= 2 * need else MEDIUM,
                grid_id=r.grid_id,
                latest=r.last_found,
                evidence={
                    "category": r.category,
                    "hazards": r.hazards,
                    "entities": r.entities,
                    "open": r.open_hazards,
                    "first": _d(r.first_found),
                    "last": _d(r.last_found),
                },
            )
        )
    return out


# ---- merging a scan with what is stored ---------------------------------------------------


@dataclass(frozen=True)
class Stored:
    """A stored warning as the merge sees it."""

    id: int
    kind: str
    key: str
    state: str
    active: bool
    digest: str
    resolved_on: date | None = None


@dataclass
class Merge:
    new: list[Candidate] = field(default_factory=list)
    refresh: list[tuple[int, Candidate]] = field(default_factory=list)
    cleared: list[int] = field(default_factory=list)
    suppressed: int = 0


def merge(kinds: Sequence[str], stored: Iterable[Stored], found: Iterable[Candidate]) -> Merge:
    """What a scan of ``kinds`` changes (kinds not scanned are left alone)."""
    scanned = set(kinds)
    latest: dict[tuple[str, str], Stored] = {}
    for s in sorted(stored, key=lambda s: s.id):
        if s.kind in scanned:
            latest[(s.kind, s.key)] = s  # the newest warning of each key wins
    out, seen = Merge(), set()
    for c in found:
        seen.add((c.kind, c.key))
        known = latest.get((c.kind, c.key))
        if known is None:
            out.new.append(c)
        elif known.state != RESOLVED:
            if known.digest != c.digest or not known.active:
                out.refresh.append((known.id, c))
        elif known.resolved_on and c.latest and c.latest > known.resolved_on:
            out.new.append(c)
        else:
            out.suppressed += 1
    out.cleared = [
        s.id for k, s in latest.items() if k not in seen and s.active and s.state != RESOLVED
    ]
    return out
