"""Import of entity ledgers (台账导入): header detection, column mapping, per-row validation,
duplicates, dry run, and one transaction for everything (or the valid rows only, when asked).

``preview`` reads the file and proposes a column mapping; ``run`` validates every row and, unless
it is a dry run, writes all rows in one unit of work: if any row is rejected and ``valid_only``
was not chosen, nothing is written at all.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from station_app.clock import Clock
from station_app.data import audit
from station_app.data.engine import Database
from station_app.data.repo import entities as repo
from station_app.data.repo import settings as settings_repo
from station_app.domain import grading
from station_app.domain.entities import (
    FIELD_LABELS,
    GRADES,
    INDUSTRIES,
    TAGS,
    is_personal_phone,
    normalise_entity,
    parse_ledger_date,
)
from station_app.domain.masking import mask_phone
from station_app.domain.text import normalize_spaces, to_halfwidth
from station_app.errors import NotFoundError, StationError, ValidationError
from station_app.exports.ledger_reader import (
    HEADER_SCAN_ROWS,
    Sheet,
    cell_text,
    find_header,
    header_signature,
    read_sheet,
)
from station_app.services.auth import Auth
from station_app.services.base import Changes, NullProgress, Progress, check_cancel
from station_app.services.entities import KIND, pinyin_keys
from station_app.services.import_grids import GridLookup, create_new_grids, swap

# field → header texts seen in real ledgers (compared without spaces, brackets, 必填 marks)
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "名称",
        "主体名称",
        "企业名称",
        "单位名称",
        "字号名称",
        "经营者名称",
        "商户名称",
        "店名",
        "个体户名称",
        "市场主体名称",
    ),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "USCC"),
    "reg_no": ("注册号", "工商注册号", "营业执照注册号"),
    "entity_type": ("主体类型", "类型", "市场主体类型"),
    "legal_rep": (
        "法定代表人",
        "法定代表人/经营者",
        "经营者",
        "负责人",
        "法人",
        "经营者姓名",
        "法人代表",
    ),
    "phone": ("联系电话", "电话", "手机", "手机号", "联系方式", "电话号码"),
    "address": ("经营地址", "地址", "住所", "经营场所", "住所/经营场所", "详细地址"),
    "grid": ("网格", "所属网格", "网格编号", "网格名称"),
    "registered_on": ("成立日期", "登记日期", "注册日期", "开业日期", "成立时间"),
    "status": ("登记状态", "状态", "经营状态"),
    "credit_class": ("信用风险分类", "风险分类", "信用等级", "信用风险等级"),
    "credit_class_on": ("分类日期", "风险分类日期"),
    "industries": ("行业", "经营类别", "行业类别", "业态", "所属行业"),
    "tags": ("标签", "荣誉称号"),
    "licence_kind": ("许可证种类", "许可证类型", "许可证名称"),
    "licence_number": ("许可证编号", "许可证号"),
    "licence_issued_on": ("发证日期", "许可证发证日期"),
    "licence_expires_on": ("有效期至", "许可证有效期至", "有效期截止", "到期日期"),
    "licence_issuer": ("发证机关", "许可证发证机关"),
    "note": ("备注",),
}
IMPORT_FIELDS = {
    **{k: FIELD_LABELS.get(k, k) for k in HEADER_SYNONYMS},
    "grid": "所属网格",
    "licence_kind": "许可证种类",
    "licence_number": "许可证编号",
    "licence_issued_on": "发证日期",
    "licence_expires_on": "有效期至",
    "licence_issuer": "发证机关",
}
_STATUS_SYNONYMS = {"存续": "在营", "开业": "在营", "正常": "在营", "营业": "在营", "停业": "歇业"}
_SPLIT = re.compile(r"[、,，;；/|\s]+")
# Columns an import compares and updates: the registry's data columns except ``source``
# (an existing entity keeps where it first came from).
_COMPARE = tuple(c for c in repo.DATA_COLUMNS if c != "source")
FUZZY_THRESHOLD = 90
FUZZY_DB_LIMIT = 5000
MAPPING_KIND = "import_mapping"
MAPPING_PREFIX = "entity_import.mapping."


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based row number in the sheet, as Excel shows it
    field: str
    reason: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class DuplicateNote:
    row: int
    other: str  # "第 12 行" or "库中：名称（编号 N）"
    kind: str  # 代码相同 | 名称地址相似 | 重复行
    score: int = 100


@dataclass(frozen=True)
class LedgerPreview:
    file: str
    sheet: str
    header_row: int  # 1-based
    headers: tuple[str, ...]
    mapping: dict[int, str]  # column index → field
    sample: tuple[tuple[str, ...], ...]
    data_rows: int
    saved_mapping: bool = False  # the mapping saved for these headers was applied


@dataclass(frozen=True)
class ImportResult:
    file: str
    total: int
    inserted: int
    updated: int
    unchanged: int
    skipped: int
    rejected: tuple[RowError, ...]
    duplicates: tuple[DuplicateNote, ...]
    dry_run: bool
    committed: bool
    headers: tuple[str, ...] = ()
    message: str = ""
    saved_mapping: bool = False
    new_grids: tuple[str, ...] = ()  # grid texts of the file that name no grid yet

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "saved_mapping": self.saved_mapping,
            "dry_run": self.dry_run,
            "committed": self.committed,
            "total": self.total,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "rejected": len(self.rejected),
            "rejected_rows": [
                {"row": e.row, "field": e.field, "reason": e.reason} for e in self.rejected
            ],
            "duplicates": [
                {"row": d.row, "other": d.other, "kind": d.kind, "score": d.score}
                for d in self.duplicates
            ],
            "message": self.message,
        }


@dataclass
class _Planned:
    row: int
    fields: dict
    licences: list[dict]
    existing: dict | None = None
    key: object = None
    values: tuple[str, ...] = ()
    changes: dict = field(default_factory=dict)


@functools.lru_cache(maxsize=65_536)
def _pinyin_keys(name: str) -> tuple[tuple[str, str], ...]:
    return tuple(pinyin_keys(name).items())


def _industry(text: str) -> str:
    t = text.strip()
    if not t:
        return ""
    for known in INDUSTRIES:
        if t == known or t in known or known in t:
            return known
    for short, known in (
        ("餐饮", "餐饮服务"),
        ("食品", "食品销售"),
        ("药", "药品零售"),
        ("器械", "医疗器械"),
    ):
        if short in t:
            return known
    return "其他"


def mapping_key(signature: tuple[str, ...]) -> str:
    """Station setting key of the mapping saved for a header signature."""
    digest = hashlib.sha1(json.dumps(signature, ensure_ascii=False).encode()).hexdigest()
    return MAPPING_PREFIX + digest


def _licence_key(lic: dict) -> tuple:
    return (lic["kind"], lic["number"], lic["issued_on"], lic["expires_on"], lic["issuer"])


class EntityImportService:
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

    def save_mapping(
        self, headers: tuple[str, ...], mapping: dict[int, str]
    ) -> tuple[dict[int, str], Changes]:
        """Save ``mapping`` (column index → field) for files whose header row reads like
        ``headers``; the wizard and ``import entities`` apply it next time. Station-wide."""
        actor = self._auth.require("entities.import")
        signature = header_signature(list(headers))
        mapping = _check_mapping(len(headers), mapping)
        key = mapping_key(signature)
        value = {
            "headers": list(headers),
            "signature": list(signature),
            "mapping": {str(c): f for c, f in sorted(mapping.items())},
        }
        with self._db.uow() as s:
            row = settings_repo.setting(s, key)
            before = _stored_mapping(row.value, len(headers)) if row else None
            if before == mapping:
                return mapping, Changes()  # saved already: nothing to write or log
            settings_repo.put_setting(s, key, json.dumps(value, ensure_ascii=False), actor.username)
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.UPDATE if before else audit.CREATE,
                        MAPPING_KIND,
                        key.removeprefix(MAPPING_PREFIX),
                        audit.diff(_described(headers, before), _described(headers, mapping)),
                        "保存台账列对应关系",
                    )
                ],
            )
        return mapping, Changes.of(MAPPING_KIND)

    def run(
        self,
        path: Path,
        mapping: dict[int, str] | None = None,
        *,
        dry_run: bool = False,
        valid_only: bool = False,
        skip_rows: frozenset[int] = frozenset(),
        progress: Progress | None = None,
        today: date | None = None,
        create_grids: bool = False,
    ) -> tuple[ImportResult, Changes]:
        """Validate every row; unless ``dry_run``, write. Rows listed in ``skip_rows`` (sheet row
        numbers, e.g. duplicates the user decided against) are left out. Grids the file names
        that do not exist are listed in ``ImportResult.new_grids``; with ``create_grids`` they
        are created with the entities instead of rejecting those rows."""
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
        base = dict(
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
        self._write(planned, actor, sheet.file, today, rules, progress, grid_lookup)
        msg = f"已导入：新增 {inserted} 户、更新 {updated} 户，{unchanged} 户无变化" + (
            f"，{len(rejected)} 行有错误未导入。" if rejected else "。"
        )
        result = ImportResult(
            **base,
            inserted=inserted,
            updated=updated,
            unchanged=unchanged,
            dry_run=False,
            committed=True,
            message=note + msg,
        )
        return result, Changes.of(KIND) | (Changes.of("grid") if grid_lookup.new else Changes())

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

    # -- writing -------------------------------------------------------------------------------
    def _write(
        self,
        planned: list[_Planned],
        actor,
        file_name: str,
        today: date,
        rules: grading.GradingRules,
        progress: Progress,
        grid_lookup: GridLookup | None = None,
    ) -> None:
        ok = grading.compute_grade(grading.GradeInputs(), rules)
        expired = grading.compute_grade(grading.GradeInputs(licences_valid=False), rules)
        new_items, updates, update_items = [], [], []

        def new_rows():  # made while the rows before are written (PostgreSQL streams them)
            for p in new_items:
                f = p.fields
                bad = any(lic["expires_on"] and lic["expires_on"] < today for lic in p.licences)
                g = expired if bad else ok
                row = {c: f[c] for c in _COMPARE}
                row.update(_pinyin_keys(f["name"]))
                row.update(
                    source="导入",
                    grade_override_reason="",
                    grade_computed=g.grade,
                    grade_score=g.score,
                    local_grade=g.grade,
                )
                yield row

        for p in planned:
            if p.existing is None:
                new_items.append(p)
            elif p.changes:
                values = {c: new for c, (_old, new) in p.changes.items() if c in _COMPARE}
                if "name" in values:
                    values.update(dict(_pinyin_keys(values["name"])))
                values["id"] = p.existing["id"]
                updates.append(values)
                update_items.append(p)
        check_cancel(progress)
        progress.report(0, len(new_items) + len(updates), "正在写入数据库…")
        with self._db.uow() as s:
            pending = audit.PendingAppend(s, actor)  # the chain head locked before the COPY
            if grid_lookup is not None and grid_lookup.new and grid_lookup.create:
                _use_new_grids(s, grid_lookup, planned, updates, pending, file_name)

            def hash_audit_rows(ids: list[int]) -> None:
                # pure CPU (json, SHA-256 for every row): done while PostgreSQL is still
                # indexing the entities just sent (bulk.insert_rows); on SQLite after them
                pending.add(_audit_entries(ids, new_items, update_items, updates, file_name))

            ids = repo.insert_entities(
                s, new_rows(), len(new_items), while_server_works=hash_audit_rows
            )
            check_cancel(progress)
            repo.update_entities(s, updates)
            check_cancel(progress)
            repo.replace_children(
                s,
                {
                    i: p.fields["industries"]
                    for i, p in zip(ids, new_items)
                    if p.fields["industries"]
                },
                {i: p.fields["tags"] for i, p in zip(ids, new_items) if p.fields["tags"]},
                {i: p.licences for i, p in zip(ids, new_items) if p.licences},
                fresh=True,
            )
            changed_ind = {
                p.existing["id"]: p.fields["industries"]
                for p in update_items
                if "industries" in p.changes
            }
            lic_upd = {
                p.existing["id"]: p.licences for p in update_items if "licences" in p.changes
            }
            if changed_ind or lic_upd:
                # industries replaced when the ledger names them; a licence row is added or kept
                repo.replace_children(s, changed_ind, {}, {}, fresh=False)
                repo.add_licences_if_new(s, lic_upd)
            pending.write()
            check_cancel(progress)
        done = len(new_items) + len(updates)
        progress.report(done, done, "导入完成")

    # -- error report --------------------------------------------------------------------------
    def write_error_report(self, result: ImportResult, path: Path) -> Path:
        """XLSX of the rejected rows as they were, with the reason in the first column: fix the
        cells and import this file again."""
        from station_app.exports.ledger_writer import write_rows

        headers = ("错误原因", "原行号", *result.headers)
        rows = (
            (f"{e.field}：{e.reason}" if e.field else e.reason, e.row, *e.values)
            for e in result.rejected
        )
        write_rows(Path(path), "错误报告", headers, rows, widths={0: 50, 1: 8})
        return Path(path)

    # -- saved column mappings (保存的列对应关系) ------------------------------------------------
    def saved_mappings(self) -> list[SavedMapping]:
        """Every column mapping saved with :meth:`save_mapping`, newest first: the header row it
        is for, the mapping in Chinese, who saved it and when (``import mappings``)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            rows = settings_repo.settings_with_prefix(s, MAPPING_PREFIX)
            found = [_saved_mapping(row) for row in rows]
        return sorted(found, key=lambda m: m.saved_at, reverse=True)

    def delete_mapping(self, key: str) -> tuple[SavedMapping, Changes]:
        """Delete a saved mapping by the key :meth:`saved_mappings` lists (or a unique start of
        it, at least 4 characters) and return what was deleted: files with those headers are
        mapped by their header texts again. Needs the permission that saves one; audited."""
        actor = self._auth.require("entities.import")
        with self._db.uow() as s:
            row = _mapping_row(s, key)
            before = _saved_mapping(row)
            settings_repo.delete_setting(s, row.key)
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.DELETE,
                        MAPPING_KIND,
                        before.key,
                        audit.diff(before.described, None),
                        "删除已保存的台账列对应关系",
                    )
                ],
            )
        return before, Changes.of(MAPPING_KIND)

    def forget_mapping(self, headers: tuple[str, ...]) -> Changes:
        """Delete the mapping saved for files whose header row reads like ``headers`` (the
        wizard's 清除已保存的对应关系); nothing to do when none is saved (any more)."""
        self._auth.require("entities.import")
        key = mapping_key(header_signature(list(headers))).removeprefix(MAPPING_PREFIX)
        try:
            return self.delete_mapping(key)[1]
        except NotFoundError:
            return Changes()


