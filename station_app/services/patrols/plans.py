"""Generating the patrol plan of a week or a month, and the day's tasks
(docs/areas/patrols.md §3). The per-entity work is set-based SQL (``repo/patrol_plan``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from datetime import date as _date

from station_app.data import audit
from station_app.data.repo import patrol_plan as plan_sql
from station_app.data.repo import patrols as repo
from station_app.data.repo import roster as roster_repo
from station_app.domain.patrols import plan as P
from station_app.domain.patrols.lists import TaskFilter
from station_app.domain.patrols.rules import PERFORMER_ROSTER_ROLE
from station_app.domain.patrols.schedule import eligible_days
from station_app.errors import NotFoundError, ValidationError
from station_app.queries.patrols import ROLE_OF_KIND, TaskRows, task_status_label
from station_app.services.base import Changes, Service, Tx
from station_app.services.calendar import work_calendar
from station_app.services.patrols.rules import stored_versions
from station_app.services.patrols.scope import grid_scope

KIND_TASK = "patrol_task"
KIND_PLAN = "patrol_plan"


@dataclass(frozen=True)
class PlanResult:
    """What a (re)generation did: counts, the warnings (grids without cover) and a sentence."""

    first: date
    last: date
    grid: str
    added: int
    updated: int
    dropped: int
    kept: int
    history: int
    later: int
    ungraded: int
    warnings: tuple[str, ...] = ()
    summary: str = ""
    dry_run: bool = False


@dataclass(frozen=True)
class TaskRow:
    """One plan task as the day's list and ``patrols tasks --json`` show it."""

    id: int
    entity: str  # USCC, else the id
    entity_id: int
    entity_name: str
    address: str
    grade: str
    date: date
    person: str
    person_id: int | None
    role: str
    kind: str
    grid: str
    status: str
    status_label: str
    window: tuple[_date, _date] = field(default=(_date.min, _date.min))


def grid_id_of(s, code: str | None) -> int | None:
    if not code:
        return None
    grid = roster_repo.grid_by_code(s, code.strip())
    if grid is None:
        raise NotFoundError(f"没有编号为“{code}”的网格。请核对网格编号（网格花名册）。")
    return grid.id


