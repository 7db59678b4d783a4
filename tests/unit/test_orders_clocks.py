"""Every deadline of an order from its log: which clocks each kind runs, midnight, pauses,
holidays, the platform's own deadline, the report's decision and notice, freezing a breach,
and what the list shows (time left, colour)."""

from __future__ import annotations

from datetime import date, timedelta

from station_app.domain.orders import clocks as c
from station_app.domain.orders import kinds as k
from station_app.domain.orders.limits import DISPATCH, FEEDBACK, FINISH, NOTICE, RESPOND
from tests.support.order_logs import Log, t


def clue(received: str = "2026-05-06 23:50") -> Log:
    return Log(k.CLUE, received, reporter_person_id=11).add(
        k.DISPATCH, received, assignee_user_id=201, assignee_person_id=21, assignee_name="王专员"
    )


def test_each_kind_runs_its_own_clocks() -> None:
    now = "2026-05-06 10:00"
    expected = {
        k.CLUE: [RESPOND, FEEDBACK],
        k.HOTLINE: [DISPATCH, RESPOND, FINISH],
        k.DIRECT: [DISPATCH, RESPOND, FINISH],
        k.COMPLAINT: [DISPATCH, RESPOND, FINISH],
        k.REPORT: [DISPATCH, RESPOND, FINISH],  # 告知 starts with the decision
        k.CONSULT: [RESPOND, FINISH],
    }
    for kind, clocks in expected.items():
        assert list(Log(kind, now).clocks(now)) == clocks, kind


def test_a_clue_reported_before_midnight_is_due_after_it() -> None:
    clocks = clue().clocks("2026-05-07 00:00")
    assert clocks[RESPOND].due == t("2026-05-07 00:20")
    assert clocks[FEEDBACK].due == t("2026-05-07 23:50")
    assert clocks[RESPOND].status == c.OPEN
    assert "自 2026-05-06 23:50 受理起 30 分钟，至 2026-05-07 00:20" in clocks[RESPOND].explain()


def test_responded_in_time_late_or_not_at_all() -> None:
    assert (
        clue().add(k.RESPOND, "2026-05-07 00:15").clocks("2026-05-07 01:00")[RESPOND].status
        == c.MET
    )
    assert (
        clue().add(k.RESPOND, "2026-05-07 00:25").clocks("2026-05-07 01:00")[RESPOND].status
        == c.LATE
    )
    overdue = clue().clocks("2026-05-07 00:21")
    assert overdue[RESPOND].status == c.OVERDUE
    assert c.overdue(list(overdue.values()))


def test_a_pause_moves_the_hour_clocks_and_keeps_the_time_left() -> None:
    log = clue("2026-05-06 10:00").add(k.RESPOND, "2026-05-06 10:10")
    log.add(k.PAUSE, "2026-05-06 12:00", note="等待检测结果")
    during_a = log.clocks("2026-05-06 14:00")[FEEDBACK]
    during_b = log.clocks("2026-05-07 09:00")[FEEDBACK]
    assert during_a.status == during_b.status == c.PAUSED
    assert during_a.left(t("2026-05-06 14:00")) == during_b.left(t("2026-05-07 09:00"))
    log.add(k.RESUME, "2026-05-06 18:00")
    after = log.clocks("2026-05-06 19:00")
    assert after[FEEDBACK].due == t("2026-05-07 16:00")  # 24 h + 6 h paused
    assert after[RESPOND].due == t("2026-05-06 10:30")  # it stopped before the pause
    assert "挂起 2026-05-06 12:00 至 2026-05-06 18:00（共 6小时）不计" in after[FEEDBACK].explain()


def test_a_report_over_labour_day_and_its_extension() -> None:
    log = Log(k.REPORT, "2026-04-30 16:20", real_name=True)
    finish = log.clocks("2026-05-06 09:00")[FINISH]
    assert finish.label == "核查时限"
    assert finish.due.date() == date(2026, 5, 25)
    text = finish.explain()
    assert "15 个工作日（次日起算）" in text
    assert "不计：5月1日至5日法定节假日" in text
    assert "计入：5月9日（星期六）调休上班" in text
    log.add(k.EXTEND, "2026-05-20 09:00", by="head", clock=FINISH)
    extended = log.clocks("2026-05-20 10:00")[FINISH]
    assert extended.extended and extended.due.date() == date(2026, 6, 15)
    assert "已批准延长 15 个工作日" in extended.explain()


