"""投诉调解: register a complaint, decide on it, mediate, record the result, follow up, visit,
close; issue numbered documents; service stations; the holiday table; report figures.

Every step is one transaction with an audit row and a version check. Deadlines are computed
with the working calendar (package data + the user's holiday table) by the rule version in
force on the day the complaint was received, and stored. Document numbers are allocated in
the same transaction that records the document (``data/repo/complaints.allocate_number``).

Personal data of the complainant (a natural person: phone, home address, ID number) and the
agent's phone leave this service **masked** (``domain/masking.py``) in every view, list and
export. The full value is only obtained through a call that requires ``personal.unmasked`` and
writes the view to the audit trail in the same transaction: :meth:`ComplaintService.reveal_personal`
(one field, for ``PersonalValue`` on screen) and ``get(..., unmasked=True)`` (the registration
editor). A printed 投诉调解书 masks them on the parties' copies and shows them in full only on the
存档联, for users allowed to see them, logged as an export (FACTS §3.2, §7).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path

from station_app.data import audit
from station_app.data.engine import Database
from station_app.data.models import (
    AgreementTerm,
    Complaint,
    ComplaintDocument,
    ComplaintMediator,
    HolidayOverride,
    MediationSession,
    ServiceStation,
    StationProfile,
)
from station_app.data.orm import conflict_guard, expect_version
from station_app.data.repo import complaints as repo
from station_app.data.types import utc_now
from station_app.domain import complaints as rules
from station_app.domain.calendar import COMPLAINT_RULES, WorkCalendar
from station_app.domain.complaints import ARCHIVE_COPY, DOC_KINDS, LIST_COLUMNS, ComplaintFilter
from station_app.domain.masking import MASK as MASK_CHAR
from station_app.domain.masking import mask_address, mask_id_card, mask_phone
from station_app.domain.periods import Period, parse_period
from station_app.errors import NotFoundError, ValidationError
from station_app.queries import complaints as q
from station_app.queries import summaries as summary_q
from station_app.queries.complaints import ComplaintRows
from station_app.services.audit import reveal_personal_value
from station_app.services.auth import Auth
from station_app.services.base import Changes

KIND = "complaint"
KIND_STATION = "service_station"
KIND_HOLIDAY = "holiday_override"
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
# Document kinds that print the complainant's details (the others name the complainant only).
PARTY_DOC_KINDS = ("agreement", "record")


# ---- DTOs ----------------------------------------------------------------------------------


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
class TermInput:
    kind: str
    description: str
    due_on: date | None
    amount_fen: int | None = None
    method: str = ""


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


@dataclass(frozen=True)
class StationData:
    name: str
    kind: str = "社区"
    place: str = ""
    community: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    active: bool = True
    id: int = 0
    version: int = 0


@dataclass(frozen=True)
class HolidayData:
    day: date
    is_workday: bool
    note: str = ""


@dataclass(frozen=True)
class IssuedDocument:
    kind: str
    label: str
    number: str
    issued_on: date
    reprint: bool
    prints: int


@dataclass(frozen=True)
class RateValue:
    key: str
    label: str
    numerator: int
    denominator: int
    value: float | None
    definition: str

    @property
    def text(self) -> str:
        return "—" if self.value is None else f"{self.value:.2f}%"


@dataclass(frozen=True)
class GroupFigures:
    """Counts for one service station or one mediator."""

    name: str
    received: int = 0
    succeeded: int = 0
    terminated: int = 0
    money_recovered_fen: int = 0
    visited: int = 0
    satisfied: int = 0


@dataclass(frozen=True)
class ComplaintFigures:
    period: Period
    counts: dict[str, int]
    by_channel: dict[str, int]
    terminated_by_reason: dict[str, int]
    satisfaction: dict[str, int]
    money_recovered_fen: int
    amount_involved_fen: int
    rates: tuple[RateValue, ...]
    per_station: tuple[GroupFigures, ...]
    per_mediator: tuple[GroupFigures, ...]

    def as_dict(self) -> dict:
        return {
            "period": {
                "start": self.period.start.isoformat(),
                "end": self.period.last.isoformat(),
                "label": self.period.label,
            },
            "counts": self.counts,
            "by_channel": self.by_channel,
            "terminated_by_reason": {
                f"{k} {rules.TERMINATION_REASONS[k]}": v
                for k, v in self.terminated_by_reason.items()
            },
            "satisfaction": self.satisfaction,
            "money_recovered_yuan": rules.yuan(self.money_recovered_fen),
            "amount_involved_yuan": rules.yuan(self.amount_involved_fen),
            "rates": [
                {
                    "key": r.key,
                    "label": r.label,
                    "value": r.value,
                    "numerator": r.numerator,
                    "denominator": r.denominator,
                    "definition": r.definition,
                }
                for r in self.rates
            ],
            "per_station": [g.__dict__ for g in self.per_station],
            "per_mediator": [g.__dict__ for g in self.per_mediator],
        }


# ---- conversions ---------------------------------------------------------------------------

_INPUT_FIELDS = tuple(f.name for f in fields(ComplaintInput) if f.name != "version")
_ROW_FIELDS = tuple(
    f.name
    for f in fields(ComplaintView)
    if f.name
    not in (
        "version",
        "station_name",
        "mediators",
        "sessions",
        "terms",
        "documents",
        "id",
        "personal_masked",
    )
)


def _masked_view(view: ComplaintView) -> ComplaintView:
    if view.personal_masked:
        return view
    masked = {k: mask(getattr(view, k)) for k, mask in PERSONAL_FIELDS.items()}
    return replace(view, personal_masked=True, **masked)


def _view(
    row: Complaint, station_name: str = "", docs=(), *, unmasked: bool = False
) -> ComplaintView:
    """The case as a DTO, personal fields masked unless ``unmasked`` (the caller has checked
    ``personal.unmasked`` and logs the view)."""
    view = _full_view(row, station_name, docs)
    return view if unmasked else _masked_view(view)


def _full_view(row: Complaint, station_name: str, docs) -> ComplaintView:
    return ComplaintView(
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


def _snapshot(row: Complaint) -> dict:
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
    """Checks of FACTS §2.3 (each failure a Chinese message at its field)."""
    v = {k: getattr(data, k) for k in _INPUT_FIELDS}
    for k, value in v.items():
        if isinstance(value, str):
            v[k] = value.strip()
    if v["channel"] not in rules.CHANNELS:
        raise ValidationError(
            "请选择投诉渠道（12315、12345、来电、来访、来信、网格上报、服务站）。", field="channel"
        )
    if v["received_on"] is None:
        raise ValidationError("请填写收到投诉的日期。", field="received_on")
    if v["received_on"] > today:
        raise ValidationError("收到日期不能晚于今天。", field="received_on")
    first_rules = COMPLAINT_RULES[0].effective_from
    if v["received_on"] < first_rules:
        raise ValidationError(
            f"收到日期早于 {first_rules.isoformat()}，本系统没有此前的投诉处理时限规则，请核对日期。",
            field="received_on",
        )
    if not v["complainant_name"]:
        raise ValidationError(
            "请填写投诉人姓名（投诉必须载明投诉人姓名）。", field="complainant_name"
        )
    if not v["complainant_phone"]:
        raise ValidationError(
            "请填写投诉人电话（投诉必须载明投诉人电话）。", field="complainant_phone"
        )
    v["complainant_phone"] = rules.check_phone(
        v["complainant_phone"], "complainant_phone", "投诉人电话"
    )
    if not v["complainant_address"]:
        raise ValidationError(
            "请填写投诉人通讯地址（投诉必须载明通讯地址）。", field="complainant_address"
        )
    if v["complainant_id_number"]:
        v["complainant_id_type"] = v["complainant_id_type"] or "居民身份证"
        if v["complainant_id_type"] not in rules.ID_TYPES:
            raise ValidationError("请选择证件类型。", field="complainant_id_type")
        v["complainant_id_number"] = rules.check_id(
            v["complainant_id_type"], v["complainant_id_number"], "complainant_id_number", today
        )
    else:
        v["complainant_id_type"] = ""
    if v["agent_name"]:
        if not v["agent_authorised"]:
            raise ValidationError(
                "由代理人投诉的，须提交投诉人签名的授权委托书原件和代理人身份证明。"
                "请核对后勾选“已提交授权委托书”。",
                field="agent_authorised",
            )
        if v["agent_phone"]:
            v["agent_phone"] = rules.check_phone(v["agent_phone"], "agent_phone", "代理人电话")
    else:
        v["agent_phone"], v["agent_authorised"] = "", False
    if not v["respondent_name"]:
        raise ValidationError(
            "请填写被投诉人名称（或从台账选择经营主体）。", field="respondent_name"
        )
    if not v["respondent_address"]:
        raise ValidationError("请填写被投诉人地址。", field="respondent_address")
    if v["respondent_phone"]:
        v["respondent_phone"] = rules.check_phone(
            v["respondent_phone"], "respondent_phone", "被投诉人电话"
        )
    if v["claim"] not in rules.CLAIMS:
        raise ValidationError(
            "请选择投诉请求（修理、重作、更换、退货、补足数量、退款、赔偿损失或其他）。",
            field="claim",
        )
    if v["claim"] == "其他" and not v["claim_detail"]:
        raise ValidationError("投诉请求为“其他”时，请写明具体请求。", field="claim_detail")
    if not v["facts"]:
        raise ValidationError(
            "请填写争议事实：商品或服务、时间、地点、涉及金额和争议经过。", field="facts"
        )
    if v["amount_fen"] is None or v["amount_fen"] < 0:
        raise ValidationError("涉及金额不能为负数。", field="amount_fen")
    rules.check_limitation(v["occurred_on"], v["received_on"])
    return ComplaintInput(**v, version=data.version)


def _require_status(row: Complaint, *allowed: str, action: str) -> None:
    if row.status not in allowed:
        wanted = "、".join(allowed)
        raise ValidationError(
            f"投诉 {row.number} 当前状态为“{row.status}”，不能{action}（只有“{wanted}”的投诉可以）。",
            field="status",
        )


class ComplaintService:
    """Any thread; each call opens its own session."""

    def __init__(self, db: Database, auth: Auth) -> None:
        self._db = db
        self._auth = auth

    # -- calendar ------------------------------------------------------------------------------

    def calendar(self) -> WorkCalendar:
        """Working calendar: package data plus the user's holiday table."""
        with self._db.session() as s:
            return WorkCalendar(repo.holiday_map(s))

    # -- reads ---------------------------------------------------------------------------------

    def get(self, complaint_id: int, *, unmasked: bool = False) -> ComplaintView:
        """The case; personal fields masked unless ``unmasked`` (needs ``personal.unmasked``;
        the view of each non-empty personal field is written to the audit trail)."""
        self._auth.require("data.view")
        if unmasked:
            actor = self._auth.require("personal.unmasked")
            with self._db.uow() as s:
                row = self._row(s, complaint_id)
                view = _view(
                    row, self._station_name(s, row), repo.documents(s, row.id), unmasked=True
                )
                shown = [k for k in PERSONAL_FIELDS if getattr(row, k)]
                if shown:
                    audit.append(
                        s,
                        actor,
                        [
                            audit.AuditEntry(
                                audit.VIEW, KIND, complaint_id, {"fields": shown}, "修改登记信息"
                            )
                        ],
                    )
            return view
        with self._db.session() as s:
            row = self._row(s, complaint_id)
            return _view(row, self._station_name(s, row), repo.documents(s, row.id))

    @staticmethod
    def _station_name(s, row: Complaint) -> str:
        station = s.get(ServiceStation, row.service_station_id) if row.service_station_id else None
        return station.name if station else ""

    def get_by_number(self, number: str) -> ComplaintView:
        with self._db.session() as s:
            cid = repo.id_by_number(s, number.strip())
        if cid is None:
            raise NotFoundError(f"找不到投诉编号“{number}”。请用 complaints list 查看编号。")
        return self.get(cid)

    def rows(
        self, flt: ComplaintFilter | None = None, calendar: WorkCalendar | None = None
    ) -> ComplaintRows:
        """The complaint list under ``flt`` (see ``services.base.Rows``); ``calendar`` (by
        default the station's) judges what is 临期. The complainant's name is masked."""
        self._auth.require("data.view")
        return ComplaintRows(self._db, calendar or self.calendar(), flt)

    def list_cases(self, flt: ComplaintFilter) -> list[dict]:
        """Summaries (masked) for the CLI and exports, in list order."""
        src = self.rows(flt)
        ids = list(src.fetch_ids(None, False))
        rows: dict[int, tuple] = {}
        for i in range(0, len(ids), 500):
            rows.update(src.fetch_rows(ids[i : i + 500]))
        out = []
        for cid in ids:
            r = rows.get(cid)
            if r is None:
                continue
            out.append(
                dict(zip(LIST_COLUMNS, r[: len(LIST_COLUMNS)], strict=True))
                | {"id": cid, "deadline_state": r[-1]}
            )
        return out

    def due_items(self, today: date | None = None) -> list[q.DueItem]:
        self._auth.require("data.view")
        return q.due_items(self._db, self.calendar(), today or date.today())

    def mediator_names(self) -> list[str]:
        """Names offered when assigning a mediator: users and everyone who mediated before."""
        with self._db.session() as s:
            return repo.mediator_suggestions(s)

    def find_respondents(self, text: str, limit: int = 20) -> list[dict]:
        """Registry entities whose name, USCC or address contains ``text`` (respondent picker)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            found = repo.find_entities(s, text, limit)
            return [repo.entity_brief(s, eid) | {"id": eid} for eid, *_rest in found]

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
        actor = self._auth.require(EDIT)
        today = today or date.today()
        with self._db.uow() as s:
            data = self._fill_respondent(s, data)
            clean = _clean_input(data, today)
            self._check_station(s, clean.service_station_id)
            cal = WorkCalendar(repo.holiday_map(s))
            deadline = rules.acceptance_deadline(cal, clean.received_on)
            year = clean.received_on.year
            number = rules.case_number(year, repo.allocate_number(s, "case", year))
            row = Complaint(
                **complainant_search_keys(clean.complainant_name),
                number=number,
                status=rules.REGISTERED,
                acceptance_due=deadline.due,
                deadline_warning=deadline.warning,
                rules_name=deadline.rules.name,
                **{k: getattr(clean, k) for k in _INPUT_FIELDS},
            )
            s.add(row)
            s.flush()
            view = _view(repo.get(s, row.id))
            audit.append(
                s,
                actor,
                [audit.AuditEntry(audit.CREATE, KIND, row.id, audit.diff(None, _snapshot(row)))],
            )
        return self.get(view.id), Changes.of(KIND, [view.id])

    def update_registration(
        self, complaint_id: int, data: ComplaintInput, *, today: date | None = None
    ) -> tuple[ComplaintView, Changes]:
        """Correct the registration (any time before the case is closed; deadlines recomputed
        only while it waits for the acceptance decision). A personal field left in the masked
        form :meth:`get` gave keeps its stored value, so a clerk without ``personal.unmasked``
        corrects the rest of the record, or replaces a phone or address by typing a new one."""
        actor = self._auth.require(EDIT)
        today = today or date.today()
        with conflict_guard("投诉", lambda: self.get(complaint_id), mine=data), self._db.uow() as s:
            row = self._row(s, complaint_id)
            expect_version(row.version, data.version)
            if row.status == rules.CLOSED:
                raise ValidationError("投诉已办结，不能再修改登记信息。", field="status")
            data = _keep_masked(data, row)
            data = self._fill_respondent(s, data)
            clean = _clean_input(data, today)
            self._check_station(s, clean.service_station_id)
            if row.status != rules.REGISTERED and clean.received_on != row.received_on:
                raise ValidationError(
                    "已作出受理决定的投诉不能再修改收到日期（期限已据此计算）。",
                    field="received_on",
                )
            before = _snapshot(row)
            corrected = [k for k in PERSONAL_FIELDS if getattr(row, k) != getattr(clean, k)]
            if clean.complainant_name != row.complainant_name or not row.complainant_pinyin:
                for k, key in complainant_search_keys(clean.complainant_name).items():
                    setattr(row, k, key)
            for k in _INPUT_FIELDS:
                setattr(row, k, getattr(clean, k))
            if row.status == rules.REGISTERED:
                cal = WorkCalendar(repo.holiday_map(s))
                deadline = rules.acceptance_deadline(cal, row.received_on)
                row.acceptance_due, row.deadline_warning = deadline.due, deadline.warning
                row.rules_name = deadline.rules.name
            self._write(s, actor, row, before, corrected=corrected)
        return self.get(complaint_id), Changes.of(KIND, [complaint_id])

    def _fill_respondent(self, s, data: ComplaintInput) -> ComplaintInput:
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

    def _check_station(self, s, station_id: int | None) -> None:
        if station_id is not None and s.get(ServiceStation, station_id) is None:
            raise ValidationError("所选服务站不存在，请重新选择。", field="service_station_id")

    def _row(self, s, complaint_id: int) -> Complaint:
        row = repo.get(s, complaint_id)
        if row is None:
            raise NotFoundError(f"找不到投诉（编号 {complaint_id}），可能已被删除。")
        return row

    def _write(
        self, s, actor, row: Complaint, before: dict, reason: str = "", corrected=()
    ) -> None:
        s.flush()
        after = _snapshot(row)
        changes = audit.diff(before, after)
        for k in corrected:  # a correction hidden by the mask is still recorded as one
            changes.setdefault(k, [before[k], f"{after[k]}（已更正）"])
        audit.append(s, actor, [audit.AuditEntry(audit.UPDATE, KIND, row.id, changes, reason)])

    def _step(
        self, complaint_id: int, version: int, permission: str, label: str, fn, reason: str = ""
    ):
        actor = self._auth.require(permission)
        with conflict_guard(label, lambda: self.get(complaint_id)), self._db.uow() as s:
            row = self._row(s, complaint_id)
            expect_version(row.version, version)
            before = _snapshot(row)
            fn(s, row)
            # a step may change only child rows (mediators, sessions): touch the case so its
            # version moves and a window holding the old version gets a conflict, not a
            # silent overwrite
            row.updated_at = utc_now()
            self._write(s, actor, row, before, reason)
        return self.get(complaint_id), Changes.of(KIND, [complaint_id])

    # -- acceptance ----------------------------------------------------------------------------

    def accept(self, complaint_id: int, decided_on: date, version: int):
        """受理: the mediation deadline starts from the decision date."""

        def apply(s, row: Complaint) -> None:
            _require_status(row, rules.REGISTERED, action="受理")
            _check_date(decided_on, row.received_on, "decided_on", "受理日期", "收到日期")
            cal = WorkCalendar(repo.holiday_map(s))
            deadline = rules.mediation_deadline(cal, row.received_on, decided_on)
            row.status, row.decided_on = rules.MEDIATING, decided_on
            row.refusal_ground, row.refusal_note = "", ""
            row.mediation_due = deadline.due
            row.deadline_warning = deadline.warning
            row.rules_name = deadline.rules.name

        return self._step(complaint_id, version, EDIT, "投诉", apply)

    def refuse(self, complaint_id: int, decided_on: date, ground: str, note: str, version: int):
        """不予受理 with a ground of Art.15."""
        if ground not in rules.REFUSAL_GROUNDS:
            raise ValidationError(
                "请选择不予受理的理由（《暂行办法》第十五条所列情形之一）。", field="refusal_ground"
            )
        if ground == "6" and not note.strip():
            raise ValidationError(
                "理由为“其他情形”时，请写明所依据的法律、法规或规章。", field="refusal_note"
            )

        def apply(s, row: Complaint) -> None:
            _require_status(row, rules.REGISTERED, action="作出不予受理决定")
            _check_date(decided_on, row.received_on, "decided_on", "决定日期", "收到日期")
            row.status, row.decided_on = rules.REFUSED, decided_on
            row.refusal_ground, row.refusal_note = ground, note.strip()

        return self._step(complaint_id, version, EDIT, "投诉", apply)

    # -- mediation -----------------------------------------------------------------------------

    def add_mediator(
        self, complaint_id: int, name: str, related_to_party: bool | None, version: int
    ):
        """Add a mediator. The recusal question must have been asked: ``None`` (not answered)
        and ``True`` (related to a party, Art.19) are refused."""
        name = name.strip()
        if not name:
            raise ValidationError("请填写调解人员姓名。", field="mediator_name")
        if related_to_party is None:
            raise ValidationError(
                "请先询问并确认：该调解人员是否为当事人的近亲属，或与当事人有其他利害关系？",
                field="related_to_party",
            )
        if related_to_party:
            raise ValidationError(
                f"{name}与当事人有亲属或其他利害关系，依法应当回避，不能担任本案调解人员。请另选调解人员。",
                field="related_to_party",
            )

        def apply(s, row: Complaint) -> None:
            _require_status(row, rules.MEDIATING, action="指派调解人员")
            if any(m.name == name for m in row.mediators):
                raise ValidationError(f"{name}已是本案调解人员。", field="mediator_name")
            users = repo.user_names(s)
            row.mediators.append(
                ComplaintMediator(name=name, user_id=users.get(name), related_to_party=False)
            )

        return self._step(
            complaint_id,
            version,
            MEDIATE,
            "投诉",
            apply,
            reason=f"指派调解人员{name}（已确认无须回避）",
        )

    def remove_mediator(self, complaint_id: int, mediator_id: int, version: int, reason: str):
        """Take a mediator off the case while it is being mediated (a ground for recusal came
        to light, the mediator is away…). The reason is required and kept in the audit trail
        beside the before/after list of mediators."""
        reason = reason.strip()
        if not reason:
            raise ValidationError(
                "请写明移除该调解人员的原因（如发现应当回避、工作调整）。", field="reason"
            )

        def apply(s, row: Complaint) -> None:
            _require_status(row, rules.MEDIATING, action="调整调解人员")
            for m in list(row.mediators):
                if m.id == mediator_id:
                    row.mediators.remove(m)
                    return
            raise ValidationError(
                "该调解人员已不在本案中（可能已被他人移除），请关闭后重新打开本案。",
                field="mediator_id",
            )

        return self._step(
            complaint_id, version, MEDIATE, "投诉", apply, reason=f"移除调解人员：{reason}"
        )

    def add_session(
        self, complaint_id: int, held_on: date, way: str, place: str, notes: str, version: int
    ):
        if way not in rules.WAYS:
            raise ValidationError("请选择调解方式：现场、电话或网络。", field="way")
        if not notes.strip():
            raise ValidationError("请填写本次调解的经过和双方意见。", field="notes")

        def apply(s, row: Complaint) -> None:
            _require_status(row, rules.MEDIATING, action="记录调解")
            _check_date(
                held_on, row.decided_on or row.received_on, "held_on", "调解日期", "受理日期"
            )
            row.sessions.append(
                MediationSession(held_on=held_on, way=way, place=place.strip(), notes=notes.strip())
            )
            row.mediation_way = way

        return self._step(complaint_id, version, MEDIATE, "投诉", apply)

    def succeed(
        self,
        complaint_id: int,
        result_on: date,
        terms: list[TermInput],
        version: int,
        *,
        performance_method: str = "",
        performed_on_spot: bool = False,
        money_recovered_fen: int | None = None,
        way: str = "",
    ):
        """调解成功 with numbered terms; each term needs a performance deadline."""
        if not terms:
            raise ValidationError("请至少填写一条协议条款。", field="terms")
        clean: list[TermInput] = []
        for i, t in enumerate(terms, start=1):
            if t.kind not in rules.TERM_KINDS:
                raise ValidationError(
                    f"第 {i} 条：请选择条款类型（退款、赔偿、更换……）。", field=f"terms.{i}.kind"
                )
            if not t.description.strip():
                raise ValidationError(
                    f"第 {i} 条：请写明协议内容。", field=f"terms.{i}.description"
                )
            if t.due_on is None:
                raise ValidationError(
                    f"第 {i} 条协议条款没有履行期限。请写明在哪一天之前履行（当场履行的填调解当日）。",
                    field=f"terms.{i}.due_on",
                )
            if t.due_on < result_on:
                raise ValidationError(
                    f"第 {i} 条的履行期限早于调解日期，请更正。", field=f"terms.{i}.due_on"
                )
            if t.amount_fen is not None and t.amount_fen < 0:
                raise ValidationError(f"第 {i} 条的金额不能为负数。", field=f"terms.{i}.amount_fen")
            if t.kind in ("退款", "赔偿") and not t.amount_fen:
                raise ValidationError(
                    f"第 {i} 条为{t.kind}，请填写金额。", field=f"terms.{i}.amount_fen"
                )
            clean.append(replace(t, description=t.description.strip(), method=t.method.strip()))
        if way and way not in rules.WAYS:
            raise ValidationError("请选择调解方式：现场、电话或网络。", field="way")
        recovered = money_recovered_fen
        if recovered is None:
            recovered = sum(t.amount_fen or 0 for t in clean if t.kind in ("退款", "赔偿"))
        if recovered < 0:
            raise ValidationError("挽回经济损失不能为负数。", field="money_recovered_fen")

        def apply(s, row: Complaint) -> None:
            _require_status(row, rules.MEDIATING, action="记录调解成功")
            if not row.mediators:
                raise ValidationError(
                    "请先指派调解人员（调解书须由调解人员签字）。", field="mediators"
                )
            _check_date(
                result_on,
                row.decided_on or row.received_on,
                "result_on",
                "调解成功日期",
                "受理日期",
            )
            if way:
                row.mediation_way = way
            if not row.mediation_way:
                raise ValidationError("请选择调解方式：现场、电话或网络。", field="way")
            row.terms.clear()
            s.flush()
            for seq, t in enumerate(clean, start=1):
                row.terms.append(
                    AgreementTerm(
                        seq=seq,
                        kind=t.kind,
                        description=t.description,
                        amount_fen=t.amount_fen,
                        method=t.method,
                        due_on=t.due_on,
                    )
                )
            row.status, row.result_on = rules.SUCCEEDED, result_on
            row.termination_reason, row.termination_note, row.notice_due = "", "", None
            row.performance_method = performance_method.strip() or "；".join(
                f"{t.method}" for t in clean if t.method
            )
            row.performed_on_spot = performed_on_spot
            row.money_recovered_fen = recovered
            if performed_on_spot:
                row.performance_status, row.performance_checked_on = "已履行", result_on

        return self._step(complaint_id, version, MEDIATE, "投诉", apply)

    def terminate(self, complaint_id: int, decided_on: date, reason: str, note: str, version: int):
        """终止调解 with a reason of Art.21; the notice deadline follows from the decision."""
        if not reason:
            raise ValidationError(
                "请选择终止调解的理由（《暂行办法》第二十一条所列情形之一）。",
                field="termination_reason",
            )
        if reason not in rules.TERMINATION_REASONS:
            raise ValidationError(
                "终止调解理由不在法定情形之内，请重新选择。", field="termination_reason"
            )
        if reason == "7" and not note.strip():
            raise ValidationError("理由为“其他情形”时，请写明依据。", field="termination_note")

        def apply(s, row: Complaint) -> None:
            _require_status(row, rules.MEDIATING, action="终止调解")
            _check_date(
                decided_on,
                row.decided_on or row.received_on,
                "result_on",
                "终止调解日期",
                "受理日期",
            )
            cal = WorkCalendar(repo.holiday_map(s))
            deadline = rules.notice_deadline(cal, row.received_on, decided_on)
            row.status, row.result_on = rules.TERMINATED, decided_on
            row.termination_reason, row.termination_note = reason, note.strip()
            row.notice_due = deadline.due
            if deadline.warning:
                row.deadline_warning = deadline.warning

        return self._step(complaint_id, version, MEDIATE, "投诉", apply)

    def record_notice(self, complaint_id: int, notice_on: date, version: int):
        """Both parties were told that mediation ended."""

        def apply(s, row: Complaint) -> None:
            _require_status(row, rules.TERMINATED, action="登记告知日期")
            _check_date(notice_on, row.result_on, "notice_on", "告知日期", "终止调解日期")
            row.notice_on = notice_on

        return self._step(complaint_id, version, MEDIATE, "投诉", apply)

    # -- after the result ----------------------------------------------------------------------

    def follow_up(
        self,
        complaint_id: int,
        status: str,
        note: str,
        checked_on: date,
        version: int,
        *,
        money_recovered_fen: int | None = None,
    ):
        """履行情况: whether the agreement was performed."""
        if status not in rules.PERFORMANCE:
            raise ValidationError(
                "请选择履行情况：未履行、部分履行或已履行。", field="performance_status"
            )

        def apply(s, row: Complaint) -> None:
            _require_status(row, rules.SUCCEEDED, action="登记履行情况")
            _check_date(
                checked_on, row.result_on, "performance_checked_on", "核查日期", "调解成功日期"
            )
            row.performance_status, row.performance_note = status, note.strip()
            row.performance_checked_on = checked_on
            if money_recovered_fen is not None:
                if money_recovered_fen < 0:
                    raise ValidationError("挽回经济损失不能为负数。", field="money_recovered_fen")
                row.money_recovered_fen = money_recovered_fen

        return self._step(complaint_id, version, EDIT, "投诉", apply)

    def return_visit(
        self,
        complaint_id: int,
        visit_on: date,
        way: str,
        process: str,
        result: str,
        note: str,
        version: int,
    ):
        """回访 (Order 121): process and result satisfaction."""
        if way not in rules.WAYS and way != "上门":
            raise ValidationError("请选择回访方式。", field="visit_way")
        if process not in rules.SATISFACTION:
            raise ValidationError(
                "请选择过程满意度：满意、基本满意或不满意。", field="visit_process"
            )
        if result not in rules.SATISFACTION:
            raise ValidationError(
                "请选择结果满意度：满意、基本满意或不满意。", field="visit_result"
            )
        if "不满意" in (process, result) and not note.strip():
            raise ValidationError("投诉人表示不满意时，请记录其意见。", field="visit_note")

        def apply(s, row: Complaint) -> None:
            _require_status(
                row, rules.SUCCEEDED, rules.TERMINATED, rules.REFUSED, action="登记回访"
            )
            _check_date(
                visit_on, row.result_on or row.decided_on, "visit_on", "回访日期", "处理结果日期"
            )
            row.visit_on, row.visit_way = visit_on, way
            row.visit_process, row.visit_result, row.visit_note = process, result, note.strip()

        return self._step(complaint_id, version, EDIT, "投诉", apply)

    def close(self, complaint_id: int, closed_on: date, version: int):
        """办结. A terminated case must have its notice recorded first."""

        def apply(s, row: Complaint) -> None:
            _require_status(row, rules.SUCCEEDED, rules.TERMINATED, rules.REFUSED, action="办结")
            if row.status == rules.TERMINATED and row.notice_on is None:
                raise ValidationError("请先登记终止调解告知双方的日期，再办结。", field="notice_on")
            _check_date(
                closed_on, row.result_on or row.decided_on, "closed_on", "办结日期", "处理结果日期"
            )
            row.closed_on = closed_on
            row.status = rules.CLOSED

        return self._step(complaint_id, version, EDIT, "投诉", apply)

    # -- documents -----------------------------------------------------------------------------

    def available_documents(self, view: ComplaintView) -> list[str]:
        """Document kinds that can be printed for the case in its present state."""
        kinds = []
        decided = view.decided_on is not None
        if decided and not view.refusal_ground:
            kinds.append("acceptance")
        if view.refusal_ground:
            kinds.append("refusal")
        if view.terms:
            kinds.append("record" if view.performed_on_spot else "agreement")
        if view.termination_reason:
            kinds.append("termination")
        return kinds

    def issue_document(
        self, complaint_id: int, kind: str, *, today: date | None = None
    ) -> IssuedDocument:
        """Record that ``kind`` is issued; allocate its number in this same transaction.
        A second issue of the same kind is a reprint (副本) with the same number."""
        actor = self._doc_actor(kind)
        with self._db.uow() as s:
            return self._issue_in(s, actor, complaint_id, kind, today or date.today())

    def _doc_actor(self, kind: str):
        if kind not in DOC_KINDS:
            raise ValidationError(f"未知的文书种类：{kind}。", field="kind")
        return self._auth.require(
            MEDIATE if kind in ("agreement", "record", "termination") else EDIT
        )

    def _issue_in(self, s, actor, complaint_id: int, kind: str, today: date) -> IssuedDocument:
        label, mark = DOC_KINDS[kind]
        repo.lock(s, complaint_id)
        row = self._row(s, complaint_id)
        self._check_can_issue(row, kind, label)
        doc = repo.document(s, complaint_id, kind)
        if doc is not None:
            doc.prints += 1
            s.flush()
            result = IssuedDocument(kind, label, doc.number, doc.issued_on, True, doc.prints)
            action = "重印"
        else:
            issued_on = self._document_date(row, kind) or today
            number = ""
            if mark:
                profile = s.get(StationProfile, 1)
                prefix = profile.doc_prefix if profile and profile.doc_prefix else "市监"
                n = repo.allocate_number(s, kind, issued_on.year)
                number = rules.doc_number(prefix, mark, issued_on.year, n)
            s.add(
                ComplaintDocument(
                    complaint_id=complaint_id,
                    kind=kind,
                    number=number,
                    issued_on=issued_on,
                    issued_by=actor.username,
                    prints=1,
                )
            )
            s.flush()
            result = IssuedDocument(kind, label, number, issued_on, False, 1)
            action = "出具"
        audit.append(
            s,
            actor,
            [
                audit.AuditEntry(
                    audit.UPDATE,
                    KIND,
                    complaint_id,
                    {"document": [None, f"{action}{label} {result.number}".strip()]},
                )
            ],
        )
        return result

    def _check_can_issue(self, row: Complaint, kind: str, label: str) -> None:
        ok = {
            "acceptance": row.decided_on is not None and not row.refusal_ground,
            "refusal": bool(row.refusal_ground),
            "agreement": bool(row.terms)
            and row.result_on is not None
            and not row.termination_reason,
            "record": bool(row.terms) and row.result_on is not None and not row.termination_reason,
            "termination": bool(row.termination_reason),
        }[kind]
        if not ok:
            raise ValidationError(
                f"投诉 {row.number} 当前状态为“{row.status}”，还不能出具{label}。", field="kind"
            )

    @staticmethod
    def _document_date(row: Complaint, kind: str) -> date | None:
        if kind in ("acceptance", "refusal"):
            return row.decided_on
        return row.result_on

    def print_document(
        self,
        complaint_id: int,
        kind: str,
        out: Path,
        *,
        copies: tuple[str, ...] | None = None,
        today: date | None = None,
    ) -> IssuedDocument:
        """Issue (or reprint) and write the PDF in one transaction: if the PDF cannot be
        written, no number is used.

        What is printed of the complainant (FACTS §3.2, §7): name in full on every copy (the
        parties sign it); phone, address, ID number and the agent's phone masked on the
        parties' copies (the 被投诉人联 goes to the business; PIPL minimum necessary), in full
        on the 存档联 the office keeps, and only for a user allowed to see unmasked data: that
        print is logged as an export of the fields printed."""
        from station_app.documents import mediation

        actor = self._doc_actor(kind)
        with self._db.uow() as s:
            issued = self._issue_in(s, actor, complaint_id, kind, today or date.today())
            doc = self._doc_data(s, complaint_id, kind, issued, copies)
            mediation.write_document(out, [doc], kind=kind, copies=copies)
        return issued

    def print_agreements(
        self, complaint_ids: list[int], out: Path, *, copies: tuple[str, ...] | None = None
    ) -> list[IssuedDocument]:
        """Many agreements (or 调解记录 for cases performed on the spot) in one PDF, issued in
        one transaction with the file; personal data as in :meth:`print_document`."""
        from station_app.documents import mediation

        actor = self._doc_actor("agreement")
        issued_all, docs = [], []
        with self._db.uow() as s:
            for cid in complaint_ids:
                row = self._row(s, cid)
                kind = "record" if row.performed_on_spot else "agreement"
                issued = self._issue_in(s, actor, cid, kind, date.today())
                issued_all.append(issued)
                docs.append(self._doc_data(s, cid, kind, issued, copies))
            mediation.write_document(out, docs, kind=None, copies=copies)
        return issued_all

    def _archive_unmasked(self, s, row: Complaint, kind: str, copies) -> bool:
        """True when the 存档联 of a document that prints the complainant's details is printed
        by a user allowed to see unmasked data; the export of the non-empty personal fields is
        logged in the caller's transaction."""
        wants_archive = copies is None or ARCHIVE_COPY in copies
        if kind not in PARTY_DOC_KINDS or not wants_archive:
            return False
        if not self._auth.can("personal.unmasked"):
            return False
        printed = [k for k in PERSONAL_FIELDS if getattr(row, k)]
        if not printed:
            return False
        actor = self._auth.require("personal.unmasked")
        audit.append(
            s,
            actor,
            [
                audit.AuditEntry(
                    audit.EXPORT,
                    KIND,
                    row.id,
                    {"fields": printed},
                    f"打印{DOC_KINDS[kind][0]}存档联",
                )
            ],
        )
        return True

    def _doc_data(self, s, complaint_id: int, kind: str, issued: IssuedDocument, copies):
        from station_app.documents.mediation import CaseDocument

        row = self._row(s, complaint_id)
        station_name = self._station_name(s, row)
        docs = repo.documents(s, row.id)
        full = self._archive_unmasked(s, row, kind, copies)
        p = s.get(StationProfile, 1)
        name = p.name if p else "市场监督管理所"
        return CaseDocument(
            case=_view(row, station_name, docs),
            number=issued.number,
            issued_on=issued.issued_on,
            reprint=issued.reprint,
            station_name=name,
            bureau=p.county_bureau if p else "",
            seal_text=(p.seal_text or p.name) if p else name,
            station_address=p.address if p else "",
            station_phone=p.phone if p else "",
            archive_case=_view(row, station_name, docs, unmasked=True) if full else None,
        )

    def export_xlsx(self, flt: ComplaintFilter, out: Path) -> int:
        """The filtered list to Excel, personal data masked; returns the number of rows."""
        actor = self._auth.require("data.export")
        rows = self.list_cases(flt)
        from station_app.exports.complaints_xlsx import write_complaints

        write_complaints(out, rows)
        with self._db.uow() as s:
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.EXPORT,
                        KIND,
                        "list",
                        {"rows": len(rows), "file": Path(out).name},
                        "导出投诉列表（已脱敏）",
                    )
                ],
            )
        return len(rows)

    # -- service stations ----------------------------------------------------------------------

    def stations(self) -> list[StationData]:
        with self._db.session() as s:
            return [_station_dto(r) for r in repo.stations(s)]

    def save_station(self, data: StationData) -> tuple[StationData, Changes]:
        actor = self._auth.require(EDIT)
        name = data.name.strip()
        if not name:
            raise ValidationError("请填写服务站名称。", field="name")
        if data.kind not in rules.STATION_KINDS:
            raise ValidationError("请选择服务站类型：社区或商业综合体。", field="kind")
        phone = data.contact_phone.strip()
        if phone:
            phone = rules.check_phone(phone, "contact_phone", "联系电话")
        data = replace(
            data,
            name=name,
            contact_phone=phone,
            place=data.place.strip(),
            community=data.community.strip(),
            contact_name=data.contact_name.strip(),
        )
        with conflict_guard("服务站", lambda: None, mine=data), self._db.uow() as s:
            row = s.get(ServiceStation, data.id) if data.id else None
            if data.id and row is None:
                raise NotFoundError("找不到该服务站。")
            expect_version(row.version if row else None, data.version)
            before = _station_fields(_station_dto(row)) if row else None
            if row is None:
                row = ServiceStation(name=data.name)
                s.add(row)
            for k, v in _station_fields(data).items():
                setattr(row, k, v)
            s.flush()
            saved = _station_dto(row)
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.UPDATE if before else audit.CREATE,
                        KIND_STATION,
                        row.id,
                        audit.diff(before, _station_fields(saved)),
                    )
                ],
            )
        return saved, Changes.of(KIND_STATION, [saved.id])

    # -- holiday table -------------------------------------------------------------------------

    def holidays(self) -> list[HolidayData]:
        with self._db.session() as s:
            return [HolidayData(r.day, r.is_workday, r.note) for r in repo.holiday_overrides(s)]

    def save_holiday(self, data: HolidayData) -> Changes:
        actor = self._auth.require("settings.edit")
        if data.day is None:
            raise ValidationError("请选择日期。", field="day")
        with self._db.uow() as s:
            row = s.get(HolidayOverride, data.day)
            before = {"is_workday": row.is_workday, "note": row.note} if row else None
            if row is None:
                row = HolidayOverride(
                    day=data.day, is_workday=data.is_workday, note=data.note.strip()
                )
                s.add(row)
            row.is_workday, row.note = data.is_workday, data.note.strip()[:100]
            s.flush()
            after = {"is_workday": row.is_workday, "note": row.note}
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.UPDATE if before else audit.CREATE,
                        KIND_HOLIDAY,
                        data.day.isoformat(),
                        audit.diff(before, after),
                    )
                ],
            )
        return Changes.of(KIND_HOLIDAY)

    def delete_holiday(self, day: date) -> Changes:
        actor = self._auth.require("settings.edit")
        with self._db.uow() as s:
            row = s.get(HolidayOverride, day)
            if row is None:
                return Changes()
            before = {"is_workday": row.is_workday, "note": row.note}
            repo.delete_holiday(s, day)
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.DELETE, KIND_HOLIDAY, day.isoformat(), audit.diff(before, None)
                    )
                ],
            )
        return Changes.of(KIND_HOLIDAY)

    def recompute_deadlines(self) -> Changes:
        """After the holiday table changed: recompute the deadlines of open cases."""
        actor = self._auth.require("settings.edit")
        changed: list[int] = []
        with self._db.uow() as s:
            cal = WorkCalendar(repo.holiday_map(s))
            for row in repo.open_rows(s):
                before = (
                    row.acceptance_due,
                    row.mediation_due,
                    row.notice_due,
                    row.deadline_warning,
                )
                acc = rules.acceptance_deadline(cal, row.received_on)
                row.acceptance_due, warning = acc.due, acc.warning
                if row.decided_on and not row.refusal_ground:
                    med = rules.mediation_deadline(cal, row.received_on, row.decided_on)
                    row.mediation_due, warning = med.due, med.warning or warning
                if row.termination_reason and row.result_on:
                    note = rules.notice_deadline(cal, row.received_on, row.result_on)
                    row.notice_due, warning = note.due, note.warning or warning
                row.deadline_warning = warning
                if before != (
                    row.acceptance_due,
                    row.mediation_due,
                    row.notice_due,
                    row.deadline_warning,
                ):
                    changed.append(row.id)
                    audit.append(
                        s,
                        actor,
                        [
                            audit.AuditEntry(
                                audit.UPDATE,
                                KIND,
                                row.id,
                                {
                                    "deadlines": [
                                        str(before[:3]),
                                        str(
                                            (row.acceptance_due, row.mediation_due, row.notice_due)
                                        ),
                                    ]
                                },
                                "节假日调整后重新计算期限",
                            )
                        ],
                    )
        return Changes.of(KIND, changed)

    # -- figures -------------------------------------------------------------------------------

    def complaint_figures(self, period: Period | str) -> ComplaintFigures:
        """The counts and rates of a period (CLI ``complaints figures``, the 统计 tab), counted
        in SQL by the query the county report uses (``queries.summaries.complaint_counts``),
        so both always agree. ``period`` ends on its last day (inclusive)."""
        self._auth.require("data.view")
        if isinstance(period, str):
            period = parse_period(period, ranges=True)
        counts = summary_q.complaint_counts(
            self._db,
            period.start,
            period.end,  # the query takes [start, end)
            rules.CHANNELS,
            rules.SATISFACTION,
        )
        return _figures(period, counts)


