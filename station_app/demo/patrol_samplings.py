"""Demo samplings (抽检): a few dozen batches over the last six months on operating shops,
about one in seven failed (which weighs on their grade), one entered wrongly and voided.
Uses ``run.rng`` only."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from station_app.clock import Clock
from station_app.domain.entities import EntityFilter
from station_app.domain.patrols.samplings import SamplingDraft
from station_app.services.auth import Auth, UserService, system_auth
from station_app.services.entities import EntityService
from station_app.services.patrols import PatrolService

if TYPE_CHECKING:
    from station_app.demo.run import DemoRun

SAMPLINGS = 36
PRODUCTS = (
    ("散装白酒", "甲醇超标"),
    ("鲜猪肉", "克伦特罗检出"),
    ("韭菜", "腐霉利超标"),
    ("油条", "铝的残留量超标"),
    ("桶装饮用水", "铜绿假单胞菌检出"),
    ("奶油蛋糕", "菌落总数超标"),
    ("酱牛肉", "亚硝酸盐超标"),
    ("豆芽", "4-氯苯氧乙酸钠检出"),
)
AGENCIES = ("泰安市食品药品检验检测研究院", "东平县食品检验检测中心")


def samplings_step(run: DemoRun) -> None:
    from station_app.demo.patrols import _actor

    clerk = _actor(UserService(run.db, system_auth()), "sunli")
    auth = Auth(clerk)
    rows = EntityService(run.db, auth, clock=Clock(run.today)).rows(EntityFilter(status="在营"))
    ids = list(rows.fetch_ids(None, False))
    if not ids:
        return
    svc = PatrolService(run.db, auth, clock=Clock(run.today))
    made = []
    for n in range(SAMPLINGS):
        product, item = PRODUCTS[run.rng.randrange(len(PRODUCTS))]
        failed = run.rng.random() < 0.15
        day = run.today - timedelta(days=run.rng.randrange(1, 180))
        draft = SamplingDraft(
            ids[run.rng.randrange(len(ids))], day, product, not failed,
            batch=f"{day:%Y%m%d}{n % 7 + 1:02d}", failed_items=item if failed else "",
            report_no=f"SP{day:%Y}{n + 1:04d}", agency=AGENCIES[n % len(AGENCIES)],
        )  # fmt: skip
        made.append(svc.record_sampling(draft)[0])
    wrong = made[-1]
    svc.void_sampling(wrong.id, wrong.version, "样品编号录错，实为另一批次")
    run.counts["samplings"] = len(made)
