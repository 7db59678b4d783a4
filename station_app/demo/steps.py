"""The demo's steps in order (``DEMO_STEPS``): a new area appends its step here. Each step
module imports only ``demo.run``, so the registry and the steps form no import circle."""

from __future__ import annotations

from station_app.demo.campaigns import campaigns_step
from station_app.demo.complaints import complaints_step
from station_app.demo.entities import entities_step, grades_step
from station_app.demo.lists import lists_step
from station_app.demo.orders import orders_step
from station_app.demo.patrol_samplings import samplings_step
from station_app.demo.patrols import patrols_step
from station_app.demo.prices import prices_step
from station_app.demo.roster import roster_step
from station_app.demo.run import DemoStep
from station_app.demo.station import station_step, users_step
from station_app.demo.sweeps import sweeps_step
from station_app.demo.visits import visits_step

DEMO_STEPS: list[tuple[str, DemoStep]] = [
    ("所基本信息", station_step),  # first: marks the database a demo, whose users may have
    ("用户", users_step),  # the public password (refused in a real database)
    ("网格花名册", roster_step),  # before the registry: it binds entities to these grids
    ("经营主体", entities_step),
    ("投诉调解", complaints_step),  # after the registry: respondents are its entities
    ("红黑榜", lists_step),  # after the registry: lists name its entities
    ("扫街纳管", sweeps_step),  # after the registry: captures are matched to it
    ("工单", orders_step),  # after the roster: orders go to the grids' specialists
    ("专项行动与双随机", campaigns_step),  # after the roster and the registry (#18)
    ("价格监测与预警", prices_step),  # after complaints: the warning scan reads them
    ("走访与执法", visits_step),  # before the grades: penalties and 年报 count
    ("本所分级", grades_step),  # the grade reads the complaints and lists just made
    ("日常巡查", patrols_step),  # after the grades: the plan follows them
    ("抽检", samplings_step),  # after the grades: a failed one regrades its entity
]
