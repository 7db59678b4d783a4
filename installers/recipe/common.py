"""Steps both installers share: version and commit, a clean copy of the sources with the build
stamp, the application's wheel, the icon, SHA-256 sums and the file manifest."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTALLERS = ROOT / "installers"
APP_ID = "cn.stationdesk.app"  # UOS appid = Debian package = desktop file name
PRODUCT = "StationDesk"  # folder and artefact names (ASCII)
TITLE = "基层市场监管所工作台"
PUBLISHER = "Station desk 工作台项目组"
_T0 = time.monotonic()


def log(text: str) -> None:
    print(f"[build {time.monotonic() - _T0:6.0f}s] {text}", flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a command, echoing it; raise with its output's tail when it fails."""
    log("$ " + " ".join(str(c) for c in cmd)[:300])
    kwargs.setdefault("check", True)
    return subprocess.run([str(c) for c in cmd], **kwargs)


def pip(*args: str, python: str = sys.executable) -> None:
    """pip, its warnings about the machine's missing local mirrors left out of the log."""
    log("$ pip " + " ".join(args)[:300])
    result = subprocess.run(
        [python, "-m", "pip", *args], capture_output=True, text=True, check=False
    )
    noise = ("is ignored: it is neither a file nor a directory",)
    for line in (result.stdout + result.stderr).splitlines():
        if not any(n in line for n in noise):
            print(line, flush=True)
    if result.returncode:
        raise SystemExit(f"pip {args[0]} failed (exit {result.returncode})")


def version() -> str:
    """``station_app.__version__`` read as text (the build may run under another Python)."""
    text = (ROOT / "station_app" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([0-9]+\.[0-9]+\.[0-9]+)"', text, re.M)
    if not found:
        raise SystemExit("station_app/__init__.py has no MAJOR.MINOR.PATCH __version__")
    return found.group(1)


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def commit() -> str:
    head = _git("rev-parse", "--short=12", "HEAD")
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    return head + ("+dirty" if dirty else "")


def build_number() -> int:
    """The fourth version number (Windows VIProductVersion, UOS MAJOR.MINOR.PATCH.BUILD)."""
    return int(_git("rev-list", "--count", "HEAD"))


def version4() -> str:
    return f"{version()}.{build_number()}"


def source_date_epoch() -> int:
    """The commit's time: every timestamp the build writes, so that builds repeat."""
    return int(_git("log", "-1", "--format=%ct"))


def stage_sources(dest: Path, packaging: str) -> Path:
    """Copy the tracked files (as they are in the work tree) to ``dest`` and stamp the build."""
    if dest.exists():
        shutil.rmtree(dest)
    files = _git("ls-files", "-z").split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    stamp = dest / "station_app" / "_build.py"
    stamp.write_text(
        '"""Written by installers/build.py."""\n\n'
        f'COMMIT = "{commit()}"\nPACKAGING = "{packaging}"\n',
        encoding="utf-8",
    )
    return dest


def build_wheel(src: Path, dest: Path) -> Path:
    """The application's own wheel, built from the staged sources."""
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("station_desk-*.whl"):
        old.unlink()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch())}
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", dest, src], env=env)
    (wheel,) = dest.glob("station_desk-*.whl")
    return wheel


def unpack_wheel(wheel: Path, target: Path) -> None:
    """Install a wheel the simple way (pynsist's): its files into ``target``; ``.data``
    purelib/platlib folders flattened, scripts and headers left out."""
    with zipfile.ZipFile(wheel) as zf:
        for info in zf.infolist():
            name = info.filename
            parts = name.split("/")
            if parts[0].endswith(".data"):
                if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                    continue
                name = "/".join(parts[2:])
            if name.endswith("/"):
                continue
            out = target / name
            out.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, out.open("wb") as dst:
                shutil.copyfileobj(src, dst)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_sums(artefact: Path) -> Path:
    """``NAME.sha256`` beside the artefact, in ``sha256sum -c`` format."""
    target = artefact.with_name(artefact.name + ".sha256")
    target.write_text(f"{sha256(artefact)}  {artefact.name}\n", encoding="ascii")
    return target


def write_manifest(root: Path, target: Path) -> Path:
    """Every payload file with its size and SHA-256, sorted: two builds of the same inputs
    give the same manifest (``installers/README.md``, repeatable builds)."""
    lines = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        lines.append(f"{sha256(path)}  {path.stat().st_size:>10}  {rel}")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def set_mtimes(root: Path, epoch: int) -> None:
    for path in root.rglob("*"):
        os.utime(path, (epoch, epoch), follow_symlinks=False)


def human_size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def tree_size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
