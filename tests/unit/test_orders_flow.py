"""The flow of an order: the transition table, the checks of each step with their Chinese
messages (the issue's bad-input list), the double sign-off by two different people, the
report's decision and notice, 重办 rounds."""

from __future__ import annotations

import pytest

from station_app.domain.auth import PERMISSIONS
from station_app.domain.orders import flow, machine
from station_app.domain.orders import kinds as k
from station_app.domain.orders.flow import Signer
from station_app.errors import ValidationError
from tests.support.order_logs import Log, t

REPORTER, HANDLER, REVIEWER, STRANGER = 101, 201, 301, 401


def clue_fed_back() -> Log:
    log = Log(k.CLUE, "2026-05-06 10:00", reporter_person_id=11)
    log.add(
        k.DISPATCH,
        "2026-05-06 10:00",
        assignee_user_id=1,
        assignee_person_id=21,
        assignee_name="王专员",
    )
    log.add(k.RESPOND, "2026-05-06 10:20", user_id=HANDLER)
    return log.add(k.FEEDBACK, "2026-05-06 15:00", user_id=HANDLER)


def hotline_fed_back() -> Log:
    log = Log(k.HOTLINE, "2026-05-06 09:00")
    log.add(
        k.DISPATCH,
        "2026-05-06 09:30",
        assignee_user_id=1,
        assignee_person_id=21,
        assignee_name="王专员",
    )
    log.add(k.RESPOND, "2026-05-06 10:00", user_id=HANDLER)
    return log.add(k.FEEDBACK, "2026-05-07 10:00", user_id=HANDLER)


def signer(user_id: int, person_id: int | None, **kw: object) -> Signer:
    return Signer(user_id, f"u{user_id}", f"用户{user_id}", person_id, **kw)  # type: ignore[arg-type]


def confirm(log: Log, who: Signer, at: str) -> Log:
    flow.check_step(log.facts(), k.CONFIRM, t(at), t(at))
    side = flow.check_confirm(log.facts(), who)
    return log.add(
        k.CONFIRM,
        at,
        by=who.username,
        user_id=who.user_id,
        side=side,
        person_id=who.person_id,
        name=who.label,
    )


def message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return exc.value.message


# ---- the table -----------------------------------------------------------------------------


def test_every_step_names_a_permission_in_the_table_and_a_label() -> None:
    for row in machine.STEPS.values():
        assert row.action in PERMISSIONS or row.action.startswith("orders."), row
        assert row.label and row.sources <= set(k.STATES)


def test_the_happy_path_of_a_grid_clue() -> None:
    log = clue_fed_back()
    assert log.facts().state == k.WAITING_CONFIRM
    confirm(log, signer(HANDLER, 21), "2026-05-06 16:00")
    assert log.facts().state == k.WAITING_CONFIRM
    confirm(log, signer(REPORTER, 11), "2026-05-06 16:30")
    facts = log.facts()
    assert facts.state == k.CONFIRMED
    assert facts.confirmed_by() == ("u201", "u101")
    assert facts.done[k.CONFIRM] == t("2026-05-06 16:30")
    log.step(k.CLOSE, "2026-05-06 17:00")
    assert log.facts().state == k.CLOSED
    assert machine.possible(k.CLOSED, k.CLUE, False) == (k.VISIT,)
    log.step(k.VISIT, "2026-05-07 10:00")
    with pytest.raises(ValidationError, match="已于 2026-05-07 10:00 回访"):
        flow.check_visit(log.facts(), "满意", "满意", "电话")


def test_what_may_follow_each_state() -> None:
    assert machine.possible(k.WAITING_DISPATCH, k.HOTLINE, False) == (
        k.DISPATCH,
        k.PAUSE,
        k.SUPERVISE,
        k.REWORK,
        k.VOID_STEP,
    )
    assert machine.possible(k.HANDLING, k.REPORT, True) == (
        k.EXTEND,
        k.RESUME,
        k.SUPERVISE,
        k.VOID_STEP,
    )
    assert k.LINK_CASE in machine.possible(k.HANDLING, k.COMPLAINT, False)
    assert k.LINK_CASE not in machine.possible(k.HANDLING, k.CLUE, False)


