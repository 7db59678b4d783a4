"""设置 → 违法行为类型: the station's violation types (with their provisions) above, the selected
type's 首违不罚 / 轻微免罚 listings below; 新建/编辑类型, 新建清单事项 and 终止清单事项 are forms
over ``services.violations`` (``violations.types``: 所长、管理员). GUI thread only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.violations import types as vt
from station_app.services.base import Changes
from station_app.services.violations import TypeDraft
from station_app.ui.screens.violations import labels as L
from station_app.ui.widgets.forms import Field, FormDialog
from station_app.ui.widgets.tables import fill_table, readonly_table, row_data, set_widths_em

TYPE_WIDTHS = (8.5, 16, 4.5, 12, 12, 7, 3.5)  # in Chinese characters
LISTING_WIDTHS = (5, 11, 20, 3, 6, 6)

CATEGORY_CHOICES = tuple((c, c) for c in vt.CATEGORIES)
KIND_CHOICES = tuple((label, code) for code, label in vt.LIST_KINDS.items())
TYPE_FIELDS = (
    Field("code", L.F_CODE, placeholder=L.F_CODE_HINT),
    Field("name", L.F_NAME),
    Field("category", L.F_CATEGORY, "combo", CATEGORY_CHOICES),
    Field("provision", L.F_PROVISION, "multiline", height=50),
    Field("basis", L.F_PENALTY_BASIS, "multiline", height=50),
    Field("active", L.F_ACTIVE, "check", placeholder=L.F_ACTIVE_TEXT),
    Field("note", L.F_NOTE),
)
LISTING_FIELDS = (
    Field("list_kind", L.F_LIST_KIND, "combo", KIND_CHOICES),
    Field("document", L.F_DOCUMENT, placeholder=L.F_DOCUMENT_HINT),
    Field("list_name", L.F_LIST_NAME),
    Field("item_no", L.F_ITEM_NO, "number", (1, 999, 1)),
    Field("effective_from", L.F_FROM, "date"),
    Field("effective_to", L.F_TO, "optdate"),
    Field("conditions", L.F_CONDITIONS, "multiline", placeholder=L.F_CONDITIONS_HINT, height=80),
)
END_FIELDS = (
    Field("on", L.F_END_ON, "date"),
    Field("reason", L.F_END_REASON, placeholder=L.F_END_REASON_HINT),
)


class ViolationTypesTab(QWidget):
    """Some dozens of types with a few listings each: plain tables are right here."""

    def __init__(self, ui, parent=None) -> None:
        super().__init__(parent)
        self.ui, self.svc, self.dialog = ui, ui.services.violations, None
        self.types: dict[int, object] = {}
        self.listings: dict[int, object] = {}
        lay = QVBoxLayout(self)
        note = QLabel(L.TYPES_NOTE, self)
        note.setWordWrap(True)
        lay.addWidget(note)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.table = readonly_table(L.TYPES_HEAD, parent=self, single=True)
        self.table.setObjectName("violationTypeTable")
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.itemSelectionChanged.connect(self.show_listings)
        split.addWidget(self.table)
        split.addWidget(self._listing_panel())
        split.setSizes([360, 220])
        lay.addWidget(split, 1)
        lay.addLayout(self._buttons())
        ui.bus.changed.connect(self._on_changes)
        self.load()

    def _listing_panel(self) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.listing_title = QLabel(L.NO_TYPE, box)
        lay.addWidget(self.listing_title)
        self.listing_table = readonly_table(L.LISTINGS_HEAD, parent=box, single=True)
        self.listing_table.setObjectName("leniencyListingTable")
        self.listing_table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.listing_table, 1)
        return box

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        can = self.ui.app.auth.can("violations.types")
        self.buttons = {}
        for key, text, slot in (
            ("new_type", L.NEW_TYPE, self.new_type),
            ("edit_type", L.EDIT_TYPE, self.edit_type),
            ("new_listing", L.NEW_LISTING, self.new_listing),
            ("end_listing", L.END_LISTING, self.end_listing),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"violationTypes_{key}")
            button.clicked.connect(slot)
            button.setEnabled(can)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        return row

    # -- showing -----------------------------------------------------------------------------
    def load(self) -> None:
        chosen = self.current_type()
        views = self.svc.types(include_inactive=True)
        self.types = {v.id: v for v in views}
        rows = [(v.type.code, v.type.name, v.type.category, v.type.provision, v.type.basis,
                 L.LIST_SEP.join(sorted({x.kind_label for x in v.listings})), L.ACTIVE[v.type.active])
                for v in views]  # fmt: skip
        fill_table(self.table, rows, ids=[v.id for v in views], fit=False)
        set_widths_em(self.table, TYPE_WIDTHS)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        ids = [v.id for v in views]
        if ids:
            self.table.selectRow(ids.index(chosen.id) if chosen is not None and chosen.id in ids
                                 else 0)  # fmt: skip
        self.show_listings()

    def current_type(self):
        return self.types.get(row_data(self.table))  # type: ignore[arg-type]

    def current_listing(self):
        return self.listings.get(row_data(self.listing_table))  # type: ignore[arg-type]

    def show_listings(self) -> None:
        t = self.current_type()
        views = self.svc.listings_of(t.type.code) if t is not None else []
        self.listings = {v.id: v for v in views}
        self.listing_title.setText(L.LISTINGS_OF.format(name=t.type.name) if t else L.NO_TYPE)
        rows = [(x.kind_label, x.document, x.list_name, x.item_no, x.effective_from,
                 x.effective_to or L.OPEN_END, L.CONDITION_SEP.join(x.conditions))
                for x in (v.listing for v in views)]  # fmt: skip
        fill_table(self.listing_table, rows, ids=[v.id for v in views], fit=False)
        set_widths_em(self.listing_table, LISTING_WIDTHS)

    # -- forms -------------------------------------------------------------------------------
    def new_type(self) -> None:
        self._type_form({"active": True, "category": vt.CATEGORIES[-1]}, 0, 0)

    def edit_type(self) -> None:
        t = self.current_type()
        if t is not None:
            x = t.type
            values = {"code": x.code, "name": x.name, "category": x.category,
                      "provision": x.provision, "basis": x.basis, "active": x.active,
                      "note": x.note}  # fmt: skip
            self._type_form(values, t.id, t.version)

    def _type_form(self, values: dict, type_id: int, version: int) -> None:
        def submit(v: dict) -> None:
            draft = TypeDraft(vt.ViolationType(v["code"], v["name"], v["category"], v["provision"],
                                               v["basis"], bool(v["active"]), v["note"]),
                              type_id, version)  # fmt: skip
            form.run_save(self.ui.ops, lambda: self.svc.save_type(draft))

        form = FormDialog(L.TYPE_TITLE, TYPE_FIELDS, submit, self, values, L.TYPE_INTRO,
                          name="violationTypeDialog")  # fmt: skip
        form.resize(620, 520)
        form.open()
        self.dialog = form

    def new_listing(self) -> None:
        t = self.current_type()
        if t is None:
            return

        def submit(v: dict) -> None:
            conditions = tuple(c for c in v["conditions"].splitlines() if c.strip())
            listing = vt.Listing(t.type.code, v["list_kind"], v["document"], v["list_name"],
                                 int(v["item_no"]), v["effective_from"], v["effective_to"],
                                 conditions)  # fmt: skip
            form.run_save(self.ui.ops, lambda: self.svc.add_listing(listing))

        start = {"list_kind": vt.FIRST, "effective_from": self.ui.services.clock.today(),
                 "item_no": 1}  # fmt: skip
        form = FormDialog(L.LISTING_TITLE, LISTING_FIELDS, submit, self, start,
                          L.LISTING_INTRO.format(name=t.type.name), name="listingDialog")  # fmt: skip
        form.resize(620, 520)
        form.open()
        self.dialog = form

    def end_listing(self) -> None:
        view = self.current_listing()
        if view is None:
            return

        def submit(v: dict) -> None:
            call = lambda: self.svc.end_listing(view.id, view.version, v["on"], v["reason"])  # noqa: E731
            form.run_save(self.ui.ops, call)

        form = FormDialog(L.END_TITLE, END_FIELDS, submit, self,
                          {"on": self.ui.services.clock.today()},
                          L.END_INTRO.format(citation=view.listing.citation()),
                          name="endListingDialog")  # fmt: skip
        form.open()
        self.dialog = form

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("violation_type", "leniency_listing", "*"):
            self.load()
