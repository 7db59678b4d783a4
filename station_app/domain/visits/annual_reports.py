"""Annual reports (年度报告, 年报): each entity's status per year, and the year the grade reads.
Pure, no I/O.

An enterprise (and a 个体工商户) reports on year *Y* between 1 January and **30 June of Y+1**
through the 国家企业信用信息公示系统; one registered during *Y* reports on *Y* from the next
year on (FACTS §4.1: no report by 30 June → 经营异常名录, or the 经营异常状态 for a 个体工商户).
The station keeps one status per entity and year — 已报送 (by the deadline), 逾期补报 (after
it), 未报送 — imported from the credit system's list or entered by hand.

The local grade's 年度报告 indicator reads the year whose deadline has passed most recently
(:func:`due_year`): an entity recorded as 未报送 for it loses the indicator's points. No record
reads as filed (the grade penalises what is recorded, not what is unknown) and 逾期补报 counts
as filed: the 异常名录 indicator carries the consequence of lateness.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.domain.text import normalize_spaces, to_halfwidth
from station_app.errors import ValidationError

FILED, LATE, NOT_FILED = "filed", "late", "not_filed"
STATUS_LABELS: dict[str, str] = {FILED: "已报送", LATE: "逾期补报", NOT_FILED: "未报送"}
STATUSES = tuple(STATUS_LABELS)
FIRST_YEAR = 2013
"""The first year reported under the 企业信息公示暂行条例 (in force 2014-10-01, reports on 2013)."""
DEADLINE_MONTH, DEADLINE_DAY = 6, 30

_FILED_WORDS = frozenset({"已年报", "已报送", "已公示", "已申报", "已报", "已填报", "是", "已提交"})
_NOT_FILED_WORDS = frozenset({"未年报", "未报送", "未公示", "未申报", "未报", "否", "未提交"})
_LATE_WORDS = frozenset({"逾期补报", "逾期", "补报", "已补报", "逾期报送", "逾期年报"})


def deadline(year: int) -> date:
    """The last day to report on ``year``: 30 June of the next year."""
    return date(year + 1, DEADLINE_MONTH, DEADLINE_DAY)


def due_year(today: date) -> int:
    """The latest report year whose deadline has passed on ``today`` (on 2026-07-01: 2025; on
    2026-06-30 the 2025 window is still open: 2024)."""
    return today.year - 1 if today > deadline(today.year - 1) else today.year - 2


def must_file(registered_on: date | None, year: int) -> bool:
    """Whether an entity registered on ``registered_on`` reports on ``year``: from the year of
    its registration on (reported the next spring). Unknown registration: yes."""
    return registered_on is None or registered_on.year <= year


def status_for(filed_on: date | None, year: int) -> str:
    """已报送 or 逾期补报 from the filing day; no day: 未报送."""
    if filed_on is None:
        return NOT_FILED
    return FILED if filed_on <= deadline(year) else LATE


def counts_as_filed(status: str | None) -> bool:
    """The grade's reading of a status: only a recorded 未报送 is not filed."""
    return status != NOT_FILED


def parse_status(text: str, filed_on: date | None, year: int) -> str:
    """A status word of the credit system's list (已年报, 未年报, 逾期补报, 是/否 …) or one of our
    labels or codes, with the filing day when there is one → a status code. A 已年报 after the
    deadline reads as 逾期补报. Empty text: from the day alone (:func:`status_for`). Raises
    ``ValidationError`` naming the word."""
    word = normalize_spaces(to_halfwidth(text or "")).replace(" ", "")
    if not word:
        return status_for(filed_on, year)
    if word in STATUS_LABELS:
        code = word
    else:
        code = next((c for c, label in STATUS_LABELS.items() if label == word), "")
    if not code:
        if word in _LATE_WORDS:
            code = LATE
        elif word in _FILED_WORDS:
            code = FILED
        elif word in _NOT_FILED_WORDS:
            code = NOT_FILED
    if not code:
        choices = "已年报/已报送、逾期补报、未年报/未报送"
        raise ValidationError(f"年报状态“{text}”不认识。可填：{choices}。", field="status")
    if code == FILED and filed_on is not None and filed_on > deadline(year):
        return LATE
    return code


@dataclass(frozen=True)
class ReportEntry:
    """One entity's status for one year, as entered or imported."""

    year: int
    status: str
    filed_on: date | None = None


def check_year(year: int, today: date) -> int:
    """A report year: from :data:`FIRST_YEAR` to last year (this year's report is made next
    spring)."""
    if year < FIRST_YEAR or year > today.year - 1:
        raise ValidationError(
            f"年报年度 {year} 不对：可登记 {FIRST_YEAR}–{today.year - 1} 年度（"
            f"{today.year} 年度的年报在 {today.year + 1} 年上半年报送）。",
            field="year",
        )
    return year


def check_report(
    entry: ReportEntry, today: date, registered_on: date | None = None, *, name: str = ""
) -> ReportEntry:
    """A status checked: the year (:func:`check_year`), a known status, a filing day for 已报送
    and 逾期补报 within the reporting window's start and today, and none for 未报送; 已报送
    after the deadline becomes 逾期补报; a year before the entity's registration refused."""
    check_year(entry.year, today)
    if entry.status not in STATUS_LABELS:
        raise ValidationError(f"年报状态“{entry.status}”不认识。", field="status")
    if not must_file(registered_on, entry.year) and registered_on is not None:
        who = f"“{name}”" if name else "该主体"
        raise ValidationError(
            f"{who}成立于 {registered_on.isoformat()}，不需要报送 {entry.year} 年度年报。",
            field="year",
        )
    day = entry.filed_on
    if entry.status == NOT_FILED:
        if day is not None:
            raise ValidationError("未报送的年报不能有报送日期。", field="filed_on")
        return entry
    if day is not None:
        if day < date(entry.year + 1, 1, 1):
            raise ValidationError(
                f"{entry.year} 年度年报的报送日期 {day.isoformat()} 早于 {entry.year + 1}-01-01。",
                field="filed_on",
            )
        if day > today:
            raise ValidationError(f"报送日期 {day.isoformat()} 晚于今天。", field="filed_on")
        if entry.status == FILED and day > deadline(entry.year):
            return ReportEntry(entry.year, LATE, day)
        if entry.status == LATE and day <= deadline(entry.year):
            return ReportEntry(entry.year, FILED, day)
    return entry


# -- import of the credit system's list --------------------------------------------------------
IMPORT_HEADERS: dict[str, tuple[str, ...]] = {
    "uscc": (
        "统一社会信用代码",
        "信用代码",
        "社会信用代码",
        "统一代码",
        "注册号",
        "统一社会信用代码/注册号",
    ),
    "name": ("企业名称", "名称", "主体名称", "市场主体名称", "个体工商户名称"),
    "year": ("年报年度", "年度", "报告年度", "年报年份"),
    "status": ("年报状态", "状态", "是否年报", "年报情况", "报送状态"),
    "filed_on": ("报送日期", "公示日期", "年报日期", "报送时间", "年报时间"),
}
"""Header synonyms of the import (the first matching header of each key is read)."""
REQUIRED_HEADERS = ("uscc",)