# ---- the bad-input list --------------------------------------------------------------------


def test_a_feedback_before_the_dispatch_is_refused_naming_the_dispatch() -> None:
    log = Log(k.HOTLINE, "2026-05-06 09:00").add(k.DISPATCH, "2026-05-06 10:00", assignee_user_id=7)
    log.add(k.RESPOND, "2026-05-06 10:20")
    with pytest.raises(ValidationError) as exc:
        log.step(k.FEEDBACK, "2026-05-06 09:40", now="2026-05-06 12:00")
    assert message(exc) == (
        "反馈时间（2026-05-06 09:40）不能早于派单时间（2026-05-06 10:00）。请按实际发生的先后填写时间。"
    )
    assert exc.value.field == "at"


def test_a_step_in_the_future_is_refused() -> None:
    log = Log(k.HOTLINE, "2026-05-06 09:00")
    with pytest.raises(ValidationError) as exc:
        log.step(k.DISPATCH, "2026-05-06 18:00", now="2026-05-06 10:00")
    assert "晚于当前时间" in message(exc)


def test_a_confirmation_by_the_same_user_twice_is_refused() -> None:
    log = clue_fed_back()
    confirm(log, signer(HANDLER, 21), "2026-05-06 16:00")
    with pytest.raises(ValidationError) as exc:
        confirm(log, signer(HANDLER, 21), "2026-05-06 16:05")
    assert "同一人不能确认两次" in message(exc)
    assert "上报网格员" in message(exc)


def test_two_accounts_of_one_person_sign_once() -> None:
    log = clue_fed_back()
    confirm(log, signer(HANDLER, 21), "2026-05-06 16:00")
    with pytest.raises(ValidationError) as exc:
        confirm(log, signer(999, 21), "2026-05-06 16:05")
    assert "同一人不能确认两次" in message(exc)


def test_closing_without_both_confirmations_is_refused() -> None:
    log = clue_fed_back()
    with pytest.raises(ValidationError) as exc:
        log.step(k.CLOSE, "2026-05-06 16:00")
    assert (
        message(exc)
        == "办结前须由上报网格员与承办专员双方分别登录确认，尚缺：上报网格员、承办专员的确认。"
    )
    confirm(log, signer(HANDLER, 21), "2026-05-06 16:10")
    with pytest.raises(ValidationError) as exc:
        log.step(k.CLOSE, "2026-05-06 16:20")
    assert "尚缺：上报网格员的确认" in message(exc)
    before = clue_fed_back().events[:-1]
    handling = Log(k.CLUE, "2026-05-06 10:00")
    handling.events = before
    with pytest.raises(ValidationError) as exc:
        handling.step(k.CLOSE, "2026-05-06 16:00")
    assert message(exc).startswith("请先反馈处置结果")


def test_a_pause_without_a_reason_is_refused() -> None:
    log = clue_fed_back()
    with pytest.raises(ValidationError) as exc:
        log.step(k.PAUSE, "2026-05-06 15:10", reason="  ")
    assert message(exc) == "挂起须填写原因（例如：等待检测结果、当事人无法联系）。"
    assert exc.value.field == "reason"


def test_steps_wait_while_paused_and_resume_needs_a_pause() -> None:
    log = Log(k.HOTLINE, "2026-05-06 09:00")
    with pytest.raises(ValidationError, match="工单没有挂起"):
        log.step(k.RESUME, "2026-05-06 09:10")
    log.step(k.PAUSE, "2026-05-06 09:10", reason="诉求人电话无人接听")
    with pytest.raises(ValidationError) as exc:
        log.step(k.DISPATCH, "2026-05-06 09:20")
    assert message(exc) == (
        "工单已于 2026-05-06 09:10 挂起（诉求人电话无人接听），请先恢复计时，再派单。"
    )
    log.step(k.RESUME, "2026-05-06 11:00").step(k.DISPATCH, "2026-05-06 11:05")
    assert log.facts().pauses[0].end == t("2026-05-06 11:00")


