"""Rules of the entity registry (经营主体台账): vocabularies and validation. Pure, no I/O.

:func:`normalise_entity` takes the fields of one entity as typed or imported and returns them
cleaned (full → half width, spaces, canonical codes and phones), or raises
:class:`~station_app.errors.ValidationError` naming the field with a Chinese message.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from station_app import clock
from station_app.domain.identifiers import (
    uscc_entity_type,
    validate_phone,
    validate_registration_no,
    validate_uscc,
)
from station_app.domain.text import (
    normalize_name,
    normalize_spaces,
    remove_spaces,
    strip_controls,
    to_halfwidth,
)
from station_app.errors import ValidationError

TYPE_ENTERPRISE, TYPE_INDIVIDUAL, TYPE_COOP, TYPE_UNREGISTERED, TYPE_OTHER = (
    "企业",
    "个体工商户",
    "农民专业合作社",
    "未登记",
    "其他",
)
ENTITY_TYPES = (TYPE_ENTERPRISE, TYPE_INDIVIDUAL, TYPE_COOP, TYPE_UNREGISTERED, TYPE_OTHER)
NATURAL_PERSON_TYPES = frozenset({TYPE_INDIVIDUAL, TYPE_UNREGISTERED})
STATUSES = ("在营", "歇业", "注销", "吊销")
GRADES = ("A", "B", "C", "D")
SOURCES = ("登记", "导入", "扫街纳管")
INDUSTRIES = (
    "食品销售",
    "餐饮服务",
    "食品生产",
    "药品零售",
    "医疗器械",
    "化妆品",
    "特种设备使用",
    "工业产品",
    "网络交易",
    "预付式消费",
    "加油站",
    "眼镜验配",
    "其他",
)
TAGS = (
    "红色合伙人",
    "放心消费示范单位",
    "无理由退货承诺单位",
    "ODR企业",
    "重点监管",
    "发售预付卡",  # the prepaid-card warning (#19)
    "持有预收款",
)
LICENCE_KINDS = (
    "食品经营许可证",
    "食品生产许可证",
    "小餐饮登记证",
    "药品经营许可证",
    "第二类医疗器械经营备案",
    "第三类医疗器械经营许可证",
    "特种设备使用登记证",
    "工业产品生产许可证",
    "其他",
)
CREDIT_CLASS_LABELS = {
    "A": "信用风险低",
    "B": "信用风险一般",
    "C": "信用风险较高",
    "D": "信用风险高",
}

FIELD_LABELS = {
    "uscc": "统一社会信用代码",
    "reg_no": "注册号",
    "name": "名称",
    "entity_type": "主体类型",
    "legal_rep": "法定代表人/经营者",
    "phone": "联系电话",
    "address": "经营地址",
    "grid_id": "所属网格",
    "registered_on": "成立日期",
    "status": "登记状态",
    "credit_class": "信用风险分类",
    "credit_class_on": "分类日期",
    "source": "来源",
    "note": "备注",
    "industries": "行业",
    "tags": "标签",
    "licences": "许可证",
    "local_grade": "本所分级",
    "grade_override": "人工调整分级",
    "grade_override_reason": "调整原因",
}


def is_personal_phone(entity_type: str, phone: str) -> bool:
    """True when an entity's phone is personal data to mask (FACTS §7): any phone of a natural
    person (个体工商户, 未登记) and a mobile of anyone (a company's mobile is someone's own).
    The same rule as the list's (``queries.entities.EntityRows``)."""
    return bool(phone) and (entity_type in NATURAL_PERSON_TYPES or phone[:1] == "1")


def entity_type_for(uscc: str | None) -> str:
    """Type from the code's first two characters; no code means 未登记."""
    if not uscc:
        return TYPE_UNREGISTERED
    kind = uscc_entity_type(uscc)
    return kind if kind in ENTITY_TYPES else TYPE_OTHER


def _text(value: object, field: str, limit: int, label: str) -> str:
    text = normalize_spaces(to_halfwidth(str(value or "")))
    if len(text) > limit:
        raise ValidationError(f"{label}不能超过 {limit} 个字，现为 {len(text)} 个字。", field=field)
    return text


def _choice(value: object, field: str, choices: tuple[str, ...], label: str, default=None):
    text = normalize_spaces(to_halfwidth(str(value or ""))).upper()
    if not text:
        return default
    for choice in choices:
        if text == choice.upper():
            return choice
    raise ValidationError(f"{label}“{value}”无效，只能是：{'、'.join(choices)}。", field=field)


