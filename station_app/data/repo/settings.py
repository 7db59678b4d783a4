"""Station-wide settings (key → JSON text) and users' saved views, for the services that own
each key (grading rules, import mappings) and for ``services/saved_views.py``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from station_app.data.models import SavedView, StationSetting
from station_app.domain.grading import GradingRules

GRADING_RULES = "grading.rules"


def setting(s: Session, key: str) -> StationSetting | None:
    return s.get(StationSetting, key)


def settings(s: Session, keys: Iterable[str]) -> dict[str, StationSetting]:
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    rows = s.scalars(select(StationSetting).where(StationSetting.key.in_(wanted)))
    return {row.key: row for row in rows}


def settings_with_prefix(s: Session, prefix: str) -> list[StationSetting]:
    """Settings whose key starts with ``prefix`` (``%`` and ``_`` in it match literally), by key."""
    return list(
        s.scalars(
            select(StationSetting)
            .where(StationSetting.key.startswith(prefix, autoescape=True))
            .order_by(StationSetting.key)
        )
    )


def grading_rules(s: Session) -> GradingRules:
    """The grading rules in force (the documented defaults until the station saves its own)."""
    row = s.get(StationSetting, GRADING_RULES)
    return GradingRules.from_json(row.value) if row else GradingRules()


def put_setting(s: Session, key: str, value: str, username: str) -> StationSetting:
    """Create or update; the caller has checked the version it expects."""
    row = s.get(StationSetting, key)
    if row is None:
        row = StationSetting(key=key, value=value, updated_by=username)
        s.add(row)
    else:
        row.value, row.updated_by = value, username
    s.flush()
    return row


def delete_setting(s: Session, key: str) -> bool:
    result: Any = s.execute(delete(StationSetting).where(StationSetting.key == key))
    return result.rowcount > 0


def views(s: Session, owner: str, screen: str) -> list[SavedView]:
    return list(
        s.scalars(
            select(SavedView)
            .where(SavedView.owner == owner, SavedView.screen == screen)
            .order_by(SavedView.name, SavedView.id)
        )
    )


def view_named(s: Session, owner: str, screen: str, name: str) -> SavedView | None:
    return s.scalars(
        select(SavedView).where(
            SavedView.owner == owner, SavedView.screen == screen, SavedView.name == name
        )
    ).first()
