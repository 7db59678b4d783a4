"""A subject's curve over a period (the screen's widget and the PDF/PNG print share one
``ChartData``): the daily low/average/high, the holiday windows shaded, each baseline of the
rules in force with its threshold, the flags marked, and the median band of its first group."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from fractions import Fraction
from pathlib import Path

from station_app.data.models import PriceFlag, PriceSubject
from station_app.data.repo import prices as repo
from station_app.domain.prices import flags as states
from station_app.domain.prices.chart import (
    BandPoint,
    BaselineMark,
    ChartData,
    DayPoint,
    FlagMark,
    bands,
    build_chart,
)
from station_app.domain.prices.evaluate import plan, round_fen, windows_from
from station_app.domain.prices.money import yuan
from station_app.domain.prices.rules import BaselineRise
from station_app.domain.prices.sheets import ChartRow, ChartSheet
from station_app.domain.prices.windows import window_of
from station_app.errors import ValidationError
from station_app.services.base import Changes, Service, Tx
from station_app.services.prices.common import KIND_SUBJECT, SUBJECT_GONE
from station_app.services.prices.evaluation import subjects_of, windows_between

MAX_CHART_DAYS = 731


def _chart(s, subject_id: int, first: date, last: date) -> tuple[ChartData, list]:
    if last < first:
        raise ValidationError("期间的结束日早于开始日。", field="period")
    if (last - first).days >= MAX_CHART_DAYS:
        raise ValidationError("曲线最多显示两年，请缩短期间。", field="period")
    subject = s.get(PriceSubject, subject_id)
    if subject is None:
        raise ValidationError(SUBJECT_GONE.format(subject_id), field="subject")
    info = subjects_of(s, [subject_id]).get(subject_id)
    rules = [repo.rule_of(r) for r in repo.current_rules(s)]
    windows = windows_between(s, windows_from(first, rules), last)
    days = repo.day_points(s, subject_id, first, last)
    points = [DayPoint(d, lo, round_fen(Fraction(total, n)), hi, n) for d, lo, total, hi, n in days]
    marks = []
    for rule in rules:
        if (
            not isinstance(rule.params, BaselineRise)
            or info is None
            or not rule.scope.contains(info)
        ):
            continue
        for block in plan(rule, first, last, windows).blocks:
            stat = repo.baseline_stats(s, block.baseline, [subject_id]).get(subject_id)
            if stat is None or stat.n < rule.params.min_observations:
                continue
            avg = stat.average
            marks.append(BaselineMark(block.days.first, block.days.last, round_fen(avg),
                                      round_fen(avg * rule.params.k), f"{block.baseline_name}均价"))  # fmt: skip
    flag_rows = [
        f for f in s.query(PriceFlag).filter(PriceFlag.subject_id == subject_id,
                                             PriceFlag.day.between(first, last))
        if f.state != states.WITHDRAWN
    ]  # fmt: skip
    flags = [FlagMark(f.day, f.price_fen, f.explanation) for f in flag_rows]
    band: tuple[BandPoint, ...] = ()
    groups = repo.subject_group_ids(s, subject_id)
    if groups:
        highs: dict[date, list[int]] = defaultdict(list)
        for d, _sid, hi in repo.group_day_highs(s, groups[0], first, last):
            highs[d].append(hi)
        band = bands({d: v for d, v in highs.items() if len(v) >= 3})
    label = f"{info.entity_name if info else ''} {subject.name}".strip()
    data = build_chart(
        title=label, subtitle=f"{first.isoformat()} 至 {last.isoformat()}", first=first,
        last=last, points=points, windows=windows, baselines=marks, flags=flags, band=band,
        unit=f"元/{subject.unit}",
    )  # fmt: skip
    return data, flag_rows


class Charts(Service):
    """The curve (``data.view``) and its print."""

    def chart(self, subject_id: int, first: date, last: date) -> ChartData:
        self._auth.require("data.view")
        with self._db.session() as s:
            return _chart(s, subject_id, first, last)[0]

    def print_chart(
        self, subject_id: int, first: date, last: date, out: Path
    ) -> tuple[Path, Changes]:
        """The curve and its daily table on A4 (``.pdf``) or the curve alone (``.png``)."""
        out = Path(out)
        if out.suffix.lower() not in (".pdf", ".png"):
            raise ValidationError("输出文件应为 .pdf 或 .png。", field="out")

        def make(tx: Tx) -> Path:
            data, flag_rows = _chart(tx.s, subject_id, first, last)
            tx.exported(KIND_SUBJECT, subject_id, {"file": out.name, "first": first.isoformat(),
                        "last": last.isoformat()}, "打印价格曲线")  # fmt: skip
            tx.write_audit()
            if out.suffix.lower() == ".png":
                from station_app.documents.charts import price_drawing
                from station_app.documents.png import drawing_to_png

                return drawing_to_png(price_drawing(data, 720, 360, title=True), out)
            return _pdf(tx, data, flag_rows, subject_id, out)

        return self._transact("data.view", make)


def _pdf(tx: Tx, data: ChartData, flag_rows: list, subject_id: int, out: Path) -> Path:
    from station_app.data.models import StationProfile
    from station_app.documents import prices_pdf
    from station_app.services.audit import printed_at

    subject = tx.load(PriceSubject, subject_id, missing=SUBJECT_GONE.format(subject_id))
    profile = tx.s.query(StationProfile).first()
    medians = {b.day: b.median_fen for b in data.band}
    flagged = defaultdict(list)
    for f in flag_rows:
        flagged[f.day].append(f.state)
    rows = tuple(
        ChartRow(p.day, (w.name if (w := window_of(p.day, data.windows)) else ""), p.low_fen,
                 p.mean_fen, p.high_fen, p.n, medians.get(p.day), "、".join(flagged.get(p.day, ())))
        for p in data.points
    )  # fmt: skip
    sheet = ChartSheet(
        data, profile.name if profile else "", subject.name, data.title.rsplit(" ", 1)[0],
        subject.posted_fen, data.subtitle, rows,
        tuple(f"{b.label} {yuan(b.value_fen)}，阈值 {yuan(b.threshold_fen)}" for b in data.baselines),
        tuple(f"{f.day.isoformat()} {f.explanation}（{f.state}）" for f in flag_rows),
    )  # fmt: skip
    with printed_at(tx.s):
        return prices_pdf.chart_page(out, sheet)
