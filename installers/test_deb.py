"""Test the UOS-layout .deb in a clean Debian bullseye root (the oldest root CI can reach:
glibc 2.31, as UOS V20 / Kylin V10), from the installed files only.

``python installers/test_deb.py dist/cn.stationdesk.app_<version>_amd64.deb`` (or ``_arm64.deb``:
the same checks in an arm64 root under qemu-user-static, binfmt_misc registered; its start-up
is timed once, emulated, not compared with the source tree)

The package's dependencies come from the mirror first (a snapshot of the root is taken then);
the package is installed with dpkg; ``station-app selftest --json`` as root and as a clerk's
account; a read-only data directory refused with the remedy; a demo database and one agreement
printed (read back here with pypdf); the installed start-up timed against the source tree's;
then ``dpkg --purge`` and a second snapshot: nothing may be left but the users' data.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from recipe import common, deb  # noqa: E402
from test_windows import check_printed  # noqa: E402

USER = "clerk"
DEMO_ENV = {"STATION_USER": "admin", "STATION_PASSWORD": "station-demo"}
SKIP = ("proc", "dev", "sys", "tmp", "run", "var/cache", "var/log", "var/lib/apt", "root", "home")
RESULTS: dict[str, object] = {}
_T0 = time.monotonic()


def log(text: str) -> None:
    print(f"[deb {time.monotonic() - _T0:6.0f}s] {text}", flush=True)


class Failure(Exception):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise Failure(what)
    log(f"ok: {what}")


def run(root: Path, *cmd: str, user: str = "root", env: dict[str, str] | None = None):
    """A command in the root (``runuser`` for the clerk); returns the CompletedProcess."""
    environ = {"HOME": "/root" if user == "root" else f"/home/{user}", **(env or {})}
    args = ["env", *[f"{k}={v}" for k, v in environ.items()], *cmd]
    if user != "root":
        args = ["runuser", "-u", user, "--", *args]
    return deb.chroot(root, args, check=False, capture_output=True, text=True)


def snapshot(root: Path) -> set[str]:
    """Every file and link of the root outside SKIP (walked without entering them)."""
    found = set()
    for folder, dirs, files in os.walk(root):
        rel = Path(folder).relative_to(root).as_posix()
        rel = "" if rel == "." else rel + "/"
        dirs[:] = [d for d in dirs if not f"{rel}{d}".startswith(SKIP)]
        found.update(f"{rel}{name}" for name in files)
        found.update(f"{rel}{d}" for d in dirs if os.path.islink(os.path.join(folder, d)))
    return found


def selftest(root: Path, user: str, env: dict[str, str] | None = None) -> dict:
    proc = run(root, "station-app", "selftest", "--json", user=user, env=env)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise Failure(f"selftest printed no JSON: {proc.stderr[-800:]}") from exc
    report["exit"] = proc.returncode
    return report


def test_selftest(root: Path) -> None:
    for user in ("root", USER):
        report = selftest(root, user)
        failed = [f"{c['name']}: {c['reason']}" for c in report["checks"] if not c["ok"]]
        check(report["exit"] == 0 and report["ok"], f"selftest as {user} ({failed})")
    check(report["packaging"] == "linux-pyinstaller" and bool(report["commit"]), "build stamp")
    RESULTS["selftest_checks"] = {c["name"]: c["detail"] for c in report["checks"]}


def test_read_only_data_dir(root: Path) -> None:
    ro = root / "srv/readonly"
    ro.mkdir(parents=True, exist_ok=True)
    ro.chmod(0o555)
    report = selftest(root, USER, {"STATION_HOME": "/srv/readonly"})
    data = next(c for c in report["checks"] if c["name"] == "data_dir")
    check(report["exit"] == 1 and not data["ok"], "a read-only data directory fails the check")
    check("数据目录无法写入" in data["reason"] and "STATION_HOME" in data["reason"], data["reason"])
    proc = run(root, "station-app", "--db", "/srv/readonly/x.sqlite3", "db", "upgrade", user=USER)
    check(proc.returncode != 0 and "错误" in proc.stderr, f"the app says so: {proc.stderr[-200:]}")
    check(not (ro / "x.sqlite3").exists(), "nothing written there")


def test_demo_and_print(root: Path, work: Path) -> None:
    start = time.monotonic()
    proc = run(root, "station-app", "demo", "--entities", "300", "--complaints", "60", user=USER)
    check(
        proc.returncode == 0 and "演示数据库已生成" in proc.stdout, f"demo ({proc.stderr[-300:]})"
    )
    listing = run(root, "station-app", "--demo", "complaints", "list", "--status", "调解成功",
                  "--json", user=USER, env=DEMO_ENV)  # fmt: skip
    case = json.loads(listing.stdout)["cases"][0]["number"]
    proc = run(root, "station-app", "--demo", "print", "agreement", case, "--out",
               "/tmp/agreement.pdf", "--json", user=USER, env=DEMO_ENV)  # fmt: skip
    check(proc.returncode == 0, f"print agreement {case} ({proc.stderr[-300:]})")
    pdf = work / "agreement.pdf"
    shutil.copy2(root / "tmp/agreement.pdf", pdf)
    check_printed(pdf, json.loads(proc.stdout), check)
    info = run(root, "station-app", "--demo", "info", "--json", user=USER, env=DEMO_ENV)
    commit = json.loads(info.stdout)["commit"] or ""
    known = subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", commit.split("+")[0] + "^{commit}"],
        capture_output=True,
    )
    check(
        bool(commit) and known.returncode == 0,
        f"info shows the commit it was built from ({commit})",
    )
    RESULTS["demo_and_print_s"] = round(time.monotonic() - start, 1)


def _time_to_window(root: Path) -> float:
    env = {**DEMO_ENV, "QT_QPA_PLATFORM": "offscreen", "STATION_BENCH_T0": repr(time.time())}
    proc = run(root, f"/opt/apps/{common.APP_ID}/files/station-desk", "--demo", user=USER, env=env)
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH_SHOWN "):
            return float(line.split()[1])
    raise Failure(f"the installed GUI did not show its window: {proc.stderr[-800:]}")


def test_startup(root: Path, runs: int = 5) -> None:
    """Installed start-up to the main window beside the source tree's, runs interleaved so a
    slower spell of the shared machine weighs on both; reported (target ≤ 2×), not asserted:
    timings are the bench's business, not a test's (the bench reads dist/deb-test.json)."""
    from station_app.bench.base import BenchConfig, bench_env
    from station_app.bench.startup import _time_to_shown

    home = Path(tempfile.mkdtemp(prefix="station-bench-"))
    cfg = BenchConfig(runs=runs, home=home, db_url=None)
    subprocess.run(
        [sys.executable, "-m", "station_app", "demo", "--entities", "300", "--complaints", "60"],
        env=bench_env(cfg), cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    source_args = [sys.executable, "-m", "station_app", "--demo"]
    _time_to_window(root)  # warm-up: caches, page cache
    _time_to_shown(source_args, cfg)
    installed, source = [], []
    for _ in range(runs):
        installed.append(_time_to_window(root))
        source.append(_time_to_shown(source_args, cfg))
    shutil.rmtree(home, ignore_errors=True)
    inst, src = statistics.median(installed), statistics.median(source)
    ratio = round(inst / src, 2)
    RESULTS.update(startup_installed_s=round(inst, 3), startup_source_s=round(src, 3),
                   startup_ratio=ratio)  # fmt: skip
    verdict = "within" if ratio <= 2.0 else "OVER"
    log(f"start-up to the main window: installed {inst:.3f} s, source {src:.3f} s, {ratio}× "
        f"({verdict} the 2× target)")  # fmt: skip


def test_startup_emulated(root: Path) -> None:
    """An arm64 package tested under qemu-user-static: its start-up is timed once and reported
    as emulated; compared with the native source tree it would say nothing about a Phytium or
    Kunpeng PC (the 2× target is measured on the hardware itself)."""
    RESULTS["startup_installed_emulated_s"] = round(_time_to_window(root), 3)
    log(f"start-up to the main window under qemu: {RESULTS['startup_installed_emulated_s']} s "
        "(emulated: reported, not compared)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("deb", type=Path)
    p.add_argument("--work", type=Path, default=ROOT / "build/installers/deb-test")
    p.add_argument("--results", type=Path)
    args = p.parse_args(argv)
    arch = args.deb.stem.rsplit("_", 1)[1]
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    deb.require_emulation(arch)
    base = deb.base_root(ROOT / f"build/installers/deb-{arch}", arch, keep=True)
    root = work / "root"
    deb.fresh_root(base, root, arch)
    try:
        with deb.mounted(root):
            start = time.monotonic()
            deps = _depends(args.deb)
            deb.chroot(root, ["apt-get", "update", "-qq"])
            deb.chroot(root, ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *deps],
                       stdout=subprocess.DEVNULL)  # fmt: skip
            deb.chroot(root, ["useradd", "-m", USER])
            before = snapshot(root)
            shutil.copy2(args.deb, root / "tmp/package.deb")
            deb.chroot(root, ["dpkg", "-i", "/tmp/package.deb"])
            RESULTS["install_s"] = round(time.monotonic() - start, 1)
            check((root / f"opt/apps/{common.APP_ID}/info").is_file(), "UOS layout installed")
            test_selftest(root)
            test_read_only_data_dir(root)
            test_demo_and_print(root, work)
            if arch == _host_arch():
                test_startup(root)
            else:
                test_startup_emulated(root)
            deb.chroot(root, ["dpkg", "--purge", common.APP_ID])
            # fontconfig (run by Qt as root) leaves cache stamps in font folders: not ours
            left = {f for f in snapshot(root) - before if not f.endswith("/.uuid")}
            check(not left, f"nothing left after dpkg --purge ({sorted(left)[:10]})")
            kept = root / f"home/{USER}/.local/share/StationDesk/demo.sqlite3"
            check(kept.is_file(), "the clerk's data is kept")
    except (Failure, subprocess.SubprocessError, OSError, KeyError, json.JSONDecodeError) as exc:
        log(f"FAILED: {exc}")
        return 1
    finally:
        deb._remove_root(root)
    RESULTS["deb_mb"] = round(args.deb.stat().st_size / 1e6, 1)
    RESULTS["arch"] = arch
    RESULTS["test_s"] = round(time.monotonic() - _T0, 1)
    log(".deb: all checks passed " + json.dumps(RESULTS, ensure_ascii=False))
    if args.results:
        args.results.write_text(json.dumps(RESULTS, indent=2, ensure_ascii=False))
    return 0


def _host_arch() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def _depends(package: Path) -> list[str]:
    out = subprocess.run(
        ["dpkg-deb", "-f", str(package), "Depends"], capture_output=True, text=True, check=True
    ).stdout
    return [part.split()[0] for part in out.split(",") if part.strip()]


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
