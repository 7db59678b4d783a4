"""监测对象 and their groups: add, change (posted price changes are audited with the old value),
look up by id or by entity + name, and the list (``subject_rows``)."""

from __future__ import annotations

from typing import Any

from station_app.data.models import Entity, PriceGroup, PriceGroupMember, PriceSubject
from station_app.data.repo import prices as repo
from station_app.domain.prices.lists import SubjectFilter
from station_app.domain.prices.money import check_subject
from station_app.errors import NotFoundError, ValidationError
from station_app.queries.prices import SubjectRows
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.prices.common import (
    KIND_GROUP,
    KIND_SUBJECT,
    SUBJECT_GONE,
    GroupView,
    SubjectInput,
    SubjectView,
)


def subject_snapshot(row: PriceSubject) -> dict[str, Any]:
    return {
        k: getattr(row, k)
        for k in (
            "kind", "name", "unit", "entity_id", "market", "posted_fen", "filed_fen",
            "district", "klass", "active", "note",
        )
    }  # fmt: skip


def subject_view(s: Any, row: PriceSubject) -> SubjectView:
    entity = s.get(Entity, row.entity_id) if row.entity_id else None
    groups = tuple(
        g.name
        for g in s.query(PriceGroup)
        .join(PriceGroupMember, PriceGroupMember.group_id == PriceGroup.id)
        .filter(PriceGroupMember.subject_id == row.id)
        .order_by(PriceGroup.name)
    )
    return SubjectView(
        row.id, row.version, row.kind, row.name, row.unit, row.entity_id,
        entity.name if entity else "", row.market, row.posted_fen, row.filed_fen,
        row.district, row.klass, row.active, row.note, groups,
    )  # fmt: skip


