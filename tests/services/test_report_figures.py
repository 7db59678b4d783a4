"""Every report figure equals an independent SQL count (SQLite and PostgreSQL), across period
boundaries (Beijing midnight, month ends, leap day) and for empty periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from station_app.demo import DemoOptions
from station_app.domain.periods import parse_period


def _sql(ctx, query: str, **params) -> int:
    with ctx.db.engine.connect() as con:
        return con.execute(text(query), params).scalar_one()


@pytest.fixture
def demo_ctx(ctx):
    ctx.services.demo.build(DemoOptions(seed=11, entities=3000))
    return ctx


def test_figures_equal_independent_sql_counts(demo_ctx):
    ctx = demo_ctx
    today = date.today()
    period = parse_period(f"{today.year}-{today.month:02d}").previous()
    report = ctx.services.reports.build(period)
    s, e = period.start, period.end
    expected = {
        "complaints.received": _sql(
            ctx,
            "SELECT count(*) FROM complaint WHERE received_on >= :s AND received_on < :e",
            s=s,
            e=e,
        ),
        "entities.new": _sql(
            ctx,
            "SELECT count(*) FROM entity WHERE registered_on >= :s AND registered_on < :e",
            s=s,
            e=e,
        ),
        "entities.active": _sql(ctx, "SELECT count(*) FROM entity WHERE status = '在营'"),
        "lists.removed": _sql(
            ctx,
            "SELECT count(*) FROM list_entry WHERE removed_on >= :s AND removed_on < :e",
            s=s,
            e=e,
        ),
        "lists.red_current": _sql(
            ctx,
            "SELECT count(*) FROM list_entry le JOIN list_kind k ON "
            "k.id = le.kind_id WHERE le.status = 'listed' "
            "AND k.colour = 'red'",
        ),
        "training.attendances": _sql(
            ctx,
            "SELECT count(*) FROM training_attendance a JOIN "
            "training t ON t.id = a.training_id WHERE t.held_on "
            ">= :s AND t.held_on < :e",
            s=s,
            e=e,
        ),
        "roster.grids": _sql(ctx, "SELECT count(*) FROM grid WHERE active"),
    }
    expected["entities.grade_cd"] = _sql(
        ctx, "SELECT count(*) FROM entity WHERE status = '在营' AND local_grade IN ('C', 'D')"
    )
    for key, value in expected.items():
        assert report.figure(key).value == value, key
    # breakdowns of the registry and the roster's per-grid counts (computed in one pass)
    tables = {t.title: t.rows for s in report.sections for t in s.tables}
    with ctx.db.engine.connect() as con:

        def rows(query: str) -> list[tuple]:
            return sorted(tuple(r) for r in con.execute(text(query)))

        active = "FROM entity e WHERE e.status = '在营'"
        assert sorted(tables["按主体类型（当前在营）"]) == rows(
            f"SELECT e.entity_type, count(*) {active} GROUP BY e.entity_type"
        )
        assert sorted(tables["按本所分级（当前在营）"]) == rows(
            f"SELECT coalesce(e.local_grade, '未分级'), count(*) {active} GROUP BY e.local_grade"
        )
        assert sorted(tables["按网格（当前在营）"]) == rows(
            "SELECT coalesce(g.code || ' ' || g.name, '未划入网格'), count(*) FROM entity e"
            " LEFT JOIN grid g ON g.id = e.grid_id WHERE e.status = '在营'"
            " GROUP BY g.code, g.name"
        )
    on = min(period.end - timedelta(days=1), today)
    grids = ctx.services.roster.list_grids(on)  # counted by the roster itself
    by_label = {g.label: (g.entities, g.cd_entities) for g in grids}
    roster_rows = tables["各网格"]
    assert roster_rows and {r[0]: (r[3], r[4]) for r in roster_rows} == by_label
    assert report.figure("complaints.received").value > 0  # the demo has complaints every month
    succeeded = report.figure("complaints.succeeded").value
    ended = report.figure("complaints.mediation_ended").value
    assert report.figure("complaints.success_rate").value == (succeeded / ended if ended else None)


def test_empty_period_is_all_zero(demo_ctx):
    report = demo_ctx.services.reports.build(parse_period("2031-01"))
    for key in ("complaints.received", "entities.new", "lists.red_added", "training.sessions"):
        assert report.figure(key).value == 0
    assert report.figure("complaints.success_rate").value is None


def test_beijing_midnight_and_leap_day_boundaries(ctx):
    from station_app.data.models.entities import Entity
    from station_app.services.station import StationProfileData

    ctx.services.station.save_profile(StationProfileData(name="城关所"))
    with ctx.db.uow() as s:
        s.add_all(
            [
                # 2026-10-31 23:30 Beijing = 15:30 UTC → October; 2026-11-01 00:30 Beijing → November
                Entity(
                    name="十月扫街店",
                    source="扫街纳管",
                    created_at=datetime(2026, 10, 31, 15, 30, tzinfo=UTC),
                ),
                Entity(
                    name="十一月扫街店",
                    source="扫街纳管",
                    created_at=datetime(2026, 10, 31, 16, 30, tzinfo=UTC),
                ),
                Entity(name="闰日开业店", registered_on=date(2024, 2, 29)),
                Entity(name="三月一日开业店", registered_on=date(2024, 3, 1)),
            ]
        )
    services = ctx.services.reports
    assert services.build(parse_period("2026-10")).figure("entities.swept").value == 1
    assert services.build(parse_period("2026-11")).figure("entities.swept").value == 1
    assert services.build(parse_period("2024-02")).figure("entities.new").value == 1
    assert services.build(parse_period("2024Q1")).figure("entities.new").value == 2


def _edge_complaints(ctx) -> None:
    """Complaints on period boundaries and in odd states the counting must get right."""
    from station_app.data.models import Complaint, ComplaintMediator, ServiceStation

    base = dict(
        complainant_name="王五",
        complainant_phone="13800001111",
        complainant_address="城关镇人民路1号",
        respondent_name="边界测试店",
        respondent_address="城关镇",
        claim="退款",
        facts="测试",
    )
    d = date
    with ctx.db.uow() as s:
        gone = ServiceStation(name="已撤销服务站")
        s.add(gone)
        s.flush()
        rows = [
            # received on the last day of October, decided late on the first of November
            Complaint(
                number="EDGE-1",
                channel="12315",
                received_on=d(2026, 10, 31),
                acceptance_due=d(2026, 10, 31),
                decided_on=d(2026, 11, 1),
                service_station_id=gone.id,
            ),
            # refused, yet with a result date: never a mediation end
            Complaint(
                number="EDGE-2",
                channel="网站",
                received_on=d(2026, 11, 1),
                acceptance_due=d(2026, 11, 9),
                decided_on=d(2026, 11, 2),
                refusal_ground="1",
                result_on=d(2026, 11, 3),
            ),
            # succeeded on the last day of the quarter with no mediation deadline; visited on
            # New Year's Day without a result (not a visit)
            Complaint(
                number="EDGE-3",
                channel="来电",
                received_on=d(2026, 12, 1),
                acceptance_due=d(2026, 12, 8),
                decided_on=d(2026, 12, 1),
                result_on=d(2026, 12, 31),
                money_recovered_fen=12_345,
                visit_on=d(2027, 1, 1),
            ),
            # terminated after its deadline, notice on time; visited not satisfied
            Complaint(
                number="EDGE-4",
                channel="来访",
                received_on=d(2026, 9, 30),
                acceptance_due=d(2026, 10, 10),
                decided_on=d(2026, 9, 30),
                mediation_due=d(2026, 10, 30),
                result_on=d(2026, 10, 31),
                termination_reason="3",
                notice_due=d(2026, 11, 9),
                notice_on=d(2026, 11, 2),
                money_recovered_fen=999,
                visit_on=d(2026, 11, 30),
                visit_result="不满意",
            ),
            # terminated, notice late; the same mediator named twice
            Complaint(
                number="EDGE-5",
                channel="12345",
                received_on=d(2026, 2, 28),
                acceptance_due=d(2026, 3, 6),
                decided_on=d(2026, 3, 1),
                mediation_due=d(2026, 5, 1),
                result_on=d(2026, 3, 31),
                termination_reason="1",
                notice_due=d(2026, 4, 3),
                notice_on=d(2026, 4, 7),
                visit_on=d(2026, 4, 1),
                visit_result="基本满意",
            ),
            # every step exactly on its deadline (on time), succeeded
            Complaint(
                number="EDGE-6",
                channel="12315",
                received_on=d(2026, 10, 9),
                acceptance_due=d(2026, 10, 16),
                decided_on=d(2026, 10, 16),
                mediation_due=d(2026, 11, 30),
                result_on=d(2026, 11, 30),
                money_recovered_fen=50_000,
                visit_on=d(2026, 12, 1),
                visit_result="满意",
            ),
            # terminated with the notice exactly on its deadline
            Complaint(
                number="EDGE-7",
                channel="12315",
                received_on=d(2026, 10, 9),
                acceptance_due=d(2026, 10, 16),
                decided_on=d(2026, 10, 12),
                mediation_due=d(2026, 11, 30),
                result_on=d(2026, 11, 20),
                termination_reason="4",
                notice_due=d(2026, 11, 27),
                notice_on=d(2026, 11, 27),
            ),
        ]
        for row in rows:
            for key, value in base.items():
                setattr(row, key, value)
        rows[3].mediators.append(ComplaintMediator(name="边界调解员"))
        rows[4].mediators += [
            ComplaintMediator(name="边界调解员"),
            ComplaintMediator(name="边界调解员"),
        ]
        s.add_all(rows)
        s.flush()
        s.delete(gone)  # the station is gone: its complaints count under 所本部


def _figures_row_by_row(ctx, period):
    """An independent count of ``ComplaintService.complaint_figures``: every complaint loaded
    and counted in Python, each event in the period of its own date (what the service did before
    it counted in SQL). ``period`` is a ``domain.complaints.Period`` (inclusive end)."""
    from collections import Counter, defaultdict

    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from station_app.data.models import Complaint, ServiceStation
    from station_app.domain import complaints as rules
    from station_app.services.complaints import ComplaintFigures, GroupFigures, RateValue

    with ctx.db.session() as s:
        names = {st.id: st.name for st in s.scalars(select(ServiceStation))}
        rows = list(
            s.scalars(
                select(Complaint).options(selectinload(Complaint.mediators)).order_by(Complaint.id)
            )
        )
        mediators = {r.id: [m.name for m in r.mediators] for r in rows}
    c: Counter[str] = Counter()
    by_channel = dict.fromkeys(rules.CHANNELS, 0)
    by_reason: Counter[str] = Counter()
    satisfaction = dict.fromkeys(rules.SATISFACTION, 0)
    money = amount = 0
    station: dict[str, Counter] = defaultdict(Counter)
    mediator: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        if not any(
            period.contains(d) for d in (r.received_on, r.decided_on, r.result_on, r.visit_on)
        ):
            continue
        groups = [station[names.get(r.service_station_id, "所本部（未经服务站）")]]
        groups += [mediator[name] for name in mediators[r.id]]
        if period.contains(r.received_on):
            c["received"] += 1
            by_channel[r.channel] = by_channel.get(r.channel, 0) + 1
            amount += r.amount_fen
            groups[0]["received"] += 1
        if period.contains(r.decided_on):
            c["decided"] += 1
            c["decided_on_time"] += r.decided_on <= r.acceptance_due
            c["refused" if r.refusal_ground else "accepted"] += 1
        if period.contains(r.result_on) and not r.refusal_ground:
            c["mediation_ended"] += 1
            c["ended_on_time"] += r.mediation_due is not None and r.result_on <= r.mediation_due
            key = "terminated" if r.termination_reason else "succeeded"
            c[key] += 1
            if r.termination_reason:
                by_reason[r.termination_reason] += 1
                c["notified_on_time"] += (
                    r.notice_on is not None
                    and r.notice_due is not None
                    and r.notice_on <= r.notice_due
                )
            else:
                money += r.money_recovered_fen
            for g in groups:
                g[key] += 1
                g["money"] += r.money_recovered_fen if key == "succeeded" else 0
        if period.contains(r.visit_on) and r.visit_result:
            c["visited"] += 1
            satisfaction[r.visit_result] += 1
            ok = r.visit_result in ("满意", "基本满意")
            c["visit_satisfied"] += ok
            c["visit_process_satisfied"] += r.visit_process in ("满意", "基本满意")
            for g in groups:
                g["visited"] += 1
                g["satisfied"] += ok
    c["mediated"] = c["mediation_ended"]
    keys = ("received", "accepted", "refused", "decided", "decided_on_time", "mediated")
    keys += ("mediation_ended", "succeeded", "terminated", "ended_on_time", "notified_on_time")
    keys += ("visited", "visit_satisfied", "visit_process_satisfied")
    fields = ("received", "succeeded", "terminated", "money", "visited", "satisfied")
    return ComplaintFigures(
        period=period,
        counts={k: int(c[k]) for k in keys},
        by_channel=by_channel,
        terminated_by_reason=dict(sorted(by_reason.items())),
        satisfaction=satisfaction,
        money_recovered_fen=money,
        amount_involved_fen=amount,
        rates=tuple(
            RateValue(
                f.key,
                f.label,
                c[f.numerator],
                c[f.denominator],
                rules.rate(c[f.numerator], c[f.denominator]),
                f.definition,
            )
            for f in rules.RATE_FORMULAS
        ),
        per_station=tuple(
            GroupFigures(n, *(g[k] for k in fields)) for n, g in sorted(station.items())
        ),
        per_mediator=tuple(
            GroupFigures(n, *(g[k] for k in fields)) for n, g in sorted(mediator.items())
        ),
    )


def test_complaint_figures_in_sql_equal_a_row_by_row_count(demo_ctx):
    """``complaint_figures`` (CLI, 统计 tab) counts with the report's GROUP BY queries; an
    independent row-by-row count in Python must give the very same DTO (every figure, rate and
    breakdown, in the same order) for months, quarters, years and date ranges, and the report's
    own figures must agree with it."""
    import json

    from station_app.services.summaries import complaint_counts

    ctx = demo_ctx
    _edge_complaints(ctx)
    today = date.today()
    month = parse_period(f"{today.year}-{today.month:02d}")
    periods = [month]
    for _ in range(14):
        periods.append(periods[-1].previous())
    periods += [parse_period(p) for p in ("2026-09", "2026-10", "2026-11", "2026-12", "2027-01")]
    periods += [parse_period(p) for p in ("2026Q1", "2026Q3", "2026Q4", "2026", "2027", "2031")]
    periods += [parse_period(f"{today.year}Q{(today.month - 1) // 3 + 1}")]
    periods += [parse_period(str(today.year - 1)), parse_period(str(today.year))]
    svc = ctx.services.complaints
    for period in periods:
        ours = complaint_counts(ctx.db, period)  # the county report
        theirs = svc.complaint_figures(period.code)
        expected = _figures_row_by_row(ctx, parse_period(period.code))
        assert theirs == expected, period
        assert json.dumps(theirs.as_dict(), ensure_ascii=False) == json.dumps(
            expected.as_dict(), ensure_ascii=False
        ), period  # the CLI's --json, key order included
        assert ours.counts == theirs.counts, period
        assert list(ours.by_channel.items()) == list(theirs.by_channel.items()), period
        assert ours.terminated_by_reason == theirs.terminated_by_reason, period
        assert ours.satisfaction == theirs.satisfaction, period
        assert ours.money_recovered_fen == theirs.money_recovered_fen, period
        assert ours.amount_involved_fen == theirs.amount_involved_fen, period
        for a, b in (
            (ours.per_station, theirs.per_station),
            (ours.per_mediator, theirs.per_mediator),
        ):
            assert [tuple(g.__dict__.values()) for g in a] == [
                tuple(g.__dict__.values()) for g in b
            ], period
    # date ranges end on their last day, inclusive (the edge cases sit on these days)
    ranges = ("2026-10-31..2026-10-31", "2026-10-31..2026-11-01", "2026-11-20..2026-12-31")
    ranges += ("2026-12-31..2027-01-01", f"{today.year - 1}-01-01..{today.isoformat()}")
    for code in ranges:
        assert svc.complaint_figures(code) == _figures_row_by_row(
            ctx, parse_period(code, ranges=True)
        )
    assert svc.complaint_figures("2026-10-31..2026-10-31").counts["received"] >= 1  # EDGE-1
    q4 = complaint_counts(ctx.db, parse_period("2026Q4"))
    assert q4.by_channel["网站"] >= 1 and "所本部（未经服务站）" in {g.name for g in q4.per_station}
