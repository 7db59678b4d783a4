"""Prints of work orders: the 工单处理单 (A4). Masked like every print: the requester's phone
masked, a 举报's reporter not at all (举报人信息保密). A read: the order is unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from station_app.data.repo import complaints as complaints_repo
from station_app.data.repo import station as station_repo
from station_app.domain.complaints import doc_number
from station_app.domain.orders import kinds as k
from station_app.domain.orders.timing import fmt_time
from station_app.errors import ValidationError
from station_app.services.audit import printed_at
from station_app.services.base import Changes, Tx
from station_app.services.orders.core import OrdersCore, snapshot, write_cache
from station_app.services.orders.views import KIND, OrderView


def order_payload(v: OrderView, station: str) -> dict[str, Any]:
    """The plain data the 工单处理单 prints."""
    signed = {side: (name or user, fmt_time(at)) for side, user, name, at in v.confirmations}
    sides = [k.SIDE_LABELS[s] for s in k.SIGN_OFF[v.kind]]
    return {
        "station": station,
        "number": v.number,
        "kind": k.KIND_LABELS[v.kind],
        "received_at": fmt_time(v.received_at),
        "channel": v.channel,
        "platform_no": v.platform_no,
        "category": v.category,
        "subject": v.subject,
        "grid": v.grid,
        "address": v.subject_address,
        "assignee": v.assignee,
        "requester": v.requester,
        "state": v.state,
        "rework": v.rework,
        "lead": v.lead,
        "text": v.text,
        "clocks": [
            [c.label, fmt_time(c.due), fmt_time(c.done_at), c.status_label] for c in v.clocks
        ],
        "timeline": [
            [fmt_time(e.at), e.label, e.by_name or e.by, e.note or e.detail] for e in v.timeline
        ],
        "signatures": [(side, *signed.get(side, ("", ""))) for side in sides],
    }


REPLY_WORKING_DAYS = 1
"""A 督办 asks for a reply within one working day (decided: the issue names no limit)."""


def supervision_payload(v: OrderView, station: str, reply_by: str) -> dict[str, Any]:
    from station_app.domain.orders.timing import fmt_duration

    sup = v.supervisions[-1]
    breaches = []
    for c in v.clocks:
        if c.status in ("overdue", "late"):
            end = c.done_at or v.now or c.due
            breaches.append([c.label, fmt_time(c.due), c.status_label, fmt_duration(end - c.due)])
    return {
        "station": station, "doc_number": sup.doc_number, "level": sup.level,
        "number": v.number, "kind": k.KIND_LABELS[v.kind], "received_at": fmt_time(v.received_at),
        "assignee": v.assignee, "subject": v.subject, "text": v.text, "note": sup.note,
        "breaches": breaches, "station_side": sup.station_side,
        "community_side": sup.community_side, "at": fmt_time(sup.at)[:10], "reply_by": reply_by,
    }  # fmt: skip


class Prints(OrdersCore):
    def print_order(self, number: str, path: Path) -> Path:
        """工单处理单 of the order as a PDF at ``path`` (data.export)."""
        self._auth.require("data.export")
        from station_app.documents.order_pdf import write_order_pdf

        view = self.show(number)
        with self._db.core_read() as con:
            profile = station_repo.profile_row(con)
        station = profile.name if profile is not None else ""
        with printed_at(self._db):
            return write_order_pdf(order_payload(view, station), Path(path))

    def print_supervision(self, number: str, path: Path) -> Path:
        """督办通知单 of the order's latest 督办 as a PDF at ``path`` (data.export)."""
        self._auth.require("data.export")
        from station_app.documents.order_pdf import write_supervision_pdf
        from station_app.services.calendar import CalendarReader

        view = self.show(number)
        if not view.supervisions:
            raise ValidationError(
                f"工单 {view.number} 尚未督办，没有督办通知单可打印。", field="supervise"
            )
        cal = CalendarReader(self._db, self._auth).calendar()
        day = view.supervisions[-1].at.astimezone(view.received_at.tzinfo).date()
        reply = cal.add_working_days(day, REPLY_WORKING_DAYS)
        with self._db.core_read() as con:
            profile = station_repo.profile_row(con)
        station = profile.name if profile is not None else ""
        payload = supervision_payload(view, station, f"{reply.year}年{reply.month}月{reply.day}日")
        with printed_at(self._db):
            return write_supervision_pdf(payload, Path(path))


def _cn_day(moment) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日"


NOTICE_COUNTERS = {"立案": ("filing_notice", "举立"), "不予立案": ("no_filing_notice", "举不立")}


