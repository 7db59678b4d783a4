"""The queries price monitoring's use cases need (docs/areas/prices.md §5): subjects as the rules
see them, the day aggregates and baseline aggregates of the evaluation (GROUP BY over the
covering index, voided observations left out), local events, rule versions, stored flags.
Every function takes an open Session (a use case's ``tx.s`` or a read session)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from station_app.data.models import (
    Entity,
    HolidayOverride,
    PriceEvent,
    PriceFlag,
    PriceGroupMember,
    PriceLetter,
    PriceObservation,
    PriceRule,
    PriceSubject,
)
from station_app.domain.prices.evaluate import BaselineStat, DayStat
from station_app.domain.prices.rules import Rule, build_rule
from station_app.domain.prices.windows import DayRange, Window, event_window

Obs = PriceObservation


def subject_infos(s: Session, subject_ids: Iterable[int] | None = None) -> dict[int, dict]:
    """``{id: fields}`` of active subjects (with their entity's name and their groups)."""
    stmt = (
        select(
            PriceSubject.id,
            PriceSubject.name,
            func.coalesce(Entity.name, PriceSubject.market),
            PriceSubject.kind,
            PriceSubject.posted_fen,
            PriceSubject.filed_fen,
            PriceSubject.district,
            PriceSubject.klass,
        )
        .outerjoin(Entity, Entity.id == PriceSubject.entity_id)
        .where(PriceSubject.active.is_(True))
    )
    if subject_ids is not None:
        stmt = stmt.where(PriceSubject.id.in_(list(subject_ids)))
    out = {
        r[0]: {
            "id": r[0],
            "name": r[1],
            "entity_name": r[2] or "",
            "kind": r[3],
            "posted_fen": r[4],
            "filed_fen": r[5],
            "district": r[6],
            "klass": r[7],
            "groups": set(),
        }
        for r in s.execute(stmt)
    }
    for gid, sid in s.execute(select(PriceGroupMember.group_id, PriceGroupMember.subject_id)):
        if sid in out:
            out[sid]["groups"].add(gid)
    return out


def _in_ranges(ranges: Sequence[DayRange]):  # -> ColumnElement[bool]
    return or_(*(Obs.day.between(r.first, r.last) for r in ranges))


def _driver_rows(s: Session, stmt: Any) -> list[Any]:
    """The driver's own tuples of ``stmt`` (no Row objects: over 100k rows they cost more
    than the query). Dates stay as the driver gives them (ISO text on SQLite)."""
    result = s.connection().execute(stmt)
    try:
        return list(result.cursor.fetchall()) if result.cursor is not None else []
    finally:
        result.close()


def _as_day(raw: object, days: dict) -> date:
    d = days.get(raw)
    if d is None:
        d = days[raw] = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
    return d


def day_stats(
    s: Session, ranges: Sequence[DayRange], subject_ids: Iterable[int] | None = None
) -> list[DayStat]:
    """One :class:`DayStat` per subject and day over ``ranges``: one GROUP BY, the distinct
    prices listed in it (``group_concat``/``string_agg``) for the days with several. The id of
    each day's highest is left to :func:`top_ids`, asked for the few days that raise a flag
    (bench ``prices``: reading it for every day was a second pass over all the rows)."""
    if not ranges:
        return []
    conds = [_in_ranges(ranges), Obs.voided_at.is_(None)]
    if subject_ids is not None:
        conds.append(Obs.subject_id.in_(list(subject_ids)))
    day = type_coerce(Obs.day, String)
    if s.get_bind().dialect.name == "postgresql":
        listed = func.string_agg(func.distinct(func.cast(Obs.price_fen, String)), ",")
    else:
        listed = func.group_concat(func.distinct(Obs.price_fen))
    agg = (
        select(Obs.subject_id, day, func.max(Obs.price_fen), func.min(Obs.price_fen),
               func.count(), func.sum(Obs.price_fen), func.count(func.distinct(Obs.price_fen)),
               listed)
        .where(*conds)
        .group_by(Obs.subject_id, Obs.day)
    )  # fmt: skip
    days: dict[object, date] = {}
    out = []
    for sid, raw, hi, lo, n, total, k, text in _driver_rows(s, agg):
        several = tuple(sorted(int(x) for x in str(text).split(","))) if k > 1 else ()
        out.append(DayStat(sid, _as_day(raw, days), int(hi), int(lo), int(n), int(total),
                           int(k), None, several))  # fmt: skip
    return out


def top_ids(s: Session, keys: Iterable[tuple[int, date]]) -> dict[tuple[int, date], int]:
    """The id of the highest valid observation (lowest id on ties) of each (subject, day)."""
    wanted = set(keys)
    if not wanted:
        return {}
    sids = sorted({k[0] for k in wanted})
    first, last = min(k[1] for k in wanted), max(k[1] for k in wanted)
    out: dict[tuple[int, date], tuple[int, int]] = {}
    for i in range(0, len(sids), 500):
        stmt = select(Obs.subject_id, Obs.day, Obs.price_fen, Obs.id).where(
            Obs.subject_id.in_(sids[i : i + 500]), Obs.day.between(first, last),
            Obs.voided_at.is_(None),
        )  # fmt: skip
        for sid, d, p, oid in s.connection().execute(stmt):
            if (sid, d) not in wanted:
                continue
            best = out.get((sid, d))
            if best is None or p > best[0] or (p == best[0] and oid < best[1]):
                out[(sid, d)] = (p, oid)
    return {k: oid for k, (_p, oid) in out.items()}


def baseline_stats(
    s: Session, ranges: Sequence[DayRange], subject_ids: Iterable[int] | None = None
) -> dict[int, BaselineStat]:
    """Per subject: observations, their sum and the highest over ``ranges`` (integer sums)."""
    if not ranges:
        return {}
    stmt = (
        select(Obs.subject_id, func.count(), func.sum(Obs.price_fen), func.max(Obs.price_fen))
        .where(_in_ranges(ranges), Obs.voided_at.is_(None))
        .group_by(Obs.subject_id)
    )
    if subject_ids is not None:
        stmt = stmt.where(Obs.subject_id.in_(list(subject_ids)))
    return {
        sid: BaselineStat(int(n), int(t), int(m)) for sid, n, t, m in s.connection().execute(stmt)
    }


def event_windows(s: Session) -> list[Window]:
    return [
        event_window(e.name, e.first_day, e.last_day)
        for e in s.scalars(select(PriceEvent).order_by(PriceEvent.first_day))
    ]


def holiday_notes(s: Session) -> dict[date, str]:
    return {
        d: n
        for d, n in s.execute(select(HolidayOverride.day, HolidayOverride.note))
        if (n or "").strip()
    }


def rule_of(row: PriceRule) -> Rule:
    """A stored rule version as the domain's :class:`Rule`."""
    return build_rule(
        kind=row.kind,
        name=row.name,
        params=json.loads(row.params or "{}"),
        days=row.days,
        period_first=row.period_first,
        period_last=row.period_last,
        scope=json.loads(row.scope or "{}"),
        series=row.series,
        version=row.version,
        active=row.active,
        rule_id=row.id,
    )


def current_rules(s: Session, *, active_only: bool = True) -> list[PriceRule]:
    """The versions in force (not retired), by series."""
    stmt = select(PriceRule).where(PriceRule.retired_at.is_(None)).order_by(PriceRule.series)
    if active_only:
        stmt = stmt.where(PriceRule.active.is_(True))
    return list(s.scalars(stmt))


def flags_between(
    s: Session, first: date, last: date, subject_ids: Iterable[int] | None = None
) -> list[PriceFlag]:
    stmt = select(PriceFlag).where(PriceFlag.day.between(first, last))
    if subject_ids is not None:
        stmt = stmt.where(PriceFlag.subject_id.in_(list(subject_ids)))
    return list(s.scalars(stmt))


def subject_by_entity(s: Session, entity_id: int, name: str) -> PriceSubject | None:
    return s.scalars(
        select(PriceSubject).where(PriceSubject.entity_id == entity_id, PriceSubject.name == name)
    ).first()


def entity_id_of(s: Session, ref: str) -> int | None:
    """An entity by id (digits, short) or USCC (18 characters)."""
    ref = (ref or "").strip().upper()
    if not ref:
        return None
    if ref.isdigit() and len(ref) < 18:
        return s.scalar(select(Entity.id).where(Entity.id == int(ref)))
    return s.scalar(select(Entity.id).where(Entity.uscc == ref))


def entity_ids_by_name(s: Session, names: Iterable[str]) -> dict[str, int]:
    wanted = {n for n in names if n}
    if not wanted:
        return {}
    out: dict[str, int] = {}
    for eid, name in s.execute(select(Entity.id, Entity.name).where(Entity.name.in_(wanted))):
        out.setdefault(name, eid)
    return out


def subjects_by_pair(s: Session) -> dict[tuple[int, str], int]:
    """``{(entity_id, name): subject_id}`` (the import resolves names with it)."""
    stmt = select(PriceSubject.entity_id, PriceSubject.name, PriceSubject.id).where(
        PriceSubject.entity_id.is_not(None)
    )
    return {(e, n): i for e, n, i in s.execute(stmt)}


def existing_subject_ids(s: Session, ids: Iterable[int]) -> set[int]:
    wanted = list(set(ids))
    if not wanted:
        return set()
    return set(s.scalars(select(PriceSubject.id).where(PriceSubject.id.in_(wanted))))


def new_flags_of_rule(s: Session, rule_id: int) -> list[PriceFlag]:
    return list(
        s.scalars(
            select(PriceFlag).where(PriceFlag.rule_id == rule_id, PriceFlag.state == "待处理")
        )
    )


def observed_span(s: Session) -> tuple[date, date] | None:
    lo, hi = s.execute(
        select(func.min(Obs.day), func.max(Obs.day)).where(Obs.voided_at.is_(None))
    ).one()
    return (lo, hi) if lo is not None else None


def group_sizes(s: Session) -> list[tuple[int, int]]:
    stmt = select(PriceGroupMember.group_id, func.count()).group_by(PriceGroupMember.group_id)
    return [(g, int(n)) for g, n in s.execute(stmt)]


def lock_rules(s: Session) -> None:
    """Serialise flag refreshes: the rules in force are locked for the rest of the transaction
    (``FOR UPDATE`` on PostgreSQL; SQLite's writer lock already serialises)."""
    stmt = select(PriceRule.id).where(PriceRule.retired_at.is_(None)).with_for_update()
    s.execute(stmt).all()


def current_version(s: Session, series: int) -> PriceRule | None:
    return s.scalars(
        select(PriceRule).where(PriceRule.series == series, PriceRule.retired_at.is_(None))
    ).first()


def next_series(s: Session) -> int:
    return int(s.scalar(select(func.coalesce(func.max(PriceRule.series), 0))) or 0) + 1


def day_points(s: Session, subject_id: int, first: date, last: date) -> list[tuple]:
    """(day, min, sum, max, count) of one subject's valid observations per day."""
    stmt = (
        select(
            Obs.day,
            func.min(Obs.price_fen),
            func.sum(Obs.price_fen),
            func.max(Obs.price_fen),
            func.count(),
        )
        .where(Obs.subject_id == subject_id, Obs.day.between(first, last), Obs.voided_at.is_(None))
        .group_by(Obs.day)
        .order_by(Obs.day)
    )
    # PostgreSQL's SUM of an integer column is numeric (Decimal): fen are ints, as in baselines
    return [(d, int(lo), int(t), int(hi), int(n)) for d, lo, t, hi, n in s.execute(stmt)]


def group_day_highs(s: Session, group_id: int, first: date, last: date) -> list[tuple]:
    """(day, subject, highest) of every member of a group over the span."""
    stmt = (
        select(Obs.day, Obs.subject_id, func.max(Obs.price_fen))
        .join(PriceGroupMember, PriceGroupMember.subject_id == Obs.subject_id)
        .where(
            PriceGroupMember.group_id == group_id,
            Obs.day.between(first, last),
            Obs.voided_at.is_(None),
        )
        .group_by(Obs.day, Obs.subject_id)
    )
    return [tuple(r) for r in s.execute(stmt)]


def subject_group_ids(s: Session, subject_id: int) -> list[int]:
    stmt = select(PriceGroupMember.group_id).where(PriceGroupMember.subject_id == subject_id)
    return list(s.scalars(stmt))


# ---- the daily report (节日价格监测日报) ----------------------------------------------------


def day_observations(s: Session, day: date) -> tuple[int, int, list[tuple[str, int]]]:
    """(observations, subjects observed, [(source, observations)]) of one day's valid rows."""
    stmt = (
        select(Obs.source, func.count(), func.count(func.distinct(Obs.subject_id)))
        .where(Obs.day == day, Obs.voided_at.is_(None))
        .group_by(Obs.source)
        .order_by(func.count().desc(), Obs.source)
    )
    by_source = [(src, int(n)) for src, n, _k in s.execute(stmt)]
    subjects = s.scalar(
        select(func.count(func.distinct(Obs.subject_id))).where(
            Obs.day == day, Obs.voided_at.is_(None)
        )
    )
    return sum(n for _s, n in by_source), int(subjects or 0), by_source


def active_subject_count(s: Session) -> int:
    return int(s.scalar(select(func.count()).where(PriceSubject.active.is_(True))) or 0)


def day_flags_by_rule(s: Session, day: date, withdrawn: str) -> list[tuple[str, int, int]]:
    """(rule name, version, flags) of the flags of ``day`` that stand (not ``withdrawn``)."""
    stmt = (
        select(PriceRule.name, PriceRule.version, func.count())
        .select_from(PriceFlag)
        .join(PriceRule, PriceRule.id == PriceFlag.rule_id)
        .where(PriceFlag.day == day, PriceFlag.state != withdrawn)
        .group_by(PriceRule.series, PriceRule.name, PriceRule.version)
        .order_by(func.count().desc(), PriceRule.series)
    )
    return [(name, int(v), int(n)) for name, v, n in s.execute(stmt)]


def day_rises(s: Session, day: date, withdrawn: str, n: int) -> list[tuple]:
    """The ``n`` flags of ``day`` with the highest ratio over a baseline: (subject, entity or
    market, price, baseline, ratio_bp, rule name, version, state)."""
    stmt = (
        select(
            PriceSubject.name,
            func.coalesce(Entity.name, PriceSubject.market),
            PriceFlag.price_fen,
            PriceFlag.baseline_fen,
            PriceFlag.ratio_bp,
            PriceRule.name,
            PriceRule.version,
            PriceFlag.state,
        )
        .select_from(PriceFlag)
        .join(PriceSubject, PriceSubject.id == PriceFlag.subject_id)
        .outerjoin(Entity, Entity.id == PriceSubject.entity_id)
        .join(PriceRule, PriceRule.id == PriceFlag.rule_id)
        .where(
            PriceFlag.day == day,
            PriceFlag.state != withdrawn,
            PriceFlag.ratio_bp.is_not(None),
            PriceFlag.baseline_fen.is_not(None),
        )
        .order_by(PriceFlag.ratio_bp.desc(), PriceFlag.price_fen.desc(), PriceFlag.id)
        .limit(n)
    )
    return [tuple(r) for r in s.execute(stmt)]


def open_flag_count(s: Session, states: Iterable[str]) -> int:
    stmt = select(func.count()).where(PriceFlag.state.in_(list(states)))
    return int(s.scalar(stmt) or 0)


def flag_steps_between(
    s: Session, start: datetime, end: datetime, labels: Iterable[str]
) -> list[tuple[str, int]]:
    """(step label, audit rows) of the flag steps recorded in [start, end): the audit log is
    the one place every 告诫, 核查, 合理 and 转办 is written, with its time."""
    from station_app.data.tables import audit_log

    stmt = (
        select(audit_log.c.reason, func.count())
        .where(
            audit_log.c.kind == "price_flag",
            audit_log.c.at >= start,
            audit_log.c.at < end,
            audit_log.c.reason.in_(list(labels)),
        )
        .group_by(audit_log.c.reason)
    )
    return [(label, int(n)) for label, n in s.execute(stmt)]


# ---- the county report's 价格监测 and 预警 sections (counted in SQL) -----------------------


def period_counts(s: Session, first: date, last: date, start: datetime, end: datetime) -> dict:
    """Observations, subjects observed, flags of the period's days by state, letters issued
    in [start, end)."""
    obs = s.execute(
        select(func.count(), func.count(func.distinct(Obs.subject_id))).where(
            Obs.day.between(first, last), Obs.voided_at.is_(None)
        )
    ).one()
    states: dict[str, int] = dict(
        s.execute(
            select(PriceFlag.state, func.count())
            .where(PriceFlag.day.between(first, last))
            .group_by(PriceFlag.state)
        ).all()
    )
    letters = s.scalar(
        select(func.count()).where(PriceLetter.issued_at >= start, PriceLetter.issued_at < end)
    )
    return {"observations": int(obs[0]), "subjects": int(obs[1]), "states": states,
            "letters": int(letters or 0)}  # fmt: skip