def test_a_step_the_state_does_not_allow_says_what_is_possible() -> None:
    log = Log(k.HOTLINE, "2026-05-06 09:00")
    with pytest.raises(ValidationError) as exc:
        log.step(k.FEEDBACK, "2026-05-06 09:10")
    assert message(exc).startswith(
        "工单当前状态为“待派单”，不能反馈。当前可进行：派单、挂起、督办、重办、作废"
    )
    with pytest.raises(ValidationError, match="网格线索没有“立案决定”这一步"):
        Log(k.CLUE, "2026-05-06 09:00").step(k.DECIDE, "2026-05-06 09:10")


def test_a_voided_order_takes_no_more_steps() -> None:
    log = Log(k.HOTLINE, "2026-05-06 09:00").step(
        k.VOID_STEP, "2026-05-06 09:10", reason="重复登记"
    )
    assert log.facts().state == k.VOID
    with pytest.raises(ValidationError, match="工单已作废"):
        log.step(k.DISPATCH, "2026-05-06 09:20")


# ---- the double sign-off -------------------------------------------------------------------


def test_someone_neither_reporter_nor_handler_cannot_confirm_a_clue() -> None:
    with pytest.raises(ValidationError) as exc:
        confirm(clue_fed_back(), signer(STRANGER, 55, reviewer=True), "2026-05-06 16:00")
    assert message(exc).startswith("您不是该工单的上报网格员或承办专员，不能确认")


def test_a_reporter_without_an_account_is_signed_for_by_a_grid_worker_of_the_grid() -> None:
    worker = signer(STRANGER, 56, grid_worker=True, reporter_has_user=False)
    assert flow.sides_for(clue_fed_back().facts(), worker) == (k.REPORTER_SIDE,)
    linked = signer(STRANGER, 56, grid_worker=True, reporter_has_user=True)
    assert flow.sides_for(clue_fed_back().facts(), linked) == ()


def test_a_hotline_order_is_confirmed_by_the_handler_and_a_reviewer_not_the_handler_twice() -> None:
    log = hotline_fed_back()
    handler = signer(HANDLER, 21, reviewer=True)
    assert flow.sides_for(log.facts(), handler) == (k.HANDLER_SIDE,)
    confirm(log, handler, "2026-05-07 11:00")
    confirm(log, signer(REVIEWER, None, reviewer=True), "2026-05-07 11:10")
    assert log.facts().state == k.CONFIRMED
    assert [c.side for c in log.facts().confirmations] == [k.HANDLER_SIDE, k.REVIEWER_SIDE]


def test_a_second_reviewer_finds_the_side_taken() -> None:
    log = hotline_fed_back()
    confirm(log, signer(REVIEWER, None, reviewer=True), "2026-05-07 11:00")
    with pytest.raises(ValidationError) as exc:
        confirm(log, signer(302, None, reviewer=True), "2026-05-07 11:10")
    assert message(exc).startswith("审核人已由用户301确认，还须由承办专员确认")


def test_a_consultation_needs_one_confirmation() -> None:
    log = Log(k.CONSULT, "2026-05-06 09:00").add(
        k.DISPATCH, "2026-05-06 09:00", assignee_user_id=HANDLER
    )
    log.add(k.RESPOND, "2026-05-06 09:05").add(k.FEEDBACK, "2026-05-06 09:10")
    confirm(log, signer(HANDLER, None), "2026-05-06 09:11")
    assert log.facts().state == k.CONFIRMED


def test_not_agreeing_sends_it_back_and_clears_the_confirmations() -> None:
    log = clue_fed_back()
    confirm(log, signer(HANDLER, 21), "2026-05-06 16:00")
    log.step(k.REJECT, "2026-05-06 16:30", reason="现场问题仍未整改")
    facts = log.facts()
    assert facts.state == k.HANDLING and facts.confirmations == ()
    log.step(k.FEEDBACK, "2026-05-07 09:00")
    assert log.facts().done[k.FEEDBACK] == t("2026-05-06 15:00")  # the clock met the first time


# ---- returns, dispatch, reports ------------------------------------------------------------


