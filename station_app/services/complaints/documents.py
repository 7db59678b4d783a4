"""投诉调解, the documents: issue (number) and print the case's documents, and export the list.

A document number is allocated in the same transaction that records the document
(``data/repo/complaints.allocate_number``), and a printed PDF is written in that transaction
too: if the PDF cannot be written, no number is used. A second issue of a kind is a reprint
(副本) with the same number.

What is printed of the parties (FACTS §3.2, §7; issue 17): names in full on every copy (the
parties sign it); each party's copy shows that party's own data in full and the other party's
personal data masked (PIPL minimum necessary). The complainant's phone, address, ID number and
the agent's phone are masked on the 被投诉人联 (it goes to the business), in full on the
投诉人联 and the 存档联 the office keeps, and only for a user allowed to see unmasked data:
that print is logged as an export of the fields printed. The respondent's phone is masked on
the 投诉人联 when it is a natural person's (个体工商户, 未登记) or a mobile
(``domain.entities.is_personal_phone``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from station_app.data import audit
from station_app.data.models import Complaint, ComplaintDocument, Entity, StationProfile
from station_app.data.repo import complaints as repo
from station_app.domain import complaints as rules
from station_app.domain.complaints import DOC_KINDS, ComplaintFilter
from station_app.domain.entities import entity_type_for, is_personal_phone
from station_app.errors import ValidationError
from station_app.services.audit import printed_at
from station_app.services.base import Changes, Tx
from station_app.services.complaints.cases import (
    EDIT,
    KIND,
    MEDIATE,
    PERSONAL_FIELDS,
    Cases,
    ComplaintView,
    load_case,
    station_name,
    view_of,
)

if TYPE_CHECKING:
    from station_app.documents.mediation import CaseDocument

# Document kinds that print the complainant's details (the others name the complainant only).
PARTY_DOC_KINDS = ("agreement", "record")
Copies = tuple[str, ...] | None


@dataclass(frozen=True)
class IssuedDocument:
    kind: str
    label: str
    number: str
    issued_on: date
    reprint: bool
    prints: int


def _can_issue(row: Complaint, kind: str) -> bool:
    agreed = bool(row.terms) and row.result_on is not None and not row.termination_reason
    return {
        "acceptance": row.decided_on is not None and not row.refusal_ground,
        "refusal": bool(row.refusal_ground),
        "agreement": agreed,
        "record": agreed,
        "termination": bool(row.termination_reason),
    }[kind]


def _document_date(row: Complaint, kind: str) -> date | None:
    return row.decided_on if kind in ("acceptance", "refusal") else row.result_on


def _permission(kind: str) -> str:
    """Who may issue ``kind``; an unknown kind is refused before anything is read."""
    if kind not in DOC_KINDS:
        raise ValidationError(f"未知的文书种类：{kind}。", field="kind")
    return MEDIATE if kind in ("agreement", "record", "termination") else EDIT


class Documents(Cases):
    """Issuing and printing a case's documents. Any thread."""

    def available_documents(self, view: ComplaintView) -> list[str]:
        """Document kinds that can be printed for the case in its present state."""
        kinds = []
        if view.decided_on is not None and not view.refusal_ground:
            kinds.append("acceptance")
        if view.refusal_ground:
            kinds.append("refusal")
        if view.terms:
            kinds.append(rules.agreement_kind(view.performed_on_spot))
        if view.termination_reason:
            kinds.append("termination")
        return kinds

    def issue_document(
        self, complaint_id: int, kind: str, *, today: date | None = None
    ) -> tuple[IssuedDocument, Changes]:
        """Record that ``kind`` is issued; allocate its number in this same transaction.
        A second issue of the same kind is a reprint (副本) with the same number."""
        return self._transact(
            _permission(kind), lambda tx: self._issue_in(tx, complaint_id, kind, today or tx.today)
        )

    def print_document(
        self,
        complaint_id: int,
        kind: str,
        out: Path,
        *,
        copies: Copies = None,
        today: date | None = None,
    ) -> tuple[IssuedDocument, Changes]:
        """Issue (or reprint) and write the PDF to ``out`` in one transaction."""
        from station_app.documents import mediation

        def issue_and_print(tx: Tx) -> IssuedDocument:
            issued = self._issue_in(tx, complaint_id, kind, today or tx.today)
            doc = self._doc_data(tx, complaint_id, kind, issued, copies)
            tx.write_audit()
            with printed_at(tx.s):  # the head after this issue's audit row
                mediation.write_document(out, [doc], kind=kind, copies=copies)
            return issued

        return self._transact(_permission(kind), issue_and_print)

    def print_agreements(
        self, complaint_ids: list[int], out: Path, *, copies: Copies = None
    ) -> tuple[list[IssuedDocument], Changes]:
        """Many agreements (or 调解记录 for cases performed on the spot) in one PDF, issued in
        one transaction with the file; personal data as in :meth:`print_document`."""
        from station_app.documents import mediation

        def issue_and_print(tx: Tx) -> list[IssuedDocument]:
            issued_all, docs = [], []
            for cid in complaint_ids:
                kind = rules.agreement_kind(load_case(tx.s, cid).performed_on_spot)
                issued = self._issue_in(tx, cid, kind, tx.today)
                issued_all.append(issued)
                docs.append(self._doc_data(tx, cid, kind, issued, copies))
            tx.write_audit()
            with printed_at(tx.s):  # the head after these issues' audit rows
                mediation.write_document(out, docs, kind=None, copies=copies)
            return issued_all

        return self._transact(_permission("agreement"), issue_and_print)

    def _issue_in(self, tx: Tx, complaint_id: int, kind: str, today: date) -> IssuedDocument:
        label = DOC_KINDS[kind][0]
        repo.lock(tx.s, complaint_id)
        row = load_case(tx.s, complaint_id)
        if not _can_issue(row, kind):
            raise ValidationError(
                f"投诉 {row.number} 当前状态为“{row.status}”，还不能出具{label}。", field="kind"
            )
        doc = repo.document(tx.s, complaint_id, kind)
        if doc is not None:
            doc.prints += 1
            tx.s.flush()
            result = IssuedDocument(kind, label, doc.number, doc.issued_on, True, doc.prints)
        else:
            result = self._new_document(tx, row, kind, today)
        action = "重印" if result.reprint else "出具"
        text = f"{action}{label} {result.number}".strip()
        tx.record(audit.UPDATE, KIND, complaint_id, {"document": [None, text]})
        return result

    @staticmethod
    def _new_document(tx: Tx, row: Complaint, kind: str, today: date) -> IssuedDocument:
        label, mark = DOC_KINDS[kind]
        issued_on = _document_date(row, kind) or today
        number = ""
        if mark:
            profile = tx.s.get(StationProfile, 1)
            prefix = profile.doc_prefix if profile and profile.doc_prefix else "市监"
            n = repo.allocate_number(tx.s, kind, issued_on.year)
            number = rules.doc_number(prefix, mark, issued_on.year, n)
        document = ComplaintDocument(
            complaint_id=row.id,
            kind=kind,
            number=number,
            issued_on=issued_on,
            issued_by=tx.actor.username,
            prints=1,
        )
        tx.s.add(document)
        tx.s.flush()
        return IssuedDocument(kind, label, number, issued_on, False, 1)

    def _unmasked_copies(self, tx: Tx, row: Complaint, kind: str, copies: Copies) -> bool:
        """True when a copy that shows the complainant's data in full (投诉人联, 存档联) of a
        document that prints it is printed by a user allowed to see unmasked data; the export
        of the non-empty personal fields is logged in the caller's transaction."""
        from station_app.documents.mediation import COMPLAINANT_FULL_COPIES

        full = [c for c in COMPLAINANT_FULL_COPIES if copies is None or c in copies]
        if kind not in PARTY_DOC_KINDS or not full:
            return False
        if not self._auth.can("personal.unmasked"):
            return False
        printed = [k for k in PERSONAL_FIELDS if getattr(row, k)]
        if not printed:
            return False
        self._auth.require("personal.unmasked")
        reason = f"打印{DOC_KINDS[kind][0]}{'、'.join(full)}"
        tx.exported(KIND, row.id, {"fields": printed}, reason)
        return True

    def _doc_data(
        self, tx: Tx, complaint_id: int, kind: str, issued: IssuedDocument, copies: Copies
    ) -> CaseDocument:
        from station_app.documents.mediation import CaseDocument

        row = load_case(tx.s, complaint_id)
        station = station_name(tx.s, row)
        docs = repo.documents(tx.s, row.id)
        full = self._unmasked_copies(tx, row, kind, copies)
        p = tx.s.get(StationProfile, 1)
        name = p.name if p else "市场监督管理所"
        return CaseDocument(
            case=view_of(row, station, docs),
            number=issued.number,
            issued_on=issued.issued_on,
            reprint=issued.reprint,
            station_name=name,
            bureau=p.county_bureau if p else "",
            seal_text=(p.seal_text or p.name) if p else name,
            station_address=p.address if p else "",
            station_phone=p.phone if p else "",
            unmasked_case=view_of(row, station, docs, unmasked=True) if full else None,
            respondent_phone_personal=_respondent_phone_personal(tx, row),
        )

    def export_xlsx(self, flt: ComplaintFilter, out: Path) -> int:
        """The filtered list to Excel, personal data masked; returns the number of rows."""
        self._auth.require("data.export")
        rows = self.list_cases(flt)
        from station_app.exports.complaints_xlsx import write_complaints

        write_complaints(out, rows)
        what = {"rows": len(rows), "file": Path(out).name}
        self._transact(
            "data.export", lambda tx: tx.exported(KIND, "list", what, "导出投诉列表（已脱敏）")
        )
        return len(rows)


def _respondent_phone_personal(tx: Tx, row: Complaint) -> bool:
    """Whether the respondent's phone is personal data: the linked entity's type, else the
    type the USCC says (no code: 未登记, a natural person)."""
    entity = tx.s.get(Entity, row.entity_id) if row.entity_id else None
    kind = entity.entity_type if entity is not None else entity_type_for(row.respondent_uscc)
    return is_personal_phone(kind, row.respondent_phone or "")
