"""The short code printed on paper (日志校验码) stands for a chain point and catches typos."""

from __future__ import annotations

import hashlib
import random

import pytest

from station_app.domain.anchors import AnchorFormatError, Head, head_code, parse_code


def _hash(i: int) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


def test_code_round_trips_to_the_hash_prefix():
    head = Head(1234, _hash(1))
    anchor = parse_code(head.code)
    assert anchor.seq == 1234 and head.hash.startswith(anchor.hash) and anchor.from_code
    assert parse_code(" " + head.code.lower().replace("-", " - ") + " ").hash == anchor.hash


def test_every_single_typo_is_caught_by_the_check_digits():
    rng = random.Random(21)
    code = head_code(987, _hash(2))
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    caught = 0
    for pos, ch in enumerate(code):
        if ch == "-":
            continue
        pool = "0123456789" if pos < code.index("-") or pos >= len(code) - 2 else alphabet
        wrong = rng.choice([c for c in pool if c != ch])
        typo = code[:pos] + wrong + code[pos + 1 :]
        with pytest.raises(AnchorFormatError):
            parse_code(typo)
        caught += 1
    assert caught == len(code.replace("-", ""))


@pytest.mark.parametrize("text", ["", "1234", "12-ABCD-ABCD-ABCD-ABCD", "x-ABCD-ABCD-ABCD-ABCD-12"])
def test_malformed_codes_get_a_chinese_message(text):
    with pytest.raises(AnchorFormatError, match="日志校验码"):
        parse_code(text)
