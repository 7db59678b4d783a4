"""The entity card (经营主体卡片): every section of one record — basics with the phone masked,
licences, the grade with its explanation and the manual override, grade history, complaints,
red and black lists, change history. It reloads itself when the entity changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.entities import (
    CREDIT_CLASS_LABELS,
    FIELD_LABELS,
    GRADES,
)
from station_app.domain.grading import GRADE_LABELS
from station_app.services.entities import EntityCard
from station_app.ui.formatting import local_time
from station_app.ui.screens.entities import labels as L
from station_app.ui.widgets.dates import format_date
from station_app.ui.widgets.history import HistoryPanel
from station_app.ui.widgets.personal import PersonalValue
from station_app.ui.widgets.tables import readonly_table

TIME_FORMAT = "%Y-%m-%d %H:%M"
PHONE_ROW = 4  # of the basics: after 法定代表人/经营者


class EntityCardDialog(QDialog):
    """The whole record: basics, licences, grade with its explanation, grade history, history."""

    def __init__(self, ui, entity_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.entity_id = entity_id
        self.setObjectName("entityCard")
        self.resize(820, 600)
        lay = QVBoxLayout(self)
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        lay.addWidget(self.title)
        self.tabs = QTabWidget(self)
        lay.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(L.EDIT, self)
        self.edit_button.clicked.connect(self._on_edit)
        self.edit_button.setEnabled(ui.app.auth.can("entities.edit"))
        close = QPushButton(L.CLOSE, self)
        close.clicked.connect(self.accept)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(close)
        lay.addLayout(buttons)
        self.history = HistoryPanel(ui, "entity", entity_id, FIELD_LABELS, self)
        from station_app.ui.screens.lists.entity_section import EntityListsSection

        self.lists_section = EntityListsSection(ui, entity_id, self)
        from station_app.ui.screens.complaints.entity_section import EntityComplaintsSection

        self.complaints_section = EntityComplaintsSection(ui, entity_id, self)
        from station_app.ui.screens.visits.entity_section import (
            EntityEnforcementSection,
            EntityVisitsSection,
        )

        self.visits_section = EntityVisitsSection(ui, entity_id, self)
        self.enforcement_section = EntityEnforcementSection(ui, entity_id, self)
        from station_app.ui.screens.patrols.entity_section import EntityPatrolsSection

        self.patrols_section = EntityPatrolsSection(ui, entity_id, self)

        ui.bus.changed.connect(self._on_bus_changed)
        self.load()

    def load(self) -> None:
        card = self.ui.services.entities.get(self.entity_id)
        self.card = card
        d = card.data
        self.setWindowTitle(L.CARD_TITLE.format(d.name))
        self.title.setText(d.name)
        current = self.tabs.currentIndex()
        while self.tabs.count():
            w = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if w not in (self.history, self.lists_section, self.complaints_section,
                         self.visits_section, self.enforcement_section,
                         self.patrols_section):  # fmt: skip
                w.deleteLater()
        self.tabs.addTab(self._basic(card), L.TAB_BASIC)
        self.tabs.addTab(
            self._licences(card), L.TAB_COUNTED.format(L.TAB_LICENCES, len(card.licences))
        )
        self.tabs.addTab(self._grade(card), L.TAB_COUNTED.format(L.TAB_GRADE, card.local_grade))
        self.tabs.addTab(
            readonly_table(
                L.GRADE_HISTORY_HEADERS,
                [
                    (
                        local_time(h.at).strftime(TIME_FORMAT),
                        h.grade,
                        h.score,
                        h.kind,
                        h.reason,
                        h.username,
                    )
                    for h in card.grade_history
                ],
                self,
            ),
            L.TAB_GRADE_HISTORY,
        )
        self.complaints_section.set_entity(d.id)
        self.tabs.addTab(
            self.complaints_section, L.TAB_COMPLAINTS.format(self.complaints_section.count())
        )
        self.lists_section.set_entity(d.id)
        self.tabs.addTab(self.lists_section, L.TAB_LISTS)
        self._add_visit_tabs(d.id)
        self._add_patrols_tab(d.id)
        self.tabs.addTab(self.history, L.TAB_HISTORY)
        self.tabs.setCurrentIndex(max(0, current))

    def _add_visit_tabs(self, entity_id: int) -> None:
        from station_app.ui.screens.visits import labels as VL

        for section, title in ((self.visits_section, VL.CARD_VISITS),
                               (self.enforcement_section, VL.CARD_ENFORCEMENT)):  # fmt: skip
            section.set_entity(entity_id)
            self.tabs.addTab(section, title.format(section.count()))

    def _add_patrols_tab(self, entity_id: int) -> None:
        from station_app.ui.screens.patrols import labels as PL

        self.patrols_section.set_entity(entity_id)
        self.tabs.addTab(self.patrols_section, PL.CARD_TAB.format(self.patrols_section.count()))

    def _basic(self, card: EntityCard) -> QWidget:
        d = card.data
        box = QWidget(self)
        form = QFormLayout(box)
        credit = (
            L.CREDIT_LINE.format(
                d.credit_class,
                CREDIT_CLASS_LABELS[d.credit_class],
                format_date(d.credit_class_on) or L.NO_CREDIT_DATE,
            )
            if d.credit_class
            else L.NOT_CLASSIFIED
        )
        values = (
            d.uscc or L.NONE,
            d.reg_no or L.NONE,
            d.entity_type,
            d.legal_rep,
            d.address,
            card.grid_label or L.NO_GRID,
            L.NAME_SEP.join(d.industries) or L.NOT_FILLED,
            L.NAME_SEP.join(d.tags) or L.NONE,
            format_date(d.registered_on) or L.NO_DATE,
            d.status,
            credit,
            GRADE_LABELS.get(card.local_grade, card.local_grade),
            d.source,
            d.note,
            local_time(card.created_at).strftime(TIME_FORMAT),
        )
        for label, value in zip(L.BASIC_ROWS, values, strict=True):
            text = QLabel(value, box)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setWordWrap(True)
            form.addRow(L.FILTER_LABEL.format(label), text)
        # the card arrives masked; the full value only through the audited service call
        service, entity_id = self.ui.services.entities, self.entity_id
        self.phone_value = PersonalValue(
            d.phone or L.NO_PHONE,
            lambda: service.reveal_personal(entity_id, "phone"),
            allowed=card.phone_masked and self.ui.app.auth.can("personal.unmasked"),
            parent=box,
        )
        self.phone_value.setObjectName("cardPhone")
        self.phone_value.button.setText(L.SHOW_PHONE)
        self.phone_value.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.insertRow(PHONE_ROW, L.PHONE_ROW, self.phone_value)
        return box

    def _licences(self, card: EntityCard) -> QWidget:
        if not card.licences:
            return QLabel(L.NO_LICENCES, self)
        rows = []
        for view in card.licences:
            lic = view.licence
            state = view.state
            if view.days_left is not None and view.state == L.EXPIRING_SOON:
                state = L.EXPIRING_IN.format(view.days_left)
            rows.append(
                (
                    lic.kind,
                    lic.number,
                    format_date(lic.issued_on),
                    format_date(lic.expires_on) or L.NO_EXPIRY,
                    lic.issuer,
                    state,
                )
            )
        return readonly_table(L.LICENCE_HEADERS, rows, self)

    def _grade(self, card: EntityCard) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.addWidget(
            QLabel(
                L.GRADE_LINE.format(card.local_grade, card.grade.score, card.patrol_frequency), box
            )
        )
        if card.grade_override:
            note = QLabel(
                L.GRADE_OVERRIDDEN.format(
                    card.grade_override, card.grade.grade, card.grade_override_reason
                ),
                box,
            )
            note.setWordWrap(True)
            lay.addWidget(note)
        rows = [
            (c.indicator, c.value, f"-{-c.points}" if c.points else "0")
            for c in card.grade.contributions
        ]
        lay.addWidget(readonly_table(L.CONTRIB_HEADERS, rows, box), 1)
        buttons = QHBoxLayout()
        allowed = self.ui.app.auth.can("entities.grade_override")
        override = QPushButton(L.OVERRIDE, box)
        override.setEnabled(allowed)
        override.clicked.connect(self._on_override)
        buttons.addWidget(override)
        if card.grade_override:
            clear = QPushButton(L.CLEAR_OVERRIDE, box)
            clear.setEnabled(allowed)
            clear.clicked.connect(lambda: self._override(None))
            buttons.addWidget(clear)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        return box

    def _on_override(self) -> None:
        grade, ok = QInputDialog.getItem(self, L.OVERRIDE, L.GRADE_PROMPT, list(GRADES), 0, False)
        if ok:
            self._override(grade)

    def _override(self, grade: str | None) -> None:
        reason, ok = QInputDialog.getText(self, L.OVERRIDE, L.OVERRIDE_REASON)
        if not ok:
            return
        service, version = self.ui.services.entities, self.card.data.version
        self.ui.ops.run_write(
            lambda _p: service.override_grade(self.entity_id, grade, reason, version),
            parent=self,
        )

    def _on_edit(self) -> None:
        from station_app.ui.screens.entities.edit_dialog import EntityEditDialog

        self.editor = EntityEditDialog(
            self.ui, self.card.data, self, phone_masked=self.card.phone_masked
        )
        self.editor.open()

    def _on_bus_changed(self, changes) -> None:
        ids = changes.ids.get("entity")
        if ids is None and not changes.touches("*"):
            return
        if ids and self.entity_id not in ids:
            return
        try:
            self.load()
        except Exception:  # deleted meanwhile
            self.reject()
