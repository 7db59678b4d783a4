"""The 首违不罚 check (首违不罚审查): the app proposes, the officer decides. Pure, no I/O.

For a violation it reads the type's listings in force on the found day (:mod:`.types`), the
entity's other violations of the same type, the harm, the rectification and whether the
entity was on a black list, and says for each criterion whether it is met and why
(FIELDWORK §6: "first" = no violation of the same kind within 2 years; the lists as data with
effective dates). The decision rules (:mod:`.decisions`) require an override reason when the
officer decides against it; both go to the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from station_app.domain.violations.rules import (
    GROUNDS,
    HARMS,
    LOOKBACK_MONTHS,
    MINOR_HARM,
    NO_HARM,
    UNASSESSED,
    in_lookback,
    months_before,
    rectify_deadline,
)
from station_app.domain.violations.types import MINOR, Listing, listings_in_force


# -- the check -------------------------------------------------------------------------
@dataclass(frozen=True)
class Prior:
    """Another violation of the same type of the same entity (not voided)."""

    id: int
    found_on: date
    decision: str | None = None


@dataclass(frozen=True)
class LeniencyFacts:
    """What the check reads from the records."""

    id: int
    type_code: str
    type_name: str
    found_on: date
    harm: str
    ordered_on: date | None
    deadline: date | None
    rectified_on: date | None
    listings: tuple[Listing, ...] = ()
    priors: tuple[Prior, ...] = ()
    blacklisted: bool = False


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    met: bool | None  # None: not required by the ground, or for the officer to confirm
    text: str
    required: bool = True

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "label": self.label,
            "met": self.met,
            "required": self.required,
            "text": self.text,
        }


@dataclass(frozen=True)
class LeniencyCheck:
    """The app's proposal: ``eligible`` for 不予处罚 on ``ground`` (the listing's kind), each
    criterion with its reason. ``priors`` are the same-type violations within 24 months."""

    id: int
    eligible: bool
    ground: str | None
    listing: Listing | None
    criteria: tuple[Criterion, ...]
    priors: tuple[Prior, ...] = ()

    @property
    def reasons(self) -> list[str]:
        return [c.text for c in self.criteria]

    @property
    def unmet(self) -> list[Criterion]:
        return [c for c in self.criteria if c.required and c.met is False]

    def summary(self) -> str:
        if self.eligible and self.ground:
            return f"符合{GROUNDS[self.ground]}条件，建议不予行政处罚（由执法人员决定）。"
        return "不符合首违不罚、轻微免罚条件，建议依法处理（由执法人员决定）。"

    def as_dict(self) -> dict[str, object]:
        """The JSON of ``violations leniency`` and of the decision's audit row."""
        listing = None
        if self.listing is not None:
            x = self.listing
            listing = {
                "list": x.kind_label,
                "document": x.document,
                "list_name": x.list_name,
                "item": x.item_no,
                "effective_from": x.effective_from.isoformat(),
                "effective_to": x.effective_to.isoformat() if x.effective_to else None,
                "conditions": list(x.conditions),
            }
        return {
            "id": self.id,
            "eligible": self.eligible,
            "ground": GROUNDS[self.ground] if self.ground else None,
            "summary": self.summary(),
            "reasons": self.reasons,
            "criteria": [c.as_dict() for c in self.criteria],
            "listing": listing,
            "priors": [
                {"id": p.id, "found_on": p.found_on.isoformat(), "decision": p.decision}
                for p in self.priors
            ],
        }


def check_leniency(f: LeniencyFacts) -> LeniencyCheck:
    """Propose whether a violation may go without a penalty (FIELDWORK §6; design §6).

    首违不罚 (a listing of kind ``first`` in force on the found day) requires: no same-type
    violation in the 24 months before, harm minor or none, rectified by the deadline, not on a
    black list. 轻微免罚 (kind ``minor``) requires harm none, rectified by the deadline, not on
    a black list (a prior is shown, not required). The listing's own conditions are listed for
    the officer to confirm and do not decide eligibility."""
    listings = listings_in_force(f.listings, f.type_code, f.found_on)
    listing = listings[0] if listings else None
    ground = listing.list_kind if listing else None
    priors = tuple(
        sorted(
            (p for p in f.priors if p.id != f.id and _counts_as_prior(p, f)),
            key=lambda p: (p.found_on, p.id),
            reverse=True,
        )
    )
    criteria = (
        _listed(f, listing),
        _first(f, priors, required=ground != MINOR),
        _harm(f, ground),
        _rectified(f),
        _not_blacklisted(f),
        *_conditions(listing),
    )
    eligible = listing is not None and all(c.met for c in criteria if c.required)
    return LeniencyCheck(f.id, eligible, ground, listing, criteria, priors)


