"""Prices typed by a clerk → fen, shown as yuan; subjects, sources and times validated in Chinese."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from station_app.domain.prices.money import (
    COMMODITY,
    MAX_PRICE_FEN,
    ROOM,
    basis_points,
    check_observed_at,
    check_price_fen,
    check_source,
    check_subject,
    parse_yuan,
    percent_over,
    ratio_text,
    yuan,
    yuan_text,
)
from station_app.errors import ValidationError


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("388", 38800),
        ("388.5", 38850),
        ("388.50", 38850),
        ("¥1,288.00", 128800),
        ("￥1288", 128800),
        ("３８８元", 38800),
        (" 388 ", 38800),
        (388, 38800),
        (388.5, 38850),
        (0.01, 1),
        ("1000000", MAX_PRICE_FEN),
    ],
)
def test_parse_yuan_reads_what_clerks_type(typed: object, fen: int) -> None:
    assert parse_yuan(typed) == fen


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("-5", "不能为负数"),
        (-5, "不能为负数"),
        ("0", "必须大于 0"),
        ("1000000.01", "超过 ¥1,000,000"),
        ("1000001", "超过 ¥1,000,000"),
        (2_000_000, "超过 ¥1,000,000"),
        ("388.555", "两位小数"),
        ("三百", "不是有效的金额"),
        ("", "请填写价格"),
        (None, "请填写价格"),
        (True, "请填写价格"),
    ],
)
def test_parse_yuan_refuses_bad_prices_in_chinese(typed: object, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_yuan(typed)
    assert words in err.value.message
    assert err.value.field == "price"


def test_check_price_fen_names_the_label() -> None:
    with pytest.raises(ValidationError, match="明码标价不能为负数"):
        check_price_fen(-1, label="明码标价")
    assert check_price_fen(1) == 1


def test_yuan_formats() -> None:
    assert yuan(128800) == "¥1,288"
    assert yuan(38850) == "¥388.50"
    assert yuan(5) == "¥0.05"
    assert yuan(None) == "—"
    assert yuan_text(128800) == "1288.00"
    assert yuan_text(38805) == "388.05"
    assert yuan_text(None) is None


def test_percent_and_ratio_are_half_up() -> None:
    assert percent_over(Fraction(405, 248)) == 63  # 1.6331
    assert percent_over(Fraction(3, 2)) == 50
    assert percent_over(Fraction(201, 200)) == 1  # 0.5 % rounds up
    assert ratio_text(Fraction(405, 248)) == "1.63"
    assert ratio_text(None) is None
    assert basis_points(Fraction(405, 248)) == 16331


def test_sources() -> None:
    assert check_source("") == "网络平台"
    assert check_source("电话") == "电话"
    with pytest.raises(ValidationError, match="来源“微信”不在可选范围内"):
        check_source("微信")


def test_observed_at_not_in_the_future() -> None:
    now = datetime(2026, 10, 2, 8, 0, tzinfo=UTC)
    assert check_observed_at(now + timedelta(minutes=5), now)
    with pytest.raises(ValidationError, match="晚于现在"):
        check_observed_at(now + timedelta(hours=1), now)
    with pytest.raises(ValidationError, match="早于 2000 年"):
        check_observed_at(datetime(1999, 1, 1, tzinfo=UTC), now)
    with pytest.raises(ValueError):
        check_observed_at(datetime(2026, 1, 1), now)


def test_subject_rules() -> None:
    room = check_subject(kind=ROOM, name=" 标准间 ", entity_id=7, posted_fen=38800, klass="舒适型")
    assert (room.name, room.unit, room.klass) == ("标准间", "晚", "舒适型")
    pork = check_subject(
        kind=COMMODITY, name="猪肉（精瘦）", entity_id=None, market="城关农贸市场 3号摊"
    )
    assert pork.unit == "公斤"
    with pytest.raises(ValidationError, match="客房必须关联经营主体"):
        check_subject(kind=ROOM, name="标准间", entity_id=None)
    with pytest.raises(ValidationError, match="所在市场与摊位"):
        check_subject(kind=COMMODITY, name="猪肉", entity_id=None)
    with pytest.raises(ValidationError, match="请填写房型或商品名称"):
        check_subject(kind=ROOM, name=" ", entity_id=1)
    with pytest.raises(ValidationError, match="档次应为"):
        check_subject(kind=ROOM, name="标准间", entity_id=1, klass="五星")
    with pytest.raises(ValidationError, match="明码标价"):
        check_subject(kind=ROOM, name="标准间", entity_id=1, posted_fen=-100)
