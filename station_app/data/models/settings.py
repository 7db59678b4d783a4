"""Station-wide settings (所级设置) shared by every PC of the station, and users' saved views.

Per-PC preferences (font size, last page) are not here: they live in ``settings.py``'s JSON file.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from station_app.data.models.base import Base, Versioned


class StationSetting(Versioned, Base):
    """One station-wide setting: ``value`` is JSON text (e.g. the grading rules under
    ``grading.rules``, a saved import column mapping under ``entity_import.mapping.<hash>``)."""

    __tablename__ = "station_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
    updated_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class SavedView(Versioned, Base):
    """A user's named search and filters on one screen (常用筛选); ``criteria`` is JSON text."""

    __tablename__ = "saved_view"
    __table_args__ = (UniqueConstraint("owner", "screen", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(40), nullable=False)  # username
    screen: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    criteria: Mapped[str] = mapped_column(Text, nullable=False)
