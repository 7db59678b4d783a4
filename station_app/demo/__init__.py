"""Demo database (演示数据库): deterministic, realistic synthetic data for every module.

Each area has a step module here, registered in ``demo.steps.DEMO_STEPS``; steps run in order
with one shared seeded ``random.Random``, so the same seed always gives the same database.

The demo never touches a database it did not build: it (re)builds only a database whose
identity says ``origin = demo`` (set by this package, by no service), a new file, or a database
nobody has used yet (no user, no station profile, no audit row). The options are checked before
anything else. A SQLite demo is built beside the target under a hidden name and goes in only
when complete (a new file is renamed into place, an existing demo is swapped in with SQLite's
backup API, in one transaction): a killed rebuild leaves the old demo as it was. On PostgreSQL
the tables are dropped and rebuilt in place.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from station_app.clock import Clock
from station_app.data import identity, migrate
from station_app.data import restore as files
from station_app.data.engine import Database, sqlite_url
from station_app.data.reset import drop_all_tables
from station_app.demo.run import DemoOptions, DemoRun, DemoStep
from station_app.errors import StationError
from station_app.services.base import Changes, NullProgress, Progress, check_cancel

__all__ = ["DemoOptions", "DemoRun", "DemoService", "DemoStep", "build_new_file"]

NOT_DEMO = (
    "该数据库已有正式数据（{}），不是演示程序生成的演示数据库，不能写入演示数据，未做任何改动。\n"
    "请用 --db 指定一个还不存在的文件，或不加 --db 使用默认的演示数据库。"
)


class DemoService:
    def __init__(self, db: Database, *, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or Clock()

    def build(
        self, options: DemoOptions | None = None, progress: Progress | None = None
    ) -> tuple[dict[str, int], Changes]:
        """(Re)build the demo data in this database (see the module: only a demo this package
        built, or a database nobody has used). The options are checked first."""
        options = (options or DemoOptions()).validate(self._clock.today())
        progress = progress or NullProgress()
        self._refuse_unless_demo()
        path = self._db.info.path
        if self._db.is_sqlite and path is not None:
            staged = files.staging_path(path, "demo-build")
            try:
                counts, instance = _build_file(staged, options, progress, self._clock)
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
        return _fill(self._db, options, progress, self._clock), Changes.of("*")

    def _refuse_unless_demo(self) -> None:
        found = files.facts(self._db)
        if found.origin != identity.DEMO and files.holds_user_data(self._db):
            raise StationError(NOT_DEMO.format(found.station))


def build_new_file(
    path: Path,
    options: DemoOptions | None = None,
    progress: Progress | None = None,
    clock: Clock | None = None,
) -> dict[str, int]:
    """``demo`` where no database exists yet (``--db NEW.sqlite3``, or the first demo in the
    default place): built under a hidden name beside it and renamed into place once complete,
    so a killed build leaves no half-made database behind."""
    clock = clock or Clock()
    options = (options or DemoOptions()).validate(clock.today())
    progress = progress or NullProgress()
    path = Path(path)
    if path.exists():
        raise StationError(f"文件已存在：{path}\n未做任何改动。")
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = files.staging_path(path, "demo-build")
    try:
        counts, _instance = _build_file(staged, options, progress, clock)
        os.replace(staged, path)
    finally:
        files.remove_with_sidecars(staged)
    return counts


def _build_file(
    staged: Path, options: DemoOptions, progress: Progress, clock: Clock
) -> tuple[dict[str, int], str]:
    """A complete demo database in the new file ``staged`` (WAL folded in, closed)."""
    files.remove_with_sidecars(staged)
    db = Database(sqlite_url(staged), create=True)
    try:
        migrate.upgrade(db)
        instance = _mark_demo_origin(db)
        counts = _fill(db, options, progress, clock)
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


def _fill(db: Database, options: DemoOptions, progress: Progress, clock: Clock) -> dict[str, int]:
    from station_app.demo.steps import DEMO_STEPS

    run = DemoRun(db, random.Random(options.seed), options, progress, today=clock.today())
    for done, (label, step) in enumerate(DEMO_STEPS):
        check_cancel(progress)
        progress.report(done, len(DEMO_STEPS), f"生成演示数据：{label}")
        step(run)
    progress.report(len(DEMO_STEPS), len(DEMO_STEPS), "演示数据已生成")
    return run.counts
