"""A stored draw as screens, the CLI and prints show it, its verification from the stored
pool and seed parts, and the pool file export (a third party runs ``docs/draws.md``'s
reference implementation on it)."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from station_app.data.models import Draw
from station_app.data.repo import draws as repo
from station_app.domain import draw_inputs as inputs
from station_app.domain import draws as algo
from station_app.domain.periods import SHANGHAI
from station_app.errors import NotFoundError
from station_app.files import write_private
from station_app.queries import draws as q
from station_app.queries.draws import DrawRows
from station_app.services.base import Service

if TYPE_CHECKING:
    from station_app.data.orm import Session

GONE = "该抽取记录不存在。"


@dataclass(frozen=True)
class DrawnObject:
    entity_id: int
    entity: str  # the pool key: USCC or #id
    entity_name: str
    grade: str
    rank: int
    ticket: str
    inspectors: tuple[str, ...]  # names, the lead first
    inspector_certs: tuple[str, ...]
    result: str
    checked_on: date | None
    result_note: str
    record_id: int | None


@dataclass(frozen=True)
class RecusalLine:
    entity: str
    entity_name: str
    inspector: str
    cert: str
    reason: str  # Chinese label


@dataclass(frozen=True)
class DrawView:
    id: int
    number: str
    item: str
    state: str
    state_label: str
    drawn_at: str  # Beijing time, as in the seed
    draw_time: str
    witness: str
    witnessed_by: str
    seed: str
    pool_hash: str
    algorithm: str
    pool_sizes: dict[str, int]
    sizes: dict[str, int]
    quotas: dict[str, str]
    min_inspectors: int
    inspector_pool_size: int
    excluded: int
    objects_filter: str
    inspectors_filter: str
    objects: tuple[DrawnObject, ...]
    recusals: tuple[RecusalLine, ...]
    warnings: tuple[str, ...]
    redraw_of: str
    superseded_by: str
    reason: str
    approved_by: str
    run_by: str
    published_on: date | None
    version: int

    @property
    def results_entered(self) -> int:
        return sum(1 for o in self.objects if o.result)


@dataclass(frozen=True)
class Verification:
    id: int
    number: str
    ok: bool
    steps: tuple[algo.Step, ...]


def _load(s: Session, draw_id: int) -> Draw:
    row = s.get(Draw, draw_id)
    if row is None:
        raise NotFoundError(GONE)
    return row


def pool_text(row: Draw) -> str:
    return zlib.decompress(row.pool).decode("utf-8")


def _objects(s: Session, row: Draw) -> tuple[list[DrawnObject], list[RecusalLine]]:
    objs = repo.objects(s, row.id)
    names = q.entity_names(s, [o.entity_id for o in objs])
    team_rows = repo.inspectors(s, row.id)
    recusal_rows = repo.recusals(s, row.id)
    people = repo.person_names(s, [r.person_id for r in (*team_rows, *recusal_rows)])
    team: dict[int, list[tuple[str, str]]] = {}
    for r in team_rows:
        team.setdefault(r.entity_id, []).append((people.get(r.person_id, r.key), r.key))
    out = [
        DrawnObject(
            entity_id=o.entity_id,
            entity=o.key,
            entity_name=names.get(o.entity_id, ("", None))[0],
            grade=o.grade,
            rank=o.rank,
            ticket=o.ticket,
            inspectors=tuple(n for n, _ in team.get(o.entity_id, [])),
            inspector_certs=tuple(k for _, k in team.get(o.entity_id, [])),
            result=o.result,
            checked_on=o.checked_on,
            result_note=o.result_note,
            record_id=o.record_id,
        )
        for o in objs
    ]
    keys = {o.entity_id: o.key for o in objs}
    recusals = [
        RecusalLine(
            keys.get(r.entity_id, ""),
            names.get(r.entity_id, ("", None))[0],
            people.get(r.person_id, r.key),
            r.key,
            algo.RECUSAL_LABELS.get(r.reason, r.reason),
        )
        for r in recusal_rows
    ]
    return out, recusals


def _criteria_text(name: str, criteria: str) -> str:
    if name == inputs.ALL_FILTER:
        return "全部（all）"
    return f"常用筛选“{name}”：{criteria}"


def view_of(s: Session, row: Draw) -> DrawView:
    objects, recusals = _objects(s, row)
    quotas = json.loads(row.quotas)
    later = repo.redrawn_by(s, row.id)
    earlier = s.get(Draw, row.redraw_of_id) if row.redraw_of_id else None
    return DrawView(
        id=row.id,
        number=row.number,
        item=row.item_name,
        state=row.state,
        state_label=inputs.STATE_LABELS.get(row.state, row.state),
        drawn_at=row.drawn_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
        draw_time=row.draw_time,
        witness=row.witness_digits,
        witnessed_by=row.witness_name,
        seed=row.seed,
        pool_hash=row.pool_hash,
        algorithm=row.algorithm,
        pool_sizes=json.loads(row.pool_sizes),
        sizes=json.loads(row.sizes),
        quotas=quotas,
        min_inspectors=row.min_inspectors,
        inspector_pool_size=row.inspector_pool_size,
        excluded=row.excluded_count,
        objects_filter=_criteria_text(row.object_filter_name, row.object_filter),
        inspectors_filter=_criteria_text(row.inspector_filter_name, row.inspector_filter),
        objects=tuple(objects),
        recusals=tuple(recusals),
        warnings=tuple(
            inputs.quota_warnings({g: algo.Quota.from_text(g, t) for g, t in quotas.items()})
        ),
        redraw_of=earlier.number if earlier else "",
        superseded_by=later or "",
        reason=row.reason,
        approved_by=row.approved_by,
        run_by=row.run_by,
        published_on=row.published_on,
        version=row.version,
    )


def record_of(s: Session, row: Draw) -> algo.DrawRecord:
    """The stored draw as the algorithm's record, to recompute."""
    picks: dict[int, tuple[str, str, list[str]]] = {}
    for o in repo.objects(s, row.id):
        picks[o.entity_id] = (o.grade, o.key, [])
    for r in repo.inspectors(s, row.id):
        picks[r.entity_id][2].append(r.key)
    recused: dict[str, list[str]] = {}
    for r in repo.recusals(s, row.id):
        recused.setdefault(picks[r.entity_id][1], []).append(r.key)
    return algo.DrawRecord(
        pool_text=pool_text(row),
        when=row.draw_time,
        witness=row.witness_digits,
        quotas=json.loads(row.quotas),
        min_inspectors=row.min_inspectors,
        pool_hash=row.pool_hash,
        seed=row.seed,
        picks=list(picks.values()),
        recused=recused,
        algorithm=row.algorithm,
    )


