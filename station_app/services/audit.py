"""The audit trail as users see it: a record's history, and verification of the chain."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from station_app.data import audit
from station_app.data.engine import Database
from station_app.errors import NotFoundError
from station_app.services.base import Auth, NullProgress, Progress, Tx, transact

AuditRow = audit.AuditRow
VerifyResult = audit.VerifyResult


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
        with self._db.session() as s:
            return audit.history(s, kind, record_id)

    def verify(self, progress: Progress | None = None) -> VerifyResult:
        self._auth.require("audit.verify")
        return audit.verify(self._db, progress or NullProgress())

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
