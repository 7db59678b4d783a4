"""Lost-update protection shared by every service that edits records.

A service reads a record with its ``version``; when it saves, the expected version is compared
inside the write transaction (and SQLAlchemy's ``version_id_col`` guards the UPDATE itself).
Any mismatch becomes a ``ConflictError`` carrying both versions, after the transaction rolled back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from station_app.errors import ConflictError

if TYPE_CHECKING:  # the types services annotate with (only data/ and queries/ import SQLAlchemy)
    from sqlalchemy.engine import Connection as Connection
    from sqlalchemy.orm import Session as Session


class StaleVersion(Exception):
    """The record's stored version differs from the one the user edited."""


def expect_version(stored: int | None, expected: int) -> None:
    if (stored or 0) != expected:
        raise StaleVersion(f"stored {stored}, expected {expected}")


@contextlib.contextmanager
def conflict_guard(label: str, reload: Callable[[], Any], mine: Any = None) -> Iterator[None]:
    """Wrap a unit of work; turn a stale save into ``ConflictError(mine, theirs)``."""
    from sqlalchemy.orm.exc import StaleDataError  # with the first save, not at start-up

    try:
        yield
    except (StaleVersion, StaleDataError) as exc:
        theirs = reload()
        raise ConflictError(
            f"{label}已被其他人（或另一个窗口）修改并保存，您的修改未保存。\n"
            "请对照两个版本，选择保留哪一个。",
            mine=mine,
            theirs=theirs,
        ) from exc
