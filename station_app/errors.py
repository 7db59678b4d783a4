"""Errors that reach the user. Every message is Chinese and says what to do.

Services raise these; the CLI prints ``message`` to stderr and exits non-zero, the GUI shows it
in a dialog. Anything else that escapes is a bug: it is logged and shown as an unexpected error.
"""

from __future__ import annotations


class StationError(Exception):
    """Base of all expected errors. ``message`` is shown to the user as it is."""

    exit_code = 1

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class DatabaseOpenError(StationError):
    """The database cannot be opened: not a database, corrupt, unreachable, or on a share."""

    exit_code = 3


class DatabaseCorruptError(DatabaseOpenError):
    """A SQLite file failed its integrity check; ``path`` is the file (left untouched)."""

    def __init__(self, message: str, *, path: object = None) -> None:
        super().__init__(message)
        self.path = path


class SchemaTooNewError(DatabaseOpenError):
    """The database was written by a newer version of the application."""

    exit_code = 4


class StorageError(StationError):
    """A directory or file cannot be written (data dir, backup target)."""

    exit_code = 5


class ValidationError(StationError):
    """Input rejected; ``field`` names the form field or column it concerns."""

    exit_code = 2

    def __init__(self, message: str, *, field: str = "", detail: str = "") -> None:
        super().__init__(message, detail=detail)
        self.field = field


class NotFoundError(StationError):
    exit_code = 6


class ConflictError(StationError):
    """Someone else saved the same record first (version counter mismatch).

    ``mine`` is what this user tried to save, ``theirs`` what is stored now (both DTOs), so the
    GUI can show them side by side and let the user choose."""

    exit_code = 7

    def __init__(self, message: str, *, mine: object = None, theirs: object = None) -> None:
        super().__init__(message)
        self.mine = mine
        self.theirs = theirs


class PermissionDeniedError(StationError):
    exit_code = 8
