"""The installer recipe's own logic (installers/recipe): the checks it makes on binaries, the
Windows installer's database pre-check, versions and the icon. The installers themselves are
built and tested by installers/ci.sh (CI), not by this suite."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installers"))

from recipe import binaries, common, icon, windows  # noqa: E402

from station_app import __version__  # noqa: E402


def test_version_comes_from_the_package():
    assert common.version() == __version__
    assert common.version4().startswith(__version__ + ".")


@pytest.mark.skipif(shutil.which("readelf") is None, reason="binutils not installed")
def test_glibc_check_names_the_file_and_the_symbol(tmp_path):
    python = Path(sys.executable).resolve()
    needs = binaries.glibc_needs(python)
    assert needs and all(isinstance(v, tuple) for v in needs)
    shutil.copy2(python, tmp_path / "python")
    (tmp_path / "notes.txt").write_text("not an ELF")
    newest = needs[-1]
    assert binaries.glibc_violations(tmp_path, newest) == []
    below = (newest[0], newest[1] - 1)
    problems = binaries.glibc_violations(tmp_path, below)
    assert problems == [f"python: GLIBC_{'.'.join(map(str, newest))}"]


def test_pe_imports_reads_a_windows_launcher():
    import pip._vendor.distlib as distlib

    stub = Path(distlib.__file__).parent / "t64.exe"
    assert "kernel32.dll" in binaries.pe_imports(stub)
    assert binaries.pe_imports(Path(sys.executable)) == []  # not a PE file


def _precheck(tmp_path: Path, db: Path) -> tuple[str, int]:
    script = tmp_path / "dbcheck.py"
    script.write_text(windows.PRECHECK.format(known=["0001", "0002", "0003"]))
    proc = subprocess.run([sys.executable, str(script), str(db)], capture_output=True, text=True)
    return proc.stdout.strip(), proc.returncode


def _db(path: Path, revision: str | None) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    if revision:
        con.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    con.commit()
    con.close()
    return path


def test_installer_precheck_refuses_a_newer_database_and_leaves_it(tmp_path):
    db = _db(tmp_path / "station.sqlite3", "0009")
    before = db.read_bytes()
    assert _precheck(tmp_path, db) == ("NEWER 0009", 4)
    assert db.read_bytes() == before


def test_installer_precheck_sees_older_same_and_unreadable(tmp_path):
    assert _precheck(tmp_path, _db(tmp_path / "a.sqlite3", "0002")) == ("OLDER 0002", 0)
    assert _precheck(tmp_path, _db(tmp_path / "b.sqlite3", "0003")) == ("SAME", 0)
    junk = tmp_path / "c.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert _precheck(tmp_path, junk) == ("UNREADABLE", 0)  # the app's recovery deals with it


def test_authenticode_digest_must_match():
    ok = "Current message digest    : AB12\nCalculated message digest : AB12\n"
    bad = "Current message digest    : AB12\nCalculated message digest : CD34\n"
    assert windows._digest_matches(ok) and not windows._digest_matches(bad)
    assert not windows._digest_matches("no signature")


def test_icon_svg_is_valid_and_the_ico_has_every_size(tmp_path):
    root = ET.fromstring(icon.svg())
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 256 256"
    from PIL import Image

    ico = icon.write_ico(tmp_path / "app.ico")
    with Image.open(ico) as img:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(img.info["sizes"])


def test_bench_reports_installer_sizes_and_installed_startup(tmp_path, monkeypatch):
    from station_app.bench import installers as bench

    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "StationDesk-0.1.0-win-amd64-setup.exe").write_bytes(b"x" * 2_000_000)
    (dist / "deb-test.json").write_text('{"startup_installed_s": 1.2, "startup_ratio": 1.1}')
    fake = tmp_path / "station_app" / "bench" / "installers.py"
    monkeypatch.setattr(bench, "__file__", str(fake))
    figures = {f.name: f.value for f in bench.bench_installers(None)}  # type: ignore[arg-type]
    assert figures == {
        "installer.windows_size": 2.0,
        "startup.installed_deb": 1.2,
        "startup.installed_deb_ratio": 1.1,
    }
