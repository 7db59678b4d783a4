"""Paper out for one visit (docs/areas/patrols.md §13): the 现场检查笔录 of a record and the
责令改正通知书 of its ordered hazards. The notice is numbered when issued (``doc_counter``
kind ``zlgz``, ``东市监责改〔2026〕3号``) and reprinted with the same number; every print is an
audited export stamped with the 日志校验码 (``services.audit.printed_at``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from station_app.data.models import (
    ChecklistVersion,
    Entity,
    Hazard,
    PatrolRecord,
    Person,
    RectificationNotice,
)
from station_app.data.repo import complaints as counter_repo
from station_app.data.repo import outreach as station_repo
from station_app.data.repo import patrols as repo
from station_app.domain.patrols import checklists as C
from station_app.domain.patrols import hazards as H
from station_app.domain.patrols import notices as N
from station_app.domain.patrols import records as D
from station_app.domain.patrols.rules import KIND_LABELS
from station_app.errors import NotFoundError, ValidationError
from station_app.services.base import Changes, Service, Tx
from station_app.services.calendar import work_calendar
from station_app.services.patrols.records import KIND_HAZARD, KIND_RECORD, _hazard_snap

KIND_NOTICE = "rectification_notice"
RECORD_GONE, HAZARD_GONE = "该巡查记录不存在。", "该隐患不存在。"


@dataclass(frozen=True)
class NoticeView:
    id: int
    number: str
    record_id: int
    entity_id: int
    issued_on: date
    deadline: date
    basis: str
    hazard_ids: tuple[int, ...]


def cn_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _notice_view(s, n: RectificationNotice) -> NoticeView:
    ids = tuple(h.id for h in repo.record_hazards(s, n.record_id) if h.notice_id == n.id)
    return NoticeView(
        n.id, n.number, n.record_id, n.entity_id, n.issued_on, n.deadline, n.basis, ids
    )


def _live_record(tx: Tx, record_id: int) -> PatrolRecord:
    row = tx.load(PatrolRecord, record_id, missing=RECORD_GONE)
    if row.voided:
        raise ValidationError(f"巡查记录 {record_id} 已作废，不能打印文书。", field="voided")
    return row


class PatrolPrints(Service):
    """Notices and 笔录. Any thread; writes on the writer."""

    def issue_notice(self, record_id: int, basis: str = "") -> tuple[NoticeView, Changes]:
        """开具 the 责令改正通知书 of a record's open ordered hazards not on a notice yet
        (numbered now); a record whose ordered hazards are all on one gets that one back."""

        def issue(tx: Tx) -> int:
            row = _live_record(tx, record_id)
            hazards = repo.record_hazards(tx.s, row.id)
            ordered = [h for h in hazards if h.mode == H.ORDERED and h.deadline is not None]
            pending = [h for h in ordered if h.state == H.OPEN and h.notice_id is None]
            if not pending:
                issued = next((h.notice_id for h in ordered if h.notice_id), None)
                if issued is not None:
                    return issued
                raise ValidationError(
                    "该记录没有待整改（责令限期整改）的隐患，不需要开具责令改正通知书。",
                    field="hazards",
                )
            return _issue(tx, row, pending, basis)

        notice_id, changes = self._transact("patrols.order", issue)
        with self._db.session() as s:
            return _notice_view(s, s.get(RectificationNotice, notice_id)), changes

    def notice_of(self, *, record_id: int | None = None, hazard_id: int | None = None):
        """The notice a record's (or a hazard's) hazards are on, or None."""
        self._auth.require("data.view")
        with self._db.session() as s:
            if hazard_id is not None:
                h = s.get(Hazard, hazard_id)
                if h is None:
                    raise NotFoundError(HAZARD_GONE)
                notice_id, record_id = h.notice_id, h.record_id
            else:
                hazards = repo.record_hazards(s, record_id or 0)
                notice_id = next((h.notice_id for h in hazards if h.notice_id), None)
            n = s.get(RectificationNotice, notice_id) if notice_id else None
            return _notice_view(s, n) if n is not None else None

    def print_notice(
        self, out: Path | str, *, record_id: int | None = None, hazard_id: int | None = None
    ) -> tuple[NoticeView, Changes]:
        """``print notice``: the notice of a record (or of the record a hazard was found in),
        issued first when it has none; then printed 一式两份."""
        if hazard_id is not None:
            notice = self.notice_of(hazard_id=hazard_id)
            with self._db.session() as s:
                record_id = s.get_one(Hazard, hazard_id).record_id
        elif record_id is not None:
            notice = self.notice_of(record_id=record_id)
        else:
            raise ValidationError("请指定巡查记录或隐患。", field="record")
        issued = Changes()
        if notice is None:
            notice, issued = self.issue_notice(record_id)
        return notice, issued | self._print(out, notice)

    def _print(self, out: Path | str, notice: NoticeView) -> Changes:
        from station_app.documents.rectification_notice import write_notices
        from station_app.services.audit import printed_at

        def write(tx: Tx) -> None:
            row = _live_record(tx, notice.record_id)
            doc = _notice_doc(tx, tx.s.get(RectificationNotice, notice.id), row)
            tx.exported(KIND_NOTICE, notice.id, {"file": Path(out).name}, "打印责令改正通知书")
            tx.write_audit()
            with printed_at(tx.s):
                write_notices(Path(out), [doc])

        return self._transact("data.export", write)[1]

    def print_inspection(self, record_id: int, out: Path | str) -> Changes:
        """``print inspection``: the 现场检查笔录 of a record (audited as an export)."""
        from station_app.documents.inspection_record import write_inspection
        from station_app.services.audit import printed_at

        def write(tx: Tx) -> None:
            row = _live_record(tx, record_id)
            if row.result == D.CLOSED_DOOR:
                raise ValidationError(
                    "闭门未遇的记录没有检查内容，不打印现场检查笔录。", field="result"
                )
            doc = _inspection_doc(tx, row)
            tx.exported(KIND_RECORD, row.id, {"file": Path(out).name}, "打印现场检查笔录")
            tx.write_audit()
            with printed_at(tx.s):
                write_inspection(Path(out), [doc])

        return self._transact("data.export", write)[1]


def _issue(tx: Tx, row: PatrolRecord, hazards: list[Hazard], basis: str) -> int:
    text = N.basis_for([h.category for h in hazards], basis)
    year = tx.today.year
    seq = counter_repo.allocate_number(tx.s, N.COUNTER, year)
    number = N.notice_number(station_repo.station(tx.s).doc_prefix, year, seq)
    deadline = max(h.deadline for h in hazards if h.deadline is not None)
    notice = RectificationNotice(
        number=number, year=year, seq=seq, entity_id=row.entity_id, record_id=row.id,
        issued_on=tx.today, deadline=deadline, basis=text, issued_by=tx.actor.username,
    )  # fmt: skip
    tx.s.add(notice)
    tx.s.flush()
    shown = {"number": number, "record_id": row.id, "deadline": deadline.isoformat(),
             "basis": text, "hazards": [h.id for h in hazards]}  # fmt: skip
    tx.created(KIND_NOTICE, notice.id, shown, "开具责令改正通知书")
    for h in hazards:
        before = _hazard_snap(h)
        h.notice_id = notice.id
        tx.s.flush()
        tx.updated(KIND_HAZARD, h.id, before | {"notice": None}, _hazard_snap(h) | {
            "notice": number}, "开具责令改正通知书")  # fmt: skip
    return notice.id


def _officers(tx: Tx, record_id: int) -> tuple[str, ...]:
    out = []
    for person_id in repo.record_inspectors(tx.s, record_id):
        p = tx.s.get(Person, person_id)
        if p is not None:
            out.append(f"{p.name}（执法证号 {p.cert_no}）" if p.cert_no else p.name)
    return tuple(out)


def _notice_doc(tx: Tx, n: RectificationNotice, row: PatrolRecord):
    from station_app.documents.rectification_notice import NoticeDoc, NoticeItem

    entity = tx.s.get_one(Entity, n.entity_id)
    station = station_repo.station(tx.s)
    hazards = [h for h in repo.record_hazards(tx.s, n.record_id) if h.notice_id == n.id]
    ordered = [_ordered_by(tx, h, n) for h in hazards]
    items = tuple(NoticeItem(_problem(h), cn_day(d)) for h, d in zip(hazards, ordered, strict=True))
    cal = work_calendar(tx.s)
    days = [
        H.recheck_day(d, cal) for h, d in zip(hazards, ordered, strict=True) if h.recheck_task_id
    ]
    how = KIND_LABELS.get(row.kind, "检查")
    found = f"{cn_day(D.local(row.at).date())}，本机关执法人员在{how}中发现你（单位）存在下列问题："
    return NoticeDoc(
        n.number, entity.name, entity.uscc or "", entity.address, entity.legal_rep, found,
        items, n.basis, cn_day(n.deadline), cn_day(min(days)) if days else "", N.CONSEQUENCE,
        station.county_bureau or station.name or "市场监督管理所", cn_day(n.issued_on),
        _officers(tx, row.id),
    )  # fmt: skip


def _ordered_by(tx: Tx, h: Hazard, n: RectificationNotice) -> date:
    """The deadline the notice ordered: before any 延期 (an extension is its own decision;
    a reprint of the notice says what it said when it was served)."""
    extensions = repo.hazard_extensions(tx.s, h.id)
    return extensions[0][0] if extensions else (h.deadline or n.deadline)


def _problem(h: Hazard) -> str:
    if h.description and h.description != h.category:
        return f"{h.description}（{h.category}）"
    return h.category


def _checklist_version_items(s, version_id: int | None) -> tuple[str, tuple]:
    """The name (with its version) and items of the checklist version a record used."""
    v = s.get(ChecklistVersion, version_id) if version_id else None
    if v is None:
        return "", ()
    items = C.Checklist.from_json("", v.name, (), v.items, v.number).items
    return f"{v.name}（第 {v.number} 版）", items


def _inspection_doc(tx: Tx, row: PatrolRecord):
    from station_app.documents.inspection_record import InspectionAnswer, InspectionDoc

    entity = tx.s.get_one(Entity, row.entity_id)
    station = station_repo.station(tx.s)
    at = D.local(row.at)
    name, items = _checklist_version_items(tx.s, row.checklist_version_id)
    answers = C.answers_from_json(row.answers)
    lines = tuple(
        InspectionAnswer(
            n,
            item.text,
            C.ANSWER_LABELS.get(answers[item.key].value, "") if item.key in answers else "未填",
            answers[item.key].note if item.key in answers else "",
        )
        for n, item in enumerate(items, 1)
    )
    findings = tuple(
        f"{n}．{_problem(h)}："
        + (f"责令于{cn_day(h.deadline)}前整改" if h.deadline else H.MODE_LABELS[h.mode])
        for n, h in enumerate(repo.record_hazards(tx.s, row.id), 1)
    )
    kind = KIND_LABELS.get(row.kind, row.kind)
    source = D.SOURCE_LABELS.get(row.source, row.source)
    ref = f" {row.reference}" if row.reference else ""
    return InspectionDoc(
        f"巡查记录第 {row.id} 号", entity.name, entity.uscc or "", entity.address,
        entity.legal_rep, f"{cn_day(at.date())} {at:%H:%M}", entity.address,
        f"{kind}（{source}{ref}）", _officers(tx, row.id), row.present_party, name, lines,
        findings, D.RESULT_LABELS.get(row.result, row.result), row.note,
        station.name,
    )  # fmt: skip
