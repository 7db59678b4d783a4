"""A child process that reads one untrusted file under a memory ceiling and answers in JSON:
``{"rows": n}`` or ``{"error": type, "message": text}``, with ``peak_mb`` (its peak resident
memory). Used by the fuzz tests so that an abort in native code fails a test, not the run."""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path


def _read(reader: str, path: Path) -> dict:
    if reader == "ledger":
        from station_app.exports.ledger_reader import find_header, read_sheet
        from station_app.services.entity_import import HEADER_SYNONYMS

        sheet = read_sheet(path)
        find_header(sheet.rows, HEADER_SYNONYMS, fallback=True)
        return {"rows": len(sheet.rows)}
    if reader == "roster":
        from station_app.exports.roster_xlsx import read_roster_xlsx

        rows, errors = read_roster_xlsx(path)
        return {"rows": len(rows), "errors": [e.message for e in errors]}
    if reader == "package":
        from station_app.exports.report_package import read_package

        read_package(path)
        return {"rows": 0}
    raise SystemExit(f"unknown reader {reader}")


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: of its own image, unlike ru_maxrss, which
    keeps the size of the forking parent across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    reader, path = sys.argv[1], Path(sys.argv[2])
    ceiling = int(os.environ.get("STATION_FUZZ_CEILING", "0"))
    if ceiling:
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    from station_app.errors import StationError

    try:
        answer = _read(reader, path)
    except StationError as exc:
        answer = {"error": type(exc).__name__, "message": str(exc)}
    answer["peak_mb"] = _peak_mb()
    print(json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":
    main()
