"""投诉调解, the case: its DTOs, reading (masked), the list, registration and its correction,
and :meth:`Cases._step`, the transaction every later step of the workflow runs in.

Personal data of the complainant (a natural person: phone, home address, ID number) and the
agent's phone leave this service **masked** (``domain/masking.py``) in every view, list and
export. The full value is only obtained through a call that requires ``personal.unmasked`` and
writes the view to the audit trail in the same transaction: :meth:`Cases.reveal_personal` (one
field, for ``PersonalValue`` on screen) and ``get(..., unmasked=True)`` (the registration
editor).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from station_app.data import audit
from station_app.data.models import Complaint, ComplaintDocument, ServiceStation
from station_app.data.repo import complaints as repo
from station_app.data.types import utc_now
from station_app.domain import complaints as rules
from station_app.domain.complaints import DOC_KINDS, ComplaintFilter, TermInput
from station_app.domain.masking import MASK as MASK_CHAR
from station_app.domain.masking import mask_address, mask_id_card, mask_phone
from station_app.domain.text import to_halfwidth
from station_app.errors import NotFoundError, ValidationError
from station_app.queries import complaints as q
from station_app.queries.complaints import ComplaintRows
from station_app.services.audit import reveal_personal_value
from station_app.services.base import Changes, Conflict, Tx
from station_app.services.calendar import HolidayTable, work_calendar

if TYPE_CHECKING:
    from station_app.data.orm import Session
    from station_app.domain.calendar import WorkCalendar

KIND = "complaint"
EDIT = "complaints.edit"
MEDIATE = "mediation.edit"

# Personal fields of a complaint and how each is masked. The complainant's name stays in full on
# the case view (the clerk addresses the person by it) and is masked in lists and exports.
PERSONAL_FIELDS = {
    "complainant_phone": mask_phone,
    "complainant_address": mask_address,
    "complainant_id_number": mask_id_card,
    "agent_phone": mask_phone,
}

Step = Callable[[Tx, Complaint], None]


@dataclass(frozen=True)
class ComplaintInput:
    """The registration (登记) of a complaint, as a user enters it."""

    channel: str
    received_on: date
    complainant_name: str
    complainant_phone: str
    complainant_address: str
    respondent_name: str = ""
    respondent_address: str = ""
    claim: str = ""
    facts: str = ""
    complainant_id_type: str = ""
    complainant_id_number: str = ""
    agent_name: str = ""
    agent_phone: str = ""
    agent_authorised: bool = False
    entity_id: int | None = None
    respondent_uscc: str = ""
    respondent_contact: str = ""
    respondent_phone: str = ""
    goods: str = ""
    occurred_on: date | None = None
    place: str = ""
    amount_fen: int = 0
    claim_detail: str = ""
    service_station_id: int | None = None
    version: int = 0


@dataclass(frozen=True)
class MediatorView:
    id: int
    name: str
    related_to_party: bool


@dataclass(frozen=True)
class SessionView:
    id: int
    held_on: date
    way: str
    place: str
    notes: str


@dataclass(frozen=True)
class DocumentView:
    kind: str
    label: str
    number: str
    issued_on: date
    prints: int


@dataclass(frozen=True)
class ComplaintView:
    id: int
    number: str
    channel: str
    received_on: date
    complainant_name: str
    complainant_phone: str
    complainant_address: str
    complainant_id_type: str
    complainant_id_number: str
    agent_name: str
    agent_phone: str
    agent_authorised: bool
    entity_id: int | None
    respondent_name: str
    respondent_address: str
    respondent_uscc: str
    respondent_contact: str
    respondent_phone: str
    goods: str
    occurred_on: date | None
    place: str
    amount_fen: int
    claim: str
    claim_detail: str
    facts: str
    service_station_id: int | None
    status: str
    decided_on: date | None
    refusal_ground: str
    refusal_note: str
    acceptance_due: date
    mediation_due: date | None
    notice_due: date | None
    deadline_warning: str
    rules_name: str
    mediation_way: str
    result_on: date | None
    termination_reason: str
    termination_note: str
    notice_on: date | None
    performance_method: str
    performed_on_spot: bool
    money_recovered_fen: int
    performance_status: str
    performance_note: str
    performance_checked_on: date | None
    visit_on: date | None
    visit_way: str
    visit_process: str
    visit_result: str
    visit_note: str
    closed_on: date | None
    version: int
    station_name: str = ""
    mediators: tuple[MediatorView, ...] = ()
    sessions: tuple[SessionView, ...] = ()
    terms: tuple[TermInput, ...] = ()
    documents: tuple[DocumentView, ...] = ()
    platform_no: str | None = None  # the 12315 platform's number of an imported complaint
    # True (the default) when the personal fields hold their masked forms (PERSONAL_FIELDS).
    personal_masked: bool = True

    def to_input(self) -> ComplaintInput:
        names = {f.name for f in fields(ComplaintInput)}
        return ComplaintInput(**{k: getattr(self, k) for k in names})

    @property
    def current_due(self) -> date | None:
        if self.status == rules.REGISTERED:
            return self.acceptance_due
        if self.status == rules.MEDIATING:
            return self.mediation_due
        if self.status == rules.TERMINATED and self.notice_on is None:
            return self.notice_due
        return None


# ---- conversions ---------------------------------------------------------------------------

INPUT_FIELDS = tuple(f.name for f in fields(ComplaintInput) if f.name != "version")
_NOT_ROW = ("version", "station_name", "mediators", "sessions", "terms", "documents", "id")
_ROW_FIELDS = tuple(
    f.name for f in fields(ComplaintView) if f.name not in (*_NOT_ROW, "personal_masked")
)


def _masked_view(view: ComplaintView) -> ComplaintView:
    if view.personal_masked:
        return view
    masked: dict[str, Any] = {k: mask(getattr(view, k)) for k, mask in PERSONAL_FIELDS.items()}
    return replace(view, personal_masked=True, **masked)


def view_of(
    row: Complaint,
    station_name: str = "",
    docs: Sequence[ComplaintDocument] = (),
    *,
    unmasked: bool = False,
) -> ComplaintView:
    """The case as a DTO, personal fields masked unless ``unmasked`` (the caller has checked
    ``personal.unmasked`` and logs the view)."""
    view = ComplaintView(
        id=row.id,
        version=row.version,
        station_name=station_name,
        mediators=tuple(MediatorView(m.id, m.name, m.related_to_party) for m in row.mediators),
        sessions=tuple(SessionView(x.id, x.held_on, x.way, x.place, x.notes) for x in row.sessions),
        terms=tuple(
            TermInput(t.kind, t.description, t.due_on, t.amount_fen, t.method) for t in row.terms
        ),
        documents=tuple(
            DocumentView(d.kind, DOC_KINDS[d.kind][0], d.number, d.issued_on, d.prints)
            for d in docs
        ),
        **{k: getattr(row, k) for k in _ROW_FIELDS},
        personal_masked=False,
    )
    return view if unmasked else _masked_view(view)


def complainant_search_keys(name: str) -> dict[str, str]:
    """Stored pinyin keys of the complainant's name: "zxm" or "zhangxiaoming" finds 张小明."""
    from station_app.domain import pinyin

    return {
        "complainant_initials": pinyin.initials_variants(name),
        "complainant_pinyin": pinyin.full(name)[:200],
    }


