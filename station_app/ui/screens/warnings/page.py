"""预警: the warning list (complaint clusters, prepaid-card risk, 涉老 marketing, licences), the
selected warning's plain explanation, 确认 and 处置, one step to a work order, a campaign or a
draft consumer notice (the warning 已处置 and linked), and 立即检查 (the scan on demand)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton

from station_app.domain.warnings.lists import LIST_COLUMNS, WarningFilter
from station_app.domain.warnings.states import NEW, RESOLVED
from station_app.services.base import Changes
from station_app.services.warnings import KIND, WarningView
from station_app.ui.formatting import local_time
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, Column
from station_app.ui.screens.list_page import ListPage
from station_app.ui.screens.warnings import labels as L


def _time(value) -> str:  # type: ignore[no-untyped-def]
    return local_time(value).strftime("%Y-%m-%d %H:%M")


def _active(value) -> str:  # type: ignore[no-untyped-def]
    return L.STILL if value else L.GONE


_FORMAT = {"first_seen_at": _time, "active": _active}
COLUMNS = tuple(
    Column(key, L.COLUMNS[key], alignment=ALIGN_LEFT if key == "title" else ALIGN_CENTER,
           formatter=_FORMAT.get(key), sortable=key in ("first_seen_at", "kind", "level", "state"))
    for key in LIST_COLUMNS
)  # fmt: skip
WIDTHS = (9, 9, 3, 36, 4, 4, 5)


class WarningsPage(ListPage):
    """GUI thread only. ``current`` is the selected warning."""

    COUNT_TEXT = L.COUNT

    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.svc = ui.services.warnings
        self.current: WarningView | None = None
        can = ui.app.auth.can("warnings.handle")
        row = QHBoxLayout()
        row.addWidget(self.make_search("warningSearch", L.SEARCH), 1)
        row.addWidget(self.make_filter("state", L.STATES))
        row.addWidget(self.make_filter("kind", L.KINDS))
        row.addWidget(self.make_filter("active", L.ACTIVE))
        self.scan_button = self._button(row, L.SCAN, self.scan, "warningScan", can)
        self.body.addLayout(row)
        table = self.make_table(self.svc.rows(), COLUMNS, name="warningTable", widths_em=WIDTHS)
        table.selectionModel().currentRowChanged.connect(lambda *_: self._select())
        self.body.addWidget(table, 1)
        self.detail = QLabel(L.NO_SELECTION, self)
        self.detail.setObjectName("warningDetail")
        self.detail.setWordWrap(True)
        self.body.addWidget(self.detail)
        actions = QHBoxLayout()
        self.ack_button = self._button(actions, L.ACK, self.ack, "warningAck", False)
        self.resolve_button = self._button(
            actions, L.RESOLVE, self.resolve, "warningResolve", False
        )
        self.step_buttons = [
            self._button(actions, L.TO_ORDER, self.to_order, "warningToOrder", False),
            self._button(actions, L.TO_CAMPAIGN, self.to_campaign, "warningToCampaign", False),
            self._button(actions, L.TO_NOTICE, self.to_notice, "warningToNotice", False),
        ]
        actions.addStretch(1)
        actions.addWidget(self.make_count("warningCount"))
        self.body.addLayout(actions)
        self.can_handle = can
        self.apply_filter()

    def _button(self, row, text, slot, name, enabled) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setEnabled(enabled)
        row.addWidget(button)
        return button

    def current_filter(self) -> WarningFilter:
        return WarningFilter(
            state=self.filters["state"].currentData(), kind=self.filters["kind"].currentData(),
            active_only=bool(self.filters["active"].currentData()), text=self.search.text(),
        )  # fmt: skip

    def filter_to(self, criteria: dict) -> None:
        index = self.filters["state"].findData(criteria.get("state", NEW))
        if index >= 0:
            self.filters["state"].setCurrentIndex(index)
        self.apply_filter()

    def _select(self) -> None:
        wid = self.current_id()
        if wid is None:
            self._show(None)
            return
        self.ui.ops.run_read(lambda _p: self.svc.warning(wid), on_done=self._show, parent=self)

    def _show(self, w: WarningView | None) -> None:
        self.current = w
        self.ack_button.setEnabled(bool(w and self.can_handle and w.state == NEW))
        self.resolve_button.setEnabled(bool(w and self.can_handle and w.state != RESOLVED))
        for button in self.step_buttons:
            button.setEnabled(self.resolve_button.isEnabled())
        if w is None:
            self.detail.setText(L.NO_SELECTION)
            return
        extra = L.ACKED.format(w.acked_by, _time(w.acked_at)) if w.acked_at else ""
        if w.resolved_at:
            extra += L.RESOLVED.format(w.resolution, w.resolved_by, w.resolution_note)
        if w.action_ref:
            extra += L.LINKED.format(w.action_ref)
        self.detail.setText(
            L.DETAIL.format(title=w.title, explanation=w.explanation, state=w.state, extra=extra)
        )

    def scan(self) -> None:
        self.ui.ops.run_write(
            lambda _p: self.svc.scan(),
            on_done=lambda r: self.detail.setText(
                L.SCANNED.format(r[0].new, r[0].refreshed, r[0].cleared)
            ),
            parent=self,
        )

    def ack(self) -> None:
        w = self.current
        if w is not None:
            self.ui.ops.run_write(
                lambda _p: self.svc.ack(w.id, w.version),
                on_done=lambda r: self._show(r[0]),
                parent=self,
            )

    def resolve(self) -> None:
        w = self.current
        if w is None:
            return
        action, ok = QInputDialog.getItem(
            self, L.RESOLVE_TITLE, L.RESOLVE_ACTION, list(L.RESOLUTION_CHOICES), 0, False
        )
        note, ok2 = (
            QInputDialog.getText(self, L.RESOLVE_TITLE, L.RESOLVE_NOTE) if ok else ("", False)
        )
        if ok2:
            self.ui.ops.run_write(
                lambda _p: self.svc.resolve(w.id, action, note, w.version),
                on_done=lambda r: self._show(r[0]),
                parent=self,
            )

    # ---- one step: a work order, a campaign, a consumer notice ----------------------------

    def to_order(self) -> None:
        w = self.current
        if w is not None:
            self._step(lambda: self.svc.to_order(w.id, w.version))

    def to_campaign(self) -> None:
        w = self.current
        if w is None:
            return
        name, ok = QInputDialog.getText(self, L.CAMPAIGN_TITLE, L.CAMPAIGN_NAME)
        if ok:
            self._step(lambda: self.svc.to_campaign(w.id, w.version, name=name))

    def to_notice(self) -> None:
        w = self.current
        if w is not None:
            self._step(lambda: self.svc.to_notice(w.id, w.version))

    def _step(self, call) -> None:  # type: ignore[no-untyped-def]
        self.ui.ops.run_write(lambda _p: call(), on_done=lambda r: self._show(r[0]), parent=self)

    def on_changes(self, changes: Changes) -> None:
        self.refresh_or_reload(changes, KIND)


PAGE_CLASS = WarningsPage
