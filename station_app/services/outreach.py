"""Outreach (普法宣传) and consumer warnings (消费警示) (issue #20): events with head counts
(never names), warnings drafted, published on a day through channels and printed as an A4
notice, and the figures of a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from station_app.data.models import ConsumerWarning, OutreachEvent
from station_app.data.repo import complaints as counter_repo
from station_app.data.repo import outreach as repo
from station_app.domain import outreach as o
from station_app.domain.periods import Period
from station_app.errors import NotFoundError, ValidationError
from station_app.services.audit import printed_at
from station_app.services.base import Changes, Conflict, Service, Tx

KIND_EVENT = "outreach_event"
KIND_WARNING = "consumer_warning"


@dataclass(frozen=True)
class EventView:
    id: int
    kind: str
    title: str
    held_on: date
    place: str
    grid_id: int | None
    organiser: str
    participants: int | None
    views: int | None
    materials: int | None
    reached: int | None
    note: str

    @property
    def kind_label(self) -> str:
        return o.EVENT_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class WarningView:
    id: int
    version: int
    number: str
    title: str
    text: str
    topic: str
    season: str
    channels: tuple[str, ...]
    published_on: date | None
    published_by: str

    @property
    def topic_label(self) -> str:
        return o.WARNING_TOPICS.get(self.topic, self.topic)


def _event(r: OutreachEvent) -> EventView:
    return EventView(
        r.id, r.kind, r.title, r.held_on, r.place, r.grid_id, r.organiser, r.participants,
        r.views, r.materials, r.reached, r.note,
    )  # fmt: skip


def _warning(r: ConsumerWarning) -> WarningView:
    return WarningView(
        r.id, r.version, r.number or "", r.title, r.text, r.topic, r.season,
        tuple((r.channels or "").split()), r.published_on, r.published_by,
    )  # fmt: skip


def draft_notice_in(tx: Tx, title: str, text: str, topic: str) -> int:
    """A draft consumer warning in the caller's unit of work (a 预警's one step, #19): the
    same checks and audit row as ``add_warning``; its id."""
    d = o.check_warning(o.WarningDraft(title, text, topic))
    row = ConsumerWarning(title=d.title, text=d.text, topic=d.topic, season=d.season, channels="")
    tx.s.add(row)
    tx.s.flush()
    tx.created(KIND_WARNING, row.id, {"title": d.title, "topic": o.WARNING_TOPICS[d.topic]})
    return row.id


class OutreachService(Service):
    """Any thread; each call opens its own session."""

    def add_event(self, draft: o.EventDraft) -> tuple[EventView, Changes]:
        def add(tx: Tx) -> int:
            d = o.check_event(draft, tx.today)
            row = OutreachEvent(
                kind=d.kind, title=d.title, held_on=d.held_on, place=d.place,
                grid_id=d.grid_id, organiser=d.organiser, participants=d.participants,
                views=d.views, materials=d.materials, reached=d.reached, note=d.note,
            )  # fmt: skip
            tx.s.add(row)
            tx.s.flush()
            tx.created(KIND_EVENT, row.id, {
                "kind": o.EVENT_KINDS[d.kind], "title": d.title, "held_on": d.held_on.isoformat(),
                "participants": d.participants, "views": d.views, "materials": d.materials,
                "reached": d.reached,
            })  # fmt: skip
            return row.id

        event_id, changes = self._transact("outreach.edit", add)
        return self.event(event_id), changes

    def event(self, event_id: int) -> EventView:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = s.get(OutreachEvent, event_id)
            if row is None:
                raise NotFoundError("该宣传活动不存在。")
            return _event(row)

    def events(self, period: Period | None = None) -> list[EventView]:
        self._auth.require("data.view")
        with self._db.session() as s:
            rows = repo.events_in(s, period.start if period else None,
                                  period.last if period else None)  # fmt: skip
            return [_event(r) for r in rows]

    def add_warning(self, draft: o.WarningDraft) -> tuple[WarningView, Changes]:
        """A draft warning (published later by the head)."""

        def add(tx: Tx) -> int:
            d = o.check_warning(draft)
            row = ConsumerWarning(
                title=d.title, text=d.text, topic=d.topic, season=d.season,
                channels=" ".join(d.channels),
            )  # fmt: skip
            tx.s.add(row)
            tx.s.flush()
            tx.created(KIND_WARNING, row.id, {"title": d.title, "topic": o.WARNING_TOPICS[d.topic]})
            return row.id

        warning_id, changes = self._transact("outreach.edit", add)
        return self.warning(warning_id), changes

    def warning(self, warning_id: int) -> WarningView:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = s.get(ConsumerWarning, warning_id)
            if row is None:
                raise NotFoundError("该消费警示不存在。")
            return _warning(row)

    def warnings(self) -> list[WarningView]:
        self._auth.require("data.view")
        with self._db.session() as s:
            return [_warning(r) for r in repo.warnings(s)]

    def publish_warning(
        self,
        warning_id: int,
        version: int | None,
        out: Path,
        on: date | None = None,
        channels: tuple[str, ...] = (),
    ) -> tuple[WarningView, Changes]:
        """发布: the day (default today) and channels (default the draft's), a number from the
        yearly counter, and the A4 notice written to ``out`` in the same unit of work (a
        reprint of a published one keeps its number and day)."""
        from station_app.documents.consumer_warning import WarningDoc, write_warning

        def publish(tx: Tx) -> int:
            row = tx.load(ConsumerWarning, warning_id, version, missing="该消费警示不存在。")
            day = on or row.published_on or tx.today
            chosen = channels or tuple((row.channels or "").split())
            chosen = o.check_publish(chosen, day, tx.today)
            station = repo.station(tx.s)
            if row.published_on is None:
                n = counter_repo.allocate_number(tx.s, o.WARNING_COUNTER, day.year)
                before = {"published_on": None}
                row.number = o.doc_number(station.doc_prefix, o.WARNING_MARK, day.year, n)
                row.published_on, row.published_by = day, tx.actor.username
                row.channels = " ".join(chosen)
                tx.s.flush()
                after = {"published_on": day.isoformat(), "number": row.number,
                         "channels": o.channel_labels(chosen)}  # fmt: skip
                tx.updated(KIND_WARNING, row.id, before, after, "发布消费警示")
            elif on is not None and on != row.published_on:
                raise ValidationError(
                    f"该警示已于 {row.published_on} 发布，不能改发布日期。", field="published_on"
                )
            tx.exported(KIND_WARNING, row.id, {"file": Path(out).name}, "打印消费警示")
            doc = WarningDoc(
                row.number or "", row.title, tuple(o.paragraphs(row.text)),
                o.WARNING_TOPICS.get(row.topic, row.topic), row.season, station.name,
                station.county_bureau, f"{day.year}年{day.month}月{day.day}日",
                o.channel_labels(row.channels),
            )  # fmt: skip
            tx.write_audit()
            with printed_at(tx.s):
                write_warning(Path(out), doc)
            return row.id

        conflict = Conflict("消费警示", lambda: self.warning(warning_id))
        wid, changes = self._transact("consumer_warnings.publish", publish, conflict=conflict)
        return self.warning(wid), changes

    def figures(self, period: Period) -> dict[str, int]:
        """The counts of ``domain.outreach.FIGURE_DEFINITIONS`` for the period."""
        self._auth.require("data.view")
        with self._db.session() as s:
            return repo.figures(s, period.start, period.last)
