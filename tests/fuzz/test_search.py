"""Search input (issue 17): a NUL (or any control character) in a search box is dropped
instead of breaking the PostgreSQL query; ``%`` and ``_`` in the complaint respondent picker
and the complaint search are characters, not wildcards (``%`` listed every entity)."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.domain.complaints import ComplaintFilter
from station_app.domain.entities import EntityFilter
from station_app.services.complaints import ComplaintInput
from station_app.services.entities import EntityData

NAMES = ("城关镇张三记餐馆", "百分百%便利店", "下划线_小吃", "东平县鑫源商贸有限公司")


@pytest.fixture
def shops(ctx):
    for name in NAMES:
        ctx.services.entities.save(EntityData(name=name, address="人民路12号"))
    return ctx


@pytest.mark.parametrize("text", ["张三\x00", "\x00", "餐\x00馆", "a\x00b", "\x1b[0m"])
def test_a_nul_in_the_entity_search_is_dropped(shops, text):
    rows = shops.services.entities.rows(EntityFilter(text=text))
    expected = shops.services.entities.rows(EntityFilter(text=text.replace("\x00", "")))
    assert rows.count() == expected.count()


def _complaint(respondent: str, complainant: str, phone: str) -> ComplaintInput:
    return ComplaintInput(
        channel="来电", received_on=date(2026, 10, 8), complainant_name=complainant,
        complainant_phone=phone, complainant_address="东平县城关镇幸福路12号",
        respondent_name=respondent, respondent_address="人民路12号", claim="退货",
        facts="商品质量问题。",
    )  # fmt: skip


@pytest.fixture
def complaints(shops):
    svc = shops.services.complaints
    svc.register(_complaint(NAMES[0], "张三", "13812348000"))
    svc.register(_complaint(NAMES[1], "李四", "13900002222"))
    svc.register(_complaint(NAMES[2], "王五", "13900003333"))
    return svc


def test_a_nul_in_the_complaint_search_is_dropped(complaints):
    """张\x00三 searches 张三: the complaint of 张三 is found, nothing breaks on PostgreSQL."""
    assert complaints.rows(ComplaintFilter(text="张\x00三")).count() == 1
    assert complaints.rows(ComplaintFilter(text="\x00")).count() == 3  # an empty search


@pytest.mark.parametrize(("text", "found"), [("%", {NAMES[1]}), ("_", {NAMES[2]}), ("\x00", set())])
def test_respondent_picker_takes_percent_and_underscore_literally(shops, text, found):
    names = {r["name"] for r in shops.services.complaints.find_respondents(text)}
    assert names == found


def test_complaint_search_takes_percent_literally(complaints):
    """% and _ are characters: only the complaint against 百分百%便利店 (or 下划线_小吃) matches,
    where a wildcard would list all three."""
    assert complaints.rows(ComplaintFilter(text="%")).count() == 1
    assert complaints.rows(ComplaintFilter(text="_")).count() == 1
    assert complaints.rows(ComplaintFilter(text="%便利")).count() == 1
