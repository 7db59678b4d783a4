"""投诉调解 service: deadlines on the working calendar, bad input at the field, the workflow,
document numbering (also concurrently on PostgreSQL), figures, CLI JSON."""

from __future__ import annotations

import json
import threading
from datetime import date

import pytest

from station_app.domain import complaints as rules
from station_app.domain.calendar import WorkCalendar
from station_app.errors import ValidationError
from station_app.services.complaints import ComplaintInput, HolidayData, TermInput
from station_app.services.station import StationProfileData


def _input(**kw) -> ComplaintInput:
    base = dict(
        channel="12315",
        received_on=date(2026, 10, 8),
        complainant_name="张小明",
        complainant_phone="13812348000",
        complainant_address="东平县城关镇幸福路12号3单元401室",
        complainant_id_type="居民身份证",
        complainant_id_number="11010519491231002X",
        respondent_name="东平县鑫源家电销售有限公司",
        respondent_address="东平县城关镇人民路120号",
        goods="空调一台",
        amount_fen=329900,
        claim="退货",
        facts="安装后制冷不良，两次维修未解决。",
    )
    base.update(kw)
    return ComplaintInput(**base)


def _count(ctx) -> int:
    return len(
        ctx.services.complaints.list_cases(
            __import__("station_app.queries.complaints", fromlist=["x"]).ComplaintFilter()
        )
    )


# ---- deadlines -------------------------------------------------------------------------------


def test_deadlines_cross_spring_festival_national_day_and_makeup_saturdays():
    cal = WorkCalendar()
    # Spring Festival 2026: 2026-02-15..23 off; Sat 2026-02-14 and Sat 2026-02-28 are make-up workdays
    assert cal.is_workday(date(2026, 2, 14)) and cal.is_workday(date(2026, 2, 28))
    d = rules.acceptance_deadline(cal, date(2026, 2, 12))
    # 13 (Fri), 14 (Sat, worked), [15–23 off], 24, 25, 26, 27, 28 (Sat, worked) = 7 working days
    assert d.due == date(2026, 2, 28)
    assert not d.unknown_years
    # National Day 2026: Oct 1–7 off, make-up Sat 2026-10-10
    # 30 Sep, [1–7 Oct off], 8, 9, 10 (Sat, worked), 12, 13, 14
    assert rules.acceptance_deadline(cal, date(2026, 9, 29)).due == date(2026, 10, 14)
    # Order 20 before 2026-04-15, Order 121 from then on
    assert "第20号" in rules.acceptance_deadline(cal, date(2026, 4, 14)).rules.name
    assert "第121号" in rules.acceptance_deadline(cal, date(2026, 4, 15)).rules.name
    # mediation: 45 working days from acceptance
    m = rules.mediation_deadline(cal, date(2026, 9, 1), date(2026, 9, 2))
    assert cal.working_days_between(date(2026, 9, 2), m.due) == 45


def test_december_complaint_into_2027_warns_and_counts_weekdays(ctx):
    svc = ctx.services.complaints
    view, _ = svc.register(_input(received_on=date(2026, 12, 28)), today=date(2026, 12, 28))
    # 29, 30, 31 Dec 2026 (known) + Mon–Fri in 2027: 1 (Fri), 4, 5, 6 → 2027-01-06
    cal = svc.calendar()
    if cal.year_is_known(2027):
        pytest.skip("the installed chinese_calendar already knows 2027")
    assert view.acceptance_due == date(2027, 1, 6)
    assert "2027" in view.deadline_warning and "节假日" in view.deadline_warning
    # entering the 2027 holiday table removes the warning and moves the date
    svc.save_holiday(HolidayData(date(2027, 1, 1), False, "元旦"))
    svc.recompute_deadlines()
    again = svc.get(view.id)
    assert again.acceptance_due == date(2027, 1, 7) and again.deadline_warning == ""


