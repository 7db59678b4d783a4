"""Demo database (演示数据库): deterministic, realistic synthetic data for every module.

Each area has a step module here, registered in ``demo.steps.DEMO_STEPS``; steps run in order with one shared seeded
``random.Random``, so the same seed always gives the same database. The demo never writes into a
database that holds real data: only an empty database or an earlier demo is (re)built.
"""

from __future__ import annotations

import random

from station_app.clock import Clock
from station_app.data import migrate
from station_app.data.engine import Database
from station_app.data.reset import drop_all_tables
from station_app.demo.run import DemoOptions, DemoRun, DemoStep
from station_app.errors import StationError
from station_app.services.auth import system_auth
from station_app.services.base import Changes, NullProgress, Progress, check_cancel
from station_app.services.station import StationService

__all__ = ["DemoOptions", "DemoRun", "DemoService", "DemoStep"]


class DemoService:
    def __init__(self, db: Database, *, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or Clock()

    def build(
        self, options: DemoOptions | None = None, progress: Progress | None = None
    ) -> tuple[dict[str, int], Changes]:
        """(Re)build the demo data. Refuses a database that holds non-demo data."""
        options = options or DemoOptions()
        progress = progress or NullProgress()
        from station_app.demo.steps import DEMO_STEPS

        self._prepare()
        rng = random.Random(options.seed)
        run = DemoRun(self._db, rng, options, progress, today=self._clock.today())
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
