"""Each rule's evaluation on plain aggregates, with the Chinese sentence every flag carries.
Pure; the service feeds it from two kinds of GROUP BY (docs/areas/prices.md §5).

1. :func:`plan` says what a rule needs for a span of days: its *blocks* (each holiday window
   inside the span and the rule's period, or the whole period for 期间每日), the baseline days of
   each block as ranges, and how many days before the span ``day_jump`` looks back.
2. The service reads :class:`DayStat` (one per subject and day: highest, lowest, count, sum,
   distinct prices, the id of the day's highest observation) over the target days, and one
   :class:`BaselineStat` per subject for every distinct tuple of baseline ranges.
3. :func:`evaluate` compares, exactly (fractions, never a rounded average), and returns the
   candidate flags with their explanations.

The value judged is the day's highest price of a subject (the price a guest could be charged);
baselines average every observation of the baseline days (the "average actual price").
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from station_app.domain.prices.money import ROOM, percent_over, yuan
from station_app.domain.prices.rules import (
    EVERY_DAY,
    MEASURE_MAX,
    PEERS_CLASS,
    PEERS_DISTRICT_CLASS,
    AbovePosted,
    AbsoluteCap,
    BaselineRise,
    DayJump,
    HolidayHistory,
    MultiplePrices,
    PeerOutlier,
    Rule,
    SubjectInfo,
    k_text,
    threshold_text,
)
from station_app.domain.prices.windows import (
    DayRange,
    Window,
    md,
    ordinary_days_before,
    same_holiday_before,
    to_ranges,
    without_windows,
)

MAD_SCALE = Decimal("1.4826")  # MAD → σ for normal data
MEAN_AD_SCALE = Decimal("1.253314")  # mean absolute deviation → σ (Iglewicz–Hoaglin, MAD = 0)
HISTORY_YEARS_BACK = 2
Ranges = tuple[DayRange, ...]


@dataclass(frozen=True)
class DayStat:
    """One subject's observations of one day (voided ones left out)."""

    subject_id: int
    day: date
    max_fen: int
    min_fen: int
    n: int = 1
    total_fen: int = 0
    distinct: int = 1
    top_observation_id: int | None = None
    prices: tuple[int, ...] = ()
    """The distinct prices, ascending, when there are several (for 同日多价's sentence)."""


@dataclass(frozen=True)
class BaselineStat:
    """One subject's observations over a baseline's days."""

    n: int
    total_fen: int
    max_fen: int

    @property
    def average(self) -> Fraction:
        return Fraction(self.total_fen, self.n)


@dataclass(frozen=True)
class Block:
    """Target days that share one baseline: a window ∩ the span ∩ the rule's period, or the
    period itself (期间每日)."""

    days: DayRange
    window: Window | None = None
    baseline: Ranges = ()
    baseline_name: str = ""
    history: tuple[Window, ...] = ()


@dataclass(frozen=True)
class Plan:
    rule: Rule
    blocks: tuple[Block, ...]
    lookback_days: int = 0

    @property
    def target_ranges(self) -> Ranges:
        return tuple(b.days for b in self.blocks)

    @property
    def baselines(self) -> set[Ranges]:
        return {b.baseline for b in self.blocks if b.baseline}


@dataclass(frozen=True)
class Candidate:
    """A rule hit: one per (rule version, subject, day)."""

    series: int
    version: int
    rule_id: int | None
    subject_id: int
    day: date
    observation_id: int | None
    price_fen: int
    baseline_fen: int | None
    ratio: Fraction | None
    explanation: str
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> tuple[int, int, int, date]:
        return (self.series, self.version, self.subject_id, self.day)


@dataclass(frozen=True)
class ThinBaseline:
    """A subject in scope whose baseline had too few observations: no judgement possible."""

    subject_id: int
    n: int
    baseline_name: str


@dataclass
class Evaluation:
    candidates: list[Candidate] = field(default_factory=list)
    thin: list[ThinBaseline] = field(default_factory=list)


# ---- planning ------------------------------------------------------------------------------


def windows_from(first: date, rules: Iterable[Rule]) -> date:
    """How far back the windows must be known for ``rules`` evaluated from ``first``."""
    back = 30
    for rule in rules:
        p = rule.params
        if isinstance(p, BaselineRise) and p.days_before:
            back = max(back, 2 * p.days_before + 60)
        if isinstance(p, BaselineRise) and p.baseline_first:
            back = max(back, (first - p.baseline_first).days + 1)
        if isinstance(p, HolidayHistory):
            back = max(back, 366 * HISTORY_YEARS_BACK + 40)
    return first - timedelta(days=back)


