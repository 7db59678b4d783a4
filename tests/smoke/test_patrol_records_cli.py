"""``station-app patrols sampling|samplings|extend|void|records`` and ``print inspection|
notice`` as the checks run them, on a demo database: JSON keys, the PDFs read back, bad
input a Chinese message with a non-zero exit code and nothing written."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from station_app.clock import now
from tests.smoke.test_cli import run


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("home")
    result = run(home, "demo", "--seed", "5", "--entities", "300")
    assert result.returncode == 0, result.stderr
    return home


def cli(home: Path, *args: str) -> dict:
    result = run(home, "--demo", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refused(home: Path, *args: str) -> str:
    result = run(home, "--demo", *args)
    assert result.returncode != 0, result.stdout
    return result.stderr


def text_of(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def _record_with_hazard(home: Path):
    moment = now() - timedelta(minutes=5)
    entity = cli(home, "patrols", "records")["records"][0]["entity"]
    deadline = str(moment.date() + timedelta(days=10))
    at = moment.strftime("%Y-%m-%d %H:%M")
    record = cli(home, "patrols", "record", entity, "--at", at, "--source", "自主",
                 "--hazard", "食品安全", "--deadline", deadline)  # fmt: skip
    return moment, entity, record


def test_extend_print_notice_and_inspection_then_void(home, tmp_path):
    moment, entity, record = _record_with_hazard(home)
    (hazard,) = record["hazards"]
    assert record["entity"] == entity and hazard["state"] == "open"
    later = str(moment.date() + timedelta(days=20))
    extended = cli(home, "patrols", "extend", str(hazard["id"]), "--to", later,
                   "--reason", "等待设备到货")  # fmt: skip
    assert extended["deadline"] == later and extended["recheck_due"] >= later
    further = str(moment.date() + timedelta(days=25))
    assert "请写明原因" in refused(home, "patrols", "extend", str(hazard["id"]), "--to",
                                   further, "--reason", "等")  # fmt: skip
    out = tmp_path / "notice.pdf"
    notice = cli(home, "print", "notice", str(hazard["id"]), "--out", str(out))
    assert notice["record_id"] == record["id"] and notice["hazards"] == [hazard["id"]]
    assert f"〔{moment.year}〕" in notice["number"] and notice["number"].endswith("号")
    text = text_of(out)
    assert notice["number"] in text and "责令改正通知书" in text and "被通知人签收" in text
    again = cli(home, "print", "notice", str(record["id"]), "--record", "--out", str(out))
    assert again["number"] == notice["number"]  # the same notice, reprinted
    ins = tmp_path / "inspection.pdf"
    cli(home, "print", "inspection", str(record["id"]), "--out", str(ins))
    assert "现场检查笔录" in text_of(ins) and "以上笔录已阅" in text_of(ins)
    assert "请写明原因" in refused(home, "patrols", "void", str(record["id"]), "--reason", "")
    voided = cli(home, "patrols", "void", str(record["id"]), "--reason", "录错了经营主体")
    assert voided["voided"] and voided["hazards"][0]["state"] == "voided"
    assert "已经作废" in refused(
        home, "patrols", "void", str(record["id"]), "--reason", "再作废一次"
    )
    assert "已作废" in refused(home, "print", "inspection", str(record["id"]), "--out", str(ins))


def test_an_extension_after_the_deadline_is_refused(home):
    overdue = cli(home, "patrols", "hazards", "--overdue")["hazards"]
    if not overdue:
        pytest.skip("the demo made no overdue hazard")
    h = overdue[0]
    later = str(now().date() + timedelta(days=10))
    message = refused(
        home, "patrols", "extend", str(h["id"]), "--to", later, "--reason", "等待设备到货"
    )
    assert "已过，不能再延期" in message
    after = [x for x in cli(home, "patrols", "hazards")["hazards"] if x["id"] == h["id"]]
    assert after[0]["deadline"] == h["deadline"]


def test_sampling_and_the_samplings_list(home):
    entity = cli(home, "patrols", "records")["records"][-1]["entity"]
    day = str(now().date() - timedelta(days=2))
    made = cli(home, "patrols", "sampling", entity, "--product", "散装白酒", "--batch", "B1",
               "--date", day, "--unqualified", "--item", "甲醇超标")  # fmt: skip
    assert made["qualified"] is False and made["item"] == "甲醇超标" and made["entity"] == entity
    listed = cli(home, "patrols", "samplings", "--entity", entity, "--period", day[:7])
    assert made["id"] in [s["id"] for s in listed["samplings"]]
    keys = {"id", "entity", "date", "product", "batch", "qualified", "item", "agency"}
    assert keys <= set(listed["samplings"][0])
    assert "请填写不合格项目" in refused(home, "patrols", "sampling", entity, "--product", "油条",
                                    "--date", day, "--unqualified")  # fmt: skip
    failed = cli(home, "patrols", "samplings", "--failed")["samplings"]
    assert failed and all(not s["qualified"] for s in failed)
