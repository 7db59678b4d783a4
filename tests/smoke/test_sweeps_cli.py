"""``station-app sweeps add|todo|candidates|link`` as an officer runs them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.smoke.test_cli import run


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("home")
    result = run(home, "demo", "--seed", "5", "--entities", "300")
    assert result.returncode == 0, result.stderr
    return home


def registered_shop(home: Path) -> tuple[int, str, str]:
    """(id, name, address) of a demo entity named like 城关镇张三记餐馆."""
    (path,) = [p for p in home.rglob("*.sqlite3") if "backup" not in str(p)]
    with sqlite3.connect(path) as con:
        return con.execute(
            "SELECT id, name, address FROM entity WHERE name LIKE '%镇%' ORDER BY id LIMIT 1"
        ).fetchone()


def test_add_candidates_link_and_todo(home, tmp_path):
    before = json.loads(run(home, "--demo", "sweeps", "todo", "--json").stdout)
    assert before["ok"] and before["open"] > 0
    entity_id, name, address = registered_shop(home)
    sign = name.split("镇", 1)[1]  # as the sign reads: no town
    photo = tmp_path / "shop.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    added = run(
        home,
        "--demo",
        "sweeps",
        "add",
        "--grid",
        "GZ01",
        "--name",
        sign,
        "--address",
        address,
        "--phone",
        "138 1234 5678",
        "--photo",
        str(photo),
        "--json",
    )
    assert added.returncode == 0, added.stderr
    card = json.loads(added.stdout)
    assert card["status"] == "待关联" and card["phone"] == "138****5678" and card["has_photo"]
    todo = json.loads(run(home, "--demo", "sweeps", "todo", "--json").stdout)
    assert todo["open"] == before["open"] + 1
    found = run(home, "--demo", "sweeps", "candidates", str(card["id"]), "--json")
    assert found.returncode == 0, found.stderr
    data = json.loads(found.stdout)
    best = data["candidates"][0]
    assert data["capture"]["name"] == sign and best["entity_id"] == entity_id
    assert best["score"] >= 85 and "地址相似度" in best["reason"]
    linked = run(home, "--demo", "sweeps", "link", str(card["id"]), str(entity_id))
    assert linked.returncode == 0, linked.stderr
    assert f"关联到经营主体“{name}”" in linked.stdout
    again = run(home, "--demo", "sweeps", "link", str(card["id"]), str(entity_id))
    assert again.returncode == 2 and "不能再次关联" in again.stderr
    assert (
        json.loads(run(home, "--demo", "sweeps", "todo", "--json").stdout)["open"]
        == (before["open"])
    )
    assert "户待关联" in run(home, "--demo", "sweeps", "todo").stdout


def test_bad_input_and_permissions_fail_in_chinese(home):
    bad = run(home, "--demo", "sweeps", "add", "--grid", "GZ01", "--name", "王姐", "--phone", "123")
    assert bad.returncode == 2 and "手机号应为11位数字" in bad.stderr
    grid = run(home, "--demo", "sweeps", "add", "--grid", "GZ99", "--name", "王姐水果摊")
    assert grid.returncode == 2 and "没有网格“GZ99”" in grid.stderr
    denied = run(home, "--demo", "sweeps", "add", "--grid", "GZ01", "--name", "王姐", user="chakan")
    assert denied.returncode != 0 and "无权登记扫街纳管记录" in denied.stderr
