"""All eight indicators of the local grade are live (docs/areas/visits.md §8, issue #20 with
#15): each one, recorded through the module that owns it, moves one entity's score and its
stored grade (the recording service's own regrade, or ``services.entities`` recompute for the
modules that leave it to the nightly run), on SQLite and PostgreSQL. And a regrade from one
module keeps every other module's deduction (a penalty decided after a patrol hazard)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from station_app.data.models import Entity, Sampling
from station_app.domain import grading
from station_app.domain.auth import ADMIN, HEAD, Actor
from station_app.domain.patrols.hazards import Finding
from station_app.domain.patrols.records import RecordDraft
from station_app.domain.periods import SHANGHAI
from station_app.domain.visits.annual_reports import due_year
from station_app.services.complaints import ComplaintInput
from station_app.services.entities import EntityData, LicenceData
from station_app.services.lists import EntryDraft
from station_app.services.roster import GridData, PersonData
from station_app.services.violations import DecisionDraft, ViolationInput

TODAY = date(2026, 11, 20)
USCC = "91370923MA3C5XY21R"  # an enterprise (91…): the 经营异常名录 applies


@pytest.fixture
def shop(ctx) -> int:
    """One enterprise in grid GZ01 (a specialist covers it), registered long ago, clean."""
    ctx.clock.set_day(TODAY)
    roster = ctx.services.roster
    grid, _ = roster.save_grid(GridData("GZ01", "东关社区网格", ("东关社区",)))
    for name in ("张建华", "赵磊"):
        person, _ = roster.save_person(PersonData(name, ("specialist",)))
        roster.assign(grid.id, person.id, "specialist", date(2026, 1, 1))
    data = EntityData(
        name="东平县东关百货有限公司", uscc=USCC, address="东关路1号", grid_id=grid.id,
        registered_on=date(2015, 3, 1), legal_rep="王强",
    )  # fmt: skip
    return ctx.services.entities.save(data)[0].data.id


def stored(ctx, eid: int) -> tuple[str, int]:
    with ctx.db.session() as s:
        row = s.get(Entity, eid)
        return row.grade_computed, row.grade_score


def contribution(ctx, eid: int, indicator: str) -> int:
    card = ctx.services.entities.get(eid)
    return sum(c.points for c in card.grade.contributions if c.indicator == indicator)


# -- how each module records its fact ---------------------------------------------------------


def expired_licence(ctx, eid: int) -> bool:
    card = ctx.services.entities.get(eid)
    lic = LicenceData("食品经营许可证", "JY13709230012345", date(2020, 1, 1), date(2025, 12, 31))
    ctx.services.entities.save(
        EntityData(**{**card.data.__dict__, "licences": (lic,)})  # the card's data, one licence
    )
    return True  # the entity service regrades on save


def listing(ctx, eid: int, kind_name: str) -> bool:
    users = ctx.services.users
    proposer, _ = users.add_user("proposer", "李专员", ADMIN, "Li-Zhuanyuan-26")
    approver, _ = users.add_user("approver", "王所长", HEAD, "Wang-Suozhang-26")
    kind = next(k for k in ctx.services.lists.kinds() if k.name == kind_name)
    ctx.auth.sign_in(proposer.actor())
    entry, _ = ctx.services.lists.propose(
        EntryDraft(eid, kind.id, reason="依法列入", listed_on=date(2026, 11, 1))
    )
    ctx.auth.sign_in(approver.actor())
    ctx.services.lists.approve(entry.id, entry.version)
    ctx.auth.sign_in(Actor(None, "tester", ADMIN))
    return False  # the nightly recompute (or the card) reads the lists


def blacklisted(ctx, eid: int) -> bool:
    return listing(ctx, eid, "食品安全黑榜")


def abnormal(ctx, eid: int) -> bool:
    return listing(ctx, eid, "经营异常名录")


def complaint(ctx, eid: int) -> bool:
    data = ComplaintInput(
        "12315", date(2026, 10, 8), "张小明", "13812348000", "东平县城关镇幸福路12号",
        respondent_name="东平县东关百货有限公司", claim="退货", facts="商品质量问题",
        entity_id=eid,
    )  # fmt: skip
    ctx.services.complaints.register(data)
    return False


def penalty(ctx, eid: int) -> bool:
    svc = ctx.services.violations
    v = svc.add(ViolationInput(eid, "P-NO-PRICE-TAG", date(2026, 10, 12)))[0]
    svc.decide(v.id, v.version, DecisionDraft("penalty", date(2026, 10, 20), fine_fen=50000))
    return True  # the decision regrades in its own unit of work


def annual_report(ctx, eid: int) -> bool:
    ctx.services.visits.set_annual_report(eid, due_year(TODAY), "未报送")
    return True


def hazard(ctx, eid: int) -> bool:
    finding = Finding("食品安全", "冷藏柜温度超标", deadline=date(2026, 11, 30))
    moment = datetime(2026, 11, 18, 10, 0, tzinfo=SHANGHAI)
    ctx.services.patrols.record(
        RecordDraft(eid, moment, kind="check", findings=(finding,)), assume_yes=True
    )
    return True  # the record regrades in its own unit of work


def failed_sampling(ctx, eid: int) -> bool:
    # patrols' sampling service is not on main yet (docs/areas/patrols.md §17): the row its
    # table holds, then the registry's recompute
    with ctx.db.uow() as s:
        s.add(Sampling(entity_id=eid, sampled_on=date(2026, 9, 1), product="散装白酒",
                       qualified=False, failed_items="甲醇", agency="县检验中心"))  # fmt: skip
    return False


INDICATORS = [
    (grading.LICENCES, expired_licence),
    (grading.BLACKLIST, blacklisted),
    (grading.ABNORMAL, abnormal),
    (grading.COMPLAINTS, complaint),
    (grading.PENALTIES, penalty),
    (grading.ANNUAL_REPORT, annual_report),
    (grading.HAZARDS, hazard),
    (grading.SAMPLINGS, failed_sampling),
]


@pytest.mark.parametrize(("indicator", "record"), INDICATORS, ids=[i for i, _ in INDICATORS])
def test_each_indicator_moves_the_grade(ctx, shop, indicator, record):
    grade0, score0 = stored(ctx, shop)
    assert score0 == grading.MAX_POINTS and contribution(ctx, shop, indicator) == 0
    regrades_itself = record(ctx, shop)
    points = contribution(ctx, shop, indicator)
    assert points < 0, f"{indicator} did not count"
    card = ctx.services.entities.get(shop)
    assert card.grade.score == score0 + points  # this indicator alone moved it
    if regrades_itself:
        assert stored(ctx, shop) == (card.grade.grade, card.grade.score)
    ctx.services.entities.recompute_grades()
    assert stored(ctx, shop) == (card.grade.grade, card.grade.score)
    assert stored(ctx, shop)[1] < score0 and grade0


def test_the_eight_indicators_are_the_grade_s():
    assert {i for i, _ in INDICATORS} == {
        grading.LICENCES, grading.BLACKLIST, grading.ABNORMAL, grading.COMPLAINTS,
        grading.PENALTIES, grading.ANNUAL_REPORT, grading.HAZARDS, grading.SAMPLINGS,
    }  # fmt: skip


def test_a_penalty_regrade_keeps_the_patrol_hazard(ctx, shop):
    """The violations area regrades with every indicator, not only its own two."""
    hazard(ctx, shop)
    after_hazard = stored(ctx, shop)[1]
    assert after_hazard < grading.MAX_POINTS
    penalty(ctx, shop)
    card = ctx.services.entities.get(shop)
    hazard_points = contribution(ctx, shop, grading.HAZARDS)
    penalty_points = contribution(ctx, shop, grading.PENALTIES)
    assert hazard_points < 0 and penalty_points < 0
    assert stored(ctx, shop)[1] == grading.MAX_POINTS + hazard_points + penalty_points
    assert stored(ctx, shop) == (card.grade.grade, card.grade.score)
    history = ctx.services.entities.get(shop).grade_history
    assert any(h.reason == "行政处罚" for h in history)
