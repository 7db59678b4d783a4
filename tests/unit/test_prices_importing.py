"""Reading price sheets: header synonyms, rows → observations or reasons (column named)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from station_app.domain.prices.importing import (
    SHANGHAI,
    ObservationRow,
    RowError,
    SubjectRef,
    check_mapping,
    map_header,
    parse_moment,
    parse_row,
)
from station_app.errors import ValidationError

NOW = datetime(2026, 10, 3, 12, 0, tzinfo=UTC)
HEADER = [
    "序号",
    "酒店名称",
    "统一社会信用代码",
    "房型",
    "监测日期",
    "时刻",
    "实际价格（元）",
    "来源",
    "平台",
    "备注",
]


def test_header_synonyms() -> None:
    mapping = map_header(HEADER)
    assert mapping == {
        "uscc": 2,
        "entity": 1,
        "name": 3,
        "at": 4,
        "time": 5,
        "price": 6,
        "source": 7,
        "platform": 8,
        "note": 9,
    }
    assert map_header(["监测对象编号", "监测时间", "价格"]) == {
        "subject_id": 0,
        "at": 1,
        "price": 2,
    }
    check_mapping(mapping)
    with pytest.raises(ValidationError, match="表头缺少：价格、监测时间"):
        check_mapping(map_header(["房型", "酒店"]))
    with pytest.raises(ValidationError, match="经营者"):
        check_mapping(map_header(["房型", "日期", "价格"]))


def test_a_good_row() -> None:
    row = [
        "1",
        "城关宾馆",
        "91350100M000100Y43",
        "标准间",
        date(2026, 10, 2),
        time(20, 30),
        388.0,
        "网络平台",
        "携程",
        "",
    ]
    got = parse_row(row, map_header(HEADER), 2, NOW)
    assert got == ObservationRow(
        2, SubjectRef(None, "91350100M000100Y43", "城关宾馆", "标准间"),
        datetime(2026, 10, 2, 20, 30, tzinfo=SHANGHAI), 38800, "网络平台", "携程", "",
    )  # fmt: skip


def test_subject_by_number_and_text_times() -> None:
    mapping = map_header(["监测对象编号", "监测时间", "价格", "来源"])
    got = parse_row([12.0, "2026/10/2 9:05", "¥1,288", ""], mapping, 3, NOW)
    assert isinstance(got, ObservationRow)
    assert got.subject == SubjectRef(subject_id=12)
    assert got.observed_at == datetime(2026, 10, 2, 9, 5, tzinfo=SHANGHAI)
    assert (got.price_fen, got.source) == (128800, "网络平台")
    day_only = parse_row([12, "2026年10月2日", "388", "现场"], mapping, 4, NOW)
    assert day_only.observed_at == datetime(2026, 10, 2, 12, 0, tzinfo=SHANGHAI)


def test_bad_rows_list_every_reason() -> None:
    mapping = map_header(HEADER)
    got = parse_row(["", "", "", "", "下周", "", "-5", "微信", "", ""], mapping, 7, NOW)
    assert isinstance(got, list) and all(isinstance(e, RowError) for e in got)
    text = [str(e) for e in got]
    assert text[0] == "第 7 行“房型/商品”：请填写房型或商品（或监测对象编号）。"
    assert any("经营者名称或统一社会信用代码" in t for t in text)
    assert any("“下周”不是日期时间" in t for t in text)
    assert any("“价格”：价格不能为负数" in t for t in text)
    assert any("来源“微信”不在可选范围内" in t for t in text)


def test_absurd_future_and_ancient_rows() -> None:
    mapping = map_header(["监测对象编号", "监测时间", "价格"])
    (err,) = parse_row([1, "2026-10-02 20:00", "12000000"], mapping, 2, NOW)
    assert "超过 ¥1,000,000" in err.message
    (err,) = parse_row([1, "2026-10-09 20:00", "388"], mapping, 2, NOW)
    assert "晚于现在" in err.message
    (err,) = parse_row([1, "1999-10-09 20:00", "388"], mapping, 2, NOW)
    assert "早于 2000 年" in err.message
    (err,) = parse_row(["A1", "2026-10-02", "388"], mapping, 2, NOW)
    assert "不是编号" in err.message


def test_parse_moment_cells() -> None:
    assert parse_moment(datetime(2026, 10, 2, 8, 0)) == datetime(2026, 10, 2, 8, 0, tzinfo=SHANGHAI)
    assert parse_moment(date(2026, 10, 2), 0.75) == datetime(2026, 10, 2, 18, 0, tzinfo=SHANGHAI)
    assert parse_moment("2026-10-02", "21:15") == datetime(2026, 10, 2, 21, 15, tzinfo=SHANGHAI)
    with pytest.raises(ValueError):
        parse_moment("2026-10-02", "25:00")
