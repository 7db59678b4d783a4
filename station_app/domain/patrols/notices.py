"""责令改正通知书 of a patrol's hazards, and the rules of voiding (作废). Pure.

The notice's number comes from the shared ``doc_counter`` (kind :data:`COUNTER`), one
sequence a year: ``东市监责改〔2026〕3号`` (the station's ``doc_prefix``; ``市监`` when unset).
The legal basis printed for each hazard is data (:data:`BASIS_BY_CATEGORY`): the provision a
station usually cites when it orders that kind of problem corrected; a category without one
cites the general duty to order correction of the 行政处罚法. A station may pass its own
basis text when it issues the notice.
"""

from __future__ import annotations

from collections.abc import Iterable

from station_app.domain.text import normalize_spaces
from station_app.errors import ValidationError

COUNTER = "zlgz"
"""``doc_counter`` kind of the 责令改正通知书 numbers."""
MARK = "责改"

GENERAL_BASIS = "《中华人民共和国行政处罚法》第二十八条第一款"
BASIS_BY_CATEGORY = {
    "无证无照经营": "《无证无照经营查处办法》第十三条",
    "超范围经营": "《中华人民共和国市场主体登记管理条例》第四十三条",
    "许可证照": "《中华人民共和国行政许可法》第六十一条",
    "食品安全": "《中华人民共和国食品安全法》第一百二十六条",
    "特种设备": "《中华人民共和国特种设备安全法》第八十三条",
    "价格": "《中华人民共和国价格法》第四十二条",
}
"""Category → the provision cited (reviewed by the station's legal officer; editable here)."""

CONSEQUENCE = (
    "逾期不改正的，本机关将依法进行处理；涉嫌违法的，依法立案查处。"
    "如不服本通知，可以在收到本通知书之日起六十日内依法申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)
MIN_REASON = 4


def notice_number(prefix: str, year: int, n: int) -> str:
    """``东市监`` + ``责改`` + ``〔2026〕3号``."""
    return f"{prefix or '市监'}{MARK}〔{year}〕{n}号"


def basis_for(categories: Iterable[str], given: str = "") -> str:
    """The basis printed: ``given`` when the officer wrote one, else the provisions of the
    hazards' categories (each once, in order), else the general one."""
    text = normalize_spaces(given or "")
    if text:
        if len(text) > 500:
            raise ValidationError("法律依据不能超过 500 个字。", field="basis")
        return text
    cited: list[str] = []
    for category in categories:
        basis = BASIS_BY_CATEGORY.get(category, GENERAL_BASIS)
        if basis not in cited:
            cited.append(basis)
    return "、".join(cited or [GENERAL_BASIS])


def check_reason(reason: str, what: str) -> str:
    """A void's reason: required, at least :data:`MIN_REASON` characters, at most 200."""
    text = normalize_spaces(reason or "")
    if len(text) < MIN_REASON:
        raise ValidationError(f"作废{what}请写明原因（至少 {MIN_REASON} 个字）。", field="reason")
    if len(text) > 200:
        raise ValidationError("作废原因不能超过 200 个字。", field="reason")
    return text
