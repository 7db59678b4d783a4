"""Writing an import (the second half of ``run``): the planned rows in one unit of work, the
rows whose entity changed meanwhile left out and listed, the audit rows hashed while PostgreSQL
indexes the entities just sent (``audit.PendingAppend``: the bulk path of the audit trail)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from station_app.data import audit
from station_app.data.engine import Database
from station_app.data.repo import entities as repo
from station_app.domain import grading
from station_app.domain.entities import (
    is_personal_phone,
)
from station_app.domain.masking import mask_phone
from station_app.services.auth import Auth
from station_app.services.base import (
    Progress,
    check_cancel,
)
from station_app.services.entities import KIND
from station_app.services.entity_import.model import (
    _COMPARE,
    ChangedMeanwhile,
    _pinyin_keys,
    _Planned,
)
from station_app.services.import_grids import GridLookup, use_new_grids


class Writer:
    """The write of :class:`EntityImportService` (a part of it)."""

    _db: Database
    _auth: Auth

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
    ) -> list[ChangedMeanwhile]:
        """Write the planned rows in one unit of work; returns the rows left out because their
        entity changed after :meth:`_match` compared them (see :func:`_changed_meanwhile`)."""
        ok = grading.compute_grade(grading.GradeInputs(), rules)
        expired = grading.compute_grade(grading.GradeInputs(licences_valid=False), rules)
        new_items: list[_Planned] = []
        updates: list[dict] = []
        update_items: list[_Planned] = []

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

        check_cancel(progress)
        progress.report(0, len(planned), "正在写入数据库…")
        with self._db.uow() as s:
            stale = _changed_meanwhile(s, planned)  # rows locked from here to the commit
            left_out = {c.row for c in stale}
            for p in planned:
                if p.row in left_out:
                    continue
                if p.existing is None:
                    new_items.append(p)
                elif p.changes:
                    values = {c: new for c, (_old, new) in p.changes.items() if c in _COMPARE}
                    if "name" in values:
                        values.update(dict(_pinyin_keys(values["name"])))
                    values["id"] = p.existing["id"]
                    updates.append(values)
                    update_items.append(p)
            pending = audit.PendingAppend(s, actor)  # the chain head locked before the COPY
            if grid_lookup is not None and grid_lookup.new and grid_lookup.create:
                use_new_grids(s, grid_lookup, planned, updates, pending, file_name)

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
            lic_upd: dict[int, Iterable[dict]] = {
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
        return stale


CHANGED_MEANWHILE_NOTE = (
    "\n另有 {} 行在本次导入比对之后被他人修改、删除或登记，为免覆盖他人的修改未导入（见列表）；"
    "这些行可以重新导入，届时按最新数据重新比对。"
)


def _changed_meanwhile(s, planned: list[_Planned]) -> list[ChangedMeanwhile]:
    """Inside the writing unit of work: the planned rows whose entity is no longer what
    :meth:`EntityImportService._match` compared (another version, deleted), and the new rows
    whose code or name and address was registered meanwhile. The entities to update are locked
    (``FOR UPDATE``; SQLite holds the write lock) so nothing changes them before the commit."""
    to_update = [p for p in planned if p.existing is not None and p.changes]
    now = repo.versions_for_update(s, [p.existing["id"] for p in to_update])
    out = []
    for p in to_update:
        eid, seen = p.existing["id"], p.existing["version"]
        if eid not in now:
            out.append(_changed(p, eid, "导入期间该经营主体已被删除"))
        elif now[eid] != seen:
            out.append(
                _changed(p, eid, f"导入期间该经营主体已被他人修改（版本 {seen} → {now[eid]}）")
            )
    new = [p for p in planned if p.existing is None]
    by_code = repo.by_uscc(s, [p.fields["uscc"] for p in new if p.fields["uscc"]])
    by_name = repo.by_name(s, [p.fields["name"] for p in new if not p.fields["uscc"]])
    for p in new:
        f = p.fields
        found = by_code.get(f["uscc"]) if f["uscc"] else by_name.get((f["name"], f["address"]))
        if found is not None:
            what = "统一社会信用代码" if f["uscc"] else "名称和地址"
            reason = f"导入期间已有人登记了{what}相同的经营主体（编号 {found['id']}）"
            out.append(_changed(p, found["id"], reason))
    return sorted(out, key=lambda c: c.row)


def _changed(p: _Planned, entity_id: int | None, reason: str) -> ChangedMeanwhile:
    return ChangedMeanwhile(p.row, entity_id, p.fields["name"], reason, p.values)


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
