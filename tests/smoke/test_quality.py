"""Lint, layer contracts and the bench runner, as part of the suite CI runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    return str(found) if found.exists() else (shutil.which(name) or name)


def test_ruff_lint_clean():
    result = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_clean():
    result = subprocess.run(
        [_tool("ruff"), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_layer_contracts_hold():
    result = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_mypy_clean_on_domain_services_and_data():
    """STYLE promises typed code: mypy checks the three layers (``[tool.mypy]`` in pyproject)."""
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_import_circle():
    """No module of station_app imports, directly or through others, a module that imports it
    (lazy imports inside functions and TYPE_CHECKING imports count too)."""
    import grimp

    graph = grimp.build_graph("station_app")
    modules = set(graph.modules)
    circles = sorted(
        {
            tuple(sorted((m, other)))
            for m in modules
            for other in graph.find_modules_directly_imported_by(m) & modules
            if m != other and graph.chain_exists(importer=other, imported=m)
        }
    )
    assert circles == [], f"import circles through: {circles}"


def test_use_cases_append_no_audit_rows_themselves():
    """Audit rows are appended by the transaction helpers of services/base.py only: a use case
    records what it changed in its Tx (docs/DEVELOPING.md, a use case on transact())."""
    services = ROOT / "station_app" / "services"
    counts = {
        str(p.relative_to(services)): p.read_text(encoding="utf-8").count("audit.append(")
        for p in services.rglob("*.py")
    }
    helpers = ("transact", "transact_core")  # both end in base._finish
    found = {k: v for k, v in counts.items() if v}
    assert set(found) == {"base.py"} and found["base.py"] <= len(helpers), found


def test_startup_does_not_import_heavy_libraries():
    code = (
        "import sys; import station_app.__main__ as m; import station_app.bootstrap; "
        "import station_app.ui.app, station_app.ui.main_window; "
        "print(sorted(k for k in ('alembic','reportlab','openpyxl','python_calamine','pypinyin',"
        "'rapidfuzz') if k in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_startup_path_loads_no_module_of_an_area():
    """What the GUI imports before its window shows (parser, bootstrap, login, main window)
    registers no area's ORM models and imports no queries, demo generator or area service, nor
    SQLAlchemy's ORM itself: those cost ~0.25 s and load on first use (docs/DEVELOPING.md,
    start-up)."""
    code = (
        "import sys; from station_app.cli.parser import build_parser; build_parser(); "
        "import station_app.bootstrap, station_app.ui.app, station_app.ui.main_window; "
        "import station_app.ui.dialogs.login, station_app.ui.dialogs.first_run; "
        "import station_app.startup, station_app.cli.options; "
        "loaded = set(sys.modules); "
        "from station_app.data.models import AREAS; "
        "areas = [f'station_app.data.models.{a}' for a in AREAS]; "
        "print(sorted(k for k in loaded if k in areas or k.startswith('station_app.queries')"
        " or k.startswith('station_app.demo')"
        " or k in ('station_app.services.entities',"
        " 'station_app.services.complaints', 'station_app.services.sweeps', 'sqlalchemy.orm')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


@pytest.mark.slow
def test_bench_prints_startup_figures_as_json():
    result = subprocess.run(
        [sys.executable, "-m", "station_app.bench", "--runs", "1", "--only", "startup", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    figures = {f["name"]: f for f in json.loads(result.stdout)["figures"]}
    assert {"startup.main_window", "startup.bare_qt", "startup.ratio"} <= set(figures)
    assert figures["startup.main_window"]["unit"] == "s"
    assert figures["startup.main_window"]["value"] > 0


def test_sign_in_and_station_profile_need_no_orm(tmp_path):
    """Start-up opens the database, signs in (writing the login's audit row) and reads the
    station profile through Core: SQLAlchemy's ORM (~55 ms) is not imported before the window
    shows. The same calls then work with the ORM loaded by an editing service."""
    code = (
        "import sys, argparse; from station_app.startup import begin_gui; "
        "e = begin_gui(argparse.Namespace(db=None, demo=True)); "
        "actor = e.sign_in.result(); name = e.ctx.services.station.get_profile().name; "
        "print(actor.username, bool(name), 'sqlalchemy.orm' in sys.modules); "
        "e.ctx.auth.sign_in(actor); print(e.ctx.services.audit.verify().ok)"
    )
    env = {**os.environ, "STATION_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, "-m", "station_app", "demo"], env=env, check=True, capture_output=True
    )
    env.update(STATION_USER="admin", STATION_PASSWORD="station-demo")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.stdout.split() == ["admin", "True", "False", "True"], result.stderr
