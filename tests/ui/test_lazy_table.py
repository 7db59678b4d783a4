"""LazyTableModel: Qt's model checks, a million rows, SQL-side sorting, refresh, async reload."""

from __future__ import annotations

import sys
import threading
from array import array
from collections.abc import Callable, Sequence

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QTableView

from station_app.ui.events import EventBus
from station_app.ui.models.lazy_table import (
    ALIGN_RIGHT,
    PAGE_SIZE,
    Column,
    IdRole,
    LazyTableModel,
)
from station_app.ui.ops import OpRunner, SyncOpRunner

COLUMNS = [
    Column("name", "名称"),
    Column("score", "分数", alignment=ALIGN_RIGHT, formatter=lambda v: f"{v} 分"),
    Column("active", "在营"),
    Column("note", "备注", sortable=False),
]
KEYS = [c.key for c in COLUMNS]


def make_row(i: int) -> tuple:
    return (f"经营主体{i:07d}", (i * 7919) % 1000, i % 3 == 0, None)


class FakeSource:
    """In-memory RowSource that counts its calls. Rows are computed on demand, so a million
    rows cost nothing until asked for; explicit ``rows`` override or delete (``None``)."""

    def __init__(self, n: int, make: Callable[[int], tuple] = make_row) -> None:
        self.n = n
        self.make = make
        self.rows: dict[int, tuple | None] = {}
        self.id_calls: list[tuple[str | None, bool]] = []
        self.row_calls: list[list[int]] = []

    def row(self, i: int) -> tuple | None:
        return self.rows[i] if i in self.rows else self.make(i)

    def fetch_ids(self, sort_key: str | None, descending: bool) -> array:
        self.id_calls.append((sort_key, descending))
        ids = range(1, self.n + 1)
        if sort_key is None:
            return array("q", reversed(ids) if descending else ids)
        col = KEYS.index(sort_key)
        live = [i for i in ids if self.row(i) is not None]
        live.sort(key=lambda i: (self.row(i)[col], i), reverse=descending)
        return array("q", live)

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        self.row_calls.append(list(ids))
        return {i: r for i in ids if 1 <= i <= self.n and (r := self.row(i)) is not None}


def make_model(n: int = 3000, **kwargs) -> tuple[LazyTableModel, FakeSource]:
    source = FakeSource(n)
    model = LazyTableModel(COLUMNS, source, **kwargs)
    return model, source


def texts(model: LazyTableModel, column: int, rows: range) -> list[str]:
    return [model.index(r, column).data() for r in rows]


def test_qt_model_tester_passes_through_sort_reverse_and_refresh(qtbot):
    # GIVEN a model watched by Qt's own model checker (any violation aborts the run)
    model, source = make_model(2000)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    # WHEN it is loaded, sorted, reversed, refreshed and reloaded
    model.reload_sync()
    model.sort(1, Qt.SortOrder.AscendingOrder)
    view.selectRow(5)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    source.rows[model.id_at(0)] = ("改过的名称", 1, False, "备注")
    model.refresh_rows([model.id_at(0)])
    model.refresh_all()
    source.n = 1500
    model.reload_sync()
    model.sort(-1, Qt.SortOrder.AscendingOrder)
    # THEN the checker found nothing and the model shows the expected rows
    assert tester is not None
    assert model.rowCount() == 1500
    assert model.index(0, 0).data() == "经营主体0000001"


def test_million_rows_fetches_one_page_per_visit_and_stays_bounded():
    model, source = make_model(1_000_000)
    model.reload_sync()
    assert model.rowCount() == 1_000_000

    assert model.index(999_999, 0).data() == "经营主体1000000"
    assert len(source.row_calls) == 1
    assert 0 < len(source.row_calls[0]) <= PAGE_SIZE
    assert source.row_calls[0][-1] == 1_000_000

    assert model.index(0, 1).data() == "919 分"
    assert len(source.row_calls) == 2
    assert len(source.row_calls[1]) == PAGE_SIZE
    model.index(1, 0).data()
    model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert len(source.row_calls) == 2  # same page: served from the cache

    for row in range(0, 1_000_000, 1_000_000 // 500):
        model.index(row, 0).data()
    assert model.cached_page_count <= 64

    ids = model.id_array
    assert ids.itemsize == 8
    assert len(ids) * ids.itemsize == 8_000_000
    assert sys.getsizeof(ids) < 8_200_000


def test_alignment_and_id_roles_do_not_fetch_rows():
    model, source = make_model(1000)
    model.reload_sync()
    index = model.index(10, 1)
    assert index.data(IdRole) == 11
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) == ALIGN_RIGHT.value
    assert source.row_calls == []


def test_header_labels_are_chinese():
    model, _ = make_model(10)
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header == ["名称", "分数", "在营", "备注"]
    assert model.headerData(0, Qt.Orientation.Vertical) == 1


