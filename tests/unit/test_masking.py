"""Masking of personal data (FACTS.md §7) and the text helpers it relies on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.masking import mask_address, mask_id_card, mask_name, mask_phone
from station_app.domain.text import (
    normalize_name,
    normalize_spaces,
    remove_spaces,
    to_halfwidth,
)


@pytest.mark.parametrize("func", [mask_id_card, mask_phone, mask_name, mask_address])
@pytest.mark.parametrize("value", [None, ""])
def test_empty_and_none_safe(func, value) -> None:
    assert func(value) == ""


# ---- ID card ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("110105194912310021", "110105********0021"),
        ("11010519491231002x", "110105********002X"),
        ("110105491231002", "110105*****1002"),
        ("E1234567", "E*******"),
    ],
)
def test_mask_id_card(value: str, masked: str) -> None:
    assert mask_id_card(value) == masked


# ---- Phone -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812348000", "138****8000"),
        ("+86 138-1234-8000", "138****8000"),
        ("0591-87654321", "0591-****4321"),
        ("010 8765 4321", "010-****4321"),
        ("0591-8765432-88", "0591-***5432-88"),
        ("12315", "12315"),
        ("400-810-8888", "400-810-8888"),
        ("12345678901234", "123*******1234"),
        ("123", "1**"),
    ],
)
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


# ---- Name ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("张", "*"),
        ("张三", "张*"),
        ("张三丰", "张*丰"),
        ("欧阳娜娜", "欧**娜"),
        (" 阿卜杜拉·艾力 ", "阿*****力"),
    ],
)
def test_mask_name(value: str, masked: str) -> None:
    assert mask_name(value) == masked


# ---- Address ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("城关镇人民路12号3单元401室", "城关镇人民路****"),
        ("福建省福州市鼓楼区五四路88号", "福建省福州市鼓楼区五四路****"),
        ("上海市静安区南京西路1266弄5号", "上海市静安区南京西路****"),
        ("城关镇东山村3组12号", "城关镇东山村****"),
        ("城关镇人民路十二号", "城关镇人民路****"),
        ("城关镇人民路与解放街交叉口东50米", "城关镇人民路与解放街****"),
        ("城关镇人民路供销社旁", "城关镇人民路****"),
        ("城关镇人民路", "城关镇人民路"),
        ("福建省福州市鼓楼区阳光花园3栋", "福建省福州市****"),
        ("阳光花园3栋", "阳光花****"),
        ("城关镇 人民路 12 号", "城关镇人民路****"),
    ],
)
def test_mask_address(value: str, masked: str) -> None:
    assert mask_address(value) == masked


@given(st.text(max_size=40))
def test_mask_address_keeps_only_a_shorter_prefix(value: str) -> None:
    text = remove_spaces(to_halfwidth(value))
    masked = mask_address(value)
    if masked != text:
        kept = masked.removesuffix("****")
        assert masked.endswith("****") and text.startswith(kept) and len(kept) < len(text)


# ---- Text helpers ----------------------------------------------------------------------


def test_to_halfwidth() -> None:
    assert to_halfwidth("ＡＢＣ１２３（）\u3000，") == "ABC123() ,"
    assert to_halfwidth("中文、。《》") == "中文、。《》"


def test_normalize_spaces() -> None:
    assert normalize_spaces("  a \t b\u3000\u00a0c\n") == "a b c"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("腾讯科技(深圳)有限公司", "腾讯科技（深圳）有限公司"),
        ("腾讯科技（深圳）有限公司", "腾讯科技（深圳）有限公司"),
        (" 腾讯 科技 （深圳） 有限公司 ", "腾讯科技（深圳）有限公司"),
        ("ＡＢＣ  贸易商行", "ABC贸易商行"),
        ("John   Smith", "John Smith"),
        ("阿卜杜拉•艾力", "阿卜杜拉·艾力"),
        (None, ""),
    ],
)
def test_normalize_name(value: str | None, expected: str) -> None:
    assert normalize_name(value) == expected


@given(st.text(max_size=30))
def test_normalize_name_idempotent(value: str) -> None:
    once = normalize_name(value)
    assert normalize_name(once) == once


def test_stored_mobiles_take_the_short_path_with_the_same_result():
    for number in ("13812345678", "10012345678", "19999999999", "14700000001"):
        assert mask_phone(number) == number[:3] + "****" + number[-4:]
    assert mask_phone("１３８１２３４５６７８") == "138****5678"  # full-width: the long path
    assert mask_phone("0538-2281234") == "0538-***1234"
