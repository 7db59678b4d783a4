"""Composition root: resolves the database, opens and migrates it, builds the services.

No globals: the GUI and the CLI each receive the :class:`AppContext` they run on.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from station_app import files, paths
from station_app.clock import Clock
from station_app.data.engine import Database, sqlite_url
from station_app.domain.auth import Actor
from station_app.services.audit import AuditService
from station_app.services.auth import Auth, UserService
from station_app.services.database import DatabaseService
from station_app.services.station import StationService

if TYPE_CHECKING:
    from station_app.demo import DemoService
    from station_app.services.campaigns import CampaignService
    from station_app.services.complaints import ComplaintService
    from station_app.services.dashboard import DashboardService
    from station_app.services.draws import DrawService
    from station_app.services.entities import EntityService
    from station_app.services.entity_import import EntityImportService
    from station_app.services.grading_rules import GradingRulesService
    from station_app.services.lists import ListService
    from station_app.services.orders import OrdersService
    from station_app.services.outreach import OutreachService
    from station_app.services.patrols import PatrolService
    from station_app.services.prices import PricesService
    from station_app.services.reports import ReportService
    from station_app.services.roster import RosterService
    from station_app.services.saved_views import SavedViewService
    from station_app.services.sweeps import SweepService
    from station_app.services.violations import ViolationsService
    from station_app.services.visits import VisitsService
    from station_app.services.warnings import WarningsService

log = logging.getLogger(__name__)


class Services:
    """The application's services for one database and signed-in user.

    The ones every start needs are built at once; each module's service is imported and built
    the first time it is used, so opening the main window does not pay for every module."""

    def __init__(self, db: Database, auth: Auth, clock: Clock | None = None) -> None:
        self._db = db
        self._auth = auth
        self.clock = clock or Clock()
        self.station = StationService(db, auth, clock=self.clock)
        self.database = DatabaseService(db, auth, clock=self.clock)
        self.users = UserService(db, auth, clock=self.clock)
        self.audit = AuditService(db, auth)

    @cached_property
    def demo(self) -> DemoService:
        from station_app.demo import DemoService

        return DemoService(self._db, clock=self.clock)

    @cached_property
    def reports(self) -> ReportService:
        from station_app.services import summaries  # noqa: F401 - registers the providers
        from station_app.services.reports import ReportService

        return ReportService(self._db, self._auth, clock=self.clock)

    @cached_property
    def dashboard(self) -> DashboardService:
        from station_app.services import summaries  # noqa: F401 - registers the providers
        from station_app.services.dashboard import DashboardService

        return DashboardService(self._db, self._auth, clock=self.clock)

    @cached_property
    def roster(self) -> RosterService:
        from station_app.services.roster import RosterService

        return RosterService(self._db, self._auth, clock=self.clock)

    @cached_property
    def entities(self) -> EntityService:
        from station_app.services.entities import EntityService

        return EntityService(self._db, self._auth, clock=self.clock)

    @cached_property
    def grading_rules(self) -> GradingRulesService:
        from station_app.services.grading_rules import GradingRulesService

        return GradingRulesService(self._db, self._auth, clock=self.clock)

    @cached_property
    def saved_views(self) -> SavedViewService:
        from station_app.services.saved_views import SavedViewService

        return SavedViewService(self._db, self._auth, clock=self.clock)

    @cached_property
    def entity_import(self) -> EntityImportService:
        from station_app.services.entity_import import EntityImportService

        return EntityImportService(self._db, self._auth, clock=self.clock)

    @cached_property
    def lists(self) -> ListService:
        from station_app.services.lists import ListService

        return ListService(self._db, self._auth, clock=self.clock)

    @cached_property
    def complaints(self) -> ComplaintService:
        from station_app.services.complaints import ComplaintService

        return ComplaintService(self._db, self._auth, clock=self.clock)

    @cached_property
    def draws(self) -> DrawService:
        from station_app.services.draws import DrawService

        return DrawService(self._db, self._auth, clock=self.clock)

    @cached_property
    def campaigns(self) -> CampaignService:
        from station_app.services.campaigns import CampaignService

        return CampaignService(self._db, self._auth, clock=self.clock)

    @cached_property
    def prices(self) -> PricesService:
        from station_app.services.prices import PricesService

        return PricesService(self._db, self._auth, clock=self.clock)

    @cached_property
    def sweeps(self) -> SweepService:
        from station_app.services.sweeps import SweepService

        return SweepService(self._db, self._auth, clock=self.clock)

    @cached_property
    def orders(self) -> OrdersService:
        from station_app.services.orders import OrdersService

        return OrdersService(self._db, self._auth, clock=self.clock)

    @cached_property
    def patrols(self) -> PatrolService:
        from station_app.services.patrols import PatrolService

        return PatrolService(self._db, self._auth, clock=self.clock)

    @cached_property
    def warnings(self) -> WarningsService:
        from station_app.services.warnings import WarningsService

        return WarningsService(self._db, self._auth, clock=self.clock)

    @cached_property
    def visits(self) -> VisitsService:
        from station_app.services.visits import VisitsService

        return VisitsService(self._db, self._auth, clock=self.clock)

    @cached_property
    def violations(self) -> ViolationsService:
        from station_app.services.violations import ViolationsService

        return ViolationsService(self._db, self._auth, clock=self.clock)

    @cached_property
    def outreach(self) -> OutreachService:
        from station_app.services.outreach import OutreachService

        return OutreachService(self._db, self._auth, clock=self.clock)


@dataclass
class AppContext:
    """One open database with its services and the signed-in user (``auth``)."""

    db: Database
    services: Services
    auth: Auth

    @property
    def clock(self) -> Clock:
        """The day every service works on (Asia/Shanghai); tests fix it with ``set_day``."""
        return self.services.clock

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


def build_services(db: Database, auth: Auth, clock: Clock | None = None) -> Services:
    return Services(db, auth, clock)


def sqlite_path(url: str) -> Path | None:
    """The absolute file a SQLite URL names; None for PostgreSQL or ``:memory:``."""
    from station_app.data.engine import describe, parse_url

    info = describe(parse_url(url))
    return info.path if info.kind == "sqlite" else None


def creates_here(url: str) -> bool:
    """The first start in the default location creates the database (the GUI's first run, the
    first ``users add``); elsewhere only ``db upgrade`` and ``demo`` create one."""
    return url == sqlite_url(paths.default_db_path())


DEMO_MISSING = "演示数据库还没有生成：{}\n请先运行 station-app demo 生成演示数据库。"


def open_context(
    url: str,
    *,
    migrate: bool = True,
    actor: Actor | None = None,
    deep_check: bool = True,
    clock: Clock | None = None,
    create: bool | None = None,
) -> AppContext:
    """Open ``url``; check it is ours and not newer; back up and upgrade when ``migrate``.
    ``actor`` signs in without a password (tests, screenshots, the application itself).
    ``deep_check=False`` (the GUI) leaves the full file check to
    :meth:`DatabaseService.check_file`, run in the background after start; a migration still
    checks first. ``clock`` fixes the services' today (tests, tools); by default the real one.
    A SQLite file that does not exist is created only with ``create`` (default:
    only in the default location, :func:`creates_here`); otherwise the error names it."""
    if create is None:
        create = creates_here(url)
    if not create and url == sqlite_url(paths.demo_db_path()) and not paths.demo_db_path().exists():
        from station_app.errors import DatabaseOpenError

        raise DatabaseOpenError(DEMO_MISSING.format(paths.demo_db_path()))
    db = Database(url, deep_check=deep_check, create=create)

    auth = Auth(actor)
    try:
        db.probe()
        if db.info.path is not None:  # files made by an older version, or outside the program
            files.restrict_sqlite(db.info.path)
            if db.info.path.parent == paths.user_data_dir():
                files.private_dir(db.info.path.parent, own=True)
        services = build_services(db, auth, clock)
        if migrate:
            services.database.upgrade()
        else:
            services.database.check()
        db.adopt_identity()  # from now on it never writes into a database that replaced this one
    except BaseException:
        db.dispose()
        raise
    log.info("opened %s", db.info.display)
    return AppContext(db=db, services=services, auth=auth)
