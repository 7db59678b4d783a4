"""重办 escalation levels and lead settings, the figures' formulas and definitions, numbers,
and the list's filter words."""

from __future__ import annotations

import pytest

from station_app.domain.auth import ROLE_LABELS
from station_app.domain.orders import escalation as esc
from station_app.domain.orders import figures, kinds, listing
from station_app.errors import ValidationError


@pytest.mark.parametrize(("rework", "level"), [(0, 0), (1, 1), (2, 2), (3, 3), (4, 3), (12, 3)])
def test_the_lead_rises_with_the_rework_count_and_stops_at_the_head(
    rework: int, level: int
) -> None:
    assert esc.lead_level(rework) == level


def test_lead_texts_name_the_level_and_the_person() -> None:
    assert esc.lead_text(0) == "本所承办"
    assert esc.lead_text(1, "内勤小李") == "第1次重办 · 热线服务中心牵头（内勤小李）"
    assert esc.lead_text(3, "张所长") == "第3次及以上重办 · 所长牵头（张所长）"


def test_lead_settings_name_a_user_or_a_role_and_survive_storage() -> None:
    rule = esc.check_lead(2, "lisi", "", ROLE_LABELS)
    leads = dict(esc.DEFAULT_LEADS)
    leads[2] = rule
    assert esc.leads_from_json(esc.leads_to_json(leads))[2] == esc.LeadRule(2, "lisi", "")
    assert esc.leads_from_json(None) == esc.DEFAULT_LEADS
    with pytest.raises(ValidationError, match="请为“分管副所长”指定一名用户或一个角色"):
        esc.check_lead(2, "lisi", "head", ROLE_LABELS)
    with pytest.raises(ValidationError, match="角色“boss”不存在"):
        esc.check_lead(3, "", "boss", ROLE_LABELS)
    with pytest.raises(ValidationError, match="牵头层级只有 1、2、3 三级"):
        esc.check_lead(4, "lisi", "", ROLE_LABELS)


def test_every_rate_has_a_printed_definition_over_named_counts() -> None:
    keys = [f.key for f in figures.RATE_FORMULAS]
    assert len(keys) == len(set(keys))
    for f in figures.RATE_FORMULAS:
        assert f.definition.startswith(f.label + " = ")
        assert f.numerator in figures.COUNT_LABELS and f.denominator in figures.COUNT_LABELS
    labels = {f.label for f in figures.RATE_FORMULAS}
    assert {
        "24小时回应率",
        "按时办结率",
        "办结率",
        "重办率",
        "过程满意率",
        "结果满意率",
        "合理诉求满意率",
    } <= labels


def test_rates_divide_and_say_nothing_when_there_is_nothing_to_divide() -> None:
    counts = {"responded_24h": 197, "response_judged": 200, "visited": 0}
    rates = figures.rates(counts)
    assert rates["response_24h"] == 98.5
    assert rates["process_satisfaction"] is None


def test_numbers() -> None:
    assert kinds.order_number(2026, 123) == "GD2026-000123"
    assert kinds.ORDER_NUMBER.fullmatch("GD2026-000123")
    for kind, example in kinds.PLATFORM_NUMBER_EXAMPLE.items():
        assert kinds.PLATFORM_NUMBER[kind].fullmatch(example), kind


@pytest.mark.parametrize(
    ("text", "minutes"), [("1h", 60), ("30m", 30), ("2d", 2880), ("90分钟", 90), ("3", 180)]
)
def test_due_within_words(text: str, minutes: int) -> None:
    assert listing.parse_within(text) == minutes


@pytest.mark.parametrize("text", ["", "0h", "一小时", "1w"])
def test_due_within_refuses_other_words(text: str) -> None:
    with pytest.raises(ValidationError, match="请写成 30m、1h 或 2d"):
        listing.parse_within(text)


def test_every_sign_off_side_and_state_has_a_label() -> None:
    for sides in kinds.SIGN_OFF.values():
        assert all(s in kinds.SIDE_LABELS for s in sides)
    assert set(kinds.SIGN_OFF) == set(kinds.KINDS)
    assert set(kinds.DEFAULT_CHANNEL) == set(kinds.KINDS)