def _stored_mapping(text: str, width: int) -> dict[int, str] | None:
    """A saved mapping, if it is readable and still fits (known fields, columns in range)."""
    try:
        data = json.loads(text)
        mapping = {int(c): f for c, f in data["mapping"].items()}
        return _check_mapping(width, mapping)
    except (ValueError, KeyError, TypeError, AttributeError, ValidationError):
        return None


def _check_mapping(width: int, mapping: dict[int, str]) -> dict[int, str]:
    """``mapping`` (column index → field) for a header row ``width`` cells wide, validated."""
    clean: dict[int, str] = {}
    for col, fld in sorted(mapping.items()):
        if not fld:
            continue
        if fld not in IMPORT_FIELDS:
            raise ValidationError(f"“{fld}”不是可以导入的字段。", field="mapping")
        if not 0 <= col < width:
            raise ValidationError(
                f"第 {col + 1} 列超出了表头的范围（共 {width} 列）。", field="mapping"
            )
        if fld in clean.values():
            raise ValidationError(
                f"“{IMPORT_FIELDS[fld]}”被指定给了不止一列，请只保留一列。", field="mapping"
            )
        clean[col] = fld
    if "name" not in clean.values():
        raise ValidationError("列映射中必须指定“名称”列。", field="mapping")
    return clean


