"""What every bench shares: the ``Figure`` it reports, the run's ``BenchConfig``, and the
environment of the child processes it times."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str


@dataclass
class BenchConfig:
    runs: int
    home: Path  # STATION_HOME for the subprocesses (a throwaway folder)
    db_url: str | None  # PostgreSQL URL to bench as well, when given
    audit_rows: int = 1_000_000
    entities: int | None = None  # --entities: size of the entity registry benches
    complaints: int | None = None  # --complaints: complaints of the report bench's year
    cache: Path | None = None  # --cache: keep (and reuse) the report bench's SQLite database


def bench_env(cfg: BenchConfig) -> dict[str, str]:
    env = dict(os.environ)
    env["STATION_HOME"] = str(cfg.home)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("STATION_DB_URL", None)
    # An installed application starts from compiled bytecode; a shell that forbids writing
    # .pyc files would make every run recompile (~150 ms) and time the compiler, not us.
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    env.update(STATION_USER="admin", STATION_PASSWORD="station-demo")  # the demo's admin
    return env
