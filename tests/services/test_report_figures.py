"""Every report figure equals an independent SQL count (SQLite and PostgreSQL), across period
boundaries (Beijing midnight, month ends, leap day) and for empty periods."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from station_app.domain.periods import parse_period
from station_app.services.demo import DemoOptions


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
    for key, value in expected.items():
        assert report.figure(key).value == value, key
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