def test_formatting_of_values():
    model, _source = make_model(10)
    model.reload_sync()
    assert model.index(2, 1).data() == f"{(3 * 7919) % 1000} 分"
    assert model.index(2, 2).data() == "是"
    assert model.index(0, 2).data() == "否"
    assert model.index(0, 3).data() == ""
    assert model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) is None


def test_header_click_sorts_in_sql_and_flip_only_reverses(qtbot):
    # GIVEN a table view over the model with sorting enabled
    model, source = make_model(2000)
    model.reload_sync()
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.show()
    header = view.horizontalHeader()
    source.id_calls.clear()

    def click_header(section: int) -> None:
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    # WHEN the user clicks the 分数 header
    click_header(1)
    # THEN the id query is re-run ordered by that column
    order = header.sortIndicatorOrder()
    assert source.id_calls == [("score", order == Qt.SortOrder.DescendingOrder)]
    first_sort = list(model.id_array)
    scores = [source.row(i)[1] for i in first_sort]
    assert scores == sorted(scores, reverse=order == Qt.SortOrder.DescendingOrder)

    # WHEN the user clicks it again
    click_header(1)
    # THEN no new query: the same ids, reversed
    assert header.sortIndicatorOrder() != order
    assert len(source.id_calls) == 1
    assert list(model.id_array) == first_sort[::-1]


def test_sort_keeps_selection_on_the_same_record_when_reversing(qtbot):
    model, _ = make_model(500)
    model.reload_sync()
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    view.setCurrentIndex(model.index(3, 0))
    record = model.id_at(3)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert view.currentIndex().data(IdRole) == record
    assert view.currentIndex().row() == 496


def test_unsortable_column_is_ignored():
    model, source = make_model(100)
    model.reload_sync()
    source.id_calls.clear()
    model.sort(3, Qt.SortOrder.AscendingOrder)
    assert source.id_calls == []


def test_new_sort_column_requeries_with_its_key():
    model, source = make_model(100)
    model.reload_sync()
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert source.id_calls[-2:] == [("name", True), ("active", True)]
    model.sort(2, Qt.SortOrder.DescendingOrder)  # unchanged: nothing to do
    assert len(source.id_calls) == 3


def test_vanished_rows_show_empty_cells():
    model, source = make_model(300)
    model.reload_sync()
    source.rows[5] = None  # deleted after the id query
    assert model.index(4, 0).data() == ""
    assert model.index(4, 0).data(IdRole) == 5
    assert model.index(5, 0).data() == "经营主体0000006"


def test_failing_fetch_rows_shows_empty_cells_and_logs(caplog):
    model, source = make_model(10)
    model.reload_sync()

    def broken(ids):
        raise OSError("connection lost")

    source.fetch_rows = broken
    assert model.index(0, 0).data() == ""
    assert "fetching rows" in caplog.text


def test_refresh_rows_refetches_only_cached_pages_and_signals_their_rows(qtbot):
    model, source = make_model(2000)
    model.reload_sync()
    model.index(0, 0).data()
    source.row_calls.clear()
    source.rows[3] = ("新名称", 0, False, None)

    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.refresh_rows([3, 1999])  # 1999 is on a page never shown
    top_left, bottom_right = blocker.args[:2]
    assert (top_left.row(), bottom_right.row()) == (2, 2)
    assert bottom_right.column() == len(COLUMNS) - 1
    assert model.index(2, 0).data() == "新名称"
    assert len(source.row_calls) == 1


def test_invalidate_ids_reports_rows_without_signalling():
    model, _ = make_model(600)
    model.reload_sync()
    model.index(0, 0).data()
    model.index(300, 0).data()
    assert model.invalidate_ids([2, 1, 301, 599]) == [0, 1, 300]
    assert model.cached_page_count == 0


def test_id_at_and_row_of():
    model, _ = make_model(1000)
    model.reload_sync()
    model.sort(1, Qt.SortOrder.AscendingOrder)
    record = model.id_at(123)
    assert model.row_of(record) == 123
    assert model.row_of(10_000) == -1
    assert model.id_at(1000) is None
    assert model.id_at(-1) is None


def test_set_ids_installs_a_new_array():
    model, _ = make_model(100)
    model.reload_sync()
    model.set_ids([5, 4, 3])
    assert model.rowCount() == 3
    assert texts(model, 0, range(3)) == ["经营主体0000005", "经营主体0000004", "经营主体0000003"]
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_reload_through_sync_runner_uses_the_runner():
    runner = SyncOpRunner(EventBus())
    model, _source = make_model(50, runner=runner)
    model.reload()
    assert model.rowCount() == 50
    assert runner.labels == [None]


