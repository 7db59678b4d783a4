"""Work orders (#14) on SQLite and PostgreSQL: each kind's clocks (across midnight, a pause, a
holiday, the rule change date), dispatch to the grid's specialist, the double sign-off by two
different users, close, 回访, 重办 escalation 1→2→3, the report check with the reporter kept
confidential, 督办, a race of two writers, bad input with a Chinese message and nothing
written, permissions, the list and its filters, audit rows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from station_app.domain.auth import READONLY, Actor
from station_app.domain.orders.listing import OrderFilter
from station_app.errors import ConflictError, PermissionDeniedError, ValidationError
from station_app.services.orders import CONFIDENTIAL, OrderInput
from tests.support.orders import as_, bj, build_roster, set_now

CLUE = "网格线索"


@pytest.fixture
def roster(ctx):
    return build_roster(ctx)


def clue(ctx, received="2026-05-01 23:50", **kw):
    data = OrderInput(kind=CLUE, received_at=bj(received), grid="WG01", text="路边无证烧烤摊", **kw)
    return ctx.services.orders.add(data)[0]


def log_length(ctx, number: str) -> int:
    return len(ctx.services.orders.show(number).timeline)


def order_count(ctx) -> int:
    return ctx.services.orders.rows(OrderFilter()).count()


def test_clue_runs_the_whole_loop_with_two_signatures(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-01 23:55")
    orders = ctx.services.orders
    view = clue(ctx, reporter_person_id=roster.worker_person_id)
    assert view.number == "GD2026-000001"
    assert view.state == "待响应" and view.assignee == "王专员"  # the grid's specialist that day
    deadlines = view.as_json()["deadlines"]
    assert deadlines == {  # 30 minutes across midnight, 24 hours on the clock
        "respond": "2026-05-02T00:20:00+08:00",
        "feedback": "2026-05-02T23:50:00+08:00",
    }
    set_now(ctx, monkeypatch, "2026-05-02 09:00")
    as_(ctx, roster.specialist)
    orders.respond(view.number, bj("2026-05-02 00:10"))
    orders.onsite(view.number, bj("2026-05-02 08:00"))
    orders.handle(view.number, "责令整改", "责令当事人撤除烧烤摊", bj("2026-05-02 08:20"))
    orders.feedback(view.number, "已撤除", bj("2026-05-02 08:40"))
    orders.confirm(view.number, bj("2026-05-02 08:45"))
    with pytest.raises(ValidationError, match="尚缺：上报网格员的确认"):
        orders.close(view.number, bj("2026-05-02 08:50"))
    as_(ctx, roster.worker)
    shown = orders.confirm(view.number, bj("2026-05-02 08:50"))[0]
    assert shown.state == "待办结"
    assert shown.as_json()["confirmations"] == ["wang", "li"]
    as_(ctx, roster.reviewer)
    done = orders.close(view.number, bj("2026-05-02 08:55"))[0]
    assert done.state == "已办结" and not done.late
    assert [c.status for c in done.clocks] == ["met", "met"]
    assert done.timestamps["closed_at"] == bj("2026-05-02 08:55")
    visited = orders.visit(view.number, "满意", "基本满意", True, at=bj("2026-05-02 08:58"))[0]
    assert visited.timeline[-1].label == "回访"
    history = ctx.services.audit.history("work_order", view.id)
    # every step audited; the clue's automatic 派单 is in its registration's row
    assert len(history) == len(visited.timeline) - 1
    assert history[0].reason.startswith("回访")


def test_the_same_user_cannot_sign_both_sides(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-02 12:00")
    orders = ctx.services.orders
    number = clue(ctx, "2026-05-02 09:00", reporter_person_id=roster.worker_person_id).number
    as_(ctx, roster.specialist)
    orders.respond(number, bj("2026-05-02 09:10"))
    orders.feedback(number, "已处置", bj("2026-05-02 10:00"))
    orders.confirm(number, bj("2026-05-02 10:05"))
    before = log_length(ctx, number)
    with pytest.raises(ValidationError, match="同一人不能确认两次"):
        orders.confirm(number, bj("2026-05-02 10:06"))
    as_(ctx, roster.other)  # another officer: not the reporter of this clue
    with pytest.raises(ValidationError, match="不是该工单的上报网格员"):
        orders.confirm(number, bj("2026-05-02 10:07"))
    assert log_length(ctx, number) == before
    assert orders.show(number).state == "待确认"


def test_feedback_before_dispatch_is_refused_and_nothing_written(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-02 12:00")
    orders = ctx.services.orders
    number = clue(ctx, "2026-05-02 09:00").number
    as_(ctx, roster.specialist)
    orders.respond(number, bj("2026-05-02 09:10"))
    before = orders.show(number)
    with pytest.raises(ValidationError, match="不能早于响应时间"):
        orders.feedback(number, "已处置", bj("2026-05-02 09:05"))
    with pytest.raises(ValidationError, match="晚于当前时间"):
        orders.feedback(number, "已处置", bj("2026-05-02 13:00"))
    after = orders.show(number)
    assert (after.version, len(after.timeline)) == (before.version, len(before.timeline))


def test_a_pause_is_not_counted_and_needs_a_reason(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-03 12:00")
    orders = ctx.services.orders
    number = clue(ctx, "2026-05-02 09:00").number
    as_(ctx, roster.specialist)
    orders.respond(number, bj("2026-05-02 09:10"))
    with pytest.raises(ValidationError, match="挂起须填写原因"):
        orders.pause(number, "  ", bj("2026-05-02 10:00"))
    orders.pause(number, "等待检测结果", bj("2026-05-02 10:00"))
    with pytest.raises(ValidationError, match="请先恢复计时"):
        orders.feedback(number, "已处置", bj("2026-05-02 12:00"))
    view = orders.resume(number, bj("2026-05-02 16:00"))[0]
    feedback = next(c for c in view.clocks if c.clock == "feedback")
    assert feedback.due == bj("2026-05-03 15:00")  # 24 h + the 6 paused hours
    assert "挂起" in feedback.explain and "共 6小时" in feedback.explain


def test_unknown_grid_and_bad_kind_write_nothing(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-02 12:00")
    orders = ctx.services.orders
    with pytest.raises(ValidationError, match="网格“WG99”不存在"):
        orders.add(OrderInput(kind=CLUE, received_at=bj("2026-05-02 09:00"), grid="WG99"))
    with pytest.raises(ValidationError, match="工单类型“投诉”不存在"):
        orders.add(OrderInput(kind="投诉", received_at=bj("2026-05-02 09:00")))
    with pytest.raises(ValidationError, match="须填写平台工单编号"):
        orders.add(OrderInput(kind="12345", received_at=bj("2026-05-02 09:00")))
    with pytest.raises(ValidationError, match="格式不符"):
        orders.add(OrderInput(kind="12345", received_at=bj("2026-05-02 09:00"), platform_no="12-3"))
    assert order_count(ctx) == 0


def hotline(ctx, no="JN2026050100123", received="2026-05-02 09:00", rework=0):
    data = OrderInput(
        kind="12345", received_at=bj(received), platform_no=no, rework=rework, grid="WG01",
        text="商户缺斤短两",
    )  # fmt: skip
    return ctx.services.orders.add(data)[0]


def test_hotline_clocks_and_rework_escalates_1_2_3(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-02 10:00")
    orders = ctx.services.orders
    view = hotline(ctx)
    assert view.state == "待派单" and view.lead_level == 0
    assert view.as_json()["deadlines"]["dispatch"] == "2026-05-02T11:00:00+08:00"
    assert view.as_json()["deadlines"]["respond"] == "2026-05-03T09:00:00+08:00"
    orders.dispatch(view.number, bj("2026-05-02 09:30"))
    levels = []
    for count, when in ((1, "2026-05-05 10:00"), (2, "2026-05-08 10:00"), (3, "2026-05-12 10:00")):
        set_now(ctx, monkeypatch, when)
        again = hotline(ctx, received=when, rework=count)
        assert again.number == view.number  # same order, no duplicate
        levels.append((again.rework, again.lead_level, again.state))
    assert levels == [(1, 1, "待派单"), (2, 2, "待派单"), (3, 3, "待派单")]
    assert "所长牵头" in orders.show(view.number).lead
    with pytest.raises(ValidationError, match="重办须填写更大的重办次数"):
        hotline(ctx, received="2026-05-12 10:00", rework=3)
    assert order_count(ctx) == 1


def test_report_check_over_a_holiday_and_reporter_confidential(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-04-30 10:00")
    orders = ctx.services.orders
    data = OrderInput(
        kind="12315举报", received_at=bj("2026-04-30 09:00"), platform_no="13701022026043000032",
        text="某超市销售过期食品", subject_name="某超市", requester_name="张举报",
        requester_phone="13812345678", real_name=True,
    )  # fmt: skip
    view = orders.add(data)[0]
    check = next(c for c in view.clocks if c.clock == "finish")
    # 15 working days from the next day, 5月1日–5日 (劳动节) not counted, 5月9日 a 调休 Saturday
    assert check.label == "核查时限"
    assert check.due == bj("2026-05-25 23:59") + timedelta(seconds=59)
    assert "5月1日" in check.explain and "5月9日（星期六）" in check.explain
    assert view.requester == CONFIDENTIAL
    text = str(view.as_json())
    assert "张举报" not in text and "13812345678" not in text
    set_now(ctx, monkeypatch, "2026-05-08 10:00")
    orders.dispatch(view.number, bj("2026-04-30 09:30"), to="wang", reason="承办")
    orders.respond(view.number, bj("2026-04-30 10:00"))
    with pytest.raises(ValidationError, match="须先作出立案或不予立案决定"):
        orders.feedback(view.number, "核查完毕", bj("2026-05-06 10:00"))
    with pytest.raises(ValidationError, match="不予立案须写明理由"):
        orders.decide(view.number, "不予立案", "", bj("2026-05-06 10:00"))
    decided = orders.decide(view.number, "立案", "", bj("2026-05-06 10:00"))[0]
    notice = next(c for c in decided.clocks if c.clock == "notice")
    assert notice.due.date().isoformat() == "2026-05-12"  # 5 working days, 5月9日 counted
    orders.notify(view.number, bj("2026-05-07 10:00"))


def test_rule_change_applies_to_orders_received_after_it(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-02 10:00")
    orders = ctx.services.orders
    before = clue(ctx, "2026-05-02 09:00")
    with pytest.raises(ValidationError, match="只能从现在"):
        orders.save_limit(
            CLUE, "respond", 20, "min", "县局通知", effective_from=bj("2026-05-01 00:00")
        )
    orders.save_limit(CLUE, "respond", 20, "min", "县局2026年第3号通知")
    set_now(ctx, monkeypatch, "2026-05-02 11:00")
    after = clue(ctx, "2026-05-02 10:30")
    due = {v.number: next(c for c in v.clocks if c.clock == "respond").due for v in (before, after)}
    assert due[before.number] == bj("2026-05-02 09:30")  # received under the 30-minute line
    assert due[after.number] == bj("2026-05-02 10:50")
    assert ctx.services.audit.history("station_setting", "orders.limits")


def test_two_writers_on_one_version_the_second_conflicts(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-02 12:00")
    orders = ctx.services.orders
    view = hotline(ctx)
    orders.dispatch(view.number, bj("2026-05-02 09:30"), version=view.version)
    with pytest.raises(ConflictError):
        orders.pause(view.number, "当事人无法联系", bj("2026-05-02 10:00"), version=view.version)
    shown = orders.show(view.number)
    assert [e.step for e in shown.timeline] == ["register", "dispatch"]


def test_dispatch_to_someone_else_needs_a_reason(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-02 12:00")
    orders = ctx.services.orders
    view = hotline(ctx)
    with pytest.raises(ValidationError, match="监管专员是王专员；改派他人须填写原因"):
        orders.dispatch(view.number, bj("2026-05-02 09:30"), to="qian")
    done = orders.dispatch(view.number, bj("2026-05-02 09:30"), to="qian", reason="王专员休假")[0]
    assert done.assignee == "钱专员"


def test_permissions(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-02 12:00")
    orders = ctx.services.orders
    view = hotline(ctx)
    as_(ctx, Actor(None, "ro", READONLY, "只读"))
    with pytest.raises(PermissionDeniedError):
        orders.dispatch(view.number, bj("2026-05-02 09:30"))
    as_(ctx, roster.worker)
    with pytest.raises(ValidationError, match="网格员只能登记网格线索"):
        hotline(ctx, no="JN2026050100999")
    assert clue(ctx, "2026-05-02 11:00").kind == CLUE


def test_supervise_an_overdue_order_list_filters_and_home_counts(ctx, roster, monkeypatch):
    now = set_now(ctx, monkeypatch, "2026-05-02 12:00")
    orders = ctx.services.orders
    late = hotline(ctx, received="2026-05-02 09:00")  # dispatch due 11:00: overdue
    fresh = clue(ctx, "2026-05-02 11:45")  # respond due 12:15: within the hour
    with pytest.raises(ValidationError, match="尚未超时"):
        orders.supervise(fresh.number, "孙所长", "城关社区王书记")
    with pytest.raises(ValidationError, match="社区方督办人"):
        orders.supervise(late.number, "孙所长", "")
    sup = orders.supervise(late.number, "孙所长", "城关社区王书记")[0]
    assert "督〔2026〕1号" in sup.supervisions[0].doc_number
    rows = orders.rows(OrderFilter(due="overdue", now=now))
    ids = rows.fetch_ids(None, False)
    assert [rows.fetch_rows(ids)[i][0] for i in ids] == [late.number]
    soon = orders.rows(OrderFilter(within_minutes=60, now=now))
    got = soon.fetch_rows(soon.fetch_ids("due", False))
    row = next(iter(got.values()))
    assert row[0] == fresh.number and row[9].startswith("响应 剩") and row[-1] == "hour"
    assert orders.home_counts(now) == {"overdue": 1, "due_within_hour": 1, "paused": 0}
    later = orders.rows(OrderFilter(due="overdue", now=now + timedelta(hours=1)))
    assert later.count() == 2


def test_figures_count_the_period(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-03 12:00")
    orders = ctx.services.orders
    number = clue(ctx, "2026-05-02 09:00", reporter_person_id=roster.worker_person_id).number
    as_(ctx, roster.specialist)
    orders.respond(number, bj("2026-05-02 09:10"))
    orders.feedback(number, "已处置", bj("2026-05-02 10:00"))
    orders.confirm(number, bj("2026-05-02 10:05"))
    as_(ctx, roster.worker)
    orders.confirm(number, bj("2026-05-02 10:06"))
    as_(ctx, roster.reviewer)
    orders.close(number, bj("2026-05-02 10:10"))
    orders.visit(number, "满意", "不满意", True, at=bj("2026-05-02 11:00"))
    hotline(ctx, received="2026-05-02 09:00")
    from station_app.domain.periods import parse_period

    figs = orders.figures(parse_period("2026-05"))
    assert figs.counts["received"] == 2 and figs.by_kind == {CLUE: 1, "12345": 1}
    assert figs.counts["handled_same_day"] == 1
    assert figs.rates["finished"] == 50.0
    assert figs.rates["process_satisfaction"] == 100.0
    assert figs.rates["result_satisfaction"] == 0.0
    assert "24 小时内" in figs.as_json()["definitions"]["response_24h"]


def test_catch_up_freezes_a_breach_that_a_later_pause_cannot_move(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-02 09:40")
    orders = ctx.services.orders
    number = clue(ctx, "2026-05-02 09:00").number  # respond due 09:30
    assert orders.show(number).overdue
    orders.catch_up()
    shown = orders.show(number)
    respond = next(c for c in shown.clocks if c.clock == "respond")
    assert respond.frozen and [e.step for e in shown.timeline][-1] == "breach"
    orders.pause(number, "当事人无法联系", bj("2026-05-02 09:35"))
    respond = next(c for c in orders.show(number).clocks if c.clock == "respond")
    assert respond.due == bj("2026-05-02 09:30")  # frozen: the pause recorded later moves nothing
    assert orders.catch_up() == orders.catch_up()  # nothing more to freeze: no new rows
    assert len(orders.show(number).timeline) == 4  # 登记, 派单, 超时, 挂起


def test_a_grid_worker_sees_only_their_grids(ctx, roster, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-02 12:00")
    orders = ctx.services.orders
    clue(ctx, "2026-05-02 09:00")
    orders.add(OrderInput(kind="咨询", received_at=bj("2026-05-02 09:00"), text="咨询办照流程"))
    assert orders.rows(OrderFilter()).count() == 2
    consult = orders.rows(OrderFilter(kind="咨询"))
    hidden = consult.fetch_rows(consult.fetch_ids(None, False))
    as_(ctx, roster.worker)
    assert orders.rows(OrderFilter()).count() == 1
    from station_app.errors import NotFoundError

    with pytest.raises(NotFoundError):
        orders.show(next(iter(hidden.values()))[0])
