"""Records: inspectors, the entity's status on the day, time, source, findings and result."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from station_app.domain.patrols import checklists as c
from station_app.domain.patrols import hazards as h
from station_app.domain.patrols import records as rec
from station_app.domain.patrols import rules as r
from station_app.domain.periods import SHANGHAI
from station_app.errors import ValidationError

NOW = datetime(2026, 7, 6, 18, 0, tzinfo=SHANGHAI)
AT = datetime(2026, 7, 6, 10, 30, tzinfo=SHANGHAI)
GENERAL = c.DEFAULT_BY_CODE["general"]


def all_yes(cl=GENERAL, **overrides):
    answers = {i.key: c.Answer(c.YES) for i in cl.items}
    answers.update(overrides)
    return answers


def check(draft, status="在营", status_on=None, checklist=GENERAL):
    return rec.check_record(
        draft,
        now=NOW,
        entity_name="城关镇张三记小吃店",
        entity_status=status,
        status_on=status_on,
        checklist=checklist,
    )


def test_a_clear_patrol():
    done = check(rec.RecordDraft(1, AT, inspectors=(7,), answers=all_yes()))
    assert done.result == rec.CLEAR and done.completed and done.findings == ()
    assert done.inspectors == (7,)


def test_a_station_check_needs_two_different_inspectors():
    draft = rec.RecordDraft(1, AT, kind=r.CHECK, inspectors=(7,), answers=all_yes())
    with pytest.raises(ValidationError) as err:
        check(draft)
    assert "两名执法人员" in err.value.message and err.value.field == "inspector2"
    with pytest.raises(ValidationError) as err:
        check(rec.RecordDraft(1, AT, kind=r.CHECK, inspectors=(7, 7), answers=all_yes()))
    assert "同一人" in err.value.message and err.value.field == "inspector2"
    ok = check(rec.RecordDraft(1, AT, kind=r.CHECK, inspectors=(7, 8), answers=all_yes()))
    assert ok.inspectors == (7, 8)


def test_a_recheck_needs_two_inspectors_too():
    with pytest.raises(ValidationError, match="复查须有两名执法人员"):
        rec.check_inspectors(r.RECHECK, (None, 3))


def test_a_record_for_an_entity_closed_before_the_day_is_refused():
    draft = rec.RecordDraft(1, AT, inspectors=(7,), answers=all_yes())
    with pytest.raises(ValidationError) as err:
        check(draft, status="注销", status_on=date(2026, 7, 1))
    assert "已于 2026-07-01 注销，不能登记 2026-07-06" in err.value.message
    assert check(draft, status="注销", status_on=date(2026, 7, 10)).completed  # closed later
    with pytest.raises(ValidationError, match="未登记注销日期"):
        check(draft, status="注销", status_on=None)
    assert check(draft, status="歇业").completed  # suspended: still visited


def test_a_record_in_the_future_is_refused():
    with pytest.raises(ValidationError, match="晚于现在"):
        check(
            rec.RecordDraft(
                1, datetime(2026, 7, 7, 9, 0, tzinfo=SHANGHAI), inspectors=(7,), answers=all_yes()
            )
        )


def test_naive_times_are_beijing_time():
    done = check(
        rec.RecordDraft(1, datetime(2026, 7, 6, 10, 30), inspectors=(7,), answers=all_yes())
    )
    assert done.draft.at == AT and done.draft.day == date(2026, 7, 6)


def test_a_missing_required_answer_is_refused():
    answers = all_yes()
    del answers["no_road_use"]
    with pytest.raises(ValidationError, match="第 4 项“未占用道路、人行道经营”必须填写"):
        check(rec.RecordDraft(1, AT, inspectors=(7,), answers=answers))


def test_a_failed_item_creates_a_finding_by_itself():
    answers = all_yes(no_road_use=c.Answer(c.NO), prices_marked=c.Answer(c.NO))
    done = check(
        rec.RecordDraft(
            1, AT, inspectors=(7,), answers=answers, on_spot_items=frozenset({"prices_marked"})
        )
    )
    cats = {f.category: f for f in done.findings}
    assert set(cats) == {"占道经营", "价格"}
    assert cats["价格"].mode == h.ON_SPOT and cats["价格"].deadline is None
    assert cats["占道经营"].mode == h.ORDERED
    assert cats["占道经营"].deadline == date(2026, 7, 21)  # 一般: 15 days
    assert done.result == rec.FOUND


def test_an_entered_finding_for_a_failed_item_is_not_doubled():
    answers = all_yes(no_road_use=c.Answer(c.NO))
    finding = h.Finding(
        "占道经营", "门前摆放桌椅 6 张", deadline=date(2026, 7, 10), item_key="no_road_use"
    )
    done = check(rec.RecordDraft(1, AT, inspectors=(7,), answers=answers, findings=(finding,)))
    assert [f.description for f in done.findings] == ["门前摆放桌椅 6 张"]


def test_all_corrected_on_the_spot_is_当场整改():
    answers = all_yes(prices_marked=c.Answer(c.NO))
    done = check(
        rec.RecordDraft(
            1, AT, inspectors=(7,), answers=answers, on_spot_items=frozenset({"prices_marked"})
        )
    )
    assert done.result == rec.FIXED_ON_SPOT


@pytest.mark.parametrize(
    ("result", "answers", "words"),
    [
        (rec.CLEAR, {"no_road_use": c.Answer(c.NO)}, "不能是“未发现问题”"),
        (rec.FOUND, {}, "请登记发现的问题"),
        (rec.FIXED_ON_SPOT, {"no_road_use": c.Answer(c.NO)}, "应为“发现问题”"),
    ],
)
def test_a_result_that_contradicts_the_findings_is_refused(result, answers, words):
    draft = rec.RecordDraft(1, AT, inspectors=(7,), answers=all_yes(**answers), result=result)
    with pytest.raises(ValidationError, match=words):
        check(draft)


def test_a_closed_door_visit_is_not_completed_and_carries_no_answers():
    done = check(rec.RecordDraft(1, AT, inspectors=(7,), result=rec.CLOSED_DOOR))
    assert not done.completed and done.answers == {} and done.findings == ()
    with pytest.raises(ValidationError, match="闭门未遇"):
        check(rec.RecordDraft(1, AT, inspectors=(7,), result=rec.CLOSED_DOOR, answers=all_yes()))


def test_sources_that_answer_something_must_say_what():
    with pytest.raises(ValidationError, match="须注明对应的编号"):
        check(rec.RecordDraft(1, AT, source=rec.COMPLAINT, inspectors=(7,), answers=all_yes()))
    done = check(
        rec.RecordDraft(
            1, AT, source="投诉", reference="TS2026-0012", inspectors=(7,), answers=all_yes()
        )
    )
    assert done.draft.source == rec.COMPLAINT
    assert rec.COMPLAINT in rec.WITH_CAUSE and rec.PLAN not in rec.WITH_CAUSE


def test_answers_without_a_checklist_are_refused():
    with pytest.raises(ValidationError, match="没有选择检查表"):
        check(rec.RecordDraft(1, AT, inspectors=(7,), answers=all_yes()), checklist=None)


def test_a_task_is_fulfilled_by_its_own_kind_within_or_after_its_window():
    start, end = date(2026, 7, 6), date(2026, 7, 12)
    assert rec.check_task_fit(r.CHECK, start, end, r.CHECK, date(2026, 7, 8)) is False
    assert rec.check_task_fit(r.CHECK, start, end, r.CHECK, date(2026, 7, 13)) is True  # late
    with pytest.raises(ValidationError, match="早于任务期间"):
        rec.check_task_fit(r.CHECK, start, end, r.CHECK, date(2026, 7, 5))
    with pytest.raises(ValidationError, match="记录却是"):
        rec.check_task_fit(r.CHECK, start, end, r.PATROL, date(2026, 7, 8))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1", rec.CLEAR),
        ("2", rec.FOUND),
        ("3", rec.FIXED_ON_SPOT),
        ("4", rec.CLOSED_DOOR),
        ("未发现问题", rec.CLEAR),
        ("闭门", rec.CLOSED_DOOR),
        ("found", rec.FOUND),
    ],
)
def test_results_parse_from_digits_and_words(text, code):
    assert rec.parse_result(text) == code


def test_an_unknown_result_lists_the_digits():
    with pytest.raises(ValidationError, match="1 未发现问题"):
        rec.parse_result("5")
