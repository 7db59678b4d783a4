"""Files with personal data (个人信息文件): created readable by their owner only, and never
written through a symbolic link or into a device.

The database and its WAL, backups, logs, exports and county packages hold personal data
(names, phones, ID numbers). On Linux they are created 0600 inside folders created 0700 (the
entry point also sets the umask to 077, so what a library writes itself — SQLite's -wal and
-shm, reportlab, openpyxl — is private from its first byte); on Windows they live in the
user's profile (%LOCALAPPDATA% for the application's own folders), whose access list already
keeps other users out, and the mode bits are not used.

An export goes to a private temporary file beside the target and is renamed over it at the
end: a symlink or a device at the target is refused first (a symlink planted where a clerk
saves a workbook would otherwise redirect the write onto, say, the database), and a half
written file never replaces a good one. A leaf module: stdlib and ``errors`` only.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from station_app.errors import StorageError, os_reason

FILE_MODE = 0o600
DIR_MODE = 0o700
UMASK = 0o077
POSIX = os.name == "posix"


def set_private_umask() -> None:
    """At the entry point: everything this process creates is its owner's alone."""
    if POSIX:
        os.umask(UMASK)


def restrict(path: Path) -> None:
    """Make an existing file owner-only (no-op on Windows or when it does not exist).
    ``chmod`` opens no descriptor: safe beside an open SQLite connection."""
    if not POSIX:
        return
    with contextlib.suppress(FileNotFoundError):
        if stat.S_IMODE(os.stat(path).st_mode) & 0o077:
            os.chmod(path, FILE_MODE)


def restrict_sqlite(path: Path) -> None:
    """The database file and its -wal / -shm / -journal companions, owner-only."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        restrict(path.with_name(path.name + suffix))


def private_dir(path: Path, *, own: bool = False) -> Path:
    """Create ``path`` (and missing parents) 0700. ``own``: the application's own folder (data,
    backups, logs): an existing one is made 0700 too; a folder the user chose is left as it is."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
        if POSIX and own and stat.S_IMODE(path.stat().st_mode) & 0o077:
            os.chmod(path, DIR_MODE)
    except OSError as exc:
        raise StorageError(f"无法创建文件夹：{path}\n原因：{os_reason(exc)}") from exc
    return path


def check_target(path: Path) -> None:
    """Refuse to write over a symbolic link, a device, a pipe or a folder (Chinese message)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(f"无法检查目标文件：{path}\n原因：{os_reason(exc)}") from exc
    if stat.S_ISLNK(st.st_mode):
        raise StorageError(
            f"目标“{path}”是一个符号链接（快捷方式），为防止数据被写到别处，已拒绝写入。\n"
            "请换一个文件名，或先删除该链接。"
        )
    if stat.S_ISDIR(st.st_mode):
        raise StorageError(f"目标“{path}”是一个文件夹，不能作为文件写入。请换一个文件名。")
    if not stat.S_ISREG(st.st_mode):
        raise StorageError(
            f"目标“{path}”不是普通文件（是设备、管道或套接字），已拒绝写入。请换一个文件名。"
        )


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a private temporary path beside ``path`` to write the whole file into; on success
    it replaces ``path`` (0600), on failure it is removed and ``path`` is untouched."""
    path = Path(path)
    check_target(path)
    private_dir(path.parent)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise StorageError(f"无法写入文件：{path}\n原因：{os_reason(exc)}") from exc
    os.close(fd)  # mkstemp: O_EXCL, 0600, never follows a link
    tmp = Path(name)
    try:
        yield tmp
        check_target(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if sys.platform != "win32":
        restrict(path)


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through :func:`atomic_output`."""
    with atomic_output(path) as tmp:
        try:
            tmp.write_bytes(data)
        except OSError as exc:
            raise StorageError(f"无法写入文件：{path}\n原因：{os_reason(exc)}") from exc
    return Path(path)


def read_limited(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``path``: enough for the caller's size check to refuse
    a larger file without reading it whole (``/dev/zero`` as a photo never ends)."""
    with open(path, "rb") as fh:
        return fh.read(limit + 1)


def check_writable_folder(folder: Path) -> None:
    """Refuse, before any work is recorded, a folder that cannot take a new file (missing,
    read-only, /proc): a private temporary file is made there (or in the nearest folder that
    exists, when it is still to be made) and removed."""
    folder = Path(folder)
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".station-probe-"):
            pass
    except OSError as exc:
        raise StorageError(
            f"无法在文件夹“{folder}”中写入文件（{os_reason(exc)}）。请换一个文件夹后再试。"
        ) from exc