# ---- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"complainant_name": ""}, "complainant_name", "投诉人姓名"),
        ({"complainant_phone": ""}, "complainant_phone", "电话"),
        ({"complainant_phone": "1381234"}, "complainant_phone", "11位"),
        ({"complainant_address": " "}, "complainant_address", "地址"),
        ({"respondent_name": ""}, "respondent_name", "被投诉人名称"),
        ({"respondent_address": ""}, "respondent_address", "被投诉人地址"),
        ({"claim": ""}, "claim", "投诉请求"),
        ({"facts": ""}, "facts", "争议事实"),
        ({"complainant_id_number": "110105194912310021"}, "complainant_id_number", "校验位"),
        ({"occurred_on": date(2023, 10, 1)}, "occurred_on", "超过三年"),
        ({"agent_name": "李律师"}, "agent_authorised", "授权委托书"),
    ],
)
def test_bad_registration_is_refused_at_the_field(sqlite_ctx, change, field, words):
    with pytest.raises(ValidationError) as err:
        sqlite_ctx.services.complaints.register(_input(**change))
    assert err.value.field == field
    assert words in err.value.message
    assert _count(sqlite_ctx) == 0


def _mediating(ctx):
    svc = ctx.services.complaints
    v, _ = svc.register(_input())
    v, _ = svc.accept(v.id, date(2026, 10, 9), v.version)
    return svc, v


def test_related_mediator_termination_without_reason_terms_without_deadline(sqlite_ctx):
    svc, v = _mediating(sqlite_ctx)
    with pytest.raises(ValidationError) as err:
        svc.add_mediator(v.id, "赵敏", True, v.version)
    assert err.value.field == "related_to_party" and "回避" in err.value.message
    with pytest.raises(ValidationError) as err:
        svc.add_mediator(v.id, "赵敏", None, v.version)
    assert err.value.field == "related_to_party"
    with pytest.raises(ValidationError) as err:
        svc.terminate(v.id, date(2026, 10, 20), "", "", v.version)
    assert err.value.field == "termination_reason"
    v, _ = svc.add_mediator(v.id, "赵敏", False, v.version)
    with pytest.raises(ValidationError) as err:
        svc.succeed(
            v.id,
            date(2026, 10, 15),
            [TermInput("退款", "退还货款", None, 329900)],
            v.version,
            way="现场",
        )
    assert err.value.field == "terms.1.due_on" and "履行期限" in err.value.message
    after = svc.get(v.id)
    assert after.status == rules.MEDIATING and after.terms == () and after.version == v.version


def test_remove_mediator_needs_a_reason_and_is_in_the_history(ctx):
    from station_app.domain.auth import CLERK, Actor
    from station_app.errors import ConflictError, PermissionDeniedError

    svc, v = _mediating(ctx)
    v, _ = svc.add_mediator(v.id, "赵敏", False, v.version)
    v, _ = svc.add_mediator(v.id, "陈志强", False, v.version)
    zhao = next(m for m in v.mediators if m.name == "赵敏")
    with pytest.raises(ValidationError, match="原因") as err:
        svc.remove_mediator(v.id, zhao.id, v.version, "  ")
    assert err.value.field == "reason"
    ctx.auth.sign_in(Actor(None, "sunli", CLERK, "孙丽"))
    with pytest.raises(PermissionDeniedError, match="调解和打印调解文书"):
        svc.remove_mediator(v.id, zhao.id, v.version, "发现应当回避")
    ctx.auth.sign_in(Actor(None, "tester", "admin", "测试"))
    w, changes = svc.remove_mediator(v.id, zhao.id, v.version, "发现与被投诉人系亲属，应当回避")
    assert [m.name for m in w.mediators] == ["陈志强"] and changes.touches("complaint")
    last = ctx.services.audit.history("complaint", v.id)[0]
    assert last.changes["mediators"] == ["赵敏、陈志强", "陈志强"]
    assert last.reason == "移除调解人员：发现与被投诉人系亲属，应当回避"
    # a stale window: the version check catches it; an id no longer on the case is refused
    with pytest.raises(ConflictError):
        svc.remove_mediator(v.id, zhao.id, v.version, "重复操作")
    with pytest.raises(ValidationError, match="已不在本案中"):
        svc.remove_mediator(v.id, zhao.id, w.version, "重复操作")
    # only while the case is being mediated
    w, _ = svc.succeed(
        w.id,
        date(2026, 10, 15),
        [TermInput("退款", "退还货款", date(2026, 10, 20), 1000)],
        w.version,
        way="现场",
    )
    with pytest.raises(ValidationError, match="调解成功"):
        svc.remove_mediator(w.id, w.mediators[0].id, w.version, "调整")