def _figures(period: Period, counts: summary_q.ComplaintCounts) -> ComplaintFigures:
    c = counts.counts
    rates = tuple(
        RateValue(
            f.key,
            f.label,
            c[f.numerator],
            c[f.denominator],
            rules.rate(c[f.numerator], c[f.denominator]),
            f.definition,
        )
        for f in rules.RATE_FORMULAS
    )

    def groups(items: tuple[summary_q.ComplaintGroup, ...]) -> tuple[GroupFigures, ...]:
        return tuple(
            GroupFigures(
                g.name,
                g.received,
                g.succeeded,
                g.terminated,
                g.money_recovered_fen,
                g.visited,
                g.satisfied,
            )
            for g in items
        )

    return ComplaintFigures(
        period=period,
        counts=dict(c),
        by_channel=dict(counts.by_channel),
        terminated_by_reason=dict(counts.terminated_by_reason),
        satisfaction=dict(counts.satisfaction),
        money_recovered_fen=counts.money_recovered_fen,
        amount_involved_fen=counts.amount_involved_fen,
        rates=rates,
        per_station=groups(counts.per_station),
        per_mediator=groups(counts.per_mediator),
    )


def _check_date(
    value: date | None, not_before: date | None, field_name: str, label: str, other: str
) -> None:
    if value is None:
        raise ValidationError(f"请填写{label}。", field=field_name)
    if not_before is not None and value < not_before:
        raise ValidationError(
            f"{label}（{value.isoformat()}）不能早于{other}（{not_before.isoformat()}）。",
            field=field_name,
        )
    if value > date.today():
        raise ValidationError(f"{label}不能晚于今天。", field=field_name)


def _station_dto(row: ServiceStation) -> StationData:
    return StationData(
        row.name,
        row.kind,
        row.place,
        row.community,
        row.contact_name,
        row.contact_phone,
        row.active,
        row.id,
        row.version,
    )


def _station_fields(data: StationData) -> dict:
    return {f.name: getattr(data, f.name) for f in fields(data) if f.name not in ("id", "version")}
