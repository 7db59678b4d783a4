"""Malformed spreadsheets (issue 17): each is read in a child process under a 3 GB ceiling (an
abort there fails the test instead of killing the run), must end in the Chinese message that
names the limit, and importing it through the service changes no row of the database. The
readable oddities (CR-only line ends, Excel's UTF-16 "Unicode text", duplicate headers that
agree, control characters) import their one row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_app.errors import StationError
from tests.fixtures.fuzz import sheets
from tests.fuzz.helpers import fingerprint, read_in_child

SMALL = sorted(sheets.SMALL)


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> dict[Path, str]:
    return sheets.big_files(tmp_path_factory.mktemp("big"))


def test_the_committed_corpus_is_complete():
    on_disk = {p.name for p in sheets.HERE.iterdir()}
    assert on_disk == set(sheets.SMALL), f"run python -m {sheets.__name__}"


@pytest.mark.parametrize("name", SMALL)
def test_small_corpus_reads_or_refuses_in_chinese(name, peaks):
    expected = sheets.SMALL[name][1]
    answer = read_in_child(sheets.HERE / name)
    peaks[name] = answer["peak_mb"]
    if expected:
        assert re.search(expected, answer.get("message", "")), answer
        assert re.search(r"[\u4e00-\u9fff]", answer["message"])
        assert "原因：" not in answer["message"]  # no library text pasted in
    else:
        assert "message" not in answer, answer


def test_big_files_refused_with_bounded_memory(big, peaks):
    for path, expected in big.items():
        answer = read_in_child(path)
        peaks[path.name] = answer["peak_mb"]
        assert re.search(expected, answer.get("message", "")), (path.name, answer)
        assert answer["peak_mb"] < 200, (path.name, answer["peak_mb"])  # before: 833 MB


@pytest.mark.parametrize("name", SMALL)
def test_refused_import_changes_nothing(ctx, name):
    expected = sheets.SMALL[name][1]
    before = fingerprint(ctx)
    if expected:
        with pytest.raises(StationError, match=expected):
            ctx.services.entity_import.run(sheets.HERE / name)
        with pytest.raises(StationError):
            ctx.services.entity_import.preview(sheets.HERE / name)
        assert fingerprint(ctx) == before


@pytest.mark.parametrize(
    "name", ["cr_only.csv", "excel_unicode_text.txt", "utf16_comma.csv", "dup_headers_agree.csv"]
)
def test_readable_oddities_import_their_row(ctx, name):
    preview = ctx.services.entity_import.preview(sheets.HERE / name)
    assert preview.sample[0][0] == "城关镇张三记餐馆"
    assert set(preview.mapping.values()) >= {"name", "uscc", "address"}
    result, _ = ctx.services.entity_import.run(sheets.HERE / name, dry_run=True)
    assert result.total == 1 and not result.rejected, result.rejected


def test_control_characters_are_cleaned_on_import(ctx):
    preview = ctx.services.entity_import.preview(sheets.HERE / "controls.csv")
    assert preview.sample[0][0] == "城关镇张三记餐馆"
    assert preview.sample[0][2] == "人民路12号"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".xlsx", ".xls", ".csv", ".txt"]))
def test_random_bytes_never_escape_as_tracebacks(tmp_path, data, suffix):
    from station_app.exports.ledger_reader import read_sheet

    path = tmp_path / f"x{suffix}"
    path.write_bytes(data)
    try:
        read_sheet(path)
    except StationError as exc:
        assert re.search(r"[\u4e00-\u9fff]", str(exc))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 255)), max_size=6))
def test_damaged_xlsx_never_escapes_as_a_traceback(tmp_path, flips):
    """Byte flips anywhere in a real ledger's zip (headers, deflate streams, directory)."""
    from station_app.exports.ledger_reader import read_sheet

    data = bytearray(sheets.xlsx_bytes(sheets.ledger_xml(sheets.GOOD_ROWS * 30)))
    for at, mask in flips:
        data[at % len(data)] ^= mask
    path = tmp_path / "x.xlsx"
    path.write_bytes(bytes(data))
    try:
        read_sheet(path)
    except StationError as exc:
        assert re.search(r"[\u4e00-\u9fff]", str(exc))


@pytest.mark.parametrize("name", ["far_cell.xlsx", "wide_cell.xlsx", "damaged_deflate.xlsx"])
def test_roster_import_reads_through_the_same_limits(name, peaks):
    answer = read_in_child(sheets.HERE / name, reader="roster")
    peaks[f"roster:{name}"] = answer["peak_mb"]
    assert re.search(sheets.SMALL[name][1], answer.get("message", "")), answer
