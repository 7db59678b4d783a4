"""Identifier validation: USCC, resident ID card, phone numbers, old registration numbers.

Every ``validate_*`` function normalises its input (full-width → half-width, spaces removed,
upper case where it applies) and returns the canonical form, or raises
:class:`~station_app.errors.ValidationError` with a Chinese message that says what is wrong.
Rules and test vectors: ``FACTS.md`` §1. Pure: no I/O.
"""

from __future__ import annotations

import re
from datetime import date

from station_app import clock
from station_app.domain.text import remove_spaces, to_halfwidth
from station_app.errors import ValidationError

# ---- 统一社会信用代码 (GB 32100-2015) ----------------------------------------------------

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ENTITY_TYPES = {"91": "企业", "92": "个体工商户", "93": "农民专业合作社"}
_USCC_FIELD = "uscc"
# Letters people type for digits (O for 0 ...): named in the error message as a hint.
_LOOKALIKE = {"O": "0", "I": "1", "Z": "2", "S": "5"}


def _normalise_code(text: str | None) -> str:
    return remove_spaces(to_halfwidth(text or "")).upper()


def uscc_check_char(body17: str) -> str:
    """Check character (校验码, position 18) for a 17-character USCC body in ``USCC_CHARSET``."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(body17, _USCC_WEIGHTS))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """GB 11714 check character of an 8-character 组织机构代码 body (USCC positions 9–16)."""
    value = 11 - sum(_ORG_CHARSET.index(c) * w for c, w in zip(body8, _ORG_WEIGHTS)) % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def _uscc_fail(message: str) -> ValidationError:
    return ValidationError(message, field=_USCC_FIELD)


def _check_uscc_chars(code: str) -> None:
    for pos, ch in enumerate(code, start=1):
        if ch not in USCC_CHARSET:
            hint = f"（是否应为数字 {_LOOKALIKE[ch]}？）" if ch in _LOOKALIKE else ""
            raise _uscc_fail(
                f"统一社会信用代码第{pos}位的“{ch}”不是合法字符{hint}：只能使用数字和大写字母，"
                "且从不使用 I、O、Z、S、V。"
            )


def validate_uscc(text: str) -> str:
    """Validate a 统一社会信用代码 and return it normalised (18 characters, upper case).

    Hard errors: length, illegal character, non-digit region code (positions 3–8), wrong
    check character (position 18). The position-17 org-code check is only a warning:
    see :func:`uscc_org_code_warning`.
    """
    code = _normalise_code(text)
    if not code:
        raise _uscc_fail("请填写统一社会信用代码。")
    if len(code) != 18:
        raise _uscc_fail(f"统一社会信用代码应为18位，您输入了{len(code)}位。")
    _check_uscc_chars(code[:17])
    if not code[2:8].isdigit():
        raise _uscc_fail(
            f"统一社会信用代码第3–8位是登记管理机关行政区划码，应为6位数字，现为“{code[2:8]}”。"
        )
    _check_uscc_check_char(code)
    return code


def _check_uscc_check_char(code: str) -> None:
    expected = uscc_check_char(code[:17])
    if code[17] == expected:
        return
    illegal = (
        "（该字符不是合法字符：代码中从不使用 I、O、Z、S、V）"
        if code[17] not in USCC_CHARSET
        else ""
    )
    raise _uscc_fail(
        f"统一社会信用代码校验位不符：按前17位计算，第18位应为“{expected}”，"
        f"您输入的是“{code[17]}”{illegal}。请核对是否有字符输错。"
    )


def uscc_org_code_warning(code: str) -> str | None:
    """Warning text if position 17 fails the GB 11714 org-code check, else ``None``.

    Some codes issued by authorities other than 市场监管 reportedly do not follow this check,
    so it is never a hard error. Returns ``None`` for input that is not 18 characters from the
    USCC character set (:func:`validate_uscc` reports those).
    """
    normalised = _normalise_code(code)
    if len(normalised) != 18 or any(c not in USCC_CHARSET for c in normalised):
        return None
    expected = org_code_check_char(normalised[8:16])
    if normalised[16] == expected:
        return None
    return (
        f"提示：统一社会信用代码第17位（组织机构代码校验位）按规则应为“{expected}”，"
        f"实际为“{normalised[16]}”。部分非市场监管部门赋码的主体不遵循此规则，请核对营业执照。"
    )


def uscc_entity_type(code: str) -> str:
    """Kind of entity from positions 1–2: 企业 (91), 个体工商户 (92), 农民专业合作社 (93), else 其他."""
    return _USCC_ENTITY_TYPES.get(_normalise_code(code)[:2], "其他")


def make_uscc(body17: str) -> str:
    """Append the check character to a 17-character body (for synthetic demo data).

    Raises ``ValueError`` if the body is not 17 characters from ``USCC_CHARSET``. To make the
    org-code part consistent too, build positions 9–17 with :func:`org_code_check_char`.
    """
    body = _normalise_code(body17)
    if len(body) != 17 or any(c not in USCC_CHARSET for c in body):
        raise ValueError(f"not a 17-character USCC body: {body17!r}")
    return body + uscc_check_char(body)


# ---- 居民身份证号码 (GB 11643-1999) ----------------------------------------------------

_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ID_CHECK_MAP = "10X98765432"
_ID_FIELD = "id_card"


def id_card_check_char(body17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number."""
    return _ID_CHECK_MAP[sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS)) % 11]


