"""Import of the 12345 platform's exported sheet through the import machinery
(``exports/ledger_reader``: XLSX/XLS/CSV, header detection): every row checked first (one bad
row and nothing is written, each error naming its row and column), then one unit of work —
a new order number creates an order, a known one with a higher 重办 count re-opens and
escalates it, an equal or lower count changes nothing. Re-importing a sheet duplicates
nothing. ``dry_run`` says what would happen and writes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from station_app.data.repo import orders as repo
from station_app.domain.orders import sheet as sh
from station_app.errors import ValidationError
from station_app.services.base import Changes, NullProgress, Progress, Tx, check_cancel
from station_app.services.orders.registration import Registration
from station_app.services.orders.views import OrderInput

MAX_ERRORS = 20


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: tuple[str, ...] = ()
    reworked: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    lower: tuple[str, ...] = ()  # the platform's count below ours: reported, unchanged
    dry_run: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "created": len(self.created),
            "reworked": len(self.reworked),
            "unchanged": len(self.unchanged),
            "lower": len(self.lower),
            "dry_run": self.dry_run,
            "numbers": {"created": list(self.created), "reworked": list(self.reworked)},
            "notes": list(self.notes),
        }


def read_rows(path: Path) -> list[sh.SheetRow]:
    """The sheet's data rows, checked; every error at once (up to 20), nothing written."""
    from station_app.exports.ledger_reader import cell_text, find_header, read_sheet

    sheet = read_sheet(Path(path))
    header, mapping = find_header(sheet.rows, sh.SYNONYMS, fallback=True)
    sh.check_columns(mapping)
    out, errors = [], []
    for index, row in enumerate(sheet.rows[header + 1 :], start=header + 2):
        raw = {f: row[c] if c < len(row) else "" for c, f in mapping.items()}
        values = {f: cell_text(v) for f, v in raw.items()}
        if not any(values.values()):
            continue
        try:
            out.append(sh.read_row(index, values, raw))
        except ValidationError as exc:
            errors.append(exc.message)
    if errors:
        shown = "\n".join(errors[:MAX_ERRORS])
        more = f"\n……另有 {len(errors) - MAX_ERRORS} 处错误" if len(errors) > MAX_ERRORS else ""
        raise ValidationError(
            f"导入未进行，表格中有 {len(errors)} 处错误：\n{shown}{more}", field="file"
        )
    return out


class PlatformImport(Registration):
    def import_platform(
        self, path: Path, *, dry_run: bool = False, progress: Progress | None = None
    ) -> tuple[ImportResult, Changes]:
        """Import the sheet at ``path`` all or nothing (``orders.import``)."""
        progress = progress or NullProgress()
        rows = read_rows(path)
        now = self._now()
        cleaned = [(r, self._clean_row(r, now)) for r in rows]

        def run(tx: Tx) -> ImportResult:
            made: dict[str, list[str]] = {
                "created": [],
                "reworked": [],
                "unchanged": [],
                "lower": [],
            }
            for done, (r, c) in enumerate(cleaned):
                check_cancel(progress)
                progress.report(done, len(cleaned), "导入平台工单")
                try:
                    outcome, number = self._apply_row(tx, r, c, now)
                except ValidationError as exc:
                    raise ValidationError(
                        f"第 {r.line} 行：{exc.message}", field=exc.field
                    ) from None
                made[outcome].append(number)
            if dry_run:
                tx.discard()
            return ImportResult(
                len(cleaned),
                created=tuple(made["created"]),
                reworked=tuple(made["reworked"]),
                unchanged=tuple(made["unchanged"]),
                lower=tuple(made["lower"]),
                dry_run=dry_run,
            )  # fmt: skip

        return self._transact("orders.import", run)

    def _clean_row(self, r: sh.SheetRow, now) -> OrderInput:
        data = OrderInput(
            kind=r.kind, received_at=r.received_at, text=r.text, entity=r.entity, grid=r.grid,
            platform_no=r.platform_no, rework=r.rework, category=r.category,
            subject_name=r.subject_name, subject_address=r.subject_address,
            requester_name=r.requester_name, requester_phone=r.requester_phone,
            platform_deadline=r.deadline,
        )  # fmt: skip
        try:
            return self.clean(data, now)
        except ValidationError as exc:
            raise ValidationError(
                f"导入未进行：第 {r.line} 行：{exc.message}", field=exc.field
            ) from None

    def _apply_row(self, tx: Tx, r: sh.SheetRow, c: OrderInput, now) -> tuple[str, str]:
        known = repo.order_by_platform(tx.s, c.kind, c.platform_no)
        if known is None:
            return "created", self.register_in(tx, c, now)
        o = self._load(tx, known.number)
        if c.rework > o.facts.rework:
            # sent back: the new round starts when the station learns of it (the import)
            self.apply_rework(tx, o, c.rework, c.platform_deadline, now, now)
            return "reworked", known.number
        return ("unchanged" if c.rework == o.facts.rework else "lower"), known.number
