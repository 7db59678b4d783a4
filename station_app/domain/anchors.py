"""Audit anchors (日志锚点): a point of the audit chain kept outside the database file.

The chain (``data/audit.py``) proves that rows were not changed *relative to each other*; an
attacker who can write the file can recompute every hash. A witness kept elsewhere — the head
carried by a county package, written beside a backup, or printed as a short code on a document
— pins the chain: the row at ``seq`` must still have ``hash``, or the history up to it was
rewritten. Pure: no I/O.

The short code (日志校验码) printed on paper: ``{seq}-XXXX-XXXX-XXXX-XXXX-CC``, the sequence
number, the first 80 bits of the row's hash in Crockford base32 (no I, L, O, U: nothing to
misread) and two check digits (mod 97, as IBAN), so a mistyped code is told apart from a
rewritten history. 80 bits: matching a code by grinding rewritten rows takes ~2^80 hashes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GENESIS = "0" * 64
CODE_BITS = 80
CODE_HEX = CODE_BITS // 4  # hex digits of the hash a code pins
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = {c: i for i, c in enumerate(_ALPHABET)} | {"O": 0, "I": 1, "L": 1}
_HEX64 = re.compile(r"[0-9a-f]{64}")
_CODE = re.compile(r"(\d{1,18})-([0-9A-Z]{4})-([0-9A-Z]{4})-([0-9A-Z]{4})-([0-9A-Z]{4})-(\d\d)")
CODE_LABEL = "日志校验码"


class AnchorFormatError(ValueError):
    """A code or anchor that cannot be read (mistyped, wrong check digits); Chinese message."""


@dataclass(frozen=True)
class Head:
    """A point of the chain: the row ``seq`` and its ``hash`` (``seq`` 0 = the empty chain)."""

    seq: int
    hash: str

    @property
    def code(self) -> str:
        return head_code(self.seq, self.hash)

    def as_json(self) -> dict[str, object]:
        return {"seq": self.seq, "hash": self.hash, "code": self.code}


@dataclass(frozen=True)
class Anchor:
    """What a witness says: row ``seq`` has a hash starting with ``hash`` (all 64 hex digits
    from a file, the first 20 from a paper code). ``source`` names the witness for messages."""

    seq: int
    hash: str
    source: str

    @property
    def from_code(self) -> bool:
        return len(self.hash) < 64


def is_hash(value: object) -> bool:
    return isinstance(value, str) and _HEX64.fullmatch(value) is not None


def _check_digits(seq: int, value: int) -> int:
    return (seq << CODE_BITS | value) % 97


def head_code(seq: int, digest: str) -> str:
    value = int(digest[:CODE_HEX], 16)
    chars = "".join(_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(16)))
    groups = "-".join(chars[i : i + 4] for i in range(0, 16, 4))
    return f"{seq}-{groups}-{_check_digits(seq, value):02d}"


def looks_like_code(text: str) -> bool:
    return _CODE.fullmatch(_normalise(text)) is not None


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).upper().replace("—", "-").replace("－", "-")


def parse_code(text: str, source: str = "") -> Anchor:
    """The anchor a printed code stands for; ``AnchorFormatError`` if it is mistyped."""
    m = _CODE.fullmatch(_normalise(text))
    if m is None:
        raise AnchorFormatError(
            f"“{text}”不是日志校验码：应为“序号-四组字母数字-两位校验数字”，"
            "如 1234-7KQ3-M9XD-2F8A-QW1C-25。"
        )
    seq, chars, check = int(m.group(1)), "".join(m.group(2, 3, 4, 5)), int(m.group(6))
    try:
        value = 0
        for ch in chars:
            value = value << 5 | _DECODE[ch]
    except KeyError as exc:
        raise AnchorFormatError(f"日志校验码“{text}”含有不会出现的字符 {exc.args[0]}。") from exc
    if _check_digits(seq, value) != check:
        raise AnchorFormatError(
            f"日志校验码“{text}”的校验数字不符：多半是抄错了，请对照纸面重新输入。"
        )
    return Anchor(seq, f"{value:0{CODE_HEX}x}", source or f"日志校验码 {text.strip()}")
