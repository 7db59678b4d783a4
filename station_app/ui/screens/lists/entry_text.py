"""What the 红黑榜 details pane says about an entry, as text (pure functions, no Qt)."""

from __future__ import annotations

from datetime import date

from station_app.domain import lists as rules
from station_app.services.lists import EntryRow
from station_app.ui.screens.lists import labels as L
from station_app.ui.widgets.dates import format_date


def esc(text: object) -> str:
    """Plain text → rich-text-safe HTML (line breaks kept)."""
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", "<br>")
    )


def _removal(r: EntryRow) -> str:
    if not r.removed_on:
        return ""
    return L.D_REMOVAL.format(format_date(r.removed_on), r.removal_way or "", r.removal_basis)


def detail_html(r: EntryRow) -> str:
    """The entry's fields as a two-column table (empty ones left out)."""
    values = (
        L.D_ENTITY.format(r.entity_name, r.uscc or L.NO_CODE, r.entity_type),
        L.D_LIST.format(rules.COLOUR_LABELS[r.colour], r.kind),
        rules.STATUS_LABELS.get(r.status, r.status),
        format_date(r.listed_on),
        format_date(r.valid_until) or L.NO_END,
        format_date(r.review_on),
        rules.TIER_LABELS.get(r.tier or "", ""),
        r.reason,
        r.public_summary,
        r.legal_basis,
        r.decision_no,
        r.authority,
        r.source,
        r.proposed_by,
        r.approved_by,
        r.refusal_reason,
        format_date(r.published_on),
        _removal(r),
    )
    rows = "".join(
        L.D_ROW.format(label, esc(value))
        for label, value in zip(L.DETAIL_ROWS, values, strict=True)
        if value
    )
    return L.D_TABLE.format(rows)


def repair_hint(r: EntryRow) -> str:
    """When the entry may be repaired, or that it ends by itself (minor listings)."""
    serious = r.tier in (rules.MODERATE, rules.SERIOUS)
    if r.colour == rules.BLACK and r.status == rules.LISTED and serious:
        return L.REPAIR_HINT.format(
            tier=rules.TIER_LABELS[r.tier],
            earliest=rules.earliest_repair_date(r.listed_on, r.tier),
            end=rules.automatic_end(r.listed_on, r.tier),
            days=rules.REPAIR_WORKING_DAYS,
        )
    return L.MINOR_HINT if r.tier == rules.MINOR else ""


def repair_cells(rep, today: date) -> tuple[str, ...]:
    """A repair as a row of the 信用修复 table."""
    status = rep.status_label + (L.OVERDUE if rep.overdue(today) else "")
    return (
        format_date(rep.applied_on),
        format_date(rep.earliest_on),
        format_date(rep.deadline_on),
        status,
    )
