"""Demo data for the grid roster (STATIONS.md §1, §5): 17 communities, 21 grids GZ01–GZ21,
21 specialists, ~55 grid workers, ~200 volunteers in 4 supervision groups, 8 trainings with
~500 attendances, assignment history, and a few grids deliberately out of rule:

* GZ07 has only 1 grid worker;
* GZ13's specialist left this year, so it has no specialist from that day;
* GZ05's specialist was replaced last year (a handover sheet exists);
* two enforcement certificates expire within 30 days.

Random choices use ``run.rng`` only. Dates that must stay "recent" (certificates expiring soon,
this year's trainings, the leaver) are placed relative to today.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from station_app.data import audit
from station_app.data.models import Community, Grid, GridAssignment, Person, Training
from station_app.data.repo import roster as repo
from station_app.domain import pinyin
from station_app.domain import roster_rules as rules
from station_app.domain.auth import SYSTEM

if TYPE_CHECKING:
    from station_app.demo.run import DemoRun

COMMUNITIES = (
    ("东关社区", "社区"),
    ("西关社区", "社区"),
    ("南关社区", "社区"),
    ("北关社区", "社区"),
    ("人民路社区", "社区"),
    ("府前街社区", "社区"),
    ("文化路社区", "社区"),
    ("新华社区", "社区"),
    ("幸福社区", "社区"),
    ("和平社区", "社区"),
    ("桃园社区", "社区"),
    ("龙山社区", "社区"),
    ("王庄村", "村"),
    ("李家湾村", "村"),
    ("后屯村", "村"),
    ("张楼村", "村"),
    ("柳林村", "村"),
)
# Big communities are split into two grids: 17 communities → 21 grids.
SPLIT = {"东关社区", "人民路社区", "新华社区", "府前街社区"}
NUMERALS = "一二"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = [
    "建国",
    "秀英",
    "丽华",
    "志强",
    "海燕",
    "晓东",
    "红梅",
    "玉兰",
    "文军",
    "桂芳",
    "明杰",
    "春生",
    "淑珍",
    "德顺",
    "永刚",
    "秋菊",
    "振华",
    "金凤",
    "立新",
    "宏伟",
    "丽娟",
    "国庆",
    "爱民",
    "建军",
    "敏",
    "静",
    "磊",
    "洋",
    "艳霞",
    "超",
    "勇",
    "娜",
    "涛",
    "晓燕",
    "建华",
    "玉梅",
    "军",
    "伟",
    "芳",
    "丹",
    "志刚",
    "海涛",
    "淑芬",
    "桂英",
    "俊杰",
    "雪梅",
    "晓丽",
    "子涵",
    "浩然",
    "欣怡",
    "宇航",
    "佳琪",
    "国强",
    "学文",
    "凤英",
    "长青",
    "新民",
    "红霞",
    "文静",
    "保国",
    "秀兰",
    "春燕",
]
TOPICS = (
    ("食品安全快速检测与常见问题识别", 2.0),
    ("特种设备（电梯、气瓶）安全常识", 1.5),
    ("网格巡查要点与线索上报流程", 2.0),
    ("消费维权与纠纷现场调解", 1.5),
    ("明码标价与价格监督检查", 1.0),
    ("药品医疗器械经营使用安全", 1.5),
    ("经营主体信用风险分类与分级监管", 2.0),
    ("防范针对老年人的虚假宣传和诈骗", 1.0),
)


class _Names:
    def __init__(self, rng) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def new(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            if name not in self.used:
                self.used.add(name)
                return name


def _phone(rng) -> str:
    return "1" + rng.choice("3578") + "".join(str(rng.randrange(10)) for _ in range(9))


def roster_step(run: DemoRun) -> None:
    rng = run.rng
    today = run.today
    names = _Names(rng)
    entries: list[audit.AuditEntry] = []
    people: list[Person] = []

    def person(roles: list[str], org: str, group: str = "", **kw) -> Person:
        name = names.new()
        initials, full = pinyin.initials_variants(name), pinyin.full(name)
        p = Person(
            name=name,
            gender=rng.choice(rules.GENDERS),
            phone=_phone(rng),
            id_number="",
            organisation=org,
            roles=rules.roles_text(roles),
            cert_no=kw.get("cert_no", ""),
            cert_expiry=kw.get("cert_expiry"),
            supervision_group=group,
            name_initials=initials,
            name_pinyin=full,
            active=True,
            left_on=None,
            note="",
        )
        people.append(p)
        return p

    with run.db.uow() as s:
        communities = {}
        for name, kind in COMMUNITIES:
            communities[name] = Community(name=name, kind=kind, note="")
            s.add(communities[name])
        grids: list[Grid] = []
        for name, _kind in COMMUNITIES:
            parts = (
                [f"{name}{NUMERALS[i]}网格" for i in range(2)] if name in SPLIT else [f"{name}网格"]
            )
            for part in parts:
                n = len(grids) + 1
                group = rules.DEFAULT_GROUPS[min((n - 1) // 5, 3)]
                grid = Grid(
                    code=f"GZ{n:02d}",
                    name=part.replace("社区", ""),
                    boundary=f"东至{rng.choice('兴隆通达建设光明')}路，西至{rng.choice('青年解放迎宾文昌')}街，"
                    f"南至{rng.choice('汶河滨河胜利')}路，北至{rng.choice('泰山东平长青')}大街",
                    supervision_group=group,
                    active=True,
                    note="",
                )
                grid.communities = [communities[name]]
                s.add(grid)
                grids.append(grid)
        s.flush()

        start = date(today.year - 3, 3, 1)
        replaced_on = date(today.year - 1, 7, 1)
        leaver_on = max(date(today.year, 1, 15), today - timedelta(days=45))
        assignments: list[tuple[Grid, Person, str, date, date | None]] = []

        def assign(grid: Grid, p: Person, role: str, since: date, until: date | None = None):
            assignments.append((grid, p, role, since, until))

        # specialists: 21 (one per grid), some also enforcement officers
        expiring = {3: today + timedelta(days=12), 16: today + timedelta(days=26)}
        specialists: list[Person] = []
        for i, grid in enumerate(grids):
            roles = [rules.SPECIALIST]
            kw: dict[str, Any] = {}
            if i % 3 == 0 or i in expiring:
                roles.append(rules.ENFORCER)
                kw = {
                    "cert_no": f"鲁37{rng.randrange(10**9, 10**10)}",
                    "cert_expiry": expiring.get(
                        i, date(today.year + rng.randint(1, 4), rng.randint(1, 12), 28)
                    ),
                }
            p = person(roles, "城关市场监督管理所", **kw)
            specialists.append(p)
            if grid.code == "GZ05":
                old = person([rules.SPECIALIST], "城关市场监督管理所")
                assign(grid, old, rules.SPECIALIST, start, replaced_on)
                assign(grid, p, rules.SPECIALIST, replaced_on)
            elif grid.code == "GZ13":
                assign(grid, p, rules.SPECIALIST, start, leaver_on)
                p.active, p.left_on, p.note = False, leaver_on, "调县局工作"
            else:
                assign(grid, p, rules.SPECIALIST, start)

        # grid workers: GZ07 has 1; 14 grids have 3 and 6 have 2 → 55
        others = [g for g in grids if g.code != "GZ07"]
        threes = set(rng.sample(range(len(others)), 14))
        workers: list[Person] = []
        for grid in grids:
            count = 1 if grid.code == "GZ07" else (3 if others.index(grid) in threes else 2)
            org = f"{grid.communities[0].name}{'村委会' if grid.communities[0].kind == '村' else '居委会'}"
            for k in range(count):
                p = person([rules.GRID_WORKER], org)
                workers.append(p)
                since = start if k < 2 else date(today.year - 2, rng.randint(1, 12), 1)
                if grid.code == "GZ10" and k == 0:  # a worker handed over within the grid
                    former = person([rules.GRID_WORKER], org)
                    former.active, former.left_on = False, date(today.year - 1, 3, 1)
                    assign(grid, former, rules.GRID_WORKER, start, former.left_on)
                    since = former.left_on
                assign(grid, p, rules.GRID_WORKER, since)

        # volunteers: 200 in 4 supervision groups (by their community's grids)
        volunteers: list[Person] = []
        for v in range(200):
            grid = grids[v % len(grids)]
            p = person([rules.VOLUNTEER], grid.communities[0].name, grid.supervision_group)
            volunteers.append(p)
        for _ in range(4):
            person([rules.MEDIATOR], "城关市场监督管理所消费维权服务站")

        for p in people:
            s.add(p)
        s.flush()
        for grid, p, role, since, until in assignments:
            s.add(
                GridAssignment(
                    grid_id=grid.id,
                    person_id=p.id,
                    role=role,
                    start_on=since,
                    end_on=until,
                    note="",
                )
            )
        s.flush()

        # trainings: 8 this year (last year when it is still January/February)
        year = today.year if today.month >= 3 else today.year - 1
        first = date(year, 1, 8)
        span = max(60, min((today - first).days - 7, 350))
        pool = [p for p in [*specialists, *workers, *volunteers] if p.active]
        trainings = []
        attendances = 0
        for i, (topic, hours) in enumerate(TOPICS):
            t = Training(
                held_on=first + timedelta(days=span * i // len(TOPICS)),
                topic=topic,
                lecturer=rng.choice(specialists).name,
                hours_tenths=round(hours * 10),
                location=rng.choice(("所二楼会议室", "东关社区党群服务中心", "王庄村委会")),
                note="",
            )
            s.add(t)
            s.flush()
            attendees = rng.sample(pool, rng.randint(58, 68))
            repo.set_attendees(s, t.id, [p.id for p in attendees])
            attendances += len(attendees)
            trainings.append(t)

        for c in communities.values():
            entries.append(
                audit.AuditEntry(
                    audit.CREATE, "community", c.id, {"name": [None, c.name]}, "演示数据"
                )
            )
        for g in grids:
            entries.append(
                audit.AuditEntry(
                    audit.CREATE,
                    "grid",
                    g.id,
                    {"code": [None, g.code], "name": [None, g.name]},
                    "演示数据",
                )
            )
        for p in people:
            entries.append(
                audit.AuditEntry(audit.CREATE, "person", p.id, {"name": [None, p.name]}, "演示数据")
            )
        for t in trainings:
            entries.append(
                audit.AuditEntry(
                    audit.CREATE, "training", t.id, {"topic": [None, t.topic]}, "演示数据"
                )
            )
        audit.append(s, SYSTEM, entries)

    run.counts.update(
        {
            "communities": len(communities),
            "grids": len(grids),
            "people": len(people),
            "grid_workers": len(workers),
            "volunteers": len(volunteers),
            "trainings": len(trainings),
            "attendances": attendances,
        }
    )