def test_a_return_goes_back_to_the_dispatcher_without_an_assignee() -> None:
    log = Log(k.HOTLINE, "2026-05-06 09:00").add(
        k.DISPATCH, "2026-05-06 09:10", assignee_user_id=1, assignee_person_id=21
    )
    log.step(k.RETURN, "2026-05-06 09:30", reason="不属于本网格")
    facts = log.facts()
    assert facts.state == k.WAITING_DISPATCH and facts.assignee_person_id is None
    assert facts.returns == 1


def test_dispatch_to_someone_else_than_the_grid_specialist_needs_a_reason() -> None:
    flow.check_dispatch(21, "王专员", 21, 201, "")
    with pytest.raises(ValidationError, match="该网格当日的监管专员是王专员；改派他人须填写原因"):
        flow.check_dispatch(21, "王专员", 22, 202, "")
    flow.check_dispatch(21, "王专员", 22, 202, "王专员休假")
    with pytest.raises(ValidationError, match="未找到该网格当日的监管专员"):
        flow.check_dispatch(None, "", None, None, "")


def test_a_report_decides_before_feedback_and_tells_a_real_name_reporter_before_closing() -> None:
    log = Log(k.REPORT, "2026-05-06 09:00", real_name=True)
    log.add(k.DISPATCH, "2026-05-06 09:10", assignee_user_id=1, assignee_person_id=21).add(
        k.RESPOND, "2026-05-06 09:30"
    )
    with pytest.raises(ValidationError, match="举报须先作出立案或不予立案决定"):
        flow.check_feedback(log.facts(), "核查属实")
    with pytest.raises(ValidationError, match="不予立案须写明理由"):
        flow.check_decide(log.facts(), k.NO_CASE, "")
    with pytest.raises(ValidationError, match="须先作出立案或不予立案决定，再告知"):
        flow.check_notify(log.facts())
    log.add(k.DECIDE, "2026-05-12 10:00", decision=k.FILE_CASE)
    with pytest.raises(ValidationError, match="已作出“立案”决定，不能重复决定"):
        flow.check_decide(log.facts(), k.NO_CASE, "证据不足")
    assert flow.check_feedback(log.facts(), "已立案调查") == "已立案调查"
    log.add(k.FEEDBACK, "2026-05-12 11:00")
    log.add(k.CONFIRM, "2026-05-12 12:00", user_id=HANDLER, side=k.HANDLER_SIDE)
    log.add(k.CONFIRM, "2026-05-12 12:10", user_id=REVIEWER, side=k.REVIEWER_SIDE)
    with pytest.raises(ValidationError, match="实名举报须先告知举报人"):
        flow.check_close(log.facts())
    flow.check_notify(log.facts())
    log.step(k.NOTIFY, "2026-05-13 09:00")
    with pytest.raises(ValidationError, match="不能重复告知"):
        flow.check_notify(log.facts())
    flow.check_close(log.facts())


def test_an_anonymous_report_is_not_told() -> None:
    log = Log(k.REPORT, "2026-05-06 09:00", real_name=False)
    log.add(k.DISPATCH, "2026-05-06 09:10", assignee_user_id=1).add(k.RESPOND, "2026-05-06 09:30")
    log.add(k.DECIDE, "2026-05-08 10:00", decision=k.NO_CASE)
    with pytest.raises(ValidationError, match="匿名举报"):
        flow.check_notify(log.facts())
    flow.check_close(log.facts())


def test_an_extension_is_granted_once_and_only_before_the_deadline() -> None:
    log = Log(k.REPORT, "2026-05-06 09:00")
    clocks = list(log.clocks("2026-05-20 09:00").values())
    assert flow.check_extend(log.facts(), clocks, t("2026-05-20 09:00")).clock == "finish"
    with pytest.raises(ValidationError, match="须在核查期限届满前批准"):
        flow.check_extend(
            log.facts(), list(log.clocks("2026-06-01 09:00").values()), t("2026-06-01 09:00")
        )
    log.add(k.EXTEND, "2026-05-20 09:00", clock="finish")
    with pytest.raises(ValidationError, match="已延期一次"):
        flow.check_extend(
            log.facts(), list(log.clocks("2026-05-21 09:00").values()), t("2026-05-21 09:00")
        )


