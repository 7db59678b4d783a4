"""附件 (photos, scans) of any record as one widget: thumbnails of JPEG/PNG photos, an icon for a
PDF, 添加附件… (file chooser) or a drop of files onto it, 打开 (Enter or double-click: a private
temporary copy opened with the system viewer), 作废…/删除… with a reason. It talks only to an
:class:`AttachmentAdapter` (service calls bound to one record: list, add, read, remove), through
the op runner, so no query runs on the GUI thread and every change goes through the service's
unit of work and audit row. Keyboard: Tab reaches the list and each button; Insert adds,
Enter opens, Delete removes. GUI thread only."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from station_app.services.attachments import AttachmentView
from station_app.ui.widgets import labels as L
from station_app.ui.widgets.forms import Field, FormDialog

THUMB = 96  # px, the longer side of a thumbnail
ROLE_VIEW = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class AttachmentAdapter:
    """One record's attachments as service calls (each runs off the GUI thread).
    ``remove(id, reason)`` voids (``voids``: the file is kept, marked) or deletes with an audit
    row; ``add(path)`` returns the service's ``(view, Changes)``."""

    list: Callable[[], Sequence[AttachmentView]]
    add: Callable[[Path], object]
    read: Callable[[int], bytes]
    remove: Callable[[int, str], object]
    can_add: bool = True
    can_remove: bool = True
    voids: bool = True
    pending: bool = False  # files of a record not saved yet: removed at once, no reason


class PendingAttachments:
    """Files chosen while their record is being entered (a patrol record's form): checked at
    once like any attachment (a program renamed .jpg is refused in the form), kept in memory,
    and attached by :meth:`attach_all` once the record is saved. GUI thread only."""

    def __init__(self) -> None:
        self.files: list[tuple[AttachmentView, bytes]] = []

    def adapter(self, can_add: bool = True) -> AttachmentAdapter:
        return AttachmentAdapter(
            list=lambda: tuple(v for v, _ in self.files), add=self._add, read=self._read,
            remove=self._remove, can_add=can_add, can_remove=can_add, voids=False, pending=True,
        )  # fmt: skip

    def _add(self, path: Path) -> AttachmentView:
        from station_app.domain.attachments import check_file
        from station_app.services.attachments import read_file

        data = read_file(path)
        checked = check_file(Path(path).name, data)
        view = AttachmentView(-len(self.files) - 1, checked.filename, checked.mime, checked.size,
                              None, sha256=checked.sha256)  # fmt: skip
        self.files.append((view, data))
        return view

    def _read(self, attachment_id: int) -> bytes:
        return next(d for v, d in self.files if v.id == attachment_id)

    def _remove(self, attachment_id: int, _reason: str) -> None:
        self.files = [(v, d) for v, d in self.files if v.id != attachment_id]

    def attach_all(self, ui, add: Callable[[str, bytes], object]) -> None:
        """Write each file through ``add(name, data)`` (a service call, its own audit row)."""
        for view, data in self.files:
            ui.ops.run_write(lambda _p, v=view, d=data: add(v.filename, d))
        self.files = []


def order_adapter(ui, number: str) -> AttachmentAdapter:
    """The adapter of work order ``number`` (``OrdersService``)."""
    svc, can = ui.services.orders, ui.app.auth.can
    return AttachmentAdapter(
        list=lambda: svc.attachments(number),
        add=lambda path: svc.add_attachment_file(number, path),
        read=svc.attachment_data,
        remove=svc.void_attachment,
        can_add=can("orders.register"),
        can_remove=can("orders.handle"),
    )


def patrol_adapter(ui, record_id: int) -> AttachmentAdapter:
    """The adapter of patrol record ``record_id`` (``PatrolService``: removal deletes)."""
    svc, can = ui.services.patrols, ui.app.auth.can("patrols.record")
    return AttachmentAdapter(
        list=lambda: svc.record_attachments(record_id),
        add=lambda path: svc.add_record_attachment_file(record_id, path),
        read=svc.record_attachment_data,
        remove=svc.remove_record_attachment,
        can_add=can,
        can_remove=can,
        voids=False,
    )


def _load(adapter: AttachmentAdapter) -> list[tuple[AttachmentView, bytes | None]]:
    """Off the GUI thread: the list and the bytes of each live photo (for its thumbnail)."""
    views = adapter.list()
    return [(v, adapter.read(v.id) if v.is_image and not v.voided else None) for v in views]


def thumbnail(data: bytes | None, fallback: QIcon) -> QIcon:
    """A photo scaled while decoding (a 12-megapixel JPEG is not decoded whole)."""
    if not data:
        return fallback
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    reader = QImageReader(buffer)
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return QIcon(QPixmap.fromImage(image)) if not image.isNull() else fallback