def _counts_as_prior(p: Prior, f: LeniencyFacts) -> bool:
    if not in_lookback(p.found_on, f.found_on):
        return False
    return p.found_on < f.found_on or p.id < f.id


def _listed(f: LeniencyFacts, listing: Listing | None) -> Criterion:
    label = "列入免罚清单"
    if listing is None:
        return Criterion(
            "listed",
            label,
            False,
            f"“{f.type_name}”不在 {f.found_on.isoformat()} 有效的首违不罚或轻微免罚清单内。",
        )
    return Criterion(
        "listed",
        label,
        True,
        f"“{f.type_name}”列入{listing.citation()}，{listing.effective_from.isoformat()} 起施行。",
    )


def _first(f: LeniencyFacts, priors: Sequence[Prior], *, required: bool) -> Criterion:
    since = months_before(f.found_on, LOOKBACK_MONTHS)
    label = "首次违法（24个月内无同类违法行为）"
    if not priors:
        text = f"{since.isoformat()} 之后本所无该主体同类违法行为记录，属首次违法。"
        return Criterion("first", label, True, text, required)
    p = priors[0]
    more = f"等 {len(priors)} 起" if len(priors) > 1 else ""
    text = (
        f"该主体 {p.found_on.isoformat()} 已有同类违法行为（编号 {p.id}）{more}，"
        f"在 {LOOKBACK_MONTHS} 个月内，不属于首次违法。"
    )
    if not required:
        text += "（轻微免罚不以首次违法为条件，仅供参考。）"
    return Criterion("first", label, False if required else None, text, required)


def _harm(f: LeniencyFacts, ground: str | None) -> Criterion:
    label = "危害后果"
    if f.harm == UNASSESSED:
        return Criterion("harm", label, False, "尚未评估危害后果，请在违法行为中填写。")
    if ground == MINOR:
        ok = f.harm == NO_HARM
        tail = "符合轻微免罚“没有造成危害后果”的要求。" if ok else "轻微免罚要求没有造成危害后果。"
    else:
        ok = f.harm in (NO_HARM, MINOR_HARM)
        tail = "符合“危害后果轻微”的要求。" if ok else "首违不罚要求危害后果轻微。"
    return Criterion("harm", label, ok, f"{HARMS[f.harm]}，{tail}")


def _rectified(f: LeniencyFacts) -> Criterion:
    label = "及时改正"
    due = rectify_deadline(f.found_on, f.ordered_on, f.deadline)
    if f.rectified_on is None:
        return Criterion("rectified", label, False, f"尚未改正（改正期限 {due.isoformat()}）。")
    if f.rectified_on > due:
        text = (
            f"{f.rectified_on.isoformat()} 改正，晚于改正期限 {due.isoformat()}，不属于及时改正。"
        )
        return Criterion("rectified", label, False, text)
    return Criterion(
        "rectified",
        label,
        True,
        f"{f.rectified_on.isoformat()} 已改正，在改正期限 {due.isoformat()} 之内。",
    )


def _not_blacklisted(f: LeniencyFacts) -> Criterion:
    label = "未列入黑榜"
    if f.blacklisted:
        return Criterion(
            "not_blacklisted",
            label,
            False,
            f"{f.found_on.isoformat()} 该主体在严重违法失信名单等黑榜上。",
        )
    return Criterion("not_blacklisted", label, True, "发现之日该主体未列入严重违法失信名单等黑榜。")


def _conditions(listing: Listing | None) -> tuple[Criterion, ...]:
    if listing is None:
        return ()
    return tuple(
        Criterion(f"condition.{n}", "清单条件", None, f"另须核实：{text}。", required=False)
        for n, text in enumerate(listing.conditions, 1)
    )
