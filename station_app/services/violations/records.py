"""Interviews (行政约谈), guidance (行政指导书), the entity card's 执法 section and the
enforcement figures of a period."""

from __future__ import annotations

import json

from station_app.data.models import Guidance, Interview, Violation
from station_app.data.repo import complaints as counter_repo
from station_app.data.repo import violations as repo
from station_app.data.repo import visits as visit_repo
from station_app.data.repo.grading_facts import penalties_24m
from station_app.domain import outreach as o
from station_app.domain.periods import SHANGHAI, Period
from station_app.errors import NotFoundError
from station_app.queries.violations import enforcement_figures
from station_app.services.base import Changes, Service, Tx
from station_app.services.violations.views import EntityEnforcement, GuidanceView, InterviewView
from station_app.services.violations.violations import violation_view

KIND_INTERVIEW = "interview"
KIND_GUIDANCE = "guidance"


def interview_view(s, r: Interview) -> InterviewView:
    ref = visit_repo.entity_ref(s, r.entity_id)
    people = tuple(o.Interviewee(**p).label() for p in json.loads(r.interviewees))
    return InterviewView(
        r.id, r.entity_id, ref.name if ref else "", r.at, r.topic, people,
        tuple(json.loads(r.interviewers)), tuple(json.loads(r.commitments)), r.place,
        r.content, r.follow_up_on,
    )  # fmt: skip


def guidance_view(s, g: Guidance) -> GuidanceView:
    ref = visit_repo.entity_ref(s, g.entity_id)
    return GuidanceView(
        g.id, g.number, g.entity_id, ref.name if ref else "", ref.uscc if ref else "",
        ref.address if ref else "", g.issued_on, g.matters, tuple(json.loads(g.advice)),
        g.basis, g.reply_by, g.violation_id, g.visit_id, g.issued_by,
    )  # fmt: skip


class Records(Service):
    """约谈, 行政指导, the card's section, the figures."""

    def add_interview(self, draft: o.InterviewDraft) -> tuple[InterviewView, Changes]:
        def add(tx: Tx) -> int:
            if visit_repo.entity_ref(tx.s, draft.entity_id) is None:
                raise NotFoundError("该经营主体不存在（可能已被删除）。")
            d = o.check_interview(draft, self._clock.now())
            row = Interview(
                entity_id=d.entity_id, at=d.at, day=d.at.astimezone(SHANGHAI).date(),
                place=d.place, topic=d.topic, content=d.content, follow_up_on=d.follow_up_on,
                interviewers=json.dumps(list(d.interviewers), ensure_ascii=False),
                interviewees=json.dumps(
                    [{"name": p.name, "position": p.position} for p in d.interviewees],
                    ensure_ascii=False,
                ),
                commitments=json.dumps(list(d.commitments), ensure_ascii=False),
            )  # fmt: skip
            tx.s.add(row)
            tx.s.flush()
            tx.created(KIND_INTERVIEW, row.id, {
                "entity_id": d.entity_id, "at": d.at.isoformat(), "topic": d.topic,
                "interviewees": [p.label() for p in d.interviewees],
                "interviewers": list(d.interviewers), "commitments": list(d.commitments),
            })  # fmt: skip
            return row.id

        interview_id, changes = self._transact("violations.edit", add)
        with self._db.session() as s:
            row = s.get(Interview, interview_id)
            assert row is not None
            return interview_view(s, row), changes

    def interviews(self, period: Period | None = None) -> list[InterviewView]:
        self._auth.require("data.view")
        with self._db.session() as s:
            rows = repo.interviews_in(s, period.start if period else None,
                                 period.last if period else None)  # fmt: skip
            return [interview_view(s, r) for r in rows]

    def add_guidance(self, draft: o.GuidanceDraft) -> tuple[GuidanceView, Changes]:
        """行政指导书: numbered from the yearly counter (``东市监城指〔2026〕N号``)."""

        def add(tx: Tx) -> int:
            if visit_repo.entity_ref(tx.s, draft.entity_id) is None:
                raise NotFoundError("该经营主体不存在（可能已被删除）。")
            found_on = None
            if draft.violation_id:
                v = tx.s.get(Violation, draft.violation_id)
                if v is None:
                    raise NotFoundError("所关联的违法行为不存在。")
                found_on = v.found_on
            d = o.check_guidance(draft, tx.today, found_on=found_on)
            year = d.issued_on.year
            n = counter_repo.allocate_number(tx.s, o.GUIDANCE_COUNTER, year)
            number = o.doc_number(repo.doc_prefix(tx.s), o.GUIDANCE_MARK, year, n)
            row = Guidance(
                number=number, entity_id=d.entity_id, violation_id=d.violation_id,
                visit_id=d.visit_id, issued_on=d.issued_on, matters=d.matters,
                advice=json.dumps(list(d.advice), ensure_ascii=False), basis=d.basis,
                reply_by=d.reply_by, issued_by=tx.actor.username,
            )  # fmt: skip
            tx.s.add(row)
            tx.s.flush()
            tx.created(KIND_GUIDANCE, row.id, {
                "number": number, "entity_id": d.entity_id, "matters": d.matters,
                "advice": list(d.advice), "issued_on": d.issued_on.isoformat(),
            })  # fmt: skip
            return row.id

        guidance_id, changes = self._transact("violations.edit", add)
        return self.guidance(guidance_id), changes

    def guidance(self, guidance_id: int) -> GuidanceView:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = s.get(Guidance, guidance_id)
            if row is None:
                raise NotFoundError("该行政指导书不存在。")
            return guidance_view(s, row)

    def entity_section(self, entity_id: int) -> EntityEnforcement:
        """The card's 执法 tab: violations with decisions, interviews, guidance, and the count
        the grade reads."""
        self._auth.require("data.view")
        today = self._clock.today()
        with self._db.session() as s:
            return EntityEnforcement(
                tuple(violation_view(s, v) for v in repo.entity_violations(s, entity_id)),
                tuple(interview_view(s, r) for r in repo.entity_interviews(s, entity_id)),
                tuple(guidance_view(s, g) for g in repo.entity_guidance(s, entity_id)),
                penalties_24m(s, today, [entity_id]).get(entity_id, 0),
            )

    def figures(self, period: Period) -> dict[str, int]:
        """The counts of ``domain.violations.rules.FIGURE_DEFINITIONS`` (fines in fen)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            return enforcement_figures(s, period.start, period.last)


def _cn_day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


class GuidancePrint(Service):
    """The 行政指导书 of a guidance (printed, audited as an export; the number is the one the
    guidance was given when issued, from the shared yearly ``doc_counter``)."""

    def print_guidance(self, guidance_id: int, out) -> Changes:
        from pathlib import Path

        from station_app.data.repo import outreach as station_repo
        from station_app.documents.guidance import GuidanceDoc, write_guidance
        from station_app.services.audit import printed_at

        def write(tx: Tx) -> None:
            row = tx.load(Guidance, guidance_id, missing="该行政指导书不存在。")
            g = guidance_view(tx.s, row)
            station = station_repo.station(tx.s)
            doc = GuidanceDoc(
                g.number, g.entity_name, g.uscc, g.address, g.matters, g.advice, g.basis,
                _cn_day(g.reply_by), station.county_bureau or station.name, _cn_day(g.issued_on),
            )  # fmt: skip
            tx.exported(KIND_GUIDANCE, row.id, {"file": Path(out).name}, "打印行政指导书")
            tx.write_audit()
            with printed_at(tx.s):
                write_guidance(Path(out), [doc])

        return self._transact("data.export", write)[1]
