"""What the command line says about an error no handler expected (issue 17): a Chinese line
that tells the user what to do, never a traceback; the traceback goes to the log file."""

from __future__ import annotations

import errno
import logging

log = logging.getLogger(__name__)

_OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "该位置只读，不能写入",
    errno.EEXIST: "文件已存在",
}


def explain(exc: Exception) -> tuple[str, int]:
    """``(message, exit code)`` for an unexpected exception; logs its traceback."""
    log.info("未预料的错误（已用中文告知用户）", exc_info=exc)
    if isinstance(exc, OSError):
        where = f"：{exc.filename}" if exc.filename else ""
        reason = _OS_REASONS.get(exc.errno or 0, "系统拒绝了该操作")
        return f"无法读写文件{where}（{reason}）。请换一个位置或文件名后再试。", 1
    if isinstance(exc, OverflowError):
        return "输入的数字太大，超出了允许的范围。请检查命令中的编号或天数。", 2
    if isinstance(exc, MemoryError):
        return "内存不足，操作未完成，未做任何更改。", 1
    return (
        "程序遇到了未预料的错误，操作未完成（数据库的更改已回滚）。"
        "详细信息已写入日志文件，请联系维护人员。",
        1,
    )
