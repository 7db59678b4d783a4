"""ORM models, one module per area. Importing this package registers every table on ``Base``."""

from station_app.data.models.base import Base, Versioned
from station_app.data.models.roster import Community, Grid, grid_community
from station_app.data.models.station import StationProfile
from station_app.data.models.trust import AuditHead, AuditLog, User

__all__ = [
    "AuditHead",
    "AuditLog",
    "Base",
    "Community",
    "Grid",
    "StationProfile",
    "User",
    "Versioned",
    "grid_community",
]
