"""Errors that reach the user. Every message is Chinese and says what to do.

Services raise these; the CLI prints ``message`` to stderr and exits non-zero, the GUI shows it
in a dialog. Anything else that escapes is a bug: it is logged and shown as an unexpected error.
"""

from __future__ import annotations


class StationError(Exception):
    """Base of all expected errors. ``message`` is shown to the user as it is."""

    exit_code = 1
    reported = False  # set by the GUI once the user has read the message (not shown again)

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


_OS_REASONS = {
    "ENOSPC": "磁盘空间不足",
    "EACCES": "没有读写权限",
    "EPERM": "没有读写权限",
    "ENOENT": "找不到该文件或文件夹",
    "EROFS": "该位置只读",
    "EISDIR": "这是一个文件夹，不是文件",
    "ENOTDIR": "路径中有一段不是文件夹",
    "EEXIST": "已有同名的文件",
    "EBUSY": "文件正被其他程序使用",
    "ENAMETOOLONG": "文件名或路径太长",
    "EMFILE": "打开的文件太多",
    "EDQUOT": "磁盘配额已用完",
}


def os_reason(exc: BaseException) -> str:
    """A short Chinese phrase for an operating-system error, to put after 原因： in a message
    ("没有读写权限" for EACCES), where ``exc.strerror`` would show the English words of the
    C library ("Permission denied"). Windows' sharing violation (winerror 32) reads 正被其他程序
    使用. Anything else: 系统错误 N (the number is what a technician looks up)."""
    import errno

    if getattr(exc, "winerror", None) in (32, 33):
        return "文件正被其他程序使用（例如在 Excel 中打开着），请先关闭它"
    number = getattr(exc, "errno", None)
    if number is None:
        return "文件读写失败"
    name = errno.errorcode.get(number, "")
    return _OS_REASONS.get(name, f"系统错误 {number}")


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


class ConnectionLostError(StationError):
    """The database server went away (or could not be reached) in the middle of an operation.

    Nothing is ever half-written: PostgreSQL rolls back a transaction whose connection breaks.
    What the user needs to know is which of their changes reached the database, so the message
    says it: ``stage`` is where the connection broke (``WORK`` inside a transaction, ``READ``
    while reading, ``COMMIT`` while committing: then nobody can know), and :meth:`settle`
    adds whether earlier steps of the same operation were committed (``services.connection``
    calls it at the operation's boundary). ``retry_safe`` tells the GUI it may offer 重试."""

    exit_code = 10
    WORK, READ, COMMIT = "work", "read", "commit"

    def __init__(self, server: str, stage: str = WORK, reason: str = "") -> None:
        self.server = server
        self.stage = stage
        self.reason = reason
        self.committed_earlier = False
        super().__init__(self._compose(), detail=reason)  # the driver's words: log, not dialog

    def settle(self, *, committed_earlier: bool) -> None:
        """Record whether the operation had committed something before the break."""
        self.committed_earlier = committed_earlier
        self.message = self._compose()
        self.args = (self.message,)

    @property
    def saved(self) -> str:
        """``"nothing"``, ``"unknown"``, ``"earlier"`` (steps before the break were saved) or
        ``"all"`` (saved; only reading the result back failed)."""
        if self.stage == self.COMMIT:
            return "unknown"
        if not self.committed_earlier:
            return "nothing"
        return "all" if self.stage == self.READ else "earlier"

    @property
    def retry_safe(self) -> bool:
        """Running the operation again cannot save anything twice."""
        return self.saved == "nothing"

    def _compose(self) -> str:
        what = {
            "nothing": (
                "本次操作没有保存：数据库中没有留下任何改动，也没有写入一半的内容。"
                if self.stage == self.WORK
                else "读取数据时连接中断，没有修改任何数据。"
            ),
            "unknown": (
                "连接恰好在提交时中断，无法确定本次操作是否已经保存。"
                "请在连接恢复后刷新并核对，再决定是否重做，以免重复录入。"
            ),
            "earlier": (
                "本次操作中断前已完成的步骤已经保存，中断时正在进行的那一步没有保存。"
                "请在连接恢复后刷新并核对。"
            ),
            "all": "本次操作已经保存，但随后读取结果时连接中断：连接恢复后刷新即可看到。",
        }[self.saved]
        return (
            f"与数据库服务器 {self.server} 的连接中断了。\n{what}\n"
            "请检查网络和数据库服务器是否正常，恢复后再试。"
        )


class DatabaseReplacedError(StationError):
    """The database this window opened was replaced under it (a backup restored, the demo
    rebuilt, by this PC or another process): it stops writing, whatever it still holds."""

    exit_code = 11


class RestoreRefusedError(StationError):
    """A backup that may not be what the user thinks: from another station, or with an audit
    chain that does not verify. ``problems`` lists why; a restore forced with a reason goes
    ahead and records them."""

    exit_code = 12

    def __init__(self, message: str, problems: tuple[str, ...]) -> None:
        super().__init__(message)
        self.problems = problems
