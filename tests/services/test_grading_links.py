"""The local grade reads the other modules: a black listing makes the entity D (issue 7), and
complaints in the last 12 months count against it."""

from __future__ import annotations

from datetime import date

from station_app.domain.auth import ADMIN, HEAD, Actor
from station_app.services.entities import EntityData
from station_app.services.lists import EntryDraft


def _entity(ctx, name: str) -> int:
    card = ctx.services.entities.save(EntityData(name=name, address="东平县人民路1号"))
    card = card[0] if isinstance(card, tuple) else card
    return card.data.id


def test_black_listing_makes_grade_d_on_card_and_recompute(ctx):
    eid = _entity(ctx, "城关镇问题超市")
    assert ctx.services.entities.get(eid).local_grade != "D"
    kind = next(k for k in ctx.services.lists.kinds() if k.name == "食品安全黑榜")
    users = ctx.services.users
    proposer, _ = users.add_user("proposer", "李专员", ADMIN, "Li-Zhuanyuan-26")
    approver, _ = users.add_user("approver", "王所长", HEAD, "Wang-Suozhang-26")
    ctx.auth.sign_in(proposer.actor())
    entry, _ = ctx.services.lists.propose(
        EntryDraft(eid, kind.id, reason="抽检不合格", listed_on=date.today())
    )
    ctx.auth.sign_in(approver.actor())
    ctx.services.lists.approve(entry.id, entry.version)
    ctx.auth.sign_in(Actor(None, "tester", ADMIN))
    card = ctx.services.entities.get(eid)
    assert card.grade.grade == "D"
    assert any("黑榜" in c.indicator and c.points < 0 for c in card.grade.contributions)
    result, _ = ctx.services.entities.recompute_grades()
    assert result.changed >= 1
    assert ctx.services.entities.get(eid).local_grade == "D"


def test_demo_grades_agree_with_black_lists(ctx):
    from sqlalchemy import text

    from station_app.demo import DemoOptions

    ctx.services.demo.build(DemoOptions(seed=5, entities=1500))
    with ctx.db.engine.connect() as con:
        wrong = con.execute(
            text(
                "SELECT count(*) FROM entity e JOIN list_entry le ON le.entity_id = e.id "
                "JOIN list_kind k ON k.id = le.kind_id WHERE le.status = 'listed' "
                "AND k.grade_indicator = 'blacklisted' AND e.grade_override IS NULL "
                "AND e.local_grade <> 'D'"
            )
        ).scalar_one()
    assert wrong == 0