def _described(headers: tuple[str, ...], mapping: dict[int, str] | None) -> dict[str, str]:
    """``{"第 2 列 店名": "名称"}``: a mapping as people read it (for the audit trail)."""
    return {
        f"第 {c + 1} 列 {headers[c] if c < len(headers) else ''}".strip(): IMPORT_FIELDS[f]
        for c, f in sorted((mapping or {}).items())
    }


def ensure_not_empty(preview: LedgerPreview) -> None:
    if preview.data_rows == 0:
        raise StationError("表头下面没有数据行。")


# -- saved column mappings -----------------------------------------------------------------------
@dataclass(frozen=True)
class SavedMapping:
    """A saved column mapping: for files whose header row has ``signature`` (the normalised
    ``headers``), column ``c`` is imported as field ``mapping[c]``. ``key`` is what
    :meth:`EntityImportService.delete_mapping` takes (and the audit trail's record id). An
    unreadable entry (``mapping`` empty) is listed so it can be deleted."""

    key: str
    headers: tuple[str, ...]
    signature: tuple[str, ...]
    mapping: dict[int, str]
    saved_by: str
    saved_at: datetime

    @property
    def readable(self) -> bool:
        return bool(self.mapping)

    @property
    def described(self) -> dict[str, str]:
        """``{"第 1 列 商号": "名称", …}``, as the audit trail shows it."""
        return _described(self.headers, self.mapping)

    @property
    def text(self) -> str:
        """The mapping in one line of Chinese: ``第 1 列 商号 → 名称；第 2 列 老板 → …``."""
        if not self.readable:
            return "（无法读取，请删除后重新保存）"
        return "；".join(f"{col} → {label}" for col, label in self.described.items())

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "headers": list(self.headers),
            "signature": list(self.signature),
            "mapping": {str(c): f for c, f in sorted(self.mapping.items())},
            "described": self.described,
            "readable": self.readable,
            "saved_by": self.saved_by,
            "saved_at": self.saved_at.isoformat(),
        }


