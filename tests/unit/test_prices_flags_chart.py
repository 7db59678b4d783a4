"""A flag's handling as a table of transitions; the chart's data and ticks; the daily report's ranking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from station_app.domain.prices import flags as F
from station_app.domain.prices.chart import (
    BaselineMark,
    DayPoint,
    FlagMark,
    band_of,
    bands,
    build_chart,
    day_ticks,
    nice_ticks,
    threshold_of,
)
from station_app.domain.prices.daily import DailyReport, RiseLine, top_rises
from station_app.domain.prices.windows import Window
from station_app.errors import ValidationError

D = date


def test_the_road_of_a_flag() -> None:
    assert [a.name for a in F.possible(F.NEW)] == [F.WARN, F.CHECK, F.MARK_REASONABLE, F.REFER]
    assert F.check_action(F.NEW, F.WARN).target == F.WARNED
    assert (
        F.check_action(F.WARNED, F.CHECK, reason="现场核查，前台价目表 ¥588").target == F.CHECKING
    )
    assert F.check_action(F.CHECKING, F.REFER).target == F.REFERRED
    assert F.check_action(F.REFERRED, F.REOPEN, reason="复核").target == F.CHECKING
    assert F.possible(F.WITHDRAWN) == []


def test_refused_steps_say_why() -> None:
    with pytest.raises(ValidationError, match="状态为“合理”的预警信号不能提醒告诫"):
        F.check_action(F.REASONABLE, F.WARN)
    with pytest.raises(ValidationError, match="请填写认定合理的理由"):
        F.check_action(F.NEW, F.MARK_REASONABLE, reason="  ")
    with pytest.raises(ValidationError, match="请填写核查情况"):
        F.check_action(F.NEW, F.CHECK)
    with pytest.raises(ValidationError, match="不能撤销"):
        F.check_action(F.WARNED, F.WITHDRAW, reason="作废")
    with pytest.raises(ValidationError, match="未知的处置操作"):
        F.check_action(F.NEW, "delete")


def test_letters_refer_and_serving() -> None:
    assert F.one_entity([5, 5]) == 5
    with pytest.raises(ValidationError, match="一份告诫书只针对一个经营主体"):
        F.one_entity([5, 6])
    with pytest.raises(ValidationError, match="没有关联经营主体"):
        F.one_entity([None])
    with pytest.raises(ValidationError, match="请选择"):
        F.one_entity([])
    assert F.check_serving(" 王经理 ", "直接送达") == ("王经理", "直接送达")
    with pytest.raises(ValidationError, match="签收人"):
        F.check_serving("", "直接送达")
    with pytest.raises(ValidationError, match="送达方式"):
        F.check_serving("王经理", "托人转交")
    assert F.check_refer("工单", "") == ("工单", "")
    with pytest.raises(ValidationError, match="立案号"):
        F.check_refer("立案", " ")


def test_nice_ticks() -> None:
    assert nice_ticks(0, 1000) == [0, 200, 400, 600, 800, 1000]
    assert nice_ticks(23000, 41000) == [20000, 25000, 30000, 35000, 40000, 45000]
    ticks = nice_ticks(0.3, 0.9)
    assert ticks[0] <= 0.3 and ticks[-1] >= 0.9
    assert nice_ticks(5, 5)[-1] > 5


def test_day_ticks_by_span() -> None:
    assert len(day_ticks(D(2026, 10, 1), D(2026, 10, 7))) == 7
    weekly = day_ticks(D(2026, 9, 1), D(2026, 10, 31))
    assert [t.label for t in weekly][:2] == ["9/7", "9/14"]
    monthly = day_ticks(D(2025, 11, 1), D(2026, 10, 31))
    assert [t.label for t in monthly][:3] == ["11月", "12月", "1月"]
    assert monthly[0].value == 0.5


def test_bands() -> None:
    b = band_of(D(2026, 10, 1), [30000, 32000, 34000, 36000, 38000])
    assert (b.p25_fen, b.median_fen, b.p75_fen, b.n) == (32000, 34000, 36000, 5)
    assert band_of(D(2026, 10, 1), [30000]).median_fen == 30000
    assert [
        x.day for x in bands({D(2026, 10, 2): [1], D(2026, 10, 1): [2], D(2026, 10, 3): []})
    ] == [
        D(2026, 10, 1),
        D(2026, 10, 2),
    ]


def test_build_chart_frames_everything() -> None:
    nd = Window(D(2026, 10, 1), D(2026, 10, 7), "国庆节", names=frozenset({"国庆节"}))
    spring = Window(D(2026, 2, 15), D(2026, 2, 23), "春节", names=frozenset({"春节"}))
    points = [
        DayPoint(D(2026, 9, 1) + timedelta(days=k), 24000, 24800, 26000, 2) for k in range(40)
    ]
    chart = build_chart(
        title="城关宾馆 标准间",
        subtitle="2026-09-01 至 2026-10-10",
        first=D(2026, 9, 1),
        last=D(2026, 10, 10),
        points=points,
        windows=[nd, spring],
        baselines=[BaselineMark(D(2026, 10, 1), D(2026, 10, 7), 24800, 37200, "节前 30 天均价")],
        flags=[
            FlagMark(D(2026, 10, 2), 40500, "节假日涨幅>50%"),
            FlagMark(D(2026, 12, 1), 1, "outside"),
        ],
    )
    assert chart.windows == (nd,)
    assert len(chart.flags) == 1
    assert chart.y_min <= 24000 and chart.y_max >= 37200
    assert chart.y_ticks[0].label.replace(",", "").isdigit()
    assert chart.days == 40
    assert chart.x_of(D(2026, 9, 1)) == 0.5
    assert not chart.empty
    assert threshold_of(24800, None) is None
    empty = build_chart(title="t", subtitle="", first=D(2026, 1, 1), last=D(2026, 1, 31), points=[])
    assert empty.empty and empty.y_max > empty.y_min


def test_daily_report_ranks_rises() -> None:
    lines = [
        RiseLine("标准间", "甲酒店", 40500, 24800, 16331, "r", "待处理"),
        RiseLine("标准间", "乙酒店", 90000, 30000, 30000, "r", "待处理"),
        RiseLine("大床房", "丙酒店", 50000, 30000, 16667, "r", "已告诫"),
    ]
    assert [r.entity for r in top_rises(lines, 2)] == ["乙酒店", "丙酒店"]
    nd = Window(D(2026, 10, 1), D(2026, 10, 7), "国庆节")
    report = DailyReport(
        D(2026, 10, 2),
        nd,
        "城关所",
        40,
        38,
        76,
        (("网络平台", 70),),
        (("r", 3), ("s", 1)),
        (),
        (),
        4,
    )
    assert report.title == "国庆节价格监测日报"
    assert report.flags_today == 4
