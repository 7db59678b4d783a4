"""The pools a draw runs on (一单两库): the check item, the object pool by a saved filter (or
every 在营 entity), the inspector pool (roster people with a valid 执法证 on the draw day),
the recusals and the objects left out. Read in a few set queries inside the caller's
transaction, so what is previewed, checked and drawn is one snapshot."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from station_app.data.models import CheckItem
from station_app.data.repo import draws as repo
from station_app.data.repo import settings as settings_repo
from station_app.domain import draw_inputs as inputs
from station_app.domain import draws as algo
from station_app.domain.draw_inputs import ALL_FILTER, INSPECTOR_VIEW_SCREEN, OBJECT_VIEW_SCREENS
from station_app.domain.entities import EntityFilter
from station_app.errors import ValidationError
from station_app.queries import draws as q
from station_app.services.base import Service

if TYPE_CHECKING:
    from station_app.data.orm import Session

SETTINGS_KEY = "draws.settings"


@dataclass(frozen=True)
class DrawSettings:
    """The station's draw settings: default ratio per grade (text as typed, ``0.05``), the
    grade basis (``credit``: 信用风险分类 first; ``local``: 本所分级 first), the months an
    object checked without findings is left out (0: never)."""

    ratios: dict[str, str] = field(default_factory=lambda: dict(inputs.DEFAULT_RATIOS))
    grade_basis: str = "credit"
    exclude_months: int = inputs.EXCLUDE_MONTHS_DEFAULT

    def validate(self) -> DrawSettings:
        for grade in algo.GRADES:
            inputs.parse_ratio(grade, self.ratios.get(grade, inputs.DEFAULT_RATIOS[grade]))
        if self.grade_basis not in ("credit", "local"):
            raise ValidationError("分级依据只能是信用风险分类或本所分级。", field="grade_basis")
        if not 0 <= self.exclude_months <= 36:
            raise ValidationError(
                "近期检查未发现问题的对象不再抽取的月数应在 0–36 之间。", field="exclude_months"
            )
        return self


@dataclass(frozen=True)
class DrawSpec:
    """What a draw is asked for (the dialog, ``draws run``). ``objects`` and ``inspectors``
    name a saved filter (常用筛选) of the signed-in user, or ``all``; ``ratios``/``numbers``
    as typed (``A=0.05,B=0.1``), grades left out take the station's default."""

    item: str
    objects: str = ALL_FILTER
    inspectors: str = ALL_FILTER
    ratios: str = ""
    numbers: str = ""
    witness: str = ""
    witnessed_by: str = ""
    min_inspectors: int = algo.MIN_INSPECTORS
    reason: str = ""


@dataclass
class Pools:
    """The frozen pools and what was read to make them (one transaction's snapshot)."""

    item: CheckItem
    objects: list[algo.PoolObject]
    inspectors: list[algo.Inspector]
    recusals: algo.Recusals
    recusal_ids: dict[str, dict[str, str]]  # object key → {inspector key: reason}
    excluded: list[tuple[algo.PoolObject, date]]
    object_criteria: dict[str, Any]
    inspector_criteria: dict[str, Any]
    quotas: dict[str, algo.Quota]
    settings: DrawSettings
    previous_id: int | None

    @property
    def pool_hash(self) -> str:
        return algo.pool_hash([o.line for o in self.objects] + [p.line for p in self.inspectors])

    def sizes(self) -> dict[str, int]:
        out = {g: 0 for g in algo.GRADES}
        for obj in self.objects:
            out[obj.grade] += 1
        return out


def read_settings(s: Session) -> DrawSettings:
    row = settings_repo.setting(s, SETTINGS_KEY)
    if row is None:
        return DrawSettings()
    data = json.loads(row.value)
    ratios = dict(inputs.DEFAULT_RATIOS)
    ratios.update({k: str(v) for k, v in data.get("ratios", {}).items() if k in algo.GRADES})
    return DrawSettings(
        ratios=ratios,
        grade_basis=str(data.get("grade_basis", "credit")),
        exclude_months=int(data.get("exclude_months", inputs.EXCLUDE_MONTHS_DEFAULT)),
    )