def _saved_mapping(row) -> SavedMapping:
    """A ``station_setting`` row under ``MAPPING_PREFIX`` as a :class:`SavedMapping`."""
    try:
        data = json.loads(row.value)
        headers = tuple(str(h) for h in data.get("headers", ()))
        signature = tuple(str(h) for h in data.get("signature", ())) or header_signature(
            list(headers)
        )
    except (ValueError, TypeError, AttributeError):
        headers, signature = (), ()
    return SavedMapping(
        key=row.key.removeprefix(MAPPING_PREFIX),
        headers=headers,
        signature=signature,
        mapping=_stored_mapping(row.value, len(headers)) or {},
        saved_by=row.updated_by,
        saved_at=row.updated_at,
    )


_KEY = re.compile(r"[0-9a-f]{4,40}")


def _mapping_row(s, key: str):
    """The setting row of the saved mapping ``key`` (the listed key, a unique start of it, or
    the full setting key)."""
    wanted = (key or "").strip().lower().removeprefix(MAPPING_PREFIX)
    if not _KEY.fullmatch(wanted):
        raise ValidationError(
            f"“{key}”不是对应关系的编号。请写 import mappings 列出的编号（至少前 4 位）。",
            field="key",
        )
    rows = settings_repo.settings_with_prefix(s, MAPPING_PREFIX + wanted)
    if not rows:
        raise NotFoundError(f"没有编号为“{wanted}”的已保存对应关系。请用 import mappings 查看。")
    if len(rows) > 1:
        keys = "、".join(r.key.removeprefix(MAPPING_PREFIX)[:12] for r in rows[:5])
        raise ValidationError(
            f"编号“{wanted}”对应了不止一个已保存的对应关系（{keys}…），请多写几位。", field="key"
        )
    return rows[0]


