"""设置 → 违法行为类型: the station's violation types and the 首违不罚 / 轻微免罚 listings as data
with effective dates (docs/areas/visits.md §5). A type is added or edited (its code never
changes: it is what "the same type" means for the check), retired by ``active`` false; a
listing is added with its document, item, conditions and dates, and ended on a day with a
reason — never deleted (a decision may have cited it). Every change audited."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date

from station_app.data.models import LeniencyListing, ViolationType
from station_app.data.repo import violations as repo
from station_app.domain.violations import types as vt
from station_app.errors import NotFoundError, ValidationError
from station_app.services.base import Changes, Conflict, Service, Tx

KIND_TYPE = "violation_type"
KIND_LISTING = "leniency_listing"
TYPE_GONE = "该违法行为类型不存在（可能已被删除）。"
LISTING_GONE = "该清单事项不存在。"


@dataclass(frozen=True)
class ListingView:
    id: int
    version: int
    listing: vt.Listing


@dataclass(frozen=True)
class TypeDraft:
    """A type as the form gives it: ``id`` 0 for a new one, else its id and version."""

    type: vt.ViolationType
    id: int = 0
    version: int = 0


def _type_snap(t: ViolationType) -> dict:
    return {"code": t.code, "name": t.name, "category": t.category, "provision": t.provision,
            "basis": t.basis, "active": t.active, "note": t.note}  # fmt: skip


def _listing_snap(x: LeniencyListing, code: str) -> dict:
    return {
        "type": code, "list": vt.LIST_KINDS.get(x.list_kind, x.list_kind),
        "document": x.document, "list_name": x.list_name, "item_no": x.item_no,
        "conditions": json.loads(x.conditions or "[]"),
        "effective_from": x.effective_from.isoformat(),
        "effective_to": x.effective_to.isoformat() if x.effective_to else None,
    }  # fmt: skip


def _to_listing(x: LeniencyListing, code: str) -> vt.Listing:
    return vt.Listing(code, x.list_kind, x.document, x.list_name, x.item_no, x.effective_from,
                      x.effective_to, tuple(json.loads(x.conditions or "[]")))  # fmt: skip


class Types(Service):
    """The types and their listings. Any thread."""

    def listings_of(self, type_code: str) -> list[ListingView]:
        """Every listing of the type, ended ones included, oldest first."""
        self._auth.require("data.view")
        with self._db.session() as s:
            t = repo.type_by_code(s, type_code)
            if t is None:
                raise NotFoundError(TYPE_GONE)
            return [ListingView(x.id, x.version, _to_listing(x, t.code))
                    for x in repo.listing_rows(s, t.id)]  # fmt: skip

    def _stored_type(self, type_id: int) -> vt.ViolationType | None:
        with self._db.session() as s:
            row = s.get(ViolationType, type_id)
            return repo.to_type(row) if row is not None else None

    def _stored_listing(self, listing_id: int) -> vt.Listing | None:
        with self._db.session() as s:
            row = s.get(LeniencyListing, listing_id)
            t = s.get(ViolationType, row.type_id) if row is not None else None
            return _to_listing(row, t.code) if row is not None and t is not None else None

    def save_type(self, draft: TypeDraft) -> tuple[int, Changes]:
        """新建 or 修改 a type (``violations.types``); its code is fixed once stored."""
        clean = vt.check_type(draft.type)

        def save(tx: Tx) -> int:
            if draft.id:
                row = tx.load(ViolationType, draft.id, draft.version, missing=TYPE_GONE)
                if row.code != clean.code:
                    raise ValidationError("类型编码保存后不能修改（首违不罚审查按编码认定同类）。",
                                          field="code")  # fmt: skip
                before = _type_snap(row)
            else:
                if repo.type_by_code(tx.s, clean.code) is not None:
                    raise ValidationError(f"类型编码“{clean.code}”已存在。", field="code")
                row, before = ViolationType(code=clean.code), None
                tx.s.add(row)
            row.name, row.category, row.provision = clean.name, clean.category, clean.provision
            row.basis, row.active, row.note = clean.basis, clean.active, clean.note
            tx.s.flush()
            tx.saved(KIND_TYPE, row.id, before, _type_snap(row))
            return row.id

        conflict = Conflict("违法行为类型", lambda: self._stored_type(draft.id), mine=draft.type)
        return self._transact("violations.types", save, conflict=conflict)

    def add_listing(self, listing: vt.Listing) -> tuple[ListingView, Changes]:
        """新建清单事项: the type on a list from a document, in force from a day (until an
        optional day), not overlapping its other listing on the same kind of list."""

        def add(tx: Tx) -> ListingView:
            t = repo.type_by_code(tx.s, listing.type_code)
            if t is None:
                raise NotFoundError(TYPE_GONE)
            clean = replace(
                listing,
                document=listing.document.strip(),
                list_name=listing.list_name.strip() or vt.LIST_NAMES.get(listing.list_kind, ""),
                conditions=tuple(c.strip() for c in listing.conditions if c.strip()),
            )
            if not clean.list_name:
                raise ValidationError("请填写清单名称。", field="list_name")
            others = [_to_listing(x, t.code) for x in repo.listing_rows(tx.s, t.id)]
            vt.check_listing(clean, others)
            row = LeniencyListing(
                type_id=t.id, list_kind=clean.list_kind, document=clean.document,
                list_name=clean.list_name, item_no=clean.item_no,
                conditions=json.dumps(list(clean.conditions), ensure_ascii=False),
                effective_from=clean.effective_from, effective_to=clean.effective_to,
            )  # fmt: skip
            tx.s.add(row)
            tx.s.flush()
            tx.created(KIND_LISTING, row.id, _listing_snap(row, t.code))
            tx.touch(KIND_TYPE, [t.id])
            return ListingView(row.id, row.version, clean)

        return self._transact("violations.types", add)

    def end_listing(
        self, listing_id: int, version: int, on: date, reason: str
    ) -> tuple[ListingView, Changes]:
        """终止 a listing: last in force on ``on`` (not before it began, not after an end it
        already has); the reason is audited. The check stops proposing it for violations
        found after that day; past decisions keep what they cited."""
        reason = (reason or "").strip()
        if len(reason) < 4:
            raise ValidationError("终止清单事项须写明原因（至少 4 个字），如“被新清单替代”。",
                                  field="reason")  # fmt: skip

        def end(tx: Tx) -> ListingView:
            row = tx.load(LeniencyListing, listing_id, version, missing=LISTING_GONE)
            t = tx.s.get(ViolationType, row.type_id)
            code = t.code if t is not None else ""
            if on < row.effective_from:
                raise ValidationError(
                    f"终止日期 {on} 早于该事项的施行日期 {row.effective_from}。", field="on"
                )
            if row.effective_to is not None and on >= row.effective_to:
                raise ValidationError(f"该事项已于 {row.effective_to} 终止。", field="on")
            before = _listing_snap(row, code)
            row.effective_to = on
            tx.s.flush()
            tx.updated(KIND_LISTING, row.id, before, _listing_snap(row, code), reason)
            tx.touch(KIND_TYPE, [row.type_id])
            return ListingView(row.id, row.version, _to_listing(row, code))

        conflict = Conflict("清单事项", lambda: self._stored_listing(listing_id))
        return self._transact("violations.types", end, conflict=conflict)
