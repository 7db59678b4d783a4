"""What every service shares: the ``Changes`` value, the ``Rows`` list contract and the
``Progress`` protocol."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

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


F = TypeVar("F", contravariant=True)


class Rows(Protocol[F]):
    """A list as a service hands it out: ``service.rows(filter)`` returns an ``<Area>Rows``
    (``EntityRows``, ``SweepRows``, ``ComplaintRows``, ``EntryRows``, ``GridRows``,
    ``PersonRows``, ``TrainingRows``) with this shape. It is the ``RowSource`` of
    ``ui.models.lazy_table`` (:meth:`fetch_ids`, :meth:`fetch_rows`) under one filter, a frozen
    dataclass from ``domain/<area>.py``. Sorting and filtering happen in SQL.

    Any thread: every call opens its own connection, so ``fetch_ids`` may run on the reader
    pool while the GUI thread fetches row pages."""

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        """Ids of the rows matching the filter, ordered by the column ``sort_key`` (one of the
        area's column keys; ``None``: the list's default order), ties broken by id; descending
        is the exact reverse."""
        ...

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        """Rows of ``ids`` keyed by id, each a tuple in the area's column-key order (some
        areas add hidden values after the columns); deleted ids are absent."""
        ...

    def with_filter(self, flt: F) -> Rows[F]:
        """From now on the rows are those matching ``flt``; returns the rows to use (this
        object: the lazy model keeps its source). A ``fetch_ids`` already running keeps the
        filter it started with; the model drops its result by its generation counter."""
        ...

    def count(self) -> int:
        """How many rows match the filter (a ``COUNT`` in SQL, not ``len(fetch_ids())``)."""
        ...


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
