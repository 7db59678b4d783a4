"""Hour limits counted in working hours (工作小时) on SQLite and PostgreSQL: the station's office
hours as a setting (versioned, audited, never reaching back), a line set to 工作小时 from the
settings service, and its deadlines across midnight, over a weekend and through a 调休
Saturday, while the 30-minute response keeps running on the clock; bad input refused in
Chinese with nothing written."""

from __future__ import annotations

import pytest

from station_app.domain.orders import limits as lim
from station_app.errors import ValidationError
from station_app.services.orders import OrderInput
from tests.support.orders import bj, build_roster, set_now

SUMMER = "08:30–12:00、13:30–17:30"


@pytest.fixture
def station(ctx, monkeypatch):
    build_roster(ctx)
    set_now(ctx, monkeypatch, "2026-05-06 08:00")  # a Wednesday
    orders = ctx.services.orders
    orders.save_office_hours(SUMMER, "夏季作息时间")
    orders.save_limit("网格线索", "feedback", 4, lim.WORK_HOURS, "所务会决定：按工作时间反馈")
    return orders


def clue(ctx, monkeypatch, received: str):
    set_now(ctx, monkeypatch, received)
    data = OrderInput(kind="网格线索", received_at=bj(received), grid="WG01", text="占道经营")
    return ctx.services.orders.add(data)[0]


def deadlines(view) -> dict[str, str]:
    return view.as_json()["deadlines"]


def test_office_hours_are_a_versioned_audited_setting(ctx, station):
    table = station.limits()
    assert table.hours_at(bj("2026-05-06 09:00")).text == SUMMER
    assert table.hours_at(bj("2026-05-05 09:00")).text == "08:30–12:00、14:00–17:30"  # before
    (row,) = [h for h in ctx.services.audit.history("station_setting", "orders.limits")
              if h.reason == "夏季作息时间"]  # fmt: skip
    assert SUMMER in str(row.changes)


@pytest.mark.parametrize(
    ("text", "reason", "message"),
    [
        ("8点到12点", "调整", "格式不对"),
        ("08:30–12:00、11:00–13:00", "调整", "不重叠"),
        ("08:00–12:00", "", "须填写原因"),
        (SUMMER, "调整", "与现行的相同"),
    ],
)
def test_bad_office_hours_are_refused_and_nothing_written(ctx, station, text, reason, message):
    before = station.limits().station_json()
    with pytest.raises(ValidationError, match=message):
        station.save_office_hours(text, reason)
    with pytest.raises(ValidationError, match="只能从现在"):
        station.save_office_hours("08:00–12:00", "调整", bj("2026-05-01 08:00"))
    assert station.limits().station_json() == before


def test_working_hours_across_midnight(ctx, station, monkeypatch):
    view = clue(ctx, monkeypatch, "2026-05-12 23:30")  # a Tuesday night
    assert deadlines(view) == {
        "respond": "2026-05-13T00:00:00+08:00",  # 30 min on the clock: the night counts
        "feedback": "2026-05-13T14:00:00+08:00",  # 3.5 h in the morning + 30 min after lunch
    }


def test_working_hours_skip_a_weekend(ctx, station, monkeypatch):
    view = clue(ctx, monkeypatch, "2026-05-15 17:00")  # a Friday, half an hour before closing
    assert deadlines(view)["feedback"] == "2026-05-18T12:00:00+08:00"  # Monday, 3.5 h more
    explain = next(c for c in station.show(view.number).clocks if c.clock == "feedback").explain
    assert "工作小时" in explain


def test_working_hours_count_a_tiaoxiu_saturday(ctx, station, monkeypatch):
    view = clue(ctx, monkeypatch, "2026-05-08 16:30")  # Friday; Saturday 5-09 is a 调休 workday
    assert deadlines(view)["feedback"] == "2026-05-09T11:30:00+08:00"  # 1 h Friday, 3 h Saturday


def test_orders_received_before_the_change_keep_their_clock(ctx, monkeypatch):
    build_roster(ctx)
    early = clue(ctx, monkeypatch, "2026-05-06 07:00")
    set_now(ctx, monkeypatch, "2026-05-06 08:00")
    ctx.services.orders.save_limit("网格线索", "feedback", 4, lim.WORK_HOURS, "按工作时间反馈")
    assert deadlines(ctx.services.orders.show(early.number))["feedback"] == (
        "2026-05-07T07:00:00+08:00"  # still 24 hours on the clock
    )
