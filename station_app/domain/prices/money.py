"""Prices as integer fen (分), read from what a clerk types and shown as yuan; the vocabulary of
subjects and observations, and their validation. Pure.

A price typed as ``388``, ``388.5``, ``¥1,288.00`` or ``３８８元`` is read exactly (Decimal, never
float) into fen. A night costs more than 0 and at most ¥1,000,000: a bigger number is a typing
error (an extra zero, a phone number in the price column), refused with a message that says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from station_app.domain.text import remove_spaces, to_halfwidth
from station_app.errors import ValidationError

FEN_PER_YUAN = 100
MAX_PRICE_YUAN = 1_000_000
MAX_PRICE_FEN = MAX_PRICE_YUAN * FEN_PER_YUAN
"""The largest price accepted: ¥1,000,000 (a night, a kilogram); anything above is an error."""

ROOM, COMMODITY = "客房", "商品"
SUBJECT_KINDS = (ROOM, COMMODITY)
UNITS = ("晚", "公斤", "斤", "个", "份", "件", "升")
CLASSES = ("经济型", "舒适型", "高档型", "豪华型", "民宿", "其他")
"""档次 of a hotel (peers are compared within a 档次); commodities leave it empty."""

SOURCES = ("网络平台", "现场", "电话", "经营者报送")
DEFAULT_SOURCE = SOURCES[0]
MAX_NAME = 60
FUTURE_SLACK = timedelta(minutes=10)
"""An observation may be stamped up to 10 minutes ahead of this PC's clock (another PC's clock)."""

_YUAN = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
_NOISE = re.compile(r"^[¥￥]|元$|,")


def parse_yuan(text: object, *, field: str = "price", label: str = "价格") -> int:
    """A price in yuan as typed (``388``, ``388.50``, ``¥1,288``, a number from a sheet) → fen.

    Raises ValidationError in Chinese: empty, not a number, more than two decimals, ≤ 0,
    above ¥1,000,000.
    """
    if isinstance(text, bool) or text is None:
        raise ValidationError(f"请填写{label}（元）。", field=field)
    if isinstance(text, int):
        return check_price_fen(text * FEN_PER_YUAN, field=field, label=label)
    if isinstance(text, float):
        value = Decimal(repr(text))
    else:
        raw = _NOISE.sub("", remove_spaces(to_halfwidth(str(text))))
        if not raw:
            raise ValidationError(f"请填写{label}（元）。", field=field)
        if raw.startswith("-"):
            raise ValidationError(f"{label}不能为负数（填写的是“{text}”）。", field=field)
        if not _YUAN.match(raw):
            raise ValidationError(
                f"{label}“{text}”不是有效的金额：请填写元，最多两位小数，例如 388 或 388.50。",
                field=field,
            )
        value = Decimal(raw)
    return _fen_of(value, text, field, label)


def _fen_of(value: Decimal, text: object, field: str, label: str) -> int:
    try:
        fen = value * FEN_PER_YUAN
    except InvalidOperation as exc:  # pragma: no cover - Decimal of a repr never fails
        raise ValidationError(f"{label}“{text}”不是有效的金额。", field=field) from exc
    if fen != fen.to_integral_value():
        raise ValidationError(
            f"{label}“{text}”超过两位小数：金额只记到分，例如 388.50。", field=field
        )
    return check_price_fen(int(fen), field=field, label=label)


def check_price_fen(fen: int, *, field: str = "price", label: str = "价格") -> int:
    """``fen`` if it is a plausible price (0 < fen ≤ ¥1,000,000), else a Chinese error."""
    if fen < 0:
        raise ValidationError(f"{label}不能为负数（{yuan(fen)}）。", field=field)
    if fen == 0:
        raise ValidationError(f"{label}必须大于 0 元。", field=field)
    if fen > MAX_PRICE_FEN:
        raise ValidationError(
            f"{label} {yuan(fen)} 超过 ¥1,000,000 的上限，显然有误：请核对是否多输了位数。",
            field=field,
        )
    return fen


def yuan(fen: int | None) -> str:
    """``¥1,288`` for whole yuan, ``¥388.50`` otherwise, ``—`` for None (shown to users)."""
    if fen is None:
        return "—"
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}¥{whole:,}" if cents == 0 else f"{sign}¥{whole:,}.{cents:02d}"


def yuan_text(fen: int | None) -> str | None:
    """``1288.00``: yuan with two decimals for files and ``--json`` (None stays None)."""
    if fen is None:
        return None
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{whole}.{cents:02d}"


def percent_over(ratio: Fraction) -> int:
    """The rise of ``ratio`` (price ÷ baseline) in whole percent, half up: 1.625 → 63."""
    value = (Decimal(ratio.numerator) / Decimal(ratio.denominator) - 1) * 100
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ratio_text(ratio: Fraction | None, places: int = 2) -> str | None:
    """``1.63``: a ratio as a decimal string, half up (for ``--json`` and tables)."""
    if ratio is None:
        return None
    value = Decimal(ratio.numerator) / Decimal(ratio.denominator)
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def basis_points(ratio: Fraction | None) -> int | None:
    """``ratio`` × 10,000, half up: the integer stored on a flag (1.6331 → 16331)."""
    if ratio is None:
        return None
    value = Decimal(ratio.numerator) * 10_000 / Decimal(ratio.denominator)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def check_source(source: str | None) -> str:
    """One of :data:`SOURCES` (empty → 网络平台)."""
    value = (source or "").strip() or DEFAULT_SOURCE
    if value not in SOURCES:
        raise ValidationError(
            f"来源“{value}”不在可选范围内：{'、'.join(SOURCES)}。", field="source"
        )
    return value


def check_observed_at(at: datetime, now: datetime) -> datetime:
    """An aware time not in the future (beyond :data:`FUTURE_SLACK`) and not before 2000."""
    if at.tzinfo is None:
        raise ValueError("observed_at must be timezone-aware")
    if at > now + FUTURE_SLACK:
        raise ValidationError(
            f"监测时间 {at.astimezone(now.tzinfo):%Y-%m-%d %H:%M} 晚于现在，不能登记未来的价格。",
            field="observed_at",
        )
    if at.year < 2000:
        raise ValidationError("监测时间早于 2000 年，请核对日期。", field="observed_at")
    return at


@dataclass(frozen=True)
class SubjectFields:
    """A subject's fields after validation (what a form or ``subjects add`` gives)."""

    kind: str
    name: str
    unit: str
    entity_id: int | None
    market: str
    posted_fen: int | None
    filed_fen: int | None
    district: str
    klass: str


