"""Text columns never store control characters (issue 17): a ``before_flush`` hook on every
ORM session drops ``domain.text.CONTROL_CHARACTERS`` from the string attributes of new and
changed rows, whatever entry point they came from (a form, the command line, a service).
Tab, line feed and carriage return stay. A NUL broke PostgreSQL writes outright and any other
one made every later xlsx export fail.

The audit tables are left alone: their rows are hashed as written (``data/audit`` cleans a
reason before hashing it; changes are JSON, which escapes controls). Services take their
audit snapshots after a flush, so they record the cleaned text. Bulk Core inserts (the ledger
import) clean their cells when they read them (``exports.ledger_reader.cell_text``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from station_app.domain.text import has_controls, strip_controls

_SKIPPED = frozenset({"audit_log", "audit_head"})


def install(maker: sessionmaker) -> sessionmaker:
    event.listen(maker, "before_flush", _clean)
    return maker


def _clean(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        if state.mapper.local_table.name in _SKIPPED:
            continue
        for key, value in list(state.dict.items()):
            if isinstance(value, str) and has_controls(value):
                setattr(obj, key, strip_controls(value))