class PoolReader(Service):
    """Reading the pools (part of ``DrawService``)."""

    def _item(self, s: Session, name: str) -> CheckItem:
        text = " ".join((name or "").split())
        row = repo.item_named(s, text)
        if row is None or not row.active:
            names = [i.name for i in repo.items(s)]
            raise ValidationError(
                f"抽查事项“{text}”不在本所抽查事项清单中。可选：{'、'.join(names)}。",
                field="item",
            )
        return row

    def _saved(self, s: Session, owner: str, screens: tuple[str, ...], name: str, what: str):
        for screen in screens:
            row = settings_repo.view_named(s, owner, screen, name)
            if row is not None:
                return screen, json.loads(row.criteria)
        raise ValidationError(
            f"没有名为“{name}”的{what}常用筛选（或写 all 表示全部）。", field=what
        )

    def _object_filter(self, s: Session, owner: str, name: str):
        """The object pool's filter: ``all`` (every 在营 entity), a saved filter of the
        entity list (``EntityFilter``) or of the campaign target builder (``TargetFilter``,
        statuses 在营 by default). A draw is of businesses trading now: an entity-list filter
        without a status gets 在营."""
        if name.strip().lower() == ALL_FILTER:
            return EntityFilter(status="在营"), {"status": "在营"}
        screen, criteria = self._saved(s, owner, OBJECT_VIEW_SCREENS, name.strip(), "对象库")
        if screen == "campaign_targets":
            from station_app.domain.campaign_targets import TargetFilter

            target = TargetFilter.from_criteria(criteria)
            return target, json.loads(target.canonical())
        flt = EntityFilter.from_criteria({k: v for k, v in criteria.items() if v})
        if not flt.status:
            flt = EntityFilter.from_criteria({**flt.criteria(), "status": "在营"})
        return flt, flt.criteria()

    def _inspector_filter(self, s: Session, owner: str, name: str) -> dict[str, Any]:
        if name.strip().lower() == ALL_FILTER:
            return {}
        _, criteria = self._saved(s, owner, (INSPECTOR_VIEW_SCREEN,), name.strip(), "执法人员库")
        return {k: v for k, v in criteria.items() if k in ("role", "group", "text") and v}

    def _inspectors(self, s: Session, criteria: dict[str, Any], day: date) -> list:
        out = []
        for p in q.people_with_cert(s):
            if criteria.get("role") and criteria["role"] not in p.roles.split():
                continue
            if criteria.get("group") and p.supervision_group != criteria["group"]:
                continue
            if criteria.get("text") and criteria["text"] not in p.name:
                continue
            if inputs.cert_valid(p.cert_no, p.cert_expiry, p.active, p.left_on, day):
                continue
            out.append(p)
        return out

    def _read_pools(self, s: Session, spec: DrawSpec, owner: str, day: date) -> Pools:
        item = self._item(s, spec.item)
        settings = read_settings(s)
        quotas = inputs.parse_quotas(spec.ratios, spec.numbers, settings.ratios)
        flt, object_criteria = self._object_filter(s, owner, spec.objects)
        inspector_criteria = self._inspector_filter(s, owner, spec.inspectors)
        people = self._inspectors(s, inspector_criteria, day)
        inspectors = [
            algo.Inspector(inputs.inspector_key(p.cert_no, p.name), p.name, p.id) for p in people
        ]
        key_of = {p.person_id: p.key for p in inspectors}
        objects = [
            algo.PoolObject(
                inputs.entity_key(uscc, eid),
                inputs.draw_grade(credit, local, settings.grade_basis),
                name,
                eid,
                grid or "",
            )
            for eid, uscc, credit, local, grid, name in q.object_rows(self._db, s, flt, day)
        ]
        objects, excluded = self._leave_out(s, objects, settings.exclude_months, day)
        by_object: dict[str, dict[str, str]] = {}
        key_of_entity = {o.entity_id: o.key for o in objects}
        for entity_id, person_id in q.conflicts_on(s, day):
            if entity_id in key_of_entity and person_id in key_of:
                by_object.setdefault(key_of_entity[entity_id], {})[key_of[person_id]] = (
                    algo.RELATION
                )
        previous = q.previous_draw(s, item.id)
        if previous is not None:
            for entity_id, _, key in q.inspectors_of(s, previous.id):
                if entity_id in key_of_entity:
                    by_object.setdefault(key_of_entity[entity_id], {}).setdefault(
                        key, algo.PREVIOUS
                    )
        by_grid: dict[str, dict[str, str]] = {}
        for grid, person_id in q.specialists_on(s, day):
            if person_id in key_of:
                by_grid.setdefault(grid, {})[key_of[person_id]] = algo.SPECIALIST
        return Pools(
            item=item,
            objects=objects,
            inspectors=inspectors,
            recusals=algo.Recusals(by_object, by_grid),
            recusal_ids=by_object,
            excluded=excluded,
            object_criteria=object_criteria,
            inspector_criteria=inspector_criteria,
            quotas=quotas,
            settings=settings,
            previous_id=previous.id if previous else None,
        )

    @staticmethod
    def _leave_out(
        s: Session, objects: list[algo.PoolObject], months: int, day: date
    ) -> tuple[list[algo.PoolObject], list[tuple[algo.PoolObject, date]]]:
        if months <= 0:
            return objects, []
        latest = q.latest_results(s, inputs.months_before(day, months), day)
        clear = {eid: d for eid, (d, result) in latest.items() if result == inputs.CLEAR}
        by_key = {o.key: clear[o.entity_id] for o in objects if o.entity_id in clear}
        kept, out = inputs.leave_out_recently_clear(objects, by_key, months, day)
        return kept, [(o, by_key[o.key]) for o in out]
