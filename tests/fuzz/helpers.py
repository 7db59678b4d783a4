"""Shared by the fuzz tests: reading a file in a child process with a memory ceiling, and a
fingerprint of the whole database (every row of every table) to prove nothing changed."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MEMORY_CEILING = 3 << 30  # address space of a child; an unbounded allocation fails, not swaps


def read_in_child(path: Path, reader: str = "ledger") -> dict:
    """Run ``tests.fuzz.child`` on ``path``; its JSON answer (``message`` or ``rows``,
    ``error`` type, ``peak_mb``). A crash (abort, segfault) fails the calling test."""
    env = dict(os.environ, STATION_FUZZ_CEILING=str(MEMORY_CEILING))
    proc = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.child", reader, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, f"{path.name}: exit {proc.returncode}\n{proc.stderr[-3000:]}"
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)


def fingerprint(ctx) -> str:
    """A hash of every row of every table (ordered by primary key)."""
    from sqlalchemy import select

    from station_app.data.models import import_all
    from station_app.data.models.base import Base

    import_all()
    digest = hashlib.sha256()
    with ctx.db.session() as s:
        for table in sorted(Base.metadata.tables.values(), key=lambda t: t.name):
            order = list(table.primary_key.columns) or list(table.columns)
            for row in s.execute(select(table).order_by(*order)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()
