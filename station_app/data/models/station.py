"""Station profile (所基本信息): one row describing the station that owns this database."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from station_app.data.models.base import Base, Versioned


class StationProfile(Versioned, Base):
    __tablename__ = "station_profile"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    code: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    county_bureau: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    seal_text: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    doc_prefix: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
