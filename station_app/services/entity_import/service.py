"""Import of entity ledgers (台账导入): header detection, column mapping, per-row validation,
duplicates, dry run, and one transaction for everything (or the valid rows only, when asked).

``preview`` reads the file and proposes a column mapping; ``run`` validates every row and, unless
it is a dry run, writes all rows in one unit of work: if any row is rejected and ``valid_only``
was not chosen, nothing is written at all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from station_app.clock import Clock
from station_app.data.engine import Database
from station_app.data.repo import entities as repo
from station_app.data.repo import settings as settings_repo
from station_app.domain.entities import (
    FIELD_LABELS,
    GRADES,
    TAGS,
    normalise_entity,
    parse_ledger_date,
)
from station_app.domain.text import normalize_spaces, to_halfwidth
from station_app.errors import ValidationError
from station_app.exports.ledger_reader import (
    HEADER_SCAN_ROWS,
    Sheet,
    cell_text,
    find_header,
    header_signature,
    read_sheet,
)
from station_app.services.auth import Auth
from station_app.services.base import (
    Changes,
    NullProgress,
    Progress,
    check_cancel,
)
from station_app.services.entities import KIND
from station_app.services.entity_import.mappings import (
    MappingStore,
    _stored_mapping,
)
from station_app.services.entity_import.model import (
    _COMPARE,
    _SPLIT,
    _STATUS_SYNONYMS,
    FUZZY_DB_LIMIT,
    FUZZY_THRESHOLD,
    HEADER_SYNONYMS,
    IMPORT_FIELDS,
    DuplicateNote,
    ImportResult,
    LedgerPreview,
    RowError,
    _industry,
    _licence_key,
    _Planned,
    mapping_key,
)
from station_app.services.entity_import.writing import CHANGED_MEANWHILE_NOTE, Writer
from station_app.services.import_grids import GridLookup


class EntityImportService(MappingStore, Writer):
    def __init__(self, db: Database, auth: Auth, *, clock: Clock | None = None) -> None:
        self._db = db
        self._auth = auth
        self._clock = clock or Clock()  # Asia/Shanghai "today" (tests fix it)

    def preview(self, path: Path, sample_rows: int = 20) -> LedgerPreview:
        self._auth.require("entities.import")
        sheet = read_sheet(Path(path))
        header, mapping, saved = self._locate(sheet, fallback=True)
        headers = tuple(cell_text(c) for c in sheet.rows[header])
        body = [r for r in sheet.rows[header + 1 :] if any(cell_text(c) for c in r)]
        sample = tuple(tuple(cell_text(c) for c in r) for r in body[:sample_rows])
        return LedgerPreview(
            sheet.file, sheet.name, header + 1, headers, mapping, sample, len(body), saved
        )

    def _locate(self, sheet: Sheet, *, fallback: bool) -> tuple[int, dict[int, str], bool]:
        """``(header row index, mapping, saved)``: a row whose headers have a saved mapping
        wins (the topmost); otherwise the header row and mapping found by synonyms."""
        signatures = {
            i: header_signature(row)
            for i, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS])
            if any(cell_text(c) for c in row)
        }
        keys = {i: mapping_key(sig) for i, sig in signatures.items()}
        with self._db.session() as s:
            stored = settings_repo.settings(s, keys.values())
        for index, key in keys.items():
            row = stored.get(key)
            width = len(sheet.rows[index])
            mapping = _stored_mapping(row.value, width) if row else None
            if mapping:
                return index, mapping, True
        header, mapping = find_header(sheet.rows, HEADER_SYNONYMS, fallback=fallback)
        return header, mapping, False

    def run(
        self,
        path: Path,
        mapping: dict[int, str] | None = None,
        *,
        dry_run: bool = False,
        valid_only: bool = False,
        skip_rows: frozenset[int] = frozenset(),
        only_rows: frozenset[int] | None = None,
        progress: Progress | None = None,
        today: date | None = None,
        create_grids: bool = False,
    ) -> tuple[ImportResult, Changes]:
        """Validate every row; unless ``dry_run``, write. Rows listed in ``skip_rows`` (sheet row
        numbers, e.g. duplicates the user decided against) are left out; with ``only_rows``
        every other row is ignored (importing again the rows an earlier run reported as
        changed meanwhile). Rows whose entity changed between the comparison and the write
        are left out and listed in ``changed_meanwhile``, never written over. Grids the file
        names that do not exist are listed in ``new_grids``; with ``create_grids`` they are
        created with the entities instead of rejecting those rows."""
        actor = self._auth.require("entities.import")
        progress = progress or NullProgress()
        today = today or self._clock.today()
        progress.report(0, 0, "正在读取文件…")
        sheet = read_sheet(Path(path))
        header, found, saved = self._locate(sheet, fallback=mapping is not None)
        saved = saved and mapping is None
        note = "已套用保存的列对应关系。" if saved else ""
        mapping = dict(mapping if mapping is not None else found)
        if "name" not in mapping.values():
            raise ValidationError("列映射中必须指定“名称”列。", field="mapping")
        headers = tuple(cell_text(c) for c in sheet.rows[header])
        body = sheet.rows[header + 1 :]
        with self._db.session() as s:
            known = {k.upper(): v for k, v in repo.grid_ids_by_code_or_name(s).items()}
            grid_lookup = GridLookup(known, create_grids)
            rules = settings_repo.grading_rules(s)
        errors: list[RowError] = []
        planned: list[_Planned] = []
        seen: dict[object, _Planned] = {}
        dupes: list[DuplicateNote] = []
        skipped = 0
        total = 0
        for offset, raw in enumerate(body):
            row_no = header + 2 + offset
            if offset % 1000 == 0:
                check_cancel(progress)
                progress.report(offset, len(body), "正在检查各行…")
            if only_rows is not None and row_no not in only_rows:
                continue
            values = tuple(cell_text(c) for c in raw)
            if not any(values):
                continue  # blank row
            total += 1
            if row_no in skip_rows:
                skipped += 1
                continue
            try:
                item = self._parse_row(row_no, raw, mapping, grid_lookup, today)
            except ValidationError as exc:
                errors.append(
                    RowError(
                        row_no,
                        FIELD_LABELS.get(exc.field, IMPORT_FIELDS.get(exc.field, exc.field)),
                        exc.message,
                        values,
                    )
                )
                continue
            item.values = values
            key = item.fields["uscc"] or (item.fields["name"], item.fields["address"])
            item.key = key
            earlier = seen.get(key)
            if earlier is not None:
                if earlier.fields == item.fields and earlier.licences == item.licences:
                    skipped += 1
                    dupes.append(DuplicateNote(row_no, f"第 {earlier.row} 行", "重复行"))
                else:
                    what = "统一社会信用代码" if item.fields["uscc"] else "名称和地址"
                    errors.append(
                        RowError(
                            row_no,
                            what,
                            f"与第 {earlier.row} 行的{what}相同但内容不同，请核对后只保留一行。",
                            values,
                        )
                    )
                    dupes.append(DuplicateNote(row_no, f"第 {earlier.row} 行", "代码相同"))
                continue
            seen[key] = item
            planned.append(item)
        check_cancel(progress)
        result_counts = self._match(planned, mapping, dupes, progress)
        inserted, updated, unchanged = result_counts
        rejected = tuple(errors)
        base: dict[str, Any] = dict(
            file=sheet.file,
            total=total,
            skipped=skipped,
            rejected=rejected,
            duplicates=tuple(sorted(dupes, key=lambda d: d.row)),
            headers=headers,
            saved_mapping=saved,
            new_grids=tuple(grid_lookup.new),
        )
        if grid_lookup.new and create_grids:
            note += f"将新建网格 {len(grid_lookup.new)} 个：{'、'.join(grid_lookup.new)}。"
        if dry_run:
            msg = f"试导入：将新增 {inserted} 户、更新 {updated} 户，{unchanged} 户无变化，{len(rejected)} 行有错误。未写入任何数据。"
            return ImportResult(
                **base,
                inserted=inserted,
                updated=updated,
                unchanged=unchanged,
                dry_run=True,
                committed=False,
                message=note + msg,
            ), Changes()
        if rejected and not valid_only:
            msg = (
                f"有 {len(rejected)} 行有错误，未导入任何数据。请按错误报告修正后重新导入，"
                "或选择“只导入无误的行”。"
            )
            return ImportResult(
                **base,
                inserted=0,
                updated=0,
                unchanged=0,
                dry_run=False,
                committed=False,
                message=note + msg,
            ), Changes()
        stale = self._write(planned, actor, sheet.file, today, rules, progress, grid_lookup)
        left_out = {c.row for c in stale}
        inserted -= sum(p.existing is None and p.row in left_out for p in planned)
        updated -= sum(p.existing is not None and p.row in left_out for p in planned)
        msg = f"已导入：新增 {inserted} 户、更新 {updated} 户，{unchanged} 户无变化" + (
            f"，{len(rejected)} 行有错误未导入。" if rejected else "。"
        )
        if stale:
            msg += CHANGED_MEANWHILE_NOTE.format(len(stale))
        result = ImportResult(
            **base,
            inserted=inserted,
            updated=updated,
            unchanged=unchanged,
            dry_run=False,
            committed=True,
            message=note + msg,
            changed_meanwhile=tuple(stale),
        )
        grids = Changes.of("grid") if grid_lookup.new and create_grids else Changes()
        return result, Changes.of(KIND) | grids

    # -- rows ----------------------------------------------------------------------------------
    def _parse_row(
        self, row_no: int, raw: list, mapping: dict[int, str], grids: dict[str, int], today: date
    ) -> _Planned:
        cells: dict[str, object] = {}
        for col, fld in mapping.items():
            cells[fld] = raw[col] if col < len(raw) else ""
        fields: dict = {}
        for key in ("uscc", "reg_no"):
            value = cells.get(key)
            if isinstance(value, float) and (not value.is_integer() or value >= 1e15):
                raise ValidationError(
                    f"{FIELD_LABELS[key]}被 Excel 存成了数字（{cell_text(value)}），后几位已丢失。"
                    "请把该列设为“文本”格式后重新填写。",
                    field=key,
                )
            fields[key] = cell_text(value)
        for key in ("name", "entity_type", "legal_rep", "phone", "address", "note"):
            fields[key] = cell_text(cells.get(key))
        status = normalize_spaces(to_halfwidth(cell_text(cells.get("status"))))
        fields["status"] = _STATUS_SYNONYMS.get(status, status)
        credit = cell_text(cells.get("credit_class")).upper().replace("类", "").replace("级", "")
        if credit and credit[:1] in GRADES:
            credit = credit[:1]
        fields["credit_class"] = credit
        for key in ("registered_on", "credit_class_on"):
            fields[key] = self._date(cells.get(key), key)
        grid_text = normalize_spaces(to_halfwidth(cell_text(cells.get("grid")))).upper()
        fields["grid_id"] = None
        if grid_text:
            if grid_text not in grids:
                raise ValidationError(
                    f"网格“{grid_text}”不存在，请先在网格花名册中建立，或改为已有网格的编号。",
                    field="grid_id",
                )
            fields["grid_id"] = grids[grid_text]
        fields["industries"] = tuple(
            i for i in (_industry(t) for t in _SPLIT.split(cell_text(cells.get("industries")))) if i
        )
        fields["tags"] = tuple(t for t in _SPLIT.split(cell_text(cells.get("tags"))) if t in TAGS)
        fields["source"] = "导入"
        clean = normalise_entity(fields, today)
        licences = []
        kind = cell_text(cells.get("licence_kind"))
        number = cell_text(cells.get("licence_number"))
        if kind or number:
            issued = self._date(cells.get("licence_issued_on"), "licence_issued_on")
            expires = self._date(cells.get("licence_expires_on"), "licence_expires_on")
            if issued and expires and expires < issued:
                raise ValidationError(
                    f"许可证有效期至 {expires} 早于发证日期 {issued}。", field="licence_expires_on"
                )
            licences.append(
                {
                    "kind": kind or "其他",
                    "number": number,
                    "issued_on": issued,
                    "expires_on": expires,
                    "issuer": cell_text(cells.get("licence_issuer")),
                }
            )
        clean = {
            k: v for k, v in clean.items() if k in _COMPARE or k in ("industries", "tags", "source")
        }
        return _Planned(row_no, clean, licences)

    @staticmethod
    def _date(value: object, key: str):
        try:
            return parse_ledger_date(value)
        except ValueError as exc:
            raise ValidationError(f"{IMPORT_FIELDS.get(key, key)}：{exc}。", field=key) from None

    # -- matching ------------------------------------------------------------------------------
    def _match(
        self, planned: list[_Planned], mapping, dupes: list[DuplicateNote], progress: Progress
    ) -> tuple[int, int, int]:
        codes = [p.fields["uscc"] for p in planned if p.fields["uscc"]]
        names = [p.fields["name"] for p in planned if not p.fields["uscc"]]
        mapped = set(mapping.values())
        compare = [
            c
            for c in _COMPARE
            if c in mapped
            or (c == "grid_id" and "grid" in mapped)
            or (c == "entity_type" and "uscc" in mapped)
        ]
        with self._db.session() as s:
            by_code = repo.by_uscc(s, codes)
            by_name = repo.by_name(s, names)
            inserted = updated = unchanged = 0
            new_without_code: list[_Planned] = []
            existing_ids = []
            for p in planned:
                f = p.fields
                found = (
                    by_code.get(f["uscc"]) if f["uscc"] else by_name.get((f["name"], f["address"]))
                )
                if found is None:
                    inserted += 1
                    if not f["uscc"]:
                        new_without_code.append(p)
                    continue
                p.existing = found
                existing_ids.append(found["id"])
            industries = repo.industries_of(s, existing_ids)
            licences = repo.licence_keys_of(s, existing_ids)
            for p in planned:
                if p.existing is None:
                    continue
                f = p.fields
                changes = {
                    c: [p.existing[c], f[c]]
                    for c in compare
                    if p.existing[c] != f[c] and f[c] not in (None, "")
                }
                if (
                    "industries" in mapped
                    and f["industries"]
                    and tuple(sorted(f["industries"])) != industries.get(p.existing["id"], ())
                ):
                    changes["industries"] = [
                        "、".join(industries.get(p.existing["id"], ())),
                        "、".join(f["industries"]),
                    ]
                have = licences.get(p.existing["id"], set())
                new = [lic for lic in p.licences if _licence_key(lic) not in have]
                if new:
                    changes["licences"] = [
                        None,
                        "；".join(f"{x['kind']} {x['number']}" for x in new),
                    ]
                p.changes = changes
                if changes:
                    updated += 1
                else:
                    unchanged += 1
            self._fuzzy(s, new_without_code, planned, dupes)
        return inserted, updated, unchanged

    def _fuzzy(
        self, s, new_rows: list[_Planned], planned: list[_Planned], dupes: list[DuplicateNote]
    ) -> None:
        """List possible duplicates (similar name + address) for the user to decide on."""
        if not new_rows:
            return
        from rapidfuzz import fuzz

        def text_of(name, address):
            return f"{name} {address}"

        blocks: dict[str, list[_Planned]] = {}
        for p in planned:
            blocks.setdefault(p.fields["name"][:2], []).append(p)
        for p in new_rows:
            mine = text_of(p.fields["name"], p.fields["address"])
            for other in blocks.get(p.fields["name"][:2], ()):
                if other is p or other.row > p.row:
                    continue
                score = fuzz.ratio(mine, text_of(other.fields["name"], other.fields["address"]))
                if score >= FUZZY_THRESHOLD:
                    dupes.append(
                        DuplicateNote(p.row, f"第 {other.row} 行", "名称地址相似", int(score))
                    )
        for p in new_rows[:FUZZY_DB_LIMIT]:
            mine = text_of(p.fields["name"], p.fields["address"])
            for eid, name, address in repo.similar_names(s, [p.fields["name"][:4]]):
                score = fuzz.ratio(mine, text_of(name, address))
                if score >= FUZZY_THRESHOLD:
                    dupes.append(
                        DuplicateNote(
                            p.row, f"库中：{name}（编号 {eid}）", "名称地址相似", int(score)
                        )
                    )

    # -- error report --------------------------------------------------------------------------
    def write_error_report(self, result: ImportResult, path: Path) -> Path:
        """XLSX of the rejected rows as they were, with the reason in the first column: fix the
        cells and import this file again."""
        from station_app.exports.ledger_writer import write_rows

        headers = ("错误原因", "原行号", *result.headers)
        problems = [
            (e.row, f"{e.field}：{e.reason}" if e.field else e.reason, e.values)
            for e in result.rejected
        ]
        problems += [(c.row, f"未导入：{c.reason}", c.values) for c in result.changed_meanwhile]
        rows = ((reason, row, *values) for row, reason, values in sorted(problems))
        write_rows(Path(path), "错误报告", headers, rows, widths={0: 50, 1: 8})
        return Path(path)