def test_a_report_decision_stops_the_check_and_starts_the_notice_for_a_real_name() -> None:
    def decided(real_name: bool) -> dict[str, c.ClockState]:
        log = Log(k.REPORT, "2026-05-06 09:00", real_name=real_name)
        log.add(k.DISPATCH, "2026-05-06 09:30", assignee_user_id=7).add(
            k.RESPOND, "2026-05-06 10:00"
        )
        log.add(k.DECIDE, "2026-05-08 15:00", decision=k.FILE_CASE)
        return log.clocks("2026-05-11 09:00")

    named = decided(True)
    assert named[FINISH].status == c.MET
    assert named[NOTICE].start == t("2026-05-08 15:00")
    assert named[NOTICE].due.date() == date(2026, 5, 14)  # Sat 9 May counts (调休)
    assert NOTICE not in decided(False)


def test_the_platform_deadline_wins_and_pauses_do_not_move_it() -> None:
    log = Log(k.HOTLINE, "2026-05-06 09:00", platform_deadline="2026-05-08 18:00")
    log.add(k.DISPATCH, "2026-05-06 09:30", assignee_user_id=7).add(k.RESPOND, "2026-05-06 10:00")
    log.add(k.PAUSE, "2026-05-07 09:00", note="联系不上诉求人")
    finish = log.clocks("2026-05-08 19:00")[FINISH]
    assert finish.platform and finish.due == t("2026-05-08 18:00")
    assert finish.status == c.OVERDUE  # paused, yet past the city's fixed deadline
    assert "以平台工单上的办结时限为准" in finish.explain()
    fallback = Log(k.HOTLINE, "2026-05-06 09:00").clocks("2026-05-06 09:00")[FINISH]
    assert not fallback.platform and fallback.due.date() == date(2026, 5, 12)  # 9 May worked


def test_a_breach_is_frozen_and_later_pauses_do_not_move_it() -> None:
    log = clue("2026-05-06 10:00")
    clocks = log.clocks("2026-05-06 10:45")
    assert c.to_freeze(list(clocks.values())) == [(RESPOND, t("2026-05-06 10:30"))]
    log.add(
        k.BREACH, "2026-05-06 10:30", by="system", clock=RESPOND, due="2026-05-06T10:30:00+08:00"
    )
    log.add(k.PAUSE, "2026-05-06 10:50", note="等待")
    frozen = log.clocks("2026-05-06 12:00")[RESPOND]
    assert frozen.frozen and frozen.status == c.OVERDUE
    assert frozen.due == t("2026-05-06 10:30")
    assert "期限已冻结" in frozen.explain()
    assert c.to_freeze([frozen]) == []
    log.add(k.RESUME, "2026-05-06 13:00").add(k.RESPOND, "2026-05-06 13:05")
    assert log.clocks("2026-05-06 14:00")[RESPOND].status == c.LATE


def test_a_frozen_working_day_deadline_ignores_a_holiday_entered_afterwards() -> None:
    log = Log(k.CONSULT, "2026-05-06 09:00")
    due = log.clocks("2026-05-06 09:00")[FINISH].due
    log.add(k.BREACH, "2026-05-09 23:59", by="system", clock=FINISH, due=due.isoformat())
    assert log.clocks("2026-05-12 09:00")[FINISH].due == due


def test_rework_starts_the_clocks_again_from_its_moment() -> None:
    log = Log(k.HOTLINE, "2026-05-06 09:00")
    log.add(k.DISPATCH, "2026-05-06 09:30", assignee_user_id=7).add(k.RESPOND, "2026-05-06 10:00")
    log.add(k.REWORK, "2026-05-20 14:00", count=1, platform_deadline="2026-05-25 18:00")
    clocks = log.clocks("2026-05-20 15:00")
    assert clocks[DISPATCH].start == t("2026-05-20 14:00")
    assert clocks[DISPATCH].due == t("2026-05-20 16:00")
    assert clocks[RESPOND].status == c.OPEN  # the old round's response no longer counts
    assert clocks[FINISH].due == t("2026-05-25 18:00")


