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
from typing import TYPE_CHECKING, Any, TypeVar

from station_app import __version__
from station_app.clock import Clock
from station_app.data import audit
from station_app.data.engine import Database
from station_app.documents import stamp
from station_app.domain.anchors import Head
from station_app.domain.periods import Period
from station_app.domain.report_model import Section, Table, headline_section, with_comparisons
from station_app.errors import StationError, os_reason
from station_app.services import station_key
from station_app.services.base import Auth, Service, Tx
from station_app.services.station import StationService

if TYPE_CHECKING:
    from station_app.exports.county_merge import MergeResult
    from station_app.exports.report_package import Package

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


class ReportService(Service):
    """Making, checking and merging reports. Any thread."""

    def __init__(
        self,
        db: Database,
        auth: Auth,
        providers: Sequence[ReportProvider] | None = None,
        detail_providers: Sequence[DetailProvider] | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        """``providers`` replace the registered ones (tests); then details come only from
        ``detail_providers``."""
        super().__init__(db, auth, clock=clock)
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
            self._clock.now(),
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
        from station_app.files import check_target, check_writable_folder, write_private

        self._auth.require("reports.make")
        report = self.build(period, details=details)
        base = f"{report.station['code'] or report.station['name']}-{period.code}"
        targets = [out_dir / f"{base}{ext}" for ext in (".zip", ".xlsx", "-综合.pdf")]
        for target in targets:
            check_target(target)
        check_writable_folder(out_dir)  # before the key and the audit row are written
        doc = figures_document(self._meta(report), report.sections, report.details, details)
        figures = json.dumps(doc, ensure_ascii=False, indent=1, default=str).encode()

        def issue(tx: Tx) -> tuple[Head, list[Head], bytes, bytes, bytes]:
            key = station_key.private_key(tx)  # made (and recorded) with the first package
            tx.exported(*self._package_entry(period, targets[0], figures, details))
            tx.write_audit()  # that row is the package's head
            head = audit.current_head(tx.s)
            assert head is not None  # just appended
            with stamp.stamped(head.code):
                pdf = summary_pdf(self._summary_header(report), report.sections[0].figures)
            header = self._workbook_header(report, head.code)
            sheets = workbook_bytes(header, report.sections, report.details)
            return head, audit.package_points(tx.s), pdf, sheets, key

        (head, earlier, pdf, workbook, key), _ = self._transact("reports.make", issue)
        files = {"report.xlsx": workbook, "summary.pdf": pdf, "figures.json": figures}
        about = {
            "station": {"code": report.station["code"], "name": report.station["name"]},
            "period": period.code,
            "generated_at": report.generated_at.isoformat(timespec="seconds"),
            "audit": audit_block(head, earlier),
        }
        write_private(targets[1], workbook)
        write_private(targets[2], pdf)
        return PackageResult(write_package(targets[0], files, about, key), report, head)

    def station_key(self) -> tuple[str, str]:
        """``(public key, fingerprint)`` of the key that signs this station's packages (made
        now if no package was made yet)."""
        from station_app.exports import signing

        pem, _ = self._transact("reports.make", station_key.private_key)
        public = signing.public_key(pem)
        return public, signing.fingerprint(public)

    def write_key_file(self, path: Path) -> Path:
        """The public key file the station hands the county (``county register-key``)."""
        from station_app.exports import signing
        from station_app.files import write_private

        public, _ = self.station_key()
        profile = StationService(self._db, self._auth).get_profile()
        if profile is None:
            raise StationError("请先在“设置 → 本所信息”中填写所名称和代码。")
        station = {"code": profile.code, "name": profile.name}
        return write_private(Path(path), signing.key_file(station, public))

    @staticmethod
    def register_key(
        key_file: Path, state: Path | None = None, replace_reason: str = ""
    ) -> tuple[str, str, str, bool, Path]:
        """县局: register the station key in ``key_file`` (``report key``) in the county's anchor
        file; ``(station code, name, fingerprint, newly registered, anchor file)``. Another key
        already registered for the station is replaced only with ``replace_reason``."""
        from station_app.exports import county_anchors, signing

        state = _county_state(state)
        try:
            data = Path(key_file).read_bytes()[: 64 * 1024]
        except OSError as exc:
            raise StationError(f"无法读取密钥文件：{key_file}（{os_reason(exc)}）") from exc
        station, public = signing.read_key_file(data, Path(key_file).name)
        code, name = station.get("code") or station.get("name", ""), station.get("name", "")
        kept = county_anchors.load(state)
        changed = county_anchors.register_key(
            kept, code, name, public, Path(key_file).name, replace_reason=replace_reason
        )
        if changed:
            county_anchors.save(state, kept)
        return code, name, signing.fingerprint(public), changed, state

    @staticmethod
    def key_fingerprint(public: str) -> str:
        from station_app.exports.signing import fingerprint

        return fingerprint(public)

    @staticmethod
    def _package_entry(
        period: Period, zip_path: Path, figures: bytes, details: bool
    ) -> tuple[str, str, dict[str, Any], str]:
        """``(kind, record id, changes, reason)`` of the package's audit row (an export)."""
        digest = hashlib.sha256(figures).hexdigest()
        return (
            audit.KIND_PACKAGE,
            period.code,
            {"file": zip_path.name, "figures_sha256": digest, "with_details": details},
            f"生成{period.label}上报数据包",
        )

    # -- checking and merging packages (no database: the county does it on its own PCs) -------

    @staticmethod
    def read_package(path: Path) -> Package:
        """A data package, checked: every file against the SHA-256 manifest, the manifest
        against figures.json, the audit block's form. ``StationError`` says what is wrong."""
        from station_app.exports.report_package import read_package

        return read_package(Path(path))

    @staticmethod
    def verify_package(path: Path) -> dict[str, Any]:
        """The figures document of a package that :meth:`read_package` accepts."""
        from station_app.exports.report_package import verify_package

        return verify_package(Path(path))

    @staticmethod
    def merge_packages(
        packages: Sequence[Path],
        out: Path,
        *,
        state: Path | None = None,
        accept: dict[str, str] | None = None,
    ) -> MergeResult:
        """县局: merge the stations' packages of one period into one workbook ``out``, checking
        each station's audit anchors against the county's anchor file ``state`` (a file or its
        folder; by default the one in this PC's data folder) and recording the new ones.
        ``accept``: station code → reason, to accept a station's new chain once."""
        from station_app.exports.county_merge import merge_packages

        state = _county_state(state)
        files = [Path(p) for p in packages]
        return merge_packages(files, Path(out), state=state, accept=accept or {})

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


def _county_state(state: Path | None) -> Path:
    """The county's anchor file: ``state`` (a file or its folder) or this PC's default."""
    from station_app import paths
    from station_app.exports import county_anchors

    state = Path(state) if state else paths.county_anchors_path()
    return state / county_anchors.FILE_NAME if state.is_dir() else state
