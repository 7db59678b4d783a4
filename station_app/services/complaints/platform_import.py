"""Complaint intake from the 12315 platform: import its exported complaint sheet instead of
retyping it (issue 17). The same import machinery as the ledger: ``exports.ledger_reader``
reads the file (xlsx, xls, csv; sizes checked), the columns are found by their titles
(``domain.platform_sheet``) or by the mapping the station gave, and the mapping used is saved
in ``station_setting`` for the next sheet with the same columns. Every row is validated as a
registration; duplicates by platform number (already imported, or twice in the file) are
skipped and listed. All rows are written in one unit of work, each with its audit row; a file
with errors writes nothing unless ``valid_only``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from station_app.data.repo import complaints as repo
from station_app.data.repo import settings as settings_repo
from station_app.domain import platform_sheet as sheet_rules
from station_app.errors import ValidationError
from station_app.services.base import Changes, Tx
from station_app.services.complaints.cases import EDIT, Cases, ComplaintInput

MAPPING_KEY = "complaints.platform_mapping.12315"
HEADER_SCAN_ROWS = 10


@dataclass(frozen=True)
class PlatformRowError:
    row: int  # the sheet's row number
    reason: str


@dataclass(frozen=True)
class PlatformImportResult:
    file: str
    total: int
    imported: int
    duplicates: tuple[str, ...]  # platform numbers skipped (already imported or repeated)
    rejected: tuple[PlatformRowError, ...]
    committed: bool
    message: str

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "total": self.total,
            "imported": self.imported,
            "duplicates": list(self.duplicates),
            "rejected": [{"row": e.row, "reason": e.reason} for e in self.rejected],
            "committed": self.committed,
            "message": self.message,
        }


class PlatformImport(Cases):
    """Importing the 12315 platform's complaint sheet. Any thread."""

    def import_platform_sheet(
        self,
        path: Path,
        *,
        mapping: dict[str, str] | None = None,
        dry_run: bool = False,
        valid_only: bool = False,
    ) -> tuple[PlatformImportResult, Changes]:
        """Register the sheet's complaints (channel 12315, the platform number kept).
        ``mapping``: field → column title, for a sheet whose titles are not recognised (saved
        for next time)."""
        from station_app.exports.ledger_reader import read_sheet

        self._auth.require(EDIT)
        sheet = read_sheet(Path(path))
        header, columns = self._columns(sheet.rows, mapping)

        def run(tx: Tx) -> PlatformImportResult:
            result = self._import_rows(tx, sheet.file, sheet.rows, header, columns, valid_only)
            if dry_run or not result.committed:
                tx.discard()
            else:
                titles = [str(t) for t in sheet.rows[header]]
                self._save_mapping(tx, titles, columns)
            return result

        return self._transact(EDIT, run)

    # -- columns -------------------------------------------------------------------------------
    def _columns(self, rows: list[list], mapping: dict[str, str] | None) -> tuple[int, dict]:
        saved = self._saved_mappings()
        for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            titles = [sheet_rules.clean_title(c) for c in row]
            columns = saved.get("|".join(titles)) or sheet_rules.find_mapping(row)
            columns = {int(k): v for k, v in columns.items()}
            if mapping:  # the station's own titles win over the recognised ones
                wanted = {sheet_rules.clean_title(t): f for f, t in mapping.items()}
                given = {j: wanted[t] for j, t in enumerate(titles) if t in wanted}
                kept = {j: f for j, f in columns.items() if f not in given.values()}
                columns = kept | given
            if not sheet_rules.missing_fields(columns):
                return i, columns
        found = [sheet_rules.find_mapping(r) for r in rows[:HEADER_SCAN_ROWS]] or [{}]
        best = max(found, key=len)
        missing = "、".join(sheet_rules.missing_fields(best))
        raise ValidationError(
            f"没有找到 12315 投诉工单的表头：缺少“{missing}”列。请确认是平台导出的投诉工单表，"
            "或用列对应关系指明这些列。",
            field="mapping",
        )

    def _saved_mappings(self) -> dict[str, dict]:
        with self._db.session() as s:
            row = settings_repo.setting(s, MAPPING_KEY)
            return json.loads(row.value) if row is not None else {}

    def _save_mapping(self, tx: Tx, titles: list[str], columns: dict[int, str]) -> None:
        row = settings_repo.setting(tx.s, MAPPING_KEY)
        saved = json.loads(row.value) if row is not None else {}
        key = "|".join(sheet_rules.clean_title(t) for t in titles)
        if saved.get(key) != {str(k): v for k, v in columns.items()}:
            saved[key] = {str(k): v for k, v in columns.items()}
            text = json.dumps(saved, ensure_ascii=False, sort_keys=True)
            settings_repo.put_setting(tx.s, MAPPING_KEY, text, tx.actor.username)

    # -- rows ----------------------------------------------------------------------------------
    def _import_rows(self, tx: Tx, file: str, rows, header: int, columns, valid_only: bool):
        known = repo.platform_numbers(tx.s, sheet_rules.CHANNEL)
        imported, total, dupes, errors = 0, 0, [], []
        for offset, raw in enumerate(rows[header + 1 :]):
            if not any(str(c).strip() for c in raw if c is not None):
                continue
            total += 1
            row_no = header + 2 + offset
            cells = {f: raw[i] if i < len(raw) else "" for i, f in columns.items()}
            try:
                values = sheet_rules.row_fields(cells)
                number = str(values.pop("platform_no"))
                if number in known:
                    dupes.append(number)
                    continue
                # validation comes before any write: a refused row leaves nothing behind
                self._register_in(tx, ComplaintInput(**values), tx.today, number)
            except ValidationError as exc:
                errors.append(PlatformRowError(row_no, exc.message))
                continue
            known.add(number)
            imported += 1
        committed = not errors or valid_only
        return PlatformImportResult(
            file,
            total,
            imported if committed else 0,
            tuple(dupes),
            tuple(errors),
            committed,
            _message(imported, dupes, errors, committed),
        )


def _message(imported: int, dupes: list, errors: list, committed: bool) -> str:
    parts = [f"导入 {imported} 件投诉" if committed else "未导入任何投诉"]
    if dupes:
        parts.append(f"{len(dupes)} 件已导入过（按投诉单号），已跳过")
    if errors:
        parts.append(f"{len(errors)} 行有错误" + ("未导入" if committed else "，请修正后重新导入"))
    return "，".join(parts) + "。"