def _id_fail(message: str) -> ValidationError:
    return ValidationError(message, field=_ID_FIELD)


def _upgrade_15(code: str) -> str:
    """Old 15-digit number (GB 11643-1989, YYMMDD, no check) → 18 digits with 19YY."""
    if not code.isdigit():
        raise _id_fail("旧版15位居民身份证号码应全部是数字。")
    body = code[:6] + "19" + code[6:]
    return body + id_card_check_char(body)


def _check_id_chars(code: str) -> None:
    for pos, ch in enumerate(code[:17], start=1):
        if not ch.isdigit():
            raise _id_fail(f"居民身份证号码前17位应全部是数字，第{pos}位是“{ch}”。")
    if not (code[17].isdigit() or code[17] == "X"):
        raise _id_fail(f"居民身份证号码第18位（校验位）只能是数字或 X，现为“{code[17]}”。")


def _check_birth_date(code: str, today: date) -> None:
    y, m, d = code[6:10], code[10:12], code[12:14]
    try:
        born = date(int(y), int(m), int(d))
    except ValueError:
        raise _id_fail(f"居民身份证号码中的出生日期 {y}年{m}月{d}日 不存在。") from None
    if born > today:
        raise _id_fail(f"居民身份证号码中的出生日期 {born.isoformat()} 晚于今天，号码有误。")


def validate_id_card(text: str, today: date | None = None) -> str:
    """Validate a 居民身份证号码 and return the 18-character form (check ``X`` upper case).

    A 15-digit old number is converted to 18 digits. Retired region codes are accepted on
    purpose (the standard's own example uses one). ``today`` bounds the birth date (default:
    the system date).
    """
    code = _normalise_code(text)
    if not code:
        raise _id_fail("请填写居民身份证号码。")
    if len(code) == 15:
        code = _upgrade_15(code)
    elif len(code) != 18:
        raise _id_fail(f"居民身份证号码应为18位（旧版为15位），您输入了{len(code)}位。")
    _check_id_chars(code)
    _check_birth_date(code, today or clock.today())
    expected = id_card_check_char(code[:17])
    if code[17] != expected:
        raise _id_fail(
            f"居民身份证号码校验位不符：按前17位计算，第18位应为“{expected}”，"
            f"您输入的是“{code[17]}”。请核对号码。"
        )
    return code


def id_card_gender(id18: str) -> str:
    """Gender (性别), "男" or "女", from the 17th digit (odd = male) of a validated 18-digit number."""
    return "男" if int(id18[16]) % 2 == 1 else "女"


def id_card_birth_date(id18: str) -> date:
    """Birth date (出生日期, digits 7–14) of a validated 18-digit number."""
    return date(int(id18[6:10]), int(id18[10:12]), int(id18[12:14]))