# ---- workflow, numbering, figures ----------------------------------------------------------


def test_whole_workflow_with_audit_and_numbers(ctx):
    ctx.services.station.save_profile(
        StationProfileData(name="城关市场监督管理所", doc_prefix="东市监城")
    )
    svc, v = _mediating(ctx)
    assert v.mediation_due is not None and v.number.startswith("TS2026-")
    v, _ = svc.add_mediator(v.id, "赵敏", False, v.version)
    v, _ = svc.add_session(v.id, date(2026, 10, 15), "现场", "调解室", "双方同意退货。", v.version)
    v, _ = svc.succeed(
        v.id,
        date(2026, 10, 15),
        [TermInput("退款", "退还货款", date(2026, 10, 20), 329900, "银行转账")],
        v.version,
    )
    assert v.status == rules.SUCCEEDED and v.money_recovered_fen == 329900
    first, _ = svc.issue_document(v.id, "agreement")
    again, _ = svc.issue_document(v.id, "agreement")
    assert first.number == "东市监城调〔2026〕1号" and not first.reprint
    assert again.number == first.number and again.reprint and again.prints == 2
    v, _ = svc.follow_up(v.id, "已履行", "已转账", date(2026, 10, 21), v.version)
    v, _ = svc.return_visit(v.id, date(2026, 10, 25), "电话", "满意", "满意", "", v.version)
    v, _ = svc.close(v.id, date(2026, 10, 26), v.version)
    assert v.status == rules.CLOSED
    history = ctx.services.audit.history("complaint", v.id)
    assert len(history) >= 8
    assert all("13812348000" not in json.dumps(h.changes, ensure_ascii=False) for h in history)
    f = svc.complaint_figures("2026-10")
    assert (
        f.counts["received"] == 1 and f.counts["succeeded"] == 1 and f.money_recovered_fen == 329900
    )
    rates = {r.key: r for r in f.rates}
    assert rates["success"].value == 100.0 and "÷" in rates["success"].definition
    assert f.satisfaction["满意"] == 1 and f.per_mediator[0].name == "赵敏"


def test_numbers_reset_yearly_and_roll_back_with_the_transaction(sqlite_ctx):
    from station_app.data.repo import complaints as repo

    db = sqlite_ctx.db
    with db.uow() as s:
        assert [repo.allocate_number(s, "agreement", 2026) for _ in range(3)] == [1, 2, 3]
        assert repo.allocate_number(s, "agreement", 2027) == 1
    with pytest.raises(RuntimeError), db.uow() as s:
        repo.allocate_number(s, "agreement", 2026)
        raise RuntimeError("the document was not saved")
    with db.uow() as s:
        assert repo.allocate_number(s, "agreement", 2026) == 4  # no gap


