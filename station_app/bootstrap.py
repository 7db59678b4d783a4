"""Composition root: resolves the database, opens and migrates it, builds the services.

No globals: the GUI and the CLI each receive the :class:`AppContext` they run on.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from station_app import paths
from station_app.data.engine import Database, sqlite_url
from station_app.domain.auth import Actor
from station_app.services import summaries  # noqa: F401 - registers report and dashboard providers
from station_app.services.audit import AuditService
from station_app.services.auth import Auth, UserService
from station_app.services.complaints import ComplaintService
from station_app.services.dashboard import DashboardService
from station_app.services.database import DatabaseService
from station_app.services.demo import DemoService
from station_app.services.entities import EntityService
from station_app.services.entity_import import EntityImportService
from station_app.services.lists import ListService
from station_app.services.reports import ReportService
from station_app.services.roster import RosterService
from station_app.services.station import StationService

log = logging.getLogger(__name__)


@dataclass
class Services:
    station: StationService
    database: DatabaseService
    users: UserService
    audit: AuditService
    demo: DemoService
    reports: ReportService
    dashboard: DashboardService
    roster: RosterService
    entities: EntityService
    entity_import: EntityImportService
    lists: ListService
    complaints: ComplaintService


@dataclass
class AppContext:
    """One open database with its services and the signed-in user (``auth``)."""

    db: Database
    services: Services
    auth: Auth

    def close(self) -> None:
        self.db.dispose()


def resolve_db_url(arg: str | None = None, *, demo: bool = False) -> str:
    """``--db`` (a URL or a file path) > ``STATION_DB_URL`` > the default file (or the demo file)."""
    if demo and not arg:
        return sqlite_url(paths.demo_db_path())
    value = arg or os.environ.get("STATION_DB_URL")
    if not value:
        return sqlite_url(paths.default_db_path())
    if "://" in value:
        return value
    return sqlite_url(Path(value).expanduser().resolve())


def build_services(db: Database, auth: Auth) -> Services:
    return Services(
        station=StationService(db, auth),
        database=DatabaseService(db, auth),
        users=UserService(db, auth),
        audit=AuditService(db, auth),
        demo=DemoService(db),
        reports=ReportService(db, auth),
        dashboard=DashboardService(db, auth),
        roster=RosterService(db, auth),
        entities=EntityService(db, auth),
        entity_import=EntityImportService(db, auth),
        lists=ListService(db, auth),
        complaints=ComplaintService(db, auth),
    )


def open_context(url: str, *, migrate: bool = True, actor: Actor | None = None) -> AppContext:
    """Open ``url``; check it is ours and not newer; back up and upgrade when ``migrate``.
    ``actor`` signs in without a password (tests, screenshots, the application itself)."""
    db = Database(url)
    auth = Auth(actor)
    try:
        db.probe()
        services = build_services(db, auth)
        if migrate:
            services.database.upgrade()
        else:
            services.database.check()
    except BaseException:
        db.dispose()
        raise
    log.info("opened %s", db.info.display)
    return AppContext(db=db, services=services, auth=auth)
