"""经营主体: the entity registry list (DESIGN §5 lazy list) with search, filters, counts and saved
filters (常用筛选), on :class:`~station_app.ui.screens.list_page.ListPage`.

Keyboard: Ctrl+F search, Ctrl+N new, Enter/double-click open the card, F5 refresh.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
)

from station_app.domain.entities import (
    ENTITY_TYPES,
    GRADES,
    INDUSTRIES,
    LIST_COLUMNS,
    STATUSES,
    TAGS,
    EntityFilter,
)
from station_app.services.base import Changes
from station_app.ui.errors import show_error
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, Column
from station_app.ui.screens.entities import labels as L
from station_app.ui.screens.entities.first_day import FirstDayPanel
from station_app.ui.screens.entities.saved_views import SavedViews
from station_app.ui.screens.list_page import ListPage, MenuAction
from station_app.ui.widgets.dates import format_date
from station_app.ui.widgets.files import ask_save_xlsx

_CENTRED = {"status", "credit_class", "local_grade"}
_UNSORTABLE = {"legal_rep", "phone", "address", "industries"}
COLUMNS = tuple(
    Column(
        key,
        L.COLUMN_LABELS[key],
        alignment=ALIGN_CENTER if key in _CENTRED else ALIGN_LEFT,
        formatter=format_date if key == "registered_on" else None,
        sortable=key not in _UNSORTABLE,
    )
    for key in LIST_COLUMNS
)
WIDTHS = (15, 12, 6, 6, 7.5, 16, 9, 9, 3.5, 6.5, 6.5, 5)  # in Chinese characters
# filter combo → EntityFilter field (what a saved view, 常用筛选, stores)
FILTER_FIELDS = {
    "grid": "grid_id",
    "type": "entity_type",
    "industry": "industry",
    "status": "status",
    "grade": "grade",
    "tag": "tag",
    "licence": "expiring_days",
}
FILTERS_PER_ROW = 4


def _choices(values) -> list[tuple[str, object]]:
    return [(L.ALL, None), *((v, v) for v in values)]


class EntitiesPage(ListPage):
    """GUI thread only. ``view_name`` is the saved view shown, until a filter is changed."""

    FILTER_FIELDS = FILTER_FIELDS
    COUNT_TEXT = L.COUNT
    COUNT_MORE_TEXT = L.COUNT_MORE
    LOADING_TEXT = L.LOADING
    LOAD_FAILED_TEXT = L.LOAD_FAILED

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.service = ui.services.entities
        self.view_name = ""
        self.views = SavedViews(self)
        self.views_menu = self.views.menu
        self.body.addLayout(self._toolbar())
        self.body.addLayout(self._filter_rows())
        self.first_day = FirstDayPanel(self)
        self.body.addWidget(self.first_day)
        rows = self.service.rows()
        self.body.addWidget(
            self.make_table(rows, COLUMNS, name="entityTable", widths_em=WIDTHS, single=False), 1
        )
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_entity)
        self.apply_filter()

    # -- layout ---------------------------------------------------------------------------------
    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.make_search("entitySearch", L.SEARCH_PLACEHOLDER), 1)
        row.addWidget(self.views.button)
        auth = self.ui.app.auth
        for text, slot, allowed in (
            (L.NEW, self.new_entity, auth.can("entities.edit")),
            (L.IMPORT, self.open_import, auth.can("entities.import")),
            (L.EXPORT, lambda: self.export(selection=False), auth.can("data.export")),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            button.setEnabled(allowed)
            row.addWidget(button)
        return row

    def _filter_rows(self) -> QHBoxLayout:
        grids = [(L.ALL, None), *((g.label, g.id) for g in self.service.grids())]
        for key, items in (
            ("grid", grids),
            ("type", _choices(ENTITY_TYPES)),
            ("industry", _choices(INDUSTRIES)),
            ("status", _choices(STATUSES)),
            ("grade", _choices(GRADES)),
            ("tag", _choices(TAGS)),
            ("licence", list(L.EXPIRING)),
        ):
            self.make_filter(key, items, compact=True)
        grid = QGridLayout()  # two rows of filters: the page must fit a 1280-pixel screen
        for n, (key, combo) in enumerate(self.filters.items()):
            label = QLabel(L.FILTER_LABEL.format(L.FILTERS[key]), self)
            label.setBuddy(combo)
            grid.addWidget(label, n // FILTERS_PER_ROW, 2 * (n % FILTERS_PER_ROW))
            grid.addWidget(combo, n // FILTERS_PER_ROW, 2 * (n % FILTERS_PER_ROW) + 1)
        clear = QPushButton(L.CLEAR, self)
        clear.clicked.connect(self.clear_filters)
        grid.addWidget(clear, 1, 6, 1, 2)
        row = QHBoxLayout()
        row.addLayout(grid)
        row.addStretch(1)
        row.addWidget(self.make_count("entityCount"), 0, Qt.AlignmentFlag.AlignBottom)
        return row

    # -- filtering ------------------------------------------------------------------------------
    def current_filter(self) -> EntityFilter:
        values = {FILTER_FIELDS[k]: c.currentData() for k, c in self.filters.items()}
        return EntityFilter(text=self.search.text().strip(), **values)

    def set_filters(self, values: dict[str, object], text: str = "") -> list[str]:
        """Set the combos (key → data) and the search text without re-querying in between;
        returns the keys whose value is no longer offered (e.g. a deleted grid)."""
        missing = []
        for key, combo in self.filters.items():
            value = values.get(key)
            index = combo.findData(value) if value is not None else 0
            if index < 0:
                missing.append(key)
            combo.blockSignals(True)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self.search.setText(text)
        self.view_name = ""
        return missing

    def _on_filter_changed(self, index: int) -> None:
        self.view_name = ""  # changed by hand: no longer the saved view
        super()._on_filter_changed(index)

    def _on_search_text_edited(self, text: str) -> None:
        self.view_name = ""
        super()._on_search_text_edited(text)

    def clear_filters(self) -> None:
        self.set_filters({})
        self.apply_filter()

    def filter_to(self, criteria: dict) -> None:
        """From the dashboard: ``{"licence_days": 30}``, ``{"grade": "D"}``, ``{"grid": id}``."""
        wanted = {
            "licence": criteria.get("licence_days"),
            "grade": criteria.get("grade"),
            "grid": criteria.get("grid"),
        }
        self.set_filters(wanted)
        self.apply_filter()

    def count_text(self) -> str:
        text = super().count_text()
        if self.view_name and not self.model.is_loading:
            text += L.VIEWS_APPLIED.format(self.view_name)
        return text

    # -- saved views (常用筛选): see saved_views.SavedViews ----------------------------------------
    def _fill_views_menu(self) -> None:
        self.views.fill_menu()

    def apply_view(self, view) -> None:
        self.views.apply(view)

    def save_view(self, name: str) -> None:
        self.views.save(name)

    def delete_view(self, view) -> None:
        self.views.delete(view)

    # -- actions --------------------------------------------------------------------------------
    def open_record(self, record_id: int) -> None:
        self.open_card(record_id)

    def open_card(self, entity_id: int | None) -> None:
        if entity_id is None:
            return
        from station_app.ui.screens.entities.card import EntityCardDialog

        try:
            self.card = self.ui.windows.show(
                "entity", entity_id, lambda: EntityCardDialog(self.ui, entity_id, self)
            )
        except Exception as exc:
            show_error(self, exc)

    def new_entity(self) -> None:
        if not self.ui.app.auth.can("entities.edit"):
            return
        from station_app.ui.screens.entities.edit_dialog import EntityEditDialog

        self.editor = EntityEditDialog(self.ui, None, self)
        self.editor.open()

    def edit_entity(self, entity_id: int) -> None:
        from station_app.ui.screens.entities.edit_dialog import EntityEditDialog

        try:
            card = self.service.get(entity_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.editor = EntityEditDialog(self.ui, card.data, self, phone_masked=card.phone_masked)
        self.editor.open()

    def delete_entity(self, entity_id: int) -> None:
        row = self.model.source.fetch_rows([entity_id]).get(entity_id)
        if row is None:
            return
        try:  # the version the user confirms: a save from another PC meanwhile is a conflict
            version = self.service.get(entity_id).data.version
        except Exception as exc:
            show_error(self, exc)
            return
        text = L.DELETE_CONFIRM.format(row[0])
        if QMessageBox.question(self, L.DELETE_TITLE, text) != QMessageBox.StandardButton.Yes:
            return
        reason, ok = QInputDialog.getText(self, L.DELETE_REASON_TITLE, L.DELETE_REASON)
        if ok:
            service = self.service
            self.ui.ops.run_write(
                lambda _p: service.delete(entity_id, version, reason.strip()), parent=self
            )

    def open_import(self) -> None:
        from station_app.ui.screens.entities.import_wizard import ImportWizard

        self.wizard = ImportWizard(self.ui, self)
        self.wizard.open()

    def export(self, selection: bool) -> None:
        ids = self.export_ids(
            selection
        )  # None: the full list is not there yet (the service queries it)
        target = ask_save_xlsx(self, L.EXPORT_TITLE, L.EXPORT_FILE)
        if target is not None:
            self.export_to(target, ids)

    def export_to(self, path: Path, ids: list[int] | None) -> None:
        service, flt = self.service, self.current_filter()
        note = L.EXPORT_MASK_NOTE if self.model.source.mask else ""
        self.ui.ops.run_write(
            lambda p: service.export(path, flt, ids, p),
            on_done=lambda n: QMessageBox.information(
                self, L.EXPORT_DONE, L.EXPORTED.format(n, path) + note
            ),
            progress_label=L.EXPORTING,
            parent=self,
        )

    def context_actions(self, record_id: int) -> list[MenuAction]:
        row = self.model.source.fetch_rows([record_id]).get(record_id)
        auth = self.ui.app.auth
        clipboard = QGuiApplication.clipboard()
        copy: list[MenuAction] = []
        if row:
            copy.append((L.MENU_COPY_NAME, lambda: clipboard.setText(row[0]), True))
            copy.append((L.MENU_COPY_CODE, lambda: clipboard.setText(row[1]), bool(row[1])))
        return [
            (L.MENU_OPEN, lambda: self.open_card(record_id), True),
            (L.MENU_EDIT, lambda: self.edit_entity(record_id), auth.can("entities.edit")),
            None,
            *copy,
            (L.MENU_EXPORT_SELECTION, lambda: self.export(selection=True), auth.can("data.export")),
            None,
            (L.MENU_DELETE, lambda: self.delete_entity(record_id), auth.can("records.delete")),
        ]

    # -- Page -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.model.source.forget_grid_labels()
        self.apply_filter()

    def _on_reloaded(self) -> None:
        super()._on_reloaded()
        if not self.model.is_loading and (self.model.rowCount() == 0 or self.first_day.isVisible()):
            self.first_day.check()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("grid", "*"):
            self.model.source.forget_grid_labels()
        self.refresh_or_reload(changes, "entity")


PAGE_CLASS = EntitiesPage
