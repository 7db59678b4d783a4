"""What every service shares: :func:`transact` (one use case = one transaction) with its
:class:`Tx`, the ``Changes`` value, the ``Rows`` list contract and the ``Progress`` protocol.

A use case, after Anki's ``Collection.transact`` (``rslib/src/collection/transact.rs``, whose
``OpChanges`` come out of what the operation wrote): the service checks the permission, opens
one unit of work inside a conflict guard, hands the operation a :class:`Tx` that loads rows
with a version check and records what it created, updated and deleted; the recorded entries
become the audit rows, appended in the same transaction, and the :class:`Changes` returned.
No use case appends audit rows or builds ``Changes`` by hand.
"""

from __future__ import annotations

import contextlib
import logging
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from station_app.clock import Clock
from station_app.data import audit
from station_app.data.orm import conflict_guard, expect_version
from station_app.errors import NotFoundError, StationError

if TYPE_CHECKING:
    from station_app.data.engine import Database
    from station_app.data.orm import Connection, Session
    from station_app.domain.auth import Actor

T = TypeVar("T")
log = logging.getLogger(__name__)


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


class Auth(Protocol):
    """What a service needs of ``services.auth.Auth`` (the signed-in user): typed here without
    importing it, as ``services.auth`` builds on this module."""

    @property
    def actor(self) -> Actor | None: ...

    def can(self, action: str) -> bool: ...

    def require(self, action: str) -> Actor: ...


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


# ---- one use case, one transaction ---------------------------------------------------------

CHANGING_ACTIONS = frozenset({audit.CREATE, audit.UPDATE, audit.DELETE})
"""Audit actions that change a record (and so appear in ``Changes``); views and exports of
personal data are logged but change nothing."""


@dataclass(frozen=True)
class Conflict:
    """How a stale save is reported (``ConflictError``): ``label`` names the record (网格,
    投诉…), ``reload`` reads the stored version after the rollback, ``mine`` is what the user
    submitted (the dialog shows both)."""

    label: str
    reload: Callable[[], Any] = lambda: None
    mine: Any = None


class _Discard(Exception):
    """Raised through the unit of work to roll it back (a dry run); never leaves transact."""


class Tx:
    """One use case's unit of work: the open Session ``s`` (a Core ``Connection`` for
    :func:`transact_core`), the signed-in ``actor``, the clock's ``today``, and what the
    operation wrote. The worker thread that runs the use case owns it; it lives as long as the
    transaction."""

    def __init__(self, s: Any, actor: Actor, today: date, *, audit_optional: bool = False) -> None:
        self.s: Session = s
        self.actor = actor
        self.today = today
        self.entries: list[audit.AuditEntry] = []
        self.audit_optional = audit_optional
        self._touched: dict[str, set[int] | None] = {}
        self._discarded = False

    @property
    def con(self) -> Connection:
        """The Core connection of a :func:`transact_core` transaction (``s`` typed for Core)."""
        return cast("Connection", self.s)

    def act_as(self, actor: Actor) -> None:
        """Record this transaction's entries in the name of ``actor``: the first
        administrator is created by the system, a sign-in is recorded by whoever signed in.
        Only before anything is recorded."""
        if self.entries:
            raise RuntimeError("act_as after entries were recorded")
        self.actor = actor

    # -- reading with a version check --------------------------------------------------------

    def load(
        self, model: type[T], record_id: Any, version: int | None = None, *, missing: str
    ) -> T:
        """The row of ``model`` with this primary key, or ``NotFoundError(missing)``; with a
        ``version``, a stored version that differs is a conflict (rolled back, reported)."""
        row = self.s.get(model, record_id)
        if row is None:
            raise NotFoundError(missing)
        if version is not None:
            expect_version(row.version, version)  # type: ignore[attr-defined]
        return row

    @staticmethod
    def expect(stored: int | None, version: int) -> None:
        """The version check for a row read some other way (a repository query)."""
        expect_version(stored, version)

    # -- recording what was written ----------------------------------------------------------

    def record(
        self,
        action: str,
        kind: str,
        record_id: str | int,
        changes: Mapping[str, Any] | None = None,
        reason: str = "",
    ) -> None:
        """One audit entry as it is; a create, update or delete also goes into ``changes``."""
        self.entries.append(audit.AuditEntry(action, kind, record_id, dict(changes or {}), reason))
        if action in CHANGING_ACTIONS:
            self.touch(kind, [record_id] if isinstance(record_id, int) else None)

    def created(
        self, kind: str, record_id: str | int, after: Mapping[str, Any], reason: str = ""
    ) -> None:
        self.record(audit.CREATE, kind, record_id, audit.diff(None, after), reason)

    def updated(
        self,
        kind: str,
        record_id: str | int,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        reason: str = "",
    ) -> None:
        """An update, audited as the fields that differ between ``before`` and ``after``."""
        self.record(audit.UPDATE, kind, record_id, audit.diff(before, after), reason)

    def saved(
        self,
        kind: str,
        record_id: str | int,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any],
        reason: str = "",
    ) -> None:
        """:meth:`created` when there was no ``before``, else :meth:`updated`."""
        action = audit.UPDATE if before else audit.CREATE
        self.record(action, kind, record_id, audit.diff(before, after), reason)

    def deleted(
        self, kind: str, record_id: str | int, before: Mapping[str, Any], reason: str = ""
    ) -> None:
        self.record(audit.DELETE, kind, record_id, audit.diff(before, None), reason)

    def viewed(self, kind: str, record_id: str | int, fields: list[str], reason: str = "") -> None:
        """Unmasked personal data was shown (PIPL: who saw what); changes nothing."""
        self.record(audit.VIEW, kind, record_id, {"fields": fields}, reason)

    def exported(
        self, kind: str, record_id: str | int, changes: Mapping[str, Any], reason: str = ""
    ) -> None:
        """Data left the application (a file, a print); changes nothing."""
        self.record(audit.EXPORT, kind, record_id, changes, reason)

    def touch(self, kind: str, ids: Iterable[Any] | None = None) -> None:
        """Also report ``kind`` as changed (``ids`` None: any record of it), for a record
        written beside the audited one (a publication's snapshot, the grades behind a recompute)."""
        if ids is None or self._touched.get(kind, set()) is None:
            self._touched[kind] = None
            return
        self._touched.setdefault(kind, set()).update(int(i) for i in ids)  # type: ignore[union-attr]

    def write_audit(self) -> None:
        """Append the entries recorded so far now, still in this transaction (the rest follow
        at its end): a document that prints the audit head (日志校验码) then carries the
        head after its own issue. ``changes`` are unaffected."""
        _append(self)

    def discard(self) -> None:
        """Roll everything back when the operation returns (a dry run): no audit rows, no
        ``Changes``; the operation's return value still comes back."""
        self._discarded = True

    @property
    def changes(self) -> Changes:
        """What the recorded entries and touches changed."""
        if self._discarded:
            return Changes()
        return Changes({k: frozenset(v or ()) for k, v in self._touched.items()})


