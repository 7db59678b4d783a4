"""Reading price sheets (the platforms' exports, the hotels' own 报价表): header synonyms, one
row → one observation or the reasons it cannot be one. Pure; ``exports/ledger_reader`` reads
the cells, the service resolves subjects and writes all rows or none.

A row names its subject by the subject's number (监测对象编号), or by the entity (统一社会信用代码,
else its name) and the room type or goods (房型/商品). The time is a date and, optionally, a time
(one cell or two); a date alone is taken as 12:00 Beijing time (decided: platforms export days).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from station_app.domain.prices.money import SOURCES, check_source, parse_yuan
from station_app.domain.text import remove_spaces, to_halfwidth
from station_app.errors import ValidationError

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
DEFAULT_TIME = time(12, 0)
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "subject_id": ("监测对象编号", "对象编号", "监测对象ID", "对象ID", "编号"),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码"),
    "entity": (
        "酒店名称",
        "酒店",
        "宾馆名称",
        "经营者",
        "经营者名称",
        "商户名称",
        "主体名称",
        "名称",
        "摊位",
    ),
    "name": ("房型", "房间类型", "客房类型", "商品", "商品名称", "品名", "监测对象"),
    "at": ("监测时间", "采集时间", "时间", "日期时间", "监测日期", "日期", "入住日期"),
    "time": ("时刻", "采集时刻"),
    "price": ("价格", "实际价格", "实际售价", "售价", "房价", "成交价", "价格元", "单价", "金额"),
    "source": ("来源", "价格来源", "采集方式"),
    "platform": ("平台", "渠道", "销售平台"),
    "note": ("备注", "说明"),
}
FIELD_LABELS = {
    "subject_id": "监测对象编号",
    "uscc": "统一社会信用代码",
    "entity": "经营者名称",
    "name": "房型/商品",
    "at": "监测时间",
    "time": "时刻",
    "price": "价格",
    "source": "来源",
    "platform": "平台",
    "note": "备注",
}
_NOISE = re.compile(r"[（(]元[/／]?[晚间天公斤个]*[)）]|[\s*＊:：()（）\[\]【】]|必填|选填")
_DATE = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]*(\d{1,2})[:：时](\d{1,2})分?)?"
)
_TIME = re.compile(r"^(\d{1,2})[:：时](\d{1,2})")


@dataclass(frozen=True)
class SubjectRef:
    """How a row names its subject: an id, or the entity (USCC or name) and the room type."""

    subject_id: int | None = None
    uscc: str = ""
    entity: str = ""
    name: str = ""

    @property
    def label(self) -> str:
        if self.subject_id is not None:
            return f"监测对象 {self.subject_id}"
        return f"{self.uscc or self.entity} {self.name}".strip()


@dataclass(frozen=True)
class ObservationRow:
    line: int
    subject: SubjectRef
    observed_at: datetime
    price_fen: int
    source: str
    platform: str = ""
    note: str = ""


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.line} 行“{self.column}”：{self.message}"


def _norm(text: object) -> str:
    return _NOISE.sub("", remove_spaces(to_halfwidth(str(text or "")))).upper()


def map_header(header: Sequence[object]) -> dict[str, int]:
    """field → column index for a header row (the first matching column wins)."""
    found: dict[str, int] = {}
    names = [_norm(h) for h in header]
    for field, synonyms in HEADER_SYNONYMS.items():
        wanted = {_norm(s) for s in synonyms}
        for i, name in enumerate(names):
            if name in wanted and i not in found.values():
                found[field] = i
                break
    return found


def check_mapping(mapping: Mapping[str, int]) -> None:
    """A sheet must give a price, a time and a way to find the subject."""
    missing = [FIELD_LABELS[f] for f in ("price", "at") if f not in mapping]
    if "subject_id" not in mapping and "name" not in mapping:
        missing.append("监测对象编号或房型/商品")
    if "subject_id" not in mapping and not {"uscc", "entity"} & set(mapping):
        missing.append("监测对象编号或经营者（名称或统一社会信用代码）")
    if missing:
        raise ValidationError(
            f"表头缺少：{'、'.join(dict.fromkeys(missing))}。请检查表头行（可识别的列名见导入说明）。",
            field="header",
        )


def parse_moment(value: object, clock: object = None) -> datetime:
    """A cell (date, datetime, text) and an optional time cell → an aware Beijing moment."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=SHANGHAI)
    elif isinstance(value, date):
        moment = datetime.combine(value, DEFAULT_TIME, SHANGHAI)
    else:
        text = to_halfwidth(str(value or "")).strip()
        match = _DATE.match(text)
        if not match:
            raise ValueError(text)
        y, m, d, hh, mm = match.groups()
        at = time(int(hh), int(mm)) if hh is not None else DEFAULT_TIME
        moment = datetime.combine(date(int(y), int(m), int(d)), at, SHANGHAI)
    if clock not in (None, ""):
        moment = moment.replace(hour=0, minute=0) + _time_of(clock)
    return moment


