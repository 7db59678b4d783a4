"""Identifier validation: FACTS.md §1.4 vectors, error messages, and checksum properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.identifiers import (
    USCC_CHARSET,
    id_card_birth_date,
    id_card_check_char,
    id_card_gender,
    make_id_card,
    make_uscc,
    org_code_check_char,
    phone_kind,
    uscc_check_char,
    uscc_entity_type,
    uscc_org_code_warning,
    validate_id_card,
    validate_phone,
    validate_registration_no,
    validate_uscc,
)
from station_app.domain.text import to_halfwidth
from station_app.errors import ValidationError

TODAY = date(2026, 6, 1)

# FACTS.md §1.4: checksum vectors only (company names there are not asserted).
VALID_USCC = [
    "914403001922038216",
    "91440300708461136T",
    "9144030071526726XG",
    "91330100799655058B",
    "91110108551385082Q",
    "91110000802100433B",
    "91350100M000100Y43",
]


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def _error(func, text: str, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        func(text, **kwargs)
    return info.value


# ---- USCC ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", VALID_USCC)
def test_uscc_vectors_valid_and_org_code_consistent(code: str) -> None:
    assert validate_uscc(code) == code
    assert uscc_org_code_warning(code) is None


def test_uscc_standard_example_check_char() -> None:
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert org_code_check_char("M000100Y") == "4"


def test_uscc_wrong_check_char_names_expected() -> None:
    err = _error(validate_uscc, "91350100M000100Y4Z")
    assert "校验位" in err.message and "应为“3”" in err.message and "“Z”" in err.message
    assert err.field == "uscc"


def test_uscc_normalises_case_spaces_and_fullwidth() -> None:
    assert validate_uscc("  91350100 m000 100y43 ") == "91350100M000100Y43"
    assert validate_uscc(_fullwidth("91350100m000100y43")) == "91350100M000100Y43"
    assert validate_uscc("９１３５０１００Ｍ０００１００Ｙ４３\u3000") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "请填写"),
        ("91350100M000100Y4", "您输入了17位"),
        ("91350100M000100Y431", "您输入了19位"),
    ],
)
def test_uscc_length_errors(text: str, fragment: str) -> None:
    assert fragment in _error(validate_uscc, text).message


def test_uscc_illegal_character_named_with_position() -> None:
    message = _error(validate_uscc, "91350100M0001O0Y43").message
    assert "第14位" in message and "“O”" in message
    assert "I、O、Z、S、V" in message and "数字 0" in message


def test_uscc_non_ascii_character() -> None:
    message = _error(validate_uscc, "91350100M000100Y4号").message
    assert "第18位" in message and "“号”" in message


def test_uscc_region_code_must_be_digits() -> None:
    body = "9135A100M000100Y4"
    message = _error(validate_uscc, body + uscc_check_char(body)).message
    assert "行政区划码" in message and "35A100" in message


def test_uscc_letters_allowed_in_first_two_positions() -> None:
    code = make_uscc("N2350100MA0000011")
    assert validate_uscc(code) == code


def test_uscc_org_code_warning_only() -> None:
    # Same body as the standard example but position 17 changed, check char recomputed.
    code = make_uscc("91350100M000100Y5")
    assert validate_uscc(code) == code
    warning = uscc_org_code_warning(code)
    assert warning is not None and "第17位" in warning and "“4”" in warning
    assert uscc_org_code_warning("bad") is None


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("91350100M000100Y43", "企业"),
        ("92350100M000100Y40", "个体工商户"),
        ("93350100M000100Y40", "农民专业合作社"),
        ("51350100M000100Y40", "其他"),
        ("", "其他"),
    ],
)
def test_uscc_entity_type(code: str, kind: str) -> None:
    assert uscc_entity_type(code) == kind


def test_make_uscc_rejects_bad_body() -> None:
    with pytest.raises(ValueError):
        make_uscc("91350100M000100Y")
    with pytest.raises(ValueError):
        make_uscc("91350100M000100YO")


uscc_bodies = st.builds(
    lambda head, region, tail: head + region + tail,
    st.text(alphabet=USCC_CHARSET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=USCC_CHARSET, min_size=9, max_size=9),
)


@given(uscc_bodies)
def test_uscc_appending_check_char_validates(body: str) -> None:
    code = make_uscc(body)
    assert code == body + uscc_check_char(body)
    assert validate_uscc(code) == code


@given(uscc_bodies, st.integers(0, 17), st.sampled_from(USCC_CHARSET))
def test_uscc_any_single_substitution_fails(body: str, pos: int, new: str) -> None:
    code = make_uscc(body)
    if code[pos] == new:
        new = USCC_CHARSET[(USCC_CHARSET.index(new) + 1) % 31]
    with pytest.raises(ValidationError):
        validate_uscc(code[:pos] + new + code[pos + 1 :])


@given(uscc_bodies)
def test_uscc_normalisation_idempotent_and_fullwidth_equal(body: str) -> None:
    code = make_uscc(body)
    assert validate_uscc(validate_uscc(code)) == code
    assert validate_uscc(_fullwidth(code.lower())) == code
    assert validate_uscc(" ".join(code)) == code


# ---- ID card ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["11010519491231002X", "440524188001010014"])
def test_id_card_vectors_valid(code: str) -> None:
    assert validate_id_card(code, today=TODAY) == code


def test_id_card_lower_x_and_fullwidth() -> None:
    assert validate_id_card("11010519491231002x", today=TODAY) == "11010519491231002X"
    assert validate_id_card(_fullwidth("11010519491231002x"), today=TODAY) == "11010519491231002X"


def test_id_card_wrong_check_names_expected() -> None:
    err = _error(validate_id_card, "110105194912310021", today=TODAY)
    assert "校验位" in err.message and "应为“X”" in err.message and err.field == "id_card"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "请填写"),
        ("1101051949123100", "您输入了16位"),
        ("11010519491231A02X", "第15位是“A”"),
        ("11010519491231002Y", "只能是数字或 X"),
        ("110105194902300021", "1949年02月30日 不存在"),
    ],
)
def test_id_card_errors(text: str, fragment: str) -> None:
    assert fragment in _error(validate_id_card, text, today=TODAY).message


def test_id_card_birth_in_future_rejected() -> None:
    code = make_id_card("11010520300101001")
    assert "晚于今天" in _error(validate_id_card, code, today=TODAY).message


def test_id_card_retired_region_code_accepted() -> None:
    # 440524 (潮阳县) was retired; the standard's own example must still pass.
    assert validate_id_card("440524188001010014", today=TODAY) == "440524188001010014"


def test_id_card_15_digit_upgraded() -> None:
    upgraded = validate_id_card("110105491231002", today=TODAY)
    assert upgraded == "11010519491231002X"


def test_id_card_15_digit_bad_date() -> None:
    assert "不存在" in _error(validate_id_card, "110105491331002", today=TODAY).message


def test_id_card_gender_and_birth_date() -> None:
    assert id_card_gender("11010519491231002X") == "女"
    assert id_card_gender("440524188001010014") == "男"
    assert id_card_birth_date("11010519491231002X") == date(1949, 12, 31)


id_bodies = st.builds(
    lambda region, born, seq: f"{region}{born:%Y%m%d}{seq}",
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.dates(date(1900, 1, 1), date(2020, 12, 31)),
    st.text(alphabet="0123456789", min_size=3, max_size=3),
)


@given(id_bodies)
def test_id_card_appending_check_char_validates(body: str) -> None:
    code = make_id_card(body)
    assert code[-1] == id_card_check_char(body)
    assert validate_id_card(code, today=TODAY) == code


@given(id_bodies, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_id_card_any_single_substitution_fails(body: str, pos: int, new: str) -> None:
    code = make_id_card(body)
    if pos < 17 and new == "X":
        new = "0"
    if code[pos] == new:
        new = "0123456789"[(int(new) + 1) % 10] if new != "X" else "0"
    with pytest.raises(ValidationError):
        validate_id_card(code[:pos] + new + code[pos + 1 :], today=TODAY)


@given(id_bodies)
def test_id_card_normalisation_idempotent(body: str) -> None:
    code = make_id_card(body)
    once = validate_id_card(_fullwidth(code.lower()), today=TODAY)
    assert once == code == validate_id_card(once, today=TODAY)


# ---- Phone -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("13812348000", "13812348000", "mobile"),
        ("138 1234 8000", "13812348000", "mobile"),
        ("138-1234-8000", "13812348000", "mobile"),
        ("+86 138 1234 8000", "13812348000", "mobile"),
        ("8619212345678", "19212345678", "mobile"),
        ("１３８１２３４８０００", "13812348000", "mobile"),
        ("0591-87654321", "0591-87654321", "landline"),
        ("059187654321", "0591-87654321", "landline"),
        ("(0591) 8765 4321", "0591-87654321", "landline"),
        ("01087654321", "010-87654321", "landline"),
        ("021-12345678", "021-12345678", "landline"),
        ("0591-8765432", "0591-8765432", "landline"),
        ("0591-87654321-123", "0591-87654321-123", "landline"),
        ("0591-87654321转123", "0591-87654321-123", "landline"),
        ("400-810-8888", "400-810-8888", "service"),
        ("8008101234", "800-810-1234", "service"),
        ("12315", "12315", "service"),
        ("95588", "95588", "service"),
    ],
)
def test_phone_valid(text: str, expected: str, kind: str) -> None:
    assert validate_phone(text) == expected
    assert phone_kind(expected) == kind
    assert validate_phone(expected) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "请填写"),
        ("1381234800", "您输入了10位"),
        ("12812348000", "第2位应为3–9"),
        ("0591-123", "区号"),
        ("abc", "格式不正确"),
        ("2345678", "格式不正确"),
    ],
)
def test_phone_errors(text: str, fragment: str) -> None:
    err = _error(validate_phone, text)
    assert fragment in err.message and err.field == "phone"


# ---- Registration number --------------------------------------------------------------


def test_registration_no() -> None:
    assert validate_registration_no(" 350100 100012345 ") == "350100100012345"
    assert (
        validate_registration_no(to_halfwidth("３５０１００１０００１２３４５"))
        == "350100100012345"
    )
    assert "15位" in _error(validate_registration_no, "35010010001234").message
    assert "数字" in _error(validate_registration_no, "35010010001234A").message
    assert "请填写" in _error(validate_registration_no, "").message


def test_uscc_illegal_check_char_reported_as_check_error() -> None:
    message = _error(validate_uscc, "91350100M000100Y4O").message
    assert "应为“3”" in message and "不是合法字符" in message
