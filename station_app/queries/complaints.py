"""List queries of 投诉调解: the filtered, ordered id list and row pages for the lazy table,
counts by status, and the due-soon / overdue lists for the dashboard.

The "current deadline" of a complaint is the one it is waiting on: 受理期限 while 待受理,
调解期限 while 调解中, 告知期限 after 终止调解 until the parties were told. Rows select only the
listed columns and mask the complainant's name: lists never carry personal data in full. The
search runs here, in the database, so a phone number still finds its case.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import and_, case, func, or_, select

from station_app import clock
from station_app.data.engine import Database
from station_app.data.models import Complaint, ComplaintMediator, Entity, ServiceStation
from station_app.domain import complaints as rules
from station_app.domain.calendar import WorkCalendar
from station_app.domain.complaints import ComplaintFilter
from station_app.domain.masking import mask_name
from station_app.domain.pinyin import is_pinyin_query

CURRENT_DUE = case(
    (Complaint.status == rules.REGISTERED, Complaint.acceptance_due),
    (Complaint.status == rules.MEDIATING, Complaint.mediation_due),
    (
        and_(Complaint.status == rules.TERMINATED, Complaint.notice_on.is_(None)),
        Complaint.notice_due,
    ),
    else_=None,
)

SORT_COLUMNS = {
    "number": Complaint.number,
    "received_on": Complaint.received_on,
    "channel": Complaint.channel,
    "respondent": Complaint.respondent_name,
    "claim": Complaint.claim,
    "amount": Complaint.amount_fen,
    "status": Complaint.status,
    "due": CURRENT_DUE,
    "station": Complaint.service_station_id,
}


_PHONE_SEPARATORS = re.compile(r"[\s\-]")


def _like(value: str) -> str:
    return "%" + value.replace("\\", "").replace("%", "").replace("_", "") + "%"


def conditions(flt: ComplaintFilter, soon_until: date | None = None) -> list:
    conds: list = []
    text = flt.text.strip()
    if text:
        q = _like(text)
        matches = [
            Complaint.number.like(q),
            Complaint.complainant_name.like(q),
            Complaint.respondent_name.like(q),
            Complaint.goods.like(q),
            Complaint.complainant_phone.like(q),
            Complaint.facts.like(q),
        ]
        digits = _PHONE_SEPARATORS.sub("", text)
        if digits != text and digits.isdigit():  # a phone typed as 138 1234 8000 or 138-1234-8000
            matches.append(Complaint.complainant_phone.like(_like(digits)))
        if is_pinyin_query(text):
            low = text.lower()
            matches += [  # the complainant's name: initials (any 多音字 variant) or full pinyin
                Complaint.complainant_initials.like(f"{low}%"),
                Complaint.complainant_initials.like(f"% {low}%"),
                Complaint.complainant_pinyin.like(f"{low}%"),
            ]
            initials = select(Entity.id).where(  # pinyin initials of a registered respondent
                Entity.name_initials >= low, Entity.name_initials < low + "\uffff"
            )
            matches.append(Complaint.entity_id.in_(initials))
        conds.append(or_(*matches))
    if flt.entity_id is not None:
        conds.append(Complaint.entity_id == flt.entity_id)
    if flt.status:
        conds.append(Complaint.status == flt.status)

    if flt.channel:
        conds.append(Complaint.channel == flt.channel)
    if flt.start:
        conds.append(Complaint.received_on >= flt.start)
    if flt.end:
        conds.append(Complaint.received_on <= flt.end)
    if flt.station_id is not None:
        conds.append(Complaint.service_station_id == flt.station_id)
    today = flt.today or clock.today()
    if flt.deadline == "overdue":
        conds.append(today > CURRENT_DUE)
    elif flt.deadline == "soon":
        conds.append((soon_until or today) >= CURRENT_DUE)
    return conds


def soon_until(cal: WorkCalendar, today: date) -> date:
    """Last date that still counts as "临期" seen from ``today``."""
    return cal.add_working_days(today, rules.DUE_SOON_WORKING_DAYS)


class ComplaintRows:
    """The complaint list (``ComplaintService.rows``): a ``RowSource`` of the lazy table under
    one :class:`~station_app.domain.complaints.ComplaintFilter`, plus :meth:`with_filter`,
    :meth:`count` and :meth:`counts` (per status). ``calendar`` (the working calendar with the
    station's holiday table) judges what is 临期; assign a fresh one after the holiday table
    changed. Any thread; rows in ``domain.complaints.LIST_COLUMNS`` order plus the deadline
    state, the complainant's name masked."""

    def __init__(
        self,
        db: Database,
        calendar: WorkCalendar | None = None,
        flt: ComplaintFilter | None = None,
        *,
        today: Callable[[], date] = clock.today,
    ) -> None:
        self.db = db
        self.filter = flt or ComplaintFilter()
        self.calendar = calendar or WorkCalendar()
        self._clock_today = today

    def with_filter(self, flt: ComplaintFilter) -> ComplaintRows:
        """Show the rows matching ``flt`` from now on; returns this object."""
        self.filter = flt
        return self

    def _today(self) -> date:
        return self.filter.today or self._clock_today()

    def _conds(self) -> list:
        today = self._today()
        return conditions(replace(self.filter, today=today), soon_until(self.calendar, today))

    def count(self) -> int:
        """How many complaints match the filter."""
        with self.db.session() as s:
            stmt = select(func.count()).select_from(Complaint).where(*self._conds())
            return int(s.execute(stmt).scalar_one())

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        column = SORT_COLUMNS.get(sort_key or "")
        stmt = select(Complaint.id).where(*self._conds())
        if column is None:  # newest first; descending is the exact reverse, as for a column
            order = [Complaint.received_on.desc(), Complaint.id.desc()]
            if descending:
                order = [Complaint.received_on.asc(), Complaint.id.asc()]
        else:
            order = [column.desc() if descending else column.asc()]
            order.append(Complaint.id.desc() if descending else Complaint.id.asc())
        with self.db.session() as s:
            return array("q", s.scalars(stmt.order_by(*order)))

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        today = self._today()
        with self.db.session() as s:
            stmt = (  # only the listed columns: personal data never leaves the database here
                select(
                    Complaint.id,
                    Complaint.number,
                    Complaint.received_on,
                    Complaint.channel,
                    Complaint.complainant_name,
                    Complaint.respondent_name,
                    Complaint.claim,
                    Complaint.amount_fen,
                    Complaint.status,
                    ServiceStation.name.label("station_name"),
                    CURRENT_DUE.label("due"),
                )
                .outerjoin(ServiceStation, ServiceStation.id == Complaint.service_station_id)
                .where(Complaint.id.in_(list(ids)))
            )
            rows = list(s.execute(stmt))
            mediators: dict[int, list[str]] = {}
            for cid, name in s.execute(
                select(ComplaintMediator.complaint_id, ComplaintMediator.name)
                .where(ComplaintMediator.complaint_id.in_(list(ids)))
                .order_by(ComplaintMediator.id)
            ):
                mediators.setdefault(cid, []).append(name)
        out: dict[int, tuple] = {}
        for c in rows:
            due = c.due
            state = rules.deadline_state(self.calendar, due, today, False) if due else ""
            due_text = due.isoformat() if due else ""
            if state == "overdue":
                due_text += " 已超期"
            elif state == "soon":
                due_text += " 临期"
            out[c.id] = (
                c.number,
                c.received_on.isoformat(),
                c.channel,
                mask_name(c.complainant_name),
                c.respondent_name,
                c.claim,
                rules.yuan(c.amount_fen),
                c.status,
                due_text,
                c.station_name or "",
                "、".join(mediators.get(c.id, [])),
                state,  # not a column: drives the highlighting
            )
        return out

    def counts(self) -> dict[str, int]:
        """Rows per status under the current filter, plus ``"全部"``, ``"超期"`` and ``"临期"``."""
        conds = self._conds()
        today = self._today()
        with self.db.session() as s:
            by_status: dict[str, int] = dict(
                s.execute(
                    select(Complaint.status, func.count()).where(*conds).group_by(Complaint.status)
                ).all()
            )
            overdue = s.execute(
                select(func.count()).where(*conds, today > CURRENT_DUE)
            ).scalar_one()
            soon = s.execute(
                select(func.count()).where(
                    *conds,
                    today <= CURRENT_DUE,
                    soon_until(self.calendar, today) >= CURRENT_DUE,
                )
            ).scalar_one()
        out = {status: int(by_status.get(status, 0)) for status in rules.STATUSES}
        out["全部"] = sum(out.values())
        out["超期"] = int(overdue)
        out["临期"] = int(soon)
        return out


@dataclass(frozen=True)
class DueItem:
    complaint_id: int
    number: str
    status: str
    respondent: str
    due: date
    what: str  # 受理 | 调解 | 告知
    overdue: bool


def due_items(db: Database, calendar: WorkCalendar, today: date) -> list[DueItem]:
    """Open complaints whose current deadline has passed or is at most 2 working days away,
    earliest first (for the dashboard)."""
    until = soon_until(calendar, today)
    what = {rules.REGISTERED: "受理", rules.MEDIATING: "调解", rules.TERMINATED: "告知"}
    with db.session() as s:
        rows = s.execute(
            select(
                Complaint.id,
                Complaint.number,
                Complaint.status,
                Complaint.respondent_name,
                CURRENT_DUE,
            )
            .where(until >= CURRENT_DUE)
            .order_by(CURRENT_DUE, Complaint.id)
        ).all()
    return [
        DueItem(cid, number, status, resp, due, what[status], due < today)
        for cid, number, status, resp, due in rows
    ]
