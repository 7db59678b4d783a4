"""Previewing and running a draw (``docs/areas/campaigns.md`` §7): the pools and their hash
shown before any witness digit exists; the draw itself in one unit of work (refusals write
nothing), a redraw marking the draw it replaces."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass

from station_app.data.models import (
    Draw,
    DrawExcluded,
    DrawInspector,
    DrawObject,
    DrawRecusal,
    StationProfile,
)
from station_app.data.repo import draws as repo
from station_app.data.repo.complaints import allocate_number
from station_app.domain import draw_inputs as inputs
from station_app.domain import draws as algo
from station_app.errors import ValidationError
from station_app.queries import draws as q
from station_app.services.base import Changes, Tx
from station_app.services.draws.pools import DrawSpec, PoolReader, Pools

KIND = "draw"
COUNTER = "cc"  # doc_counter kind of draw numbers


@dataclass(frozen=True)
class PoolPreview:
    """What the session announces before the witness rolls the dice."""

    item: str
    pool_hash: str
    pool_sizes: dict[str, int]
    quotas: dict[str, str]  # grade → Quota.text
    quota_labels: dict[str, str]
    sizes: dict[str, int]  # grade → would be drawn
    inspector_pool_size: int
    inspectors: list[str]
    excluded: int
    warnings: list[str]
    redraw_of: str  # the open draw this one would replace ("" for none)


def _preview(pools: Pools, redraw_of: str) -> PoolPreview:
    sizes = pools.sizes()
    return PoolPreview(
        item=pools.item.name,
        pool_hash=pools.pool_hash,
        pool_sizes=sizes,
        quotas={g: pools.quotas[g].text for g in algo.GRADES},
        quota_labels={g: pools.quotas[g].label for g in algo.GRADES},
        sizes={g: pools.quotas[g].size(sizes[g]) for g in algo.GRADES},
        inspector_pool_size=len(pools.inspectors),
        inspectors=[p.name for p in pools.inspectors],
        excluded=len(pools.excluded),
        warnings=inputs.quota_warnings(pools.quotas),
        redraw_of=redraw_of,
    )


class DrawRuns(PoolReader):
    """Preview and run (part of ``DrawService``)."""

    def preview(self, spec: DrawSpec) -> PoolPreview:
        """The pools as they stand now, nothing written (``data.view``)."""
        actor = self._auth.require("data.view")
        day = self._clock.today()
        with self._db.session() as s:
            pools = self._read_pools(s, spec, actor.username, day)
            open_draw = q.open_draw(s, pools.item.id)
            algo.check_pools(pools.objects, pools.inspectors, spec.min_inspectors)
            return _preview(pools, open_draw.number if open_draw else "")

    def run(self, spec: DrawSpec, *, expect_pool_hash: str = "") -> tuple[int, Changes]:
        """Draw and store: returns the new draw's id. Refuses, writing nothing: bad input,
        fewer than ``min_inspectors`` eligible inspectors for any object (before the seed),
        pools changed since the preview whose hash is ``expect_pool_hash``, a redraw without
        a reason or by someone who may not approve it."""
        witness = algo.check_witness(spec.witness)
        algo.check_min_inspectors(spec.min_inspectors)
        witnessed_by = " ".join((spec.witnessed_by or "").split())[:60]

        def run(tx: Tx) -> int:
            pools = self._read_pools(tx.s, spec, tx.actor.username, tx.today)
            if expect_pool_hash and pools.pool_hash != expect_pool_hash.strip().lower():
                raise ValidationError(
                    "对象库在预览后发生了变化（哈希不同），请重新预览并公布新的对象库哈希后再抽取。",
                    field="pool_hash",
                )
            repo.lock_item(tx.s, pools.item.id)  # then read the item's open draw
            old = q.open_draw(tx.s, pools.item.id)
            reason = inputs.check_redraw(
                old.number if old else None, spec.reason, self._auth.can("draws.redraw")
            )
            moment = self._clock.now()
            result = algo.run_draw(
                pools.objects,
                pools.inspectors,
                pools.quotas,
                algo.draw_time_text(moment),
                witness,
                min_inspectors=spec.min_inspectors,
                recusals=pools.recusals,
            )
            draw = self._store(tx, spec, pools, result, moment, (witnessed_by, reason), old)
            return draw.id

        return self._transact("draws.run", run)

    def _store(self, tx, spec, pools: Pools, result: algo.DrawResult, moment, texts, old):
        s = tx.s
        witnessed_by, reason = texts
        year = moment.year
        seq = allocate_number(s, COUNTER, year)
        profile = s.get(StationProfile, 1)
        prefix = profile.doc_prefix if profile and profile.doc_prefix else "市监"
        draw = Draw(
            number=inputs.draw_number(prefix, year, seq),
            year=year,
            seq=seq,
            item_id=pools.item.id,
            item_name=pools.item.name,
            object_filter_name=_filter_name(spec.objects),
            object_filter=json.dumps(pools.object_criteria, ensure_ascii=False, sort_keys=True),
            inspector_filter_name=_filter_name(spec.inspectors),
            inspector_filter=json.dumps(
                pools.inspector_criteria, ensure_ascii=False, sort_keys=True
            ),
            grade_basis=pools.settings.grade_basis,
            quotas=json.dumps(dict(result.quotas), sort_keys=True),
            min_inspectors=result.min_inspectors,
            exclude_months=pools.settings.exclude_months,
            drawn_at=moment,
            draw_time=result.when,
            witness_digits=result.witness,
            witness_name=witnessed_by,
            pool_hash=result.pool_hash,
            seed=result.seed,
            algorithm=algo.ALGORITHM,
            pool_sizes=json.dumps(dict(result.pool_sizes), sort_keys=True),
            sizes=json.dumps(dict(result.sizes), sort_keys=True),
            inspector_pool_size=result.inspector_pool_size,
            excluded_count=len(pools.excluded),
            pool=zlib.compress(result.pool_text.encode("utf-8"), 6),
            state=inputs.DRAWN,
            redraw_of_id=old.id if old else None,
            reason=reason,
            approved_by=tx.actor.username if old else "",
            run_by=tx.actor.username,
        )
        s.add(draw)
        s.flush()
        self._store_rows(s, draw.id, pools, result)
        if old is not None:
            tx.updated(KIND, old.id, {"state": old.state}, {"state": inputs.SUPERSEDED}, reason)
            old.state = inputs.SUPERSEDED
        tx.created(
            KIND,
            draw.id,
            {
                "number": draw.number,
                "item": draw.item_name,
                "pool_hash": draw.pool_hash,
                "seed": draw.seed,
                "draw_time": draw.draw_time,
                "witness": draw.witness_digits,
                "pool_sizes": dict(result.pool_sizes),
                "sizes": dict(result.sizes),
                "redraw_of": old.number if old else None,
            },
            reason,
        )
        s.flush()
        return draw

    @staticmethod
    def _store_rows(s, draw_id: int, pools: Pools, result: algo.DrawResult) -> None:
        entity_of = {o.key: o.entity_id for o in pools.objects}
        person_of = {p.key: p.person_id for p in pools.inspectors}
        objects, inspectors, recusals = [], [], []
        for pick in result.picks:
            eid = entity_of[pick.key]
            objects.append(
                {
                    "draw_id": draw_id,
                    "entity_id": eid,
                    "key": pick.key,
                    "grade": pick.grade,
                    "rank": pick.rank,
                    "ticket": pick.ticket,
                    "result": "",
                    "result_note": "",
                }
            )
            for position, (key, tk) in enumerate(pick.inspectors, 1):
                inspectors.append(
                    {
                        "draw_id": draw_id,
                        "entity_id": eid,
                        "position": position,
                        "person_id": person_of[key],
                        "key": key,
                        "ticket": tk,
                    }
                )
            for key, why in sorted(pick.recused.items()):
                recusals.append(
                    {
                        "draw_id": draw_id,
                        "entity_id": eid,
                        "person_id": person_of[key],
                        "key": key,
                        "reason": why,
                    }
                )
        excluded = [
            {"draw_id": draw_id, "entity_id": o.entity_id, "last_clear_on": day}
            for o, day in pools.excluded
        ]
        for model, rows in (
            (DrawObject, objects),
            (DrawInspector, inspectors),
            (DrawRecusal, recusals),
            (DrawExcluded, excluded),
        ):
            repo.insert_rows(s, model, rows)


def _filter_name(name: str) -> str:
    text = " ".join((name or "").split())
    return inputs.ALL_FILTER if text.lower() == inputs.ALL_FILTER else text[:40]