def test_what_the_list_shows() -> None:
    log = clue("2026-05-06 10:00")
    assert c.time_left_text(
        list(log.clocks("2026-05-06 10:10").values()), t("2026-05-06 10:10")
    ) == ("响应 剩 20分钟")
    assert (
        c.urgency(list(log.clocks("2026-05-06 10:10").values()), t("2026-05-06 10:10")) == c.U_HOUR
    )
    log.add(k.RESPOND, "2026-05-06 10:12")
    now = t("2026-05-06 11:00")
    clocks = list(log.clocks("2026-05-06 11:00").values())
    assert c.next_due(clocks).clock == FEEDBACK  # type: ignore[union-attr]
    assert c.urgency(clocks, now) == c.U_DAY
    assert c.urgency(clocks, now - timedelta(days=3)) == c.U_OK
    late = list(log.clocks("2026-05-07 12:00").values())
    assert c.urgency(late, t("2026-05-07 12:00")) == c.U_OVERDUE
    assert c.time_left_text(late, t("2026-05-07 12:00")) == "反馈 超时 2小时"
    log.add(k.PAUSE, "2026-05-06 11:00", note="等待")
    paused = list(log.clocks("2026-05-06 12:00").values())
    assert c.urgency(paused, t("2026-05-06 12:00")) == c.U_PAUSED
    assert c.time_left_text(paused, t("2026-05-06 12:00")) == "挂起 · 反馈剩 23小时"


def test_the_24_hour_response_figure_leaves_pauses_out() -> None:
    def at(respond: str | None, pause: tuple[str, str] | None = None) -> bool | None:
        log = Log(k.HOTLINE, "2026-05-06 09:00").add(
            k.DISPATCH, "2026-05-06 09:30", assignee_user_id=7
        )
        if pause:
            log.add(k.PAUSE, pause[0], note="等待").add(k.RESUME, pause[1])
        if respond:
            log.add(k.RESPOND, respond)
        return c.response_within_24h(log.facts(), t("2026-05-07 12:00"))

    assert at("2026-05-07 08:00") is True
    assert at("2026-05-07 10:00") is False
    assert at("2026-05-07 10:00", ("2026-05-06 10:00", "2026-05-06 12:00")) is True
    assert at(None) is False
    pending = Log(k.HOTLINE, "2026-05-07 09:00")
    assert c.response_within_24h(pending.facts(), t("2026-05-07 12:00")) is None


def test_on_time_and_same_day_figures() -> None:
    log = clue("2026-05-06 10:00").add(k.RESPOND, "2026-05-06 10:20")
    log.add(k.FEEDBACK, "2026-05-06 16:00")
    assert c.handled_same_day(log.facts())
    assert c.finished_on_time(log.facts(), []) is None
    log.add(k.CONFIRM, "2026-05-06 17:00", user_id=201, side=k.HANDLER_SIDE)
    log.add(k.CONFIRM, "2026-05-06 17:10", user_id=101, side=k.REPORTER_SIDE)
    log.add(k.CLOSE, "2026-05-06 17:30")
    facts = log.facts()
    clocks = list(log.clocks("2026-05-08 00:00").values())
    assert facts.state == k.CLOSED
    assert c.finished_on_time(facts, clocks) is True
    overnight = clue("2026-05-06 23:00").add(k.RESPOND, "2026-05-06 23:10")
    overnight.add(k.FEEDBACK, "2026-05-07 08:00")  # after midnight: not the same day
    assert not c.handled_same_day(overnight.facts())


def test_a_voided_order_has_no_clocks() -> None:
    log = clue().add(k.VOID_STEP, "2026-05-06 23:55", note="重复登记")
    assert log.clocks("2026-05-08 00:00") == {}
