"""Reading a county data package's ZIP within bounds (issue 17): the member count, their
names (no ``../``, no absolute or drive paths, no duplicates), the sizes the ZIP declares and
their compression ratio are checked before anything is inflated, and each member is read as a
stream that stops at its declared size. Password-protected members, unknown compression
methods and damaged deflate streams are refused in Chinese like any other damage."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from station_app.errors import StationError

MB = 1 << 20
MAX_PACKAGE_BYTES = 256 * MB  # the ZIP on disk
MAX_MEMBERS = 16  # a package has five
MAX_MEMBER_BYTES = 128 * MB  # one member inflated (a workbook with every detail sheet)
MAX_TOTAL_BYTES = 256 * MB
MAX_RATIO = 200
RATIO_FLOOR = 4 * MB
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")  # the package's own names: flat, plain


class PackageError(StationError):
    exit_code = 2


def read_members(path: Path) -> dict[str, bytes]:
    """Every member of the package at ``path`` by name, or :class:`PackageError`."""
    name = Path(path).name
    try:
        if Path(path).stat().st_size > MAX_PACKAGE_BYTES:
            raise PackageError(
                f"{name} 超过数据包的大小上限 {MAX_PACKAGE_BYTES // MB} MB，已拒绝。"
            )
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_directory(name, infos)
            return {info.filename: _read(zf, info) for info in infos}
    except PackageError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
        raise PackageError(
            f"{name} 不是有效的数据包（ZIP 文件已损坏或不完整），请让该所重新导出。"
        ) from exc
    except NotImplementedError as exc:
        raise PackageError(
            f"{name} 使用了本系统不支持的压缩方式，不是本系统生成的数据包。"
        ) from exc
    except RuntimeError as exc:  # a password-protected member
        raise PackageError(f"{name} 的内容设置了密码，不是本系统生成的数据包。") from exc


def _check_directory(name: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise PackageError(f"{name} 内含 {len(infos):,} 个文件，超过上限 {MAX_MEMBERS}，已拒绝。")
    seen: set[str] = set()
    total = 0
    for info in infos:
        member = info.filename
        if not _SAFE_NAME.match(member) or member in (".", ".."):
            raise PackageError(
                f"{name} 中有文件名“{member[:80]}”不合规（含路径、../ 或特殊字符），已拒绝。"
            )
        if member in seen:
            raise PackageError(f"{name} 中文件 {member} 出现了两次，已拒绝。")
        seen.add(member)
        if info.flag_bits & 0x1:
            raise PackageError(f"{name} 的内容设置了密码，不是本系统生成的数据包。")
        if info.file_size > MAX_MEMBER_BYTES:
            raise PackageError(
                f"{name} 中的 {member} 解压后有 {info.file_size // MB:,} MB，超过上限 "
                f"{MAX_MEMBER_BYTES // MB} MB，已拒绝。"
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageError(
                f"{name} 中的 {member} 压缩比超过 {MAX_RATIO}:1，可能是恶意构造的文件，已拒绝。"
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise PackageError(
            f"{name} 解压后共 {total // MB:,} MB，超过上限 {MAX_TOTAL_BYTES // MB} MB，已拒绝。"
        )


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with zf.open(info) as fh:
        data = fh.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise zipfile.BadZipFile(info.filename)
    return data