def transact(
    db: Database,
    auth: Auth,
    permission: str | None,
    operation: Callable[[Tx], T],
    *,
    conflict: Conflict | None = None,
    today: date | None = None,
) -> tuple[T, Changes]:
    """Run ``operation(tx)`` as one use case: ``permission`` checked (``PermissionDeniedError``
    before anything is read), one unit of work, a stale version turned into ``ConflictError``
    (with ``conflict``'s label and both versions) after the rollback, the entries the operation
    recorded appended to the audit trail in its transaction, and the ``Changes`` they amount
    to returned beside the operation's result. Any exception rolls everything back.

    ``permission`` None: the operation decides who acts (``tx.act_as``) and checks the
    permission itself, inside the transaction (the first administrator: only while there is
    no user)."""
    actor = auth.require(permission) if permission is not None else (auth.actor or _system())
    with _guard(conflict), contextlib.suppress(_Discard), db.uow() as s:
        tx = Tx(s, actor, today or Clock().today())
        value = operation(tx)
        _finish(s, tx)
    return value, tx.changes


def transact_core(
    db: Database,
    actor: Actor,
    operation: Callable[[Tx], T],
    *,
    today: date | None = None,
    audit_optional: bool = False,
) -> tuple[T, Changes]:
    """:func:`transact` on a Core connection (no ORM: sign-in at start-up) in the name of
    ``actor`` (``tx.act_as`` may name another); ``tx.s`` is a ``Connection``. With
    ``audit_optional`` the audit rows go in a savepoint and an unusable audit trail is logged,
    not raised: a sign-in must still let an administrator in to restore a backup."""
    with contextlib.suppress(_Discard), db.core_uow() as con:
        tx = Tx(con, actor, today or Clock().today(), audit_optional=audit_optional)
        value = operation(tx)
        _finish(con, tx)
    return value, tx.changes


def _system() -> Actor:
    from station_app.domain.auth import SYSTEM

    return SYSTEM


def _finish(s: Session | Connection, tx: Tx) -> None:
    if tx._discarded:
        raise _Discard
    _append(tx)


def _append(tx: Tx) -> None:
    """The one place services append audit rows: the entries ``tx`` recorded, in its
    transaction (a Session, or a Core Connection at start-up)."""
    entries, tx.entries = tx.entries, []
    with _tolerated(tx) if tx.audit_optional else contextlib.nullcontext():
        audit.append(tx.s, tx.actor, entries)


@contextlib.contextmanager
def _tolerated(tx: Tx) -> Iterator[None]:
    try:
        with tx.s.begin_nested():
            yield
    except audit.AuditUnavailableError:
        log.error("audited nowhere: the audit tables are unusable", exc_info=True)


@contextlib.contextmanager
def _guard(conflict: Conflict | None) -> Iterator[None]:
    if conflict is None:
        with conflict_guard("该记录", lambda: None):
            yield
        return
    with conflict_guard(conflict.label, conflict.reload, mine=conflict.mine):
        yield


class Service:
    """Base of the use-case services: the database, the signed-in user (``Auth``), the
    station's clock, and :meth:`_transact`. Any thread; each call opens its own session."""

    def __init__(self, db: Database, auth: Auth, *, clock: Clock | None = None) -> None:
        self._db = db
        self._auth = auth
        self._clock = clock or Clock()

    def _transact(
        self,
        permission: str | None,
        operation: Callable[[Tx], T],
        *,
        conflict: Conflict | None = None,
    ) -> tuple[T, Changes]:
        """:func:`transact` on this service's database, user and clock."""
        return transact(
            self._db,
            self._auth,
            permission,
            operation,
            conflict=conflict,
            today=self._clock.today(),
        )
