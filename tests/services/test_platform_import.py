"""Complaint intake from the 12315 platform (issue 17): its exported sheet is imported through
the ledger machinery; the mapping is saved; duplicates by platform number are skipped; a row
with an error means nothing is written unless ``valid_only``."""

from __future__ import annotations

from datetime import datetime

import pytest

from station_app.errors import ValidationError

TITLES = [
    "序号",
    "投诉单号",
    "登记时间",
    "投诉人",
    "联系电话",
    "投诉人地址",
    "被投诉人",
    "被投诉人地址",
    "商品名称",
    "涉及金额",
    "投诉诉求",
    "投诉内容",
]


def _sheet(path, rows, titles=TITLES):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["全国12315平台投诉工单导出"])
    ws.append(titles)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _row(n, number, name="张小明", facts="空调制冷不良，要求退货。"):
    return [
        n,
        number,
        datetime(2026, 11, 3, 9, 12),
        name,
        "13812348000",
        "东平县城关镇幸福路12号",
        "东平县鑫源家电销售有限公司",
        "东平县城关镇人民路120号",
        "空调",
        3299,
        "退货",
        facts,
    ]


def test_import_registers_keeps_the_number_and_skips_duplicates(ctx, tmp_path):
    svc = ctx.services.complaints
    path = _sheet(tmp_path / "12315.xlsx", [_row(1, "T2026110300001"), _row(2, "T2026110300002")])
    trial, _ = svc.import_platform_sheet(path, dry_run=True)
    assert trial.imported == 2 and svc.list_cases(_all()) == []
    result, changes = svc.import_platform_sheet(path)
    assert result.committed and result.imported == 2 and changes.touches("complaint")
    cases = svc.list_cases(_all())
    assert len(cases) == 2
    view = svc.get(cases[0]["id"])
    assert view.channel == "12315" and view.platform_no.startswith("T20261103")
    assert view.amount_fen == 329900 and view.claim == "退货" and view.status == "待受理"
    assert view.complainant_phone == "138****8000"  # masked as any registration
    again, _ = svc.import_platform_sheet(path)
    assert again.imported == 0 and set(again.duplicates) == {"T2026110300001", "T2026110300002"}
    assert len(svc.list_cases(_all())) == 2
    history = ctx.services.audit.history("complaint", view.id)
    assert history and history[-1].action == "create"


def test_a_row_with_an_error_writes_nothing_unless_valid_only(ctx, tmp_path):
    svc = ctx.services.complaints
    rows = [_row(1, "T1"), _row(2, "T2", facts=""), _row(3, "T1")]
    path = _sheet(tmp_path / "12315.xlsx", rows)
    refused, _ = svc.import_platform_sheet(path)
    assert not refused.committed and refused.imported == 0
    assert [e.row for e in refused.rejected] == [4] and "事实" in refused.rejected[0].reason
    assert svc.list_cases(_all()) == []
    partial, _ = svc.import_platform_sheet(path, valid_only=True)
    assert partial.imported == 1 and partial.duplicates == ("T1",)


def test_unknown_titles_need_a_mapping_which_is_saved(ctx, tmp_path):
    svc = ctx.services.complaints
    titles = [*TITLES]
    titles[1] = "平台流水号"
    path = _sheet(tmp_path / "12315.xlsx", [_row(1, "T9")], titles)
    with pytest.raises(ValidationError, match="投诉单号"):
        svc.import_platform_sheet(path)
    result, _ = svc.import_platform_sheet(path, mapping={"platform_no": "平台流水号"})
    assert result.imported == 1
    second = _sheet(tmp_path / "next.xlsx", [_row(1, "T10")], titles)
    result, _ = svc.import_platform_sheet(second)  # the saved mapping applies
    assert result.imported == 1


def _all():
    from station_app.domain.complaints import ComplaintFilter

    return ComplaintFilter()


def test_a_bad_date_or_an_empty_number_is_a_row_error_not_a_crash(ctx, tmp_path):
    svc = ctx.services.complaints
    bad_date, no_number = _row(1, "T1"), _row(2, "")
    bad_date[2] = "不详"
    path = _sheet(tmp_path / "12315.xlsx", [bad_date, no_number])
    result, _ = svc.import_platform_sheet(path)
    reasons = [e.reason for e in result.rejected]
    assert not result.committed and "登记时间" in reasons[0] and "投诉单号" in reasons[1]