def check_subject(
    *,
    kind: str,
    name: str,
    entity_id: int | None,
    unit: str = "",
    market: str = "",
    posted_fen: int | None = None,
    filed_fen: int | None = None,
    district: str = "",
    klass: str = "",
) -> SubjectFields:
    """Validate a 监测对象: a room type needs an entity; a commodity an entity or a market."""
    kind = kind or ROOM
    if kind not in SUBJECT_KINDS:
        raise ValidationError(f"监测对象类型应为{'或'.join(SUBJECT_KINDS)}。", field="kind")
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写房型或商品名称，例如“标准间”。", field="name")
    if len(name) > MAX_NAME:
        raise ValidationError(f"名称不能超过 {MAX_NAME} 个字。", field="name")
    if kind == ROOM and entity_id is None:
        raise ValidationError("客房必须关联经营主体（酒店、宾馆）。", field="entity_id")
    market = (market or "").strip()
    if kind == COMMODITY and entity_id is None and not market:
        raise ValidationError("商品须关联经营主体或填写所在市场与摊位。", field="market")
    unit = (unit or "").strip() or ("晚" if kind == ROOM else "公斤")
    klass = (klass or "").strip()
    if klass and klass not in CLASSES:
        raise ValidationError(f"档次应为：{'、'.join(CLASSES)}。", field="klass")
    for fen, field, label in (
        (posted_fen, "posted_fen", "明码标价"),
        (filed_fen, "filed_fen", "备案价"),
    ):
        if fen is not None:
            check_price_fen(fen, field=field, label=label)
    return SubjectFields(
        kind, name, unit, entity_id, market, posted_fen, filed_fen, (district or "").strip(), klass
    )
