"""Paper back in: sheet rows (batch entry and the XLSX template) and sampling results."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from station_app.domain.patrols import checklists as c
from station_app.domain.patrols import entry as e
from station_app.domain.patrols import hazards as h
from station_app.domain.patrols import records as rec
from station_app.domain.patrols import samplings as smp
from station_app.domain.periods import SHANGHAI
from station_app.errors import ValidationError

GENERAL = c.DEFAULT_BY_CODE["general"]  # 8 items
CATERING = c.DEFAULT_BY_CODE["catering"]  # 10 items
DAY = date(2026, 7, 6)


@pytest.mark.parametrize(
    ("text", "size", "numbers"),
    [
        ("2 5", 8, [2, 5]),
        ("2,5", 8, [2, 5]),
        ("2、5", 8, [2, 5]),
        ("5，2", 8, [2, 5]),
        ("3-5", 8, [3, 4, 5]),
        ("25", 8, [2, 5]),  # one digit per box on a short list
        ("10", 10, [10]),  # two digits on a long one
        ("", 8, []),
        (3.0, 8, [3]),  # a number cell read from XLSX
    ],
)
def test_item_numbers_as_people_write_them(text, size, numbers):
    assert e.parse_item_numbers(text, size) == numbers


def test_item_numbers_out_of_range_or_unreadable_are_refused():
    with pytest.raises(ValidationError, match="没有第 9 项"):
        e.parse_item_numbers("9", 8)
    with pytest.raises(ValidationError, match="无法识别"):
        e.parse_item_numbers("二", 8)


def test_times_on_a_sheet():
    assert e.parse_time("9:30", DAY) == datetime(2026, 7, 6, 9, 30, tzinfo=SHANGHAI)
    assert e.parse_time("14点", DAY).hour == 14
    assert e.parse_time("", DAY).time() == e.DEFAULT_VISIT_TIME
    assert e.parse_time(time(16, 5), DAY).minute == 5
    with pytest.raises(ValidationError, match="时:分"):
        e.parse_time("25:00", DAY)


def row(**kw):
    return e.SheetRow(task_id=11, entity_id=5, **kw)


def test_a_clear_row():
    draft = e.parse_row(row(result="1"), DAY, GENERAL, (7,))
    assert draft.result == rec.CLEAR and draft.reference == "11" and draft.source == rec.PLAN
    assert all(a.value == c.YES for a in draft.answers.values())


def test_a_row_with_failed_boxes_becomes_findings():
    draft = e.parse_row(row(result="2", failed="4"), DAY, GENERAL, (7,))
    done = rec.check_record(
        draft,
        now=datetime(2026, 7, 6, 20, 0, tzinfo=SHANGHAI),
        entity_name="某店",
        entity_status="在营",
        status_on=None,
        checklist=GENERAL,
    )
    assert [f.category for f in done.findings] == ["占道经营"]
    assert done.findings[0].mode == h.ORDERED


def test_a_row_with_its_own_deadline():
    draft = e.parse_row(row(result="2", failed="4", deadline="2026-07-10"), DAY, GENERAL, (7,))
    assert [f.deadline for f in draft.findings] == [date(2026, 7, 10)]
    with pytest.raises(ValidationError, match="结果为 2"):
        e.parse_row(row(result="1", deadline="2026-07-10"), DAY, GENERAL, (7,))
    with pytest.raises(ValidationError, match="须晚于"):
        e.parse_row(row(result="2", failed="4", deadline="2026-07-06"), DAY, GENERAL, (7,))


def test_result_3_marks_every_failed_item_corrected_on_the_spot():
    draft = e.parse_row(row(result="3", failed="5"), DAY, GENERAL, (7,))
    assert "prices_marked" in draft.on_spot_items


def test_result_2_or_3_needs_item_numbers_and_4_none():
    with pytest.raises(ValidationError, match="填为 N"):
        e.parse_row(row(result="2"), DAY, GENERAL, (7,))
    with pytest.raises(ValidationError, match="闭门未遇"):
        e.parse_row(row(result="4", failed="1"), DAY, GENERAL, (7,))
    closed = e.parse_row(row(result="4"), DAY, GENERAL, (7,))
    assert closed.result == rec.CLOSED_DOOR and closed.answers == {}


def test_boxes_without_a_result_mean_a_finding():
    assert e.parse_row(row(failed="2"), DAY, GENERAL, (7,)).result == rec.FOUND
    assert row().blank and not row(result="1").blank


def test_a_qualified_and_a_failed_sampling():
    ok = smp.check_sampling(smp.SamplingDraft(1, DAY, "  鲜牛奶 ", True, batch="Ｂ２０２６"), DAY)
    assert ok.product == "鲜牛奶" and ok.batch == "B2026"
    with pytest.raises(ValidationError, match="不合格项目"):
        smp.check_sampling(smp.SamplingDraft(1, DAY, "鲜牛奶", False), DAY)
    with pytest.raises(ValidationError, match="晚于今天"):
        smp.check_sampling(smp.SamplingDraft(1, date(2026, 7, 7), "鲜牛奶", True), DAY)
    with pytest.raises(ValidationError, match="样品名称"):
        smp.check_sampling(smp.SamplingDraft(1, DAY, "", True), DAY)
    assert smp.parse_qualified("不合格") is False and smp.parse_qualified("合格") is True


def test_answers_as_one_mark_per_item():
    size = len(GENERAL.items)
    draft = e.parse_row(row(answers="Y" * (size - 1) + "N", result="2"), DAY, GENERAL, (7,))
    assert [f.item_key for f in draft.findings] == [GENERAL.items[-1].key]
    assert draft.findings[0].deadline is not None  # the default by severity
    partial = e.parse_row(row(answers="YN"), DAY, GENERAL, (7,))
    assert len(partial.answers) == 2 and partial.result == rec.FOUND
    assert e.marks_text(GENERAL, partial.answers) == "YN"
    with pytest.raises(ValidationError, match="只有"):
        e.parse_row(row(answers="Y" * (size + 1)), DAY, GENERAL, (7,))
    with pytest.raises(ValidationError, match="无法识别"):
        e.parse_row(row(answers="YQ"), DAY, GENERAL, (7,))


def test_a_category_without_a_failed_item_is_one_hazard():
    draft = e.parse_row(row(result="2", category="占道", deadline="2026-07-09"), DAY, GENERAL, (7,))
    (finding,) = draft.findings
    assert finding.category == "占道经营" and finding.deadline == date(2026, 7, 9)
    with pytest.raises(ValidationError, match="隐患类别"):
        e.parse_row(row(result="1", category="占道"), DAY, GENERAL, (7,))