def _time_of(value: object) -> timedelta:
    if isinstance(value, time):
        return timedelta(hours=value.hour, minutes=value.minute)
    if isinstance(value, datetime):
        return timedelta(hours=value.hour, minutes=value.minute)
    if isinstance(value, float) and 0 <= value < 1:  # Excel keeps a time as a fraction of a day
        return timedelta(minutes=round(value * 24 * 60))
    match = _TIME.match(to_halfwidth(str(value)).strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(str(value))
    return timedelta(hours=int(match[1]), minutes=int(match[2]))


def _cell(cells: Sequence[object], mapping: Mapping[str, int], field: str) -> object:
    i = mapping.get(field)
    return cells[i] if i is not None and i < len(cells) else ""


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return to_halfwidth(str(value if value is not None else "")).strip()


def parse_row(
    cells: Sequence[object], mapping: Mapping[str, int], line: int, now: datetime
) -> ObservationRow | list[RowError]:
    """One sheet row → an observation, or every reason it is not one (column named)."""
    errors: list[RowError] = []
    ref = _subject_ref(cells, mapping, line, errors)
    at = _moment(cells, mapping, line, now, errors)
    price = _price(cells, mapping, line, errors)
    source = _text(_cell(cells, mapping, "source"))
    try:
        source = check_source(source)
    except ValidationError as exc:
        errors.append(RowError(line, FIELD_LABELS["source"], exc.message))
    if errors or ref is None or at is None or price is None:
        return errors
    platform = _text(_cell(cells, mapping, "platform"))[:30]
    return ObservationRow(
        line, ref, at, price, source, platform, _text(_cell(cells, mapping, "note"))
    )


def _subject_ref(
    cells: Sequence[object], mapping: Mapping[str, int], line: int, errors: list[RowError]
) -> SubjectRef | None:
    raw_id = _text(_cell(cells, mapping, "subject_id"))
    if raw_id:
        if not raw_id.isdigit():
            errors.append(
                RowError(line, FIELD_LABELS["subject_id"], f"“{raw_id}”不是编号（应为数字）。")
            )
            return None
        return SubjectRef(subject_id=int(raw_id))
    uscc = _text(_cell(cells, mapping, "uscc")).upper()
    entity = _text(_cell(cells, mapping, "entity"))
    name = _text(_cell(cells, mapping, "name"))
    if not name:
        errors.append(RowError(line, FIELD_LABELS["name"], "请填写房型或商品（或监测对象编号）。"))
    if not (uscc or entity):
        errors.append(
            RowError(line, FIELD_LABELS["entity"], "请填写经营者名称或统一社会信用代码。")
        )
    return SubjectRef(None, uscc, entity, name) if name and (uscc or entity) else None


def _moment(
    cells: Sequence[object],
    mapping: Mapping[str, int],
    line: int,
    now: datetime,
    errors: list[RowError],
) -> datetime | None:
    value, clock = _cell(cells, mapping, "at"), _cell(cells, mapping, "time")
    if value in (None, ""):
        errors.append(RowError(line, FIELD_LABELS["at"], "请填写监测时间，例如 2026-10-02 20:00。"))
        return None
    try:
        at = parse_moment(value, clock)
    except ValueError:
        shown = f"{_text(value)} {_text(clock)}".strip()
        errors.append(
            RowError(line, FIELD_LABELS["at"], f"“{shown}”不是日期时间，应写作 2026-10-02 20:00。")
        )
        return None
    if at > now + timedelta(minutes=10):
        errors.append(
            RowError(
                line, FIELD_LABELS["at"], f"{at:%Y-%m-%d %H:%M} 晚于现在，不能导入未来的价格。"
            )
        )
        return None
    if at.year < 2000:
        errors.append(RowError(line, FIELD_LABELS["at"], "早于 2000 年，请核对日期。"))
        return None
    return at


def _price(
    cells: Sequence[object], mapping: Mapping[str, int], line: int, errors: list[RowError]
) -> int | None:
    try:
        return parse_yuan(_cell(cells, mapping, "price"))
    except ValidationError as exc:
        errors.append(RowError(line, FIELD_LABELS["price"], exc.message))
        return None


__all__ = ["SOURCES", "ObservationRow", "RowError", "SubjectRef", "map_header", "parse_row"]