def _keep_masked(data: ComplaintInput, row: Complaint) -> ComplaintInput:
    """A personal field submitted in the masked form of its stored value keeps the stored
    value: an editor shows masked values, and only a field the user retyped replaces one."""
    kept = {}
    for k, mask in PERSONAL_FIELDS.items():
        submitted, stored = getattr(data, k).strip(), getattr(row, k)
        if submitted and stored and MASK_CHAR in submitted and submitted == mask(stored):
            kept[k] = stored
    return replace(data, **kept) if kept else data


def snapshot(row: Complaint) -> dict[str, Any]:
    """Audit form: personal fields masked (the audit trail is not a back door to them)."""
    data = {k: getattr(row, k) for k in _ROW_FIELDS}
    for k, mask in PERSONAL_FIELDS.items():
        data[k] = mask(data[k])
    data["mediators"] = "、".join(m.name for m in row.mediators)
    data["terms"] = "；".join(
        f"{t.seq}.{t.kind} {rules.yuan(t.amount_fen) if t.amount_fen is not None else ''} 限{t.due_on}"
        for t in row.terms
    )
    data["sessions"] = len(row.sessions)
    return data


def _clean_input(data: ComplaintInput, today: date) -> ComplaintInput:
    clean = rules.check_intake({k: getattr(data, k) for k in INPUT_FIELDS}, today)
    return ComplaintInput(**clean, version=data.version)


def station_name(s: Session, row: Complaint) -> str:
    station = s.get(ServiceStation, row.service_station_id) if row.service_station_id else None
    return station.name if station else ""


def load_case(s: Session, complaint_id: int) -> Complaint:
    row = repo.get(s, complaint_id)
    if row is None:
        raise NotFoundError(f"找不到投诉（编号 {complaint_id}），可能已被删除。")
    return row


