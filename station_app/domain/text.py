"""Text normalisation shared by identifiers, names and search keys. Pure, no I/O.

Input typed by hand or pasted from spreadsheets often mixes full-width (全角) and half-width
(半角) characters and odd spaces (U+3000, NBSP, tabs). These helpers make such input compare
equal without changing its meaning.
"""

from __future__ import annotations

import re

_FULLWIDTH_OFFSET = 0xFEE0
_IDEOGRAPHIC_SPACE = "\u3000"
_HALFWIDTH = {code: code - _FULLWIDTH_OFFSET for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_WHITESPACE = re.compile(r"\s+")
# What XML 1.0 (hence every xlsx), PostgreSQL text and UTF-8 cannot hold: C0 controls other
# than tab/LF/CR, DEL, lone surrogates (undecodable bytes on a command line), U+FFFE/U+FFFF.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}]) | (?=[{_CJK}])")
# Variants of the separator dot in transliterated names (e.g. 阿卜杜拉·艾力); ID cards use U+00B7.
_NAME_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "∙": "·"})
_NAME_PARENS = str.maketrans({"(": "（", ")": "）"})


def to_halfwidth(s: str) -> str:
    """Map full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space to half-width.

    Only that block is touched: Chinese characters and Chinese punctuation outside it
    (、。《》“”) are left as they are. Note that （） and ， are in the block.
    """
    return s.translate(_HALFWIDTH)


def normalize_spaces(s: str) -> str:
    """Collapse every run of whitespace (incl. U+3000 and NBSP) to one space and strip the ends;
    control characters (:func:`strip_controls`) go first."""
    return _WHITESPACE.sub(" ", strip_controls(s).replace(_IDEOGRAPHIC_SPACE, " ")).strip()


def remove_spaces(s: str) -> str:
    """Remove all whitespace, including the ideographic space."""
    return _WHITESPACE.sub("", s.replace(_IDEOGRAPHIC_SPACE, " "))


def normalize_name(s: str | None) -> str:
    """Canonical form of a person's or business's name (名称/姓名) for storage and comparison.

    Rules, in order:
    * full-width letters and digits become half-width (``ＡＢＣ１２３`` → ``ABC123``);
    * whitespace runs collapse to one space; spaces next to a Chinese character are dropped
      (``腾讯 科技`` → ``腾讯科技``), spaces between Latin words stay (``John Smith``);
    * parentheses become the full-width Chinese pair （）, the form used in registered
      Chinese names (``腾讯科技(深圳)有限公司`` → ``腾讯科技（深圳）有限公司``), so both spellings
      of the same name compare equal;
    * dot variants in transliterated names become ``·`` (U+00B7).
    """
    if not s:
        return ""
    text = normalize_spaces(to_halfwidth(s))
    text = _SPACE_NEXT_TO_CJK.sub("", text)
    return text.translate(_NAME_PARENS).translate(_NAME_DOTS)


def strip_controls(s: str) -> str:
    """``s`` without :data:`CONTROL_CHARACTERS` (tab, line feed and carriage return stay):
    text pasted from other programs carries them invisibly, and a stored one made every later
    xlsx export fail (issue 17)."""
    return CONTROL_CHARACTERS.sub("", s)


# Text a spreadsheet takes for a formula (=HYPERLINK(…), =cmd|' /C calc'!A0, +, -, @, their
# full-width forms, a leading tab/CR/LF): written as text cells in every workbook (issue 17).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def has_controls(s: str) -> bool:
    return CONTROL_CHARACTERS.search(s) is not None
