#!/usr/bin/env python3
"""Developer commands for Station desk (stdlib only; Linux and Windows).

    python3 scripts/dev.py demo [--seed S ...]   venv + install, fill a demo database, open the GUI on it
    python3 scripts/dev.py test [pytest args]    venv + install [test], throwaway PostgreSQL, run pytest

Windows: ``py scripts\\dev.py demo`` / ``py scripts\\dev.py test``.
Environment: TEST_PG_URL (use this server instead of starting one), STATION_REQUIRE_PG=1 (fail instead of
skipping the PostgreSQL tests when no server can be started; CI sets it).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".station-dev-install.json"
WINDOWS = os.name == "nt"
EXE = ".exe" if WINDOWS else ""
AS_ROOT = not WINDOWS and os.geteuid() == 0  # PostgreSQL refuses to run as root


def say(msg: str) -> None:
    print(f"[dev] {msg}", flush=True)


def venv_python() -> Path:
    # Windows venvs keep the interpreter in Scripts\python.exe, POSIX ones in bin/python.
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def ensure_venv(extra: str) -> Path:
    """Create .venv if missing; ``pip install -e .[extra]`` unless pyproject.toml is unchanged."""
    py = venv_python()
    say(f"python {sys.version.split()[0]} ({sys.executable}); venv {VENV}")
    if not py.exists():
        say("creating .venv")
        STAMP.unlink(missing_ok=True)
        if subprocess.run([sys.executable, "-m", "venv", str(VENV)]).returncode != 0:
            shutil.rmtree(VENV, ignore_errors=True)
            sys.exit(
                "[dev] 无法创建虚拟环境 / cannot create a virtual environment. On Debian/Ubuntu: "
                "sudo apt install python3-venv   (then run this command again)"
            )
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = json.loads(STAMP.read_text()) if STAMP.exists() else {}
    extras = set(stamp.get("extras", [])) if stamp.get("pyproject") == digest else set()
    if extra in extras:
        return py
    target = f".[{extra}]" if extra else "."
    say(f"pip install -e {target} (first run downloads PySide6, a few minutes)")
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    pip = [str(py), "-m", "pip", "install", "-q", "-e", target]
    subprocess.run(pip, cwd=ROOT, env=env, check=True)
    STAMP.write_text(json.dumps({"pyproject": digest, "extras": sorted(extras | {extra, ""})}))
    return py


def run_child(cmd: list[str], env: dict[str, str] | None = None) -> int:
    """Run a child on our console. Ctrl+C reaches it directly, so we wait for it to finish its own
    clean-up; a second Ctrl+C interrupts us too."""
    hits = 0

    def on_sigint(signum: int, frame: object) -> None:
        nonlocal hits
        hits += 1
        if hits > 1:
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        return subprocess.call(cmd, cwd=ROOT, env=env)
    finally:
        signal.signal(signal.SIGINT, previous)


# --- throwaway PostgreSQL -------------------------------------------------------------------


def find_pg_bin() -> Path | None:
    """Directory holding initdb, pg_ctl and createdb: PATH (symlinks followed), then the usual
    install locations, newest version first."""
    on_path = shutil.which("pg_ctl")
    candidates = [Path(on_path).resolve().parent, Path(on_path).parent] if on_path else []
    pattern = r"C:\Program Files\PostgreSQL\*\bin" if WINDOWS else "/usr/lib/postgresql/*/bin"

    def version(d: str) -> tuple[int, ...]:
        return tuple(int(x) for x in Path(d).parent.name.split(".") if x.isdigit())

    candidates += [Path(d) for d in sorted(glob.glob(pattern), key=version, reverse=True)]
    for d in candidates:
        if all((d / f"{tool}{EXE}").exists() for tool in ("initdb", "pg_ctl", "createdb")):
            return d
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayPostgres:
    """initdb + pg_ctl start in a temporary folder; ``stop()`` removes every trace."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        # As root the server runs as `postgres`, which must reach the folder: keep it under /tmp.
        self.tmp = Path(tempfile.mkdtemp(prefix="station-pg-", dir="/tmp" if AS_ROOT else None))
        self.data = self.tmp / "data"
        self.port = free_port()
        if AS_ROOT:
            shutil.chown(self.tmp, "postgres", "postgres")

    def _run(self, tool: str, *args: str, check: bool = True) -> int:
        """Run a PostgreSQL tool, output to tools.log: never a pipe, which the server started by
        pg_ctl could inherit and hold open (subprocess would then wait forever, e.g. on Windows)."""
        cmd = [str(self.bindir / f"{tool}{EXE}"), *args]
        if AS_ROOT:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        with open(self.tmp / "tools.log", "a") as out:
            return subprocess.run(cmd, stdout=out, stderr=out, check=check).returncode

    def start(self) -> str:
        base = ["-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]
        if self._run("initdb", *base, "--locale=C.UTF-8", check=False) != 0:
            shutil.rmtree(self.data, ignore_errors=True)  # C.UTF-8 is missing on some systems
            self._run("initdb", *base, "--locale=C")
        self.start_server()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "apptest")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/apptest"

    def start_server(self, extra: str = "") -> None:
        """Start the initialised cluster (again, after :meth:`stop_server`); ``extra`` server
        options win over the defaults (``-c synchronous_commit=on``: commits survive a kill)."""
        opts = f"-p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off"
        opts += f" -c synchronous_commit=off -c full_page_writes=off {extra}".rstrip()
        if not WINDOWS:  # unix socket beside the data, not in /var/run (Windows: TCP only)
            opts += f' -k "{self.tmp}"'
        log = str(self.tmp / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-t", "60", "-o", opts, "start")

    def stop_server(self, mode: str = "immediate") -> None:
        """Stop the server, keeping the cluster (tests of a server that goes away mid-command)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def stop(self) -> None:
        running = (self.data / "postmaster.pid").exists()
        args = ["-D", str(self.data), "-m", "immediate", "-w", "stop"]
        if running and self._run("pg_ctl", *args, check=False):
            say(f"warning: pg_ctl stop failed:\n{self.logs()}")
        for _ in range(20):  # Windows may hold files a moment after the server exits
            shutil.rmtree(self.tmp, ignore_errors=True)
            if not self.tmp.exists():
                break
            time.sleep(0.25)
        else:
            say(f"warning: could not remove {self.tmp}")
        say("PostgreSQL stopped, temporary cluster removed")

    def logs(self) -> str:
        files = [self.tmp / "tools.log", self.tmp / "server.log"]
        return "".join(f.read_text(errors="replace")[-2000:] for f in files if f.exists())


def start_postgres() -> ThrowawayPostgres | None:
    """Start a throwaway server if one is installed; sets TEST_PG_URL. None: PG tests will skip."""
    bindir = find_pg_bin()
    if bindir is None:
        say("PostgreSQL 未安装：跳过 PostgreSQL 测试 / PostgreSQL not found: tests will be skipped")
        return None
    pg = ThrowawayPostgres(bindir)
    try:
        os.environ["TEST_PG_URL"] = pg.start()
    except (subprocess.CalledProcessError, OSError) as exc:
        say(f"PostgreSQL failed to start ({bindir}): {exc}\n{pg.logs()}")
        pg.stop()
        say("PostgreSQL 启动失败：跳过 PostgreSQL 测试 / PostgreSQL tests will be skipped")
        return None
    except BaseException:  # Ctrl+C / SIGTERM half-way: leave nothing behind
        pg.stop()
        raise
    say(f"PostgreSQL tests: ON, throwaway server {bindir} on 127.0.0.1:{pg.port} ({pg.tmp})")
    return pg


# --- commands -------------------------------------------------------------------------------


def cmd_demo(args: list[str]) -> int:
    py = str(ensure_venv(""))
    say(f"{py} -m station_app demo {' '.join(args)}".rstrip())
    code = run_child([py, "-m", "station_app", "demo", *args])
    if code != 0:
        return code
    warn_missing_qt_libraries()
    say("opening the GUI on the demo database (login: admin / station-demo)")
    return run_child([py, "-m", "station_app", "--demo"])


QT_XCB_LIBS = {  # library file -> Debian/Ubuntu package (Qt 6.5+ needs xcb-cursor for xcb)
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def warn_missing_qt_libraries() -> None:
    """On Linux, name the apt packages Qt's window plugin still needs (it blames the wrong one)."""
    if not sys.platform.startswith("linux") or not shutil.which("ldconfig"):
        return
    known = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    missing = [pkg for lib, pkg in QT_XCB_LIBS.items() if lib not in known]
    if missing:
        say(
            "Qt 需要的系统库缺失 / missing libraries for Qt windows: "
            f"sudo apt install {' '.join(missing)}"
        )


def cmd_test(args: list[str]) -> int:
    py = str(ensure_venv("test"))
    pg: ThrowawayPostgres | None = None
    try:
        if os.environ.get("TEST_PG_URL"):
            say("PostgreSQL tests: ON, using TEST_PG_URL from the environment")
        else:
            pg = start_postgres()
            if pg is None and os.environ.get("STATION_REQUIRE_PG") == "1":
                say("STATION_REQUIRE_PG=1 but no PostgreSQL could be started: failing")
                return 1
        env = {**os.environ}
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Test paths given (``test tests/services/test_orders.py``) run alone; otherwise the suite.
        named = [a for a in args if not a.startswith("-") and Path(a.split("::")[0]).exists()]
        where = [] if named else ["tests"]
        say(f"{py} -m pytest -q {' '.join([*where, *args])}".rstrip())
        code = run_child([py, "-m", "pytest", "-q", *where, *args], env)
        if code == 5:
            say("pytest collected no tests (exit 5): that is a failure")
            return 1
        return code
    finally:
        if pg is not None:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # let the clean-up finish
            pg.stop()


def on_terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM/SIGHUP/Ctrl+Break: unwind through the finally blocks


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 (run by the system python, not the venv)
        print("Python 3.11 or newer is required", file=sys.stderr)
        return 2
    for name in ("SIGTERM", "SIGHUP", "SIGBREAK"):  # SIGBREAK exists on Windows only
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), on_terminate)
    commands = {"demo": cmd_demo, "test": cmd_test}
    if not argv or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        return commands[argv[0]](argv[1:])
    except subprocess.CalledProcessError as exc:
        say(f"failed: {' '.join(map(str, exc.cmd))} (exit {exc.returncode})")
        return exc.returncode or 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
