"""Rules as local measures write them: each save is a new immutable version (the previous one
retired in the same unit of work, its 待处理 flags withdrawn and the new version judging again),
audited with the reason; deactivating retires the series. Local events (本地活动) live here too:
they are windows the rules read."""

from __future__ import annotations

import json
from datetime import date

from station_app.data.models import PriceEvent, PriceRule
from station_app.data.repo import prices as repo
from station_app.data.types import utc_now
from station_app.domain.prices.rules import (
    KIND_LABELS,
    build_rule,
    describe,
    params_json,
    scope_json,
)
from station_app.domain.prices.windows import Window
from station_app.errors import NotFoundError, ValidationError
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.prices.common import (
    KIND_EVENT,
    KIND_RULE,
    EventView,
    RuleInput,
    RuleView,
)
from station_app.services.prices.evaluation import refresh, withdraw_rule_flags


def rule_view(row: PriceRule) -> RuleView:
    rule = repo.rule_of(row)
    return RuleView(
        row.id, row.series, row.version, row.kind, KIND_LABELS.get(row.kind, row.kind), row.name,
        json.loads(row.params or "{}"), row.days, row.period_first, row.period_last,
        json.loads(row.scope or "{}"), row.active, row.created_by, row.created_at, row.reason,
        row.retired_at, describe(rule),
    )  # fmt: skip


def _rule_snapshot(row: PriceRule) -> dict:
    return {
        "series": row.series, "version": row.version, "kind": row.kind, "name": row.name,
        "params": row.params, "days": row.days,
        "period_first": row.period_first.isoformat() if row.period_first else None,
        "period_last": row.period_last.isoformat() if row.period_last else None,
        "scope": row.scope, "active": row.active,
    }  # fmt: skip


def _refresh_all(tx: Tx) -> None:
    span = repo.observed_span(tx.s)
    if span is not None:
        refresh(tx, span[0], max(span[1], tx.today))


class Rules(Service):
    """规则 (``prices.rules``) and 本地活动 (``prices.manage``)."""

    def rules(self, *, history: bool = False) -> list[RuleView]:
        """The versions in force (active or not); with ``history`` every version."""
        with self._db.session() as s:
            q = s.query(PriceRule)
            if not history:
                q = q.filter(PriceRule.retired_at.is_(None))
            return [rule_view(r) for r in q.order_by(PriceRule.series, PriceRule.version)]

    def save_rule(
        self, series: int | None, data: RuleInput, reason: str
    ) -> tuple[RuleView, Changes]:
        """A new rule (``series`` None) or the next version of ``series``."""
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("请填写修改原因（例如依据的文件、会议）。", field="reason")
        rule = build_rule(
            kind=data.kind, name=data.name, params=data.params, days=data.days,
            period_first=data.period_first, period_last=data.period_last, scope=data.scope,
        )  # fmt: skip

        def save(tx: Tx) -> int:
            repo.lock_rules(tx.s)
            version, number = 1, series
            if series is not None:
                current = repo.current_version(tx.s, series)
                if current is None:
                    raise NotFoundError(f"规则 {series} 不存在或已停用。")
                version = current.version + 1
                _retire(tx, current, reason)
            else:
                number = repo.next_series(tx.s)
            row = PriceRule(
                series=number, version=version, kind=rule.kind, name=rule.name,
                params=json.dumps(params_json(rule.params), ensure_ascii=False, sort_keys=True),
                days=rule.days, period_first=rule.period_first, period_last=rule.period_last,
                scope=json.dumps(scope_json(rule.scope), ensure_ascii=False, sort_keys=True),
                active=True, created_at=utc_now(), created_by=tx.actor.username, reason=reason,
            )  # fmt: skip
            tx.s.add(row)
            tx.s.flush()
            tx.created(KIND_RULE, row.id, _rule_snapshot(row), reason)
            _refresh_all(tx)
            return row.id

        rule_id, changes = self._transact("prices.rules", save, conflict=Conflict("规则"))
        with self._db.session() as s:
            return rule_view(s.get(PriceRule, rule_id)), changes

    def deactivate_rule(self, series: int, reason: str) -> Changes:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("请填写停用原因。", field="reason")

        def stop(tx: Tx) -> None:
            repo.lock_rules(tx.s)
            current = repo.current_version(tx.s, series)
            if current is None:
                raise NotFoundError(f"规则 {series} 不存在或已停用。")
            _retire(tx, current, reason)

        return self._transact("prices.rules", stop)[1]

    # ---- local events --------------------------------------------------------------------

    def events(self) -> list[EventView]:
        with self._db.session() as s:
            rows = s.query(PriceEvent).order_by(PriceEvent.first_day).all()
            return [
                EventView(e.id, e.version, e.name, e.first_day, e.last_day, e.note) for e in rows
            ]

    def add_event(
        self, name: str, first: date, last: date, note: str = ""
    ) -> tuple[EventView, Changes]:
        """A local event window (樱花节, 高考周); the flags of its days are evaluated again."""
        name = (name or "").strip()
        if not name or len(name) > 60:
            raise ValidationError("请填写活动名称（不超过 60 字），例如“樱花节”。", field="name")
        if first is None or last is None or last < first:
            raise ValidationError("活动的结束日不能早于开始日。", field="last_day")
        if (last - first).days > 60:
            raise ValidationError("一个活动期不能超过 60 天。", field="last_day")

        def add(tx: Tx) -> int:
            row = PriceEvent(name=name, first_day=first, last_day=last, note=(note or "").strip())
            tx.s.add(row)
            tx.s.flush()
            tx.created(KIND_EVENT, row.id, {"name": name, "first_day": first.isoformat(),
                       "last_day": last.isoformat()})  # fmt: skip
            repo.lock_rules(tx.s)
            _refresh_all(tx)
            return row.id

        eid, changes = self._transact("prices.manage", add)
        return next(e for e in self.events() if e.id == eid), changes

    def delete_event(self, event_id: int, version: int, reason: str) -> Changes:
        """A local event removed (entered by mistake, cancelled); its days are judged again
        (a 待处理 flag that stood on it is withdrawn). Audited with the reason."""
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("请填写删除原因（例如活动取消、录入错误）。", field="reason")

        def delete(tx: Tx) -> None:
            row = tx.load(PriceEvent, event_id, version, missing=f"本地活动 {event_id} 不存在。")
            before = {"name": row.name, "first_day": row.first_day.isoformat(),
                      "last_day": row.last_day.isoformat()}  # fmt: skip
            tx.s.delete(row)
            tx.s.flush()
            tx.deleted(KIND_EVENT, event_id, before, reason)
            repo.lock_rules(tx.s)
            _refresh_all(tx)

        return self._transact("prices.manage", delete, conflict=Conflict("本地活动"))[1]

    def windows(self, year: int) -> list[Window]:
        """The windows of ``year`` as the rules see them: statutory (the working calendar)
        and local events, by first day; a year the calendar does not know has only events."""
        from station_app.services.prices.evaluation import windows_between

        with self._db.session() as s:
            found = windows_between(s, date(year, 1, 1), date(year, 12, 31))
        return sorted(found, key=lambda w: (w.first, w.kind))


def _retire(tx: Tx, row: PriceRule, reason: str) -> None:
    before = _rule_snapshot(row) | {"retired": False}
    row.retired_at = utc_now()
    tx.s.flush()
    tx.updated(KIND_RULE, row.id, before, _rule_snapshot(row) | {"retired": True}, reason)
    withdraw_rule_flags(tx, row.id, f"规则已修改或停用：{reason}")
