"""巡查规则 (docs/areas/patrols.md §4): versions by effective date, edited and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from station_app.data.models import PatrolRuleVersion
from station_app.data.repo import patrols as repo
from station_app.domain.patrols import rules as R
from station_app.errors import ValidationError
from station_app.services.base import Changes, Service, Tx

KIND_RULES = "patrol_rule_version"


def stored_versions(s) -> list[R.RuleSet]:
    """Every stored version, oldest first (none stored: the defaults are in force)."""
    return [
        R.RuleSet.from_json(v.effective_from, v.rules, v.note, v.id) for v in repo.rule_versions(s)
    ]


class PatrolRules(Service):
    """Reading and editing the patrol rules. Any thread."""

    def rule_versions(self) -> list[R.RuleSet]:
        """Stored versions, oldest first; the defaults (``DEFAULT_RULES``) apply before them."""
        self._auth.require("data.view")
        with self._db.session() as s:
            return stored_versions(s)

    def rules_on(self, day: date | None = None) -> R.RuleSet:
        """The version in force on ``day`` (today by default)."""
        return R.rules_on(self.rule_versions(), day or self._clock.today())

    def set_rule(
        self, values: dict[str, Any], effective_from: date | None = None, reason: str = ""
    ) -> tuple[R.RuleSet, Changes]:
        """One rule added or changed (``patrols rules set``): a new version from
        ``effective_from`` (today by default), made from the version in force that day."""
        rule = R.check_rule(values)
        return self._save(lambda base: base.with_rule(rule), effective_from, reason)

    def remove_rule(
        self, grade: str, kind: str, effective_from: date | None = None, reason: str = ""
    ) -> tuple[R.RuleSet, Changes]:
        """A grade's rule of ``kind`` dropped from ``effective_from`` on (无事不扰)."""
        return self._save(lambda base: base.without(grade.upper(), kind), effective_from, reason)

    def save_rules(self, rule_set: R.RuleSet, reason: str = "") -> tuple[R.RuleSet, Changes]:
        """A whole version as edited in 设置 → 巡查规则."""
        return self._save(lambda _base: rule_set, rule_set.effective_from, reason)

    def _save(self, make, effective_from: date | None, reason: str) -> tuple[R.RuleSet, Changes]:
        def save(tx: Tx) -> R.RuleSet:
            day = effective_from or tx.today
            versions = stored_versions(tx.s)
            base = R.rules_on(versions, day)
            new = R.RuleSet(day, make(base).rules, base.note if base.effective_from == day else "")
            R.check_new_version(new, versions, tx.today)
            changes = R.rule_changes(base, new)
            if not changes:
                raise ValidationError("规则没有变化，未保存新版本。", field="rules")
            row = repo.rule_version_on(tx.s, day)
            before = {"rules": row.rules} if row is not None else None
            if row is None:
                row = PatrolRuleVersion(
                    effective_from=day, rules="[]", created_by=tx.actor.username
                )
                tx.s.add(row)
            row.rules = new.rules_json()
            row.note = new.note
            tx.s.flush()
            after = {"effective_from": day.isoformat(), "rules": row.rules}
            why = "；".join(changes) + (f"（{reason.strip()}）" if reason.strip() else "")
            tx.saved(KIND_RULES, row.id, before, after, why)
            return R.RuleSet(day, new.rules, new.note, row.id)

        return self._transact("patrols.rules", save)