def normalise_entity(fields: dict, today: date | None = None) -> dict:
    """Clean and check one entity's fields (keys as in ``FIELD_LABELS``); returns a new dict.

    ``entity_type`` follows the code when there is one (企业/个体工商户/农民专业合作社); without
    a code it is 未登记 unless the caller says otherwise."""
    out = dict(fields)
    name = normalize_name(str(fields.get("name") or ""))
    if not name:
        raise ValidationError(
            "请填写名称（营业执照上的名称，个体户可填字号或经营者姓名）。", field="name"
        )
    if len(name) > 200:
        raise ValidationError("名称不能超过 200 个字。", field="name")
    out["name"] = name
    uscc = fields.get("uscc")
    out["uscc"] = validate_uscc(uscc) if uscc and str(uscc).strip() else None
    reg_no = fields.get("reg_no")
    out["reg_no"] = validate_registration_no(reg_no) if reg_no and str(reg_no).strip() else None
    phone = fields.get("phone")
    out["phone"] = validate_phone(phone) if phone and str(phone).strip() else ""
    out["legal_rep"] = normalize_name(
        _text(fields.get("legal_rep"), "legal_rep", 60, "法定代表人/经营者")
    )
    out["address"] = _text(fields.get("address"), "address", 300, "经营地址").replace(" ", "")
    out["note"] = str(fields.get("note") or "").strip()
    out["status"] = _choice(fields.get("status"), "status", STATUSES, "登记状态", "在营")
    out["source"] = _choice(fields.get("source"), "source", SOURCES, "来源", "登记")
    out["credit_class"] = _choice(
        fields.get("credit_class"), "credit_class", GRADES, "信用风险分类"
    )
    if out["uscc"]:
        out["entity_type"] = entity_type_for(out["uscc"])
    else:
        given = _choice(fields.get("entity_type"), "entity_type", ENTITY_TYPES, "主体类型")
        out["entity_type"] = given or TYPE_UNREGISTERED
    today = today or clock.today()
    for key in ("registered_on", "credit_class_on"):
        value = fields.get(key)
        if value is not None and value > today:
            raise ValidationError(
                f"{FIELD_LABELS[key]} {value.isoformat()} 晚于今天，请核对。", field=key
            )
    industries = [
        _choice(i, "industries", INDUSTRIES, "行业") for i in fields.get("industries") or ()
    ]
    out["industries"] = tuple(dict.fromkeys(i for i in industries if i))
    tags = [_choice(t, "tags", TAGS, "标签") for t in fields.get("tags") or ()]
    out["tags"] = tuple(dict.fromkeys(t for t in tags if t))
    return out


def check_licence(kind: str, number: str, issued: date | None, expires: date | None) -> None:
    if not (kind or "").strip():
        raise ValidationError("许可证请选择种类。", field="licences")
    if issued and expires and expires < issued:
        raise ValidationError(
            f"{kind}的有效期至 {expires.isoformat()} 早于发证日期 {issued.isoformat()}，请核对。",
            field="licences",
        )


# ---- dates as they appear in ledgers --------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日?)?")
_DATE_SEP = re.compile(r"(\d{4})[-./](\d{1,2})(?:[-./](\d{1,2}))?")
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def parse_ledger_date(value: object) -> date | None:
    """A date as found in a ledger cell: a date, an Excel serial number, "2023年5月1日",
    "2023.5.1", "2023-05-01", "2023/5/1", "20230501". Empty → ``None``; anything else raises
    ``ValueError`` with a Chinese reason."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # Excel serial: 1954 … 2119
            return _EXCEL_EPOCH + timedelta(days=int(value))
        text = str(int(value))
    else:
        text = to_halfwidth(str(value)).strip()
    if not text:
        return None
    if text.isdigit() and 20000 <= int(text) <= 80000 and len(text) == 5:
        return _EXCEL_EPOCH + timedelta(days=int(text))
    for pattern in (_DATE_CN, _DATE_SEP, _DATE_COMPACT):
        match = pattern.fullmatch(text.split(" ")[0] if pattern is not _DATE_CN else text)
        if match:
            y, m, d = match.groups()
            try:
                return date(int(y), int(m), int(d or 1))
            except ValueError:
                raise ValueError(f"日期“{text}”不存在") from None
    raise ValueError(
        f"无法识别的日期“{text}”（可写作 2023-05-01、2023年5月1日、2023.5.1 或 20230501）"
    )


@dataclass(frozen=True)
class LicenceState:
    """A licence's validity on a day: 有效, 临期 (within ``warn_days``), 已过期, 长期."""

    label: str
    days_left: int | None


def licence_state(expires: date | None, today: date, warn_days: int = 30) -> LicenceState:
    if expires is None:
        return LicenceState("长期", None)
    left = (expires - today).days
    if left < 0:
        return LicenceState("已过期", left)
    if left <= warn_days:
        return LicenceState("临期", left)
    return LicenceState("有效", left)


