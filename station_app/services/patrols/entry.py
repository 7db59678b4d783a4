"""Paper back in (docs/areas/patrols.md §14): a grid worker's filled daily sheet typed in the
batch entry screen or read from the sheet's XLSX template; both end in :meth:`enter_sheet`,
one unit of work for the whole sheet (any row in error: nothing saved, every error listed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from station_app.data.models import Entity, PatrolRecord, PatrolTask
from station_app.data.repo import patrols as repo
from station_app.data.repo import roster as roster_repo
from station_app.domain.patrols import checklists as C
from station_app.domain.patrols import entry as E
from station_app.domain.patrols.records import CLOSED_DOOR, RecordDraft
from station_app.domain.patrols.rules import PATROL
from station_app.errors import StationError, ValidationError
from station_app.services.base import Changes, Service, Tx
from station_app.services.patrols.plans import grid_id_of
from station_app.services.patrols.records import checklist_version, default_inspectors
from station_app.services.patrols.scope import grid_scope, own_person
from station_app.services.patrols.sheets import _checklist


@dataclass(frozen=True)
class EntryItem:
    text: str
    required: bool
    allow_na: bool


@dataclass(frozen=True)
class EntryLine:
    """One row of a grid worker's sheet, in the printed order."""

    seq: int
    task_id: int
    entity_id: int
    entity_name: str
    address: str
    grade: str
    checklist: str  # the template's code (what ``enter_sheet`` records with)
    checklist_name: str
    items: tuple[EntryItem, ...]
    status: str  # pending / attempted / done
    person_id: int | None
    person: str
    grid: str


@dataclass(frozen=True)
class SheetPerson:
    """A grid worker with 日常巡查 tasks on the day (``person_id`` None: unassigned)."""

    person_id: int | None
    name: str
    tasks: int
    open: int


@dataclass(frozen=True)
class SheetEntry:
    """What a saved (or checked) sheet did."""

    saved: int
    closed_door: int
    hazards: int
    skipped: int
    record_ids: tuple[int, ...]
    dry_run: bool = False

    @property
    def summary(self) -> str:
        verb = "检查通过，可保存" if self.dry_run else "已保存"
        text = f"{verb} {self.saved} 条巡查记录"
        if self.closed_door:
            text += f"（其中闭门未遇 {self.closed_door} 户，已顺延到下一个可巡查日）"
        if self.hazards:
            text += f"，发现隐患 {self.hazards} 处"
        if self.skipped:
            text += f"；{self.skipped} 行未填写，跳过"
        return text + "。"


UNASSIGNED = "（未分配）"


def _lines(s, day: date, person_id: int | None, grids: frozenset[int] | None) -> list[EntryLine]:
    rows = [
        r
        for r in repo.tasks_on(s, day, None, None if person_id is None else [person_id], grids)
        if r[1] == PATROL and (person_id is not None or r[6] is None)
    ]
    names = repo.person_names(s, [r[6] for r in rows if r[6]])
    labels = roster_repo.grid_labels(s)
    used: dict[str, C.Checklist] = {}
    out = []
    for n, r in enumerate(rows, 1):
        code = C.checklist_for(repo.entity_industries(s, r[8]), r[10])
        cl = used.setdefault(code, _checklist(s, code))
        items = tuple(EntryItem(i.text, i.required, i.allow_na) for i in cl.items)
        out.append(
            EntryLine(
                n,
                r[0],
                r[8],
                r[10],
                r[11],
                r[2],
                code,
                cl.name,
                items,
                r[5],
                r[6],
                names.get(r[6], UNASSIGNED),
                labels.get(r[7], "") if r[7] else "",
            )
        )
    return out


