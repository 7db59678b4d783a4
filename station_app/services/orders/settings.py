"""设置 → 工单时限 and 重办牵头: the limit lines (kept by effective date: an edit applies to orders
received after it), and who leads at each 重办 level. Both are ``station_setting`` rows,
versioned, each change audited with its reason."""

from __future__ import annotations

from datetime import datetime

from station_app.data.repo import settings as settings_repo
from station_app.domain.auth import ROLE_LABELS
from station_app.domain.orders import escalation as esc
from station_app.domain.orders.limits import Limit, LimitTable, OfficeHours, parse_windows
from station_app.domain.orders.timing import aware, fmt_time
from station_app.errors import ValidationError
from station_app.services.base import Changes, Tx
from station_app.services.orders.core import (
    LEADS_KEY,
    LIMITS_KEY,
    OrdersCore,
    lead_rules,
    limit_table,
)

KIND_SETTING = "station_setting"


class Settings(OrdersCore):
    """Limits and leads. Any thread."""

    def limits(self) -> LimitTable:
        self._auth.require("data.view")
        with self._db.session() as s:
            return limit_table(s)

    def save_limit(
        self, kind: str, clock: str, amount: int, unit: str, reason: str,
        effective_from: datetime | None = None, extension: int | None = None,
    ) -> tuple[Limit, Changes]:  # fmt: skip
        """A new line for ``kind``/``clock`` in force from ``effective_from`` (default now;
        never earlier), audited with the reason."""
        if not reason.strip():
            raise ValidationError("修改时限须填写原因（例如：县局新规定的文号）。", field="reason")
        now = self._now()

        def save(tx: Tx) -> Limit:
            table = limit_table(tx.s)
            new, line = table.with_edit(
                kind, clock, amount, unit, now=now, effective_from=effective_from,
                extension=extension, by=tx.actor.username, reason=reason,
            )  # fmt: skip
            settings_repo.put_setting(tx.s, LIMITS_KEY, new.station_json(), tx.actor.username)
            old = table.line(kind, clock, aware(line.effective_from))
            tx.updated(
                KIND_SETTING, LIMITS_KEY, {"line": f"{kind} {old.text}" if old else ""},
                {"line": f"{kind} {line.text}", "effective_from": fmt_time(line.effective_from)},
                reason.strip(),
            )  # fmt: skip
            return line

        return self._transact("settings.edit", save)

    def save_office_hours(
        self, windows: str, reason: str, effective_from: datetime | None = None
    ) -> tuple[OfficeHours, Changes]:
        """The station's office hours (``"08:30–12:00、13:30–17:30"``: what a line counted in
        工作小时 counts, on working days of the holiday table) from ``effective_from`` (default
        now; never earlier), audited with the reason. Orders received before keep theirs."""
        parsed = parse_windows(windows)
        if not reason.strip():
            raise ValidationError("修改办公时间须填写原因（例如：夏季作息调整）。", field="reason")
        now = self._now()

        def save(tx: Tx) -> OfficeHours:
            table = limit_table(tx.s)
            new = table.with_office_hours(
                parsed, now=now, effective_from=effective_from, by=tx.actor.username,
                reason=reason,
            )  # fmt: skip
            hours = new.office_hours[-1]
            settings_repo.put_setting(tx.s, LIMITS_KEY, new.station_json(), tx.actor.username)
            tx.updated(
                KIND_SETTING, LIMITS_KEY, {"office_hours": table.hours_at(hours.effective_from).text},
                {"office_hours": hours.text, "effective_from": fmt_time(hours.effective_from)},
                reason.strip(),
            )  # fmt: skip
            return hours

        return self._transact("settings.edit", save)

    def leads(self) -> dict[int, esc.LeadRule]:
        self._auth.require("data.view")
        with self._db.session() as s:
            return lead_rules(s)

    def save_lead(self, level: int, username: str = "", role: str = "") -> Changes:
        """Who leads at 重办 level ``level``: a user, or a role."""
        rule = esc.check_lead(level, username, role, ROLE_LABELS)

        def save(tx: Tx) -> None:
            leads = lead_rules(tx.s)
            before = leads.get(level)
            leads[level] = rule
            settings_repo.put_setting(tx.s, LEADS_KEY, esc.leads_to_json(leads), tx.actor.username)
            tx.updated(
                KIND_SETTING, LEADS_KEY, {"lead": before.as_json() if before else None},
                {"lead": rule.as_json()}, f"重办牵头：{esc.LEAD_TITLES[level]}",
            )  # fmt: skip

        _, changes = self._transact("settings.edit", save)
        return changes
