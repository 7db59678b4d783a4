"""节日价格监测日报 (docs/areas/prices.md §7): one day's subjects, observations by source, the
flags of the day by rule, the biggest rises, the steps taken and the flags still open —
counted in SQL (GROUP BY on the day), filled into ``domain.prices.daily.DailyReport`` and
printed by ``documents.prices_pdf.daily`` (A4, 第 x 页 共 y 页, the audit witness)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from station_app.clock import SHANGHAI
from station_app.data.repo import prices as repo
from station_app.domain.prices import flags as states
from station_app.domain.prices.daily import DailyReport, RiseLine, top_rises
from station_app.domain.prices.windows import window_of
from station_app.errors import ValidationError
from station_app.services.base import Changes, Service, Tx
from station_app.services.prices.evaluation import candidates, windows_between

KIND_DAILY = "price_daily"
TOP = 10
STEP_LABELS = {  # the audit row's reason → the report's line, in the order printed
    "提醒告诫": "提醒告诫",
    "核查": "核查",
    "认定合理": "认定合理",
    "转办": "转工单/立案",
    "重新打开": "重新打开",
}


def default_day(s: Any, today: date) -> date:
    """Today if anything was observed today, else the last day with data before it."""
    span = repo.observed_span(s)
    if span is None or span[1] >= today or span[1] < span[0]:
        return today
    return span[1]


def build_daily(s: Any, day: date, today: date, station: str) -> DailyReport:
    """The report of ``day`` (not after ``today``), read in one session."""
    if day > today:
        raise ValidationError(f"{day.isoformat()} 尚未到来，日报只能统计今天及以前。", field="day")
    windows = windows_between(s, day, day)
    observations, observed, by_source = repo.day_observations(s, day)
    rules = repo.day_flags_by_rule(s, day, states.WITHDRAWN)
    rises = [
        RiseLine(subject, entity or "", price, base, ratio, f"{name}（第{v}版）", state)
        for subject, entity, price, base, ratio, name, v, state in repo.day_rises(
            s, day, states.WITHDRAWN, TOP
        )
    ]
    start = datetime.combine(day, time(0), SHANGHAI)
    steps = dict(repo.flag_steps_between(s, start, start + timedelta(days=1), STEP_LABELS))
    _found, thin, unknown = candidates(s, day, day)
    notes = tuple(f"注意：{y} 年的节假日安排尚未录入，该年的节假日规则未评估。" for y in unknown)
    return DailyReport(
        day=day, window=window_of(day, windows), station=station, subjects=repo.active_subject_count(s),
        observed_subjects=observed, observations=observations, by_source=tuple(by_source),
        flags_by_rule=tuple((f"{name}（第{v}版）", n) for name, v, n in rules),
        top_rises=top_rises(rises, TOP),
        actions=tuple((line, steps[key]) for key, line in STEP_LABELS.items() if steps.get(key)),
        open_flags=repo.open_flag_count(s, states.OPEN_STATES), thin_baselines=thin, notes=notes,
    )  # fmt: skip


def _station_name(s: Any) -> str:
    from station_app.data.models import StationProfile

    profile = s.query(StationProfile).first()
    return profile.name if profile else ""


class Daily(Service):
    """The daily report (``data.view``) and its print (audited as an export)."""

    def daily(self, day: date | None = None) -> DailyReport:
        """The report of ``day`` (default: today, or the last day with data)."""
        self._auth.require("data.view")
        today = self._clock.today()
        with self._db.session() as s:
            return build_daily(s, day or default_day(s, today), today, _station_name(s))

    def print_daily(self, day: date | None, out: Path) -> tuple[Path, Changes]:
        """The 节日价格监测日报 of ``day`` as an A4 PDF at ``out``."""
        out = Path(out)
        if out.suffix.lower() != ".pdf":
            raise ValidationError("日报输出文件应为 .pdf。", field="out")

        def make(tx: Tx) -> Path:
            from station_app.documents import prices_pdf
            from station_app.services.audit import printed_at

            when = day or default_day(tx.s, tx.today)
            report = build_daily(tx.s, when, tx.today, _station_name(tx.s))
            tx.exported(KIND_DAILY, when.isoformat(), {"file": out.name}, "打印价格监测日报")
            tx.write_audit()
            with printed_at(tx.s):
                return prices_pdf.daily(out, report)

        return self._transact("data.view", make)
