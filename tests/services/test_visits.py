"""Service visits (走访服务) on SQLite and PostgreSQL: teams, a visit with who went and its
requests, bad input (Chinese message, nothing written), request steps and a two-writer race,
annual reports set and imported (nothing half-written), the figures, the card section, and the
grade's 年度报告 indicator."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from station_app.domain.auth import READONLY, Actor
from station_app.domain.periods import parse_period
from station_app.errors import ConflictError, PermissionDeniedError, ValidationError
from station_app.services.visits import (
    RequestDraft,
    RequestFilter,
    RequestUpdate,
    TeamDraft,
    VisitFilter,
    VisitInput,
)
from tests.services.visits_helpers import at, setup_station


@pytest.fixture
def st(ctx):
    return setup_station(ctx)


def visit_count(ctx) -> int:
    return ctx.services.visits.rows(VisitFilter(include_voided=True)).count()


def test_team_members_resolved_by_name_with_roles_and_warnings(ctx, st):
    svc = ctx.services.visits
    (team,) = svc.teams()
    assert team.name == "城关第一服务队"
    assert [(m.name, m.role) for m in team.members] == [
        ("王专员", "specialist"),
        ("李干部", "cadre"),
        ("赵志愿", "volunteer"),
    ]
    assert team.warnings == ()
    with pytest.raises(ValidationError, match="既不是系统用户，也不在花名册中"):
        svc.save_team(TeamDraft("第二队", ("王专员", "查无此人")))
    assert len(svc.teams()) == 1
    two, _ = svc.save_team(TeamDraft("第二队", ("赵志愿",)))
    assert two.warnings == ("缺少市场监管专员或所内人员",)


def test_record_visit_freezes_members_and_stores_requests(ctx, st):
    svc = ctx.services.visits
    view, changes = svc.record_visit(
        VisitInput(
            at("2026-11-18 10:30"), "城关第一服务队", ("annual_report", "compliance"),
            entity_id=st["a"],
            requests=(
                RequestDraft("不会网上报年报", "solved"),
                RequestDraft("咨询个转企", "referred", handler="县局登记注册科"),
                RequestDraft("申请信用修复", "pending", due_on=date(2026, 11, 30)),
            ),
        )
    )  # fmt: skip
    assert view.entity_name == "城关镇张三记小吃店" and view.grid_id == st["grid"]
    assert [m.name for m in view.members] == ["王专员", "李干部", "赵志愿"]
    assert [(r.outcome, r.on_spot, r.handler) for r in view.requests] == [
        ("solved", True, "王专员"),
        ("referred", False, "县局登记注册科"),
        ("pending", False, "王专员"),
    ]
    assert changes.touches("visit", "visit_request")
    (row,) = ctx.services.audit.history("visit", view.id)
    assert "不会网上报年报" in str(row.changes)
    # the team changes later; who went on that visit does not
    team = svc.teams()[0]
    svc.save_team(TeamDraft(team.name, ("王专员",), id=team.id, version=team.version))
    assert [m.name for m in svc.visit(view.id).members] == ["王专员", "李干部", "赵志愿"]
    rows = svc.rows(VisitFilter())
    ids = rows.fetch_ids("at", True)
    assert list(ids) == [view.id]
    r = rows.fetch_rows(ids)[view.id]
    assert r[1] == "城关镇张三记小吃店" and r[4] == "年报申报、合规经营" and r[5:7] == (3, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"at": "2026-02-20 09:00", "entity": "b"},
            "成立于 2026-03-01，不能登记 2026-02-20 的走访",
        ),
        ({"at": "2026-12-20 09:00"}, "晚于现在"),
        ({"team": "王专员、无名氏"}, "已登记的服务队：城关第一服务队"),
        ({"requests": (RequestDraft("转去哪", "referred"),)}, "第 1 条诉求已转办，请写明转办给谁"),
        ({"topics": ()}, "请至少选择一项走访事项"),
    ],
)
def test_bad_visit_is_refused_in_chinese_and_writes_nothing(ctx, st, data, message):
    entity = st[data.get("entity", "a")]
    draft = VisitInput(
        at(data.get("at", "2026-11-18 10:00")), data.get("team", "城关第一服务队"),
        data.get("topics", ("policy",)), entity_id=entity, requests=data.get("requests", ()),
    )  # fmt: skip
    with pytest.raises(ValidationError, match=message):
        ctx.services.visits.record_visit(draft)
    assert visit_count(ctx) == 0
    assert ctx.services.visits.request_rows(RequestFilter()).count() == 0


def test_ad_hoc_team_and_a_place_without_entity(ctx, st):
    view, _ = ctx.services.visits.record_visit(
        VisitInput(
            at("2026-11-10 15:00"),
            "王专员、李干部",
            ("policy",),
            place="人民路农贸市场",
            grid_id=st["grid2"],
        )
    )
    assert view.team_name == "临时组队" and view.team_id is None and view.entity_id is None
    assert view.subject == "人民路农贸市场"


def _one_pending(ctx, st):
    view, _ = ctx.services.visits.record_visit(
        VisitInput(at("2026-11-18 10:30"), "城关第一服务队", ("credit_repair",),
                   entity_id=st["a"], requests=(RequestDraft("申请信用修复", "pending"),))
    )  # fmt: skip
    return view.requests[0]


def test_request_moves_forward_only_and_a_stale_version_conflicts(ctx, st):
    svc = ctx.services.visits
    req = _one_pending(ctx, st)
    moved, _ = svc.update_request(
        req.id, req.version, RequestUpdate("referred", "县局信用监管科", at("2026-11-19 09:00"))
    )
    assert moved.outcome == "referred" and moved.handler == "县局信用监管科"
    with pytest.raises(ConflictError):
        svc.update_request(req.id, req.version, RequestUpdate("solved", "王专员"))
    solved, _ = svc.update_request(
        req.id, moved.version, RequestUpdate("solved", "王专员", at("2026-11-19 16:00"))
    )
    with pytest.raises(ValidationError, match="该诉求已解决，不能再改变办理结果"):
        svc.update_request(req.id, solved.version, RequestUpdate("pending", "王专员"))
    assert svc.request(req.id).outcome == "solved"
    assert [e.action for e in ctx.services.audit.history("visit_request", req.id)] == [
        "update",
        "update",
    ]


def test_two_writers_race_on_one_request(ctx, st, db_url):
    """Two PCs solve the same pending request at once: one wins, the other gets a conflict and
    nothing of its write is kept."""
    from station_app.bootstrap import open_context
    from station_app.domain.auth import ADMIN

    req = _one_pending(ctx, st)
    ctxs = [open_context(db_url, actor=Actor(None, f"pc{n}", ADMIN, "PC")) for n in (1, 2)]
    for c in ctxs:
        c.clock.set_day(ctx.clock.today())
    barrier = threading.Barrier(2)
    results: list[str] = []

    def work(c, who):
        barrier.wait()
        try:
            c.services.visits.update_request(req.id, req.version, RequestUpdate("solved", who))
            results.append("ok:" + who)
        except ConflictError:
            results.append("conflict")

    threads = [threading.Thread(target=work, args=(c, f"办理人{n}")) for n, c in enumerate(ctxs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for c in ctxs:
        c.close()
    assert sorted(r.split(":")[0] for r in results) == ["conflict", "ok"]
    winner = next(r.split(":")[1] for r in results if r.startswith("ok"))
    final = ctx.services.visits.request(req.id)
    assert final.handler == winner and final.version == req.version + 1
    assert len(ctx.services.audit.history("visit_request", req.id)) == 1


def test_void_needs_permission_and_a_reason(ctx, st):
    svc = ctx.services.visits
    req = _one_pending(ctx, st)
    v = svc.visit(req.visit_id)
    with pytest.raises(ValidationError, match="作废须写明原因"):
        svc.void_visit(v.id, v.version, "错")
    svc.void_visit(v.id, v.version, "重复登记的走访")
    assert svc.rows(VisitFilter()).count() == 0 and visit_count(ctx) == 1
    ctx.auth.sign_in(Actor(None, "ro", READONLY, "只读"))
    with pytest.raises(PermissionDeniedError):
        svc.record_visit(VisitInput(at("2026-11-18 10:00"), "城关第一服务队", ("policy",),
                                    entity_id=st["a"]))  # fmt: skip


def test_figures_count_visits_requests_and_groups(ctx, st):
    svc = ctx.services.visits
    svc.record_visit(
        VisitInput(at("2026-11-02 10:00"), "城关第一服务队", ("annual_report",), entity_id=st["a"],
                   requests=(RequestDraft("年报", "solved"), RequestDraft("修复", "pending")))
    )  # fmt: skip
    svc.record_visit(
        VisitInput(at("2026-11-03 10:00"), "王专员", ("policy", "annual_report"), entity_id=st["b"])
    )
    svc.record_visit(VisitInput(at("2026-10-03 10:00"), "王专员", ("policy",), entity_id=st["b"]))
    f = svc.figures(parse_period("2026-11"))
    assert f.counts["visits.visits"] == 2 and f.counts["visits.entities"] == 2
    assert f.counts["visits.requests"] == 2 and f.counts["visits.solved"] == 1
    assert f.counts["visits.on_spot"] == 1 and f.counts["visits.open"] == 1
    assert f.solve_rate == 0.5
    assert dict((t, n) for t, n in f.by_topic)["年报申报"] == 2
    assert {row[0]: row[1] for row in f.by_team} == {"城关第一服务队": 1, "临时组队": 1}


def _write_xlsx(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "统一社会信用代码", "企业名称", "年报年度", "年报状态", "报送日期"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_annual_report_import_regrades_and_bad_rows_write_nothing(ctx, st, tmp_path):
    svc = ctx.services.visits
    uscc = "91370923MA3C5XY21R"
    grade_before = ctx.services.entities.get(st["a"]).grade
    bad = _write_xlsx(tmp_path / "bad.xlsx", [
        [1, uscc, "张三记", 2025, "未年报", ""],
        [2, "91370923MA3C5XY30Q", "不在本所", 2025, "已年报", "2026-03-01"],
        [3, uscc, "张三记", 2024, "已交", ""],
    ])  # fmt: skip
    with pytest.raises(ValidationError, match=r"第 4 行.*“已交”不认识"):
        svc.import_annual_reports(bad)
    assert svc.annual_rows().count() == 0
    good = _write_xlsx(tmp_path / "good.xlsx", [
        [1, uscc, "张三记", 2025, "未年报", ""],
        [2, "91370923MA3C5XY30Q", "不在本所", 2025, "已年报", "2026-03-01"],
        [3, uscc, "张三记", 2024, "已年报", "2025-08-01"],
    ])  # fmt: skip
    dry, changes = svc.import_annual_reports(good, dry_run=True)
    assert (dry.created, dry.unknown[0][1]) == (2, "91370923MA3C5XY30Q") and not changes
    assert svc.annual_rows().count() == 0
    result, changes = svc.import_annual_reports(good)
    assert (result.created, result.updated, len(result.unknown)) == (2, 0, 1)
    rows = svc.annual_rows()
    by_year = {r[0]: r for r in rows.fetch_rows(rows.fetch_ids("year", False)).values()}
    assert by_year[2024][3] == "逾期补报" and by_year[2025][3] == "未报送"
    card = ctx.services.entities.get(st["a"])
    indicator = next(c for c in card.grade.contributions if c.indicator == "年度报告")
    assert indicator.value == "未报送" and indicator.points == -10
    assert card.grade.score == grade_before.score - 10
    section = svc.entity_section(st["a"])
    assert section.grade_year == 2025 and [r.year for r in section.reports] == [2025, 2024]
    again, _ = svc.import_annual_reports(good)
    assert (again.created, again.unchanged) == (0, 2)


def test_annual_report_set_by_hand_is_checked(ctx, st):
    svc = ctx.services.visits
    with pytest.raises(ValidationError, match="不需要报送 2025 年度年报"):
        svc.set_annual_report(st["b"], 2025, "未报送")  # registered 2026-03-01
    with pytest.raises(ValidationError, match="年报年度 2026 不对"):
        svc.set_annual_report(st["a"], 2026, "已报送")
    view, _ = svc.set_annual_report(st["a"], 2025, "已报送", date(2026, 7, 10))
    assert view.status == "late"
