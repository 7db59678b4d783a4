"""Price monitoring service on SQLite and PostgreSQL: subjects, observations (one, batch,
import, void and correct), the default rule raising a flag with its explanation, rule versions,
the handling of a flag (告诫书), the curve, permissions, bad input (Chinese, nothing written)
and two writers at once."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest

from station_app.clock import SHANGHAI
from station_app.domain.auth import READONLY, Actor
from station_app.domain.prices.lists import FlagFilter
from station_app.errors import PermissionDeniedError, ValidationError
from station_app.services.entities import EntityData
from station_app.services.prices import ObservationInput, RuleInput, SubjectInput

DAY = date(2025, 10, 5)  # inside 2025 国庆节、中秋节 (10-01 … 10-08)


def at(day: date, hour: int = 20) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


@pytest.fixture
def hotel(ctx):
    ctx.clock.set_day(DAY)
    eid = ctx.services.entities.save(
        EntityData(name="东平县悦来宾馆", address="东平县人民路1号", uscc="91370923MA3C4XY212")
    )[0].data.id
    subject, _ = ctx.services.prices.add_subject(
        SubjectInput(name="标准间", entity_id=eid, posted_fen=30000, klass="舒适型")
    )
    return subject


def baseline(ctx, subject_id: int, fen: int = 20000) -> None:
    """A price every day of September (the 30 days before the window)."""
    items = [
        ObservationInput(subject_id, at(date(2025, 9, 1) + timedelta(days=i)), fen)
        for i in range(30)
    ]
    result, _ = ctx.services.prices.observe_batch(items)
    assert result.written == 30 and not result.problems


def flags(ctx, **kw):
    return ctx.services.prices.flags(FlagFilter(**kw))


def count_observations(ctx) -> int:
    return ctx.services.prices.observation_rows().count()


def test_default_rule_flags_a_holiday_rise_with_its_explanation(ctx, hotel):
    baseline(ctx, hotel.id)
    view, changes = ctx.services.prices.observe(
        ObservationInput(hotel.id, at(date(2025, 10, 2)), 35000)
    )
    assert view.day == date(2025, 10, 2) and view.price_fen == 35000
    assert changes.touches("price_observation", "price_flag")
    [flag] = flags(ctx)
    assert (flag.day, flag.price_fen, flag.baseline_fen, flag.ratio_bp) == (
        date(2025, 10, 2),
        35000,
        20000,
        17500,
    )
    assert flag.state == "待处理" and flag.observed_at is not None
    assert "¥350" in flag.explanation and "¥200" in flag.explanation and "75" in flag.explanation
    assert "节假日涨幅>50%" in flag.explanation and "第 1 版" in flag.explanation
    # a rise of 40 % on another day is no flag; a September price never is (not a window)
    ctx.services.prices.observe(ObservationInput(hotel.id, at(date(2025, 10, 3)), 28000))
    assert [f.day for f in flags(ctx)] == [date(2025, 10, 2)]
    assert ctx.services.audit.history("price_flag", flag.id)


def test_bad_prices_and_unknown_subject_are_refused_in_chinese(ctx, hotel):
    svc = ctx.services.prices
    for fen, words in ((-100, "不能为负数"), (0, "大于 0"), (100_000_001, "1,000,000")):
        with pytest.raises(ValidationError) as exc:
            svc.observe(ObservationInput(hotel.id, at(date(2025, 10, 2)), fen))
        assert words in exc.value.message
    with pytest.raises(ValidationError, match="监测对象 9999 不存在"):
        svc.observe(ObservationInput(9999, at(date(2025, 10, 2)), 30000))
    with pytest.raises(ValidationError, match="未来"):
        svc.observe(ObservationInput(hotel.id, at(DAY + timedelta(days=2)), 30000))
    assert count_observations(ctx) == 0


def test_a_batch_with_one_bad_row_writes_nothing_and_names_the_row(ctx, hotel):
    items = [
        ObservationInput(hotel.id, at(date(2025, 10, 1)), 30000),
        ObservationInput(hotel.id, at(date(2025, 10, 2)), -5),
        ObservationInput(4242, at(date(2025, 10, 2)), 30000),
    ]
    result, changes = ctx.services.prices.observe_batch(items)
    assert result.written == 0 and not changes
    assert [(p.line, p.column) for p in result.problems] == [(2, "价格"), (3, "监测对象")]
    assert count_observations(ctx) == 0


def test_void_and_correct_withdraws_the_flag_and_keeps_both_rows(ctx, hotel):
    baseline(ctx, hotel.id)
    wrong, _ = ctx.services.prices.observe(ObservationInput(hotel.id, at(date(2025, 10, 2)), 38800))
    [flag] = flags(ctx)
    with pytest.raises(ValidationError, match="作废理由"):
        ctx.services.prices.void_observation(wrong.id, "  ")
    fixed, _ = ctx.services.prices.void_observation(
        wrong.id, "录入错误，应为 228 元", ObservationInput(hotel.id, at(date(2025, 10, 2)), 22800)
    )
    assert fixed is not None and fixed.corrects_id == wrong.id
    old = ctx.services.prices.observation(wrong.id)
    assert old.voided and old.void_reason == "录入错误，应为 228 元" and old.price_fen == 38800
    again = ctx.services.prices.flag(flag.id)
    assert again.state == "已撤销" and "系统自动撤销" in again.reason
    assert count_observations(ctx) == 32
    with pytest.raises(ValidationError, match="已作废"):
        ctx.services.prices.void_observation(wrong.id, "再次")


def test_import_lists_bad_rows_and_writes_nothing_unless_valid_only(ctx, hotel, tmp_path):
    sheet = tmp_path / "携程价格.csv"
    sheet.write_text(
        "经营者,统一社会信用代码,房型,监测时间,价格（元/晚）,来源\n"
        "东平县悦来宾馆,,标准间,2025-10-01 20:00,388,网络平台\n"
        ",91370923MA3C4XY212,标准间,2025-10-02 20:00,-3,网络平台\n"
        "不存在的酒店,,标准间,2025-10-02 20:00,300,网络平台\n"
        ",91370923MA3C4XY212,标准间,2025-10-03,2000000,现场\n",
        encoding="utf-8",
    )
    result, changes = ctx.services.prices.import_observations(sheet)
    assert result.written == 0 and not changes and count_observations(ctx) == 0
    assert [p.line for p in result.problems] == [3, 4, 5]
    assert "找不到监测对象" in str(result.problems[1])
    result, _ = ctx.services.prices.import_observations(sheet, valid_only=True)
    assert result.written == 1 and len(result.problems) == 3
    [row] = [
        ctx.services.prices.observation(i)
        for i in ctx.services.prices.observation_rows().fetch_ids(None, False)
    ]
    assert row.price_fen == 38800 and row.subject_id == hotel.id
    assert ctx.services.audit.history("price_observation", row.id)


def test_rule_versions_rejudge_and_bad_k_is_refused(ctx, hotel):
    baseline(ctx, hotel.id)
    ctx.services.prices.observe(ObservationInput(hotel.id, at(date(2025, 10, 2)), 26000))
    assert flags(ctx) == []  # +30 %
    [rule] = ctx.services.prices.rules()
    data = RuleInput("baseline_rise", "国庆 >20%", {"k": "1", "days_before": 30})
    with pytest.raises(ValidationError, match="必须大于 1"):
        ctx.services.prices.save_rule(rule.series, data, "县局通知")
    with pytest.raises(ValidationError, match="修改原因"):
        ctx.services.prices.save_rule(rule.series, data, "")
    data = RuleInput("baseline_rise", "国庆 >20%", {"k": "1.2", "days_before": 30})
    v2, _ = ctx.services.prices.save_rule(rule.series, data, "县局 2025 年国庆通知")
    assert (v2.series, v2.version) == (rule.series, 2)
    [flag] = flags(ctx)
    assert "第 2 版" in flag.explanation and flag.rule_id == v2.id
    history = ctx.services.prices.rules(history=True)
    assert [(r.version, r.retired_at is None) for r in history] == [(1, False), (2, True)]
    # a cap per night, a new series
    cap, _ = ctx.services.prices.save_rule(
        None,
        RuleInput("absolute_cap", "最高限价 250", {"cap_yuan": "250"}, days="期间每日"),
        "限价令",
    )
    assert cap.series == rule.series + 1
    assert {f.rule_id for f in flags(ctx)} == {v2.id, cap.id}


def test_warning_letter_flag_handling_and_prints(ctx, hotel, tmp_path):
    from pypdf import PdfReader

    baseline(ctx, hotel.id)
    ctx.services.prices.observe(ObservationInput(hotel.id, at(date(2025, 10, 2)), 35000))
    [flag] = flags(ctx)
    with pytest.raises(ValidationError, match="签收人"):
        ctx.services.prices.warn([flag.id], "", "直接送达")
    letter, _ = ctx.services.prices.warn([flag.id], "王经理", "直接送达")
    assert letter.number.endswith("〔2025〕1号") and letter.flag_ids == (flag.id,)
    warned = ctx.services.prices.flag(flag.id)
    assert warned.state == "已告诫" and warned.letter_id == letter.id
    with pytest.raises(ValidationError, match="认定合理的理由"):
        ctx.services.prices.reasonable(flag.id, warned.version, "")
    done, _ = ctx.services.prices.reasonable(flag.id, warned.version, "含双早，经核实属实")
    assert done.state == "合理"
    pdf, _ = ctx.services.prices.print_letter(letter.id, tmp_path / "letter.pdf")
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "价格提醒告诫书" in text and "东平县悦来宾馆" in text and letter.number in text
    chart, _ = ctx.services.prices.print_chart(
        hotel.id, date(2025, 9, 1), date(2025, 10, 8), tmp_path / "curve.pdf"
    )
    text = "".join(p.extract_text() for p in PdfReader(chart).pages)
    assert "价格监测曲线" in text and "2025-10-02" in text
    png, _ = ctx.services.prices.print_chart(
        hotel.id, date(2025, 9, 1), date(2025, 10, 8), tmp_path / "curve.png"
    )
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    data = ctx.services.prices.chart(hotel.id, date(2025, 9, 1), date(2025, 10, 8))
    assert len(data.points) == 31 and data.flags and data.windows and data.baselines
    assert data.baselines[0].value_fen == 20000 and data.baselines[0].threshold_fen == 30000


def test_readonly_users_cannot_write(ctx, hotel):
    ctx.auth.sign_in(Actor(None, "viewer", READONLY, "viewer"))
    with pytest.raises(PermissionDeniedError):
        ctx.services.prices.observe(ObservationInput(hotel.id, at(date(2025, 10, 2)), 30000))
    with pytest.raises(PermissionDeniedError):
        ctx.services.prices.add_subject(SubjectInput(name="大床房", entity_id=hotel.entity_id))
    assert ctx.services.prices.subject_rows().count() == 1


def test_subject_validation(ctx, hotel):
    with pytest.raises(ValidationError, match="关联经营主体"):
        ctx.services.prices.add_subject(SubjectInput(name="标准间"))
    with pytest.raises(ValidationError, match="已有监测对象"):
        ctx.services.prices.add_subject(SubjectInput(name="标准间", entity_id=hotel.entity_id))
    group, _ = ctx.services.prices.add_group("景区周边酒店")
    ctx.services.prices.set_members(group.id, [hotel.id])
    assert ctx.services.prices.subject(hotel.id).groups == ("景区周边酒店",)
    assert ctx.services.prices.resolve_entity("91370923MA3C4XY212") == hotel.entity_id


def test_two_writers_at_once_raise_one_flag(ctx, hotel):
    baseline(ctx, hotel.id)
    errors: list[BaseException] = []

    def enter(fen: int) -> None:
        try:
            ctx.services.prices.observe(ObservationInput(hotel.id, at(date(2025, 10, 2)), fen))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=enter, args=(fen,)) for fen in (35000, 36000)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    [flag] = flags(ctx)
    assert flag.price_fen == 36000 and count_observations(ctx) == 32
