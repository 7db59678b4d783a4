"""Demo steps of the station itself: its profile (marking the database a demo) and one user per
role, all with the demo's public password."""

from __future__ import annotations

from station_app.data.repo.station import mark_demo
from station_app.demo.run import DemoRun
from station_app.domain import auth as roles
from station_app.domain.auth import DEMO_PASSWORD
from station_app.services.auth import UserService, system_auth
from station_app.services.station import StationProfileData, StationService

DEMO_USERS = (  # one per role; the administrator is admin / station-demo
    ("admin", "系统管理员", roles.ADMIN),
    ("wangjg", "王建国", roles.HEAD),
    ("lihm", "李红梅", roles.OFFICER),
    ("zhaomin", "赵敏", roles.MEDIATOR),
    ("sunli", "孙丽", roles.CLERK),
    ("chakan", "县局查看", roles.READONLY),
)


def station_step(run: DemoRun) -> None:
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


def users_step(run: DemoRun) -> None:
    users = UserService(run.db, system_auth())
    for username, name, role in DEMO_USERS:
        users.add_user(username, name, role, DEMO_PASSWORD)
    run.counts["users"] = len(DEMO_USERS)
