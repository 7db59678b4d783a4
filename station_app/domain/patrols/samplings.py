"""Sampling results (抽检) recorded on the entity: product, batch, qualified or not. Pure.

A failed sampling counts against the local grade (``grading.SAMPLINGS``: −10 each, at most
−20, over the last 12 months); a qualified one is kept for the record and the county report.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from station_app.domain.text import normalize_spaces, to_halfwidth
from station_app.errors import ValidationError

QUALIFIED_LABELS = {True: "合格", False: "不合格"}
_QUALIFIED_WORDS = {
    "合格": True,
    "是": True,
    "yes": True,
    "pass": True,
    "1": True,
    "不合格": False,
    "否": False,
    "no": False,
    "fail": False,
    "0": False,
}
GRADE_WINDOW_DAYS = 365
"""A failed sampling weighs on the grade for this many days (grading: 近12个月)."""


@dataclass(frozen=True)
class SamplingDraft:
    entity_id: int
    sampled_on: date
    product: str
    qualified: bool
    batch: str = ""
    failed_items: str = ""  # 不合格项目, e.g. 菌落总数超标
    report_no: str = ""
    agency: str = ""  # 检验机构
    note: str = ""


def parse_qualified(value: object) -> bool:
    text = normalize_spaces(to_halfwidth(str(value or ""))).lower()
    if text in _QUALIFIED_WORDS:
        return _QUALIFIED_WORDS[text]
    raise ValidationError(f"抽检结论“{value}”无法识别：请填 合格 或 不合格。", field="qualified")


def _text(value: str, limit: int, label: str, field: str, required: bool = False) -> str:
    """Chinese prose keeps its full-width punctuation; only spaces are cleaned."""
    text = normalize_spaces(value or "")
    if required and not text:
        raise ValidationError(f"请填写{label}。", field=field)
    if len(text) > limit:
        raise ValidationError(f"{label}不能超过 {limit} 个字。", field=field)
    return text


def check_sampling(draft: SamplingDraft, today: date) -> SamplingDraft:
    """A sampling result: a product, a date not in the future, the failed items when it
    failed (what the grade explanation and the county report say)."""
    if draft.sampled_on > today:
        raise ValidationError(
            f"抽样日期 {draft.sampled_on.isoformat()} 晚于今天，请核对。", field="sampled_on"
        )
    if draft.sampled_on.year < 2000:
        raise ValidationError("抽样日期早于 2000 年，请核对。", field="sampled_on")
    failed = _text(draft.failed_items, 200, "不合格项目", "failed_items")
    if not draft.qualified and not failed:
        raise ValidationError(
            "抽检不合格时请填写不合格项目（如“菌落总数超标”）。", field="failed_items"
        )
    if draft.qualified and failed:
        raise ValidationError("抽检合格的不应填写不合格项目。", field="failed_items")
    return replace(
        draft,
        product=_text(draft.product, 60, "样品名称", "product", required=True),
        batch=_text(to_halfwidth(draft.batch), 40, "批号", "batch"),
        failed_items=failed,
        report_no=_text(to_halfwidth(draft.report_no), 40, "检验报告编号", "report_no"),
        agency=_text(draft.agency, 60, "检验机构", "agency"),
        note=_text(draft.note, 200, "备注", "note"),
    )


def check_entity_sampled(name: str, status: str, status_on: date | None, day: date) -> None:
    """A sampling needs the entity to exist on the day it was sampled: not 注销/吊销 on or
    before it (an earlier sampling may still be entered once the status date is known)."""
    if status not in ("注销", "吊销"):
        return
    if status_on is None:
        raise ValidationError(
            f"“{name}”已{status}（未登记{status}日期），不能登记抽检结果。"
            f"如需补录{status}前的抽检，请先在经营主体中填写{status}日期。",
            field="entity",
        )
    if status_on <= day:
        raise ValidationError(
            f"“{name}”已于 {status_on.isoformat()} {status}，"
            f"不能登记 {day.isoformat()} 的抽检结果。",
            field="sampled_on",
        )
