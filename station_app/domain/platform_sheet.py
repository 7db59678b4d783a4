"""The 12315 platform's exported complaint sheet (投诉工单导出): which column is which, and a
row as a registration. Pure; the service reads the file and writes the complaints.

The platform's column titles vary between its versions and the exports a county forwards, so
each field has the titles seen in practice (``HEADERS``); a station whose sheet says something
else gives the mapping once and it is saved (``services.complaints.platform_import``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from station_app.domain import complaints as rules
from station_app.errors import ValidationError

CHANNEL = "12315"
# field → the column titles that mean it (compared without spaces, *, brackets' content)
HEADERS: dict[str, tuple[str, ...]] = {
    "platform_no": ("投诉单号", "工单编号", "工单号", "登记编号", "投诉编号", "单号"),
    "received_on": ("登记时间", "投诉时间", "接收时间", "受理时间", "登记日期", "投诉日期"),
    "complainant_name": ("投诉人", "投诉人姓名", "消费者姓名", "诉求人"),
    "complainant_phone": ("投诉人电话", "联系电话", "投诉人联系电话", "消费者电话", "手机号码"),
    "complainant_address": ("投诉人地址", "消费者地址", "联系地址"),
    "respondent_name": ("被投诉人", "被投诉方", "被投诉单位", "被投诉人名称", "被投诉单位名称"),
    "respondent_address": ("被投诉人地址", "被投诉方地址", "被投诉单位地址", "经营地址"),
    "respondent_uscc": ("统一社会信用代码", "被投诉人统一社会信用代码", "信用代码"),
    "goods": ("商品名称", "服务名称", "商品或服务名称", "涉及商品", "商品服务"),
    "amount": ("涉及金额", "投诉金额", "金额", "涉案金额"),
    "claim": ("投诉诉求", "诉求", "消费者诉求", "投诉请求"),
    "facts": ("投诉内容", "问题描述", "投诉问题", "事实与理由", "具体问题"),
}
REQUIRED = ("platform_no", "received_on", "complainant_name", "respondent_name", "facts")
FIELD_LABELS = {f: titles[0] for f, titles in HEADERS.items()}
_DATE = re.compile(r"(\d{4})\D{1,2}(\d{1,2})\D{1,2}(\d{1,2})")


def clean_title(text: object) -> str:
    t = re.sub(r"[\s*＊:：]", "", str(text or ""))
    return re.sub(r"[（(].*?[）)]", "", t)


def find_mapping(titles: list[object]) -> dict[int, str]:
    """Column index → field for the titles this sheet uses (first match of each field)."""
    out: dict[int, str] = {}
    for i, title in enumerate(titles):
        t = clean_title(title)
        field = next((f for f, names in HEADERS.items() if t in names), None)
        if field is not None and field not in out.values():
            out[i] = field
    return out


def missing_fields(mapping: dict[int, str]) -> list[str]:
    return [FIELD_LABELS[f] for f in REQUIRED if f not in mapping.values()]


def _date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _DATE.search(str(value or ""))
    if not m:
        raise ValidationError(
            f"登记时间“{value}”无法识别，应为 2026-11-03 这样的日期。", field="received_on"
        )
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValidationError(f"登记时间“{value}”不是有效日期。", field="received_on") from None


def _claim(text: str) -> tuple[str, str]:
    """(claim, claim_detail): the first 诉求 word the text names, else 其他 with the text."""
    found = next((c for c in rules.CLAIMS if c != "其他" and c in text), None)
    return (found, "" if found == text else text) if found else ("其他", text)


def row_fields(cells: dict[str, object]) -> dict[str, Any]:
    """One sheet row (field → cell) as registration values plus ``platform_no``."""

    def text(key: str) -> str:
        value = cells.get(key, "")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value if value is not None else "").strip()

    number = text("platform_no")
    if not number:
        raise ValidationError("投诉单号为空：每一行都要有平台的投诉单号。", field="platform_no")
    amount = cells.get("amount", "")
    fen = round(float(amount) * 100) if isinstance(amount, int | float) else None
    claim, detail = _claim(text("claim"))
    return {
        "platform_no": number[:40],
        "channel": CHANNEL,
        "received_on": _date(cells.get("received_on")),
        "complainant_name": text("complainant_name"),
        "complainant_phone": text("complainant_phone"),
        "complainant_address": text("complainant_address"),
        "respondent_name": text("respondent_name"),
        "respondent_address": text("respondent_address"),
        "respondent_uscc": text("respondent_uscc").upper(),
        "goods": text("goods"),
        "amount_fen": fen if fen is not None else rules.parse_yuan(text("amount"), "amount_fen"),
        "claim": claim,
        "claim_detail": detail,
        "facts": text("facts"),
    }