def _audit_changes(p: _Planned) -> dict:
    """An updated row's changes for the audit trail, a personal phone masked (as the entity
    service writes them)."""
    out = dict(p.changes)
    if "phone" in out:
        kind = p.fields.get("entity_type") or p.existing["entity_type"]
        out["phone"] = [
            mask_phone(v) if v and is_personal_phone(kind, v) else v for v in out["phone"]
        ]
    return out


def _audit_entries(
    ids: list[int],
    new_items: list[_Planned],
    update_items: list[_Planned],
    updates: list[dict],
    file_name: str,
) -> list[audit.AuditEntry]:
    """The import's audit rows: one per new entity, one per updated entity, one for the file."""
    entries = [
        audit.AuditEntry(
            audit.CREATE,
            KIND,
            i,
            {
                "name": [None, p.fields["name"]],
                "uscc": [None, p.fields["uscc"]],
                "source": [None, "导入"],
            },
            f"导入 {file_name} 第 {p.row} 行",
        )
        for i, p in zip(ids, new_items)
    ]
    entries += [
        audit.AuditEntry(
            audit.UPDATE,
            KIND,
            p.existing["id"],
            _audit_changes(p),
            f"导入 {file_name} 第 {p.row} 行",
        )
        for p in update_items
    ]
    entries.append(
        audit.AuditEntry(
            audit.CREATE,
            "entity_import",
            file_name,
            {"inserted": [None, len(ids)], "updated": [None, len(updates)]},
            "导入经营主体台账",
        )
    )
    return entries


def _use_new_grids(s, lookup: GridLookup, planned, updates, pending, file_name: str) -> None:
    """Create the file's new grids and put their ids where the rows hold placeholders."""
    ids, entries = create_new_grids(s, lookup, file_name)
    pending.add(entries)
    for p in planned:
        p.fields["grid_id"] = swap(p.fields.get("grid_id"), ids)
        if "grid_id" in p.changes:
            old, new = p.changes["grid_id"]
            p.changes["grid_id"] = (old, swap(new, ids))
    for u in updates:
        if "grid_id" in u:
            u["grid_id"] = swap(u["grid_id"], ids)
