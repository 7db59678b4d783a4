"""The application's event bus: one signal that tells every screen what data changed.

Every mutating service call returns a :class:`~station_app.services.base.Changes`; the op runner
(:mod:`station_app.ui.ops`) publishes it here on the GUI thread, and each screen refreshes only
when a kind it shows is in it (Anki's ``OpChanges`` hook).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal

from station_app.services.base import Changes


class EventBus(QObject):
    """Broadcasts :class:`Changes` to every screen. GUI thread only.

    One instance per application, created by the GUI's composition root and passed explicitly
    to the screens (no global). Connect to :attr:`changed`; the slot receives the ``Changes``.
    """

    changed = Signal(object)

    def publish(self, changes: Changes) -> None:
        """Emit :attr:`changed` with ``changes``; an empty ``Changes`` is ignored.

        Raises ``RuntimeError`` off the GUI thread: slots would then run on a worker thread."""
        if QThread.currentThread() is not self.thread():
            raise RuntimeError("EventBus.publish must be called on the GUI thread")
        if changes:
            self.changed.emit(changes)
