"""投诉调解 and personal data (FACTS §7, DEVELOPING "Personal data"): the service hands out the
complainant's phone, address and ID number masked in every view, list and export; the full
value needs ``personal.unmasked`` and each view or print of it is in the audit trail."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from station_app.domain.auth import CLERK, MEDIATOR, READONLY, Actor
from station_app.domain.complaints import ComplaintFilter
from station_app.errors import PermissionDeniedError
from station_app.services.complaints import PERSONAL_FIELDS, ComplaintInput, TermInput

PHONE, PHONE_M = "13812348000", "138****8000"
ID, ID_M = "11010519491231002X", "110105********002X"
ADDRESS, ADDRESS_M = "东平县城关镇幸福路12号3单元401室", "东平县城关镇幸福路****"
AGENT_PHONE, AGENT_PHONE_M = "13900001111", "139****1111"
FULL = (PHONE, ID, ADDRESS, AGENT_PHONE, "12号3单元")

READER = Actor(None, "chakan", READONLY, "查看员")
CLERK_A = Actor(None, "sunli", CLERK, "孙丽")
MEDIATOR_A = Actor(None, "zhaomin", MEDIATOR, "赵敏")


def _input(**kw) -> ComplaintInput:
    base = dict(
        channel="12315",
        received_on=date(2026, 10, 8),
        complainant_name="张小明",
        complainant_phone=PHONE,
        complainant_address=ADDRESS,
        complainant_id_type="居民身份证",
        complainant_id_number=ID,
        agent_name="张大明",
        agent_phone=AGENT_PHONE,
        agent_authorised=True,
        respondent_name="东平县鑫源家电销售有限公司",
        respondent_address="东平县城关镇人民路120号",
        goods="空调一台",
        amount_fen=329900,
        claim="退货",
        facts="安装后制冷不良，两次维修未解决。",
    )
    base.update(kw)
    return ComplaintInput(**base)


def _no_full_value(obj) -> None:
    text = json.dumps(obj, ensure_ascii=False, default=str)
    for value in FULL:
        assert value not in text, value


def _views(history, action: str) -> list:
    return [h for h in history if h.action == action]


def test_views_lists_and_exports_are_masked(ctx, tmp_path):
    svc = ctx.services.complaints
    v, _ = svc.register(_input())
    assert v.personal_masked
    assert (v.complainant_phone, v.complainant_id_number) == (PHONE_M, ID_M)
    assert (v.complainant_address, v.agent_phone) == (ADDRESS_M, AGENT_PHONE_M)
    assert v.complainant_name == "张小明"  # the case view names the person; lists do not
    # every read and every step returns the masked view
    v, _ = svc.accept(v.id, date(2026, 10, 9), v.version)
    for view in (v, svc.get(v.id), svc.get_by_number(v.number)):
        _no_full_value(view.__dict__)
        assert view.complainant_phone == PHONE_M
    # the list (CLI, export) and the lazy table's rows
    rows = svc.list_cases(ComplaintFilter())
    assert rows[0]["complainant"] == "张*明"
    _no_full_value(rows)
    src = svc.rows()
    page = src.fetch_rows(list(src.fetch_ids(None, False)))
    _no_full_value(page)
    assert "张小明" not in json.dumps(page, ensure_ascii=False, default=str)
    out = tmp_path / "list.xlsx"
    assert svc.export_xlsx(ComplaintFilter(), out) == 1
    from openpyxl import load_workbook

    _no_full_value([list(r) for r in load_workbook(out).active.iter_rows(values_only=True)])


def test_search_by_phone_still_finds_the_case_and_shows_it_masked(ctx):
    svc = ctx.services.complaints
    v, _ = svc.register(_input())
    svc.register(_input(complainant_name="李四", complainant_phone="13900002222"))
    for text in (PHONE, "8000", "138 1234 8000", "138-1234-8000"):
        rows = svc.list_cases(ComplaintFilter(text=text))
        assert [r["number"] for r in rows] == [v.number], text
        _no_full_value(rows)


def test_reveal_needs_the_permission_and_writes_the_audit(ctx):
    svc, audit = ctx.services.complaints, ctx.services.audit
    v, _ = svc.register(_input())
    assert _views(audit.history("complaint", v.id), "view") == []
    # 只读 and 内勤 may look at the case, masked, but not reveal it
    for who in (READER, CLERK_A):
        ctx.auth.sign_in(who)
        assert svc.get(v.id).complainant_phone == PHONE_M
        for call in (
            lambda: svc.reveal_personal(v.id, "complainant_phone"),
            lambda: svc.get(v.id, unmasked=True),
        ):
            with pytest.raises(PermissionDeniedError) as err:
                call()
            assert "无权查看未脱敏的个人信息" in err.value.message
            assert "请联系系统管理员" in err.value.message
    ctx.auth.sign_in(MEDIATOR_A)
    assert _views(audit.history("complaint", v.id), "view") == []  # refusals reveal nothing
    # a mediator may: each reveal is one audited view of one field
    expected = {
        "complainant_phone": PHONE,
        "complainant_address": ADDRESS,
        "complainant_id_number": ID,
        "agent_phone": AGENT_PHONE,
    }
    for field_name in PERSONAL_FIELDS:
        assert svc.reveal_personal(v.id, field_name) == expected[field_name]
    views = _views(audit.history("complaint", v.id), "view")
    assert [h.changes["fields"] for h in reversed(views)] == [[k] for k in PERSONAL_FIELDS]
    assert {h.username for h in views} == {"zhaomin"}
    # the whole registration for the editor: one view row naming every field shown
    full = svc.get(v.id, unmasked=True)
    assert not full.personal_masked
    assert (full.complainant_phone, full.complainant_id_number) == (PHONE, ID)
    assert (full.complainant_address, full.agent_phone) == (ADDRESS, AGENT_PHONE)
    last = _views(audit.history("complaint", v.id), "view")[0]
    assert last.changes["fields"] == list(PERSONAL_FIELDS)
    # the audit trail itself holds no full value
    _no_full_value([h.changes for h in audit.history("complaint", v.id)])


def test_reveal_refuses_other_fields(ctx):
    from station_app.errors import ValidationError

    svc = ctx.services.complaints
    v, _ = svc.register(_input())
    with pytest.raises(ValidationError, match="不是个人信息字段"):
        svc.reveal_personal(v.id, "facts")


def test_editing_a_masked_registration_keeps_or_replaces_values(ctx):
    svc, audit = ctx.services.complaints, ctx.services.audit
    v, _ = svc.register(_input())
    ctx.auth.sign_in(CLERK_A)  # cannot see the full values, may correct the registration
    masked = svc.get(v.id)
    v2, _ = svc.update_registration(
        v.id, replace(masked.to_input(), facts="安装后制冷不良，三次维修未解决。")
    )
    assert v2.complainant_phone == PHONE_M and v2.facts.startswith("安装后制冷不良，三次")
    # a retyped value replaces the stored one, the others stay
    v3, _ = svc.update_registration(
        v.id,
        replace(v2.to_input(), complainant_address="东平县城关镇幸福路14号", version=v2.version),
    )
    assert v3.complainant_address == ADDRESS_M  # same street: the mask looks the same
    ctx.auth.sign_in(MEDIATOR_A)
    full = svc.get(v.id, unmasked=True)
    assert full.complainant_address == "东平县城关镇幸福路14号"
    assert (full.complainant_phone, full.complainant_id_number) == (PHONE, ID)
    assert full.agent_phone == AGENT_PHONE
    # the correction is in the history, without the value
    update = next(h for h in audit.history("complaint", v.id) if h.action == "update")
    assert update.changes["complainant_address"] == [ADDRESS_M, ADDRESS_M + "（已更正）"]
    _no_full_value([h.changes for h in audit.history("complaint", v.id)])


def _agreed(ctx):
    svc = ctx.services.complaints
    v, _ = svc.register(_input())
    v, _ = svc.accept(v.id, date(2026, 10, 9), v.version)
    v, _ = svc.add_mediator(v.id, "赵敏", False, v.version)
    v, _ = svc.succeed(
        v.id,
        date(2026, 10, 15),
        [TermInput("退款", "退还购机款", date(2026, 10, 20), 329900, "银行转账")],
        v.version,
        way="现场",
    )
    return svc, v


def _text(path) -> str:
    from pypdf import PdfReader

    return "".join(
        p.extract_text().replace(" ", "").replace("\n", "") for p in PdfReader(str(path)).pages
    )


def test_printing_the_file_copy_in_full_is_logged_as_an_export(ctx, tmp_path):
    svc, audit = ctx.services.complaints, ctx.services.audit
    _svc, v = _agreed(ctx)
    parties = tmp_path / "parties.pdf"
    svc.print_document(v.id, "agreement", parties, copies=("被投诉人联",))
    text = _text(parties)
    # every page carries the audit head after this print's own audit row (日志校验码)
    assert text.count("日志校验码") == text.count("页共") and audit.head().code in text
    for masked in (PHONE_M, ID_M, ADDRESS_M, AGENT_PHONE_M):
        assert masked in text
    for full in FULL:
        assert full not in text
    assert _views(audit.history("complaint", v.id), "export") == []  # nothing unmasked printed
    archive = tmp_path / "archive.pdf"
    svc.print_document(v.id, "agreement", archive, copies=("存档联",))
    text = _text(archive)
    for full in (PHONE, ID, ADDRESS, AGENT_PHONE):
        assert full in text
    exports = _views(audit.history("complaint", v.id), "export")
    assert len(exports) == 1 and exports[0].changes["fields"] == list(PERSONAL_FIELDS)
    assert "存档联" in exports[0].reason
    # a decision names the complainant only: no personal data printed, nothing logged
    svc.print_document(v.id, "acceptance", tmp_path / "acc.pdf")
    assert len(_views(audit.history("complaint", v.id), "export")) == 1
    # batch printing follows the same rule
    svc.print_agreements([v.id], tmp_path / "batch.pdf", copies=("存档联",))
    assert ADDRESS in _text(tmp_path / "batch.pdf")
    assert len(_views(audit.history("complaint", v.id), "export")) == 2


def test_file_copy_stays_masked_for_a_user_without_the_permission(ctx, tmp_path, monkeypatch):
    """Should a role print an agreement without ``personal.unmasked`` (today every role with
    ``mediation.edit`` has it), its 存档联 is masked and nothing is logged as unmasked."""
    from station_app.domain import auth as auth_rules

    svc, audit = ctx.services.complaints, ctx.services.audit
    _svc, v = _agreed(ctx)
    monkeypatch.setitem(auth_rules.PERMISSIONS, "personal.unmasked", frozenset({auth_rules.ADMIN}))
    ctx.auth.sign_in(MEDIATOR_A)
    out = tmp_path / "archive.pdf"
    svc.print_document(v.id, "agreement", out, copies=("存档联",))
    text = _text(out)
    assert ID_M in text and ADDRESS_M in text and PHONE not in text and ADDRESS not in text
    assert _views(audit.history("complaint", v.id), "export") == []