class AttachmentsWidget(QWidget):
    """The attachments of one record; call :meth:`reload` after the record changes."""

    def __init__(self, ui, adapter: AttachmentAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui, self.adapter = ui, adapter
        self.setObjectName("attachments")
        self.setAcceptDrops(adapter.can_add)
        self.form: FormDialog | None = None
        self.opened: list[Path] = []  # temporary copies handed to the system viewer
        self.views: list[AttachmentView] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self._make_list(), 1)
        lay.addLayout(self._make_buttons())
        self._shortcuts()
        self.reload()

    def _make_list(self) -> QListWidget:
        self.list = QListWidget(self)
        self.list.setObjectName("attachmentList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 44, THUMB + 40))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setDragEnabled(False)
        self.list.setAcceptDrops(False)
        self.list.viewport().setAcceptDrops(False)
        self.list.setMinimumHeight(THUMB + 48)
        self.list.setMaximumHeight(THUMB + 64)  # a strip; more attachments scroll
        self.list.setAccessibleName(L.ATT_TITLE)
        self.list.itemActivated.connect(lambda _item: self.open_current())
        self.list.currentItemChanged.connect(lambda *_a: self._enable())
        return self.list

    def _make_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.count = QLabel(self)
        self.count.setObjectName("attachmentCount")
        row.addWidget(self.count)
        hint = QLabel(L.ATT_HINT if self.adapter.can_add else "", self)
        hint.setWordWrap(True)
        row.addWidget(hint, 1)
        remove_text = L.ATT_VOID if self.adapter.voids else L.ATT_REMOVE
        self.add_button = self._button(L.ATT_ADD, "attachmentAdd", self.choose_files, row)
        self.open_button = self._button(L.ATT_OPEN, "attachmentOpen", self.open_current, row)
        self.remove_button = self._button(remove_text, "attachmentRemove", self.ask_remove, row)
        self.add_button.setEnabled(self.adapter.can_add)
        return row

    def _button(self, text: str, name: str, slot, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _shortcuts(self) -> None:
        """Insert adds, Delete removes while the list has the focus (an event filter: the
        item view takes those keys before a shortcut would see them)."""
        self.list.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            slot = {Qt.Key.Key_Delete: self.ask_remove, Qt.Key.Key_Insert: self.choose_files}
            action = slot.get(event.key())
            if action is not None:
                action()
                return True
        return super().eventFilter(watched, event)

    # -- loading ------------------------------------------------------------------------------

    def reload(self, _result: object = None) -> None:
        self.ui.ops.run_read(lambda _p: _load(self.adapter), on_done=self._fill, parent=self)

    def _fill(self, loaded: list[tuple[AttachmentView, bytes | None]]) -> None:
        pdf_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        before = self.current()
        self.list.clear()
        self.views = [v for v, _ in loaded]
        for view, data in loaded:
            item = QListWidgetItem(thumbnail(data, pdf_icon), _caption(view))
            item.setData(ROLE_VIEW, view)
            item.setToolTip(_tip(view))
            if view.voided:
                item.setForeground(self.palette().placeholderText())
            self.list.addItem(item)
        self.count.setText(L.ATT_COUNT.format(len(loaded)) if loaded else L.ATT_NONE)
        self.list.setVisible(bool(loaded))  # none yet: the hint and the buttons only
        ids = [v.id for v in self.views]
        if ids:  # the same attachment stays selected after an add or a void
            self.list.setCurrentRow(ids.index(before.id) if before and before.id in ids else 0)
        self._enable()

    def _enable(self) -> None:
        current = self.current()
        self.open_button.setEnabled(current is not None)
        live = current is not None and not current.voided
        self.remove_button.setEnabled(live and self.adapter.can_remove)

    def current(self) -> AttachmentView | None:
        item = self.list.currentItem()
        return item.data(ROLE_VIEW) if item is not None else None

    # -- adding -------------------------------------------------------------------------------

    def choose_files(self) -> None:
        if not self.adapter.can_add:
            return
        names, _ = QFileDialog.getOpenFileNames(self, L.ATT_CHOOSE, "", L.ATT_FILTER)
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: Sequence[Path]) -> None:
        """Each file its own unit of work (one refused file leaves the others added)."""
        for path in paths:
            self.ui.ops.run_write(
                lambda _p, target=path: self.adapter.add(target),
                on_done=self.reload,
                parent=self,
            )

    def dragEnterEvent(self, event) -> None:
        if self.adapter.can_add and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    # -- opening, removing --------------------------------------------------------------------

    def open_current(self) -> None:
        view = self.current()
        if view is not None:
            self.ui.ops.run_read(
                lambda _p: self.adapter.read(view.id),
                on_done=lambda data: self._show(view, data),
                parent=self,
            )

    def _show(self, view: AttachmentView, data: bytes) -> None:
        from station_app.files import write_private

        folder = Path(tempfile.mkdtemp(prefix="station-attachment-"))
        path = write_private(folder / view.filename, data)
        self.opened.append(path)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(self, L.ATT_CANNOT_OPEN, L.ATT_OPEN_FAILED.format(view.filename))

    def ask_remove(self) -> None:
        view = self.current()
        if view is None or view.voided or not self.adapter.can_remove:
            return
        if self.adapter.pending:  # not saved yet: nothing to audit
            self.adapter.remove(view.id, "")
            self.reload()
            return
        title = L.ATT_VOID_TITLE if self.adapter.voids else L.ATT_REMOVE_TITLE
        intro = L.ATT_VOID_INTRO if self.adapter.voids else L.ATT_REMOVE_INTRO
        fields = (Field("reason", L.ATT_REASON, "multiline", height=60),)

        def submit(values: dict) -> None:
            call = lambda: self.adapter.remove(view.id, values.get("reason", ""))  # noqa: E731
            self.form.run_save(self.ui.ops, call, on_done=self.reload)

        self.form = FormDialog(
            title.format(view.filename), fields, submit=submit, parent=self, intro=intro,
            name="attachmentRemoveForm",
        )  # fmt: skip
        self.form.open()


def _caption(view: AttachmentView) -> str:
    return L.ATT_VOIDED.format(view.filename) if view.voided else view.filename


def _tip(view: AttachmentView) -> str:
    from station_app.domain.orders.timing import fmt_time

    at = fmt_time(view.added_at) if view.added_at else ""
    tip = L.ATT_TIP.format(
        name=view.filename, type=view.type_label, size=view.size_text, at=at, by=view.added_by
    )
    return tip + (L.ATT_VOID_TIP.format(view.void_reason) if view.voided else "")
