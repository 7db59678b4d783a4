"""Demo database (演示数据库): deterministic, realistic synthetic data for every module.

Each area registers a step in ``DEMO_STEPS``; steps run in order with one shared seeded
``random.Random``, so the same seed always gives the same database. The demo never writes into a
database that holds real data: only an empty database or an earlier demo is (re)built.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from station_app.data import migrate
from station_app.data.engine import Database
from station_app.data.reset import drop_all_tables
from station_app.domain import auth as roles
from station_app.domain.auth import DEMO_PASSWORD
from station_app.errors import StationError
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


@dataclass
class DemoOptions:
    seed: int = 2026
    entities: int = 12_000  # used by the entity registry step
    complaints: int = 420  # used by the complaints step
    complaints_year: int | None = None  # received in this calendar year, else the last 12 months


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


def _patrols_step(run: DemoRun) -> None:
    from station_app.services.patrols_demo import patrols_step

    patrols_step(run)


def _grades_step(run: DemoRun) -> None:
    """Last: the local grade reads complaints and lists, which the steps above just created."""
    from station_app.services.entities import EntityService

    result, _ = EntityService(run.db, system_auth()).recompute_grades()
    run.counts["grades_changed"] = result.changed


DEMO_STEPS.append(("本所分级", _grades_step))
DEMO_STEPS.append(("日常巡查", _patrols_step))  # after the grades: the plan follows them


class DemoService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def build(
        self, options: DemoOptions | None = None, progress: Progress | None = None
    ) -> tuple[dict[str, int], Changes]:
        """(Re)build the demo data. Refuses a database that holds non-demo data."""
        options = options or DemoOptions()
        progress = progress or NullProgress()
        self._prepare()
        run = DemoRun(self._db, random.Random(options.seed), options, progress)
        for done, (label, step) in enumerate(DEMO_STEPS):
            check_cancel(progress)
            progress.report(done, len(DEMO_STEPS), f"生成演示数据：{label}")
            step(run)
        progress.report(len(DEMO_STEPS), len(DEMO_STEPS), "演示数据已生成")
        return run.counts, Changes.of("*")

    def _prepare(self) -> None:
        profile = StationService(self._db, system_auth()).get_profile()
        if profile is None:
            return
        if not profile.is_demo:
            raise StationError(
                f"该数据库已有正式数据（{profile.name}），不能写入演示数据。\n"
                "请用 --db 指定一个新的数据库文件，或不加 --db 使用默认的演示数据库。"
            )
        drop_all_tables(self._db)
        migrate.upgrade(self._db)