# ---- pinyin search keys, fast ------------------------------------------------------------------


def _char_initials(char: str) -> tuple[str, ...]:
    from station_app.domain.pinyin import _pypinyin

    p = _pypinyin()
    readings = p.pinyin(char, style=p.Style.FIRST_LETTER, heteronym=True, errors="default")
    letters = {s[0].lower() for s in readings[0] if s and s[0].isalnum()} if readings else set()
    return tuple(sorted(letters)) or ("",)


_char_initials_cached = functools.lru_cache(maxsize=32_768)(_char_initials)


def search_keys(name: str) -> tuple[str, str]:
    """``(initials variants, full pinyin)`` of a name: the same values as
    ``pinyin.initials_variants`` and ``pinyin.full`` (a test checks), about 4× faster because
    the per-character readings are cached and the phrase reading is computed once. Imports
    of 25,000-row ledgers need that."""
    from station_app.domain.pinyin import MAX_VARIANTS, syllables

    readings = syllables(name)
    full = "".join(readings).replace(" ", "").lower()
    default = "".join(s[0] for s in readings if s and s[0].isalnum()).lower()

    variants: list[str] = []
    for combo in itertools.product(*(_char_initials_cached(c) for c in name)):
        variants.append("".join(combo))
        if len(variants) >= MAX_VARIANTS:
            break
    ordered = [default, *[v for v in variants if v != default]]
    return " ".join(dict.fromkeys(ordered))[:200], full[:400]


# ---- the list (经营主体台账): what a list row shows and what a filter may ask -----------------

LIST_COLUMNS = (
    "name",
    "uscc",
    "entity_type",
    "legal_rep",
    "phone",
    "address",
    "grid",
    "industries",
    "status",
    "registered_on",
    "credit_class",
    "local_grade",
)
"""Column keys of a list row, in the order of the tuples ``EntityRows.fetch_rows`` returns
(also the sort keys ``fetch_ids`` takes; ``phone``, ``address`` and ``industries`` sort by id)."""

ENTITY_COLUMN_LABELS = {
    "name": "名称",
    "uscc": "统一社会信用代码",
    "entity_type": "类型",
    "legal_rep": "法定代表人/经营者",
    "phone": "联系电话",
    "address": "经营地址",
    "grid": "网格",
    "industries": "行业",
    "status": "状态",
    "registered_on": "成立日期",
    "credit_class": "信用风险分类",
    "local_grade": "本所分级",
}
assert tuple(ENTITY_COLUMN_LABELS) == LIST_COLUMNS  # the headers of an exported list
HISTORY_LABELS = FIELD_LABELS


@dataclass(frozen=True)
class EntityFilter:
    """What the registry list shows: a search text (see :func:`search_kind`) and conditions
    that must all hold. ``today`` is the day ``expiring_days`` counts from (``None``: the
    clock's today)."""

    text: str = ""
    grid_id: int | None = None
    entity_type: str | None = None
    industry: str | None = None
    status: str | None = None
    grade: str | None = None  # local (effective) grade
    credit_class: str | None = None
    tag: str | None = None
    source: str | None = None
    expiring_days: int | None = None  # a licence expires within N days (or has expired)
    today: date | None = None

    def __post_init__(self) -> None:  # a NUL broke PostgreSQL searches (issue 17)
        object.__setattr__(self, "text", strip_controls(self.text or ""))

    def criteria(self) -> dict:
        """The conditions set, as plain JSON-able values (a saved filter, 常用筛选)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "today" and getattr(self, f.name) not in (None, "")
        }

    @classmethod
    def from_criteria(cls, criteria: dict) -> EntityFilter:
        """Back from :meth:`criteria`; unknown keys (an older or newer version) are ignored."""
        known = {f.name for f in fields(cls)} - {"today"}
        return cls(**{k: v for k, v in criteria.items() if k in known})


_CODE = re.compile(r"[0-9A-Z]+")


def search_kind(query: str) -> str:
    """How a search text is matched: ``fts`` (3+ characters of text: the trigram index),
    ``like`` (1–2 characters), ``pinyin`` (letters only: initials or full pinyin), ``code``
    (letters and digits: USCC, registration number or phone digits) or ``none`` (empty)."""
    q = remove_spaces(to_halfwidth(query or ""))
    if not q:
        return "none"
    if q.isascii() and q.isalpha():
        return "pinyin"
    if q.isascii() and _CODE.fullmatch(q.upper()):
        return "code"
    return "fts" if len(q) >= 3 else "like"
