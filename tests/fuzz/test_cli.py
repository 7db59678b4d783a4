"""Absurd command lines (issue 17): each ends with a Chinese message and exit code 1 or 2,
never a traceback, and leaves the data as it was; periods read the natural Chinese forms;
argparse and ``info`` speak Chinese while ``--json`` keeps its keys; a broken pipe is quiet."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from station_app.domain.periods import parse_period
from station_app.errors import ValidationError
from tests.smoke.test_cli import run

HUGE = "9" * 20


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("home")
    result = run(home, "demo", "--seed", "3", "--entities", "150", "--complaints", "12")
    assert result.returncode == 0, result.stderr
    return home


def _data(home: Path) -> dict[str, int]:
    """Row counts of every table but the audit log (a sign-in writes its row)."""
    db = next(home.rglob("demo*.sqlite3"))
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        skip = {"audit_log", "audit_head", "app_user"}
        return {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in tables
            if t not in skip
        }
    finally:
        con.close()


ABSURD = [
    ("complaints", "list", "--period", "9999-12"),
    ("complaints", "list", "--period", "2026-02-30..2026-03-01"),
    ("complaints", "figures", "--period", "2026-13"),
    ("report", "county", "--period", "9999-12", "--out", "/nonexistent"),
    ("export", "entities", "/nonexistent/x.xlsx", "--expiring", HUGE),
    ("sweeps", "candidates", HUGE),
    ("sweeps", "link", HUGE, "1"),
    ("sweeps", "link", "1", "-5"),
    ("sweeps", "add", "--grid", "GZ01", "--name", "店", "--address", "路", "--photo", "/dev/zero"),
    ("lists", "due", "--days", HUGE),
    ("report", "county", "--period", "2026-10", "--out", "/proc"),
    ("print", "agreement", HUGE, "--out", "/nonexistent/x.pdf"),
    ("demo", "--entities", HUGE),
    ("nonsense",),
    ("sweeps", "link"),
    ("audit", "verify", "--anchor", "/dev/null"),
]


@pytest.mark.parametrize("argv", ABSURD, ids=lambda a: " ".join(a)[:40])
def test_absurd_command_lines_end_in_chinese_and_change_nothing(home, argv, tmp_path):
    before = _data(home)
    result = run(home, "--demo", *argv)
    assert result.returncode != 0, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    assert re.search(r"错误：.*[\u4e00-\u9fff]", result.stderr), result.stderr
    assert not re.search(r"\b(invalid|error:|usage:|required|argument)\b", result.stderr)
    assert _data(home) == before


def test_an_empty_database_file_is_described_not_a_traceback(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    for argv in (("db", "check"), ("info",)):
        result = run(tmp_path, "--db", str(empty), *argv)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 0, result.stderr
    assert "（空库）" in run(tmp_path, "--db", str(empty), "db", "check").stdout


def test_info_prints_chinese_labels_and_json_keeps_its_keys(home):
    text = run(home, "--demo", "info").stdout
    assert "程序版本：" in text and "本所：城关市场监督管理所" in text
    assert "server_version" not in text
    data = json.loads(run(home, "--demo", "info", "--json").stdout)
    assert {"version", "database", "kind", "server_version", "schema", "station"} <= set(data)


def test_help_is_chinese(home):
    text = run(home, "--help").stdout
    assert text.startswith("用法：") and "显示本帮助并退出" in text
    assert "show this help" not in text and "options:" not in text


def test_natural_periods_and_case_insensitive_numbers(home, tmp_path):
    result = run(home, "--demo", "complaints", "figures", "--period", "2026年第3季度")
    assert result.returncode == 0 and "2026年第三季度" in result.stdout, result.stderr
    number = json.loads(run(home, "--demo", "complaints", "list", "--json").stdout)["cases"][0]
    pdf = str(tmp_path / "x.pdf")
    out = run(home, "--demo", "print", "agreement", number["number"].lower(), "--out", pdf)
    assert "找不到投诉编号" not in out.stderr


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2026年11月", "2026-11"),
        ("2026年第3季度", "2026Q3"),
        ("2026年第三季度", "2026Q3"),
        ("2026年", "2026"),
        ("２０２６年１１月", "2026-11"),
        ("2026-10", "2026-10"),
        ("2026Q3", "2026Q3"),
        ("2026", "2026"),
    ],
)
def test_one_period_parser_reads_the_natural_forms(text, code):
    assert parse_period(text).code == code


@pytest.mark.parametrize(
    "text", ["9999-12", "2026-02-30..2026-03-01", "2026年13月", "2026年第5季度", ""]
)
def test_one_period_parser_refuses_with_one_message(text):
    with pytest.raises(ValidationError, match="无法识别：月份写作 2026-10 或 2026年10月"):
        parse_period(text, ranges=True)


def test_a_broken_pipe_is_quiet(home):
    import os

    env = {**os.environ, "STATION_HOME": str(home), "STATION_USER": "admin"}
    env["STATION_PASSWORD"] = "station-demo"
    proc = subprocess.Popen(
        [sys.executable, "-m", "station_app", "--demo", "complaints", "list"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like ``| head -0``
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) in (0, 1, 120, -13)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
