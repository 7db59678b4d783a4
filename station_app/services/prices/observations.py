"""监测记录: one price, a batch (all or nothing), an import from XLSX/CSV (the ledger reader;
bad rows write nothing unless ``valid_only``), and voiding with a reason (a correction is a new
row naming the one it replaces). Never edited. Every write refreshes the flags of the days it
can change in the same unit of work (docs/areas/prices.md §2, §5)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from station_app.data.models import PriceObservation, PriceSubject
from station_app.data.repo import prices as repo
from station_app.data.types import utc_now
from station_app.domain.prices import importing
from station_app.domain.prices.lists import ObservationFilter
from station_app.domain.prices.money import check_observed_at, check_price_fen, check_source
from station_app.errors import NotFoundError, ValidationError
from station_app.exports.ledger_reader import read_sheet
from station_app.queries.prices import ObservationRows
from station_app.services.base import Changes, NullProgress, Progress, Service, Tx, check_cancel
from station_app.services.prices.common import (
    KIND_OBSERVATION,
    SUBJECT_GONE,
    BatchResult,
    ObservationInput,
    ObservationView,
    RowProblem,
    local_day,
)
from station_app.services.prices.evaluation import refresh

VOID_GONE = "监测记录 {} 不存在。"
HEADER_SCAN_ROWS = 10


def observation_snapshot(o: PriceObservation) -> dict[str, Any]:
    return {
        "subject_id": o.subject_id,
        "observed_at": o.observed_at.isoformat(),
        "price_fen": o.price_fen,
        "source": o.source,
        "platform": o.platform,
        "note": o.note,
        "voided": o.voided_at is not None,
        "void_reason": o.void_reason,
        "corrects_id": o.corrects_id,
    }


def _checked(item: ObservationInput, now) -> ObservationInput:
    check_price_fen(item.price_fen)
    check_observed_at(item.at, now)
    return ObservationInput(
        item.subject_id, item.at, item.price_fen, check_source(item.source),
        (item.platform or "").strip()[:30], (item.note or "").strip(),
    )  # fmt: skip


class Observations(Service):
    """Observations (``prices.observe``)."""

    def observation_rows(self, flt: ObservationFilter | None = None) -> ObservationRows:
        self._auth.require("data.view")
        return ObservationRows(self._db, flt or ObservationFilter())

    def observation(self, observation_id: int) -> ObservationView:
        with self._db.session() as s:
            o = s.get(PriceObservation, observation_id)
            if o is None:
                raise NotFoundError(VOID_GONE.format(observation_id))
            subject = s.get(PriceSubject, o.subject_id)
            return ObservationView(
                o.id, o.subject_id, subject.name if subject else "", o.observed_at, o.day,
                o.price_fen, o.source, o.platform, o.recorded_by, o.voided_at is not None,
                o.void_reason, o.corrects_id, o.note,
            )  # fmt: skip

    def observe(self, item: ObservationInput) -> tuple[ObservationView, Changes]:
        """One price; its flags are raised in the same transaction."""
        result, changes = self.observe_batch([item])
        if result.problems:
            raise ValidationError(result.problems[0].message, field=result.problems[0].column)
        return self.observation(result.ids[0]), changes

    def observe_batch(
        self, items: Sequence[ObservationInput], *, batch: str = "", one_audit_row: bool = False
    ) -> tuple[BatchResult, Changes]:
        """Several prices in one unit of work: all written, or none (every bad row listed).
        ``one_audit_row``: one audit row for the batch (its id range), as an import writes —
        for a year of prices loaded at once (the demo); else one per observation."""
        now = self._clock.now()
        good: list[ObservationInput] = []
        problems: list[RowProblem] = []
        for line, item in enumerate(items, start=1):
            try:
                good.append(_checked(item, now))
            except ValidationError as exc:
                problems.append(RowProblem(line, _column(exc.field), exc.message))
        if not items:
            raise ValidationError("没有要保存的价格。", field="rows")

        def write(tx: Tx) -> BatchResult:
            missing = {i.subject_id for i in good} - repo.existing_subject_ids(
                tx.s, {i.subject_id for i in good}
            )
            for line, item in enumerate(items, start=1):
                if item.subject_id in missing:
                    problems.append(
                        RowProblem(line, "监测对象", SUBJECT_GONE.format(item.subject_id))
                    )
            if problems:
                tx.discard()
                return BatchResult(0, tuple(sorted(problems, key=lambda p: p.line)))
            ids = _insert(tx, good, batch or "录入", audit_each=not one_audit_row)
            if one_audit_row:
                summary = {"rows": len(ids), "first_id": ids[0], "last_id": ids[-1]}
                tx.created(KIND_OBSERVATION, ids[0], summary, batch or "批量录入")
                tx.touch(KIND_OBSERVATION, ids)
            raised = _refresh_for(tx, good)
            return BatchResult(len(ids), (), raised, False, tuple(ids))

        return self._transact("prices.observe", write)

    def void_observation(
        self, observation_id: int, reason: str, correction: ObservationInput | None = None
    ) -> tuple[ObservationView | None, Changes]:
        """作废 an observation with the reason; with ``correction``, the right price is
        entered in the same transaction naming the voided one. Returns the correction."""
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("请填写作废理由（例如“录入错误，应为 388 元”）。", field="reason")
        fixed = _checked(correction, self._clock.now()) if correction else None

        def void(tx: Tx) -> int | None:
            o = tx.load(PriceObservation, observation_id, missing=VOID_GONE.format(observation_id))
            if o.voided_at is not None:
                raise ValidationError("这条监测记录已作废。", field="state")
            before = observation_snapshot(o)
            o.voided_at, o.voided_by, o.void_reason = utc_now(), tx.actor.username, reason
            tx.s.flush()
            tx.updated(KIND_OBSERVATION, o.id, before, observation_snapshot(o), reason)
            new_id = None
            touched = [ObservationInput(o.subject_id, o.observed_at, o.price_fen)]
            if fixed is not None:
                if fixed.subject_id not in repo.existing_subject_ids(tx.s, [fixed.subject_id]):
                    raise ValidationError(SUBJECT_GONE.format(fixed.subject_id), field="subject")
                new_id = _insert(tx, [fixed], "更正", audit_each=True, corrects=o.id)[0]
                touched.append(fixed)
            _refresh_for(tx, touched)
            return new_id

        new_id, changes = self._transact("prices.observe", void)
        return (self.observation(new_id) if new_id else None), changes

    def import_observations(
        self,
        path: Path,
        *,
        valid_only: bool = False,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> tuple[BatchResult, Changes]:
        """Import a platform's or the hotels' own sheet (XLSX, XLS, CSV). Rows name their
        subject by 编号 or by 经营者 (name or USCC) + 房型. With bad rows nothing is written
        unless ``valid_only``; the bad rows are listed either way."""
        progress = progress or NullProgress()
        sheet = read_sheet(Path(path))
        header_at, mapping = _find_header(sheet.rows)
        now = self._clock.now()
        parsed: list[importing.ObservationRow] = []
        problems: list[RowProblem] = []
        body = sheet.rows[header_at + 1 :]
        for offset, cells in enumerate(body):
            if not any(str(c).strip() for c in cells if c is not None):
                continue
            row = importing.parse_row(cells, mapping, header_at + 2 + offset, now)
            if isinstance(row, list):
                problems += [RowProblem(e.line, e.column, e.message) for e in row]
            else:
                parsed.append(row)
        check_cancel(progress)

        def write(tx: Tx) -> BatchResult:
            items = _resolve(tx.s, parsed, problems)
            if not items and not problems:
                raise ValidationError("表格中没有价格数据。", field="rows")
            if dry_run or (problems and not valid_only):
                tx.discard()
                return BatchResult(0, tuple(sorted(problems, key=lambda p: p.line)), 0, dry_run)
            ids = _insert(tx, items, f"导入 {Path(path).name}"[:60], audit_each=False)
            tx.created(
                KIND_OBSERVATION, ids[0] if ids else 0,
                {"file": Path(path).name, "rows": len(ids), "first_id": ids[0] if ids else None,
                 "last_id": ids[-1] if ids else None, "skipped_rows": len(problems)},
                "导入监测记录",
            )  # fmt: skip
            tx.touch(KIND_OBSERVATION, ids)
            raised = _refresh_for(tx, items)
            return BatchResult(len(ids), tuple(sorted(problems, key=lambda p: p.line)), raised)

        return self._transact("prices.observe", write)


def _column(field: str | None) -> str:
    return {
        "price": "价格",
        "observed_at": "监测时间",
        "source": "来源",
    }.get(field or "", field or "")


def _find_header(rows: list[list[object]]) -> tuple[int, dict[str, int]]:
    last_error: ValidationError | None = None
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping = importing.map_header(row)
        if not mapping:
            continue
        try:
            importing.check_mapping(mapping)
        except ValidationError as exc:
            last_error = exc
            continue
        return i, mapping
    raise last_error or ValidationError(
        "找不到表头行（需要监测对象、时间和价格三列）。", field="header"
    )


def _resolve(
    s: Any, rows: list[importing.ObservationRow], problems: list[RowProblem]
) -> list[ObservationInput]:
    """Each row's subject id (编号, or 经营者 + 房型); unknown ones become problems."""
    ids = repo.existing_subject_ids(s, {r.subject.subject_id for r in rows if r.subject.subject_id})
    pairs = repo.subjects_by_pair(s)
    by_name = repo.entity_ids_by_name(s, {r.subject.entity for r in rows if not r.subject.uscc})
    out: list[ObservationInput] = []
    for r in rows:
        ref, sid = r.subject, r.subject.subject_id
        if sid is None:
            eid = repo.entity_id_of(s, ref.uscc) if ref.uscc else by_name.get(ref.entity)
            sid = pairs.get((eid, ref.name)) if eid is not None else None
        if sid is None or (sid not in ids and ref.subject_id is not None):
            problems.append(RowProblem(r.line, "监测对象", f"找不到监测对象“{ref.label}”。"))
            continue
        out.append(ObservationInput(sid, r.observed_at, r.price_fen, r.source, r.platform, r.note))
    return out