def test_supervision_is_for_overdue_orders() -> None:
    log = Log(k.HOTLINE, "2026-05-06 09:00")
    with pytest.raises(
        ValidationError,
        match="督办用于已超时的工单：该工单尚未超时（最近的派单时限至 2026-05-06 11:00）",
    ):
        flow.check_supervise(list(log.clocks("2026-05-06 10:00").values()), t("2026-05-06 10:00"))
    flow.check_supervise(list(log.clocks("2026-05-06 12:00").values()), t("2026-05-06 12:00"))
    with pytest.raises(ValidationError, match="社区方督办人"):
        flow.check_supervisors("张所长", " ", "")


def test_rework_rounds_escalate_and_reopen_a_closed_order() -> None:
    log = hotline_fed_back()
    log.add(k.CONFIRM, "2026-05-07 11:00", user_id=HANDLER, side=k.HANDLER_SIDE)
    log.add(k.CONFIRM, "2026-05-07 11:10", user_id=REVIEWER, side=k.REVIEWER_SIDE)
    log.add(k.CLOSE, "2026-05-07 12:00")
    for count, at in ((1, "2026-05-20 09:00"), (2, "2026-06-02 09:00"), (3, "2026-06-20 09:00")):
        flow.check_rework(log.facts(), count)
        log.step(k.REWORK, at, count=count)
        facts = log.facts()
        assert (facts.state, facts.rework, facts.round_no) == (k.WAITING_DISPATCH, count, count)
        assert facts.confirmations == () and facts.assignee_person_id is None
        assert facts.start == t(at)
    with pytest.raises(ValidationError, match="须大于本系统已记录的 3 次"):
        flow.check_rework(log.facts(), 3)
    assert log.facts().received_at == t("2026-05-06 09:00")
    assert log.facts().first_response_at == t("2026-05-06 10:00")


# ---- registration --------------------------------------------------------------------------


def test_registration_checks() -> None:
    assert flow.check_kind(" 12345 ") == k.HOTLINE
    with pytest.raises(ValidationError, match="工单类型“投诉”不存在，可选：网格线索、12345"):
        flow.check_kind("投诉")
    assert flow.check_platform_number(k.HOTLINE, "jn 2026050100123") == "JN2026050100123"
    with pytest.raises(ValidationError) as exc:
        flow.check_platform_number(k.HOTLINE, "2026-0501-A")
    assert message(exc).startswith("平台工单编号“2026-0501-A”格式不符")
    with pytest.raises(ValidationError, match="须填写平台工单编号"):
        flow.check_platform_number(k.REPORT, "")
    with pytest.raises(ValidationError, match="网格线索没有平台工单编号"):
        flow.check_platform_number(k.CLUE, "123")
    with pytest.raises(ValidationError, match="只有 12345 热线工单和企业直通车工单有重办次数"):
        flow.check_rework_count(k.REPORT, 1)
    with pytest.raises(ValidationError, match="须为 0 或正整数"):
        flow.check_rework_count(k.HOTLINE, "-1")
    with pytest.raises(ValidationError, match="网格线索须注明所在网格"):
        flow.check_grid_needed(k.CLUE, None)
    with pytest.raises(ValidationError, match="晚于当前时间"):
        flow.check_received(t("2026-05-06 12:00"), t("2026-05-06 10:00"), t("2020-01-01 00:00"))
    with pytest.raises(ValidationError, match="须晚于受理时间"):
        flow.check_platform_deadline(k.HOTLINE, t("2026-05-06 08:00"), t("2026-05-06 09:00"))
    with pytest.raises(ValidationError, match="移送须写明接收部门"):
        flow.check_handle(k.WAY_REFERRAL, "", "涉嫌盗窃")
    with pytest.raises(ValidationError, match="问题类别“烟草”不在清单中"):
        flow.check_category("烟草")
    assert flow.check_category("") == "其他"
    assert flow.check_channel(k.CLUE, "") == k.CH_GRID_WORKER
