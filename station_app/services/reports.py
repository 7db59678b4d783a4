"""Reports to the county bureau (上报县局): figures for a period with 同比/环比, the workbook, the
verifiable data package, and the county-side merge.

Each module registers a provider in ``REPORT_PROVIDERS``: ``provider(db, period) -> Section``
giving counts and amounts for exactly that period plus its rate definitions. This service calls
every provider for the period, the previous period and the same period last year, computes the
rates, and puts the headline figures on 综合.

Detail sheets (明细) are optional: a module registers ``detail(db, period) -> list[Table]`` in
``DETAIL_PROVIDERS``, called only when the report is made with details, for the period alone.
Its rows carry personal data masked (``domain/masking.py``): the package leaves the station.

Figures of the present state (stocks such as 在营经营主体) are the same for a period and its
comparison periods: a provider computes them through :func:`current_state`, which runs them
once per report.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from station_app import __version__
from station_app.data.engine import Database
from station_app.domain.periods import SHANGHAI, Period
from station_app.domain.report_model import Section, Table, headline_section, with_comparisons
from station_app.errors import StationError
from station_app.services.auth import Auth
from station_app.services.station import StationService

ReportProvider = Callable[[Database, Period], Section]
REPORT_PROVIDERS: list[ReportProvider] = []
DetailProvider = Callable[[Database, Period], list[Table]]
DETAIL_PROVIDERS: list[DetailProvider] = []

T = TypeVar("T")
_STATE: ContextVar[dict[str, Any] | None] = ContextVar("report_state", default=None)


def current_state(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, run once per report build under ``key`` (directly outside a build)."""
    memo = _STATE.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


@dataclass
class Report:
    station: dict[str, str]
    period: Period
    generated_at: datetime
    prepared_by: str
    sections: list[Section]  # 综合 first
    details: list[Table] = field(default_factory=list)  # 明细, only when asked for; masked

    def figure(self, key: str):
        return next(f for s in self.sections[1:] for f in s.figures if f.key == key)


@dataclass(frozen=True)
class PackageResult:
    path: Path
    report: Report


class ReportService:
    def __init__(
        self,
        db: Database,
        auth: Auth,
        providers: Sequence[ReportProvider] | None = None,
        detail_providers: Sequence[DetailProvider] | None = None,
    ) -> None:
        """``providers`` replace the registered ones (tests); then details come only from
        ``detail_providers``."""
        self._db = db
        self._auth = auth
        self._providers = providers
        self._detail_providers = detail_providers

    def build(self, period: Period, *, details: bool = False) -> Report:
        """Every figure of ``period`` with 环比/同比; with ``details`` the detail tables too."""
        actor = self._auth.require("reports.make")
        profile = StationService(self._db, self._auth).get_profile()
        if profile is None:
            raise StationError("请先在“设置”中填写所基本信息，报表需要所名称。")
        token = _STATE.set({})
        try:
            sections = [self._section(p, period) for p in self._providers_or_default()]
            tables = [t for p in self._detail_providers_or_default() for t in p(self._db, period)]
        finally:
            _STATE.reset(token)
        station = {
            "name": profile.name,
            "code": profile.code,
            "county_bureau": profile.county_bureau,
        }
        return Report(
            station,
            period,
            datetime.now(SHANGHAI),
            actor.label,
            [headline_section(sections), *sections],
            tables if details else [],
        )

    def _providers_or_default(self) -> Sequence[ReportProvider]:
        return REPORT_PROVIDERS if self._providers is None else self._providers

    def _detail_providers_or_default(self) -> Sequence[DetailProvider]:
        if self._detail_providers is not None:
            return self._detail_providers
        return DETAIL_PROVIDERS if self._providers is None else ()

    def _section(self, provider: ReportProvider, period: Period) -> Section:
        current = provider(self._db, period)
        previous = provider(self._db, period.previous())
        same = period.same_last_year()  # for a year it is the previous period: counted once
        last_year = previous if same == period.previous() else provider(self._db, same)
        return with_comparisons(current, previous, last_year)

    def write_package(
        self, period: Period, out_dir: Path, *, details: bool = False
    ) -> PackageResult:
        """Workbook + 综合 PDF + figures.json + manifest in one ZIP in ``out_dir``; with
        ``details`` the workbook has the detail sheets and figures.json their rows."""
        from station_app.documents.report_pdf import SummaryHeader, summary_pdf
        from station_app.exports.report_package import figures_document, write_package
        from station_app.exports.report_workbook import WorkbookHeader, write_workbook

        report = self.build(period, details=details)
        base = f"{report.station['code'] or report.station['name']}-{period.code}"
        header = WorkbookHeader(
            report.station["name"],
            report.station["county_bureau"],
            period.label,
            report.prepared_by,
            report.generated_at,
        )
        workbook = write_workbook(out_dir / f"{base}.xlsx", header, report.sections, report.details)
        pdf = summary_pdf(
            SummaryHeader(
                report.station["name"],
                report.station["county_bureau"],
                period.label,
                f"{report.generated_at:%Y-%m-%d}",
            ),
            report.sections[0].figures,
        )
        (out_dir / f"{base}-综合.pdf").write_bytes(pdf)
        doc = figures_document(self._meta(report), report.sections, report.details, details)
        files = {
            "report.xlsx": workbook.read_bytes(),
            "summary.pdf": pdf,
            "figures.json": json.dumps(doc, ensure_ascii=False, indent=1, default=str).encode(),
        }
        return PackageResult(write_package(out_dir / f"{base}.zip", files), report)

    def _meta(self, report: Report) -> dict[str, Any]:
        return {
            "station": report.station,
            "period": report.period.code,
            "period_label": report.period.label,
            "generated_at": report.generated_at.isoformat(timespec="seconds"),
            "prepared_by": report.prepared_by,
            "app_version": __version__,
        }
