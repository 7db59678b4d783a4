"""Street sweeps (扫街纳管): quick capture of shops found on a sweep, fuzzy linking to the
entity register, and the per-grid to-do list of captures not yet linked.

Life of a capture: 待关联 → 已关联 (an existing entity), 新登记 (registered as a new entity
with source 扫街纳管, in the same transaction) or 已核销 (not a business; reason required).

The captured phone (the operator's own, as a rule) leaves this service **masked**; the full
number only through :meth:`SweepService.reveal_phone` (``personal.unmasked``, audited). An edit
that submits the masked form of the stored phone keeps the stored phone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from station_app.clock import today as local_today
from station_app.data import audit
from station_app.data.models import SweepCapture
from station_app.data.repo import entities as entity_repo
from station_app.data.repo import roster as roster_repo
from station_app.data.repo import sweeps as repo
from station_app.data.types import utc_now
from station_app.domain import sweeps as rules
from station_app.domain.entities import INDUSTRIES, NATURAL_PERSON_TYPES, TYPE_UNREGISTERED
from station_app.domain.identifiers import validate_phone
from station_app.domain.masking import MASK as MASK_CHAR
from station_app.domain.masking import mask_phone
from station_app.domain.sweeps import SweepFilter
from station_app.errors import NotFoundError, ValidationError
from station_app.queries.sweeps import SweepRows
from station_app.services.audit import reveal_personal_value
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.entities import EntityData, EntityService

if TYPE_CHECKING:
    from station_app.data.orm import Session

KIND = "sweep_capture"
ENTITY_KIND = "entity"
GONE = "该扫街纳管记录不存在（可能已被删除）。"
Result = tuple["SweepCard", Changes]

__all__ = [
    "ENTITY_KIND",
    "KIND",
    "CandidateView",
    "GridTodo",
    "SweepCard",
    "SweepData",
    "SweepFilter",
    "SweepRows",
    "SweepService",
    "local_today",
]


@dataclass(frozen=True)
class SweepData:
    """What an officer fills in. ``id`` 0 and ``version`` 0 mean a new capture."""

    grid_id: int | None
    name: str
    address: str = ""
    phone: str = ""
    operator: str = ""
    industry: str = ""
    note: str = ""
    captured_on: date | None = None
    id: int = 0
    version: int = 0

    def validate(self, today: date) -> SweepData:
        clean = rules.check_capture(
            self.name, self.grid_id, self.address, self.operator, self.industry
        )
        phone = validate_phone(self.phone) if (self.phone or "").strip() else ""
        on = self.captured_on or today
        if on > today:
            raise ValidationError(
                f"扫街日期 {on.isoformat()} 晚于今天，请核对。", field="captured_on"
            )
        return SweepData(
            grid_id=self.grid_id,
            phone=phone,
            note=(self.note or "").strip(),
            captured_on=on,
            id=self.id,
            version=self.version,
            **clean,
        )


@dataclass(frozen=True)
class SweepCard:
    """One capture as a screen shows it. ``data.phone`` is masked (``phone_masked`` says
    whether masking changed it: a 400 number stays as it is)."""

    data: SweepData
    grid_label: str
    phone_masked: bool
    status: str
    captured_by: str
    has_photo: bool
    linked_entity_id: int | None
    linked_entity_name: str
    linked_at: datetime | None
    linked_by: str
    dismiss_reason: str
    created_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status in rules.OPEN_STATUSES


@dataclass(frozen=True)
class CandidateView:
    """A ranked registered entity for the link dialog; the phone is masked for natural
    persons (the reason says when it matched)."""

    entity_id: int
    name: str
    address: str
    phone: str
    grid_label: str
    uscc: str
    entity_type: str
    status: str
    score: int
    reason: str


@dataclass(frozen=True)
class GridTodo:
    grid_id: int
    label: str
    open: int  # 待关联
    total: int


def _to_data(row: SweepCapture) -> SweepData:
    return SweepData(
        id=row.id,
        version=row.version,
        grid_id=row.grid_id,
        name=row.name,
        address=row.address,
        phone=row.phone,
        operator=row.operator,
        industry=row.industry,
        note=row.note,
        captured_on=row.captured_on,
    )


_DATA_KEYS = ("grid_id", "name", "address", "phone", "operator", "industry", "note", "captured_on")
_STATE_KEYS = ("status", "linked_entity_id", "linked_by", "dismiss_reason")


def _keep_masked(data: SweepData, row: SweepCapture) -> SweepData:
    """The masked form of the stored phone, submitted unchanged, keeps the stored phone."""
    submitted = (data.phone or "").strip()
    if submitted and row.phone and MASK_CHAR in submitted and submitted == mask_phone(row.phone):
        return replace(data, phone=row.phone)
    return data


def _audit_fields(row: SweepCapture) -> dict:
    out = {k: getattr(row, k) for k in (*_DATA_KEYS, *_STATE_KEYS)}
    if out.get("phone"):  # a shopkeeper's phone: masked in the audit trail as on screen
        out["phone"] = mask_phone(out["phone"])
    out["photo"] = "有" if row.has_photo else "无"
    return out


class SweepService(Service):
    """Any thread; each call opens its own session."""

    # -- reading -------------------------------------------------------------------------------
    def rows(self, flt: SweepFilter | None = None) -> SweepRows:
        """The 扫街纳管 list under ``flt`` (see ``services.base.Rows``), mobiles masked."""
        self._auth.require("data.view")
        return SweepRows(self._db, flt, mask=True)

    def get(self, capture_id: int) -> SweepCard:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = repo.get(s, capture_id)
            if row is None:
                raise NotFoundError("该扫街纳管记录不存在（可能已被删除）。")
            masked = mask_phone(row.phone)
            return SweepCard(
                data=replace(_to_data(row), phone=masked),
                grid_label=roster_repo.grid_labels(s).get(row.grid_id, ""),
                phone_masked=masked != row.phone,
                status=row.status,
                captured_by=row.captured_by,
                has_photo=row.has_photo,
                linked_entity_id=row.linked_entity_id,
                linked_entity_name=repo.entity_name(s, row.linked_entity_id),
                linked_at=row.linked_at,
                linked_by=row.linked_by,
                dismiss_reason=row.dismiss_reason,
                created_at=row.created_at,
            )

    def photo(self, capture_id: int) -> tuple[str, bytes] | None:
        """``(mime, bytes)`` of the capture's photo, or ``None``."""
        self._auth.require("data.view")
        with self._db.session() as s:
            return repo.photo(s, capture_id)

    def reveal_phone(self, capture_id: int) -> str:
        """The unmasked phone, with the view written to the audit trail."""
        return reveal_personal_value(
            self._db,
            self._auth,
            KIND,
            capture_id,
            "phone",
            lambda s: repo.get(s, capture_id),
            "该扫街纳管记录不存在（可能已被删除）。",
        )

    def grids(self) -> list[tuple[int, str]]:
        """``(id, "code name")`` of every grid, by code."""
        self._auth.require("data.view")
        with self._db.session() as s:
            return [(gid, f"{code} {name}") for gid, code, name in entity_repo.grids(s)]

    def grid_id_for(self, text: str) -> int:
        """A grid by code, name or "code name" (the CLI's ``--grid``)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            found = entity_repo.grid_ids_by_code_or_name(s).get((text or "").strip())
        if found is None:
            raise ValidationError(
                f"没有网格“{text}”。请填写网格编号（如 GZ01）或名称。", field="grid_id"
            )
        return found

    def todo(self) -> list[GridTodo]:
        """Per grid with captures: how many are still 待关联 (the to-do) and in all, by code."""
        self._auth.require("data.view")
        with self._db.session() as s:
            labels = roster_repo.grid_labels(s)
            counts = repo.todo_counts(s)
        items = [GridTodo(gid, labels.get(gid, ""), n, total) for gid, n, total in counts]
        return sorted(items, key=lambda t: t.label)

    # -- capture and edit ----------------------------------------------------------------------
    def capture(
        self, data: SweepData, photo: bytes | None = None, today: date | None = None
    ) -> Result:
        """Record a shop found on a sweep (status 待关联). ``photo``: JPEG or PNG bytes."""
        self._auth.require("sweeps.capture")
        data = data.validate(today or self._clock.today())
        mime = rules.photo_mime(photo) if photo is not None else None

        def capture(tx: Tx) -> int:
            self._check_grid(tx.s, data.grid_id)
            row = SweepCapture(
                captured_by=tx.actor.username, status=rules.PENDING, has_photo=photo is not None
            )
            self._apply(row, data)
            tx.s.add(row)
            tx.s.flush()
            if photo is not None and mime:
                repo.set_photo(tx.s, row.id, mime, photo)
            tx.created(KIND, row.id, _audit_fields(row))
            return row.id

        capture_id, changes = self._transact("sweeps.capture", capture)
        return self.get(capture_id), changes

    def edit(
        self,
        data: SweepData,
        photo: bytes | None = None,
        *,
        remove_photo: bool = False,
        today: date | None = None,
    ) -> Result:
        """Correct a capture's fields (and replace or remove its photo). A stale ``version``
        raises ``ConflictError`` and writes nothing. A phone submitted in the masked form
        :meth:`get` gave keeps the stored phone."""
        self._auth.require("sweeps.capture")
        mime = rules.photo_mime(photo) if photo is not None else None

        def edit(tx: Tx) -> None:
            row = self._row(tx.s, data.id)
            tx.expect(row.version, data.version)
            clean = _keep_masked(data, row).validate(today or tx.today)
            self._check_grid(tx.s, clean.grid_id)
            before = _audit_fields(row)
            self._apply(row, clean)
            if photo is not None and mime:
                repo.set_photo(tx.s, row.id, mime, photo)
                row.has_photo = True
            elif remove_photo and row.has_photo:
                repo.delete_photo(tx.s, row.id)
                row.has_photo = False
            changes = audit.diff(before, _audit_fields(row))
            if photo is not None and before["photo"] == "有":
                changes["photo"] = ["有", "已更换"]
            if changes:
                row.updated_at = utc_now()  # bumps the version even if only the photo changed
                tx.record(audit.UPDATE, KIND, row.id, changes)

        conflict = Conflict("该扫街纳管记录", self._reload(data.id), mine=data)
        _, changes = self._transact("sweeps.capture", edit, conflict=conflict)
        return self.get(data.id), changes

    @staticmethod
    def _apply(row: SweepCapture, data: SweepData) -> None:
        for key in _DATA_KEYS:
            setattr(row, key, getattr(data, key))

    @staticmethod
    def _check_grid(s: Session, grid_id: int | None) -> None:
        if not grid_id or not repo.grid_exists(s, grid_id):
            raise ValidationError("所选网格不存在，请重新选择网格。", field="grid_id")

    @staticmethod
    def _row(s: Session, capture_id: int) -> SweepCapture:
        row = repo.get(s, capture_id)
        if row is None:
            raise NotFoundError(GONE)
        return row

    def _reload(self, capture_id: int) -> Callable[[], SweepData | None]:
        def reload() -> SweepData | None:
            try:
                return self.get(capture_id).data
            except NotFoundError:
                return None

        return reload

    # -- matching ------------------------------------------------------------------------------
    def candidates(self, capture_id: int, query: str = "", limit: int = 20) -> list[CandidateView]:
        """Registered entities that may be this shop, best first, with a score (0–100) and
        the reason. ``query`` replaces the captured name (the user searching by hand). Fast at
        a million entities: SQL narrows to a few hundred (trigram index, phone, grid), then
        rapidfuzz scores those."""
        self._auth.require("data.view")
        with self._db.session() as s:
            row = self._row(s, capture_id)
            name = (query or "").strip() or row.name
            address = "" if query.strip() else row.address
            core, core_addr = rules.core_name(name), rules.core_address(address)
            ids = repo.candidate_ids(
                s,
                name_fragments=rules.name_fragments(name),
                core_name=core,
                address_fragments=rules.address_fragments(address),
                core_address=core_addr,
                phone=row.phone,
                grid_id=row.grid_id,
            )
            briefs = {b[0]: b for b in repo.entity_briefs(s, ids)}
            labels = roster_repo.grid_labels(s)
            phone, grid_id = row.phone, row.grid_id
        pool = [rules.Candidate(b[0], b[1], b[2], b[3], b[4]) for b in briefs.values()]
        matches = rules.rank(name, address, phone, grid_id, pool, limit=limit)
        out = []
        for m in matches:
            _id, ename, eaddr, ephone, egrid, uscc, etype, estatus = briefs[m.entity_id]
            masked = ephone and (etype in NATURAL_PERSON_TYPES or ephone[:1] == "1")
            out.append(
                CandidateView(
                    m.entity_id,
                    ename,
                    eaddr,
                    mask_phone(ephone) if masked else ephone,
                    labels.get(egrid, "") if egrid else "",
                    uscc or "",
                    etype,
                    estatus,
                    m.score,
                    m.reason,
                )
            )
        return out

    # -- resolving -----------------------------------------------------------------------------
    def _resolve_step(self, capture_id: int, step: Callable[[Tx], Any]) -> Result:
        conflict = Conflict("该扫街纳管记录", self._reload(capture_id))
        _, changes = self._transact("sweeps.link", step, conflict=conflict)
        return self.get(capture_id), changes

    def link(self, capture_id: int, entity_id: int, version: int | None = None) -> Result:
        """关联: this capture is the registered entity ``entity_id``. Only a 待关联 capture can
        be linked (linking twice is refused: undo the first link instead)."""

        def link(tx: Tx) -> None:
            row = self._open_row(tx.s, capture_id, version)
            if not repo.entity_exists(tx.s, entity_id):
                raise NotFoundError(f"编号 {entity_id} 的经营主体不存在（可能已被删除）。")
            _resolve(tx, row, rules.LINKED, entity_id)

        return self._resolve_step(capture_id, link)

    def register(
        self, capture_id: int, version: int | None = None, today: date | None = None
    ) -> Result:
        """登记为新经营主体: create an entity (未登记, source 扫街纳管) from the capture's
        fields and link the capture to it, in one transaction."""
        self._auth.require("sweeps.link")
        self._auth.require("entities.edit")
        entities = EntityService(self._db, self._auth, clock=self._clock)

        def register(tx: Tx) -> None:
            row = self._open_row(tx.s, capture_id, version)
            entity_id = entities.create_in(tx, _entity_data(row), today or tx.today)
            _resolve(tx, row, rules.REGISTERED, entity_id)

        return self._resolve_step(capture_id, register)

    def dismiss(self, capture_id: int, reason: str, version: int | None = None) -> Result:
        """核销: not a business to register (非经营场所、已搬离、重复登记…); reason required."""
        self._auth.require("sweeps.link")
        reason = rules.check_reason(reason)

        def dismiss(tx: Tx) -> None:
            row = self._open_row(tx.s, capture_id, version)
            _resolve(tx, row, rules.DISMISSED, None, reason)

        return self._resolve_step(capture_id, dismiss)

    def reopen(self, capture_id: int, reason: str, version: int | None = None) -> Result:
        """Undo a link or a dismissal (wrong entity chosen): back to 待关联. An entity
        registered from the capture stays in the register."""
        self._auth.require("sweeps.link")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("请填写撤销原因（如：关联错了）。", field="reason")

        def reopen(tx: Tx) -> None:
            row = self._row(tx.s, capture_id)
            if version is not None:
                tx.expect(row.version, version)
            if row.status == rules.PENDING:
                raise ValidationError("该记录还未关联或核销，无需撤销。", field="status")
            before = _audit_fields(row)
            row.status, row.linked_entity_id, row.linked_at = rules.PENDING, None, None
            row.linked_by, row.dismiss_reason = "", ""
            tx.updated(KIND, row.id, before, _audit_fields(row), reason)

        return self._resolve_step(capture_id, reopen)

    def _open_row(self, s: Session, capture_id: int, version: int | None) -> SweepCapture:
        row = self._row(s, capture_id)
        if version is not None:
            Tx.expect(row.version, version)
        if row.status != rules.PENDING:
            done = (
                f"，关联的是“{repo.entity_name(s, row.linked_entity_id)}”"
                if row.linked_entity_id
                else ""
            )
            raise ValidationError(
                f"该记录已是“{row.status}”状态{done}，不能再次关联、登记或核销。"
                "如果处理错了，请先“撤销关联”。",
                field="status",
            )
        return row


def _entity_data(row: SweepCapture) -> EntityData:
    """The new entity a capture is registered as (未登记, source 扫街纳管)."""
    return EntityData(
        name=row.name,
        entity_type=TYPE_UNREGISTERED,
        legal_rep=row.operator,
        phone=row.phone,
        address=row.address,
        grid_id=row.grid_id,
        source="扫街纳管",
        note=f"扫街纳管记录 {row.id}（{row.captured_on.isoformat()}，{row.captured_by}）"
        + (f"：{row.note}" if row.note else ""),
        industries=(row.industry,) if row.industry in INDUSTRIES else (),
    )


def _resolve(
    tx: Tx, row: SweepCapture, status: str, entity_id: int | None, reason: str = ""
) -> None:
    before = _audit_fields(row)
    row.status = status
    row.linked_entity_id = entity_id
    row.linked_at = utc_now()
    row.linked_by = tx.actor.username
    row.dismiss_reason = reason
    tx.updated(KIND, row.id, before, _audit_fields(row), reason)
