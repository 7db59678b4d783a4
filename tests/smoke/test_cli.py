"""The command line as a user runs it (subprocesses, a private STATION_HOME)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(
    home: Path, *args: str, user: str | None = "admin", password: str = "station-demo"
) -> subprocess.CompletedProcess:
    env = {**os.environ, "STATION_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    for key in ("STATION_DB_URL", "STATION_USER", "STATION_PASSWORD"):
        env.pop(key, None)
    if user:
        env.update(STATION_USER=user, STATION_PASSWORD=password)
    return subprocess.run(
        [sys.executable, "-m", "station_app", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,  # a demo build on a busy 2-core machine: minutes; only a hang waits this long
    )


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("home")
    result = run(home, "demo", "--seed", "7")
    assert result.returncode == 0, result.stderr
    assert "演示数据库已生成" in result.stdout
    return home


def test_db_check_json(demo_home):
    result = run(demo_home, "--demo", "db", "check", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["integrity"] == "ok" and data["up_to_date"] is True


def test_info_names_the_demo_station(demo_home):
    result = run(demo_home, "--demo", "info", "--json")
    assert json.loads(result.stdout)["station"] == "城关市场监督管理所"


def test_backup_and_restore_commands(demo_home, tmp_path):
    target = tmp_path / "copy.sqlite3"
    assert run(demo_home, "--demo", "db", "backup", str(target)).returncode == 0
    assert target.stat().st_size > 0
    result = run(demo_home, "--demo", "db", "restore", str(target))
    assert result.returncode == 0, result.stderr
    assert "原数据库已另存为" in result.stdout


def test_not_a_database_gives_chinese_error_and_nonzero_exit(tmp_path):
    bad = tmp_path / "x.sqlite3"
    bad.write_text("hello")
    result = run(tmp_path, "--db", str(bad), "info")
    assert result.returncode == 3
    assert "错误：" in result.stderr and "不是 SQLite 数据库" in result.stderr
    assert "Traceback" not in result.stderr
    assert bad.read_text() == "hello"


def test_bad_arguments_explained_in_chinese(tmp_path):
    result = run(tmp_path, "db", "frobnicate")
    assert result.returncode == 2
    assert "命令参数不正确" in result.stderr


def test_demo_refuses_a_real_database(tmp_path):
    real = tmp_path / "real.sqlite3"
    from station_app.bootstrap import open_context
    from station_app.data.engine import sqlite_url
    from station_app.domain.auth import ADMIN, Actor
    from station_app.services.station import StationProfileData

    ctx = open_context(sqlite_url(real), actor=Actor(None, "tester", ADMIN), create=True)
    ctx.services.station.save_profile(StationProfileData(name="正式所"))
    ctx.close()
    result = run(tmp_path, "--db", str(real), "demo")
    assert result.returncode != 0
    assert "已有正式数据" in result.stderr


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "roster",
        "entities",
        "sweeps",
        "complaints",
        "lists",
        "patrols",
        "reports",
        "settings",
    ],
)
def test_screenshot_every_page(demo_home, tmp_path, page):
    out = tmp_path / f"{page}.png"
    result = run(demo_home, "--demo", "screenshot", "--page", page, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 10_000  # a real rendering, not an empty image


def test_commands_need_a_user_with_permission(demo_home):
    no_user = run(demo_home, "--demo", "info", user=None)
    assert no_user.returncode == 8 and "STATION_USER" in no_user.stderr
    wrong = run(demo_home, "--demo", "info", password="wrong-password")
    assert wrong.returncode == 8 and "用户名或密码不正确" in wrong.stderr
    readonly = run(demo_home, "--demo", "db", "backup", user="chakan")
    assert readonly.returncode == 8 and "无权备份数据库" in readonly.stderr


def test_users_and_audit_commands(demo_home):
    listed = run(demo_home, "--demo", "users", "list", "--json")
    names = {u["username"]: u["role"] for u in json.loads(listed.stdout)}
    assert names["admin"] == "admin" and names["chakan"] == "readonly"
    verified = run(demo_home, "--demo", "audit", "verify", "--json")
    assert verified.returncode == 0, verified.stderr
    assert json.loads(verified.stdout)["ok"] is True


def test_first_user_on_an_empty_database(tmp_path):
    db = str(tmp_path / "new.sqlite3")
    env_pw = {"STATION_NEW_PASSWORD": "Station-2026"}
    os.environ.update(env_pw)
    try:
        mistyped = run(tmp_path, "--db", db, "users", "add", "boss", "--role", "admin", user=None)
        assert mistyped.returncode == 3 and f"找不到数据库文件：{db}" in mistyped.stderr
        assert not Path(db).exists(), "a mistyped --db must not create a database"
        assert run(tmp_path, "--db", db, "db", "upgrade", user=None).returncode == 0
        clerk = run(tmp_path, "--db", db, "users", "add", "lee", "--role", "clerk", user=None)
        assert clerk.returncode == 2 and "第一个用户必须是系统管理员" in clerk.stderr
        admin = run(
            tmp_path,
            "--db",
            db,
            "users",
            "add",
            "boss",
            "--role",
            "admin",
            "--name",
            "张三",
            user=None,
        )
        assert admin.returncode == 0, admin.stderr
        second = run(tmp_path, "--db", db, "users", "add", "lee", "--role", "clerk", user=None)
        assert second.returncode == 8  # now a signed-in administrator is needed
        ok = run(
            tmp_path,
            "--db",
            db,
            "users",
            "add",
            "lee",
            "--role",
            "clerk",
            user="boss",
            password="Station-2026",
        )
        assert ok.returncode == 0, ok.stderr
    finally:
        for key in env_pw:
            os.environ.pop(key, None)


def test_restore_over_a_corrupt_database(demo_home, tmp_path):
    import shutil

    db = tmp_path / "copy.sqlite3"
    backup = tmp_path / "backup.sqlite3"
    shutil.copy(demo_home / "data" / "demo.sqlite3", db)
    assert run(demo_home, "--db", str(db), "db", "backup", str(backup)).returncode == 0
    assert db.stat().st_size > 8192  # the damage below lands on data pages
    data = bytearray(db.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    db.write_bytes(bytes(data))
    broken = run(demo_home, "--db", str(db), "info")
    assert broken.returncode == 3 and "损坏" in broken.stderr
    fixed = run(demo_home, "--db", str(db), "db", "restore", str(backup))
    assert fixed.returncode == 0, fixed.stderr
    assert "损坏的文件另存为" in fixed.stdout
    assert run(demo_home, "--db", str(db), "info").returncode == 0


def test_report_county_verify_and_merge(demo_home, tmp_path):
    made = run(
        demo_home,
        "--demo",
        "report",
        "county",
        "--period",
        "2026-10",
        "--out",
        str(tmp_path),
        "--json",
    )
    assert made.returncode == 0, made.stderr
    package = json.loads(made.stdout)["package"]
    verified = run(demo_home, "report", "verify", package, user=None)
    assert verified.returncode == 0 and "校验通过" in verified.stdout
    twice = run(
        demo_home, "county", "merge", package, package, "--out", str(tmp_path / "c.xlsx"), user=None
    )
    assert twice.returncode != 0 and "出现了两次" in twice.stderr
    bad_period = run(
        demo_home, "--demo", "report", "county", "--period", "2026-13", "--out", str(tmp_path)
    )
    assert bad_period.returncode == 2 and "统计期" in bad_period.stderr


def test_report_county_with_details(demo_home, tmp_path):
    import zipfile

    from openpyxl import load_workbook

    made = run(
        demo_home,
        "--demo",
        "report",
        "county",
        "--period",
        "2026",
        "--out",
        str(tmp_path),
        "--details",
        "--json",
    )
    assert made.returncode == 0, made.stderr
    package = json.loads(made.stdout)["package"]
    verified = run(demo_home, "report", "verify", package, user=None)
    assert verified.returncode == 0 and "校验通过" in verified.stdout
    with zipfile.ZipFile(package) as zf:
        doc = json.loads(zf.read("figures.json"))
        zf.extract("report.xlsx", tmp_path)
    assert doc["with_details"] and {t["title"] for t in doc["details"]} >= {
        "新增经营主体明细",
        "投诉明细",
        "红黑榜变动明细",
        "工单明细",  # #14
        "巡查明细：D级未覆盖",  # #15
    }
    assert "投诉明细" in load_workbook(tmp_path / "report.xlsx", read_only=True).sheetnames


def test_info_shows_the_commit_and_packaging(demo_home):
    data = json.loads(run(demo_home, "--demo", "info", "--json").stdout)
    assert data["packaging"] == "source"
    assert "commit" in data  # a git checkout gives the hash; an unpacked tarball None


def test_files_with_personal_data_are_owner_only(tmp_path):
    """The entry point's umask: the database, its WAL, backups and their head files, the log
    and an export are created 0600 in 0700 folders."""
    import stat

    assert run(tmp_path, "demo", "--seed", "3", "--entities", "50").returncode == 0
    backup = tmp_path / "b" / "copy.sqlite3"
    assert run(tmp_path, "--demo", "db", "backup", str(backup)).returncode == 0
    data = tmp_path / "data"
    made = [data / "demo.sqlite3", backup, backup.with_name("copy.sqlite3.head.json")]
    made += list((tmp_path / "logs").glob("*.log"))
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (data, tmp_path / "b", tmp_path / "logs"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_audit_verify_prints_the_head_and_checks_anchors(demo_home, tmp_path):
    result = run(demo_home, "--demo", "audit", "verify", "--json")
    assert result.returncode == 0, result.stderr
    head = json.loads(result.stdout)["head"]
    assert set(head) == {"seq", "hash", "code"} and head["code"].startswith(f"{head['seq']}-")
    backup = tmp_path / "b.sqlite3"
    assert run(demo_home, "--demo", "db", "backup", str(backup)).returncode == 0
    side = str(backup) + ".head.json"
    checked = run(
        demo_home, "--demo", "audit", "verify", "--anchor", head["code"], "--anchor", side
    )
    assert checked.returncode == 0, checked.stderr
    typo = head["code"][:-2] + ("11" if head["code"][-2:] != "11" else "12")
    refused = run(demo_home, "--demo", "audit", "verify", "--anchor", typo)
    assert refused.returncode == 2 and "校验数字不符" in refused.stderr


def test_screenshot_a_tab_by_its_chinese_name_and_refuse_an_unknown_one(demo_home, tmp_path):
    out = tmp_path / "stations.png"
    shot = ("--demo", "screenshot", "--page", "complaints", "--out", str(out))
    result = run(demo_home, *shot, "--tab", "消费维权服务站")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000
    refused = run(demo_home, *shot[:-1], str(tmp_path / "x.png"), "--tab", "grading")
    assert refused.returncode != 0 and "没有名为“grading”的选项卡" in refused.stderr
    assert "Traceback" not in refused.stderr and not (tmp_path / "x.png").exists()