def _insert(
    tx: Tx,
    items: Sequence[ObservationInput],
    batch: str,
    *,
    audit_each: bool,
    corrects: int | None = None,
) -> list[int]:
    now, who = utc_now(), tx.actor.username
    rows = [
        PriceObservation(
            subject_id=i.subject_id, observed_at=i.at, day=local_day(i.at), price_fen=i.price_fen,
            source=i.source, platform=i.platform, note=i.note, batch=batch, recorded_by=who,
            recorded_at=now, voided_by="", void_reason="", corrects_id=corrects,
        )
        for i in items
    ]  # fmt: skip
    tx.s.add_all(rows)
    tx.s.flush()
    if audit_each:
        for o in rows:
            tx.created(KIND_OBSERVATION, o.id, observation_snapshot(o), batch)
    return [o.id for o in rows]


def _refresh_for(tx: Tx, items: Sequence[ObservationInput]) -> int:
    """Refresh every subject's flags from the earliest day touched to today: a baseline day
    or last year's holiday changes later flags, and peers judge each other."""
    if not items:
        return 0
    repo.lock_rules(tx.s)  # two writers refresh one after the other (PostgreSQL)
    first: date = min(local_day(i.at) for i in items)
    last = max(tx.today, max(local_day(i.at) for i in items))
    return refresh(tx, first, last).raised