class PatrolSheetEntry(Service):
    """The batch entry and the sheet import. Any thread; ``enter_sheet`` on the writer."""

    if TYPE_CHECKING:  # PatrolRecords.record_in, beside this part in PatrolService

        def record_in(
            self, tx: Tx, draft: RecordDraft, *, task_id: int | None = None,
            checklist: str | None = None, assume_yes: bool = False,
        ) -> int: ...  # fmt: skip

    def sheet_people(self, day: date) -> list[SheetPerson]:
        """Who has 日常巡查 tasks on ``day`` (a grid worker: themselves only)."""
        actor = self._auth.require("data.view")
        with self._db.session() as s:
            grids = grid_scope(s, actor, day)
            mine = own_person(s, actor)
            rows = [r for r in repo.tasks_on(s, day, None, None, grids) if r[1] == PATROL]
            names = repo.person_names(s, [r[6] for r in rows if r[6]])
        counts: dict[int | None, list[int]] = {}
        for r in rows:
            if mine is not None and r[6] != mine:
                continue
            c = counts.setdefault(r[6], [0, 0])
            c[0] += 1
            c[1] += r[5] != "done"
        people = [
            SheetPerson(p, names.get(p, UNASSIGNED) if p else UNASSIGNED, *c)
            for p, c in counts.items()
        ]
        return sorted(people, key=lambda p: (p.person_id is None, p.name))

    def sheet_lines(self, day: date, person_id: int | None) -> list[EntryLine]:
        """The rows of ``person_id``'s sheet of ``day`` (``None``: the unassigned tasks), in
        the order the sheet was printed, each with its checklist's items."""
        actor = self._auth.require("data.view")
        with self._db.session() as s:
            grids = grid_scope(s, actor, day)
            mine = own_person(s, actor)
            if mine is not None:
                person_id = mine
            return _lines(s, day, person_id, grids)

    def enter_sheet(
        self,
        day: date | None,
        rows: Sequence[E.SheetRow],
        *,
        inspector: int | None = None,
        dry_run: bool = False,
        row_numbers: Sequence[int] | None = None,
        columns: dict[str, str] | None = None,
    ) -> tuple[SheetEntry, Changes]:
        """Save a filled sheet: one record per filled row (its task fulfilled, 闭门未遇 moved
        on, hazards ordered), all in one unit of work. Any row in error (a malformed cell, a
        required item unanswered, a task done meanwhile on another PC, an entity outside a
        grid worker's grids): ``SheetErrors`` listing every row, nothing saved. ``day``
        None: each task's own day; ``inspector``: who walked (default the task's person)."""
        numbers = list(row_numbers or range(1, len(rows) + 1))

        def enter(tx: Tx) -> SheetEntry:
            problems: list[E.RowProblem] = []
            ids: list[int] = []
            seen: set[int] = set()
            closed = hazards = skipped = 0
            for number, row in zip(numbers, rows, strict=True):
                if row.blank:
                    skipped += 1
                    continue
                try:
                    record_id, draft = self._enter_row(tx, day, row, inspector, seen)
                except StationError as exc:
                    problems.append(E.RowProblem(number, getattr(exc, "field", ""), exc.message))
                    continue
                ids.append(record_id)
                closed += draft.result == CLOSED_DOOR
                hazards += len(repo.record_hazards(tx.s, record_id))
            if problems:
                raise E.SheetErrors(problems, columns=columns)
            if not ids:
                raise ValidationError("巡查表中没有填写任何一行，未保存。", field="rows")
            result = SheetEntry(len(ids), closed, hazards, skipped, tuple(ids), dry_run)
            if dry_run:
                tx.discard()
            return result

        return self._transact("patrols.record", enter)

    def _enter_row(
        self, tx: Tx, day: date | None, row: E.SheetRow, inspector: int | None, seen: set[int]
    ):
        if row.task_id < 0:
            raise ValidationError(
                "任务编号为空或不是数字：请不要修改模板的“任务编号”列。", field="task_id"
            )
        task = tx.s.get(PatrolTask, row.task_id)
        if task is None or task.kind != PATROL:
            raise ValidationError(
                f"没有编号为 {row.task_id} 的日常巡查任务（可能已被重新生成的计划取消）。",
                field="task_id",
            )
        entity = tx.s.get(Entity, task.entity_id)
        assert entity is not None  # a task's entity is never deleted (RESTRICT)
        E.check_entity_name(row, entity.name, task.id)
        if task.id in seen:
            raise ValidationError(f"任务 {task.id} 在表中出现了两次。", field="task_id")
        seen.add(task.id)
        if task.status == "done":
            raise ValidationError(_stale(tx, task, entity.name), field="task_id")
        visit_day = E.row_day(row.day, day or task.due_on)
        code = C.checklist_for(repo.entity_industries(tx.s, entity.id), entity.name)
        _vid, checklist = checklist_version(tx, code, visit_day)
        person = own_person(tx.s, tx.actor) or inspector or task.person_id
        people = (person,) if person else tuple(default_inspectors(tx, entity, PATROL, visit_day))
        draft = E.parse_row(replace(row, entity_id=entity.id), visit_day, checklist, people)
        record_id = self.record_in(tx, draft, task_id=task.id, checklist=code)
        return record_id, draft

    # -- the XLSX template -------------------------------------------------------------------
    def sheet_template(
        self, day: date, grid: str, path: Path | str, person: str | None = None
    ) -> SheetTemplate:
        """``patrols sheet-template``: the day's sheet of a grid as a workbook to fill in
        (the same rows and order as the printed sheet, with their task numbers)."""
        self._auth.require("data.export")
        from station_app.exports.patrol_sheet_xlsx import TemplateLine, write_sheet_template

        with self._db.session() as s:
            lines = sheet_file_lines(s, day, grid, person)
            label = roster_repo.grid_labels(s).get(grid_id_of(s, grid) or 0, grid)
        if person and not lines:
            raise ValidationError(f"{person} 在 {day} 没有日常巡查任务。", field="person")
        who = person or "、".join(dict.fromkeys(x.person for x in lines)) or UNASSIGNED
        title = f"日常巡查表　{label}　{day.isoformat()}　网格员：{who}"
        out = [
            TemplateLine(
                x.task_id, n, day, x.entity_name, x.address, x.checklist_name, len(x.items)
            )
            for n, x in enumerate(lines, 1)
        ]
        write_sheet_template(Path(path), title, out)
        return SheetTemplate(Path(path), len(out))

    def import_sheet(
        self, path: Path | str, *, dry_run: bool = False
    ) -> tuple[SheetEntry, Changes]:
        """``patrols import``: a filled template read back (header row found by name) and
        saved by :meth:`enter_sheet` — all or nothing, each error with its row and column."""
        self._auth.require("patrols.record")
        from station_app.exports.patrol_sheet_xlsx import read_filled_sheet

        filled = read_filled_sheet(Path(path))
        if not filled.rows:
            raise ValidationError("表格中没有填写任何一行，未导入。", field="file")
        return self.enter_sheet(
            None, filled.rows, dry_run=dry_run, row_numbers=filled.numbers,
            columns=filled.columns,
        )  # fmt: skip