@pytest.mark.pg
def test_concurrent_numbering_on_two_postgresql_engines(pg_url):
    from station_app.data.engine import Database
    from station_app.data.repo import complaints as repo

    dbs = [Database(pg_url), Database(pg_url)]
    got: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(2)

    def work(db):
        barrier.wait()
        for _ in range(25):
            with db.uow() as s:
                n = repo.allocate_number(s, "agreement", 2026)
            with lock:
                got.append(n)

    threads = [threading.Thread(target=work, args=(db,)) for db in dbs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for db in dbs:
        db.dispose()
    assert sorted(got) == list(range(1, 51))


def test_cli_list_json_print_and_export(sqlite_url, tmp_path, capsys, monkeypatch):
    from pypdf import PdfReader

    from station_app.__main__ import main
    from station_app.bootstrap import open_context
    from station_app.domain.auth import ADMIN, Actor

    ctx = open_context(sqlite_url, actor=Actor(None, "tester", ADMIN, "测试"))
    ctx.services.users.add_user("admin", "管理员", ADMIN, "station-pass-1")
    svc = ctx.services.complaints
    v, _ = svc.register(_input())
    svc.accept(v.id, date(2026, 10, 9), v.version)
    svc.register(_input(received_on=date(2026, 9, 3), complainant_name="李四"))
    ctx.close()
    monkeypatch.setenv("STATION_USER", "admin")
    monkeypatch.setenv("STATION_PASSWORD", "station-pass-1")
    db = sqlite_url.removeprefix("sqlite:///")
    capsys.readouterr()
    assert main(["--db", db, "complaints", "list", "--period", "2026-10", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 1
    assert data["cases"][0]["number"] == v.number and data["cases"][0]["state"] == "调解中"
    out = tmp_path / "acc.pdf"
    assert (
        main(
            [
                "--db",
                db,
                "print",
                "agreement",
                v.number,
                "--kind",
                "acceptance",
                "--out",
                str(out),
                "--json",
            ]
        )
        == 0
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed["number"].endswith("〔2026〕1号")
    assert "投诉受理决定书" in PdfReader(str(out)).pages[0].extract_text()
    assert (
        main(["--db", db, "print", "agreement", v.number, "--out", str(out)]) != 0
    )  # not mediated yet
    assert "还不能出具" in capsys.readouterr().err
    xlsx = tmp_path / "list.xlsx"
    assert main(["--db", db, "complaints", "export", str(xlsx), "--period", "2026"]) == 0
    from openpyxl import load_workbook

    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[0][0] == "投诉编号" and len([r for r in rows[1:] if r and r[0]]) == 3 - 1 + 1
    assert all("张小明" not in str(r) and "13812348000" not in str(r) for r in rows)


def test_due_and_overdue_lists_for_the_dashboard(sqlite_ctx):
    svc = sqlite_ctx.services.complaints
    late, _ = svc.register(_input(received_on=date(2026, 11, 2)))
    fresh, _ = svc.register(_input(received_on=date(2026, 11, 20), complainant_name="李四"))
    items = svc.due_items(today=date(2026, 11, 23))
    by_number = {i.number: i for i in items}
    assert by_number[late.number].overdue and by_number[late.number].what == "受理"
    # received Fri 20 Nov: 23–27, 30 Nov, 1 Dec → due Tue 1 Dec; seen from Fri 27 Nov it is two
    # working days away (30 Nov, 1 Dec) → 临期
    assert fresh.acceptance_due == date(2026, 12, 1)
    soon = svc.due_items(today=date(2026, 11, 27))
    assert fresh.number in {i.number for i in soon if not i.overdue}
    with pytest.raises(ValidationError) as err:
        svc.register(_input(received_on=date(2019, 6, 1)))
    assert err.value.field == "received_on"


def test_stale_edit_is_a_conflict_and_saves_nothing(ctx):
    from dataclasses import replace

    from station_app.errors import ConflictError

    svc = ctx.services.complaints
    v, _ = svc.register(_input())
    mine = replace(v.to_input(), goods="冰箱一台")
    svc.update_registration(v.id, replace(v.to_input(), goods="洗衣机一台"))  # someone else first
    with pytest.raises(ConflictError) as err:
        svc.update_registration(v.id, mine)
    assert err.value.theirs.goods == "洗衣机一台"
    with pytest.raises(ConflictError):
        svc.accept(v.id, date(2026, 10, 9), v.version)
    assert svc.get(v.id).status == rules.REGISTERED
    fresh = svc.get(v.id)
    accepted, _ = svc.accept(v.id, date(2026, 10, 9), fresh.version)
    with pytest.raises(ValidationError) as err:
        svc.update_registration(v.id, replace(accepted.to_input(), received_on=date(2026, 10, 1)))
    assert err.value.field == "received_on"
