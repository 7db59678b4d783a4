"""Display formatting shared by screens: local time (Asia/Shanghai), money in yuan."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")  # no DST since 1991


def local_time(value: datetime) -> datetime:
    """Stored times are UTC; people read Beijing time."""
    return value.astimezone(SHANGHAI)


def yuan(fen: int | None) -> str:
    """Money is stored as integer fen; shown as ``1,234.50``."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"