def _recusals_in_pool(record: algo.DrawRecord) -> algo.Step:
    people = {
        line.partition(" ")[2]
        for line in algo.parse_pool_text(record.pool_text)
        if line.startswith(algo.INSPECTOR_PREFIX + " ")
    }
    stray = sorted({k for ks in record.recused.values() for k in ks} - people)
    if stray:
        return algo.Step("回避人员", False, f"回避名单中的 {stray[0]} 不在执法人员库中")
    n = sum(len(list(v)) for v in record.recused.values())
    return algo.Step("回避人员", True, f"记录的 {n} 项回避均为执法人员库中的人员")


class DrawRecords(Service):
    """Reading, verifying and exporting stored draws (part of ``DrawService``)."""

    def rows(self, flt: inputs.DrawFilter | None = None) -> DrawRows:
        self._auth.require("data.view")
        return DrawRows(self._db, flt)

    def get(self, draw_id: int) -> DrawView:
        self._auth.require("data.view")
        with self._db.session() as s:
            return view_of(s, _load(s, draw_id))

    def find(self, number_or_id: str) -> int:
        """A draw's id from its number (as printed) or its id (CLI arguments)."""
        self._auth.require("data.view")
        text = (number_or_id or "").strip()
        with self._db.session() as s:
            if text.isdigit() and s.get(Draw, int(text)) is not None:
                return int(text)
            found = repo.id_by_number(s, text)
        if found is None:
            raise NotFoundError(f"没有编号为“{text}”的抽取记录。")
        return int(found)

    def verify(self, draw_id: int) -> Verification:
        """Recompute the stored draw from its stored pool file and seed parts: pool hash,
        seed, numbers per grade, objects, inspectors, and the stored recusals against the
        pool. Changes nothing."""
        self._auth.require("data.view")
        with self._db.session() as s:
            row = _load(s, draw_id)
            record = record_of(s, row)
            number = row.number
        steps = [*algo.verify(record), _recusals_in_pool(record)]
        return Verification(draw_id, number, all(st.ok for st in steps), tuple(steps))

    def export_pool(self, draw_id: int, directory: Path) -> tuple[Path, Path]:
        """``<number>-对象库.txt`` (the pool file: ``sha256sum`` of it is the pool hash) and
        ``<number>-回避.txt`` (object key, inspector key per line) in ``directory``. Entity
        codes and 执法证号 only: no personal data."""
        self._auth.require("data.export")
        with self._db.session() as s:
            row = _load(s, draw_id)
            record = record_of(s, row)
            number = row.number
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        safe = "".join(ch for ch in number if ch not in '\\/:*?"<>|')
        pool = write_private(directory / f"{safe}-对象库.txt", record.pool_text.encode("utf-8"))
        lines = sorted(f"{obj} {p}" for obj, ps in record.recused.items() for p in ps)
        recusal = write_private(directory / f"{safe}-回避.txt", "\n".join(lines).encode("utf-8"))
        return pool, recusal
