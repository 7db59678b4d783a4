"""Demo database (演示数据库): deterministic, realistic synthetic data for every module.

Each area registers a step in ``DEMO_STEPS``; steps run in order with one shared seeded
``random.Random``, so the same seed always gives the same database.

The demo never touches a database it did not build: it (re)builds only a database whose
identity says ``origin = demo`` (set by this module, by no service), a new file, or a database
nobody has used yet (no user, no station profile, no audit row). The options are checked before
anything else. A SQLite demo is built beside the target under a hidden name and goes in only
when complete (a new file is renamed into place, an existing demo is swapped in with SQLite's
backup API, in one transaction): a killed rebuild leaves the old demo as it was. On PostgreSQL
the tables are dropped and rebuilt in place.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from station_app.data import identity, migrate
from station_app.data import restore as files
from station_app.data.engine import Database, sqlite_url
from station_app.data.repo.station import mark_demo
from station_app.data.reset import drop_all_tables
from station_app.domain import auth as roles
from station_app.domain.auth import DEMO_PASSWORD
from station_app.errors import StationError, ValidationError
from station_app.services.auth import UserService, system_auth
from station_app.services.base import Changes, NullProgress, Progress, check_cancel
from station_app.services.complaint_demo import complaints_step
from station_app.services.entity_demo import entities_step
from station_app.services.lists_demo import lists_step
from station_app.services.roster_demo import roster_step
from station_app.services.station import StationProfileData, StationService
from station_app.services.sweeps_demo import sweeps_step

DEMO_USERS = (  # one per role; the administrator is admin / station-demo
    ("admin", "系统管理员", roles.ADMIN),
    ("wangjg", "王建国", roles.HEAD),
    ("lihm", "李红梅", roles.OFFICER),
    ("zhaomin", "赵敏", roles.MEDIATOR),
    ("sunli", "孙丽", roles.CLERK),
    ("chakan", "县局查看", roles.READONLY),
)


MAX_ENTITIES = 2_000_000
MAX_COMPLAINTS = 200_000
FIRST_YEAR = 2000


@dataclass
class DemoOptions:
    seed: int = 2026
    entities: int = 12_000  # used by the entity registry step
    complaints: int = 420  # used by the complaints step
    complaints_year: int | None = None  # received in this calendar year, else the last 12 months

    def validate(self, today: date | None = None) -> DemoOptions:
        """Refuse options the steps cannot use, before anything is built or dropped."""
        this_year = (today or date.today()).year
        if not 0 <= self.entities <= MAX_ENTITIES:
            raise ValidationError(
                f"经营主体数量应在 0 到 {MAX_ENTITIES} 之间（现为 {self.entities}）。",
                field="entities",
            )
        if not 0 <= self.complaints <= MAX_COMPLAINTS:
            raise ValidationError(
                f"投诉数量应在 0 到 {MAX_COMPLAINTS} 之间（现为 {self.complaints}）。",
                field="complaints",
            )
        year = self.complaints_year
        if year is not None and not FIRST_YEAR <= year <= this_year:
            raise ValidationError(
                f"投诉年份应在 {FIRST_YEAR} 到 {this_year} 之间（现为 {year}）。",
                field="complaints_year",
            )
        return self


@dataclass
class DemoRun:
    """What each step receives."""

    db: Database
    rng: random.Random
    options: DemoOptions
    progress: Progress
    counts: dict[str, int] = field(default_factory=dict)


DemoStep = Callable[[DemoRun], None]


def _station_step(run: DemoRun) -> None:
    profile = StationProfileData(
        name="城关市场监督管理所",
        code="SJ-371502-01",
        county_bureau="东平县市场监督管理局",
        address="东平县城关镇人民路88号",
        phone="0538-2281234",
        seal_text="东平县市场监督管理局城关市场监督管理所",
        doc_prefix="东市监城",
        is_demo=True,
    )
    StationService(run.db, system_auth()).save_profile(profile)
    with run.db.core_uow() as con:
        mark_demo(con)  # only this generator sets the flag
    run.counts["station_profile"] = 1


def _users_step(run: DemoRun) -> None:
    users = UserService(run.db, system_auth())
    for username, name, role in DEMO_USERS:
        users.add_user(username, name, role, DEMO_PASSWORD)
    run.counts["users"] = len(DEMO_USERS)


DEMO_STEPS: list[tuple[str, DemoStep]] = [
    ("所基本信息", _station_step),  # first: marks the database a demo, whose users may have
    ("用户", _users_step),  # the public password (refused in a real database)
    ("网格花名册", roster_step),  # before the registry: it binds entities to these grids
]
DEMO_STEPS.append(("经营主体", entities_step))
DEMO_STEPS.append(("投诉调解", complaints_step))  # after the registry: respondents are its entities
DEMO_STEPS.append(("红黑榜", lists_step))  # after the registry: lists name its entities
DEMO_STEPS.append(("扫街纳管", sweeps_step))  # after the registry: captures are matched to it


def _grades_step(run: DemoRun) -> None:
    """Last: the local grade reads complaints and lists, which the steps above just created."""
    from station_app.services.entities import EntityService

    result, _ = EntityService(run.db, system_auth()).recompute_grades()
    run.counts["grades_changed"] = result.changed


DEMO_STEPS.append(("本所分级", _grades_step))


NOT_DEMO = (
    "该数据库已有正式数据（{}），不是演示程序生成的演示数据库，不能写入演示数据，未做任何改动。\n"
    "请用 --db 指定一个还不存在的文件，或不加 --db 使用默认的演示数据库。"
)


class DemoService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def build(
        self, options: DemoOptions | None = None, progress: Progress | None = None
    ) -> tuple[dict[str, int], Changes]:
        """(Re)build the demo data in this database (see the module: only a demo this module
        built, or a database nobody has used). The options are checked first."""
        options = (options or DemoOptions()).validate()
        progress = progress or NullProgress()
        self._refuse_unless_demo()
        path = self._db.info.path
        if self._db.is_sqlite and path is not None:
            staged = files.staging_path(path, "demo-build")
            try:
                counts, instance = _build_file(staged, options, progress)
                files.swap_in(staged, path)
            finally:
                files.remove_with_sidecars(staged)
            self._db.dispose()
            self._db.adopt_identity(instance)  # this process rebuilt it: its window goes on
            return counts, Changes.of("*")
        self._db.forget_identity()  # the tables go: so does the identity this window opened
        drop_all_tables(self._db)
        migrate.upgrade(self._db)
        self._db.adopt_identity(_mark_demo_origin(self._db))
        return _fill(self._db, options, progress), Changes.of("*")

    def _refuse_unless_demo(self) -> None:
        found = files.facts(self._db)
        if found.origin != identity.DEMO and files.holds_user_data(self._db):
            raise StationError(NOT_DEMO.format(found.station))


def build_new_file(
    path: Path, options: DemoOptions | None = None, progress: Progress | None = None
) -> dict[str, int]:
    """``demo`` where no database exists yet (``--db NEW.sqlite3``, or the first demo in the
    default place): built under a hidden name beside it and renamed into place once complete,
    so a killed build leaves no half-made database behind."""
    options = (options or DemoOptions()).validate()
    progress = progress or NullProgress()
    path = Path(path)
    if path.exists():
        raise StationError(f"文件已存在：{path}\n未做任何改动。")
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = files.staging_path(path, "demo-build")
    try:
        counts, _instance = _build_file(staged, options, progress)
        os.replace(staged, path)
    finally:
        files.remove_with_sidecars(staged)
    return counts


def _build_file(
    staged: Path, options: DemoOptions, progress: Progress
) -> tuple[dict[str, int], str]:
    """A complete demo database in the new file ``staged`` (WAL folded in, closed)."""
    files.remove_with_sidecars(staged)
    db = Database(sqlite_url(staged), create=True)
    try:
        migrate.upgrade(db)
        instance = _mark_demo_origin(db)
        counts = _fill(db, options, progress)
    finally:
        db.dispose()
    files.close_for_swap(staged)
    return counts, instance


def _mark_demo_origin(db: Database) -> str:
    """Before any step: this database is the demo generator's (and a new instance)."""
    instance = identity.new_instance()
    with db.core_uow() as con:
        identity.write(con, instance=instance, origin=identity.DEMO, state=identity.LIVE)
    return instance


def _fill(db: Database, options: DemoOptions, progress: Progress) -> dict[str, int]:
    run = DemoRun(db, random.Random(options.seed), options, progress)
    for done, (label, step) in enumerate(DEMO_STEPS):
        check_cancel(progress)
        progress.report(done, len(DEMO_STEPS), f"生成演示数据：{label}")
        step(run)
    progress.report(len(DEMO_STEPS), len(DEMO_STEPS), "演示数据已生成")
    return run.counts
