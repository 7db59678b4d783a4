"""Results and publication of a draw, the recusal register (回避登记), the station's draw
settings and the 抽查事项清单.

A result is a patrol record of the patrols area (#15): ``record_result`` takes the patrols
draft and calls ``PatrolService.record_in`` in this transaction (a 现场检查, source ``draw``,
reference the draw number, the drawn inspectors unless others are named), then sets
``DrawObject.record_id`` and the result and day the 公示 prints from the record
(docs/areas/campaigns.md §7.5). 无法检查 (closed down, moved away) is the one result without
a record: ``mark_unable`` with the reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from station_app.data.models import (
    CheckItem,
    Draw,
    DrawConflict,
    DrawObject,
    Entity,
    PatrolRecord,
    Person,
    StationProfile,
)
from station_app.data.repo import draws as repo
from station_app.data.repo import settings as settings_repo
from station_app.domain import draw_inputs as inputs
from station_app.domain import draws as algo
from station_app.domain.patrols import records as D
from station_app.domain.patrols.records import RecordDraft
from station_app.domain.patrols.rules import CHECK
from station_app.errors import NotFoundError, ValidationError
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.draws.pools import SETTINGS_KEY, DrawSettings, read_settings
from station_app.services.draws.records import GONE, view_of

KIND = "draw"
CONFLICT_KIND = "draw_conflict"
ITEM_KIND = "check_item"
SETTINGS_KIND = "station_setting"
RESULT_OF_RECORD = {
    D.CLEAR: inputs.CLEAR,
    D.FOUND: inputs.FOUND,
    D.FIXED_ON_SPOT: inputs.FIXED_ON_SPOT,
    D.CLOSED_DOOR: inputs.NOBODY,
}
"""The 公示's result of a drawn object from its patrol record's result."""


@dataclass(frozen=True)
class ConflictView:
    id: int
    person: str
    entity: str
    relation: str
    recorded_on: date
    ended_on: date | None
    version: int


@dataclass(frozen=True)
class ItemView:
    id: int
    name: str
    basis: str
    active: bool


def _load_draw(tx: Tx, draw_id: int, version: int | None = None) -> Draw:
    return tx.load(Draw, draw_id, version, missing=GONE)


def notice_payload(s, row: Draw, station: str, day: date) -> dict[str, Any]:
    """The 公示 payload: business entities only (name, USCC, item, check date, result)."""
    view = view_of(s, row)
    rows = [
        {
            "no": i,
            "name": o.entity_name,
            "uscc": o.entity if not o.entity.startswith("#") else "",
            "item": view.item,
            "checked_on": o.checked_on.isoformat() if o.checked_on else "",
            "result": o.result,
        }
        for i, o in enumerate(sorted(view.objects, key=lambda o: (o.entity_name, o.entity)), 1)
    ]
    return {
        "station": station,
        "title": f"{view.item}双随机抽查结果公示",
        "number": view.number,
        "item": view.item,
        "intro": (
            f"根据“双随机、一公开”监管工作要求，本所于 {view.draw_time[:10]} 从 "
            f"{sum(view.pool_sizes.values())} 户经营主体中随机抽取 {len(rows)} 户开展"
            f"{view.item}（抽取记录 {view.number}，对象库哈希 {view.pool_hash[:16]}…），"
            "现将抽查结果公示如下："
        ),
        "rows": rows,
        "closing": ["如对抽查结果有异议，可自公示之日起 10 个工作日内向本所提出。"],
        "issuer": station,
        "date_text": f"{day.year}年{day.month}月{day.day}日",
        "published_on": day.isoformat(),
    }


class DrawResults(Service):
    """Results, publication, conflicts, settings, items (part of ``DrawService``)."""

    # -- results -------------------------------------------------------------------------------
    def record_result(
        self,
        draw_id: int,
        entity_id: int,
        draft: RecordDraft,
        *,
        checklist: str | None = None,
        assume_yes: bool = False,
    ) -> tuple[int, Changes]:
        """录入结果: the drawn object's check as a patrol record (its hazards, notice and
        re-check are the patrols area's), in one transaction with the object's result.
        Returns the record id. 闭门未遇 keeps the object open for another visit."""

        def record(tx: Tx) -> int:
            row, obj = self._open_object(tx, draw_id, entity_id)
            day = D.local(draft.at).date()
            if day < row.drawn_at.date():
                raise ValidationError(
                    f"检查日期 {day.isoformat()} 早于抽取日期 {row.drawn_at.date().isoformat()}。",
                    field="at",
                )
            people = draft.inspectors or tuple(repo.object_inspectors(tx.s, draw_id, entity_id))
            visit = replace(draft, kind=CHECK, source=D.DRAW, reference=row.number,
                            inspectors=people)  # fmt: skip
            from station_app.services.patrols import PatrolService

            patrols = PatrolService(self._db, self._auth, clock=self._clock)
            record_id = patrols.record_in(tx, visit, checklist=checklist, assume_yes=assume_yes)
            record = tx.s.get(PatrolRecord, record_id)
            assert record is not None  # just written
            result = RESULT_OF_RECORD[record.result]
            self._set_result(tx, row, obj, result, record.day, record.note, record_id)
            return record_id

        return self._transact("draws.result", record)

    def mark_unable(self, draw_id: int, entity_id: int, reason: str) -> Changes:
        """无法检查 (closed down, moved away…): the result without a record, with the reason."""
        result, note = inputs.check_result(inputs.UNABLE, reason)

        def mark(tx: Tx) -> None:
            row, obj = self._open_object(tx, draw_id, entity_id)
            self._set_result(tx, row, obj, result, tx.today, note, None)

        return self._transact("draws.result", mark)[1]

    @staticmethod
    def _open_object(tx: Tx, draw_id: int, entity_id: int) -> tuple[Draw, DrawObject]:
        row = _load_draw(tx, draw_id)
        if row.state != inputs.DRAWN:
            raise ValidationError(
                f"{row.number}{inputs.STATE_LABELS[row.state]}，不能再录入结果。",
                field="state",
            )
        obj = tx.s.get(DrawObject, (draw_id, entity_id))
        if obj is None:
            raise NotFoundError("该经营主体不是这次抽取的抽查对象。")
        if obj.result in inputs.FINAL_RESULTS:
            raise ValidationError(
                f"该抽查对象已录入结果“{obj.result}”"
                f"{f'（巡查记录 {obj.record_id}）' if obj.record_id else ''}。"
                "如需更正，请先作废原巡查记录。",
                field="result",
            )
        return row, obj

    @staticmethod
    def _set_result(tx: Tx, row, obj, result: str, day: date, note: str, record_id) -> None:
        before = {"result": obj.result, "checked_on": obj.checked_on, "record_id": obj.record_id}
        obj.result, obj.checked_on, obj.result_note = result, day, note
        obj.record_id = record_id if record_id is not None else obj.record_id
        tx.s.flush()
        after = {"result": result, "checked_on": day, "record_id": obj.record_id}
        tx.updated(KIND, row.id, before, after, f"抽查对象 {obj.key}")

    # -- publication ---------------------------------------------------------------------------
    def publish(self, draw_id: int, path: Path) -> tuple[Path, Changes]:
        """The 公示 as PDF (``.pdf``) or XLSX (``.xlsx``). The first publication freezes the
        payload and marks the draw 已公示; a later one prints the same payload."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".pdf", ".xlsx"):
            raise ValidationError("公示文件须为 .pdf 或 .xlsx。", field="out")

        def publish(tx: Tx) -> dict[str, Any]:
            row = _load_draw(tx, draw_id)
            if row.state == inputs.SUPERSEDED:
                raise ValidationError(f"{row.number} 已重抽，不能公示。", field="state")
            if not row.publication:
                pending = [
                    o for o in view_of(tx.s, row).objects if o.result not in inputs.FINAL_RESULTS
                ]
                inputs.check_publishable(row.number, [o.entity_name for o in pending])
                profile = tx.s.get(StationProfile, 1)
                station = profile.name if profile else "市场监督管理所"
                payload = notice_payload(tx.s, row, station, tx.today)
                before = {"state": row.state, "published_on": None}
                row.publication = json.dumps(payload, ensure_ascii=False, sort_keys=True)
                row.state, row.published_on, row.published_by = (
                    inputs.PUBLISHED,
                    tx.today,
                    tx.actor.username,
                )
                tx.updated(KIND, draw_id, before, {"state": row.state, "published_on": tx.today})
            payload = json.loads(row.publication)
            tx.exported(KIND, draw_id, {"file": path.name, "rows": len(payload["rows"])})
            return payload

        payload, changes = self._transact("draws.publish", publish)
        from station_app.documents import draw_notice

        writer = draw_notice.write_pdf if suffix == ".pdf" else draw_notice.write_xlsx
        return writer(payload, path), changes

    # -- the recusal register ------------------------------------------------------------------
    def conflicts(self, entity_id: int | None = None) -> list[ConflictView]:
        self._auth.require("data.view")
        with self._db.session() as s:
            return [
                ConflictView(c.id, p, e, c.relation, c.recorded_on, c.ended_on, c.version)
                for c, p, e in repo.conflicts(s, entity_id)
            ]

    def add_conflict(
        self, person_id: int, entity_id: int, relation: str, recorded_on: date | None = None
    ) -> tuple[int, Changes]:
        """回避登记: ``relation`` in a few words (亲属经营、曾任职、有纠纷)."""
        text = " ".join((relation or "").split())
        if len(text) < 2 or len(text) > 100:
            raise ValidationError("请用 2–100 个字写明利害关系，如“配偶经营”。", field="relation")

        def add(tx: Tx) -> int:
            if tx.s.get(Person, person_id) is None:
                raise NotFoundError("该执法人员不在网格花名册中。")
            if tx.s.get(Entity, entity_id) is None:
                raise NotFoundError("该经营主体不存在。")
            row = DrawConflict(
                person_id=person_id,
                entity_id=entity_id,
                relation=text,
                recorded_on=recorded_on or tx.today,
                recorded_by=tx.actor.username,
            )
            tx.s.add(row)
            tx.s.flush()
            tx.created(
                CONFLICT_KIND,
                row.id,
                {"person_id": person_id, "entity_id": entity_id, "relation": text},
            )
            return row.id

        return self._transact("draws.conflicts", add)

    def end_conflict(self, conflict_id: int, version: int, ended_on: date | None = None) -> Changes:
        def end(tx: Tx) -> None:
            row = tx.load(DrawConflict, conflict_id, version, missing="该回避登记不存在。")
            if row.ended_on is not None:
                raise ValidationError("该回避登记已经结束。", field="ended_on")
            day = ended_on or tx.today
            if day < row.recorded_on:
                raise ValidationError("结束日期早于登记日期。", field="ended_on")
            row.ended_on = day
            tx.s.flush()
            tx.updated(CONFLICT_KIND, conflict_id, {"ended_on": None}, {"ended_on": day})

        return self._transact("draws.conflicts", end, conflict=Conflict("回避登记", lambda: None))[
            1
        ]

    # -- settings and items --------------------------------------------------------------------
    def settings(self) -> DrawSettings:
        self._auth.require("data.view")
        with self._db.session() as s:
            return read_settings(s)

    def save_settings(self, settings: DrawSettings) -> Changes:
        settings = settings.validate()
        text = json.dumps(
            {
                "ratios": {g: settings.ratios[g] for g in algo.GRADES},
                "grade_basis": settings.grade_basis,
                "exclude_months": settings.exclude_months,
            },
            sort_keys=True,
        )

        def save(tx: Tx) -> None:
            old = settings_repo.setting(tx.s, SETTINGS_KEY)
            before = json.loads(old.value) if old else None
            settings_repo.put_setting(tx.s, SETTINGS_KEY, text, tx.actor.username)
            tx.saved(SETTINGS_KIND, SETTINGS_KEY, before, json.loads(text))

        return self._transact("settings.draws", save)[1]

    def items(self, *, include_inactive: bool = False) -> list[ItemView]:
        self._auth.require("data.view")
        with self._db.session() as s:
            rows = repo.items(s, include_inactive=include_inactive)
            return [ItemView(r.id, r.name, r.basis, r.active) for r in rows]

    def save_item(self, name: str, basis: str = "") -> tuple[int, Changes]:
        """Add an item to the 抽查事项清单 (a name already there is refused)."""
        text = " ".join((name or "").split())
        if not 2 <= len(text) <= 100:
            raise ValidationError("抽查事项名称须为 2–100 个字。", field="name")

        def save(tx: Tx) -> int:
            if repo.item_named(tx.s, text) is not None:
                raise ValidationError(f"抽查事项“{text}”已在清单中。", field="name")
            row = CheckItem(name=text, basis=(basis or "").strip(), checklist_code="")
            tx.s.add(row)
            tx.s.flush()
            tx.created(ITEM_KIND, row.id, {"name": text, "basis": row.basis})
            return row.id

        return self._transact("settings.draws", save)
