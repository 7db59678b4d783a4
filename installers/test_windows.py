"""Test the Windows installer under wine64 + Xvfb, from the installed files only.

``python installers/test_windows.py dist/StationDesk-<version>-win-amd64-setup.exe``

Silent per-machine install; ``station-app selftest --json``; a demo database and one agreement
printed (the PDF's text and fonts read back here with pypdf); the installed start-up timed
(reported, not targeted); refusals: a running instance (exit 5), a database upgraded by a newer
version (exit 4, file untouched); an upgrade over an older schema (migrated, backup first);
silent uninstall with the user's data left in place; a per-user install and uninstall.

Wine 8 specifics, all confined to the test prefix (FIELDWORK §8): Python 3.13's ``_wmi.pyd`` is
deleted from the installed runtime (it crashes Wine); a stand-in ``bcryptprimitives.dll``
(``windows/wine/``) is built for Rust-built wheels; Qt runs offscreen (Qt 6.8/6.9's ``windows``
platform aborts on Wine 8, which lacks ``Windows.UI.ViewManagement.UISettings``); commands run
from a batch file whose redirections Windows makes (a Unix redirection of Wine's stdio breaks
Python's), in the zh_CN locale of a station's PC.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WINE_DIR = "/usr/lib/wine"
INSTALL_DIR = r"C:\Program Files\StationDesk"
USER_PROGRAMS = r"C:\users\root\AppData\Local\Programs\StationDesk"
DATA_DIR = r"C:\users\root\AppData\Local\StationDesk\StationDesk"
UNINST_KEY = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\StationDesk"
TITLE = "基层市场监管所工作台"
DEMO = ("STATION_USER", "admin", "STATION_PASSWORD", "station-demo")
RESULTS: dict[str, object] = {}
_T0 = time.monotonic()


def log(text: str) -> None:
    print(f"[wine {time.monotonic() - _T0:6.0f}s] {text}", flush=True)


class Failure(Exception):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise Failure(what)
    log(f"ok: {what}")


class Wine:
    """A throwaway Wine prefix on a private Xvfb display."""

    def __init__(self, prefix: Path, display: str) -> None:
        self.prefix = prefix
        self.env = {
            **os.environ,
            "PATH": f"{WINE_DIR}:{os.environ['PATH']}",
            "WINEPREFIX": str(prefix),
            "WINEDEBUG": "-all",
            "WINEDLLOVERRIDES": "mscoree,mshtml=",  # no Mono/Gecko prompts
            "DISPLAY": display,
            "LC_ALL": "C.UTF-8",
        }
        # the application runs as on a Chinese Windows (code page 936); the installers run in
        # the C locale: under zh_CN, Wine 8 cannot create folders below ProgramData (measured:
        # no Start-menu folder, no shortcuts), which Windows itself does not do
        self.zh_env = {**self.env, "LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"}
        for key in ("STATION_HOME", "STATION_DB_URL", "STATION_USER", "STATION_PASSWORD"):
            self.env.pop(key, None)

    def unix(self, path: str) -> Path:
        assert path[1:3] == ":\\"
        return self.prefix / "drive_c" / path[3:].replace("\\", "/")

    def run(self, *args: str, timeout: int = 600) -> int:
        """A Windows program without stdio of interest (setup, uninstall); waits for Wine."""
        proc = subprocess.run(
            ["wine64", *args], env=self.env, timeout=timeout, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.wait()
        return proc.returncode

    def wait(self) -> None:
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=600, check=False)

    def cmd(self, exe: str, *args: str, env: dict[str, str] | None = None, timeout: int = 600):
        """Run ``exe args`` from a batch file; returns (exit code, stdout, stderr)."""
        lines = ["@echo off", "set QT_QPA_PLATFORM=offscreen"]
        lines += [f"set {k}={v}" for k, v in (env or {}).items()]
        quoted = " ".join(_quote(a) for a in args)
        lines.append(f'"{exe}" {quoted} < NUL > C:\\t-out.txt 2> C:\\t-err.txt')
        lines.append("exit /b %ERRORLEVEL%")
        self.unix("C:\\t.bat").write_bytes("\r\n".join(lines).encode("gbk") + b"\r\n")
        proc = subprocess.run(
            ["wine64", "cmd", "/c", "C:\\t.bat"], env=self.zh_env, timeout=timeout,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        out = self.unix("C:\\t-out.txt").read_bytes().decode("gbk", "replace")
        err = self.unix("C:\\t-err.txt").read_bytes().decode("gbk", "replace")
        return proc.returncode, out, err

    def reg_value(self, key: str, name: str) -> str | None:
        """A registry string value, read from ``reg export`` (UTF-16: Chinese survives)."""
        out = self.unix("C:\\reg-export.reg")
        out.unlink(missing_ok=True)
        subprocess.run(
            ["wine64", "reg", "export", key, "C:\\reg-export.reg", "/y"], env=self.env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            timeout=120,
        )  # fmt: skip
        if not out.exists():
            return None
        prefix = f'"{name}"="'
        for line in out.read_bytes().decode("utf-16").splitlines():
            if line.startswith(prefix):
                return line[len(prefix) : -1].replace("\\\\", "\\").replace('\\"', '"')
        return None


def _quote(arg: str) -> str:
    return f'"{arg}"' if (" " in arg or not arg) else arg


def app(wine: Wine, *args: str, folder: str = INSTALL_DIR, **kw):
    return wine.cmd(f"{folder}\\station-app.exe", *args, **kw)


def demo_env() -> dict[str, str]:
    return dict(zip(DEMO[::2], DEMO[1::2], strict=True))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- steps -----------------------------------------------------------------------------------


def prepare_prefix(wine: Wine, work: Path) -> None:
    start = time.monotonic()
    wine.run("wineboot", "--init")
    # the first program after wineboot cannot create folders under ProgramData (measured:
    # the installer's Start-menu folder and shortcuts fail); any program run once settles it
    wine.run("cmd", "/c", "echo", "ready")
    shim = work / "bcryptprimitives.dll"
    subprocess.run(
        ["x86_64-w64-mingw32-gcc", "-shared", "-O2", "-s", "-o", shim,
         HERE / "windows/wine/bcryptprimitives.c", "-ladvapi32"],
        check=True,
    )  # fmt: skip
    shutil.copy2(shim, wine.unix(r"C:\windows\system32\bcryptprimitives.dll"))
    RESULTS["wine_prefix_s"] = round(time.monotonic() - start, 1)
    log(f"Wine prefix ready in {RESULTS['wine_prefix_s']} s")


def install(wine: Wine, setup: Path, *flags: str, expect: int = 0) -> float:
    start = time.monotonic()
    rc = wine.run(str(setup), "/S", *flags)
    seconds = round(time.monotonic() - start, 1)
    check(rc == expect, f"setup {' '.join(flags)} exits {expect} (got {rc}, {seconds} s)")
    return seconds


def strip_wmi(wine: Wine, folder: str) -> None:
    wmi = wine.unix(folder + r"\python\_wmi.pyd")
    if wmi.exists():
        wmi.unlink()  # Wine only: platform's WMI query crashes Wine 8


def test_installed_files(wine: Wine, version: str) -> None:
    folder = wine.unix(INSTALL_DIR)
    for name in ("station-app.exe", "station-desk.exe", "uninstall.exe", "python/python.exe"):
        check((folder / name).is_file(), f"installed {name}")
    check(any((folder / "pkgs/station_app").rglob("*.pyc")), "modules precompiled at install")
    check(wine.reg_value(UNINST_KEY, "DisplayVersion") == version, f"程序和功能 shows {version}")
    check(wine.reg_value(UNINST_KEY, "DisplayName") == "基层市场监管所工作台", "程序和功能 name")
    menu, desktop = shortcuts(wine)
    check(bool(menu), f"Start-menu shortcut ({menu})")
    check(bool(desktop), f"desktop shortcut ({desktop})")


def shortcuts(wine: Wine) -> tuple[list[Path], list[Path]]:
    """The all-users Start-menu and desktop shortcuts (a zh_CN prefix names the folders
    开始菜单, 程序, 桌面, hence the search)."""
    found = list(wine.unix(r"C:\ProgramData").rglob(f"{TITLE}.lnk"))
    found += list(wine.unix(r"C:\users\Public").rglob(f"{TITLE}.lnk"))
    menu = [p for p in found if p.parent.name == TITLE]
    return menu, [p for p in found if p.parent.name != TITLE]


def test_selftest(wine: Wine, folder: str = INSTALL_DIR) -> dict:
    start = time.monotonic()
    rc, out, err = app(wine, "selftest", "--json", folder=folder)
    report = json.loads(out) if out.strip().startswith("{") else {}
    failed = [f"{c['name']}: {c['reason']}" for c in report.get("checks", []) if not c["ok"]]
    check(rc == 0 and report.get("ok") is True, f"selftest passes ({failed or err[-500:]})")
    check(report["packaging"] == "windows-embedded" and report["commit"], "selftest build stamp")
    RESULTS["selftest_s"] = round(time.monotonic() - start, 1)
    return report


def test_demo_and_print(wine: Wine, work: Path) -> None:
    start = time.monotonic()
    rc, out, err = app(wine, "demo", "--entities", "300", "--complaints", "60")
    check(rc == 0 and "演示数据库已生成" in out, f"demo database built ({err[-300:]})")
    check(wine.unix(DATA_DIR + r"\demo.sqlite3").is_file(), "demo.sqlite3 in the data folder")
    rc, out, err = app(wine, "--demo", "complaints", "list", "--status", "调解成功", "--json",
                       env=demo_env())  # fmt: skip
    check(rc == 0, f"complaints list ({err[-300:]})")
    case = json.loads(out)["cases"][0]["number"]
    rc, out, err = app(wine, "--demo", "print", "agreement", case, "--out", r"C:\agreement.pdf",
                       "--json", env=demo_env())  # fmt: skip
    check(rc == 0, f"print agreement {case} ({err[-300:]})")
    pdf = wine.unix(r"C:\agreement.pdf")
    check_printed(pdf, json.loads(out))
    shutil.copy2(pdf, work / "agreement.pdf")
    RESULTS["demo_and_print_s"] = round(time.monotonic() - start, 1)


def check_printed(pdf: Path, result: dict, check=check) -> None:
    """The printed mediation document: its title and number in its text, its font embedded."""
    text, fonts = _pdf_text_and_fonts(pdf)
    flat = text.replace(" ", "").replace("\n", "")
    number = (result.get("number") or "").replace(" ", "")
    check("调解" in flat and number in flat, f"the printed document's text reads back ({number})")
    check(any("NotoSerifSC" in f for f in fonts), f"the document embeds its font ({fonts})")


def _pdf_text_and_fonts(path: Path) -> tuple[str, set[str]]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor and "/FontFile2" in descriptor.get_object()
            if embedded or "/DescendantFonts" in font:
                fonts.add(str(font["/BaseFont"]))
    return text, fonts


def test_startup(wine: Wine, runs: int = 3) -> None:
    """Process start → main window shown (offscreen, demo admin), as the bench measures it."""
    times = []
    for _ in range(runs + 1):
        env = {**demo_env(), "STATION_BENCH_T0": repr(time.time())}
        start = time.monotonic()
        rc, out, err = app(wine, "--demo", env=env)
        if rc != 0 or "BENCH_SHOWN" not in out:
            raise Failure(f"installed GUI start failed: {err[-800:]}")
        times.append(time.monotonic() - start)
    RESULTS["startup_main_window_s"] = round(statistics.median(times[1:]), 2)
    log(f"installed start-up to the main window under Wine: {RESULTS['startup_main_window_s']} s")


def test_running_instance_refused(wine: Wine, setup: Path) -> None:
    """The installer waits while station-app runs (its named mutex): silently, it exits 5."""
    bat = wine.unix(r"C:\hold.bat")
    bat.write_bytes(
        b"@echo off\r\nset QT_QPA_PLATFORM=offscreen\r\n"
        + f'"{INSTALL_DIR}\\python\\python.exe" -c "'.encode()
        + b"import sys, time; sys.path.insert(0, r'"
        + INSTALL_DIR.encode()
        + b"\\pkgs'); "
        + b"from station_app.instance import mark_running; mark_running(); "
        + b"open(r'C:\\held.txt', 'w').write('held'); time.sleep(90)\" < NUL > NUL 2>&1\r\n"
    )
    held = wine.unix(r"C:\held.txt")
    held.unlink(missing_ok=True)
    holder = subprocess.Popen(
        ["wine64", "cmd", "/c", "C:\\hold.bat"], env=wine.env, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(120):
        if held.exists():
            break
        time.sleep(0.5)
    check(held.exists(), "a station-app process holds the running mark")
    rc = subprocess.run(
        ["wine64", str(setup), "/S", "/AllUsers"], env=wine.env, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300,
    ).returncode  # fmt: skip
    check(rc == 5, f"install over a running instance refused (exit {rc})")
    holder.kill()
    subprocess.run(["wineserver", "-k"], env=wine.env, check=False)
    wine.wait()


def _old_schema_db(path: Path, revision: str) -> None:
    """A station database at an older schema revision, made with the source tree's Alembic."""
    code = (
        "import sys\n"
        "from alembic import command\n"
        "from station_app.data import migrate\n"
        "from station_app.data.engine import Database, sqlite_url\n"
        "db = Database(sqlite_url(sys.argv[1]))\n"
        "with db.engine.begin() as con:\n"
        "    command.upgrade(migrate._config(con), sys.argv[2])\n"
        "db.dispose()\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path), revision], check=True, cwd=ROOT)


def test_upgrade_migrates_with_backup(wine: Wine, setup: Path) -> None:
    db = wine.unix(DATA_DIR + r"\station.sqlite3")
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    _old_schema_db(db, "0012")
    install(wine, setup, "/AllUsers")
    strip_wmi(wine, INSTALL_DIR)
    with closing(sqlite3.connect(db)) as con:
        kept = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    check(kept == "0012", "the upgrade kept the station database as it was")
    # what the application does at its first start after the upgrade (the GUI runs the same
    # DatabaseService.upgrade): back up, then migrate
    rc, _, err = app(wine, "db", "upgrade")
    check(rc == 0, f"first start after the upgrade migrates ({err[-300:]})")
    with closing(sqlite3.connect(db)) as con:
        rev = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    head = sorted(p.name[:4] for p in (ROOT / "db/versions").glob("[0-9]*.py"))[-1]
    check(rev == head, f"the station database migrated 0012 → {rev}")
    backups = list((db.parent / "backups").glob("*before-upgrade-0012*"))
    check(bool(backups), f"backup taken before the migration ({[b.name for b in backups]})")


def test_newer_database_refused(wine: Wine, setup: Path) -> None:
    db = wine.unix(DATA_DIR + r"\station.sqlite3")
    with closing(sqlite3.connect(db)) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
        con.commit()
    before = sha(db)
    marker = wine.unix(INSTALL_DIR + r"\pkgs\station_app\__init__.py")
    marker_before = sha(marker)
    install(wine, setup, "/AllUsers", expect=4)
    check(sha(db) == before, "the newer database is untouched")
    check(sha(marker) == marker_before, "the installed program is untouched")
    rc, _, err = app(wine, "--db", DATA_DIR + r"\station.sqlite3", "db", "upgrade")
    check(rc == 4 and "更新版本" in err, f"the app refuses it in Chinese too ({err.strip()[:120]})")
    check(sha(db) == before, "still untouched after the app's refusal")
    db.unlink()


def uninstall(wine: Wine, key: str = UNINST_KEY) -> None:
    quiet = wine.reg_value(key, "QuietUninstallString")
    check(bool(quiet), f"QuietUninstallString registered ({quiet})")
    exe, _, rest = quiet.partition('" ')  # type: ignore[union-attr]
    rc = wine.run(exe.strip('"'), *rest.split())
    check(rc == 0, "silent uninstall")


def test_uninstalled(wine: Wine, folder: str) -> None:
    check(not wine.unix(folder).exists(), f"{folder} removed")
    check(wine.reg_value(UNINST_KEY, "DisplayVersion") is None, "程序和功能 entry removed")
    check(shortcuts(wine) == ([], []), "Start-menu and desktop shortcuts removed")
    check(wine.unix(DATA_DIR + r"\demo.sqlite3").is_file(), "the user's demo database is kept")
    check(any(wine.unix(DATA_DIR + r"\backups").iterdir()), "the user's backups are kept")


def test_per_user(wine: Wine, setup: Path) -> None:
    install(wine, setup, "/CurrentUser")
    strip_wmi(wine, USER_PROGRAMS)
    check(wine.unix(USER_PROGRAMS + r"\station-app.exe").is_file(), "per-user install location")
    test_selftest(wine, USER_PROGRAMS)
    uninstall(wine, r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\StationDesk")
    check(not wine.unix(USER_PROGRAMS).exists(), "per-user uninstall removed the folder")


def test_signing(setup: Path, work: Path) -> None:
    """The signing step (recipe.windows.sign_file, osslsigncode) on a copy of the installer,
    with a throwaway self-signed certificate: signed, and the signature verifies against it."""
    sys.path.insert(0, str(HERE))
    from recipe import windows

    cert, key, pfx, pw = (work / n for n in ("c.pem", "k.pem", "t.pfx", "pw"))
    pw.write_text("station-test\n")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
         "-days", "2", "-subj", "/CN=Station desk test signing",
         "-addext", "extendedKeyUsage=codeSigning"],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        ["openssl", "pkcs12", "-export", "-out", pfx, "-inkey", key, "-in", cert,
         "-passout", f"file:{pw}"],
        check=True, capture_output=True,
    )  # fmt: skip
    copy = work / setup.name
    shutil.copy2(setup, copy)
    os.environ["STATION_SIGN_PASSWORD_FILE"] = str(pw)
    try:
        windows.sign_file(copy, pfx)
    finally:
        os.environ.pop("STATION_SIGN_PASSWORD_FILE", None)
    verify = subprocess.run(
        ["osslsigncode", "verify", "-CAfile", cert, "-in", copy], capture_output=True, text=True
    )
    check(verify.returncode == 0, "a certificate signs the installer and the signature verifies")
    copy.unlink()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("setup", type=Path)
    p.add_argument("--results", type=Path, help="write the timings as JSON here")
    args = p.parse_args(argv)
    version = args.setup.name.split("-")[1]
    locales = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    if "zh_cn.utf8" not in locales.split():
        # without it Wine maps no Chinese file name to the Unix side (ENOENT for 公示.xlsx)
        log("FAILED: the zh_CN.UTF-8 locale is not generated here (installers/ci.sh does it)")
        return 1
    work = Path(tempfile.mkdtemp(prefix="station-wine-"))
    display = f":{90 + os.getpid() % 500}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    wine = Wine(work / "prefix", display)
    try:
        test_signing(args.setup, work)
        prepare_prefix(wine, work)
        RESULTS["install_s"] = install(wine, args.setup, "/AllUsers")
        strip_wmi(wine, INSTALL_DIR)
        test_installed_files(wine, version)
        test_selftest(wine)
        test_demo_and_print(wine, work)
        test_startup(wine)
        test_running_instance_refused(wine, args.setup)
        test_upgrade_migrates_with_backup(wine, args.setup)
        test_newer_database_refused(wine, args.setup)
        uninstall(wine)
        test_uninstalled(wine, INSTALL_DIR)
        test_per_user(wine, args.setup)
    except (Failure, subprocess.SubprocessError, OSError, json.JSONDecodeError) as exc:
        log(f"FAILED: {exc}")
        return 1
    finally:
        subprocess.run(["wineserver", "-k"], env=wine.env, check=False)
        xvfb.terminate()
        shutil.rmtree(work, ignore_errors=True)
    RESULTS["setup_mb"] = round(args.setup.stat().st_size / 1e6, 1)
    log("Windows installer: all checks passed " + json.dumps(RESULTS, ensure_ascii=False))
    if args.results:
        args.results.write_text(json.dumps(RESULTS, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