def plan(rule: Rule, first: date, last: date, windows: Sequence[Window]) -> Plan:
    """What ``rule`` needs to be judged on ``first`` … ``last``; ``windows`` reach back to
    :func:`windows_from`."""
    lo = max(first, rule.period_first) if rule.period_first else first
    hi = min(last, rule.period_last) if rule.period_last else last
    blocks: list[Block] = []
    if lo <= hi:
        spans = (
            [(DayRange(lo, hi), None)]
            if rule.days == EVERY_DAY
            else [
                (DayRange(max(lo, w.first), min(hi, w.last)), w)
                for w in windows
                if w.overlaps(lo, hi)
            ]
        )
        blocks = [_block(rule, span, w, windows) for span, w in spans]
    lookback = rule.params.max_gap_days if isinstance(rule.params, DayJump) else 0
    return Plan(rule, tuple(blocks), lookback)


def _block(rule: Rule, span: DayRange, window: Window | None, windows: Sequence[Window]) -> Block:
    p = rule.params
    if isinstance(p, BaselineRise):
        ranges, name = _baseline_days(rule, p, window, windows)
        return Block(span, window, ranges, name)
    if isinstance(p, HolidayHistory) and window is not None:
        history = tuple(same_holiday_before(window, windows, p.years))
        ranges = to_ranges(d for w in history for d in w.span.each())
        return Block(span, window, ranges, _history_name(history, window, p), history)
    return Block(span, window)


def _baseline_days(
    rule: Rule, p: BaselineRise, window: Window | None, windows: Sequence[Window]
) -> tuple[Ranges, str]:
    if p.baseline_first and p.baseline_last:
        span = DayRange(p.baseline_first, p.baseline_last)
        ranges = without_windows(span, windows) if p.exclude_windows else (span,)
        return ranges, _span_name(span)
    anchor = window.first if window is not None else rule.period_first
    assert anchor is not None and p.days_before  # build_rule guarantees one of them
    if p.exclude_windows:
        ranges = ordinary_days_before(anchor, p.days_before, windows)
    else:
        ranges = (DayRange(anchor - timedelta(days=p.days_before), anchor - timedelta(days=1)),)
    where = "节前" if window is not None else "规则起始日前"
    return ranges, f"{where} {p.days_before} 天"


def _span_name(span: DayRange) -> str:
    """``3月`` for a whole month, ``2023年3月1日至3月15日`` otherwise."""
    whole_month = span.first.day == 1 and (span.last + timedelta(days=1)).day == 1
    if whole_month and span.first.month == span.last.month:
        return f"{span.first.month}月"
    return f"{span.first.year}年{md(span.first)}至{md(span.last)}"


def _history_name(history: Sequence[Window], window: Window, p: HolidayHistory) -> str:
    if not history:
        return ""
    years = "、".join(str(w.year) for w in sorted(history))
    return f"{years} 年{window.name}{p.measure}"


# ---- evaluation ----------------------------------------------------------------------------


def evaluate(
    plan_: Plan,
    subjects: Mapping[int, SubjectInfo],
    day_stats: Iterable[DayStat],
    baselines: Mapping[Ranges, Mapping[int, BaselineStat]] | None = None,
) -> Evaluation:
    """Candidate flags of one planned rule. ``day_stats`` may hold more days and subjects than
    the plan needs; ``baselines`` maps each of ``plan_.baselines`` to per-subject stats."""
    rule, baselines = plan_.rule, baselines or {}
    in_scope = {sid: s for sid, s in subjects.items() if rule.scope.contains(s)}
    by_key = {(d.subject_id, d.day): d for d in day_stats if d.subject_id in in_scope}
    by_day: dict[date, list[DayStat]] = defaultdict(list)
    for stat in by_key.values():
        by_day[stat.day].append(stat)
    out = Evaluation()
    for block in plan_.blocks:
        todays = [s for day in block.days.each() for s in by_day.get(day, ())]
        stats = baselines.get(block.baseline, {}) if block.baseline else {}
        _judge(_Judging(rule, block, todays, in_scope, stats, by_key, out))
    out.candidates.sort(key=lambda c: (c.day, c.subject_id))
    return out


@dataclass(frozen=True)
class _Judging:
    """One block of one rule being judged: what every judge reads, and where it writes."""

    rule: Rule
    block: Block
    todays: list[DayStat]
    subjects: Mapping[int, SubjectInfo]
    stats: Mapping[int, BaselineStat]
    by_key: Mapping[tuple[int, date], DayStat]
    out: Evaluation

    def add(
        self,
        stat: DayStat,
        baseline: Fraction | int | None,
        text: str,
        evidence: dict[str, Any],
    ) -> None:
        full = {**_window_evidence(self.block), **evidence}
        self.out.candidates.append(_candidate(self.rule, stat, baseline, text, full))


