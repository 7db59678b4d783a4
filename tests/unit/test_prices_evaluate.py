"""Each rule type judged on plain aggregates, with the sentence every flag carries.

Baseline sums are chosen so the averages are exact yuan: 31 observations summing to 31 × ¥248.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from station_app.domain.calendar import WorkCalendar
from station_app.domain.prices.evaluate import (
    BaselineStat,
    DayStat,
    evaluate,
    plan,
    robust_z,
    windows_from,
)
from station_app.domain.prices.money import COMMODITY, ROOM
from station_app.domain.prices.rules import (
    ABOVE_POSTED,
    ABSOLUTE_CAP,
    BASELINE_RISE,
    DAY_JUMP,
    DEFAULT_RULE,
    EVERY_DAY,
    HOLIDAY_HISTORY,
    MULTIPLE_PRICES,
    PEER_OUTLIER,
    SubjectInfo,
    build_rule,
)
from station_app.domain.prices.windows import DayRange, all_windows

D = date
CAL = WorkCalendar()
HOTEL = SubjectInfo(
    1, "标准间", "城关宾馆", ROOM, posted_fen=45800, district="城关", klass="舒适型"
)
SUBJECTS = {1: HOTEL}


def windows(first: date, last: date, rules=(DEFAULT_RULE,)):
    return all_windows(windows_from(first, rules), last, CAL)


def day(subject: int, d: date, *prices: int, obs: int | None = None) -> DayStat:
    distinct = tuple(sorted(set(prices)))
    return DayStat(
        subject, d, max(prices), min(prices), len(prices), sum(prices), len(distinct), obs,
        distinct if len(distinct) > 1 else (),
    )  # fmt: skip


def test_default_rule_flags_more_than_half_over_the_30_days_before() -> None:
    first, last = D(2025, 10, 1), D(2025, 10, 8)
    p = plan(DEFAULT_RULE, first, last, windows(first, last))
    (block,) = p.blocks
    assert block.days == DayRange(first, last)
    assert block.baseline == (DayRange(D(2025, 9, 1), D(2025, 9, 30)),)
    baselines = {block.baseline: {1: BaselineStat(31, 31 * 24800, 26000)}}
    stats = [
        day(1, D(2025, 10, 2), 40500, obs=77),
        day(1, D(2025, 10, 3), 37200),
        day(1, D(2025, 10, 4), 37300),
    ]
    found = evaluate(p, SUBJECTS, stats, baselines)
    assert [c.day for c in found.candidates] == [
        D(2025, 10, 2),
        D(2025, 10, 4),
    ]  # ¥372 is exactly +50 %
    hit = found.candidates[0]
    assert (hit.price_fen, hit.baseline_fen, hit.observation_id) == (40500, 24800, 77)
    assert hit.ratio == Fraction(405, 248)
    assert hit.explanation == (
        "¥405 比节前 30 天均价 ¥248 高 63 %（9月1日至9月30日，31 次监测，不含节假日），"
        "规则「节假日涨幅>50%」第 1 版（>50 %）"
    )
    assert hit.evidence["window"] == "2025:国庆节、中秋节"
    assert hit.evidence["baseline_days"] == [["2025-09-01", "2025-09-30"]]
    assert hit.key == (1, 1, 1, D(2025, 10, 2))


def test_days_outside_windows_are_not_judged_by_a_window_rule() -> None:
    first, last = D(2025, 9, 20), D(2025, 10, 20)
    p = plan(DEFAULT_RULE, first, last, windows(first, last))
    assert p.target_ranges == (DayRange(D(2025, 10, 1), D(2025, 10, 8)),)
    stats = [day(1, D(2025, 10, 12), 99900)]
    baselines = {b: {1: BaselineStat(30, 30 * 24800, 24800)} for b in p.baselines}
    assert evaluate(p, SUBJECTS, stats, baselines).candidates == []


def test_too_thin_a_baseline_gives_no_flag_but_is_reported() -> None:
    first, last = D(2025, 10, 1), D(2025, 10, 8)
    p = plan(DEFAULT_RULE, first, last, windows(first, last))
    (ranges,) = p.baselines
    found = evaluate(
        p, SUBJECTS, [day(1, D(2025, 10, 2), 90000)], {ranges: {1: BaselineStat(2, 50000, 25000)}}
    )
    assert found.candidates == []
    assert [(t.subject_id, t.n) for t in found.thin] == [(1, 2)]
    found = evaluate(p, SUBJECTS, [day(1, D(2025, 10, 2), 90000)], {})
    assert [(t.subject_id, t.n) for t in found.thin] == [(1, 0)]


def test_zibo_march_average_rule() -> None:
    rule = build_rule(
        kind=BASELINE_RISE,
        name="2023 五一 >50%",
        params={
            "k": "1.5",
            "baseline_first": "2023-03-01",
            "baseline_last": "2023-03-31",
            "exclude_windows": False,
        },
        days=EVERY_DAY,
        period_first=D(2023, 4, 29),
        period_last=D(2023, 5, 3),
        series=2,
    )
    p = plan(rule, D(2023, 4, 1), D(2023, 5, 31), windows(D(2023, 4, 1), D(2023, 5, 31), [rule]))
    (block,) = p.blocks
    assert block.days == DayRange(D(2023, 4, 29), D(2023, 5, 3))
    assert block.baseline == (DayRange(D(2023, 3, 1), D(2023, 3, 31)),)
    found = evaluate(
        p,
        SUBJECTS,
        [day(1, D(2023, 4, 30), 40500)],
        {block.baseline: {1: BaselineStat(31, 31 * 24800, 30000)}},
    )
    (hit,) = found.candidates
    assert (
        hit.explanation
        == "¥405 比3月均价 ¥248 高 63 %（31 次监测），规则「2023 五一 >50%」第 1 版（>50 %）"
    )


def test_exact_comparison_never_rounds_the_average() -> None:
    first, last = D(2025, 10, 1), D(2025, 10, 8)
    p = plan(DEFAULT_RULE, first, last, windows(first, last))
    (ranges,) = p.baselines
    base = BaselineStat(3, 10000 + 10000 + 10001, 10001)  # average 10000.33 fen
    at_limit = day(1, D(2025, 10, 2), 15001)  # 15001 × 3 = 45003 > 1.5 × 30001 = 45001.5
    below = day(1, D(2025, 10, 3), 15000)  # 45000 < 45001.5
    found = evaluate(p, SUBJECTS, [at_limit, below], {ranges: {1: base}})
    assert [c.day for c in found.candidates] == [D(2025, 10, 2)]
    assert found.candidates[0].baseline_fen == 10000


def test_holiday_history_not_above_last_spring_festival() -> None:
    rule = build_rule(kind=HOLIDAY_HISTORY, name="不高于往年春节", params={"years": 1}, series=3)
    first, last = D(2026, 2, 15), D(2026, 2, 23)
    p = plan(rule, first, last, windows(first, last, [rule]))
    (block,) = p.blocks
    assert block.baseline == (DayRange(D(2025, 1, 28), D(2025, 2, 4)),)
    assert block.baseline_name == "2025 年春节最高价"
    base = {block.baseline: {1: BaselineStat(8, 8 * 80000, 98000)}}
    found = evaluate(
        p, SUBJECTS, [day(1, D(2026, 2, 17), 128800), day(1, D(2026, 2, 18), 98000)], base
    )
    (hit,) = found.candidates
    assert (
        hit.explanation
        == "¥1,288 高于2025 年春节最高价 ¥980（高 31 %，8 次监测），规则「不高于往年春节」第 1 版（>往年最高价）"
    )
    two = build_rule(kind=HOLIDAY_HISTORY, name="近两年", params={"years": 2, "measure": "平均价"})
    (block2,) = plan(two, first, last, windows(first, last, [two])).blocks
    assert block2.baseline_name == "2024、2025 年春节平均价"
    assert len(block2.baseline) == 2


def test_absolute_cap_and_posted_price() -> None:
    cap = build_rule(
        kind=ABSOLUTE_CAP,
        name="三亚限价",
        params={"cap_yuan": 5000},
        days=EVERY_DAY,
        period_first=D(2026, 1, 1),
    )
    p = plan(cap, D(2026, 2, 1), D(2026, 2, 28), [])
    (hit,) = evaluate(
        p, SUBJECTS, [day(1, D(2026, 2, 16), 588800), day(1, D(2026, 2, 17), 500000)]
    ).candidates
    assert (
        hit.explanation
        == "¥5,888 超过最高限价 ¥5,000（高 18 %），规则「三亚限价」第 1 版（>¥5,000）"
    )
    posted = build_rule(
        kind=ABOVE_POSTED, name="明码标价", params={}, days=EVERY_DAY, period_first=D(2026, 1, 1)
    )
    unposted = SubjectInfo(2, "大床房", "城关宾馆", ROOM)
    stats = [day(1, D(2026, 2, 16), 58800), day(2, D(2026, 2, 16), 99900)]
    (hit,) = evaluate(
        plan(posted, D(2026, 2, 1), D(2026, 2, 28), []), {1: HOTEL, 2: unposted}, stats
    ).candidates
    assert (hit.subject_id, hit.baseline_fen) == (1, 45800)
    assert hit.explanation.startswith("¥588 高于明码标价 ¥458（高 28 %）")


def test_several_prices_one_day() -> None:
    rule = build_rule(
        kind=MULTIPLE_PRICES, name="一房多价", params={}, days=EVERY_DAY, period_first=D(2026, 1, 1)
    )
    stats = [
        day(1, D(2026, 2, 16), 38800, 45800, 58800, 45800),
        day(1, D(2026, 2, 17), 38800, 38800),
    ]
    (hit,) = evaluate(plan(rule, D(2026, 2, 1), D(2026, 2, 28), []), SUBJECTS, stats).candidates
    assert hit.explanation.startswith("同一天 3 个不同价格：¥388、¥458、¥588，")
    assert hit.ratio == Fraction(588, 388)
    bare = DayStat(1, D(2026, 2, 18), 58800, 38800, 2, 97600, 2)
    (hit,) = evaluate(plan(rule, D(2026, 2, 18), D(2026, 2, 18), []), SUBJECTS, [bare]).candidates
    assert hit.explanation.startswith("同一天 2 个不同价格（¥388 至 ¥588）")


def test_day_over_day_jump_looks_back_a_few_days() -> None:
    rule = build_rule(
        kind=DAY_JUMP,
        name="跳涨",
        params={"k": "1.5", "max_gap_days": 2},
        days=EVERY_DAY,
        period_first=D(2025, 9, 1),
    )
    p = plan(rule, D(2025, 10, 1), D(2025, 10, 10), [])
    assert p.lookback_days == 2
    stats = [
        day(1, D(2025, 9, 30), 36000),
        day(1, D(2025, 10, 1), 68000),  # +89 % over the day before
        day(1, D(2025, 10, 3), 80000),  # 2 days after ¥680: +18 %
        day(1, D(2025, 10, 8), 99000),  # previous observation 5 days back: nothing to compare
    ]
    (hit,) = evaluate(p, SUBJECTS, stats).candidates
    assert hit.explanation.startswith("¥680 比前一日（9月30日）最高价 ¥360 上涨 89 %")
    stats.append(day(1, D(2025, 10, 5), 130000))
    texts = [c.explanation for c in evaluate(p, SUBJECTS, stats).candidates]
    assert texts[1].startswith("¥1,300 比2 天前（10月3日）最高价 ¥800 上涨 63 %")


def peers(n: int, base: int = 30000) -> dict[int, SubjectInfo]:
    return {
        i: SubjectInfo(i, "标准间", f"酒店{i}", ROOM, district="城关", klass="舒适型")
        for i in range(1, n + 1)
    }


def test_peer_outlier_by_median_and_mad() -> None:
    rule = build_rule(
        kind=PEER_OUTLIER,
        name="离群",
        params={"k": "3.5"},
        days=EVERY_DAY,
        period_first=D(2026, 1, 1),
    )
    subjects = peers(12)
    subjects[13] = SubjectInfo(13, "标准间", "景区酒店", ROOM, district="景区", klass="舒适型")
    prices = [30000, 31000, 32000, 33000, 29000, 30500, 31500, 32500, 34000, 30000, 31000, 88000]
    stats = [day(i, D(2026, 10, 2), v) for i, v in enumerate(prices, start=1)]
    stats.append(day(13, D(2026, 10, 2), 99000))  # alone in its district: no peers to compare
    (hit,) = evaluate(plan(rule, D(2026, 10, 1), D(2026, 10, 7), []), subjects, stats).candidates
    assert hit.subject_id == 12
    assert hit.baseline_fen == 31250  # the median
    assert hit.explanation.startswith(
        "¥880 是同片区同档次 12 家当日中位数 ¥312.50 的 2.8 倍（离群指数"
    )
    assert hit.evidence["peers"] == 12


def test_peer_outlier_needs_enough_peers_and_spread() -> None:
    rule = build_rule(
        kind=PEER_OUTLIER,
        name="离群",
        params={"k": "3.5", "min_peers": 5},
        days=EVERY_DAY,
        period_first=D(2026, 1, 1),
    )
    p = plan(rule, D(2026, 10, 2), D(2026, 10, 2), [])
    few = [day(i, D(2026, 10, 2), v) for i, v in enumerate([30000, 30000, 30000, 90000], start=1)]
    assert evaluate(p, peers(4), few).candidates == []
    same = [day(i, D(2026, 10, 2), 30000) for i in range(1, 7)]
    assert evaluate(p, peers(6), same).candidates == []
    # MAD is 0 (most equal) but one differs: the mean absolute deviation takes over
    one_off = [day(i, D(2026, 10, 2), 30000) for i in range(1, 7)] + [day(7, D(2026, 10, 2), 90000)]
    (hit,) = evaluate(p, peers(7), one_off).candidates
    assert hit.subject_id == 7


def test_robust_z() -> None:
    z, median, _ = robust_z(88000, [30000, 31000, 32000, 88000, 29000])
    assert median == 31000
    assert z == pytest.approx((88000 - 31000) / (1.4826 * 1000))
    assert robust_z(5, [5, 5, 5]) is None


def test_peers_of_commodities_are_the_same_goods() -> None:
    rule = build_rule(
        kind=PEER_OUTLIER,
        name="菜价",
        params={"k": "3.5", "peers": "同档次"},
        days=EVERY_DAY,
        period_first=D(2026, 1, 1),
    )
    subjects = {i: SubjectInfo(i, "猪肉（精瘦）", f"摊位{i}", COMMODITY) for i in range(1, 7)}
    subjects[7] = SubjectInfo(7, "牛肉", "摊位7", COMMODITY)
    stats = [
        day(i, D(2026, 2, 10), v) for i, v in zip(range(1, 7), [2800, 2900, 3000, 2800, 2900, 3000])
    ]
    stats.append(day(7, D(2026, 2, 10), 9000))  # beef is not compared with pork
    assert (
        evaluate(plan(rule, D(2026, 2, 10), D(2026, 2, 10), []), subjects, stats).candidates == []
    )


def test_scope_and_period_limit_what_is_judged() -> None:
    rule = build_rule(
        kind=ABSOLUTE_CAP, name="高档限价", params={"cap_yuan": 1000}, days=EVERY_DAY,
        period_first=D(2026, 2, 10), period_last=D(2026, 2, 20), scope={"classes": ["高档型"]},
    )  # fmt: skip
    subjects = {1: HOTEL, 2: SubjectInfo(2, "豪华间", "国际大酒店", ROOM, klass="高档型")}
    stats = [day(s, D(2026, 2, d), 200000) for s in (1, 2) for d in (9, 15, 21)]
    found = evaluate(plan(rule, D(2026, 2, 1), D(2026, 2, 28), []), subjects, stats).candidates
    assert [(c.subject_id, c.day) for c in found] == [(2, D(2026, 2, 15))]


def test_windows_from_reaches_back_far_enough() -> None:
    first = D(2026, 10, 1)
    assert windows_from(first, [DEFAULT_RULE]) <= first - timedelta(days=60)
    history = build_rule(kind=HOLIDAY_HISTORY, name="h", params={"years": 2})
    assert windows_from(first, [history]) <= D(2024, 10, 1)
