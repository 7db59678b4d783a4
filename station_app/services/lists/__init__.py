"""Red and black lists (红黑榜): listing with two-person approval, removal, expiry, credit repair,
dashboard queries, publication notices with snapshots, and import of the credit system's lists.

One service, :class:`ListService`, written in parts: ``kinds`` (the list kinds), ``listing``
(entries, proposals, approval, removal, expiry, what falls due), ``repair`` (信用修复),
``publication`` (notices and snapshots) and ``credit_import`` (the credit system's lists).

Permissions: ``lists.propose`` (propose, refuse, remove, register and check repairs, expire
job), ``lists.approve`` (approve, decide repairs, publish, import). Every change writes audit
rows in its own transaction.
"""

from station_app.clock import today as local_today
from station_app.data.repo.lists import EntityBrief, EntryRow
from station_app.domain.lists import EntryFilter
from station_app.queries.lists import EntryRows
from station_app.services.lists.credit_import import CreditImport, ImportIssue, ImportResult
from station_app.services.lists.kinds import KIND_LIST_KIND, KindInfo
from station_app.services.lists.listing import (
    ENTRY_FIELD_LABELS,
    KIND_ENTRY,
    KIND_REPAIR,
    DraftCheck,
    DueItem,
    DueReport,
    EntryDraft,
)
from station_app.services.lists.publication import (
    KIND_PUBLICATION,
    Publication,
    PublicationInfo,
    canonical_json,
)
from station_app.services.lists.repair import RepairInfo, Repairs


class ListService(Repairs, Publication, CreditImport):
    """Every use case of 红黑榜. Any thread; each call opens its own session."""


__all__ = [
    "ENTRY_FIELD_LABELS",
    "KIND_ENTRY",
    "KIND_LIST_KIND",
    "KIND_PUBLICATION",
    "KIND_REPAIR",
    "DraftCheck",
    "DueItem",
    "DueReport",
    "EntityBrief",
    "EntryDraft",
    "EntryFilter",
    "EntryRow",
    "EntryRows",
    "ImportIssue",
    "ImportResult",
    "KindInfo",
    "ListService",
    "PublicationInfo",
    "RepairInfo",
    "canonical_json",
    "local_today",
]