def make_id_card(body17: str) -> str:
    """Append the check character to 17 digits (for synthetic demo data); ``ValueError`` if not digits."""
    if len(body17) != 17 or not body17.isdigit():
        raise ValueError(f"not a 17-digit ID body: {body17!r}")
    return body17 + id_card_check_char(body17)


# ---- 电话号码 -------------------------------------------------------------------------

_PHONE_FIELD = "phone"
_MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
_SERVICE_400 = re.compile(r"([48]00)(\d{3})(\d{4})")
_SERVICE_SHORT = re.compile(r"[19]\d{4}")
# 010 and 020–029 have a two-digit area code after the 0; every other area code has three.
_LANDLINE = re.compile(r"(0[12]\d|0[3-9]\d{2})-?(\d{7,8})(?:-(\d{1,6}))?")
_EXTENSION_MARK = re.compile(r"(?:转|分机|EXT\.?|#)")
_PHONE_HELP = (
    "手机号为以1开头的11位数字；固定电话为“区号-号码”，如 0591-87654321（可加分机号）；"
    "也可填写400/800号码或12315这类5位服务号码。"
)


def _phone_fail(message: str) -> ValidationError:
    return ValidationError(message, field=_PHONE_FIELD)


def _compact_phone(text: str) -> str:
    """Half-width, no spaces or brackets, extension marks turned into ``-``."""
    s = remove_spaces(to_halfwidth(text)).upper().replace("(", "").replace(")", "")
    return _EXTENSION_MARK.sub("-", s)


def _landline(compact: str) -> str | None:
    """``0591-87654321[-ext]``; separators inside the local number are tolerated only when
    there is no extension (``0591-8765-4321``)."""
    match = _LANDLINE.fullmatch(compact) or _LANDLINE.fullmatch(compact.replace("-", ""))
    if match is None:
        return None
    area, number, ext = match.groups()
    return f"{area}-{number}" + (f"-{ext}" if ext else "")


def _phone_error(digits: str) -> str:
    if digits.isdigit() and digits.startswith("1") and len(digits) != 5:
        if len(digits) != 11:
            return f"手机号应为11位数字，您输入了{len(digits)}位。"
        return "手机号第2位应为3–9。"
    if digits.startswith("0"):
        return "固定电话应为区号（如 010、0591）加7–8位号码，如 0591-87654321。"
    return f"电话号码格式不正确。{_PHONE_HELP}"


def validate_phone(text: str) -> str:
    """Validate a phone number and return it normalised.

    Mobile → 11 digits (``+86``/``86`` dropped); landline → ``0xxx-xxxxxxx[-ext]``;
    400/800 → ``400-xxx-xxxx``; 5-digit service numbers (12315, 95588) as they are.
    No list of mobile prefixes is checked: they keep changing.
    """
    compact = _compact_phone(text or "")
    if not compact:
        raise _phone_fail("请填写电话号码。")
    digits = compact.replace("-", "")
    if match := _MOBILE.fullmatch(digits):
        return match.group(1)
    if match := _SERVICE_400.fullmatch(digits):
        return "-".join(match.groups())
    if _SERVICE_SHORT.fullmatch(digits):
        return digits
    if landline := _landline(compact):
        return landline
    raise _phone_fail(_phone_error(digits.removeprefix("+")))


def phone_kind(normalised: str) -> str:
    """Kind of a number returned by :func:`validate_phone`: mobile, landline or service."""
    if normalised.startswith("1") and len(normalised) == 11:
        return "mobile"
    if normalised.startswith("0"):
        return "landline"
    return "service"


# ---- 注册号 (old 15-digit business registration number) -------------------------------


def validate_registration_no(text: str) -> str:
    """Validate an old 15-digit 注册号 (digits only). Its check digit is not enforced: numbers
    issued before 2007 do not follow one."""
    code = _normalise_code(text)
    if not code:
        raise ValidationError("请填写注册号。", field="registration_no")
    if not code.isdigit():
        raise ValidationError("注册号应全部是数字。", field="registration_no")
    if len(code) != 15:
        raise ValidationError(
            f"注册号应为15位数字，您输入了{len(code)}位。", field="registration_no"
        )
    return code