class PatrolPlans(Service):
    """The plan's use cases. Any thread; ``generate`` writes on the writer."""

    def generate(
        self, first: date, last: date, grid: str | None = None, *, dry_run: bool = False
    ) -> tuple[PlanResult, Changes]:
        """Generate or regenerate the plan of ``first`` … ``last`` (one grid or all): keeps
        what was done or is past, adds what is new, drops what no longer applies, says what
        changed and which grids have nobody to do the work. ``dry_run``: nothing is kept."""

        def generate(tx: Tx) -> PlanResult:
            floor = P.check_period(first, last, tx.today)
            grid_id = grid_id_of(tx.s, grid)
            windows = self._windows(tx, first, last, floor)
            counts = plan_sql.run_plan(
                tx.s, windows, floor=floor, last=last, today=tx.today, grid_id=grid_id
            )
            diff = P.PlanDiff(kept=counts.kept, history=counts.history, later=counts.later)
            gaps = {P.Gap(g, role, d) for g, d, role in counts.gaps}
            warnings = P.gap_warnings(gaps, roster_repo.grid_labels(tx.s))
            result = PlanResult(
                first, last, grid or "", counts.added, counts.updated, counts.dropped,
                counts.kept, counts.history, counts.later, counts.ungraded, tuple(warnings),
                _summary(diff, counts), dry_run,
            )  # fmt: skip
            if dry_run:
                tx.discard()
                return result
            what = {
                k: [None, getattr(result, k)]
                for k in ("added", "updated", "dropped", "kept", "history", "later")
            }
            what["warnings"] = [None, list(warnings)]
            key = f"{first.isoformat()}~{last.isoformat()}" + (f"@{grid}" if grid else "")
            tx.record(audit.UPDATE, KIND_PLAN, key, what, "生成巡查计划：" + result.summary)
            tx.touch(KIND_TASK)
            return result

        return self._transact("patrols.plan", generate)

    def _windows(self, tx: Tx, first: date, last: date, floor: date) -> list[plan_sql.PlanWindow]:
        """The (rule, window) pairs of the period with their eligible days (few dozen)."""
        pairs = P.active_windows(stored_versions(tx.s), first, last)
        ids = plan_sql.ensure_windows(
            tx.s, [(k.kind, k.performer, k.start, k.end) for _r, k in pairs]
        )
        cal = work_calendar(tx.s)
        out = []
        for rule, key in pairs:
            days = eligible_days(key.window, rule.calendar, cal, max(key.start, tx.today))
            ahead = [d for d in days if d >= floor]
            out.append(
                plan_sql.PlanWindow(
                    ids[(key.kind, key.performer, key.start, key.end)],
                    rule.grade,
                    key.kind,
                    PERFORMER_ROSTER_ROLE[rule.performer],
                    key.start,
                    key.end,
                    tuple(days),
                    ahead[0] if ahead else None,
                )
            )
        return out

    # -- reading -----------------------------------------------------------------------------
    def tasks(self, day: date, grid: str | None = None, person: str | None = None) -> list[TaskRow]:
        """The tasks due on ``day`` (one grid, one person by name), in grid and street order;
        a grid worker's only in the grids their roster person covers that day."""
        actor = self._auth.require("data.view")
        today = self._clock.today()
        with self._db.session() as s:
            grid_id = grid_id_of(s, grid)
            person_ids = None
            if person:
                person_ids = [p.id for p in repo.person_by_name(s, person)]
                if not person_ids:
                    raise NotFoundError(f"花名册中没有名为“{person.strip()}”的人员。")
            rows = repo.tasks_on(s, day, grid_id, person_ids, grid_scope(s, actor, day))
            names = repo.person_names(s, [r[6] for r in rows if r[6]])
            codes = {g.id: g.code for g in roster_repo.grids(s)}
            bounds = repo.window_bounds(s, [r[12] for r in rows])
        out = []
        for tid, kind, grade, due, end, status, pid, gid, eid, uscc, name, addr, wid in rows:
            start = bounds.get(wid, (due, end))[0]
            out.append(
                TaskRow(
                    tid,
                    uscc or str(eid),
                    eid,
                    name,
                    addr,
                    grade,
                    due,
                    names.get(pid, ""),
                    pid,
                    ROLE_OF_KIND.get(kind, ""),
                    kind,
                    codes.get(gid, "") if gid else "",
                    status,
                    task_status_label(status, end, today),
                    (start, end),
                )
            )
        return out

    def task_rows(self, flt: TaskFilter | None = None) -> TaskRows:
        """The plan tasks list under ``flt`` (``services.base.Rows``); a grid worker's
        narrowed to the grids their roster person covers today."""
        actor = self._auth.require("data.view")
        flt = flt or TaskFilter()
        with self._db.session() as s:
            grids = grid_scope(s, actor, self._clock.today())
        if grids is not None:
            flt = replace(flt, grid_ids=grids)
        return TaskRows(self._db, flt, self._clock.today)


def _summary(diff: P.PlanDiff, counts: plan_sql.PlanCounts) -> str:
    """``domain.plan.summary`` over the SQL's counts."""
    text = f"新增 {counts.added:,} 项，保留 {counts.kept + counts.updated:,} 项"
    if counts.updated:
        text += f"（其中调整 {counts.updated:,} 项）"
    text += f"，取消 {counts.dropped:,} 项"
    if diff.history:
        text += f"；已完成、已上门或已过期的 {diff.history:,} 项不变"
    if diff.later:
        text += f"；另有 {diff.later:,} 项到期日在计划期之后，留待以后的计划"
    if not (counts.added or counts.updated or counts.dropped):
        text = "计划无变化：" + text
    if counts.ungraded:
        text += f"；{counts.ungraded:,} 户尚未分级，未安排巡查"
    return text + "。"


__all__ = ["PatrolPlans", "PlanResult", "TaskRow", "ValidationError"]