class ReportNotices(OrdersCore):
    """举报立案告知书 / 举报不予立案告知书: numbered once (〔年〕N号, recorded in the order's log as
    a 备注 step), reprinted under the same number; the reporter's name is on it because it is
    addressed to them. Printing is audited as an export of personal data."""

    def print_report_notice(self, number: str, path: Path) -> tuple[Path, Changes]:
        from station_app.documents.order_pdf import write_report_notice_pdf

        now = self._now()

        def issue(tx: Tx) -> dict[str, Any]:
            o = self._load(tx, number)
            f = o.facts
            if f.kind != k.REPORT or not f.decision:
                raise ValidationError(
                    "只有已作出立案或不予立案决定的举报才有告知书。", field="decision"
                )
            if not f.real_name or not o.row.requester_name:
                raise ValidationError("匿名举报没有告知对象，无需告知书。", field="real_name")
            kind, mark = NOTICE_COUNTERS[f.decision]
            issued = next(
                (e.data for e in o.log if e.step == k.NOTE and e.data.get("document") == kind), None
            )
            if issued is None:
                year = now.year
                n = complaints_repo.allocate_number(tx.s, f"工单{mark}", year)
                profile = station_repo.profile_row(tx.s.connection())
                prefix = (profile.doc_prefix if profile is not None else "") or "市监"
                issued = {"document": kind, "doc_number": doc_number(prefix, mark, year, n)}
                before = snapshot(o.row, len(o.log))
                self._append(
                    tx, o, k.NOTE, max(now, f.last_at or now), issued, f"印发{k.DOC_KINDS[kind][0]}"
                )
                write_cache(o, now)
                tx.s.flush()
                tx.updated(
                    KIND,
                    o.row.id,
                    before,
                    snapshot(o.row, len(o.log)),
                    f"印发{k.DOC_KINDS[kind][0]}",
                )
            tx.exported(
                KIND, o.row.id, {"document": kind, "fields": ["requester_name"]}, "打印举报告知书"
            )
            decided = f.done.get(k.DECIDE)
            decide_event = next(e for e in reversed(o.log) if e.step == k.DECIDE)
            with self._db.core_read() as con:
                prof = station_repo.profile_row(con)
            return {
                "station": prof.name if prof is not None else "", "title": k.DOC_KINDS[kind][0],
                "doc_number": issued["doc_number"], "reporter": o.row.requester_name,
                "received_on": _cn_day(f.received_at), "channel": "全国12315平台",
                "platform_no": o.row.platform_no or "", "subject": o.row.subject_name,
                "decision": f.decision, "reason": decide_event.note,
                "decided_on": _cn_day(decided) if decided else "",
                "date": _cn_day(now),
            }  # fmt: skip

        payload, changes = self._transact("orders.handle", issue)
        with printed_at(self._db):
            return write_report_notice_pdf(payload, Path(path)), changes


class ReportForm(OrdersCore):
    """举报登记表 (文书式样二): internal, marked 内部资料 举报人信息保密; the reporter's name is on
    it (the station must know who reported), the phone masked. Printing it is audited as an
    export of personal data; the order is unchanged."""

    def print_report_form(self, number: str, path: Path) -> Path:
        from station_app.documents.order_pdf import write_report_form_pdf

        view = self.show(number)

        def read(tx: Tx) -> dict[str, Any]:
            o = self._load(tx, view.number)
            if o.row.kind != k.REPORT:
                raise ValidationError(
                    f"工单 {o.row.number} 是{k.KIND_LABELS[o.row.kind]}，只有12315举报有举报登记表。",
                    field="kind",
                )
            if o.row.requester_name or o.row.requester_phone:
                tx.exported(
                    KIND, o.row.id, {"document": "report_form", "fields": ["requester_name"]},
                    "打印举报登记表",
                )  # fmt: skip
            profile = station_repo.profile_row(tx.s.connection())
            return report_form_payload(
                view, profile.name if profile is not None else "", o.row.requester_name,
                o.row.requester_phone, o.row.real_name,
            )  # fmt: skip

        payload, _ = self._transact("data.export", read)
        with printed_at(self._db):
            return write_report_form_pdf(payload, Path(path))


def report_form_payload(
    v: OrderView, station: str, name: str, phone: str, real_name: bool
) -> dict[str, Any]:
    """The plain data of the 举报登记表: the order, the reporter (phone masked), the check's
    clock, the decision and the notice."""
    from station_app.domain.masking import mask_phone

    check = next((c for c in v.clocks if c.clock == "finish"), None)
    notice = next((c for c in v.clocks if c.clock == "notice"), None)
    decided = next((e for e in reversed(v.timeline) if e.step == k.DECIDE), None)
    return {
        "station": station, "number": v.number, "platform_no": v.platform_no,
        "received_at": fmt_time(v.received_at), "channel": v.channel, "category": v.category,
        "real_name": "实名" if real_name else "匿名",
        "reporter": name or "匿名",
        "phone": mask_phone(phone) if phone else "—",
        "subject": v.subject, "address": v.subject_address, "text": v.text,
        "assignee": v.assignee, "state": v.state,
        "check_due": f"{fmt_time(check.due)}（{check.status_label}）" if check else "—",
        "extended": "已批准延期" if check and "已批准延长" in check.explain else "",
        "decision": v.decision or "尚未决定",
        "decided_at": fmt_time(decided.at) if decided else "",
        "reason": decided.note if decided else "",
        "notice": (
            f"{fmt_time(notice.done_at)} 已告知" if notice and notice.done_at
            else (f"应于 {fmt_time(notice.due)} 前告知" if notice else "")
        ),
    }  # fmt: skip
