"""Violations: sources, harm, fines in fen, months, the violation and the decision rules."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.domain.violations import decisions as dc
from station_app.domain.violations import leniency as ln
from station_app.domain.violations import rules as vr
from station_app.domain.violations.types import SEED_LISTINGS
from station_app.errors import ValidationError

TODAY = date(2026, 4, 1)
FOUND = date(2026, 3, 10)


# -- words -----------------------------------------------------------------------------------
def test_sources_harms_decisions_grounds_as_typed():
    assert vr.parse_source("巡查") == vr.PATROL
    assert vr.parse_source("线索") == vr.CLUE
    assert vr.parse_source("投诉举报") == vr.COMPLAINT
    assert vr.parse_source("visit") == vr.VISIT
    assert vr.parse_harm("轻微") == vr.MINOR_HARM
    assert vr.parse_harm("") == vr.UNASSESSED
    assert vr.parse_decision("不予处罚") == vr.NO_PENALTY
    assert vr.parse_decision("减轻") == vr.MITIGATED
    assert vr.parse_decision("从轻") == vr.LIGHTER
    assert vr.parse_decision("处罚") == vr.PENALTY
    assert vr.parse_decision("移送") == vr.TRANSFER
    assert vr.parse_ground("首违不罚") == vr.FIRST_GROUND
    assert vr.parse_target("公安") == vr.POLICE
    for parse, word in (
        (vr.parse_source, "路过"),
        (vr.parse_harm, "很大"),
        (vr.parse_decision, "罚酒"),
    ):
        with pytest.raises(ValidationError, match="不认识"):
            parse(word)


# -- money and months --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("2000", 200000),
        ("1,500.5", 150050),
        ("1500.50", 150050),
        ("¥300", 30000),
        ("2000元", 200000),
        ("０.０１", 1),
        (500, 50000),
        ("", None),
        (None, None),
    ],
)
def test_fines_are_parsed_to_fen(text, fen):
    assert vr.parse_fine(text) == fen


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("12,3.456", "不是有效的金额"),
        ("-5", "不是有效的金额"),
        ("abc", "不是有效的金额"),
        ("0", "须大于 0 元"),
        ("100000001", "超过 1 亿元"),
    ],
)
def test_bad_fines_are_refused_with_the_value(text, match):
    with pytest.raises(ValidationError, match=match) as e:
        vr.parse_fine(text)
    assert e.value.field == "fine"


def test_yuan_formatting():
    assert vr.yuan(150050) == "1,500.50"
    assert vr.yuan(1) == "0.01"
    assert vr.yuan(None) == ""


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 10), 24, date(2024, 3, 10)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2024, 2, 29), 24, date(2022, 2, 28)),
        (date(2026, 1, 15), 1, date(2025, 12, 15)),
        (date(2026, 12, 31), 12, date(2025, 12, 31)),
    ],
)
def test_months_before_clamps_month_ends(day, months, expected):
    assert vr.months_before(day, months) == expected


def test_the_lookback_is_after_the_day_24_months_before_and_up_to_the_day():
    assert vr.in_lookback(date(2024, 3, 11), FOUND)
    assert not vr.in_lookback(date(2024, 3, 10), FOUND)
    assert vr.in_lookback(FOUND, FOUND)
    assert not vr.in_lookback(date(2026, 3, 11), FOUND)


# -- the violation ----------------------------------------------------------------------------
def draft(**kw) -> vr.ViolationDraft:
    base = dict(entity_id=1, type_code="F-HEALTH-CERT", found_on=FOUND, source=vr.PATROL)
    base.update(kw)
    return vr.ViolationDraft(**base)


def test_a_violation_with_a_deadline_is_ordered_on_the_found_day():
    out = vr.check_violation(draft(deadline=date(2026, 3, 17), facts="  两名员工无健康证 "), TODAY)
    assert out.ordered_on == FOUND and out.facts == "两名员工无健康证"
    assert vr.rectify_deadline(out.found_on, out.ordered_on, out.deadline) == date(2026, 3, 17)
    assert vr.rectify_deadline(FOUND, None, None) == FOUND


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        (dict(found_on=date(2026, 4, 2)), "晚于今天"),
        (dict(rectified_on=date(2026, 3, 9)), "改正日期 2026-03-09 早于发现日期 2026-03-10"),
        (dict(rectified_on=date(2026, 4, 2)), "改正日期 2026-04-02 晚于今天"),
        (dict(ordered_on=date(2026, 3, 9)), "责令改正日期早于发现日期"),
        (dict(deadline=date(2026, 3, 9)), "改正期限 2026-03-09 早于责令改正日期"),
        (dict(source="air"), "发现途径"),
        (dict(harm="huge"), "危害后果"),
    ],
)
def test_bad_violations(kw, match):
    with pytest.raises(ValidationError, match=match):
        vr.check_violation(draft(**kw), TODAY)


def test_a_violation_before_the_entity_was_registered():
    with pytest.raises(
        ValidationError, match="“张记”成立于 2026-03-20，发现日期 2026-03-10 早于成立日期"
    ):
        vr.check_violation(draft(), TODAY, registered_on=date(2026, 3, 20), entity_name="张记")


# -- decisions --------------------------------------------------------------------------------
def leniency(**kw) -> ln.LeniencyCheck:
    base = dict(
        id=50,
        type_code="F-HEALTH-CERT",
        type_name="健康证明",
        found_on=FOUND,
        harm=vr.MINOR_HARM,
        ordered_on=FOUND,
        deadline=date(2026, 3, 17),
        rectified_on=date(2026, 3, 15),
        listings=SEED_LISTINGS,
    )
    base.update(kw)
    return ln.check_leniency(ln.LeniencyFacts(**base))


ELIGIBLE = leniency()
WITH_PRIOR = leniency(priors=(ln.Prior(12, date(2025, 11, 3)),))


def decide(check=ELIGIBLE, **kw) -> dc.DecisionDraft:
    base = dict(decision=vr.NO_PENALTY, decided_on=date(2026, 3, 20))
    base.update(kw)
    return dc.check_decision(dc.DecisionDraft(**base), check, found_on=FOUND, today=TODAY)


def test_no_penalty_takes_the_ground_of_the_check():
    out = decide()
    assert out.ground == vr.FIRST_GROUND and out.override_reason == ""


def test_a_fine_on_a_no_penalty_decision_is_refused_clearly():
    with pytest.raises(ValidationError) as e:
        decide(fine_fen=50000)
    assert e.value.field == "fine"
    assert "不予处罚的决定不能有罚款金额（填了 500.00 元）" in e.value.message


def test_no_penalty_with_a_prior_needs_an_override_reason_naming_the_prior():
    with pytest.raises(ValidationError) as e:
        decide(WITH_PRIOR)
    assert e.value.field == "override_reason"
    assert "2025-11-03 已有同类违法行为（编号 12）" in e.value.message
    assert "--override-reason" in e.value.message
    with pytest.raises(ValidationError):
        decide(WITH_PRIOR, override_reason="太短")
    out = decide(WITH_PRIOR, override_reason="前次系他人冒用执照经营，已经公安机关查实")
    assert out.override_reason.startswith("前次系他人冒用")


def test_every_unmet_criterion_is_named_the_prior_first():
    check = leniency(priors=(ln.Prior(12, date(2025, 11, 3)),), rectified_on=None)
    with pytest.raises(ValidationError) as e:
        decide(check)
    message = e.value.message
    assert message.index("已有同类违法行为") < message.index("尚未改正")


def test_an_override_reason_is_dropped_when_the_decision_follows_the_check():
    assert decide(override_reason="无需理由的理由文字").override_reason == ""


def test_a_ground_other_than_the_listed_one_goes_against_the_check():
    with pytest.raises(ValidationError, match="首违不罚清单，而非轻微免罚清单"):
        decide(ground=vr.MINOR_GROUND)


def test_no_fault_needs_its_evidence():
    with pytest.raises(ValidationError, match="没有主观过错的证据"):
        decide(ground=vr.NO_FAULT)
    out = decide(ground=vr.NO_FAULT, reason="进货查验记录齐全，供货商出具合格证明，无法知悉")
    assert out.ground == vr.NO_FAULT


@pytest.mark.parametrize("kind", [vr.PENALTY, vr.LIGHTER, vr.MITIGATED])
def test_penalty_kinds_need_a_fine_or_a_warning(kind):
    with pytest.raises(ValidationError, match="须填写罚款金额"):
        decide(decision=kind)
    assert decide(decision=kind, fine_fen=200000).fine_fen == 200000
    assert decide(decision=kind, warning=True).warning
    out = decide(decision=kind, fine_fen=100, override_reason="x" * 20, ground="first")
    assert out.override_reason == "" and out.ground == ""


def test_a_transfer_needs_a_target_and_no_fine():
    assert decide(decision=vr.TRANSFER, transfer_to="公安").transfer_to == vr.POLICE
    with pytest.raises(ValidationError, match="移送对象"):
        decide(decision=vr.TRANSFER)
    with pytest.raises(ValidationError, match="移送的决定不能有罚款金额"):
        decide(decision=vr.TRANSFER, transfer_to=vr.BRIGADE, fine_fen=100)
    with pytest.raises(ValidationError, match="不能给予警告"):
        decide(warning=True)


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        (dict(decided_on=date(2026, 3, 9)), "决定日期 2026-03-09 早于发现日期"),
        (dict(decided_on=date(2026, 4, 2)), "晚于今天"),
        (dict(number="号" * 61), "不超过 60"),
        (dict(decision="jail"), "不认识"),
    ],
)
def test_bad_decisions(kw, match):
    with pytest.raises(ValidationError, match=match):
        decide(**kw)


def test_numbers_counters_labels():
    assert dc.decision_number("东市监城", vr.NO_PENALTY, 2026, 3) == "东市监城不罚〔2026〕3号"
    assert dc.decision_number("", vr.LIGHTER, 2026, 9) == "市监罚〔2026〕9号"
    assert dc.decision_number("东市监城", vr.TRANSFER, 2026, 1) == "东市监城移〔2026〕1号"
    assert dc.counter_kind(vr.LIGHTER) == dc.counter_kind(vr.PENALTY) == vr.PENALTY_COUNTER
    assert dc.counter_kind(vr.NO_PENALTY) != dc.counter_kind(vr.TRANSFER)
    assert dc.decision_label(vr.NO_PENALTY, vr.FIRST_GROUND) == "不予处罚（首违不罚）"
    assert dc.decision_label(None) == "未决定"


def test_the_grade_counts_penalty_kinds_in_24_months():
    today = date(2026, 3, 10)
    decided = [
        (vr.PENALTY, date(2026, 1, 5)),
        (vr.LIGHTER, date(2024, 3, 11)),
        (vr.MITIGATED, date(2024, 3, 10)),  # exactly 24 months ago: out
        (vr.NO_PENALTY, date(2026, 2, 1)),  # not a penalty
        (vr.TRANSFER, date(2026, 2, 1)),  # decided elsewhere
        (vr.PENALTY, date(2026, 3, 11)),  # after today
        (None, None),
    ]
    assert dc.penalties_in_window(decided, today) == 2
    assert {vr.PENALTY, vr.LIGHTER, vr.MITIGATED} == vr.PENALTY_KINDS
    assert {vr.NO_PENALTY, vr.LIGHTER, vr.MITIGATED} == vr.LENIENT_KINDS


def test_figure_definitions_are_written_out():
    assert all(d[2] for d in vr.FIGURE_DEFINITIONS.values())
