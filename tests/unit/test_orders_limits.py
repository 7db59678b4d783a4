"""Time limits as data kept by effective date: the built-in lines, the Order 121 change date,
a station's edit applying to orders received after it (and never moving older ones), storage,
and the checks of an edit."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.domain.orders import kinds as k
from station_app.domain.orders import limits as lim
from station_app.domain.orders.limits import LimitTable
from station_app.errors import ValidationError
from tests.support.order_logs import Log, t

TABLE = LimitTable()


def test_the_built_in_limits_are_those_of_the_issue() -> None:
    at = t("2026-05-06 10:00")

    def text(kind: str) -> dict[str, str]:
        return {c: line.text for c, line in TABLE.for_order(kind, at).items()}

    assert text(k.CLUE) == {"respond": "30 分钟", "feedback": "24 小时"}
    assert text(k.HOTLINE) == {"dispatch": "2 小时", "respond": "24 小时", "finish": "5 个工作日"}
    assert text(k.REPORT)["finish"] == "15 个工作日（经批准可延长 15 个工作日）"
    assert text(k.REPORT)["notice"] == "5 个工作日"
    assert text(k.COMPLAINT)["finish"] == "52 个工作日"  # 7 to accept + 45 to mediate
    assert TABLE.line(k.HOTLINE, "finish", at).platform  # type: ignore[union-attr]


def test_the_order_121_date_switches_the_statutory_lines() -> None:
    before = TABLE.line(k.REPORT, "finish", t("2026-04-14 23:59"))
    after = TABLE.line(k.REPORT, "finish", t("2026-04-15 00:00"))
    assert before is not None and after is not None
    assert "第20号" in before.basis and "第121号" in after.basis
    assert after.effective_from == t("2026-04-15 00:00")
    # hour lines are local practice: one line since 2020
    assert TABLE.line(k.CLUE, "respond", t("2026-04-14 23:59")) is TABLE.line(
        k.CLUE, "respond", t("2026-04-15 00:00")
    )


def test_an_edit_applies_to_orders_received_after_it() -> None:
    table, line = TABLE.with_edit(
        k.CLUE, "respond", 20, lim.MINUTES, now=t("2026-05-20 15:00"),
        effective_from=t("2026-06-01 00:00"), by="head", reason="县局新要求",
    )  # fmt: skip
    assert (line.amount, line.changed_by, line.reason, line.builtin) == (
        20,
        "head",
        "县局新要求",
        False,
    )
    old = Log(k.CLUE, "2026-05-31 23:59", table=table).clocks("2026-06-01 00:05")
    new = Log(k.CLUE, "2026-06-01 00:00", table=table).clocks("2026-06-01 00:05")
    assert old["respond"].due == t("2026-06-01 00:29")  # received under the 30-minute rule
    assert new["respond"].due == t("2026-06-01 00:20")
    assert [x.amount for x in table.history(k.CLUE, "respond")] == [30, 20]


def test_an_edit_in_working_days_over_the_rule_change_date() -> None:
    table, _ = TABLE.with_edit(k.CONSULT, "finish", 1, lim.WORK_DAYS, now=t("2026-05-08 12:00"))
    before = Log(k.CONSULT, "2026-05-08 11:59", table=table).clocks("2026-05-08 12:30")
    after = Log(k.CONSULT, "2026-05-08 12:00", table=table).clocks("2026-05-08 12:30")
    assert before["finish"].due.date() == date(2026, 5, 12)  # 3 wd: Sat 9 (调休), Mon 11, Tue 12
    assert after["finish"].due.date() == date(2026, 5, 9)  # 1 wd: the make-up Saturday


def test_the_station_lines_survive_storage_and_the_built_in_ones_are_not_stored() -> None:
    table, _ = TABLE.with_edit(k.HOTLINE, "dispatch", 1, lim.HOURS, now=t("2026-05-20 15:00"))
    table = table.with_office_hours([(480, 720), (810, 1050)], now=t("2026-05-20 15:00"))
    text = table.station_json()
    assert "第20号" not in text
    again = LimitTable.from_station_json(text)
    assert again.line(k.HOTLINE, "dispatch", t("2026-05-21 09:00")).amount == 1  # type: ignore[union-attr]
    assert again.line(k.HOTLINE, "dispatch", t("2026-05-19 09:00")).amount == 2  # type: ignore[union-attr]
    assert again.hours_at(t("2026-05-21 09:00")).text == "08:00–12:00、13:30–17:30"
    assert again.hours_at(t("2026-05-19 09:00")).text == "08:30–12:00、14:00–17:30"
    assert LimitTable.from_station_json(None) == LimitTable()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            (k.CLUE, "dispatch", 10, lim.MINUTES),
            "网格线索没有“派单时限”，可设置：响应时限、反馈时限",
        ),
        ((k.CLUE, "respond", 0, lim.MINUTES), "时限须在 1 至 525600 分钟之间"),
        ((k.CLUE, "respond", "半小时", lim.MINUTES), "时限请填写整数"),
        ((k.CLUE, "respond", 30, "周"), "时限单位只能是"),
        ((k.CLUE, "respond", 30, lim.MINUTES), "新时限与现行时限相同"),
        (("投诉", "respond", 30, lim.MINUTES), "未知的工单类型"),
    ],
)
def test_an_edit_is_checked(args: tuple, words: str) -> None:
    with pytest.raises(ValidationError) as exc:
        TABLE.with_edit(*args, now=t("2026-05-20 15:00"))
    assert words in exc.value.message


def test_an_edit_cannot_reach_back_in_time() -> None:
    with pytest.raises(ValidationError) as exc:
        TABLE.with_edit(
            k.CLUE, "respond", 20, lim.MINUTES, now=t("2026-05-20 15:00"),
            effective_from=t("2026-05-01 00:00"),
        )  # fmt: skip
    assert "只能从现在（2026-05-20 15:00）或以后生效" in exc.value.message


def test_office_hours_are_checked() -> None:
    with pytest.raises(ValidationError, match="办公时间 12:00–08:30 无效"):
        lim.check_windows([(720, 510)])
    with pytest.raises(ValidationError, match="请至少填写一段办公时间"):
        lim.check_windows([])


def test_a_working_hours_line_counts_office_hours_only() -> None:
    table, _ = TABLE.with_edit(k.CONSULT, "respond", 2, lim.WORK_HOURS, now=t("2026-05-01 00:00"))
    clocks = Log(k.CONSULT, "2026-05-08 17:00", table=table).clocks("2026-05-08 17:00")
    assert clocks["respond"].due == t("2026-05-09 10:00")  # 30 min Friday, 90 min on 调休 Saturday
