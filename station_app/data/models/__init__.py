"""ORM models, one module per area. Importing this package registers every table on ``Base``."""

from station_app.data.models.base import Base, Versioned
from station_app.data.models.station import StationProfile

__all__ = ["Base", "StationProfile", "Versioned"]
