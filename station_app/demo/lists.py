"""Demo step for the red and black lists: ~118 红色合伙人, some 放心消费示范单位 and 诚信经营示范店,
a few black-list entries (one under credit repair, one expired), abnormal-operation listings
and one publication snapshot. Uses ``run.rng`` only; dates are relative to today."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from station_app.data.repo import lists as repo
from station_app.domain import lists as rules
from station_app.domain.auth import SYSTEM, Actor
from station_app.services.auth import Auth, UserService, system_auth
from station_app.services.lists import EntryDraft, ListService, local_today

if TYPE_CHECKING:
    from station_app.demo.run import DemoRun

RED_SUMMARIES = (
    "主动亮照亮证、明码标价，带头落实放心消费承诺",
    "积极配合网格巡查，协助化解消费纠纷",
    "落实食品安全主体责任，进货查验记录完整",
    "参与“红色合伙人”共建，带动周边商户诚信经营",
    "开展线下无理由退货，消费者满意度高",
)
BLACK_CASES = (
    (
        "食品安全黑榜",
        rules.MODERATE,
        "销售超过保质期的食品，经责令改正仍未改正",
        "销售过期食品，已依法处罚",
    ),
    (
        "食品安全黑榜",
        rules.SERIOUS,
        "使用非食品原料生产加工食品",
        "使用非食品原料加工食品，已依法从重处罚",
    ),
    (
        "消费投诉黑榜",
        rules.MODERATE,
        "预付卡经营者停业未退款，引发集中投诉",
        "预付式消费停业未退款，被集中投诉",
    ),
    ("消费投诉黑榜", rules.MINOR, "拒不履行调解协议", "拒不履行调解协议"),
)


def _actor(users: UserService, username: str) -> Actor:
    for u in users.list_users_unchecked():
        if u.username == username:
            return u.actor()
    return SYSTEM


def lists_step(run: DemoRun) -> None:
    with run.db.session() as s:
        by_type = repo.entity_ids_by_type(s, 3000)
    pool = [i for t, ids in sorted(by_type.items()) if t != "未登记" for i in ids]
    if len(pool) < 200:
        run.counts["list_entries"] = 0
        return
    users = UserService(run.db, system_auth())
    officer = Auth(_actor(users, "lihm"))
    head = Auth(_actor(users, "wangjg"))
    proposer, approver = ListService(run.db, officer), ListService(run.db, head)
    kinds = {k.name: k.id for k in proposer.kinds()}
    today = local_today()
    rng = run.rng
    chosen = rng.sample(pool, 200)
    n = 0

    def listed(entity_id: int, kind: str, on: date, **kw) -> int:
        nonlocal n
        row, _ = proposer.propose(
            EntryDraft(entity_id, kinds[kind], listed_on=on, **kw), today=today
        )
        row, _ = approver.approve(row.id, row.version)
        n += 1
        return row.id

    # black entries first, so red titles later skip those entities
    black = chosen[:6]
    ids = []
    for entity_id, (kind, tier, reason, summary) in zip(black, BLACK_CASES, strict=False):
        on = today - timedelta(days=rng.randint(100, 300) if tier != rules.SERIOUS else 400)
        ids.append(
            listed(
                entity_id,
                kind,
                on,
                tier=tier,
                reason=reason,
                public_summary=summary,
                legal_basis="《中华人民共和国食品安全法》第一百二十四条"
                if kind == "食品安全黑榜"
                else "《消费者权益保护法》第五十六条",
                decision_no=f"东市监城罚〔{on.year}〕{rng.randint(1, 60)}号",
            )
        )
    # one under repair: the serious food case (listed > 1 year ago), applied recently
    rep, _ = proposer.apply_repair(
        ids[1], today - timedelta(days=3), "已缴清罚款，完成整改并通过复查，近一年无同类违法行为"
    )
    proposer.check_repair(
        rep.id, rep.version, "已核对缴款凭证和整改复查记录", checked_on=today - timedelta(days=1)
    )
    # one expired: the minor case, listed 4 months ago → stopped automatically
    abnormal = [i for i in by_type.get("企业", [])[:400] if i not in chosen][:4]
    for entity_id in abnormal:
        listed(
            entity_id,
            "经营异常名录",
            today - timedelta(days=rng.randint(30, 900)),
            reason="未按规定期限公示年度报告",
            decision_no="",
        )
    individuals = [i for i in by_type.get("个体工商户", [])[:400] if i not in chosen][:2]
    for entity_id in individuals:
        listed(
            entity_id,
            "经营异常状态",
            today - timedelta(days=rng.randint(30, 400)),
            reason="通过登记的经营场所无法联系",
        )
    for entity_id in chosen[6:124]:  # 118 红色合伙人
        on = today - timedelta(days=rng.randint(1, 760))
        listed(
            entity_id,
            "红色合伙人",
            on,
            reason="经网格推荐、所务会研究",
            public_summary=rng.choice(RED_SUMMARIES),
        )
    for entity_id in chosen[124:164]:
        on = today - timedelta(days=rng.randint(1, 1000))
        listed(
            entity_id,
            "放心消费示范单位",
            on,
            reason="创建验收合格",
            public_summary="放心消费创建验收合格",
        )
    for entity_id in chosen[164:176]:
        on = today - timedelta(days=rng.randint(1, 300))
        listed(
            entity_id, "诚信经营示范店", on, reason="年度评选", public_summary="诚信经营示范店评选"
        )
    # two proposals waiting for approval
    for entity_id in chosen[176:178]:
        proposer.propose(
            EntryDraft(
                entity_id,
                kinds["无理由退货承诺单位"],
                listed_on=today,
                reason="自愿承诺线下无理由退货",
                public_summary="承诺线下七日无理由退货",
            ),
            today=today,
        )
        n += 1
    expired, _ = ListService(run.db, head).expire_due(today)
    # one publication: the last full quarter
    q = (today.month - 1) // 3
    period = f"{today.year}Q{q}" if q else f"{today.year - 1}Q4"
    approver.publish(period, today=today)
    run.counts["list_entries"] = n
    run.counts["list_expired"] = expired