@dataclass(frozen=True)
class SheetTemplate:
    path: Path
    rows: int


def _stale(tx: Tx, task: PatrolTask, name: str) -> str:
    """A task done since the sheet was opened: by whom and when (the other PC's record)."""
    rec = tx.s.get(PatrolRecord, task.done_record_id) if task.done_record_id else None
    when = f"{rec.at.astimezone(E.SHANGHAI):%m-%d %H:%M}" if rec is not None else ""
    who = rec.entered_by if rec is not None else "其他人"
    return (
        f"“{name}”的这项任务已由 {who} 在别处登记完成（{when}），不能重复登记。"
        "请清空这一行后再保存，其余各行仍在。"
    )


def sheet_file_lines(s, day: date, grid: str, person: str | None) -> list[EntryLine]:
    """The lines of a grid's sheet for the template (every grid worker, or one by name)."""
    grid_id = grid_id_of(s, grid)
    if grid_id is None:
        raise ValidationError("请指定网格编号。", field="grid")
    rows = [r for r in repo.tasks_on(s, day, grid_id, None) if r[1] == PATROL]
    people = sorted({r[6] for r in rows}, key=lambda p: (p is None, p or 0))
    out: list[EntryLine] = []
    for pid in people:
        lines = [x for x in _lines(s, day, pid, frozenset({grid_id}))]
        if person and (lines[:1] and lines[0].person != person.strip()):
            continue
        out.extend(lines)
    return out


__all__ = ["EntryLine", "PatrolSheetEntry", "SheetEntry", "SheetPerson", "sheet_file_lines"]
