"""红黑榜, publication (公示): the notice of a period's listings, kept as a snapshot.

Reprints: a publication snapshot keeps the canonical JSON of what was published (with its
SHA-256) *and* the PDF bytes as issued. :meth:`Publication.reprint` returns those stored bytes,
so a reprint is **byte-identical** by construction; :meth:`Publication.redraw` rebuilds the PDF
from the JSON, which is byte-identical too as long as reportlab and the font files are the same
(invariant mode), and always text-identical. Business entities only: a natural person's name
is masked (``domain.lists.public_name``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from station_app.data.models import ListEntry, PublicationSnapshot, StationProfile
from station_app.data.repo import lists as repo
from station_app.data.repo.lists import EntryRow
from station_app.data.types import utc_now
from station_app.domain import lists as rules
from station_app.domain.anchors import Head
from station_app.domain.periods import Period, parse_period
from station_app.domain.wording import cn_date
from station_app.errors import StationError, ValidationError
from station_app.services.audit import current_head
from station_app.services.base import Changes, Tx
from station_app.services.lists.listing import KIND_ENTRY, Listing, snap

KIND_PUBLICATION = "list_publication"


@dataclass(frozen=True)
class PublicationInfo:
    id: int
    period: str
    title: str
    entry_count: int
    generated_at: datetime
    generated_by: str
    sha256: str


def build_notice_pdf(payload: dict[str, Any]) -> bytes:
    from station_app.documents.list_notice import build_notice_pdf as build  # reportlab: lazy

    return build(payload)


def build_notice_xlsx(payload: dict[str, Any]) -> bytes:
    from station_app.documents.list_notice import build_notice_xlsx as build  # openpyxl: lazy

    return build(payload)


def canonical_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _section(kind: Any, rows: list[EntryRow]) -> dict[str, Any]:
    mine = sorted(
        (r for r in rows if r.kind_id == kind.id), key=lambda r: (r.listed_on, r.entity_name, r.id)
    )
    return {
        "kind": kind.name,
        "colour": kind.colour,
        "rows": [
            {
                "no": i,
                "entry_id": r.id,
                "name": rules.public_name(r.entity_name, r.entity_type, r.legal_rep),
                "uscc": r.uscc,
                "summary": rules.public_text(
                    r.public_summary
                    or rules.default_summary(kind.name, kind.colour, r.decision_no),
                    [r.legal_rep],
                ),
                "listed_on": r.listed_on.isoformat(),
                "until": r.valid_until.isoformat() if r.valid_until else "",
            }
            for i, r in enumerate(mine, start=1)
        ],
    }


def _payload(
    p: Period, today: date, profile: Any, sections: list[dict], head: Head | None
) -> dict[str, Any]:
    station, seal = profile.name, profile.seal_text or profile.name
    closing = ["公示期间，对公示内容有异议的，可向本所书面反映。"]
    if profile.phone:
        closing.append(f"联系电话：{profile.phone}")
    return {
        "format": 1,
        "station": station,
        "issuer": seal,
        "title": rules.notice_title(station, p),
        "period": p.code,
        "period_label": p.label,
        "period_start": p.start.isoformat(),
        "period_end": p.last.isoformat(),
        "date": today.isoformat(),
        "date_text": cn_date(today),
        "intro": f"为褒扬诚信、惩戒失信，营造放心消费环境，根据市场监管信用管理有关规定，现将本所{p.label}红黑榜"
        f"（{cn_date(p.start)}至{cn_date(p.last)}期间列入）公示如下：",
        "sections": sections,
        "closing": closing,
        "audit_code": head.code if head is not None else "",
    }


class Publication(Listing):
    """Notices and their snapshots. Any thread."""

    def default_publish_kinds(self) -> list[str]:
        return [k.name for k in self.kinds(active_only=True) if k.published_by_station]

    def build_notice(
        self, period: str, kinds: list[str] | None = None, today: date | None = None
    ) -> dict[str, Any]:
        """The notice payload (what would be published), nothing saved: entries approved and
        listed, with a listing date inside the period, of the chosen kinds (default: those the
        station publishes itself)."""
        p = parse_period(period)
        today = today or self._clock.today()
        with self._db.session() as s:
            profile = s.get(StationProfile, 1)
            if profile is None:
                raise StationError("请先在“设置”中填写所基本信息（所名称），公示需要它。")
            all_kinds = repo.kinds(s)
            chosen = kinds or [k.name for k in all_kinds if k.active and k.published_by_station]
            unknown = [n for n in chosen if n not in {k.name for k in all_kinds}]
            if unknown:
                raise ValidationError(f"没有这些榜单：{'、'.join(unknown)}。", field="kinds")
            rows = repo.entry_rows(
                s, statuses=(rules.LISTED,), listed_from=p.start, listed_to=p.last
            )
            ordered = [k for k in all_kinds if k.name in chosen]
            ordered.sort(key=lambda k: (k.colour != rules.RED, k.sort_order, k.id))
            sections = [_section(k, rows) for k in ordered]
            head = current_head(s)  # printed on the notice (日志校验码) and kept in the snapshot
            return _payload(p, today, profile, sections, head)

    def preview_pdf(
        self, period: str, kinds: list[str] | None = None, today: date | None = None
    ) -> bytes:
        return build_notice_pdf(self.build_notice(period, kinds, today))

    def publish(
        self, period: str, kinds: list[str] | None = None, today: date | None = None
    ) -> tuple[PublicationInfo, Changes]:
        """Build the notice, keep it as a snapshot (JSON + SHA-256 + PDF bytes) and mark the
        entries it names as published. The same notice again (same content and day: the PDF
        then the XLSX) is the snapshot already kept, not a second publication."""
        self._auth.require("lists.approve")
        today = today or self._clock.today()
        payload = self.build_notice(period, kinds, today)
        same = self._same_snapshot(payload)
        if same is not None:
            return same, Changes()
        text = canonical_json(payload)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        pdf = build_notice_pdf(payload)
        ids = [row["entry_id"] for sec in payload["sections"] for row in sec["rows"]]

        def publish(tx: Tx) -> PublicationInfo:
            snap_row = PublicationSnapshot(
                period=payload["period"],
                title=payload["title"],
                kinds=json.dumps([sec["kind"] for sec in payload["sections"]], ensure_ascii=False),
                entry_count=len(ids),
                generated_at=utc_now(),
                generated_by=tx.actor.username,
                payload=text,
                sha256=digest,
                pdf=pdf,
            )
            tx.s.add(snap_row)
            tx.s.flush()
            what = {
                "period": [None, snap_row.period],
                "entries": [None, len(ids)],
                "sha256": [None, digest],
            }
            tx.exported(KIND_PUBLICATION, snap_row.id, what, snap_row.title)
            tx.touch(KIND_PUBLICATION, [snap_row.id])
            tx.touch(KIND_ENTRY, ids)
            for entry_id in ids:
                row = tx.s.get(ListEntry, entry_id)
                if row is not None and row.published_on is None:
                    before = snap(row)
                    row.published_on, row.publication_id = today, snap_row.id
                    tx.s.flush()
                    tx.updated(KIND_ENTRY, row.id, before, snap(row), snap_row.title)
            return PublicationInfo(
                snap_row.id,
                snap_row.period,
                snap_row.title,
                snap_row.entry_count,
                snap_row.generated_at,
                tx.actor.display_name or snap_row.generated_by,
                snap_row.sha256,
            )

        return self._transact("lists.approve", publish)

    def _same_snapshot(self, payload: dict[str, Any]) -> PublicationInfo | None:
        """The latest snapshot of the period when it says what ``payload`` says (the audit
        head it carries aside: publishing moves it)."""
        latest = next((p for p in self.publications() if p.period == payload["period"]), None)
        if latest is None:
            return None
        kept = self.snapshot_payload(latest.id)
        if {**kept, "audit_code": ""} != {**payload, "audit_code": ""}:
            return None
        return latest

    def publications(self) -> list[PublicationInfo]:
        with self._db.session() as s:
            return [PublicationInfo(*r) for r in repo.publication_summaries(s)]

    def snapshot_payload(self, publication_id: int) -> dict[str, Any]:
        """The published JSON, after checking it still matches its SHA-256."""
        with self._db.session() as s:
            row = s.get(PublicationSnapshot, publication_id)
            if row is None:
                raise StationError("该公示快照不存在。")
            text, digest = row.payload, row.sha256
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
            raise StationError("公示快照的内容与其校验值不符（可能被改动），不能据此重印。")
        return json.loads(text)

    def reprint(self, publication_id: int) -> bytes:
        """The PDF exactly as published (byte-identical: the stored bytes)."""
        self.snapshot_payload(publication_id)  # integrity check
        with self._db.session() as s:
            row = s.get(PublicationSnapshot, publication_id)
            assert row is not None  # checked just above
            return bytes(row.pdf)

    def redraw(self, publication_id: int) -> bytes:
        """The PDF rebuilt from the stored JSON (text-identical; byte-identical with the same
        reportlab and fonts)."""
        return build_notice_pdf(self.snapshot_payload(publication_id))

    def reprint_xlsx(self, publication_id: int) -> bytes:
        return build_notice_xlsx(self.snapshot_payload(publication_id))

    def export_publication(self, publication_id: int, path: Path) -> Path:
        """Write a snapshot as PDF (the stored bytes) or XLSX (from its JSON), by extension."""
        path = Path(path)
        data = (
            self.reprint_xlsx(publication_id)
            if path.suffix.lower() == ".xlsx"
            else self.reprint(publication_id)
        )
        from station_app.files import write_private

        return write_private(path, data)
