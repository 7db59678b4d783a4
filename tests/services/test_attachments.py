"""Attachments (photos, scans) on SQLite and PostgreSQL: the content check (magic bytes, not the
name; the size limit), an order's attachments added, listed, read back byte for byte, voided
with a reason (kept, audited with its hash), refused on a voided order; a patrol record's the
same, removal deleting with an audit row that keeps the hash; bad files give a Chinese message
and write nothing; the CLI ``orders attach`` / ``orders attachments --json``."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from station_app.data.models import OrderAttachment, PatrolAttachment
from station_app.domain import attachments as rules
from station_app.domain.auth import ADMIN, READONLY, Actor
from station_app.domain.patrols.records import RecordDraft
from station_app.errors import PermissionDeniedError, ValidationError
from station_app.services.entities import EntityData
from station_app.services.orders import OrderInput
from station_app.services.roster import GridData, PersonData
from tests.support.orders import bj, set_now

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
PNG = b"\x89PNG\r\n\x1a\n" + bytes(300)
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(500)  # a Windows program


def count(ctx, model) -> int:
    with ctx.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


@pytest.fixture
def order(ctx, monkeypatch):
    set_now(ctx, monkeypatch, "2026-05-02 10:00")
    data = OrderInput(kind="12345", received_at=bj("2026-05-02 09:00"), platform_no="JN2026050200001",
                      text="商户占道经营")  # fmt: skip
    return ctx.services.orders.add(data)[0]


# ---- the pure check ----------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "mime"), [(JPEG, rules.JPEG), (PNG, rules.PNG), (PDF, rules.PDF)])
def test_type_is_judged_by_content(data, mime):
    checked = rules.check_file("任意名字.bin", data)
    assert checked.mime == mime and checked.size == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("现场照片.jpg", EXE, "不是JPEG、PNG 照片或 PDF 扫描件（按文件内容判断"),
        ("空.png", b"", "是空的"),
        ("大.jpg", JPEG[:3] + bytes(rules.MAX_BYTES), "超过附件上限 10.0 MB"),
        ("半截.pdf", PDF[:20], "不完整的 PDF"),
        ("", JPEG, "须有文件名"),
    ],
)
def test_bad_files_are_refused_in_chinese(name, data, message):
    with pytest.raises(ValidationError, match=message):
        rules.check_file(name, data)


def test_names_lose_folders_and_stay_within_the_column():
    assert rules.clean_name("C:\\照片\\2026\\现场.jpg") == "现场.jpg"
    long = rules.clean_name("很" * 300 + ".jpeg")
    assert len(long) == rules.MAX_NAME and long.endswith(".jpeg")


# ---- work orders -------------------------------------------------------------------------------


def test_order_attachments_added_listed_read_and_voided(ctx, order):
    svc = ctx.services.orders
    photo, changes = svc.add_attachment(order.number, "现场照片.jpg", JPEG)
    assert changes.touches("work_order", "order_attachment")
    scan = svc.add_attachment(order.number, "答复函.pdf", PDF)[0]
    listed = svc.attachments(order.number)
    assert [(a.filename, a.mime, a.size) for a in listed] == [
        ("现场照片.jpg", rules.JPEG, len(JPEG)),
        ("答复函.pdf", rules.PDF, len(PDF)),
    ]
    assert listed[0].added_by == ctx.auth.actor.username
    assert svc.attachment_data(photo.id) == JPEG  # byte for byte on both databases
    with pytest.raises(ValidationError, match="须填写原因"):
        svc.void_attachment(scan.id, " ")
    voided, _ = svc.void_attachment(scan.id, "上传错了工单")
    assert voided.voided and voided.void_reason == "上传错了工单"
    assert count(ctx, OrderAttachment) == 2  # kept, never deleted
    assert svc.attachment_data(scan.id) == PDF
    with pytest.raises(ValidationError, match="已作废"):
        svc.void_attachment(scan.id, "再次作废")
    history = ctx.services.audit.history("order_attachment", scan.id)
    assert history[0].reason == "作废附件：上传错了工单"
    created = ctx.services.audit.history("order_attachment", photo.id)[-1]
    assert hashlib.sha256(JPEG).hexdigest() in json.dumps(created.changes, ensure_ascii=False)


def test_bad_attachment_writes_nothing(ctx, order, tmp_path):
    svc = ctx.services.orders
    fake = tmp_path / "现场照片.jpg"
    fake.write_bytes(EXE)  # a program renamed .jpg
    with pytest.raises(ValidationError, match="按文件内容判断"):
        svc.add_attachment_file(order.number, fake)
    with pytest.raises(ValidationError, match="找不到文件"):
        svc.add_attachment_file(order.number, tmp_path / "没有.jpg")
    assert count(ctx, OrderAttachment) == 0
    assert ctx.services.audit.history("order_attachment", 1) == []


def test_voided_order_takes_no_attachment_and_readonly_cannot_add(ctx, order):
    svc = ctx.services.orders
    svc.void(order.number, "重复登记", bj("2026-05-02 09:30"))
    with pytest.raises(ValidationError, match="已作废，不能再添加附件"):
        svc.add_attachment(order.number, "a.png", PNG)
    ctx.auth.sign_in(Actor(None, "guest", READONLY, "只读"))
    with pytest.raises(PermissionDeniedError):
        svc.add_attachment(order.number, "a.png", PNG)
    assert count(ctx, OrderAttachment) == 0


# ---- patrol records ----------------------------------------------------------------------------


@pytest.fixture
def record(ctx):
    ctx.clock.set_day(date(2026, 7, 1))
    grid, _ = ctx.services.roster.save_grid(GridData("GZ01", "东关社区网格", ("东关社区",)))
    person, _ = ctx.services.roster.save_person(PersonData("张建华", ("specialist",)))
    eid = ctx.services.entities.save(EntityData(name="东关小吃店", grid_id=grid.id))[0].data.id
    draft = RecordDraft(eid, datetime(2026, 7, 1, 10, 0), inspectors=(person.id,))
    return ctx.services.patrols.record(draft, assume_yes=True)[0]


def test_patrol_record_attachments_and_audited_removal(ctx, record):
    svc = ctx.services.patrols
    photo, changes = svc.add_record_attachment(record.id, "后厨.png", PNG)
    assert changes.touches("patrol_record", "patrol_attachment")
    assert [a.filename for a in svc.record_attachments(record.id)] == ["后厨.png"]
    assert svc.record_attachment_data(photo.id) == PNG
    with pytest.raises(ValidationError, match="须填写原因"):
        svc.remove_record_attachment(photo.id, "")
    with pytest.raises(ValidationError, match="按文件内容判断"):
        svc.add_record_attachment(record.id, "检查表.pdf", EXE)
    svc.remove_record_attachment(photo.id, "拍错店铺")
    assert count(ctx, PatrolAttachment) == 0
    (row,) = ctx.services.audit.history("patrol_attachment", photo.id)[:1]
    assert row.reason == "删除附件：拍错店铺"
    assert hashlib.sha256(PNG).hexdigest() in json.dumps(row.changes, ensure_ascii=False)


# ---- command line ------------------------------------------------------------------------------


@pytest.fixture
def cli(sqlite_url, monkeypatch, capsys):
    from station_app.__main__ import main
    from station_app.bootstrap import open_context

    ctx = open_context(sqlite_url, actor=Actor(None, "tester", ADMIN, "测试"))
    ctx.services.users.add_user("admin", "管理员", ADMIN, "station-pass-1")
    ctx.close()
    monkeypatch.setenv("STATION_USER", "admin")
    monkeypatch.setenv("STATION_PASSWORD", "station-pass-1")
    db = sqlite_url.removeprefix("sqlite:///")
    capsys.readouterr()

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", db, *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_cli_attach_and_list(cli, tmp_path):
    code, out, _ = cli("orders", "add", "--kind", "12345", "--received", "2026-05-02 09:00",
                       "--order-no", "JN2026050200002", "--json")  # fmt: skip
    assert code == 0
    number = json.loads(out)["number"]
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(JPEG)
    code, out, _ = cli("orders", "attach", number, str(photo))
    assert code == 0 and "已添加附件" in out and "现场.jpg" in out
    fake = tmp_path / "setup.jpg"
    fake.write_bytes(EXE)
    code, _, err = cli("orders", "attach", number, str(fake))
    assert code != 0 and "按文件内容判断" in err
    code, out, _ = cli("orders", "attachments", number, "--json")
    listed = json.loads(out)
    assert listed["count"] == 1
    first = listed["attachments"][0]
    assert first["filename"] == "现场.jpg" and first["mime"] == "image/jpeg"
    assert first["sha256"] == hashlib.sha256(JPEG).hexdigest() and first["voided"] is False
    code, out, _ = cli("orders", "void-attachment", str(first["id"]), "--reason", "拍错", "--json")
    assert code == 0 and json.loads(out)["attachment"]["voided"] is True