def _judge(j: _Judging) -> None:
    p = j.rule.params
    if isinstance(p, BaselineRise):
        _judge_rise(j, p)
    elif isinstance(p, HolidayHistory):
        _judge_history(j, p)
    elif isinstance(p, AbsoluteCap):
        _judge_cap(j, p)
    elif isinstance(p, AbovePosted):
        _judge_posted(j, p)
    elif isinstance(p, MultiplePrices):
        _judge_multiple(j, p)
    elif isinstance(p, DayJump):
        _judge_jump(j, p)
    else:
        _judge_peers(j, p)


def _candidate(
    rule: Rule,
    stat: DayStat,
    baseline: Fraction | int | None,
    text: str,
    evidence: dict[str, Any],
) -> Candidate:
    price = stat.max_fen
    ratio = Fraction(price) / Fraction(baseline) if baseline else None
    return Candidate(
        rule.series,
        rule.version,
        rule.rule_id,
        stat.subject_id,
        stat.day,
        stat.top_observation_id,
        price,
        round_fen(Fraction(baseline)) if baseline is not None else None,
        ratio,
        f"{text}，{rule.label}（{threshold_text(rule)}）",
        evidence,
    )


def round_fen(value: Fraction) -> int:
    """A fraction of fen rounded half up to whole fen."""
    return int((Decimal(value.numerator) / Decimal(value.denominator)).quantize(1, ROUND_HALF_UP))


def _window_evidence(block: Block) -> dict[str, Any]:
    if block.window is None:
        return {}
    return {"window": block.window.key, "window_label": block.window.label}


def _ranges_json(ranges: Ranges) -> list[list[str]]:
    return [[r.first.isoformat(), r.last.isoformat()] for r in ranges]


def _judge_rise(j: _Judging, p: BaselineRise) -> None:
    thin_seen: set[int] = set()
    for stat in j.todays:
        base = j.stats.get(stat.subject_id)
        if base is None or base.n < p.min_observations:
            if stat.subject_id not in thin_seen:
                thin_seen.add(stat.subject_id)
                n = base.n if base else 0
                j.out.thin.append(ThinBaseline(stat.subject_id, n, j.block.baseline_name))
            continue
        if stat.max_fen * base.n * p.k.denominator <= p.k.numerator * base.total_fen:
            continue
        avg = base.average
        pct = percent_over(Fraction(stat.max_fen) / avg)
        holidays = "，不含节假日" if p.exclude_windows else ""
        days = f"{_span_label(j.block.baseline)}，" if p.days_before else ""
        text = (
            f"{yuan(stat.max_fen)} 比{j.block.baseline_name}均价 {yuan(round_fen(avg))} 高 {pct} %"
            f"（{days}{base.n} 次监测{holidays}）"
        )
        evidence = {
            "baseline_days": _ranges_json(j.block.baseline),
            "baseline_n": base.n,
            "baseline_total_fen": base.total_fen,
        }
        j.add(stat, avg, text, evidence)


def _span_label(ranges: Ranges) -> str:
    return f"{md(ranges[0].first)}至{md(ranges[-1].last)}" if ranges else ""


def _judge_history(j: _Judging, p: HolidayHistory) -> None:
    for stat in j.todays:
        base = j.stats.get(stat.subject_id)
        if base is None or base.n == 0:
            continue
        level = Fraction(base.max_fen) if p.measure == MEASURE_MAX else base.average
        if stat.max_fen <= level:
            continue
        pct = percent_over(Fraction(stat.max_fen) / level)
        text = (
            f"{yuan(stat.max_fen)} 高于{j.block.baseline_name} {yuan(round_fen(level))}"
            f"（高 {pct} %，{base.n} 次监测）"
        )
        evidence = {
            "history": [w.key for w in j.block.history],
            "baseline_days": _ranges_json(j.block.baseline),
            "baseline_n": base.n,
        }
        j.add(stat, level, text, evidence)


def _judge_cap(j: _Judging, p: AbsoluteCap) -> None:
    for stat in j.todays:
        if stat.max_fen > p.cap_fen:
            pct = percent_over(Fraction(stat.max_fen, p.cap_fen))
            text = f"{yuan(stat.max_fen)} 超过最高限价 {yuan(p.cap_fen)}（高 {pct} %）"
            evidence = {"cap_fen": p.cap_fen}
            j.add(stat, p.cap_fen, text, evidence)