class Subjects(Service):
    """监测对象 and 分组 (``prices.manage``)."""

    def subject_rows(self, flt: SubjectFilter | None = None) -> SubjectRows:
        """The 监测对象 list (the lazy table's source)."""
        self._auth.require("data.view")
        return SubjectRows(self._db, flt or SubjectFilter())

    def subject(self, subject_id: int) -> SubjectView:
        with self._db.session() as s:
            row = s.get(PriceSubject, subject_id)
            if row is None:
                raise NotFoundError(SUBJECT_GONE.format(subject_id))
            return subject_view(s, row)

    def subjects(self, *, active_only: bool = True) -> list[SubjectView]:
        """Every subject (a station watches hundreds, not millions), by entity then name."""
        with self._db.session() as s:
            q = s.query(PriceSubject)
            if active_only:
                q = q.filter(PriceSubject.active.is_(True))
            views = [subject_view(s, r) for r in q]
        return sorted(views, key=lambda v: (v.entity_name or v.market, v.name, v.id))

    def resolve_entity(self, ref: str) -> int:
        """An entity id from an id or a USCC (``--entity``), or a Chinese message."""
        with self._db.session() as s:
            found = repo.entity_id_of(s, ref)
        if found is None:
            raise ValidationError(
                f"找不到经营主体“{ref}”（请填写统一社会信用代码或主体编号）。", field="entity_id"
            )
        return found

    def add_subject(
        self, data: SubjectInput, *, groups: tuple[int, ...] = ()
    ) -> tuple[SubjectView, Changes]:
        fields = check_subject(
            kind=data.kind, name=data.name, entity_id=data.entity_id, unit=data.unit,
            market=data.market, posted_fen=data.posted_fen, filed_fen=data.filed_fen,
            district=data.district, klass=data.klass,
        )  # fmt: skip

        def add(tx: Tx) -> int:
            if fields.entity_id is not None:
                if tx.s.get(Entity, fields.entity_id) is None:
                    raise ValidationError(
                        f"经营主体 {fields.entity_id} 不存在。", field="entity_id"
                    )
                if repo.subject_by_entity(tx.s, fields.entity_id, fields.name) is not None:
                    raise ValidationError(f"该经营主体已有监测对象“{fields.name}”。", field="name")
            row = PriceSubject(**vars(fields), note=(data.note or "").strip(), active=True)
            tx.s.add(row)
            tx.s.flush()
            tx.created(KIND_SUBJECT, row.id, subject_snapshot(row))
            for gid in groups:
                _add_member(tx, gid, row.id)
            return row.id

        new_id, changes = self._transact("prices.manage", add)
        return self.subject(new_id), changes

    def update_subject(
        self, subject_id: int, version: int, data: SubjectInput, *, reason: str = ""
    ) -> tuple[SubjectView, Changes]:
        """Change a subject; open flags keep the posted price they were judged against."""
        fields = check_subject(
            kind=data.kind, name=data.name, entity_id=data.entity_id, unit=data.unit,
            market=data.market, posted_fen=data.posted_fen, filed_fen=data.filed_fen,
            district=data.district, klass=data.klass,
        )  # fmt: skip

        def update(tx: Tx) -> None:
            row = tx.load(
                PriceSubject, subject_id, version, missing=SUBJECT_GONE.format(subject_id)
            )
            before = subject_snapshot(row)
            for name, value in vars(fields).items():
                setattr(row, name, value)
            row.note = (data.note or "").strip()
            tx.s.flush()
            tx.updated(KIND_SUBJECT, row.id, before, subject_snapshot(row), reason)

        conflict = Conflict("监测对象", lambda: self.subject(subject_id))
        _, changes = self._transact("prices.manage", update, conflict=conflict)
        return self.subject(subject_id), changes

    # ---- groups ------------------------------------------------------------------------

    def groups(self) -> list[GroupView]:
        with self._db.session() as s:
            rows = s.query(PriceGroup).order_by(PriceGroup.name).all()
            counts = dict(repo.group_sizes(s))
            return [GroupView(g.id, g.version, g.name, g.note, counts.get(g.id, 0)) for g in rows]

    def group_id(self, name: str) -> int:
        for g in self.groups():
            if g.name == name.strip():
                return g.id
        raise ValidationError(f"分组“{name}”不存在。", field="group")

    def add_group(self, name: str, note: str = "") -> tuple[GroupView, Changes]:
        name = (name or "").strip()
        if not name or len(name) > 60:
            raise ValidationError(
                "请填写分组名称（不超过 60 字），例如“景区周边酒店”。", field="name"
            )

        def add(tx: Tx) -> int:
            if tx.s.query(PriceGroup).filter(PriceGroup.name == name).first() is not None:
                raise ValidationError(f"分组“{name}”已存在。", field="name")
            row = PriceGroup(name=name, note=(note or "").strip())
            tx.s.add(row)
            tx.s.flush()
            tx.created(KIND_GROUP, row.id, {"name": row.name, "note": row.note})
            return row.id

        gid, changes = self._transact("prices.manage", add)
        return next(g for g in self.groups() if g.id == gid), changes

    def set_members(self, group_id: int, subject_ids: list[int]) -> Changes:
        """The group's subjects become exactly ``subject_ids`` (audited as the before/after lists)."""

        def members(tx: Tx) -> None:
            group = tx.load(PriceGroup, group_id, missing=f"分组 {group_id} 不存在。")
            wanted = set(subject_ids)
            missing = wanted - repo.existing_subject_ids(tx.s, wanted)
            if missing:
                raise ValidationError(SUBJECT_GONE.format(min(missing)), field="subjects")
            rows = tx.s.query(PriceGroupMember).filter(PriceGroupMember.group_id == group_id).all()
            before = sorted(r.subject_id for r in rows)
            for r in rows:
                if r.subject_id not in wanted:
                    tx.s.delete(r)
            for sid in sorted(wanted - set(before)):
                tx.s.add(PriceGroupMember(group_id=group_id, subject_id=sid))
            tx.s.flush()
            tx.updated(KIND_GROUP, group.id, {"members": before}, {"members": sorted(wanted)})
            tx.touch(KIND_SUBJECT, wanted | set(before))

        return self._transact("prices.manage", members)[1]


def _add_member(tx: Tx, group_id: int, subject_id: int) -> None:
    group = tx.load(PriceGroup, group_id, missing=f"分组 {group_id} 不存在。")
    tx.s.add(PriceGroupMember(group_id=group.id, subject_id=subject_id))
    tx.s.flush()
    tx.updated(KIND_GROUP, group.id, {"added": None}, {"added": subject_id})


__all__ = ["Subjects"]
