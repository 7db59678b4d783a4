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


def reason_text(exc: BaseException) -> str:
    """What a clerk should read (and do) about a low-level failure, in Chinese, instead of the
    library's English ("invalid Zip archive: Could not find EOCD", "[Errno 28] No space left
    on device"). The English original belongs in the log, not in a message."""
    import errno
    import zipfile

    if isinstance(exc, StationError):
        return exc.message
    if isinstance(exc, zipfile.BadZipFile) or "zip" in str(exc).lower():
        return "文件不完整或已损坏（不是完整的 ZIP/Excel 文件），请重新导出或重新下载后再试"
    if isinstance(exc, OSError) and exc.errno is not None:
        return {
            errno.ENOSPC: "磁盘空间不足，请清理磁盘后再试",
            errno.EACCES: "没有权限读写该文件或文件夹，请换一个位置，或关闭正在使用它的程序",
            errno.EPERM: "没有权限读写该文件或文件夹，请换一个位置，或关闭正在使用它的程序",
            errno.ENOENT: "找不到该文件或文件夹，请确认位置是否正确",
            errno.EROFS: "该位置只读，请换一个位置",
        }.get(exc.errno, f"文件读写失败（系统错误 {exc.errno}），请换一个位置或稍后再试")
    if isinstance(exc, UnicodeDecodeError):
        return "文件的文字编码无法识别，请用 Excel 另存为 .xlsx 或 UTF-8 编码的 CSV 后再试"
    if isinstance(exc, ValueError):
        return "文件内容格式不正确，请确认是本系统或原平台导出的文件"
    return "文件内容无法识别（可能已损坏、加密或不是表格文件），请用 Excel 打开后另存为 .xlsx 再试"
