from datetime import date, timedelta

from station_app.domain.retention import backups_to_delete


def _daily(start: date, days: int, per_day: int = 1) -> list[tuple[str, date]]:
    out = []
    for d in range(days):
        day = start + timedelta(days=d)
        out += [(f"b-{day:%Y%m%d}-{i}", day) for i in range(per_day)]
    return out


def test_keeps_30_days_and_12_months():
    backups = _daily(date(2025, 1, 1), 700)  # nearly two years of daily backups
    deleted = set(backups_to_delete(backups))
    kept = [b for b in backups if b[0] not in deleted]
    kept_days = sorted({d for _, d in kept})
    last = backups[-1][1]
    recent = [d for d in kept_days if d > last - timedelta(days=30)]
    assert len(recent) == 30
    months = {(d.year, d.month) for d in kept_days}
    assert len(months) == 12
    # last day 2026-12-01: 30 days reach back into November, whose month-end keeper is one of
    # them; the other 10 months (Jan–Oct 2026) add their month-end backup each.
    assert len(kept) == 30 + 10


def test_only_newest_of_a_day_survives():
    backups = _daily(date(2026, 11, 20), 3, per_day=3)
    deleted = backups_to_delete(backups)
    assert "b-20261122-2" not in deleted and "b-20261122-0" in deleted
    assert len(deleted) == 6


def test_nothing_to_delete_when_few():
    assert backups_to_delete(_daily(date(2026, 11, 1), 5)) == []