def _judge_posted(j: _Judging, p: AbovePosted) -> None:
    for stat in j.todays:
        s = j.subjects[stat.subject_id]
        basis = s.posted_fen if p.basis == "明码标价" else s.filed_fen
        if basis and stat.max_fen > basis:
            pct = percent_over(Fraction(stat.max_fen, basis))
            text = f"{yuan(stat.max_fen)} 高于{p.basis} {yuan(basis)}（高 {pct} %）"
            evidence = {"basis": p.basis, "basis_fen": basis}
            j.add(stat, basis, text, evidence)


def _judge_multiple(j: _Judging, p: MultiplePrices) -> None:
    for stat in j.todays:
        if stat.distinct > p.max_prices:
            if stat.prices:
                listed = "、".join(yuan(v) for v in stat.prices)
                text = f"同一天 {stat.distinct} 个不同价格：{listed}"
            else:
                text = f"同一天 {stat.distinct} 个不同价格（{yuan(stat.min_fen)} 至 {yuan(stat.max_fen)}）"
            evidence = {
                "distinct": stat.distinct,
                "prices_fen": list(stat.prices),
            }
            j.add(stat, stat.min_fen, text, evidence)


def _judge_jump(j: _Judging, p: DayJump) -> None:
    for stat in j.todays:
        previous = _previous(stat, j.by_key, p.max_gap_days)
        if previous is None:
            continue
        if stat.max_fen * p.k.denominator <= p.k.numerator * previous.max_fen:
            continue
        pct = percent_over(Fraction(stat.max_fen, previous.max_fen))
        gap = (stat.day - previous.day).days
        when = "前一日" if gap == 1 else f"{gap} 天前"
        text = (
            f"{yuan(stat.max_fen)} 比{when}（{md(previous.day)}）最高价 {yuan(previous.max_fen)}"
            f" 上涨 {pct} %"
        )
        evidence = {"previous_day": previous.day.isoformat()}
        j.add(stat, previous.max_fen, text, evidence)


def _previous(
    stat: DayStat, by_key: Mapping[tuple[int, date], DayStat], gap: int
) -> DayStat | None:
    for back in range(1, gap + 1):
        found = by_key.get((stat.subject_id, stat.day - timedelta(days=back)))
        if found is not None:
            return found
    return None


def peer_key(subject: SubjectInfo, mode: str) -> tuple[Any, ...] | None:
    """Which subjects are peers: rooms by 档次 (and 片区), commodities by name (and 片区);
    a room without a 档次 has no peers in the 档次 modes."""
    what = subject.klass if subject.kind == ROOM else subject.name
    if subject.kind == ROOM and not what and mode != "同组":
        return None
    if mode == PEERS_DISTRICT_CLASS:
        return (subject.kind, subject.district, what)
    if mode == PEERS_CLASS:
        return (subject.kind, what)
    return (subject.kind,) if subject.kind == ROOM else (subject.kind, subject.name)


def robust_z(value: int, values: Sequence[int]) -> tuple[float, int, Decimal] | None:
    """(modified z of ``value``, the median in fen, the spread used) among ``values``;
    None when every value is the same (nothing is an outlier)."""
    med = Decimal(str(statistics.median(values)))
    deviations = [abs(Decimal(v) - med) for v in values]
    mad = Decimal(str(statistics.median(deviations)))
    spread = MAD_SCALE * mad
    if mad == 0:
        spread = MEAN_AD_SCALE * (sum(deviations, Decimal(0)) / len(deviations))
    if spread == 0:
        return None
    return float((Decimal(value) - med) / spread), int(med.quantize(1, ROUND_HALF_UP)), spread


def _judge_peers(j: _Judging, p: PeerOutlier) -> None:
    by_day: dict[tuple[date, tuple[Any, ...]], list[DayStat]] = defaultdict(list)
    for stat in j.todays:
        key = peer_key(j.subjects[stat.subject_id], p.peers)
        if key is not None:
            by_day[(stat.day, key)].append(stat)
    for peers in by_day.values():
        if len(peers) < p.min_peers:
            continue
        values = [s.max_fen for s in peers]
        for stat in peers:
            found = robust_z(stat.max_fen, values)
            if found is None or found[0] <= float(p.k):
                continue
            z, median, _spread = found
            times = Fraction(stat.max_fen, median) if median else None
            scale = f" 的 {float(times):.1f} 倍" if times else "以上"
            text = (
                f"{yuan(stat.max_fen)} 是{p.peers} {len(peers)} 家当日中位数 {yuan(median)}{scale}"
                f"（离群指数 {z:.1f} > {k_text(p.k)}）"
            )
            evidence = {
                "peers": len(peers),
                "median_fen": median,
                "z": round(z, 2),
            }
            j.add(stat, median or None, text, evidence)