def test_reload_on_reader_pool_drops_stale_results(qtbot):
    # GIVEN a source whose unsorted id query is slow
    runner = OpRunner(EventBus())
    model, source = make_model(100, runner=runner)
    release = threading.Event()
    real_fetch = source.fetch_ids

    def fetch_ids(sort_key, descending):
        if sort_key is None:
            release.wait(2)
            return array("q", [1])
        return real_fetch(sort_key, descending)

    source.fetch_ids = fetch_ids
    try:
        # WHEN the user sorts by 名称 before the first load has returned
        model.reload()
        assert model.is_loading
        with qtbot.waitSignal(model.reloaded, timeout=1500):
            model.sort(0, Qt.SortOrder.AscendingOrder)
        # THEN the sorted ids are shown and the late, older result is ignored
        assert model.rowCount() == 100
        release.set()
        qtbot.waitUntil(lambda: not runner.busy, timeout=1500)
        assert model.rowCount() == 100
        assert model.index(0, 0).data() == "经营主体0000001"
        assert not model.is_loading
    finally:
        release.set()
        runner.shutdown()


def test_failed_async_reload_emits_load_failed(qtbot):
    runner = SyncOpRunner(EventBus())
    model, source = make_model(10, runner=runner)

    def broken(sort_key, descending):
        raise OSError("server gone")

    source.fetch_ids = broken
    with qtbot.waitSignal(model.load_failed) as blocker:
        model.reload()
    assert isinstance(blocker.args[0], OSError)
    assert not model.is_loading


@pytest.mark.parametrize("descending", [False, True])
def test_sort_before_first_load_applies_to_it(descending):
    model, source = make_model(20)
    model.sort(-1, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
    model.reload_sync()
    assert source.id_calls == [(None, descending)]
    assert model.id_at(0) == (20 if descending else 1)


class FilteredSource(FakeSource):
    """A source under a filter (the ``Rows`` contract): ``flt`` is the largest id shown."""

    def __init__(self, n: int, *, first_ids: bool) -> None:
        super().__init__(n)
        self.filters: list[int] = []
        self.first_calls: list[tuple[str | None, bool, int]] = []
        if first_ids:
            self.fetch_first_ids = self._fetch_first_ids

    def with_filter(self, flt: int) -> FilteredSource:
        self.filters.append(flt)
        self.n = flt
        return self

    def _fetch_first_ids(self, sort_key: str | None, descending: bool, limit: int) -> array:
        self.first_calls.append((sort_key, descending, limit))
        return self.fetch_ids(sort_key, descending)[:limit]


class DeferredRunner:
    """Keeps each read until ``step()`` runs it (the reader pool, one result at a time)."""

    def __init__(self) -> None:
        self.jobs: list = []

    def run_read(self, fn, *, on_done=None, on_error=None, **_kwargs) -> None:
        self.jobs.append((fn, on_done))

    def step(self) -> None:
        fn, on_done = self.jobs.pop(0)
        on_done(fn(None))


def test_apply_shows_the_first_page_before_the_whole_list(qtbot):
    # GIVEN a big filtered list whose source can fetch its first page quickly
    runner = DeferredRunner()
    source = FilteredSource(10_000, first_ids=True)
    model = LazyTableModel(COLUMNS, source, runner=runner)
    model.sort(0, Qt.SortOrder.DescendingOrder)  # (no runner job: nothing loaded yet)
    runner.jobs.clear()
    reloaded = []
    model.reloaded.connect(lambda: reloaded.append((model.rowCount(), model.is_loading)))
    # WHEN a filter is applied
    model.apply(5_000)
    assert source.filters == [5_000] and model.rowCount() == 0  # nothing on the GUI thread
    runner.step()
    # THEN the first page shows in the current sort order while the rest is fetched
    assert reloaded == [(PAGE_SIZE, True)]
    assert source.first_calls == [("name", True, PAGE_SIZE)]
    assert model.index(0, 0).data() == "经营主体0005000"
    runner.step()
    assert reloaded[-1] == (5_000, False)
    assert source.id_calls[-1] == ("name", True)


def test_apply_of_a_short_list_needs_one_query_and_drops_stale_pages():
    runner = DeferredRunner()
    source = FilteredSource(1000, first_ids=True)
    model = LazyTableModel(COLUMNS, source, runner=runner)
    model.apply(900)
    model.apply(40)  # typed on before the first answer came
    runner.step()  # the stale first page of 900: dropped
    assert model.rowCount() == 0 and model.is_loading
    runner.step()
    assert model.rowCount() == 40 and not model.is_loading and runner.jobs == []


def test_apply_without_first_ids_reloads_once():
    runner = SyncOpRunner(EventBus())
    source = FilteredSource(100, first_ids=False)
    model = LazyTableModel(COLUMNS, source, runner=runner)
    model.apply(30)
    assert model.rowCount() == 30 and source.id_calls == [(None, False)]
    assert model.source is source and runner.labels == [None]


def test_row_values_are_the_source_tuples():
    model, _ = make_model(10)
    model.reload_sync()
    assert model.row_values(0) == make_row(1) and model.row_values(10) is None
