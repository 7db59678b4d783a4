"""Read side of price monitoring: the 监测对象, 预警信号 and 监测记录 lists as ``Rows`` (id lists
in SQL order, row pages by id). A station watches hundreds of subjects and gathers up to a few
hundred thousand observations a year: the observation list is filtered by subject or days."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import func, or_, select

from station_app.data.engine import Database
from station_app.data.models import (
    Entity,
    PriceFlag,
    PriceGroupMember,
    PriceObservation,
    PriceRule,
    PriceSubject,
)
from station_app.domain.prices.flags import OPEN_STATES
from station_app.domain.prices.lists import FlagFilter, ObservationFilter, SubjectFilter

F = TypeVar("F")


def _like(text: str) -> str:
    q = (text or "").strip()
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class _Rows(Generic[F]):
    """The ``Rows`` contract over one table: subclasses give the id column, the conditions of
    a filter, the sort columns and the row select. Any thread (a session per call)."""

    id_col: ClassVar[Any]
    sort_columns: ClassVar[dict[str, Any]] = {}

    def __init__(self, db: Database, flt: F) -> None:
        self.db = db
        self.filter = flt

    def with_filter(self, flt: F) -> _Rows[F]:
        self.filter = flt
        return self

    def conditions(self) -> list:
        raise NotImplementedError

    def base(self):
        return select(type(self).id_col)

    def _ids(self, sort_key: str | None, descending: bool):
        column = self.sort_columns.get(sort_key or "")
        stmt = self.base().where(*self.conditions())
        if column is None:
            order = [type(self).id_col] if descending else [type(self).id_col.desc()]
        elif descending:
            order = [column.desc(), type(self).id_col.desc()]
        else:
            order = [column.asc(), type(self).id_col]
        return stmt.order_by(*order)

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        with self.db.session() as s:
            return array("q", s.execute(self._ids(sort_key, descending)).scalars())

    def fetch_first_ids(self, sort_key: str | None, descending: bool, limit: int = 256) -> array:
        with self.db.session() as s:
            return array("q", s.execute(self._ids(sort_key, descending).limit(limit)).scalars())

    def count(self) -> int:
        stmt = select(func.count()).select_from(self.base().where(*self.conditions()).subquery())
        with self.db.session() as s:
            return int(s.execute(stmt).scalar_one())


class SubjectRows(_Rows[SubjectFilter]):
    """监测对象: entity, name, kind, 档次, 片区, posted price (fen), last observed day and price."""

    id_col = PriceSubject.id
    sort_columns: ClassVar[dict[str, Any]] = {
        "name": PriceSubject.name,
        "kind": PriceSubject.kind,
        "klass": PriceSubject.klass,
        "district": PriceSubject.district,
        "posted": PriceSubject.posted_fen,
    }

    def base(self):
        return select(PriceSubject.id).outerjoin(Entity, Entity.id == PriceSubject.entity_id)

    def conditions(self) -> list:
        f, conds = self.filter, []
        if f.text.strip():
            p = _like(f.text)
            conds.append(
                or_(
                    Entity.name.like(p, escape="\\"),
                    PriceSubject.name.like(p, escape="\\"),
                    PriceSubject.market.like(p, escape="\\"),
                )
            )
        if f.group_id is not None:
            members = select(PriceGroupMember.subject_id).where(
                PriceGroupMember.group_id == f.group_id
            )
            conds.append(PriceSubject.id.in_(members))
        if f.klass:
            conds.append(PriceSubject.klass == f.klass)
        if f.active_only:
            conds.append(PriceSubject.active.is_(True))
        return conds

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        o = PriceObservation
        last = (
            select(o.subject_id, func.max(o.day).label("d"))
            .where(o.voided_at.is_(None), o.subject_id.in_(list(ids)))
            .group_by(o.subject_id)
            .subquery()
        )
        price = (
            select(o.subject_id, func.max(o.price_fen))
            .join(last, (last.c.subject_id == o.subject_id) & (last.c.d == o.day))
            .where(o.voided_at.is_(None))
            .group_by(o.subject_id)
        )
        stmt = (
            select(
                PriceSubject.id,
                func.coalesce(Entity.name, PriceSubject.market),
                PriceSubject.name,
                PriceSubject.kind,
                PriceSubject.klass,
                PriceSubject.district,
                PriceSubject.posted_fen,
                last.c.d,
            )
            .outerjoin(Entity, Entity.id == PriceSubject.entity_id)
            .outerjoin(last, last.c.subject_id == PriceSubject.id)
            .where(PriceSubject.id.in_(list(ids)))
        )
        with self.db.session() as s:
            prices: dict[int, int] = dict(s.execute(price).all())
            return {r[0]: (*r[1:], prices.get(r[0])) for r in s.execute(stmt)}


class FlagRows(_Rows[FlagFilter]):
    """预警信号: day, subject, entity, price, baseline (fen), ratio (basis points), rule label,
    state, explanation; the subject id after the columns."""

    id_col = PriceFlag.id
    sort_columns: ClassVar[dict[str, Any]] = {
        "day": PriceFlag.day,
        "price": PriceFlag.price_fen,
        "ratio": PriceFlag.ratio_bp,
        "state": PriceFlag.state,
    }

    def base(self):
        return (
            select(PriceFlag.id)
            .join(PriceSubject, PriceSubject.id == PriceFlag.subject_id)
            .join(PriceRule, PriceRule.id == PriceFlag.rule_id)
            .outerjoin(Entity, Entity.id == PriceSubject.entity_id)
        )

    def conditions(self) -> list:
        f, conds = self.filter, []
        if f.first:
            conds.append(PriceFlag.day >= f.first)
        if f.last:
            conds.append(PriceFlag.day <= f.last)
        if f.state == "open":
            conds.append(PriceFlag.state.in_(sorted(OPEN_STATES)))
        elif f.state:
            conds.append(PriceFlag.state == f.state)
        if f.series is not None:
            conds.append(PriceRule.series == f.series)
        if f.subject_id is not None:
            conds.append(PriceFlag.subject_id == f.subject_id)
        if f.text.strip():
            p = _like(f.text)
            conds.append(
                or_(Entity.name.like(p, escape="\\"), PriceSubject.name.like(p, escape="\\"))
            )
        return conds

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        stmt = (
            select(
                PriceFlag.id,
                PriceFlag.day,
                PriceSubject.name,
                func.coalesce(Entity.name, PriceSubject.market),
                PriceFlag.price_fen,
                PriceFlag.baseline_fen,
                PriceFlag.ratio_bp,
                PriceRule.name,
                PriceRule.version,
                PriceFlag.state,
                PriceFlag.explanation,
                PriceFlag.subject_id,
            )
            .join(PriceSubject, PriceSubject.id == PriceFlag.subject_id)
            .join(PriceRule, PriceRule.id == PriceFlag.rule_id)
            .outerjoin(Entity, Entity.id == PriceSubject.entity_id)
            .where(PriceFlag.id.in_(list(ids)))
        )
        with self.db.session() as s:
            return {
                r[0]: (r[1], r[2], r[3], r[4], r[5], r[6], f"{r[7]}（第{r[8]}版）", *r[9:])
                for r in s.execute(stmt)
            }


class ObservationRows(_Rows[ObservationFilter]):
    """监测记录: time, subject, price (fen), source, platform, who, 有效/已作废; then the void
    reason (voided rows are struck through on screen)."""

    id_col = PriceObservation.id
    sort_columns: ClassVar[dict[str, Any]] = {
        "observed_at": PriceObservation.observed_at,
        "price": PriceObservation.price_fen,
        "source": PriceObservation.source,
    }

    def conditions(self) -> list:
        f, o, conds = self.filter, PriceObservation, []
        if f.subject_id is not None:
            conds.append(o.subject_id == f.subject_id)
        if f.first:
            conds.append(o.day >= f.first)
        if f.last:
            conds.append(o.day <= f.last)
        if not f.include_voided:
            conds.append(o.voided_at.is_(None))
        return conds

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        o = PriceObservation
        stmt = (
            select(
                o.id, o.observed_at, PriceSubject.name, func.coalesce(Entity.name, ""),
                o.price_fen, o.source, o.platform, o.recorded_by, o.voided_at, o.void_reason,
            )
            .join(PriceSubject, PriceSubject.id == o.subject_id)
            .outerjoin(Entity, Entity.id == PriceSubject.entity_id)
            .where(o.id.in_(list(ids)))
        )  # fmt: skip
        with self.db.session() as s:
            return {
                r[0]: (
                    r[1],
                    f"{r[3]} {r[2]}".strip(),
                    r[4],
                    r[5],
                    r[6],
                    r[7],
                    "已作废" if r[8] else "有效",
                    r[9],
                )
                for r in s.execute(stmt)
            }