class Cases(HolidayTable):
    """Reading, listing and registering complaints; the step transaction. Any thread."""

    # -- reads ---------------------------------------------------------------------------------

    def get(self, complaint_id: int, *, unmasked: bool = False) -> ComplaintView:
        """The case; personal fields masked unless ``unmasked`` (needs ``personal.unmasked``;
        the view of each non-empty personal field is written to the audit trail)."""
        self._auth.require("data.view")
        if unmasked:
            return self._transact("personal.unmasked", lambda tx: self._unmasked(tx, complaint_id))[
                0
            ]
        with self._db.session() as s:
            row = load_case(s, complaint_id)
            return view_of(row, station_name(s, row), repo.documents(s, row.id))

    @staticmethod
    def _unmasked(tx: Tx, complaint_id: int) -> ComplaintView:
        row = load_case(tx.s, complaint_id)
        view = view_of(row, station_name(tx.s, row), repo.documents(tx.s, row.id), unmasked=True)
        shown = [k for k in PERSONAL_FIELDS if getattr(row, k)]
        if shown:
            tx.viewed(KIND, complaint_id, shown, "修改登记信息")
        return view

    def get_by_number(self, number: str) -> ComplaintView:
        with self._db.session() as s:
            cid = repo.id_by_number(s, to_halfwidth(number).strip())
        if cid is None:
            raise NotFoundError(f"找不到投诉编号“{number}”。请用 complaints list 查看编号。")
        return self.get(cid)

    def rows(
        self, flt: ComplaintFilter | None = None, calendar: WorkCalendar | None = None
    ) -> ComplaintRows:
        """The complaint list under ``flt`` (see ``services.base.Rows``); ``calendar`` (by
        default the station's) judges what is 临期. The complainant's name is masked."""
        self._auth.require("data.view")
        return ComplaintRows(self._db, calendar or self.calendar(), flt, today=self._clock.today)

    def list_cases(self, flt: ComplaintFilter) -> list[dict]:
        """Summaries (masked) for the CLI and exports, in list order."""
        src = self.rows(flt)
        ids = list(src.fetch_ids(None, False))
        rows: dict[int, tuple] = {}
        for i in range(0, len(ids), 500):
            rows.update(src.fetch_rows(ids[i : i + 500]))
        columns = rules.LIST_COLUMNS
        return [
            dict(zip(columns, r[: len(columns)], strict=True))
            | {"id": cid, "deadline_state": r[-1]}
            for cid in ids
            if (r := rows.get(cid)) is not None
        ]

    def due_items(self, today: date | None = None) -> list[q.DueItem]:
        self._auth.require("data.view")
        return q.due_items(self._db, self.calendar(), today or self._clock.today())

    def mediator_names(self) -> list[str]:
        """Names offered when assigning a mediator: users and everyone who mediated before."""
        with self._db.session() as s:
            return repo.mediator_suggestions(s)

    def find_respondents(self, text: str, limit: int = 20) -> list[dict]:
        """Registry entities whose name, USCC or address contains ``text`` (respondent picker)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            found = repo.find_entities(s, text, limit)
            return [(repo.entity_brief(s, eid) or {}) | {"id": eid} for eid, *_rest in found]

    def reveal_personal(self, complaint_id: int, field_name: str) -> str:
        """The full value of one personal field (``PERSONAL_FIELDS``); needs
        ``personal.unmasked``, and the view is written to the audit trail."""
        if field_name not in PERSONAL_FIELDS:
            raise ValidationError("该字段不是个人信息字段。", field=field_name)
        return reveal_personal_value(
            self._db,
            self._auth,
            KIND,
            complaint_id,
            field_name,
            lambda s: s.get(Complaint, complaint_id),
            "找不到该投诉，可能已被删除。",
        )

    # -- registration --------------------------------------------------------------------------

    def register(
        self, data: ComplaintInput, *, today: date | None = None
    ) -> tuple[ComplaintView, Changes]:
        """登记: number the complaint and start its acceptance deadline."""

        def register(tx: Tx) -> int:
            return self._register_in(tx, data, today or tx.today).id

        complaint_id, changes = self._transact(EDIT, register)
        return self.get(complaint_id), changes

    def _register_in(
        self, tx: Tx, data: ComplaintInput, today: date, platform_no: str | None = None
    ) -> Complaint:
        """The registration inside ``tx`` (the audit row recorded); ``platform_no`` for a
        complaint imported from a platform."""
        clean = _clean_input(self._fill_respondent(tx.s, data), today)
        self._check_station(tx.s, clean.service_station_id)
        deadline = rules.acceptance_deadline(work_calendar(tx.s), clean.received_on)
        year = clean.received_on.year
        row = Complaint(
            **complainant_search_keys(clean.complainant_name),
            number=rules.case_number(year, repo.allocate_number(tx.s, "case", year)),
            status=rules.REGISTERED,
            acceptance_due=deadline.due,
            deadline_warning=deadline.warning,
            rules_name=deadline.rules.name,
            **{k: getattr(clean, k) for k in INPUT_FIELDS},
            platform_no=platform_no,
        )
        tx.s.add(row)
        tx.s.flush()
        tx.created(KIND, row.id, snapshot(row))
        return row

    def update_registration(
        self, complaint_id: int, data: ComplaintInput, *, today: date | None = None
    ) -> tuple[ComplaintView, Changes]:
        """Correct the registration (any time before the case is closed; deadlines recomputed
        only while it waits for the acceptance decision). A personal field left in the masked
        form :meth:`get` gave keeps its stored value, so a clerk without ``personal.unmasked``
        corrects the rest of the record, or replaces a phone or address by typing a new one."""

        def correct(tx: Tx) -> None:
            row = load_case(tx.s, complaint_id)
            tx.expect(row.version, data.version)
            if row.status == rules.CLOSED:
                raise ValidationError("投诉已办结，不能再修改登记信息。", field="status")
            filled = self._fill_respondent(tx.s, _keep_masked(data, row))
            clean = _clean_input(filled, today or tx.today)
            self._check_station(tx.s, clean.service_station_id)
            if row.status != rules.REGISTERED and clean.received_on != row.received_on:
                raise ValidationError(
                    "已作出受理决定的投诉不能再修改收到日期（期限已据此计算）。",
                    field="received_on",
                )
            before = snapshot(row)
            corrected = [k for k in PERSONAL_FIELDS if getattr(row, k) != getattr(clean, k)]
            self._apply_registration(tx.s, row, clean)
            self._write(tx, row, before, corrected=corrected)

        conflict = Conflict("投诉", lambda: self.get(complaint_id), mine=data)
        _, changes = self._transact(EDIT, correct, conflict=conflict)
        return self.get(complaint_id), changes

    @staticmethod
    def _apply_registration(s: Session, row: Complaint, clean: ComplaintInput) -> None:
        if clean.complainant_name != row.complainant_name or not row.complainant_pinyin:
            for k, key in complainant_search_keys(clean.complainant_name).items():
                setattr(row, k, key)
        for k in INPUT_FIELDS:
            setattr(row, k, getattr(clean, k))
        if row.status == rules.REGISTERED:
            deadline = rules.acceptance_deadline(work_calendar(s), row.received_on)
            row.acceptance_due, row.deadline_warning = deadline.due, deadline.warning
            row.rules_name = deadline.rules.name

    @staticmethod
    def _fill_respondent(s: Session, data: ComplaintInput) -> ComplaintInput:
        """A registry entity supplies the respondent's name, USCC and address (kept as a
        snapshot: the document must not change when the registry does)."""
        if data.entity_id is None:
            return data
        brief = repo.entity_brief(s, data.entity_id)
        if brief is None:
            raise ValidationError(
                "所选经营主体已不在台账中，请重新选择或直接填写被投诉人。", field="entity_id"
            )
        return replace(
            data,
            respondent_name=data.respondent_name.strip() or brief["name"],
            respondent_address=data.respondent_address.strip() or brief["address"],
            respondent_uscc=data.respondent_uscc.strip() or brief["uscc"],
            respondent_contact=data.respondent_contact.strip() or brief["legal_rep"],
            respondent_phone=data.respondent_phone.strip() or brief["phone"],
        )

    @staticmethod
    def _check_station(s: Session, station_id: int | None) -> None:
        if station_id is not None and s.get(ServiceStation, station_id) is None:
            raise ValidationError("所选服务站不存在，请重新选择。", field="service_station_id")

    # -- the step transaction ------------------------------------------------------------------

    @staticmethod
    def _write(
        tx: Tx, row: Complaint, before: dict, reason: str = "", corrected: Sequence[str] = ()
    ) -> None:
        tx.s.flush()
        after = snapshot(row)
        changes = audit.diff(before, after)
        for k in corrected:  # a correction hidden by the mask is still recorded as one
            changes.setdefault(k, [before[k], f"{after[k]}（已更正）"])
        tx.record(audit.UPDATE, KIND, row.id, changes, reason)

    def _step(
        self, complaint_id: int, version: int, permission: str, step: Step, reason: str = ""
    ) -> tuple[ComplaintView, Changes]:
        """One step of the workflow (``step(tx, row)`` applies the rule to the loaded case):
        a thin wrapper over ``transact`` that checks the case's version and audits the case's
        before/after."""

        def operation(tx: Tx) -> None:
            row = load_case(tx.s, complaint_id)
            tx.expect(row.version, version)
            before = snapshot(row)
            step(tx, row)
            # a step may change only child rows (mediators, sessions): touch the case so its
            # version moves and a window holding the old version gets a conflict, not a
            # silent overwrite
            row.updated_at = utc_now()
            self._write(tx, row, before, reason)

        conflict = Conflict("投诉", lambda: self.get(complaint_id))
        _, changes = self._transact(permission, operation, conflict=conflict)
        return self.get(complaint_id), changes
