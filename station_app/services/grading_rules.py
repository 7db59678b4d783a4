"""Grading rules (本所分级规则): the weights and cut-offs of the local grade, station-wide.

Several PCs share one database, so the rules live in ``station_setting`` (not in a PC's
preferences file). Every figure is validated by ``domain/grading.check_rules``; saving is
audited with the figures that changed and refuses a stale version. Saving does not regrade:
the caller offers ``EntityService.recompute_grades`` (设置 asks; the CLI says how).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from station_app.data import audit
from station_app.data.repo import settings as repo
from station_app.domain.grading import GradingRules, check_rules
from station_app.services.base import Changes, Conflict, Service, Tx

KIND = "grading_rules"
SETTING_KEY = repo.GRADING_RULES


@dataclass(frozen=True)
class GradingRulesData:
    """The rules in force. ``version`` 0: never saved, the documented defaults apply."""

    rules: GradingRules
    version: int = 0
    updated_at: datetime | None = None
    updated_by: str = ""

    @property
    def is_default(self) -> bool:
        return self.rules.is_default()


class GradingRulesService(Service):
    """Read, save and restore the grading rules. Any thread; each call opens its own session."""

    def get(self) -> GradingRulesData:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = repo.setting(s, SETTING_KEY)
            if row is None:
                return GradingRulesData(GradingRules())
            return GradingRulesData(
                GradingRules.from_json(row.value), row.version, row.updated_at, row.updated_by
            )

    def save(
        self, values: GradingRules | dict[str, Any], version: int, reason: str = ""
    ) -> tuple[GradingRulesData, Changes]:
        """Validate and store. ``values``: every figure, or only the ones to change (the rest
        keep the rules in force). ``version`` is the one that was read (0 = defaults, never
        saved); if another PC saved in between, ``ConflictError`` and nothing is written."""
        self._auth.require("settings.grading")
        if isinstance(values, GradingRules):
            values = values.as_dict()
        rules = check_rules(values, base=self.get().rules)

        def save(tx: Tx) -> None:
            row = repo.setting(tx.s, SETTING_KEY)
            tx.expect(row.version if row else None, version)
            before = repo.grading_rules(tx.s).as_dict()
            if audit.diff(before, rules.as_dict()):
                repo.put_setting(tx.s, SETTING_KEY, rules.to_json(), tx.actor.username)
                tx.updated(KIND, SETTING_KEY, before, rules.as_dict(), reason.strip())

        conflict = Conflict("分级规则", self.get, mine=rules)
        _, changes = self._transact("settings.grading", save, conflict=conflict)
        return self.get(), changes

    def restore_defaults(self, version: int) -> tuple[GradingRulesData, Changes]:
        """Back to the documented defaults (audited like any other save)."""
        return self.save(GradingRules(), version, "恢复默认分级规则")
