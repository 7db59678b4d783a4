"""Annual reports (年报): each entity's status per year, set by hand or imported from the
credit system's list. Both regrade the entities concerned (the grade's 年度报告 indicator)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from station_app.data.models import AnnualReport
from station_app.data.repo import visits as repo
from station_app.domain.entities import parse_ledger_date
from station_app.domain.visits import annual_reports as ar
from station_app.domain.visits.lists import AnnualFilter
from station_app.errors import NotFoundError, ValidationError
from station_app.queries.visits import AnnualRows
from station_app.services.base import Changes, NullProgress, Progress, Service, Tx, check_cancel
from station_app.services.visits.grading import regrade
from station_app.services.visits.views import AnnualImport, ReportView

KIND_REPORT = "annual_report"
MAX_ERRORS = 5


def _snap(r: AnnualReport) -> dict:
    return {
        "year": r.year,
        "status": ar.STATUS_LABELS.get(r.status, r.status),
        "filed_on": r.filed_on.isoformat() if r.filed_on else None,
        "source": r.source,
    }


def _store(tx: Tx, entity_id: int, entry: ar.ReportEntry, source: str, note: str = "") -> str:
    """Write one status; ``created`` / ``updated`` / ``unchanged``."""
    row = repo.annual_reports_by_key(tx.s, [entity_id], entry.year).get(entity_id)
    if row is not None and (row.status, row.filed_on) == (entry.status, entry.filed_on):
        return "unchanged"
    before = _snap(row) if row is not None else None
    if row is None:
        row = AnnualReport(entity_id=entity_id, year=entry.year)
        tx.s.add(row)
    row.status, row.filed_on, row.source = entry.status, entry.filed_on, source
    if note:
        row.note = note
    tx.s.flush()
    tx.saved(KIND_REPORT, row.id, before, {**_snap(row), "entity_id": entity_id})
    return "updated" if before else "created"


class AnnualReports(Service):
    def annual_rows(self, flt: AnnualFilter | None = None) -> AnnualRows:
        self._auth.require("data.view")
        return AnnualRows(self._db, flt)

    def set_annual_report(
        self, entity_id: int, year: int, status: str, filed_on: date | None = None, note: str = ""
    ) -> tuple[ReportView, Changes]:
        """登记 one entity's status for ``year`` (checked: the year due, the day, the entity's
        registration); regrades it."""

        def put(tx: Tx) -> int:
            ref = repo.entity_ref(tx.s, entity_id)
            if ref is None:
                raise NotFoundError("该经营主体不存在（可能已被删除）。")
            code = ar.parse_status(status, filed_on, year)
            entry = ar.check_report(
                ar.ReportEntry(year, code, filed_on), tx.today, ref.registered_on, name=ref.name
            )
            _store(tx, entity_id, entry, "manual", note.strip())
            regrade(tx, [entity_id], "年报情况")
            return repo.annual_reports_by_key(tx.s, [entity_id], year)[entity_id].id

        report_id, changes = self._transact("annual_reports.import", put)
        with self._db.session() as s:
            row = s.get(AnnualReport, report_id)
            assert row is not None
            view = ReportView(row.id, row.version, row.entity_id, row.year, row.status,
                              row.filed_on, row.source, row.note)  # fmt: skip
        return view, changes

    def import_annual_reports(
        self,
        path: Path,
        year: int | None = None,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> tuple[AnnualImport, Changes]:
        """导入 the credit system's list: every row checked first (a bad year, status word or
        day refuses the whole file, naming the rows: nothing half-written); rows whose USCC no
        entity has are skipped and reported; the entities concerned are regraded."""
        from station_app.exports.annual_report_list import read_annual_list

        progress = progress or NullProgress()
        name, records = read_annual_list(Path(path))
        if not records:
            raise ValidationError("表中没有数据行（统一社会信用代码列为空）。", field="file")

        def run(tx: Tx) -> AnnualImport:
            refs = repo.entity_refs_by_uscc(tx.s, sorted({r.uscc for r in records}))
            entries, unknown, errors = [], [], []
            for r in records:
                ref = refs.get(r.uscc)
                if ref is None:
                    unknown.append((r.row, r.uscc, r.name))
                    continue
                try:
                    entries.append((ref.id, _entry(r, year, tx.today, ref)))
                except ValidationError as exc:
                    errors.append(f"第 {r.row} 行（{r.uscc}）：{exc.message}")
            if errors:
                more = f"等共 {len(errors)} 行" if len(errors) > MAX_ERRORS else ""
                raise ValidationError(
                    "年报名单有误，未导入任何记录：\n" + "\n".join(errors[:MAX_ERRORS]) + more,
                    field="file",
                )
            counts = {"created": 0, "updated": 0, "unchanged": 0}
            for n, (eid, entry) in enumerate(entries):
                if n % 500 == 0:
                    check_cancel(progress)
                    progress.report(n, len(entries), "正在导入年报情况…")
                counts[_store(tx, eid, entry, f"import:{name}")] += 1
            regraded = regrade(tx, {eid for eid, _ in entries}, "年报情况")
            result = AnnualImport(
                name, len(records), counts["created"], counts["updated"], counts["unchanged"],
                tuple(unknown), tuple(sorted({e.year for _, e in entries})), regraded, dry_run,
            )  # fmt: skip
            if dry_run:
                tx.discard()
            return result

        return self._transact("annual_reports.import", run)


def _entry(r, year: int | None, today: date, ref) -> ar.ReportEntry:
    if r.year:
        try:
            y = int(float(r.year))
        except ValueError:
            raise ValidationError(f"年报年度“{r.year}”不是年份。", field="year") from None
    elif year is not None:
        y = year
    else:
        raise ValidationError(
            "没有年报年度（表中无“年报年度”列时请用 --year 指定）。", field="year"
        )
    if year is not None and r.year and y != year:
        raise ValidationError(f"年报年度 {y} 与指定的 {year} 不符。", field="year")
    try:
        filed_on = parse_ledger_date(r.filed_on)
    except ValueError as exc:
        raise ValidationError(f"报送日期：{exc}", field="filed_on") from None
    code = ar.parse_status(r.status, filed_on, y)
    return ar.check_report(ar.ReportEntry(y, code, filed_on), today, ref.registered_on,
                           name=ref.name)  # fmt: skip
