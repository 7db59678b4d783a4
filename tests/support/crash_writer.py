"""Child process for the crash-safety test: writes batches until it is killed.

Each batch is one unit of work through the application's own path (Database.uow + audit.append),
exactly as services write: BATCH communities and one audit row per community.
Usage: python -m tests.support.crash_writer SQLITE_URL
"""

from __future__ import annotations

import itertools
import sys

from station_app.bootstrap import open_context
from station_app.data import audit
from station_app.data.models import Community
from station_app.domain.auth import ADMIN, Actor

BATCH = 250


def main(url: str) -> None:
    ctx = open_context(url, actor=Actor(None, "crash", ADMIN))
    print("READY", flush=True)
    for n in itertools.count():
        with ctx.db.uow() as s:
            rows = [Community(name=f"批次{n}-{i}-{id(s)}", kind="社区") for i in range(BATCH)]
            s.add_all(rows)
            s.flush()
            audit.append(
                s,
                ctx.auth.actor,
                [
                    audit.AuditEntry(audit.CREATE, "community", r.id, {"name": [None, r.name]})
                    for r in rows
                ],
            )


if __name__ == "__main__":
    main(sys.argv[1])
