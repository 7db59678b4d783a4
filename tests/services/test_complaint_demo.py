"""The 投诉调解 demo step: 25 service stations, ~420 complaints, realistic outcomes,
deterministic (the whole demo is built by tests/services/test_demo.py)."""

from __future__ import annotations

import random
import shutil
from datetime import date

from station_app.bootstrap import open_context
from station_app.data.engine import sqlite_url
from station_app.demo import DemoOptions, DemoRun
from station_app.demo.complaints import complaints_step
from station_app.domain.complaints import ComplaintFilter
from station_app.services.base import NullProgress


def _run(ctx, seed: int = 2026) -> dict:
    run = DemoRun(ctx.db, random.Random(seed), DemoOptions(), NullProgress())
    complaints_step(run)
    return run.counts


def test_demo_complaints_are_realistic(sqlite_ctx):
    counts = _run(sqlite_ctx)
    assert counts["service_stations"] == 25 and counts["complaints"] == 420
    svc = sqlite_ctx.services.complaints
    stations = svc.stations()
    assert sum(s.kind == "社区" for s in stations) == 17
    assert sum(s.kind == "商业综合体" for s in stations) == 8
    cases = svc.list_cases(ComplaintFilter())
    assert len(cases) == 420
    assert any(c["deadline_state"] == "overdue" for c in cases)
    today = sqlite_ctx.clock.today()  # the demo's day (Beijing)
    f = svc.complaint_figures(
        f"{today.replace(year=today.year - 1).isoformat()}..{today.isoformat()}"
    )
    assert f.counts["received"] == 420
    assert f.counts["succeeded"] > 3 * f.counts["terminated"] > 0
    assert 95.0 <= {r.key: r for r in f.rates}["satisfaction"].value <= 100.0
    assert f.money_recovered_fen > 0 and len(f.per_station) >= 20 and len(f.per_mediator) >= 5
    # every case opens and its agreement (when there is one) prints
    view = svc.get(next(c["id"] for c in cases if c["status"] == "调解成功"))
    assert view.terms and all(t.due_on for t in view.terms)


def test_demo_is_deterministic(sqlite_ctx, sqlite_template, tmp_path):
    _run(sqlite_ctx)
    other_path = tmp_path / "other.sqlite3"
    shutil.copy(sqlite_template, other_path)
    other = open_context(sqlite_url(other_path), actor=sqlite_ctx.auth.actor)
    try:
        _run(other)

        def rows(ctx):
            return [
                (c["number"], c["status"], c["respondent"], c["amount"])
                for c in ctx.services.complaints.list_cases(ComplaintFilter())
            ]

        assert rows(sqlite_ctx) == rows(other)
    finally:
        other.close()


def test_demo_complaints_of_one_year_in_batches(sqlite_ctx, monkeypatch):
    """``demo --complaints N --complaints-year Y``: N complaints, all received in Y, written in
    several bulk batches; ids continue after the demo (a later complaint saves normally)."""
    from station_app.demo import complaints as complaint_demo

    monkeypatch.setattr(complaint_demo, "BATCH", 150)
    year = date.today().year - 1
    run = DemoRun(
        sqlite_ctx.db,
        random.Random(3),
        DemoOptions(complaints=400, complaints_year=year),
        NullProgress(),
    )
    complaints_step(run)
    assert run.counts["complaints"] == 400
    f = sqlite_ctx.services.complaints.complaint_figures(str(year))
    assert f.counts["received"] == 400 and f.counts["succeeded"] > 0
    numbers = {c["number"] for c in sqlite_ctx.services.complaints.list_cases(ComplaintFilter())}
    assert len(numbers) == 400 and f"TS{year}-0400" in numbers
