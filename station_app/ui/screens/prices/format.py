"""Cell formatters of the price screens: fen as ``¥388.50`` (whole yuan without decimals),
basis points as a ratio ``1.94``."""

from __future__ import annotations

from station_app.domain.prices.money import yuan


def yuan_cell(fen: int | None) -> str:
    return yuan(fen) if fen is not None else ""


def ratio_text(bp: int | None) -> str:
    return f"{bp / 10000:.2f}" if bp is not None else ""
