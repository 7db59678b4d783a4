"""The entity screen's dialogs: the card (``card.py``) and the editor (``edit_dialog.py``)."""

from __future__ import annotations

from station_app.ui.screens.entities.card import EntityCardDialog
from station_app.ui.screens.entities.edit_dialog import EntityEditDialog

__all__ = ["EntityCardDialog", "EntityEditDialog"]
