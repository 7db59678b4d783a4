"""常用筛选 (saved views) of the entity list: the 常用筛选 button's menu — apply, save the
current search and filters under a name (asks before replacing one), delete. Each user's own
views, stored by ``SavedViewService``. GUI thread only."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QPushButton

from station_app.domain.entities import EntityFilter
from station_app.ui.errors import show_error
from station_app.ui.screens.entities import labels as L

EntitiesPage = Any  # page.EntitiesPage, which imports this module: not imported back

VIEW_SCREEN = "entities"


class SavedViews:
    """The 常用筛选 button (``button``) and its menu (``menu``, filled when it opens)."""

    def __init__(self, page: EntitiesPage) -> None:
        self.page = page
        self.service = page.ui.services.saved_views
        self.button = QPushButton(L.VIEWS, page)
        self.button.setObjectName("savedViews")
        self.button.setToolTip(L.VIEWS_TIP)
        self.menu = QMenu(self.button)
        self.menu.aboutToShow.connect(self.fill_menu)
        self.button.setMenu(self.menu)

    def fill_menu(self) -> None:
        menu = self.menu
        menu.clear()
        try:
            views = self.service.list(VIEW_SCREEN)
        except Exception as exc:
            show_error(self.page, exc)
            return
        for view in views:
            menu.addAction(view.name, lambda v=view: self.apply(v))
        if not views:
            menu.addAction(L.VIEWS_NONE).setEnabled(False)
        menu.addSeparator()
        menu.addAction(L.VIEWS_SAVE, self._on_save_triggered)
        delete = menu.addMenu(L.VIEWS_DELETE)
        delete.setEnabled(bool(views))
        for view in views:
            delete.addAction(view.name, lambda v=view: self.delete(v))

    def apply(self, view) -> None:
        """Show the list as the saved view describes it."""
        page = self.page
        flt = EntityFilter.from_criteria(view.criteria)
        combos = {key: getattr(flt, name) for key, name in page.FILTER_FIELDS.items()}
        missing = page.set_filters(combos, flt.text)
        page.view_name = view.name
        page.apply_filter()
        if missing:
            what = L.NAME_SEP.join(L.FILTERS[k] for k in missing)
            QMessageBox.information(page, L.VIEWS, L.VIEWS_MISSING.format(view.name, what))

    def _on_save_triggered(self) -> None:
        name, ok = QInputDialog.getText(self.page, L.VIEWS_NAME_TITLE, L.VIEWS_NAME_PROMPT)
        if ok:
            self.save(name)

    def save(self, name: str) -> None:
        """Save the current search and filters as ``name`` (asks before replacing one)."""
        page, views = self.page, self.service
        name = " ".join(name.split())
        exists = any(v.name == name for v in views.list(VIEW_SCREEN))
        if exists and not self._confirm(L.VIEWS_REPLACE.format(name)):
            return
        criteria = page.current_filter().criteria()
        page.ui.ops.run_write(
            lambda _p: views.save(VIEW_SCREEN, name, criteria, replace=exists),
            on_done=self._on_saved,
            on_error=lambda exc: show_error(page, exc, L.VIEWS_NAME_TITLE),
        )

    def _on_saved(self, result) -> None:
        self.page.view_name = result[0].name
        self.page.update_count()

    def delete(self, view) -> None:
        if self._confirm(L.VIEWS_DELETE_CONFIRM.format(view.name)):
            views = self.service
            self.page.ui.ops.run_write(lambda _p: views.delete(view.id), parent=self.page)

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self.page, L.VIEWS, text)
        return answer == QMessageBox.StandardButton.Yes
