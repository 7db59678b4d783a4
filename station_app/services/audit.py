"""The audit trail as users see it: a record's history, and verification of the chain."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from station_app.data import audit, audit_verify
from station_app.data.engine import Database
from station_app.documents import stamp
from station_app.domain.anchors import Head
from station_app.domain.auth import person_name
from station_app.errors import NotFoundError
from station_app.services.base import Auth, NullProgress, Progress, Tx, transact

AuditRow = audit.AuditRow
VerifyResult = audit.VerifyResult


def current_head(source: Any) -> Head | None:
    """The audit head now: the one shared place prints, packages and backups take it from.
    ``source``: the ``Database`` (read on its own connection) or the Session of the unit of
    work printing (then it includes the rows that unit appended, e.g. the document's issue)."""
    if isinstance(source, Database):
        with source.core_read() as con:
            return audit.current_head(con)
    return audit.current_head(source)


@contextmanager
def printed_at(source: Any) -> Iterator[Head | None]:
    """Documents built inside carry the current head's code on every page (日志校验码)."""
    head = current_head(source)
    with stamp.stamped(head.code if head is not None else None):
        yield head


def reveal_personal_value(
    db: Database,
    auth: Auth,
    kind: str,
    record_id: int,
    field_name: str,
    load: Callable[[Any], Any],
    missing: str,
) -> str:
    """The full value of a masked personal field of one record (``load(session)`` reads the
    record, ``missing`` is the message when it is gone): needs ``personal.unmasked``, and the
    view is written to the audit trail in the same transaction. The one way services reveal."""

    def reveal(tx: Tx) -> str:
        row = load(tx.s)
        if row is None:
            raise NotFoundError(missing)
        tx.viewed(kind, record_id, [field_name])
        return getattr(row, field_name)

    return transact(db, auth, "personal.unmasked", reveal)[0]


class AuditService:
    def __init__(self, db: Database, auth: Auth) -> None:
        self._db = db
        self._auth = auth

    def history(self, kind: str, record_id: str | int) -> list[AuditRow]:
        """Newest first: who changed what, when, before → after, and why."""
        self._auth.require("data.view")
        from dataclasses import replace

        from station_app.data.repo.users import display_names

        with self._db.session() as s:
            names = display_names(s)
            rows = audit.history(s, kind, record_id)
        return [replace(r, person=person_name(r.username, names)) for r in rows]

    def verify(self, progress: Progress | None = None, anchors: Sequence[str] = ()) -> VerifyResult:
        """Recompute the chain; with ``anchors`` (codes or files: packages, backup heads, the
        county's anchor file, backups) also check it against each of them."""
        self._auth.require("audit.verify")
        points = []
        if anchors:
            from station_app.services.anchors import read_anchors

            station = self._station_id()
            live = self._db.info.path
            points = [a for spec in anchors for a in read_anchors(spec, station, live)]
        return audit_verify.verify(self._db, progress or NullProgress(), anchors=points)

    def head(self) -> Head | None:
        """The current head (None when the trail's head is missing or malformed)."""
        self._auth.require("data.view")
        return current_head(self._db)

    def _station_id(self) -> str:
        from station_app.data.repo.station import profile_row

        with self._db.core_read() as con:
            row = profile_row(con)
        return (row.code or row.name) if row is not None else ""

    def record_view(
        self, kind: str, record_id: str | int, fields: list[str], export: bool = False
    ) -> None:
        """Log that unmasked personal data was shown or exported (PIPL: who saw what)."""

        def log(tx: Tx) -> None:
            if export:
                tx.exported(kind, record_id, {"fields": fields})
            else:
                tx.viewed(kind, record_id, fields)

        transact(self._db, self._auth, "personal.unmasked", log)
