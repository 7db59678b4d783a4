"""预警信号: the list, one flag, the evaluation on demand, and what the station does about a
flag — 提醒告诫 (a numbered 告诫书, served and recorded), 核查, 合理 with a reason, 转办 to a work
order or a case, 重新打开 (docs/areas/prices.md §6)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from station_app.data.models import (
    Entity,
    PriceFlag,
    PriceLetter,
    PriceObservation,
    PriceRule,
    PriceSubject,
    StationProfile,
)
from station_app.data.repo import complaints as counters
from station_app.data.repo import prices as repo
from station_app.data.types import utc_now
from station_app.domain.complaints import doc_number
from station_app.domain.prices import flags as states
from station_app.domain.prices.lists import FlagFilter
from station_app.domain.prices.sheets import LetterLine, LetterSheet
from station_app.errors import NotFoundError, ValidationError
from station_app.queries.prices import FlagRows
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.prices.common import (
    FLAG_GONE,
    KIND_FLAG,
    KIND_LETTER,
    FlagView,
    LetterView,
    RefreshResult,
)
from station_app.services.prices.evaluation import flag_snapshot, refresh


def flag_view(s, f: PriceFlag) -> FlagView:
    subject = s.get(PriceSubject, f.subject_id)
    entity = s.get(Entity, subject.entity_id) if subject and subject.entity_id else None
    rule = s.get(PriceRule, f.rule_id)
    obs = s.get(PriceObservation, f.observation_id) if f.observation_id else None
    return FlagView(
        f.id, f.version, f.subject_id, subject.name if subject else "",
        entity.id if entity else None, entity.name if entity else (subject.market if subject else ""),
        f.day, obs.observed_at if obs else None, f.price_fen, f.baseline_fen, f.ratio_bp,
        f.rule_id, f"{rule.name}（第{rule.version}版）" if rule else "", f.explanation,
        json.loads(f.evidence or "{}"), f.state, f.state_by, f.state_at, f.check_note, f.reason,
        f.refer_kind, f.refer_ref, f.letter_id,
    )  # fmt: skip


class Handling(Service):
    """Flags: reading (``data.view``), evaluating (``prices.observe``), handling (``prices.handle``)."""

    def flag_rows(self, flt: FlagFilter | None = None) -> FlagRows:
        self._auth.require("data.view")
        return FlagRows(self._db, flt or FlagFilter())

    def flag(self, flag_id: int) -> FlagView:
        with self._db.session() as s:
            f = s.get(PriceFlag, flag_id)
            if f is None:
                raise NotFoundError(FLAG_GONE.format(flag_id))
            return flag_view(s, f)

    def flags(self, flt: FlagFilter | None = None) -> list[FlagView]:
        """The flags matching ``flt``, by day then subject (the CLI's ``prices flags``)."""
        rows = self.flag_rows(flt)
        ids = list(rows.fetch_ids("day", False))
        with self._db.session() as s:
            return [flag_view(s, s.get(PriceFlag, i)) for i in ids]

    def refresh(
        self, first: date | None = None, last: date | None = None
    ) -> tuple[RefreshResult, Changes]:
        """Evaluate the rules again over ``first`` … ``last`` (default: all the data to today)."""

        def run(tx: Tx) -> RefreshResult:
            repo.lock_rules(tx.s)
            span = repo.observed_span(tx.s)
            if span is None:
                return RefreshResult(0, 0)
            lo = first or span[0]
            hi = last or max(span[1], tx.today)
            return refresh(tx, lo, hi)

        return self._transact("prices.observe", run)

    # ---- handling ----------------------------------------------------------------------

    def _step(self, flag_id: int, version: int, action: str, apply, reason: str = ""):
        found = states.ACTIONS.get(action)
        permission = found.permission if found else "prices.handle"

        def step(tx: Tx) -> None:
            f = tx.load(PriceFlag, flag_id, version, missing=FLAG_GONE.format(flag_id))
            act = states.check_action(f.state, action, reason=reason)
            before = flag_snapshot(f)
            apply(f)
            f.state, f.state_at, f.state_by = act.target, utc_now(), tx.actor.username
            tx.s.flush()
            tx.updated(KIND_FLAG, f.id, before, flag_snapshot(f), act.label)

        conflict = Conflict("预警信号", lambda: self.flag(flag_id))
        _, changes = self._transact(permission, step, conflict=conflict)
        return self.flag(flag_id), changes

    def check(self, flag_id: int, version: int, note: str) -> tuple[FlagView, Changes]:
        """核查 (现场/电话): what was found."""
        note = (note or "").strip()

        def apply(f: PriceFlag) -> None:
            f.check_note = note

        return self._step(flag_id, version, states.CHECK, apply, note)

    def reasonable(self, flag_id: int, version: int, reason: str) -> tuple[FlagView, Changes]:
        """认定合理: closed with the reason (e.g. 已含早餐, 套房误录为标准间)."""
        reason = (reason or "").strip()

        def apply(f: PriceFlag) -> None:
            f.reason = reason

        return self._step(flag_id, version, states.MARK_REASONABLE, apply, reason)

    def refer(
        self, flag_id: int, version: int, kind: str, reference: str
    ) -> tuple[FlagView, Changes]:
        """转办 to a 工单 or a case (立案号 required)."""
        kind, reference = states.check_refer(kind, reference)

        def apply(f: PriceFlag) -> None:
            f.refer_kind, f.refer_ref = kind, reference

        return self._step(flag_id, version, states.REFER, apply)

    def reopen(self, flag_id: int, version: int, reason: str) -> tuple[FlagView, Changes]:
        def apply(f: PriceFlag) -> None:
            f.reason = (reason or "").strip()

        return self._step(flag_id, version, states.REOPEN, apply, reason)

    def warn(
        self, flag_ids: Sequence[int], served_to: str, way: str, at: datetime | None = None
    ) -> tuple[LetterView, Changes]:
        """提醒告诫: one numbered 告诫书 for flags of one entity, served (to whom, how, when)."""
        served_to, way = states.check_serving(served_to, way)
        when = at or self._clock.now()

        def issue(tx: Tx) -> int:
            flags = [tx.load(PriceFlag, i, missing=FLAG_GONE.format(i)) for i in flag_ids]
            for f in flags:
                states.check_action(f.state, states.WARN)
            subjects = [tx.s.get(PriceSubject, f.subject_id) for f in flags]
            entity_id = states.one_entity([s.entity_id if s else None for s in subjects])
            entity = tx.s.get(Entity, entity_id)
            profile = tx.s.query(StationProfile).first()
            prefix = profile.doc_prefix if profile else ""
            n = counters.allocate_number(tx.s, states.LETTER_CODE, when.year)
            letter = PriceLetter(
                number=doc_number(prefix, "价告", when.year, n), entity_id=entity_id,
                entity_name=entity.name if entity else "", issued_at=utc_now(),
                issued_by=tx.actor.username, served_at=when, served_to=served_to, served_way=way,
                note="",
            )  # fmt: skip
            tx.s.add(letter)
            tx.s.flush()
            tx.created(KIND_LETTER, letter.id, {"number": letter.number, "entity_id": entity_id,
                       "served_to": served_to, "served_way": way, "flags": list(flag_ids)})  # fmt: skip
            for f in flags:
                before = flag_snapshot(f)
                f.letter_id, f.state = letter.id, states.WARNED
                f.state_at, f.state_by = utc_now(), tx.actor.username
                tx.s.flush()
                tx.updated(KIND_FLAG, f.id, before, flag_snapshot(f), "提醒告诫")
            return letter.id

        letter_id, changes = self._transact("prices.handle", issue)
        return self.letter(letter_id), changes

    def letter(self, letter_id: int) -> LetterView:
        with self._db.session() as s:
            row = s.get(PriceLetter, letter_id)
            if row is None:
                raise NotFoundError(f"告诫书 {letter_id} 不存在。")
            ids = tuple(
                f.id
                for f in s.query(PriceFlag)
                .filter(PriceFlag.letter_id == letter_id)
                .order_by(PriceFlag.id)
            )
            return LetterView(
                row.id, row.number, row.entity_id, row.entity_name, row.issued_at, row.served_to,
                row.served_way, row.served_at, ids,
            )  # fmt: skip

    def print_letter(self, letter_id: int, out: Path) -> tuple[Path, Changes]:
        """The 价格提醒告诫书 (two copies, 送达回证 on the archive copy) as a PDF."""
        from station_app.documents import prices_pdf
        from station_app.services.audit import printed_at

        def make(tx: Tx) -> Path:
            row = tx.load(PriceLetter, letter_id, missing=f"告诫书 {letter_id} 不存在。")
            flags = (
                tx.s.query(PriceFlag)
                .filter(PriceFlag.letter_id == letter_id)
                .order_by(PriceFlag.day)
                .all()
            )
            entity = tx.s.get(Entity, row.entity_id) if row.entity_id else None
            profile = tx.s.query(StationProfile).first()
            lines = tuple(
                LetterLine(
                    f.day,
                    tx.load(PriceSubject, f.subject_id, missing=FLAG_GONE.format(f.id)).name,
                    f.price_fen,
                    f.explanation,
                )
                for f in flags
            )
            sheet = LetterSheet(
                row.number, row.entity_name, entity.address if entity else "",
                profile.name if profile else "", profile.seal_text if profile else "",
                row.issued_at.date(), lines, served_to=row.served_to, served_way=row.served_way,
                served_at=row.served_at,
            )  # fmt: skip
            tx.exported(KIND_LETTER, row.id, {"file": Path(out).name}, "打印告诫书")
            tx.write_audit()
            with printed_at(tx.s):
                return prices_pdf.letter(Path(out), sheet)

        return self._transact("data.view", make)


def _require_text(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message, field=field)
    return value
