"""Masking (脱敏) of personal data in exports and lists (PIPL; ``FACTS.md`` §7). Pure, no I/O.

Every function accepts ``None`` or ``""`` and returns ``""``; none raises on odd input. Values
too short for the regular pattern keep only their first character.
"""

from __future__ import annotations

import re

from station_app.domain.identifiers import validate_phone
from station_app.domain.text import remove_spaces, to_halfwidth
from station_app.errors import ValidationError

MASK = "*"
ADDRESS_MASK = "****"
_ADDRESS_FALLBACK_KEEP = 6
# Start of the house-number detail: a digit, or a Chinese numeral followed by 号/栋/幢/楼/单元/室/组.
_HOUSE_DETAIL = re.compile(r"[0-9]|[〇零一二三四五六七八九十百千两]+(?:号|栋|幢|楼|单元|室|组)")
# Street/road/village level: the last of these before the house number ends the kept part.
_ROAD_LEVEL = re.compile(r"大道|大街|街道|胡同|路|街|巷|弄|村")


def _mask_middle(s: str, head: int, tail: int) -> str:
    if len(s) <= head + tail:
        return s[:1] + MASK * (len(s) - 1)
    return s[:head] + MASK * (len(s) - head - tail) + s[-tail:]


def mask_id_card(value: str | None) -> str:
    """证件号码: keep the first 6 and last 4 characters (``110105********0021``)."""
    if not value:
        return ""
    return _mask_middle(remove_spaces(to_halfwidth(value)).upper(), 6, 4)


def _mask_landline(normalised: str) -> str:
    area, number, *ext = normalised.split("-")
    return "-".join([area, _mask_middle(number, 0, 4), *ext])


def mask_phone(value: str | None) -> str:
    """Phone: mobile keeps the first 3 and last 4 (``138****8000``); a landline keeps the area
    code and the last 4 (``0591-****4321``). 400/800 and 5-digit service numbers are not
    personal and stay as they are. Unparseable input keeps the first 3 and last 4 characters."""
    if not value:
        return ""
    if len(value) == 11 and value[0] == "1" and value.isascii() and value.isdigit():
        return value[:3] + MASK * 4 + value[7:]  # a stored mobile: both paths below agree
    try:
        normalised = validate_phone(value)

    except ValidationError:
        return _mask_middle(remove_spaces(to_halfwidth(value)), 3, 4)
    if normalised.startswith("1") and len(normalised) == 11:
        return _mask_middle(normalised, 3, 4)
    if normalised.startswith("0"):
        return _mask_landline(normalised)
    return normalised


def mask_name(value: str | None) -> str:
    """Person's name (姓名): ``张*`` for two characters, else first and last kept (``张*丰``,
    ``欧阳**华``). A single character becomes ``*``."""
    if not value:
        return ""
    name = value.strip()
    if len(name) <= 1:
        return MASK * len(name)
    return _mask_middle(name, 1, 1)


def mask_address(value: str | None) -> str:
    """Address (地址): keep the part up to the street/road level, mask the house-number detail.

    Rule: the detail starts at the first digit (or Chinese numeral + 号/栋/单元/室…). Before
    it, the last street/road/village marker (路 街 大道 大街 街道 巷 弄 胡同 村) ends the kept
    part; everything after it becomes ``****``
    (``城关镇人民路12号3单元401室`` → ``城关镇人民路****``). With no such marker, the first
    6 characters are kept (at most half of a short address). Nothing to hide → unchanged.
    """
    if not value:
        return ""
    text = remove_spaces(to_halfwidth(value))
    detail = _HOUSE_DETAIL.search(text)
    head = text[: detail.start()] if detail else text
    roads = list(_ROAD_LEVEL.finditer(head))
    keep = roads[-1].end() if roads else min(_ADDRESS_FALLBACK_KEEP, len(text) // 2)
    if keep >= len(text):
        return text
    return text[:keep] + ADDRESS_MASK
