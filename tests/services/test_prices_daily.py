"""节日价格监测日报 on SQLite and PostgreSQL: the day's counts (observations by source, flags
by rule, the biggest rises, the steps of the day, open flags), the print (text, audit row) and
bad input (a future day, a wrong file type: Chinese, nothing written)."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from station_app.clock import SHANGHAI
from station_app.domain.prices.lists import FlagFilter
from station_app.errors import ValidationError
from station_app.services.entities import EntityData
from station_app.services.prices import ObservationInput, SubjectInput
from tests.services.test_prices import DAY, at, baseline

HOLIDAY = date(2025, 10, 2)


@pytest.fixture
def two_hotels(ctx):
    ctx.clock.set_day(DAY)
    ids = []
    for n, uscc in ((1, "91370923MA3C4XY212"), (2, "91370923MA3C4XY300")):
        eid = ctx.services.entities.save(
            EntityData(name=f"东平县悦来宾馆{n}", address=f"人民路{n}号", uscc=uscc)
        )[0].data.id
        subject, _ = ctx.services.prices.add_subject(SubjectInput(name="标准间", entity_id=eid))
        baseline(ctx, subject.id)
        ids.append(subject.id)
    svc = ctx.services.prices
    svc.observe(ObservationInput(ids[0], at(HOLIDAY, 9), 35000, source="现场"))
    svc.observe(ObservationInput(ids[0], at(HOLIDAY, 20), 41000))
    svc.observe(ObservationInput(ids[1], at(HOLIDAY, 20), 32000, source="电话"))
    return ids


def text_of(path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_the_day_counts_flags_rises_and_steps(ctx, two_hotels):
    svc = ctx.services.prices
    flags = svc.flags(FlagFilter(first=HOLIDAY, last=HOLIDAY))
    assert sorted(f.price_fen for f in flags) == [32000, 41000]
    top = max(flags, key=lambda f: f.price_fen)
    svc.check(top.id, top.version, "电话核查，经营者称含早餐")
    report = svc.daily(HOLIDAY)
    assert report.window is not None and "国庆节" in report.window.name
    assert report.title == f"{report.window.name}价格监测日报"
    assert (report.subjects, report.observed_subjects, report.observations) == (2, 2, 3)
    assert dict(report.by_source) == {"现场": 1, "网络平台": 1, "电话": 1}
    assert report.flags_by_rule == (("节假日涨幅>50%（第1版）", 2),)
    assert [(r.price_fen, r.ratio_bp) for r in report.top_rises] == [(41000, 20500), (32000, 16000)]
    assert report.top_rises[0].entity == "东平县悦来宾馆1" and report.top_rises[0].state == "核查中"
    assert report.open_flags == 2
    # a step counts on the day it was taken (its audit row's time), not the flag's day
    assert report.actions == ()
    [row] = [r for r in ctx.services.audit.history("price_flag", top.id) if r.reason == "核查"]
    taken = row.at.astimezone(SHANGHAI).date()
    ctx.clock.set_day(taken)
    assert svc.daily(taken).actions == (("核查", 1),)


def test_a_day_without_a_window_and_the_default_day(ctx, two_hotels):
    svc = ctx.services.prices
    plain = svc.daily(date(2025, 9, 10))
    assert plain.window is None and plain.title == "价格监测日报"
    assert (plain.observations, plain.flags_today, plain.top_rises) == (2, 0, ())
    # nothing observed on the clock's day (10-05): the last day with data (10-02)
    assert svc.daily().day == HOLIDAY


def test_print_daily_writes_the_pdf_and_an_audit_row(ctx, two_hotels, tmp_path):
    out, _ = ctx.services.prices.print_daily(HOLIDAY, tmp_path / "日报.pdf")
    text = text_of(out)
    for words in ("价格监测日报", "2025年10月2日", "监测记录3条", "东平县悦来宾馆1标准间", "+105%"):
        assert words in text, words
    assert "第1页共1页" in text
    rows = ctx.services.audit.history("price_daily", HOLIDAY.isoformat())
    assert rows and rows[0].reason == "打印价格监测日报"


def test_bad_day_or_file_is_refused_in_chinese_and_nothing_is_written(ctx, two_hotels, tmp_path):
    svc = ctx.services.prices
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValidationError, match="尚未到来"):
        svc.print_daily(date(2025, 10, 6), out / "d.pdf")
    with pytest.raises(ValidationError, match=r"\.pdf"):
        svc.print_daily(HOLIDAY, out / "d.xlsx")
    assert list(out.iterdir()) == []
    assert not ctx.services.audit.history("price_daily", "2025-10-06")
