"""预警信号: the flags raised by the price rules, filtered by state and text, with the selected
flag's explanation and the handling steps (提醒告诫 with its 告诫书, 核查, 合理, 转办), 打印日报 (the day's report)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton

from station_app.domain.prices import flags as states
from station_app.domain.prices.lists import FLAG_COLUMNS, FlagFilter
from station_app.services.base import Changes
from station_app.services.prices import KIND_FLAG, FlagView
from station_app.ui.models.lazy_table import ALIGN_CENTER, ALIGN_LEFT, ALIGN_RIGHT, Column
from station_app.ui.screens.list_page import ListPage
from station_app.ui.screens.prices import labels as L
from station_app.ui.screens.prices.format import ratio_text, yuan_cell
from station_app.ui.widgets.dates import format_date
from station_app.ui.widgets.files import open_pdf_preview, temp_pdf

_FORMAT = {"day": format_date, "price": yuan_cell, "baseline": yuan_cell, "ratio": ratio_text}
_ALIGN = {
    "price": ALIGN_RIGHT,
    "baseline": ALIGN_RIGHT,
    "ratio": ALIGN_RIGHT,
    "state": ALIGN_CENTER,
}
COLUMNS = tuple(
    Column(
        key,
        L.FLAG_COLUMNS[key],
        alignment=_ALIGN.get(key, ALIGN_LEFT),
        formatter=_FORMAT.get(key),
        sortable=key in ("day", "price", "ratio", "state"),
    )
    for key in FLAG_COLUMNS
)
WIDTHS = (6, 6, 12, 5, 5, 3.5, 10, 4, 12)  # 说明 stretches; its tooltip and the detail show it all


class FlagsTab(ListPage):
    """GUI thread only. ``current`` is the selected flag."""

    COUNT_TEXT = L.FLAG_COUNT

    def __init__(self, ui, parent=None) -> None:
        super().__init__(ui, None, parent)
        self.svc = ui.services.prices
        self.current: FlagView | None = None
        self.preview = None
        row = QHBoxLayout()
        row.addWidget(self.make_search("flagSearch", L.FLAG_SEARCH), 1)
        row.addWidget(self.make_filter("state", L.FLAG_STATES))
        refresh = QPushButton(L.REEVALUATE, self)
        refresh.clicked.connect(self.reevaluate)
        refresh.setEnabled(ui.app.auth.can("prices.observe"))
        row.addWidget(refresh)
        daily = QPushButton(L.PRINT_DAILY, self)
        daily.setObjectName("flagDaily")
        daily.clicked.connect(self.print_daily)
        row.addWidget(daily)
        self.body.addLayout(row)
        table = self.make_table(self.svc.flag_rows(), COLUMNS, name="flagTable", widths_em=WIDTHS)
        table.horizontalHeader().setStretchLastSection(True)  # 说明 takes what is left, elided
        table.selectionModel().currentRowChanged.connect(lambda *_: self._select())
        self.body.addWidget(table, 1)
        self.detail = QLabel(L.NO_FLAG, self)
        self.detail.setObjectName("flagDetail")
        self.detail.setWordWrap(True)
        self.body.addWidget(self.detail)
        self.body.addLayout(self._actions())
        self.body.addWidget(self.make_count("flagCount"))
        self.apply_filter()

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            (states.WARN, L.WARN, self.warn),
            (states.CHECK, L.CHECK, self.check),
            (states.MARK_REASONABLE, L.REASONABLE, self.reasonable),
            (states.REFER, L.REFER, self.refer),
            ("letter", L.PRINT_LETTER, self.print_letter),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"flag_{key}")
            button.clicked.connect(slot)
            button.setEnabled(False)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        return row

    def current_filter(self) -> FlagFilter:
        return FlagFilter(state=self.filters["state"].currentData(), text=self.search.text())

    def filter_to(self, criteria: dict) -> None:
        state = criteria.get("state", "open")
        index = self.filters["state"].findData(state)
        if index >= 0:
            self.filters["state"].setCurrentIndex(index)
        self.apply_filter()

    def _select(self) -> None:
        flag_id = self.current_id()
        if flag_id is None:
            self.current = None
            self._show()
            return
        self.ui.ops.run_read(lambda _p: self.svc.flag(flag_id), on_done=self._loaded, parent=self)

    def _loaded(self, flag: FlagView) -> None:
        self.current = flag
        self._show()

    def _show(self) -> None:
        f = self.current
        can = self.ui.app.auth.can("prices.handle")
        allowed = {a.name for a in states.possible(f.state)} if f else set()
        for key, button in self.buttons.items():
            ok = f is not None and (f.letter_id is not None if key == "letter" else key in allowed)
            button.setEnabled(ok and (can or key == "letter"))
        if f is None:
            self.detail.setText(L.NO_FLAG)
            return
        extra = "".join(
            L.DETAIL_PART.format(text) for text in (f.check_note, f.reason, f.refer_ref) if text
        )
        self.detail.setText(
            L.FLAG_DETAIL.format(
                subject=f"{f.entity_name} {f.subject}",
                day=f.day.isoformat(),
                price=yuan_cell(f.price_fen).lstrip("¥"),
                explanation=f.explanation,
                state=f.state,
                extra=extra,
            )
        )

    # ---- steps ---------------------------------------------------------------------------

    def _ask(self, title: str, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, prompt)
        return text if ok else None

    def _run(self, call) -> None:  # type: ignore[no-untyped-def]
        self.ui.ops.run_write(lambda _p: call(), on_done=lambda r: self._loaded(r[0]), parent=self)

    def check(self) -> None:
        f = self.current
        note = self._ask(L.CHECK_TITLE, L.CHECK_PROMPT) if f else None
        if f and note is not None:
            self._run(lambda: self.svc.check(f.id, f.version, note))

    def reasonable(self) -> None:
        f = self.current
        reason = self._ask(L.REASONABLE_TITLE, L.REASONABLE_PROMPT) if f else None
        if f and reason is not None:
            self._run(lambda: self.svc.reasonable(f.id, f.version, reason))

    def refer(self) -> None:
        f = self.current
        if f is None:
            return
        kind, ok = QInputDialog.getItem(
            self, L.REFER_TITLE, L.REFER_KIND, list(states.REFER_KINDS), 0, False
        )
        ref = self._ask(L.REFER_TITLE, L.REFER_REF) if ok else None
        if ref is not None:
            self._run(lambda: self.svc.refer(f.id, f.version, kind, ref))

    def warn(self) -> None:
        f = self.current
        if f is None:
            return
        served_to = self._ask(L.WARN_TITLE, L.WARN_TO)
        if served_to is None:
            return
        way, ok = QInputDialog.getItem(
            self, L.WARN_TITLE, L.WARN_WAY, list(states.SERVE_WAYS), 0, False
        )
        if ok:
            self.ui.ops.run_write(
                lambda _p: self.svc.warn([f.id], served_to, way),
                on_done=lambda r: self._warned(r[0].id),
                parent=self,
            )

    def _warned(self, letter_id: int) -> None:
        self._select()
        self._print(letter_id)

    def print_letter(self) -> None:
        if self.current is not None and self.current.letter_id is not None:
            self._print(self.current.letter_id)

    def _print(self, letter_id: int) -> None:
        out = temp_pdf(L.LETTER_FILE)
        self.ui.ops.run_write(
            lambda _p: self.svc.print_letter(letter_id, out),
            on_done=lambda r: setattr(
                self, "preview", open_pdf_preview(self, r[0], L.PRINT_LETTER)
            ),
            parent=self,
        )

    def print_daily(self) -> None:
        """节日价格监测日报 of today (or the last day with data), in the preview."""
        out = temp_pdf(L.DAILY_FILE)
        self.ui.ops.run_write(
            lambda _p: self.svc.print_daily(None, out),
            on_done=lambda r: setattr(self, "preview", open_pdf_preview(self, r[0], L.PRINT_DAILY)),
            parent=self,
        )

    def reevaluate(self) -> None:
        self.ui.ops.run_write(lambda _p: self.svc.refresh(), parent=self)

    def on_changes(self, changes: Changes) -> None:
        self.refresh_or_reload(changes, KIND_FLAG)
