"""普法宣传: outreach events (head counts, never names) and consumer warnings (drafts, then
发布 with a number, a day and channels, printed as the A4 notice and previewed), one tab each,
forms over ``services.outreach``. GUI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import outreach as o
from station_app.services.base import Changes
from station_app.ui.screens.base import Page
from station_app.ui.widgets.files import open_pdf_preview, temp_pdf
from station_app.ui.widgets.forms import Field, FormDialog
from station_app.ui.widgets.tables import fill_table, readonly_table, row_data

from . import labels as L

COUNT = (0, 10_000_000, 1)
EVENT_FIELDS = (
    Field("kind", L.F_KIND, "combo", tuple((v, k) for k, v in o.EVENT_KINDS.items())),
    Field("title", L.F_TITLE),
    Field("held_on", L.F_HELD_ON, "date"),
    Field("place", L.F_PLACE),
    Field("organiser", L.F_ORGANISER),
    Field("participants", L.F_PARTICIPANTS, "number", COUNT),
    Field("views", L.F_VIEWS, "number", COUNT),
    Field("materials", L.F_MATERIALS, "number", COUNT),
    Field("reached", L.F_REACHED, "number", COUNT),
    Field("note", L.F_NOTE),
)
CHANNEL_CHOICES = tuple((v, k) for k, v in o.CHANNELS.items())
WARNING_FIELDS = (
    Field("title", L.F_W_TITLE),
    Field("text", L.F_TEXT, "multiline", placeholder=L.F_TEXT_HINT, height=160),
    Field("topic", L.F_TOPIC, "combo", tuple((v, k) for k, v in o.WARNING_TOPICS.items())),
    Field("season", L.F_SEASON, "edit_combo", ("", *o.SEASONS)),
    Field("channels", L.F_CHANNELS, "checks", CHANNEL_CHOICES),
)
PUBLISH_FIELDS = (
    Field("on", L.F_PUBLISHED_ON, "date"),
    Field("channels", L.F_CHANNELS, "checks", CHANNEL_CHOICES),
)


def _stretch(table, column: int) -> None:
    """The title column takes the room left (not the last one)."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


def _count(value) -> int | None:
    """A number field's 0 is "not counted" (the service keeps ``None``)."""
    return int(value) if value else None


class OutreachPage(Page):
    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        self.svc, self.dialog, self.preview = ui.services.outreach, None, None
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._events_tab(), L.TAB_EVENTS)
        self.tabs.addTab(self._warnings_tab(), L.TAB_WARNINGS)
        self.body.addWidget(self.tabs, 1)
        ui.bus.changed.connect(self._on_changes)
        self.refresh()

    def _tab(self, buttons, table, count) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(table, 1)
        lay.addWidget(count)
        return box

    def _button(self, text: str, slot, ok: bool, name: str) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.clicked.connect(slot)
        b.setEnabled(ok)
        return b

    def _events_tab(self) -> QWidget:
        can = self.ui.app.auth.can("outreach.edit")
        self.event_table = readonly_table(L.EVENT_HEAD, parent=self)
        self.event_table.setObjectName("outreachEventTable")
        _stretch(self.event_table, 2)
        self.event_count = QLabel(self)
        new = self._button(L.NEW_EVENT, self.new_event, can, "outreach_new_event")
        return self._tab((new,), self.event_table, self.event_count)

    def _warnings_tab(self) -> QWidget:
        can = self.ui.app.auth.can
        self.warning_table = readonly_table(L.WARNING_HEAD, parent=self, single=True)
        self.warning_table.setObjectName("consumerWarningTable")
        _stretch(self.warning_table, 1)
        self.warning_count = QLabel(self)
        new = self._button(L.NEW_WARNING, self.new_warning, can("outreach.edit"),
                           "outreach_new_warning")  # fmt: skip
        self.publish_button = self._button(L.PUBLISH, self.publish_current,
                                           can("consumer_warnings.publish"), "outreach_publish")  # fmt: skip
        return self._tab((new, self.publish_button), self.warning_table, self.warning_count)

    def refresh(self) -> None:
        events = self.svc.events()
        fill_table(self.event_table, [
            (e.held_on, e.kind_label, e.title, e.place, e.participants, e.views, e.materials,
             e.reached) for e in events
        ], right=(4, 5, 6, 7))  # fmt: skip
        self.event_count.setText(L.EVENTS_COUNT.format(len(events)))
        warnings = self.svc.warnings()
        fill_table(self.warning_table, [
            (w.number, w.title, w.topic_label, w.season, o.channel_labels(" ".join(w.channels)),
             L.PUBLISHED.format(w.published_on) if w.published_on else L.DRAFT)
            for w in warnings
        ], ids=[w.id for w in warnings])  # fmt: skip
        published = sum(1 for w in warnings if w.published_on)
        self.warning_count.setText(L.WARNINGS_COUNT.format(len(warnings), published))

    def new_event(self) -> None:
        def submit(v: dict) -> None:
            draft = o.EventDraft(v["kind"], v["title"], v["held_on"], v["place"], None,
                                 v["organiser"], _count(v["participants"]), _count(v["views"]),
                                 _count(v["materials"]), _count(v["reached"]), v["note"])  # fmt: skip
            form.run_save(self.ui.ops, lambda: self.svc.add_event(draft))

        start = {"held_on": self.ui.services.clock.today()}
        form = FormDialog(L.EVENT_TITLE, EVENT_FIELDS, submit, self, start, L.EVENT_INTRO,
                          name="outreachEventDialog")  # fmt: skip
        form.open()
        self.dialog = form

    def new_warning(self) -> None:
        def submit(v: dict) -> None:
            draft = o.WarningDraft(v["title"], v["text"], v["topic"], v["season"],
                                   tuple(v["channels"]))  # fmt: skip
            form.run_save(self.ui.ops, lambda: self.svc.add_warning(draft))

        form = FormDialog(L.WARNING_TITLE, WARNING_FIELDS, submit, self, {}, L.WARNING_INTRO,
                          name="consumerWarningDialog")  # fmt: skip
        form.resize(640, 600)
        form.open()
        self.dialog = form

    def publish_current(self) -> None:
        wid = row_data(self.warning_table)
        if wid is None:
            return
        w = self.svc.warning(int(wid))  # type: ignore[arg-type]
        path = temp_pdf(L.NOTICE_FILE)

        def submit(v: dict) -> None:
            call = lambda: self.svc.publish_warning(w.id, w.version, path, v["on"],  # noqa: E731
                                                    tuple(v["channels"]))  # fmt: skip
            form.run_save(self.ui.ops, call, on_done=lambda _r: self._preview(path))

        start = {"on": w.published_on or self.ui.services.clock.today(), "channels": w.channels}
        form = FormDialog(L.PUBLISH_TITLE, PUBLISH_FIELDS, submit, self, start,
                          L.PUBLISH_INTRO.format(title=w.title), name="publishWarningDialog")  # fmt: skip
        form.open()
        self.dialog = form

    def _preview(self, path) -> None:
        self.preview = open_pdf_preview(self, path, L.NOTICE_FILE, name=path.name)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("outreach_event", "consumer_warning", "*"):
            self.refresh()


PAGE_CLASS = OutreachPage
