"""The list contract of the 预警 list (``WarningsService.rows(filter)``)."""

from __future__ import annotations

from dataclasses import dataclass

LIST_COLUMNS = ("first_seen_at", "kind", "level", "title", "state", "active", "acked_by")


@dataclass(frozen=True)
class WarningFilter:
    """A state (新/已确认/已处置, ``None`` any), a kind, only those whose condition still holds,
    a text in the title."""

    state: str | None = None
    kind: str | None = None
    active_only: bool = False
    text: str = ""
