"""Visits (走访) and their requests (诉求): record, void, photos, later steps on a request,
the lists, the entity card's section and the figures of a period."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time

from station_app.data.models import Visit, VisitMember, VisitPhoto, VisitRequest
from station_app.data.repo import roster as roster_repo
from station_app.data.repo import visits as repo
from station_app.domain.periods import SHANGHAI, Period
from station_app.domain.visits import annual_reports as ar
from station_app.domain.visits import rules
from station_app.domain.visits.lists import SOLVE_RATE, RequestFilter, VisitFilter
from station_app.domain.visits.rules import Member, RequestUpdate, VisitDraft
from station_app.errors import NotFoundError, ValidationError
from station_app.queries import visits as q
from station_app.queries.visits import RequestRows, VisitRows
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.visits.orders_link import raise_order_in
from station_app.services.visits.teams import member_rows, resolve_team
from station_app.services.visits.views import (
    EntityVisits,
    ReportView,
    RequestView,
    VisitFigures,
    VisitInput,
    VisitView,
)

KIND_VISIT = "visit"
KIND_REQUEST = "visit_request"
GONE = "该走访记录不存在（可能已被删除）。"


def request_view(r: VisitRequest) -> RequestView:
    return RequestView(
        r.id, r.version, r.visit_id, r.position, r.topic, r.text, r.outcome, r.on_spot,
        r.handler, r.outcome_at, r.due_on, r.note, r.order_number,
    )  # fmt: skip


def report_view(r) -> ReportView:
    return ReportView(r.id, r.version, r.entity_id, r.year, r.status, r.filed_on, r.source, r.note)


def _visit_views(s, rows: list[Visit]) -> list[VisitView]:
    ids = [v.id for v in rows]
    members = repo.visit_members(s, ids)
    requests = repo.visit_requests(s, ids)
    out = []
    refs = {eid: repo.entity_ref(s, eid) for eid in {v.entity_id for v in rows if v.entity_id}}
    for v in rows:
        e = refs.get(v.entity_id) if v.entity_id else None  # one look-up per entity
        ms = tuple(Member(m.name, m.role, m.person_id, m.user_id) for m in members.get(v.id, []))
        out.append(
            VisitView(
                v.id, v.version, v.entity_id, e.name if e else "", e.uscc if e else "", v.place,
                v.grid_id, v.at, v.day, v.team_id, v.team_name, rules.topic_codes(v.topics), ms,
                tuple(request_view(r) for r in requests.get(v.id, [])), v.note, v.entered_by,
                v.voided, v.void_reason, tuple(rules.team_warnings(ms)),
            )
        )  # fmt: skip
    return out


def _snap(v: Visit, requests: list[VisitRequest], members: tuple[Member, ...]) -> dict:
    return {
        "entity_id": v.entity_id,
        "place": v.place,
        "at": v.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M"),
        "team": v.team_name,
        "members": "、".join(f"{m.name}（{m.role_label}）" for m in members),
        "topics": rules.topic_labels(v.topics),
        "requests": [f"{r.text}：{rules.OUTCOMES[r.outcome]}（{r.handler}）" for r in requests],
        "note": v.note,
    }


def _request_snap(r: VisitRequest) -> dict:
    return {
        "outcome": r.outcome,
        "handler": r.handler,
        "outcome_at": r.outcome_at.isoformat() if r.outcome_at else None,
        "due_on": r.due_on.isoformat() if r.due_on else None,
        "note": r.note,
    }


class Visits(Service):
    """走访 and 诉求."""

    # -- reading -----------------------------------------------------------------------------
    def resolve_entity(self, key: str | int) -> int:
        """An entity id from a USCC or an id (the CLI's ENTITY)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            ref = repo.entity_ref(s, key)
        if ref is None:
            raise NotFoundError(f"找不到经营主体“{key}”（请填写统一社会信用代码或编号）。")
        return ref.id

    def grid_id(self, code: str) -> int:
        self._auth.require("data.view")
        with self._db.session() as s:
            gid = repo.grid_id_by_code(s, code)
        if gid is None:
            raise NotFoundError(f"找不到网格“{code}”（请填写网格编码）。")
        return gid

    def visit(self, visit_id: int) -> VisitView:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = s.get(Visit, visit_id)
            if row is None:
                raise NotFoundError(GONE)
            view = _visit_views(s, [row])[0]
            photos = tuple(repo.photo_ids(s, visit_id))
        return replace(view, photo_ids=photos)

    def rows(self, flt: VisitFilter | None = None) -> VisitRows:
        self._auth.require("data.view")
        return VisitRows(self._db, flt)

    def request_rows(self, flt: RequestFilter | None = None) -> RequestRows:
        self._auth.require("data.view")
        return RequestRows(self._db, flt)

    def request(self, request_id: int) -> RequestView:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = s.get(VisitRequest, request_id)
            if row is None:
                raise NotFoundError("该诉求不存在（可能已被删除）。")
            return request_view(row)

    def entity_section(self, entity_id: int) -> EntityVisits:
        """The card's 走访 tab: the latest 50 visits, the open requests, annual reports."""
        self._auth.require("data.view")
        with self._db.session() as s:
            visits = _visit_views(s, repo.entity_visits(s, entity_id))
            count = repo.entity_visit_count(s, entity_id)
            reports = tuple(report_view(r) for r in repo.annual_reports_of(s, entity_id))
        open_requests = tuple(
            r for v in visits for r in v.requests if r.outcome in rules.OPEN_OUTCOMES
        )
        return EntityVisits(
            count, tuple(visits), open_requests, reports, ar.due_year(self._clock.today())
        )

    def figures(self, period: Period, grid_id: int | None = None) -> VisitFigures:
        """The figures of ``period`` (``domain.visits.lists.FIGURES``), by grid, team, topic."""
        self._auth.require("data.view")
        first, last = period.start, period.last
        start_utc = datetime.combine(first, time(), SHANGHAI).astimezone(UTC)
        end_utc = datetime.combine(period.end, time(), SHANGHAI).astimezone(UTC)
        with self._db.session() as s:
            counts = q.visit_figures(s, first, last, end_utc, start_utc, grid_id)
            labels = roster_repo.grid_labels(s)
            grids = q.visit_groups(s, first, last, Visit.grid_id)
            teams = q.visit_groups(s, first, last, Visit.team_name)
            topics = q.topic_counts(s, first, last)
        no_grid = "未划网格"
        by_grid = tuple(
            (labels.get(k, no_grid) if k else no_grid, a, b, c, d) for k, a, b, c, d in grids
        )
        by_team = tuple((str(k or rules.AD_HOC_TEAM), a, b, c, d) for k, a, b, c, d in teams)
        return VisitFigures(
            period.label,
            counts,
            by_grid,
            by_team,
            tuple((rules.TOPICS[c], topics.get(c, 0)) for c in rules.TOPICS),
            SOLVE_RATE.compute(counts),
        )

    def photo(self, photo_id: int) -> tuple[str, bytes]:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = s.get(VisitPhoto, photo_id)
            if row is None:
                raise NotFoundError("该照片不存在。")
            return row.mime, row.data

    # -- writing -----------------------------------------------------------------------------
    def record_visit(
        self,
        data: VisitInput,
        photos: tuple[tuple[str, bytes], ...] = (),
        *,
        raise_orders: bool = False,
    ) -> tuple[VisitView, Changes]:
        """登记走访: checked (``rules.check_visit``: not in the future, not before the entity
        was registered, topics, requests), then the visit, who went, its requests and photos
        in one unit of work, audited as one creation. ``raise_orders``: every referred request
        also raises its work order in that unit of work (``visits add --raise-order``)."""
        mimes = [rules.check_photo(name, blob) for name, blob in photos]
        orders = self._orders() if raise_orders else None  # type: ignore[attr-defined]
        if raise_orders:
            self._auth.require("orders.register")

        def record(tx: Tx) -> int:
            ref = repo.entity_ref(tx.s, data.entity_id) if data.entity_id else None
            if data.entity_id and ref is None:
                raise NotFoundError("该经营主体不存在（可能已被删除）。")
            team_id, team_name, members = resolve_team(tx.s, data.team)
            draft = rules.check_visit(
                VisitDraft(
                    data.at, members, data.topics, data.entity_id, data.place,
                    data.grid_id, team_id, team_name, data.requests, data.note,
                ),
                self._clock.now(),
                entity_name=ref.name if ref else "",
                registered_on=ref.registered_on if ref else None,
            )  # fmt: skip
            at = draft.at.astimezone(UTC)
            visit = Visit(
                entity_id=draft.entity_id, place=draft.place,
                grid_id=draft.grid_id or (ref.grid_id if ref else None), at=at,
                day=rules.visit_day(draft.at), team_id=team_id, team_name=draft.team_name,
                topics=rules.topics_text(draft.topics), note=draft.note,
                entered_by=tx.actor.username,
            )  # fmt: skip
            tx.s.add(visit)
            tx.s.flush()
            tx.s.add_all(
                VisitMember(visit_id=visit.id, position=n, **row)
                for n, row in enumerate(member_rows(draft.members), 1)
            )
            requests = [
                VisitRequest(
                    visit_id=visit.id, position=n, entity_id=draft.entity_id, topic=r.topic,
                    text=r.text, outcome=r.outcome, handler=r.handler,
                    on_spot=rules.is_on_spot(r.outcome, r.outcome_at, draft.at),
                    outcome_at=r.outcome_at.astimezone(UTC) if r.outcome_at else None,
                    due_on=r.due_on, note=r.note,
                )
                for n, r in enumerate(draft.requests, 1)
            ]  # fmt: skip
            tx.s.add_all(requests)
            for (name, blob), mime in zip(photos, mimes, strict=True):
                tx.s.add(VisitPhoto(visit_id=visit.id, filename=name, mime=mime, data=blob))
            tx.s.flush()
            tx.created(KIND_VISIT, visit.id, _snap(visit, requests, draft.members))
            tx.touch(KIND_REQUEST, [r.id for r in requests])
            for r in requests:
                if orders is not None and r.outcome == rules.REFERRED:
                    raise_order_in(tx, orders, r, visit)
            return visit.id

        visit_id, changes = self._transact("visits.edit", record)
        return self.visit(visit_id), changes

    def void_visit(self, visit_id: int, version: int, reason: str) -> Changes:
        """作废 a visit entered by mistake (kept, left out of lists and figures)."""
        reason = rules.check_void_reason(reason)

        def void(tx: Tx) -> None:
            row = tx.load(Visit, visit_id, version, missing=GONE)
            if row.voided:
                raise ValidationError("该走访记录已作废。", field="reason")
            row.voided, row.void_reason = True, reason
            tx.s.flush()
            tx.updated(KIND_VISIT, visit_id, {"voided": False}, {"voided": True}, reason)

        conflict = Conflict("走访记录", lambda: self.visit(visit_id))
        return self._transact("records.delete", void, conflict=conflict)[1]

    def add_photo(self, visit_id: int, filename: str, data: bytes) -> Changes:
        mime = rules.check_photo(filename, data)

        def add(tx: Tx) -> None:
            tx.load(Visit, visit_id, missing=GONE)
            photo = VisitPhoto(visit_id=visit_id, filename=filename, mime=mime, data=data)
            tx.s.add(photo)
            tx.s.flush()
            what = {"photo": [None, filename], "bytes": [None, len(data)]}
            tx.record("update", KIND_VISIT, visit_id, what, "添加照片")

        return self._transact("visits.edit", add)[1]

    def update_request(
        self, request_id: int, version: int, update: RequestUpdate
    ) -> tuple[RequestView, Changes]:
        """A later step on a request (pending → referred/solved, referred → solved)."""

        def step(tx: Tx) -> None:
            row = tx.load(VisitRequest, request_id, version, missing="该诉求不存在。")
            visit = tx.load(Visit, row.visit_id, missing=GONE)
            if visit.voided:
                raise ValidationError("该诉求所属的走访记录已作废。", field="outcome")
            last = row.outcome_at or visit.at
            clean = rules.check_request_update(
                row.outcome, update, visit_at=visit.at, last_at=last, now=self._clock.now()
            )
            before = _request_snap(row)
            row.outcome, row.handler = clean.outcome, clean.handler
            row.outcome_at = clean.at.astimezone(UTC) if clean.at else None
            row.due_on = clean.due_on if clean.outcome == rules.PENDING else None
            if clean.note:
                row.note = f"{row.note}\n{clean.note}".strip()
            tx.s.flush()
            tx.updated(KIND_REQUEST, row.id, before, _request_snap(row), "诉求办理")

        conflict = Conflict("诉求", lambda: self.request(request_id))
        _, changes = self._transact("visits.edit", step, conflict=conflict)
        return self.request(request_id), changes
