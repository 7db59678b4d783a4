"""抽检 (samplings) recorded on the entity (docs/areas/patrols.md §2, §9): product, batch,
sampling day, agency, qualified or not and the failed items. A failed sampling regrades the
entity in the same unit of work (``GradeFacts.failed_samplings_12m``); a sampling entered
wrongly is voided with a reason (作废, never deleted), which regrades it back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.data.models import Entity, Sampling
from station_app.domain.patrols import notices as N
from station_app.domain.patrols import samplings as D
from station_app.domain.patrols.lists import SamplingFilter
from station_app.errors import NotFoundError, ValidationError
from station_app.queries.patrols_records import SamplingRows
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.patrols.grading import regrade_in

KIND_SAMPLING = "sampling"
GONE = "该抽检记录不存在。"
FAILED_REASON, VOID_REASON = "抽检不合格", "抽检记录作废"


@dataclass(frozen=True)
class SamplingView:
    id: int
    entity_id: int
    entity: str  # USCC, else the id
    entity_name: str
    sampled_on: date
    product: str
    batch: str
    qualified: bool
    qualified_label: str
    failed_items: str
    report_no: str
    agency: str
    note: str
    voided: bool
    void_reason: str
    version: int


def _snap(row: Sampling) -> dict:
    return {
        "entity_id": row.entity_id, "sampled_on": row.sampled_on.isoformat(),
        "product": row.product, "batch": row.batch, "qualified": row.qualified,
        "failed_items": row.failed_items, "report_no": row.report_no, "agency": row.agency,
        "note": row.note, "voided": row.voided, "void_reason": row.void_reason,
    }  # fmt: skip


def sampling_view(s, row: Sampling) -> SamplingView:
    e = s.get(Entity, row.entity_id)
    return SamplingView(
        row.id, row.entity_id, e.uscc or str(e.id), e.name, row.sampled_on, row.product,
        row.batch, row.qualified, D.QUALIFIED_LABELS[row.qualified], row.failed_items,
        row.report_no, row.agency, row.note, row.voided, row.void_reason, row.version,
    )  # fmt: skip


class PatrolSamplings(Service):
    """Samplings: record, void, read, list. Any thread; writes on the writer."""

    def record_sampling(self, draft: D.SamplingDraft) -> tuple[SamplingView, Changes]:
        """登记 a sampling result (``patrols sampling``); a failed one regrades the entity."""
        checked = D.check_sampling(draft, self._clock.today())

        def record(tx: Tx) -> int:
            entity = tx.load(Entity, checked.entity_id, missing="该经营主体不存在，未登记。")
            D.check_entity_sampled(entity.name, entity.status, entity.status_on, checked.sampled_on)
            row = Sampling(
                entity_id=entity.id, sampled_on=checked.sampled_on, product=checked.product,
                batch=checked.batch, qualified=checked.qualified,
                failed_items=checked.failed_items, report_no=checked.report_no,
                agency=checked.agency, note=checked.note, source="", reference="",
            )  # fmt: skip
            tx.s.add(row)
            tx.s.flush()
            tx.created(KIND_SAMPLING, row.id, _snap(row))
            if not checked.qualified:
                regrade_in(tx, entity.id, FAILED_REASON)
            return row.id

        sampling_id, changes = self._transact("patrols.sampling", record)
        return self.sampling(sampling_id), changes

    def void_sampling(
        self, sampling_id: int, version: int | None, reason: str
    ) -> tuple[SamplingView, Changes]:
        """作废 a sampling entered wrongly (with a reason; the row stays). A failed one stops
        weighing on the grade: the entity is regraded."""
        text = N.check_reason(reason, "抽检记录")

        def void(tx: Tx) -> None:
            row = tx.load(Sampling, sampling_id, version, missing=GONE)
            if row.voided:
                raise ValidationError("该抽检记录已经作废。", field="voided")
            before = _snap(row)
            row.voided, row.void_reason = True, text
            tx.s.flush()
            tx.updated(KIND_SAMPLING, row.id, before, _snap(row), f"作废：{text}")
            if not row.qualified:
                regrade_in(tx, row.entity_id, VOID_REASON)

        conflict = Conflict("抽检记录", lambda: self.sampling(sampling_id))
        _, changes = self._transact("patrols.sampling", void, conflict=conflict)
        return self.sampling(sampling_id), changes

    def find_entity(self, text: str) -> int:
        """The one entity a USCC, registration number, id or name typed in the sampling
        form means; none or several is a ``ValidationError`` at the entity field."""
        from station_app.domain.entities import EntityFilter
        from station_app.queries.entities import EntityRows

        self._auth.require("data.view")
        key = (text or "").strip()
        if not key:
            raise ValidationError("请填写经营主体（统一社会信用代码或名称）。", field="entity")
        if key.isdigit() and len(key) < 12:
            with self._db.session() as s:
                if s.get(Entity, int(key)) is not None:
                    return int(key)
        rows = EntityRows(self._db, EntityFilter(key), today=self._clock.today)
        ids = list(rows.fetch_ids(None, False)[:3])
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise ValidationError(f"没有找到经营主体“{key}”。", field="entity")
        raise ValidationError(f"“{key}”对应多个经营主体，请改填统一社会信用代码。", field="entity")

    def sampling(self, sampling_id: int) -> SamplingView:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = s.get(Sampling, sampling_id)
            if row is None:
                raise NotFoundError(GONE)
            return sampling_view(s, row)

    def sampling_rows(self, flt: SamplingFilter | None = None) -> SamplingRows:
        """The samplings list under ``flt`` (``services.base.Rows``)."""
        self._auth.require("data.view")
        return SamplingRows(self._db, flt)

    def samplings(self, flt: SamplingFilter | None = None) -> list[SamplingView]:
        """Every sampling under ``flt``, newest first (``patrols samplings --json``)."""
        rows = self.sampling_rows(flt)
        ids = list(rows.fetch_ids(None, False))
        with self._db.session() as s:
            return [sampling_view(s, s.get(Sampling, i)) for i in ids]
