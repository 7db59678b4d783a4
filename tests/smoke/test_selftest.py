"""``station-app selftest`` and the build stamp that ``info`` shows (installers run both)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from station_app import buildinfo, selftest

NAMES = ["qt", "fonts", "sqlite", "migration", "pdf", "xlsx", "data_dir"]


def run_selftest(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "STATION_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.run(
        [sys.executable, "-m", "station_app", "selftest", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_selftest_passes_and_says_so_in_json(tmp_path):
    result = run_selftest(tmp_path, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert [c["name"] for c in report["checks"]] == NAMES
    assert all(c["ok"] and c["reason"] == "" for c in report["checks"])
    assert "中文翻译已加载" in report["checks"][0]["detail"]
    assert report["version"] and report["python"]
    assert not any((tmp_path / "data").glob(".selftest-*"))  # the probe file is removed


def test_selftest_text_lists_every_check(tmp_path):
    result = run_selftest(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("[通过]") == len(NAMES)
    assert "自检通过" in result.stdout


def test_unwritable_data_directory_fails_with_the_remedy(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    # STATION_HOME below a file: the data folder can neither exist nor be made (also as root)
    result = run_selftest(blocker / "home", "--json")
    assert result.returncode == 1
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    assert checks["data_dir"]["ok"] is False
    assert "数据目录无法写入" in checks["data_dir"]["reason"]
    assert "STATION_HOME" in checks["data_dir"]["reason"]
    assert all(c["ok"] for name, c in checks.items() if name != "data_dir")


def test_qt_that_cannot_start_is_a_failed_check_not_a_crash(tmp_path):
    result = run_selftest(tmp_path, "--json", QT_QPA_PLATFORM="no-such-platform")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["qt"]["ok"] is False and "图形界面（Qt）无法启动" in checks["qt"]["reason"]
    assert checks["fonts"]["ok"] is False
    assert checks["migration"]["ok"] and checks["pdf"]["ok"]  # the rest still ran


def test_failing_check_reports_instead_of_raising(monkeypatch):
    def broken() -> str:
        raise selftest.CheckFailed("坏了：请重新安装。")

    def crashing() -> str:
        raise ValueError("boom")

    monkeypatch.setattr(
        selftest, "CHECKS", [("a", "甲", broken), ("b", "乙", crashing), ("c", "丙", lambda: "好")]
    )
    report = selftest.run_selftest(qt=False)
    assert [(c.name, c.ok) for c in report.checks] == [("a", False), ("b", False), ("c", True)]
    assert report.checks[0].reason == "坏了：请重新安装。"
    assert "ValueError" in report.checks[1].reason
    assert report.ok is False and report.as_dict()["ok"] is False


def test_pdf_read_back_refuses_a_pdf_without_embedded_fonts():
    with pytest.raises(selftest.CheckFailed, match="没有嵌入字体"):
        selftest._read_back_pdf(b"%PDF-1.4\n/BaseFont /Helvetica\n%%EOF\n", ("NotoSansSC",))


def test_build_stamp_wins_over_git(monkeypatch):
    stamp = types.SimpleNamespace(COMMIT="0123456789ab", PACKAGING="windows-embedded")
    monkeypatch.setitem(sys.modules, "station_app._build", stamp)
    buildinfo.commit.cache_clear()
    try:
        assert buildinfo.commit() == "0123456789ab"
        assert buildinfo.packaging() == "windows-embedded"
    finally:
        buildinfo.commit.cache_clear()


def test_source_checkout_commit_comes_from_git():
    root = Path(buildinfo.__file__).resolve().parent.parent
    if not (root / ".git").exists():
        pytest.skip("not a git checkout")
    buildinfo.commit.cache_clear()
    head = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert buildinfo.commit().split("+")[0] == head
    assert buildinfo.packaging() == "source"


def test_output_in_a_code_page_without_chinese_switches_to_utf8(tmp_path):
    # what a Windows without a Chinese locale does to redirected output (cp1252)
    env = {**os.environ, "STATION_HOME": str(tmp_path), "PYTHONIOENCODING": "cp1252"}
    result = subprocess.run(
        [sys.executable, "-m", "station_app", "selftest", "--json"],
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert json.loads(result.stdout.decode("utf-8"))["checks"][0]["title"] == "图形界面（Qt）能启动"
