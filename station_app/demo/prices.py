"""Demo step for price monitoring and early warnings (#19): 40 hotels with a year of daily
prices to today (weekend waves, holiday rises, National Day and Spring Festival 20–40 %),
three abnormal hotels (one triples on National Day, one quotes several prices a day during
holidays, one charges above its posted price), groups 全区酒店 and 景区周边酒店, two extra rules
(超过明码标价, 同日多价), flags refreshed and a few handled (a 告诫书, a 合理); a prepaid gym whose
legal representative changed while it has complaints; five complaints against one shop in two
weeks; warnings scanned. Uses ``run.rng`` only."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from station_app.clock import SHANGHAI
from station_app.data.repo import sweeps as grid_repo
from station_app.domain.prices.lists import FlagFilter
from station_app.domain.prices.windows import all_windows
from station_app.services.auth import Auth, UserService, system_auth
from station_app.services.complaints import ComplaintInput, ComplaintService
from station_app.services.entities import EntityData, EntityService
from station_app.services.prices import ObservationInput, PricesService, RuleInput, SubjectInput
from station_app.services.warnings import WarningsService

if TYPE_CHECKING:
    from random import Random

    from station_app.demo.run import DemoRun

HOTELS = 40
NAMES = ("悦来", "君悦", "泰山", "湖畔", "水浒", "如家", "锦江", "福源", "聚贤", "华美",
         "东原", "金都", "白佛山", "腊山", "戴村坝", "汇河", "银山", "梁山泊", "州城", "佛山")  # fmt: skip
KINDS = ("宾馆", "酒店", "大酒店", "快捷酒店")
CLASSES = (("经济型", 15000), ("舒适型", 26000), ("高档型", 42000), ("豪华型", 68000))
DISTRICTS = ("城关片区", "东平湖景区", "州城片区")
BIG_RISE = ("国庆节", "春节")
TRIPLE, MULTI, OVER_POSTED = 0, 1, 2  # the abnormal hotels


def _actor(users: UserService, username: str):  # type: ignore[no-untyped-def]
    for u in users.list_users_unchecked():
        if u.username == username:
            return u.actor()
    return system_auth().actor


def prices_step(run: DemoRun) -> None:
    users = UserService(run.db, system_auth())
    clerk = Auth(_actor(users, "sunli"))
    head = Auth(_actor(users, "admin"))
    rng, today = run.rng, run.today
    with run.db.session() as s:
        grids = grid_repo.grid_ids(s)
    svc = PricesService(run.db, clerk)
    subjects = _hotels(run, rng, grids, svc)
    _rules(PricesService(run.db, head))
    with run.db.session() as s:
        from station_app.services.calendar import work_calendar

        windows = all_windows(today - timedelta(days=400), today, work_calendar(s))
    items = [
        o
        for sid, base, posted, n in subjects
        for o in _year(rng, sid, base, n, posted, windows, today)
    ]
    total = len(items)
    svc.observe_batch(items, batch="演示数据", one_audit_row=True)  # one unit, one evaluation
    _handle(PricesService(run.db, Auth(_actor(users, "lihm"))))
    run.counts["price_subjects"] = len(subjects)
    run.counts["price_observations"] = total
    run.counts["price_flags"] = svc.flag_rows(FlagFilter()).count()
    _warnings(run, rng, grids, users, today)


def _hotels(run: DemoRun, rng: Random, grids: list[int], svc: PricesService) -> list:
    entities = EntityService(run.db, system_auth())
    all_group, _ = svc.add_group("全区酒店", "本所辖区内全部住宿经营者")
    lake_group, _ = svc.add_group("景区周边酒店", "东平湖景区周边")
    out, members, lake = [], [], []
    for n in range(HOTELS):
        name = f"东平县{NAMES[n % len(NAMES)]}{KINDS[(n // len(NAMES) + n) % len(KINDS)]}"
        if n >= len(NAMES):
            name = (
                f"东平县{NAMES[n % len(NAMES)]}{'商务' if n % 2 else '假日'}{KINDS[n % len(KINDS)]}"
            )
        district = DISTRICTS[n % len(DISTRICTS)]
        klass, base = CLASSES[rng.choice((0, 0, 1, 1, 1, 2, 2, 3))]
        card, _ = entities.save(
            EntityData(name=name, address=f"东平县{district[:2]}{rng.randint(1, 300)}号",
                       grid_id=rng.choice(grids) if grids else None, legal_rep="",
                       industries=("其他",))
        )  # fmt: skip
        base = int(base * rng.uniform(0.85, 1.2)) // 100 * 100
        posted = base * 2 if n != OVER_POSTED else base
        rooms = [("标准间", base, posted)] + (
            [("大床房", base + 4000, posted + 6000)] if n % 4 == 0 else []
        )
        for room, price, post in rooms:
            v, _ = svc.add_subject(
                SubjectInput(name=room, entity_id=card.data.id, posted_fen=post, district=district,
                             klass=klass)
            )  # fmt: skip
            out.append((v.id, price, post, n if room == "标准间" else -1))
            members.append(v.id)
            if district == "东平湖景区":
                lake.append(v.id)
    svc.set_members(all_group.id, members)
    svc.set_members(lake_group.id, lake)
    return out


def _rules(svc: PricesService) -> None:
    svc.save_rule(None, RuleInput("above_posted", "超过明码标价", {"basis": "明码标价"}),
                  "县局节假日价格监管通知：不得超过明码标价收费")  # fmt: skip
    svc.save_rule(None, RuleInput("multiple_prices", "同日多价", {"max_prices": 1}),
                  "节假日期间同一房型同日只能有一个价格")  # fmt: skip


def _factor(day: date, windows, rng: Random, n: int) -> float:  # type: ignore[no-untyped-def]
    window = next((w for w in windows if w.contains(day)), None)
    factor = 1.12 if day.weekday() >= 4 else 1.0
    if window is not None:
        big = any(name in window.name for name in BIG_RISE)
        factor = rng.uniform(1.2, 1.4) if big else rng.uniform(1.05, 1.2)
        if n == TRIPLE and "国庆节" in window.name:
            factor = 3.0
        if n == OVER_POSTED:
            factor = max(factor, 1.15)
    return factor * rng.uniform(0.96, 1.04)


def _year(rng: Random, sid: int, base: int, n: int, posted: int, windows, today: date):  # type: ignore[no-untyped-def]
    for back in range(365, -1, -1):
        day = today - timedelta(days=back)
        if rng.random() < 0.06 and n not in (TRIPLE, MULTI, OVER_POSTED):
            continue  # a day nobody looked
        price = int(base * _factor(day, windows, rng, n)) // 100 * 100
        at = datetime.combine(day, time(rng.randint(9, 21), rng.choice((0, 15, 30, 45))), SHANGHAI)
        if back == 0:
            at = datetime.combine(day, time(0, 5), SHANGHAI)
        source = "网络平台" if rng.random() < 0.8 else "现场"
        yield ObservationInput(sid, at, price, source, "携程" if source == "网络平台" else "")
        in_window = any(w.contains(day) for w in windows)
        if n == MULTI and in_window and back > 0:
            for extra in (1.2, 1.45):
                later = at.replace(hour=min(at.hour + 2, 23))
                yield ObservationInput(sid, later, int(price * extra) // 100 * 100, "电话")


def _handle(svc: PricesService) -> None:
    """A 告诫书 for the hotel that tripled, one flag found reasonable."""
    flags = svc.flags(FlagFilter(state="待处理"))
    if not flags:
        return
    top = max(flags, key=lambda f: f.ratio_bp or 0)
    same = [f.id for f in flags if f.entity_id == top.entity_id and f.rule_id == top.rule_id][:3]
    svc.warn(same, "王经理", "直接送达")
    others = [f for f in flags if f.entity_id != top.entity_id]
    if others:
        f = others[0]
        svc.reasonable(f.id, f.version, "经核查，当日价格含双早及景区门票，已明示")


def _complaint(entity_id: int, day: date, n: int, goods: str, facts: str) -> ComplaintInput:
    return ComplaintInput(
        channel="12315", received_on=day, complainant_name=f"王{'明华强丽军'[n % 5]}{'一二三四五'[n % 5]}",
        complainant_phone=f"1381234{8100 + n:04d}", complainant_address=f"东平县城关镇幸福路{n + 3}号",
        entity_id=entity_id, goods=goods, amount_fen=50000 + 10000 * n, claim="退款", facts=facts,
    )  # fmt: skip


def _warnings(run: DemoRun, rng: Random, grids: list[int], users: UserService, today: date) -> None:
    entities = EntityService(run.db, system_auth())
    complaints = ComplaintService(run.db, Auth(_actor(users, "sunli")))
    grid = rng.choice(grids) if grids else None
    gym, _ = entities.save(
        EntityData(name="东平县力健健身服务有限公司", address="东平县东山路18号", legal_rep="赵志刚",
                   grid_id=grid, industries=("预付式消费",), tags=("持有预收款",))
    )  # fmt: skip
    shop, _ = entities.save(
        EntityData(name="东平县惠民家电商行", address="东平县人民路166号", legal_rep="孙建民", grid_id=grid)
    )  # fmt: skip
    warnings = WarningsService(run.db, system_auth())
    warnings.scan()  # the first look at the gym records its legal representative
    entities.save(_with_rep(entities.get(gym.data.id).data, "钱海涛"))
    for n, back in enumerate((40, 9)):
        complaints.register(
            _complaint(gym.data.id, today - timedelta(days=back), n, "健身年卡",
                       "办理年卡后门店更换老板，新老板不认旧卡，要求退还余额。"),
            today=today - timedelta(days=back),
        )  # fmt: skip
    for n, back in enumerate((13, 10, 7, 4, 1)):
        complaints.register(
            _complaint(shop.data.id, today - timedelta(days=back), n + 2, "电热水器",
                       "购买后漏水，商家拒绝退换。"),
            today=today - timedelta(days=back),
        )  # fmt: skip
    result, _ = warnings.scan()
    run.counts["warnings"] = result.new


def _with_rep(data: EntityData, legal_rep: str) -> EntityData:
    from dataclasses import replace

    return replace(data, legal_rep=legal_rep)
