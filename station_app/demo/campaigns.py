"""Demo step for campaigns and draws (#18): the year's 专项行动 (护校安园, 餐饮安心, 节日市场,
…) with their joining departments and frozen target lists, past ones closed; two 双随机
draws — 食品销售 with its results entered and published, 特种设备 drawn and waiting for
results — at fixed moments with witness digits from ``run.rng`` (the same seed gives the same
draws). Each campaign's checks, problem shops and 回头看 are patrol records of the patrols
area (#15), entered by ``demo/campaign_checks.py``; a past campaign is closed once its 回头看
are done. Uses ``run.rng`` only.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from station_app.clock import Clock
from station_app.domain.campaign_targets import TargetFilter
from station_app.domain.campaigns import THEMES
from station_app.domain.patrols.hazards import ON_SPOT, Finding
from station_app.domain.patrols.records import RecordDraft
from station_app.domain.periods import SHANGHAI
from station_app.errors import ValidationError
from station_app.services.auth import system_auth
from station_app.services.campaigns import CampaignDraft, CampaignService
from station_app.services.draws import DrawService, DrawSpec

if TYPE_CHECKING:
    from station_app.demo.run import DemoRun

CAMPAIGNS_PER_YEAR = 25
INDUSTRY_OF_THEME = {
    "护校安园": ("食品销售", "餐饮服务"),
    "餐饮安心": ("餐饮服务",),
    "节日市场": ("食品销售",),
    "电动自行车": ("工业产品",),
    "燃气安全": ("餐饮服务",),
    "预付式消费": ("预付式消费",),
    "老年人防诈": ("药品零售", "医疗器械"),
}
DEPARTMENTS_OF_THEME = {
    "护校安园": ("公安", "教育", "城管"),
    "餐饮安心": ("卫健", "城管"),
    "节日市场": ("公安", "商务"),
    "电动自行车": ("消防", "公安"),
    "燃气安全": ("应急管理", "消防", "住建"),
    "预付式消费": ("商务", "街道"),
    "老年人防诈": ("公安", "社区", "卫健"),
}


class _FixedClock(Clock):
    """A clock standing at one moment (Beijing time): the demo's draws are reproducible."""

    def __init__(self, moment: datetime) -> None:
        super().__init__(moment.date())
        self._moment = moment

    def now(self) -> datetime:
        return self._moment


def _campaigns(run: DemoRun, today: date) -> int:
    from station_app.demo.campaign_checks import work
    from station_app.demo.patrols import _actor
    from station_app.services.auth import Auth, UserService
    from station_app.services.roster import RosterService

    clerk = _actor(UserService(run.db, system_auth()), "sunli")
    roster = RosterService(run.db, Auth(clerk))
    people = [p.id for p in roster.search_people("", role="specialist", limit=200)]
    grids = [f"GZ{n:02d}" for n in range(1, 22)]
    made = 0
    start = today - timedelta(days=330)
    for n in range(CAMPAIGNS_PER_YEAR):
        theme = THEMES[n % len(THEMES)]
        first = start + timedelta(days=13 * n)
        last = first + timedelta(days=run.rng.choice((14, 21, 30)))
        svc = CampaignService(run.db, system_auth(), clock=Clock(first))
        flt = TargetFilter(
            industries=INDUSTRY_OF_THEME[theme], grids=tuple(run.rng.sample(grids, 2))
        )
        draft = CampaignDraft(
            name=f"{theme}专项行动（第 {n // len(THEMES) + 1} 轮）",
            first_day=first,
            last_day=last,
            basis="县局专项行动工作方案",
            departments=DEPARTMENTS_OF_THEME[theme],
            target_filter=flt,
        )
        try:
            view, _ = svc.add(draft)
        except ValidationError:  # a smaller registry without those grids
            continue
        made += 1
        for key, value in work(run, clerk, view, today, people).items():
            run.counts[key] = run.counts.get(key, 0) + value
        if last < today - timedelta(days=3) and n < CAMPAIGNS_PER_YEAR - 2:
            _close(run, view.id, last, today)
    return made


def _close(run: DemoRun, campaign_id: int, last: date, today: date) -> None:
    """结束 after the period and the last 回头看 (left open while one is still due)."""
    svc = CampaignService(run.db, system_auth(), clock=Clock(today))
    done = [r.done_on for r in svc.revisits(campaign_id) if r.done_on is not None]
    day = min(max([last + timedelta(days=2), *(d + timedelta(days=1) for d in done)]), today)
    closer = CampaignService(run.db, system_auth(), clock=Clock(day))
    try:
        closer.close(campaign_id, closer.get(campaign_id).version, "按期完成")
    except ValidationError:  # a 回头看 still open: the campaign stays 已到期未结束
        pass


def _draws(run: DemoRun, today: date) -> int:
    first_day = today - timedelta(days=40)
    moment = datetime.combine(first_day, time(9, 30, 0), SHANGHAI)
    svc = DrawService(run.db, system_auth(), clock=_FixedClock(moment))
    witness = "".join(str(run.rng.randint(1, 6)) for _ in range(4))
    spec = DrawSpec(
        item="食品销售经营者监督检查",
        ratios="A=0.01,B=0.02,C=0.05,D=0.2",
        witness=witness,
        witnessed_by="县局派员",
    )
    try:
        food, _ = svc.run(spec)
    except ValidationError:  # too few inspectors in a small roster
        return 0
    checker = DrawService(run.db, system_auth(), clock=Clock(today - timedelta(days=5)))
    for obj in checker.get(food).objects:
        roll = run.rng.random()
        day = first_day + timedelta(days=run.rng.randint(1, 30))
        findings: tuple = ()
        if roll >= 0.92:
            findings = (Finding("食品安全", "索证索票不全", deadline=day + timedelta(days=10)),)
        elif roll >= 0.8:
            findings = (Finding("价格", "价签不全，当场改正", mode=ON_SPOT),)
        at = datetime.combine(day, time(10, run.rng.randrange(60)))
        draft = RecordDraft(obj.entity_id, at, findings=findings)  # the drawn inspectors
        checker.record_result(food, obj.entity_id, draft, assume_yes=True)
    publisher = DrawService(run.db, system_auth(), clock=Clock(today - timedelta(days=4)))
    with tempfile.TemporaryDirectory() as folder:
        publisher.publish(food, Path(folder) / "公示.xlsx")
    later = datetime.combine(today - timedelta(days=6), time(15, 0, 0), SHANGHAI)
    special = DrawService(run.db, system_auth(), clock=_FixedClock(later))
    special.run(
        DrawSpec(
            item="特种设备使用单位监督检查",
            ratios="A=0.005,B=0.01,C=0.03,D=0.1",
            witness="".join(str(run.rng.randint(1, 6)) for _ in range(4)),
            witnessed_by="社区代表",
        )
    )
    return 2


def campaigns_step(run: DemoRun) -> None:
    today = run.today
    run.counts["campaigns"] = _campaigns(run, today)
    run.counts["draws"] = _draws(run, today)
