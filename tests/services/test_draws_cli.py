"""The command lines of issue #18 as it writes them (``draws run|show|verify|publish``,
``campaigns add|show|progress|close``) with their JSON keys, and their Chinese refusals."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from station_app.data.models import Entity, Person
from station_app.domain.periods import SHANGHAI


@pytest.fixture
def db(sqlite_url, monkeypatch):
    from station_app.bootstrap import open_context
    from station_app.domain.auth import ADMIN, Actor

    ctx = open_context(sqlite_url, actor=Actor(None, "tester", ADMIN, "测试"))
    ctx.services.users.add_user("admin", "管理员", ADMIN, "station-pass-1")
    with ctx.db.uow() as s:
        for i in range(12):
            s.add(
                Entity(
                    uscc=f"92370923MA{i:07d}Y",
                    name=f"商户{i:02d}",
                    status="在营",
                    credit_class="ABCD"[i % 4],
                )
            )
        for i in range(3):
            s.add(
                Person(
                    name=f"执法员{i}",
                    roles="enforcer",
                    cert_no=f"C00{i}",
                    cert_expiry=date(2099, 1, 1),
                    active=True,
                )
            )
    ctx.close()
    monkeypatch.setenv("STATION_USER", "admin")
    monkeypatch.setenv("STATION_PASSWORD", "station-pass-1")
    return sqlite_url.removeprefix("sqlite:///")


TODAY_EARLY = datetime.now(SHANGHAI).strftime("%Y-%m-%d 00:05")  # a check already made today


def run(capsys, db, *args) -> tuple[int, dict]:
    from station_app.__main__ import main

    capsys.readouterr()
    code = main(["--db", db, *args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def test_draws_run_show_verify_publish(db, capsys, tmp_path):
    code, drawn = run(
        capsys,
        db,
        "draws",
        "run",
        "--item",
        "食品销售经营者监督检查",
        "--objects",
        "all",
        "--ratio",
        "A=0.05,B=0.1,C=0.3,D=1",
        "--inspectors",
        "all",
        "--witness",
        "271828",
        "--min-inspectors",
        "2",
    )
    assert code == 0
    for key in ("id", "seed", "pool_hash", "pool_sizes", "objects"):
        assert key in drawn
    assert drawn["pool_sizes"] == {"A": 3, "B": 3, "C": 3, "D": 3}
    assert {o["grade"] for o in drawn["objects"]} == {"A", "B", "C", "D"}
    assert all(len(o["inspectors"]) == 2 and o["entity"] for o in drawn["objects"])
    code, shown = run(capsys, db, "draws", "show", str(drawn["id"]))
    assert code == 0 and shown["seed"] == drawn["seed"] and shown["objects"] == drawn["objects"]
    code, verified = run(capsys, db, "draws", "verify", str(drawn["id"]))
    assert code == 0 and verified["ok"] and verified["steps"][0]["name"] == "对象库哈希"
    code, _ = run(
        capsys, db, "draws", "publish", str(drawn["id"]), "--out", str(tmp_path / "n.pdf")
    )
    assert code != 0  # no results yet
    for o in drawn["objects"]:
        assert (
            run(
                capsys,
                db,
                "draws",
                "result",
                drawn["number"],
                o["entity"],
                "--at",
                TODAY_EARLY,
            )[0]
            == 0
        )
    out = tmp_path / "公示.xlsx"
    code, _ = run(capsys, db, "draws", "publish", str(drawn["id"]), "--out", str(out))
    assert code == 0 and out.exists()


def test_draws_run_refusals_are_chinese(db, capsys):
    from station_app.__main__ import main

    capsys.readouterr()
    args = ["--db", db, "draws", "run", "--item", "食品销售经营者监督检查"]
    code = main([*args, "--objects", "all", "--inspectors", "all", "--ratio", "D=1.5"])
    assert code != 0 and "超过 1" in capsys.readouterr().err
    code = main([*args, "--objects", "all", "--inspectors", "all", "--min-inspectors", "4"])
    err = capsys.readouterr().err
    assert code != 0 and "执法人员库只有 3 人" in err


def test_campaigns_add_show_progress_close(db, capsys):
    code, added = run(
        capsys,
        db,
        "campaigns",
        "add",
        "--name",
        "餐饮安心专项行动",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--target-filter",
        "信用=A,B",
    )
    assert code == 0 and added["targets"] == 6 and added["filter"]["credit_classes"] == ["A", "B"]
    code, shown = run(capsys, db, "campaigns", "show", str(added["id"]))
    assert code == 0 and shown["target_hash"] == added["target_hash"]
    code, board = run(capsys, db, "campaigns", "progress", added["number"])
    assert code == 0 and board["total"]["targets"] == 6 and "check_rate" in board["definitions"]
    code, closed = run(capsys, db, "campaigns", "close", str(added["id"]))
    assert code == 0 and closed["state"] == "closed" and closed["warnings"]


def test_sweeps_actions_json(db, capsys):
    code, items = run(capsys, db, "sweeps", "actions", "--period", "2026")
    assert code == 0 and items == []
    from station_app.__main__ import main

    capsys.readouterr()
    assert main(["--db", db, "sweeps", "plan", "--day", "2026-11-02", "--community", "东关"]) != 0
    assert "定人" in capsys.readouterr().err


def test_campaigns_check_revisit_waive_summary(db, capsys, tmp_path):
    code, added = run(
        capsys, db, "campaigns", "add", "--name", "节日市场专项行动", "--from", "2026-01-01",
        "--to", "2026-12-31", "--target-filter", "信用=A", "--sample-ratio", "0",
    )  # fmt: skip
    assert code == 0 and added["targets"] == 3
    deadline = (datetime.now(SHANGHAI).date() + timedelta(days=10)).isoformat()
    people = ("--inspector", "执法员0", "--inspector", "执法员1")
    code, check = run(
        capsys, db, "campaigns", "check", added["number"], "92370923MA0000000Y", "--at",
        TODAY_EARLY, *people, "--hazard", "食品安全", "--deadline", deadline,
        "--department", "公安",
    )  # fmt: skip
    assert code == 0 and check["target_state"] == "problem"
    assert check["record"]["source"] == "campaign" and check["record"]["kind"] == "check"
    (revisit,) = check["revisits"]
    assert revisit["kind"] == "problem" and revisit["state"] == "open"
    code, second = run(
        capsys, db, "campaigns", "check", added["number"], "92370923MA0000004Y", "--at",
        TODAY_EARLY, *people, "--hazard", "其他", "--deadline", deadline,
    )  # fmt: skip
    code, listed = run(capsys, db, "campaigns", "revisits", str(added["id"]), "--open")
    assert code == 0 and len(listed) == 2
    from station_app.__main__ import main

    capsys.readouterr()
    assert main(["--db", db, "campaigns", "close", str(added["id"])]) != 0
    assert "还有 2 个回头看未完成" in capsys.readouterr().err
    code, _ = run(capsys, db, "campaigns", "revisit", str(revisit["id"]), "--at", TODAY_EARLY)
    assert code != 0  # a problem shop's revisit is its re-check: --pass or --fail
    later = TODAY_EARLY.replace("00:05", "00:10")
    code, done = run(
        capsys, db, "campaigns", "revisit", str(revisit["id"]), "--at", later, "--pass"
    )
    assert code == 0 and done["revisit"]["state"] == "done" and done["target_state"] == "rectified"
    capsys.readouterr()
    other = second["revisits"][0]["id"]
    assert main(["--db", db, "campaigns", "waive", str(other), "--reason", " "]) != 0
    assert "免于回头看须写明原因" in capsys.readouterr().err
    code, waived = run(capsys, db, "campaigns", "waive", str(other), "--reason", "商户已搬离")
    assert code == 0 and waived["state"] == "waived"
    code, board = run(capsys, db, "campaigns", "progress", added["number"])
    total = board["total"]
    assert (total["checked"], total["problems"], total["rectified"], total["revisits_done"]) == (
        2, 2, 1, 1,
    )  # fmt: skip
    out = tmp_path / "汇总.pdf"
    code, _ = run(capsys, db, "campaigns", "summary", added["number"], "--out", str(out))
    assert code == 0 and out.exists()
    code, closed = run(capsys, db, "campaigns", "close", str(added["id"]))
    assert code == 0 and closed["state"] == "closed"
