"""What every service shares: the ``Changes`` value and the ``Progress`` protocol."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from station_app.errors import StationError


@dataclass(frozen=True)
class Changes:
    """What a mutating call changed: record kinds (e.g. ``"station_profile"``) and their ids.

    The GUI publishes it on the event bus; each screen refreshes only when a kind it shows is in
    it. An empty set of ids for a kind means "anything of that kind may have changed"."""

    ids: Mapping[str, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, kind: str, ids: Iterable[int] = ()) -> Changes:
        return cls({kind: frozenset(ids)})

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.ids)

    def touches(self, *kinds: str) -> bool:
        return any(k in self.ids for k in kinds)

    def __or__(self, other: Changes) -> Changes:
        merged = {k: frozenset(v) for k, v in self.ids.items()}
        for k, v in other.ids.items():
            merged[k] = merged.get(k, frozenset()) | v
        return Changes(merged)

    def __bool__(self) -> bool:
        return bool(self.ids)


class Cancelled(StationError):
    def __init__(self) -> None:
        super().__init__("操作已取消，未做任何更改。")


class Progress(Protocol):
    """Reported to by long services. Thread-safe to call from the worker thread."""

    def report(self, done: int, total: int, text: str = "") -> None: ...

    @property
    def cancelled(self) -> bool: ...


class NullProgress:
    def report(self, done: int, total: int, text: str = "") -> None:
        pass

    @property
    def cancelled(self) -> bool:
        return False


def check_cancel(progress: Progress) -> None:
    """Raise :class:`Cancelled` if the user asked to stop; callers' transactions roll back."""
    if progress.cancelled:
        raise Cancelled()
