"""Rules of street sweeps (扫街纳管): capture validation, photo checks and fuzzy matching of a
captured shop to registered entities. Pure, no I/O.

A capture is what an officer writes down in front of a shop: the name on the sign, the
address, perhaps a phone. Signs rarely carry the registered name (``张三记小吃`` on the sign,
``城关镇张三记小吃店`` in the register), so matching compares *normalised* names — width,
spaces and punctuation unified, legal-form and shop-word suffixes (有限公司, 店, 个体…)
stripped — with rapidfuzz, and adds the address and an exact phone match as evidence.

rapidfuzz is imported on first use (never at start-up): see :func:`_fuzz`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from station_app.domain.text import normalize_name, remove_spaces, to_halfwidth
from station_app.errors import ValidationError

PENDING, LINKED, REGISTERED, DISMISSED = "待关联", "已关联", "新登记", "已核销"
STATUSES = (PENDING, LINKED, REGISTERED, DISMISSED)
OPEN_STATUSES = frozenset({PENDING})

LIST_COLUMNS = (
    "captured_on",
    "grid",
    "name",
    "address",
    "phone",
    "operator",
    "industry",
    "status",
    "linked_entity",
    "has_photo",
    "captured_by",
)
"""Column keys of a 扫街纳管 list row, in the order ``SweepRows.fetch_rows`` returns them
(``captured_on``, ``grid``, ``name`` and ``status`` sort in SQL; the others by id)."""


@dataclass(frozen=True)
class SweepFilter:
    """What the 扫街纳管 list shows: a text found in name, address, operator or phone; one
    grid; one status (``STATUSES``)."""

    text: str = ""
    grid_id: int | None = None
    status: str | None = None


FIELD_LABELS = {
    "grid_id": "网格",
    "name": "店名（招牌）",
    "address": "地址",
    "phone": "电话",
    "operator": "经营者",
    "industry": "行业",
    "note": "备注",
    "captured_on": "扫街日期",
    "captured_by": "登记人",
    "status": "状态",
    "linked_entity_id": "关联经营主体",
    "linked_at": "关联时间",
    "linked_by": "关联人",
    "dismiss_reason": "核销原因",
    "photo": "照片",
}

MAX_PHOTO_BYTES = 5 * 1024 * 1024
_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"

# Legal forms and shop words that signs and registers add or drop; longest first.
_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "分公司",
    "公司",
    "个体工商户",
    "个体户",
    "个体",
    "门市部",
    "经营部",
    "商店",
    "店铺",
    "分店",
    "店",
    "铺",
)
_PUNCT = re.compile(r"[\s()（）\[\]【】《》<>“”\"'‘’·.,，。、:：;；!！?？\-—_/]+")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]$")

MIN_SCORE = 45  # candidates below this are not shown
PHONE_BONUS = 25
GRID_BONUS = 5
NAME_WEIGHT, ADDRESS_WEIGHT = 0.75, 0.25


# ---- capture fields --------------------------------------------------------------------------


def _text(value: object, field: str, limit: int) -> str:
    text = normalize_name(str(value or ""))
    if len(text) > limit:
        raise ValidationError(
            f"{FIELD_LABELS[field]}不能超过 {limit} 个字，现为 {len(text)} 个字。", field=field
        )
    return text


def check_capture(
    name: str, grid_id: int | None, address: str = "", operator: str = "", industry: str = ""
) -> dict[str, str]:
    """Clean name, address, operator and industry; the name and the grid are required."""
    clean_name = _text(name, "name", 200)
    if not clean_name:
        raise ValidationError(
            "请填写店名（照招牌填写；没有招牌可填经营者姓名加经营内容，如“王姐水果摊”）。",
            field="name",
        )
    if not grid_id:
        raise ValidationError("请选择网格（这家店在哪个网格扫到的）。", field="grid_id")
    return {
        "name": clean_name,
        "address": _text(address, "address", 300).replace(" ", ""),
        "operator": _text(operator, "operator", 60),
        "industry": _text(industry, "industry", 30),
    }


def check_reason(reason: str) -> str:
    """A dismissal needs a reason (已核销: not a business, moved away, duplicate…)."""
    text = (reason or "").strip()
    if not text:
        raise ValidationError(
            "请填写核销原因（如：非经营场所、已搬离、重复登记）。", field="dismiss_reason"
        )
    if len(text) > 200:
        raise ValidationError("核销原因不能超过 200 个字。", field="dismiss_reason")
    return text


def photo_mime(data: bytes) -> str:
    """``image/jpeg`` or ``image/png`` judged by the file's first bytes (not its name), or a
    ``ValidationError`` saying what is wrong; at most :data:`MAX_PHOTO_BYTES`."""
    if not data:
        raise ValidationError("照片文件是空的，请重新选择。", field="photo")
    if len(data) > MAX_PHOTO_BYTES:
        size = len(data) / 1024 / 1024
        raise ValidationError(
            f"照片太大（{size:.1f} MB），最大 5 MB。请用手机“压缩”或截图后再选。", field="photo"
        )
    if data.startswith(_JPEG):
        return "image/jpeg"
    if data.startswith(_PNG):
        return "image/png"
    raise ValidationError(
        "所选文件不是 JPEG 或 PNG 图片，请选择照片文件（.jpg 或 .png）。", field="photo"
    )


# ---- normalisation -------------------------------------------------------------------------


def core_name(name: str) -> str:
    """The distinctive part of a shop or company name: half-width, no spaces or punctuation,
    a trailing bracketed note and legal-form/shop-word suffixes removed (repeatedly):
    ``张三记小吃店（个体）`` → ``张三记小吃``. Never returns empty for a non-empty name."""
    text = normalize_name(name or "")
    text = _BRACKETED.sub("", text) or text
    text = _PUNCT.sub("", text).upper()
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                changed = True
                break
    return text


def core_address(address: str) -> str:
    """Address for comparison: half-width, no spaces or punctuation, 号 kept."""
    return _PUNCT.sub("", remove_spaces(to_halfwidth(address or ""))).upper()


def _fragments(core: str, limit: int) -> list[str]:
    if len(core) <= 3:
        return [core] if core else []
    grams = [core[i : i + 3] for i in range(len(core) - 2)]
    if len(grams) <= limit:
        return grams
    step = (len(grams) - 1) / (limit - 1)
    return list(dict.fromkeys(grams[round(i * step)] for i in range(limit)))


def name_fragments(name: str, limit: int = 6) -> list[str]:
    """Overlapping 3-character pieces of the core name (for trigram narrowing in SQL), spread
    over the whole name; a short name is its own single fragment."""
    return _fragments(core_name(name), limit)


_HOUSE_NO = re.compile(r"\d+")


def address_fragments(address: str) -> list[str]:
    """Telling pieces of an address for narrowing in SQL: the house number with the two
    characters before it and 号 after (``人民路12号`` → ``民路12号``); without a number the
    last four characters. Whole roads (人民路) are in tens of thousands of addresses."""
    core = core_address(address)
    match = _HOUSE_NO.search(core)
    if match:
        start, end = max(0, match.start() - 2), match.end()
        piece = core[start : end + 1] if core[end : end + 1] == "号" else core[start:end]
        return [piece] if len(piece) >= 3 else []
    return [core[-4:]] if len(core) >= 3 else []


# ---- scoring -----------------------------------------------------------------------------


@functools.cache
def _fuzz():
    from rapidfuzz import fuzz

    return fuzz


@dataclass(frozen=True)
class Candidate:
    """What matching needs to know about one registered entity."""

    entity_id: int
    name: str
    address: str = ""
    phone: str = ""
    grid_id: int | None = None


@dataclass(frozen=True)
class Match:
    entity_id: int
    score: int  # 0–100
    name_score: int
    address_score: int | None
    phone_match: bool
    same_grid: bool
    reason: str


def name_similarity(a: str, b: str) -> int:
    """0–100 on core names: the plain ratio, or the best partial alignment (a sign that
    leaves out the town prefix of the registered name) slightly discounted."""
    ca, cb = core_name(a), core_name(b)
    if not ca or not cb:
        return 0
    if ca == cb:
        return 100
    fuzz = _fuzz()
    ratio = fuzz.ratio(ca, cb)
    partial = fuzz.partial_ratio(ca, cb) * 0.9 if min(len(ca), len(cb)) >= 2 else 0
    return round(max(ratio, partial))


def address_similarity(a: str, b: str) -> int | None:
    """0–100, or ``None`` when either address is missing (no evidence either way)."""
    ca, cb = core_address(a), core_address(b)
    if not ca or not cb:
        return None
    fuzz = _fuzz()
    return round(max(fuzz.ratio(ca, cb), fuzz.partial_ratio(ca, cb) * 0.9))


def score(name: str, address: str, phone: str, grid_id: int | None, candidate: Candidate) -> Match:
    """Score one candidate for a capture; ``phone`` must already be normalised."""
    n = name_similarity(name, candidate.name)
    a = address_similarity(address, candidate.address)
    total = n if a is None else NAME_WEIGHT * n + ADDRESS_WEIGHT * a
    phone_match = bool(phone) and phone == candidate.phone
    same_grid = grid_id is not None and grid_id == candidate.grid_id
    total += (PHONE_BONUS if phone_match else 0) + (GRID_BONUS if same_grid else 0)
    parts = [f"名称相似度 {n}"]
    if a is not None:
        parts.append(f"地址相似度 {a}")
    if phone_match:
        parts.append("电话相同")
    if same_grid:
        parts.append("同一网格")
    return Match(
        candidate.entity_id,
        min(100, round(total)),
        n,
        a,
        phone_match,
        same_grid,
        "，".join(parts),
    )


def rank(
    name: str,
    address: str,
    phone: str,
    grid_id: int | None,
    candidates: list[Candidate],
    *,
    limit: int = 20,
    min_score: int = MIN_SCORE,
) -> list[Match]:
    """Best first (score, then name similarity, then id); below ``min_score`` dropped unless
    the phone matches."""
    seen: set[int] = set()
    matches = []
    for c in candidates:
        if c.entity_id in seen:
            continue
        seen.add(c.entity_id)
        m = score(name, address, phone, grid_id, c)
        if m.score >= min_score or m.phone_match:
            matches.append(m)
    matches.sort(key=lambda m: (-m.score, -m.name_score, m.entity_id))
    return matches[:limit]
