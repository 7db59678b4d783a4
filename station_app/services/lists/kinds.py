"""红黑榜, the kinds of list (榜单类别): their defaults (validity, tiers, publication, the grade
indicator they set) and the editor of those defaults."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from station_app.data.models import ListKind
from station_app.data.repo import lists as repo
from station_app.domain import lists as rules
from station_app.errors import StationError, ValidationError
from station_app.services.base import Changes, Conflict, Service, Tx

KIND_LIST_KIND = "list_kind"


@dataclass(frozen=True)
class KindInfo:
    id: int
    name: str
    colour: str
    validity_months: int | None
    tiered: bool
    default_tier: str | None
    applies_to: str
    grade_indicator: str
    published_by_station: bool
    sort_order: int
    active: bool
    note: str
    version: int

    @property
    def rule(self) -> rules.KindRule:
        return rules.KindRule(
            self.name,
            self.colour,
            self.validity_months,
            self.tiered,
            self.default_tier,
            self.applies_to,
        )

    @property
    def label(self) -> str:
        return f"{rules.COLOUR_LABELS[self.colour]} · {self.name}"


def kind_info(k: ListKind) -> KindInfo:
    return KindInfo(
        k.id,
        k.name,
        k.colour,
        k.validity_months,
        k.tiered,
        k.default_tier,
        k.applies_to,
        k.grade_indicator,
        k.published_by_station,
        k.sort_order,
        k.active,
        k.note,
        k.version,
    )


def _kind_fields(info: KindInfo) -> dict[str, Any]:
    return {f.name: getattr(info, f.name) for f in fields(info) if f.name not in ("id", "version")}


def _check_kind(info: KindInfo) -> None:
    if info.colour not in rules.COLOUR_LABELS:
        raise ValidationError("颜色只能是红榜或黑榜。", field="colour")
    if not info.name.strip():
        raise ValidationError("请填写榜单名称。", field="name")
    if info.validity_months is not None and not 1 <= info.validity_months <= 120:
        raise ValidationError("有效期应为 1–120 个月，或留空表示长期。", field="validity_months")
    if info.default_tier is not None and info.default_tier not in rules.TIERS:
        raise ValidationError("默认分级应为轻微、一般或严重。", field="default_tier")


class Kinds(Service):
    """The list kinds. Any thread."""

    def kinds(self, *, active_only: bool = False) -> list[KindInfo]:
        with self._db.session() as s:
            return [kind_info(k) for k in repo.kinds(s, active_only=active_only)]

    def kind(self, kind_id: int) -> KindInfo:
        with self._db.session() as s:
            row = s.get(ListKind, kind_id)
            if row is None:
                raise StationError("该榜单类别已被删除。")
            return kind_info(row)

    def kind_named(self, name: str) -> KindInfo:
        with self._db.session() as s:
            row = repo.kind_by_name(s, name.strip())
            if row is None:
                names = "、".join(k.name for k in repo.kinds(s))
                raise ValidationError(f"没有名为“{name}”的榜单。可选：{names}。", field="kind")
            return kind_info(row)

    def save_kind(self, info: KindInfo) -> tuple[KindInfo, Changes]:
        """Edit a list kind's defaults (validity, tier, publication, active)."""
        self._auth.require("lists.approve")
        _check_kind(info)

        def save(tx: Tx) -> KindInfo:
            row = tx.s.get(ListKind, info.id) if info.id else None
            tx.expect(row.version if row else None, info.version)
            same = repo.kind_by_name(tx.s, info.name.strip())
            if same is not None and same.id != info.id:
                raise ValidationError(f"已有名为“{same.name}”的榜单。", field="name")
            before = _kind_fields(kind_info(row)) if row else None
            if row is None:
                row = ListKind(name=info.name.strip(), colour=info.colour)
                tx.s.add(row)
            for key, value in _kind_fields(info).items():
                setattr(row, key, value.strip() if isinstance(value, str) else value)
            tx.s.flush()
            saved = kind_info(row)
            tx.saved(KIND_LIST_KIND, row.id, before, _kind_fields(saved))
            return saved

        reload = lambda: self.kind(info.id) if info.id else None  # noqa: E731
        return self._transact("lists.approve", save, conflict=Conflict("榜单类别", reload, info))
