"""Search input (issue 17): a NUL (or any control character) in a search box is dropped
instead of breaking the PostgreSQL query; ``%`` and ``_`` in the complaint respondent picker
and the complaint search are characters, not wildcards (``%`` listed every entity)."""

from __future__ import annotations

import pytest

from station_app.domain.complaints import ComplaintFilter
from station_app.domain.entities import EntityFilter
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


def test_a_nul_in_the_complaint_search_is_dropped(shops):
    rows = shops.services.complaints.rows(ComplaintFilter(text="张\x00三"))
    assert rows.count() == 0


@pytest.mark.parametrize(("text", "found"), [("%", {NAMES[1]}), ("_", {NAMES[2]}), ("\x00", set())])
def test_respondent_picker_takes_percent_and_underscore_literally(shops, text, found):
    names = {r["name"] for r in shops.services.complaints.find_respondents(text)}
    assert names == found


def test_complaint_search_takes_percent_literally(shops):
    assert shops.services.complaints.rows(ComplaintFilter(text="%")).count() == 0
