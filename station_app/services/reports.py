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

import hashlib
import json
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from station_app import __version__, clock
from station_app.data import audit
from station_app.data.engine import Database
from station_app.documents import stamp
from station_app.domain.anchors import Head
from station_app.domain.periods import Period
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
    head: Head | None = None  # the audit head the package carries


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
            clock.now(),
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
        ``details`` the workbook has the detail sheets and figures.json their rows.

        Making the package appends an audit row (kind ``report_package``: the period, the ZIP's
        name and the SHA-256 of figures.json) in one transaction with reading the head: that
        row is the package's audit head, which the manifest carries with every earlier
        package's point and the PDF and workbook print as their 日志校验码 (docs/SECURITY.md).
        The files are written once the transaction has committed."""
        from station_app.documents.report_pdf import summary_pdf
        from station_app.exports.report_package import (
            audit_block,
            figures_document,
            write_package,
        )
        from station_app.exports.report_workbook import workbook_bytes
        from station_app.files import check_target, write_private

        actor = self._auth.require("reports.make")
        report = self.build(period, details=details)
        base = f"{report.station['code'] or report.station['name']}-{period.code}"
        targets = [out_dir / f"{base}{ext}" for ext in (".zip", ".xlsx", "-综合.pdf")]
        for target in targets:
            check_target(target)
        doc = figures_document(self._meta(report), report.sections, report.details, details)
        figures = json.dumps(doc, ensure_ascii=False, indent=1, default=str).encode()
        with self._db.uow() as s:
            audit.append(s, actor, [self._package_entry(period, targets[0], figures, details)])
            head = audit.current_head(s)
            assert head is not None  # just appended
            earlier = audit.package_points(s)
            with stamp.stamped(head.code):
                pdf = summary_pdf(self._summary_header(report), report.sections[0].figures)
            workbook = workbook_bytes(
                self._workbook_header(report, head.code), report.sections, report.details
            )
        files = {"report.xlsx": workbook, "summary.pdf": pdf, "figures.json": figures}
        about = {
            "station": {"code": report.station["code"], "name": report.station["name"]},
            "period": period.code,
            "generated_at": report.generated_at.isoformat(timespec="seconds"),
            "audit": audit_block(head, earlier),
        }
        write_private(targets[1], workbook)
        write_private(targets[2], pdf)
        return PackageResult(write_package(targets[0], files, about), report, head)

    @staticmethod
    def _package_entry(period: Period, zip_path: Path, figures: bytes, details: bool):
        digest = hashlib.sha256(figures).hexdigest()
        return audit.AuditEntry(
            audit.EXPORT,
            audit.KIND_PACKAGE,
            period.code,
            {"file": zip_path.name, "figures_sha256": digest, "with_details": details},
            f"生成{period.label}上报数据包",
        )

    @staticmethod
    def _summary_header(report: Report):
        from station_app.documents.report_pdf import SummaryHeader

        return SummaryHeader(
            report.station["name"],
            report.station["county_bureau"],
            report.period.label,
            f"{report.generated_at:%Y-%m-%d}",
        )

    @staticmethod
    def _workbook_header(report: Report, code: str):
        from station_app.exports.report_workbook import WorkbookHeader

        return WorkbookHeader(
            report.station["name"],
            report.station["county_bureau"],
            report.period.label,
            report.prepared_by,
            report.generated_at,
            code,
        )

    def _meta(self, report: Report) -> dict[str, Any]:
        return {
            "station": report.station,
            "period": report.period.code,
            "period_label": report.period.label,
            "generated_at": report.generated_at.isoformat(timespec="seconds"),
            "prepared_by": report.prepared_by,
            "app_version": __version__,
        }
