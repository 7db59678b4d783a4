"""The county report's 价格监测 and 风险预警 sections on SQLite and PostgreSQL: the period's
observations, flags and what was done about them, warnings raised by kind and resolved by
way, each equal to what the services did."""

from __future__ import annotations

from datetime import date, timedelta

from station_app.domain.periods import parse_period
from station_app.domain.prices.lists import FlagFilter
from station_app.services.station import StationProfileData
from tests.services.test_prices import DAY, at, baseline, hotel  # noqa: F401 - the fixture
from tests.services.test_warnings import complaint


def _section(report, name):
    [found] = [s for s in report.sections if s.name == name]
    return {f.key: f.value for f in found.figures}


def test_prices_and_warnings_sections(ctx, hotel):  # noqa: F811
    from station_app.services.prices import ObservationInput

    ctx.services.station.save_profile(
        StationProfileData(
            name="城关市场监督管理所", code="370923001", county_bureau="东平县市场监督管理局"
        )
    )
    baseline(ctx, hotel.id)
    ctx.services.prices.observe(ObservationInput(hotel.id, at(date(2025, 10, 2)), 35000))
    ctx.services.prices.observe(ObservationInput(hotel.id, at(date(2025, 10, 3)), 36000))
    first, second = ctx.services.prices.flags(FlagFilter())
    ctx.services.prices.reasonable(first.id, first.version, "含双早")
    ctx.services.prices.warn([second.id], "王经理", "直接送达")
    for d in (1, 2, 3):
        complaint(ctx, hotel.entity_id, DAY - timedelta(days=d))
    ctx.services.warnings.scan()
    [w] = ctx.services.warnings.warnings()
    ctx.services.warnings.resolve(w.id, "约谈告诫", "约谈经理")
    report = ctx.services.reports.build(parse_period("2025-10"))
    prices = _section(report, "价格监测")
    assert prices["prices.observations"] == 2 and prices["prices.subjects"] == 1
    assert prices["prices.flags"] == 2 and prices["prices.reasonable"] == 1
    assert prices["prices.open"] == 1 and prices["prices.closed"] == 1
    # the letter was issued on the real day (issued_at is the moment it was made)
    assert prices["prices.letters"] == 0
    sept = _section(ctx.services.reports.build(parse_period("2025-09")), "价格监测")
    assert sept["prices.observations"] == 30 and sept["prices.flags"] == 0
    warnings = _section(
        ctx.services.reports.build(parse_period(str(date.today().year))), "风险预警"
    )
    assert warnings["warnings.raised"] == 1 and warnings["warnings.raised.cluster_entity"] == 1
    assert warnings["warnings.resolved"] == 1 and warnings["warnings.resolved.4"] == 1
