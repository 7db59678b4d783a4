"""Violations and lenient enforcement on SQLite and PostgreSQL: the 首违不罚 check with its
reasons, the decision rules (no fine on 不予处罚, the override reason against the check, one
decision, numbers), the audit of the check as shown, a two-writer race on one decision, the
grade's 行政处罚 indicator, interviews and guidance."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from station_app.domain import outreach as o
from station_app.domain.auth import CLERK, Actor
from station_app.domain.periods import parse_period
from station_app.errors import ConflictError, PermissionDeniedError, ValidationError
from station_app.services.violations import DecisionDraft, ViolationFilter, ViolationInput
from tests.services.visits_helpers import at, setup_station


@pytest.fixture
def st(ctx):
    return setup_station(ctx)


def add(ctx, entity_id, type_="F-HEALTH-CERT", found=date(2026, 11, 2), **kw):
    data = ViolationInput(entity_id, type_, found, **kw)
    return ctx.services.violations.add(data)[0]


def test_first_violation_rectified_in_time_is_proposed_for_no_penalty(ctx, st):
    v = add(ctx, st["a"], harm="minor", deadline=date(2026, 11, 9), rectified_on=date(2026, 11, 6))
    assert v.type_name.startswith("安排未取得健康证明") and v.provision.endswith("第四十五条")
    check = ctx.services.violations.leniency(v.id)
    assert check.eligible and check.ground == "first"
    d = check.as_dict()
    assert d["eligible"] is True and d["listing"]["document"] == "国市监法〔2025〕10号"
    met = {c["key"]: c["met"] for c in d["criteria"]}
    assert {k: met[k] for k in ("listed", "first", "harm", "rectified", "not_blacklisted")} == {
        "listed": True, "first": True, "harm": True, "rectified": True, "not_blacklisted": True,
    }  # fmt: skip
    assert any("核实" in r or "两年内" in r for r in d["reasons"])


def test_prior_within_24_months_needs_an_override_reason(ctx, st):
    svc = ctx.services.violations
    prior = add(ctx, st["a"], found=date(2025, 3, 10), rectified_on=date(2025, 3, 10), harm="none")
    v = add(ctx, st["a"], harm="minor", rectified_on=date(2026, 11, 2))
    check = svc.leniency(v.id)
    assert not check.eligible
    assert any(f"编号 {prior.id}" in r and "不属于首次违法" in r for r in check.reasons)
    draft = DecisionDraft("no_penalty", date(2026, 11, 10))
    with pytest.raises(ValidationError, match=r"2025-03-10 已有同类违法行为.*请填写理由"):
        svc.decide(v.id, v.version, draft)
    assert svc.violation(v.id).decision is None
    reason = "前次系他人经营期间所为，现经营者已更换并已整改到位"
    done, changes = svc.decide(v.id, v.version, DecisionDraft(
        "no_penalty", date(2026, 11, 10), override_reason=reason))  # fmt: skip
    assert done.decision == "no_penalty" and done.override_reason == reason
    assert done.decision_no == "东市监城不罚〔2026〕1号" or done.decision_no.endswith(
        "不罚〔2026〕1号"
    )
    assert done.check["eligible"] is False
    last = ctx.services.audit.history("violation", v.id)[0]  # newest first
    assert last.changes["override_reason"][1] == reason
    assert last.changes["check_eligible"][1] is False
    assert any("不属于首次违法" in r for r in last.changes["check_reasons"][1])
    assert changes.touches("violation")


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (DecisionDraft("no_penalty", date(2026, 11, 10), fine_fen=50000),
         "不予处罚的决定不能有罚款金额（填了 500.00 元）"),
        (DecisionDraft("penalty", date(2026, 11, 10)), "“处罚”须填写罚款金额"),
        (DecisionDraft("penalty", date(2026, 10, 1), fine_fen=100), "早于发现日期"),
        (DecisionDraft("transfer", date(2026, 11, 10)), "请填写移送对象"),
    ],
)  # fmt: skip
def test_bad_decisions_are_refused_and_nothing_is_written(ctx, st, draft, message):
    v = add(ctx, st["a"], harm="minor", rectified_on=date(2026, 11, 3))
    with pytest.raises(ValidationError, match=message):
        ctx.services.violations.decide(v.id, v.version, draft)
    after = ctx.services.violations.violation(v.id)
    assert after.decision is None and after.decision_no == "" and after.version == v.version
    assert len(ctx.services.audit.history("violation", v.id)) == 1


def test_penalty_moves_the_grade_and_a_second_decision_is_refused(ctx, st):
    svc = ctx.services.violations
    before = ctx.services.entities.get(st["a"]).grade.score
    v = add(ctx, st["a"], type_="P-NO-PRICE-TAG")
    assert not svc.leniency(v.id).eligible  # not on a list
    done, changes = svc.decide(v.id, v.version, DecisionDraft(
        "penalty", date(2026, 11, 12), fine_fen=150050, number="东市监城罚〔2026〕7号"))  # fmt: skip
    assert done.fine_fen == 150050 and done.decision_no == "东市监城罚〔2026〕7号"
    card = ctx.services.entities.get(st["a"])
    item = next(c for c in card.grade.contributions if c.indicator == "行政处罚（近24个月）")
    assert item.value == "1 次" and item.points == -15 and card.grade.score == before - 15
    assert changes.touches("entity")
    with pytest.raises(
        ValidationError, match="已于 2026-11-12 作出处理决定（东市监城罚〔2026〕7号）"
    ):
        svc.decide(v.id, done.version, DecisionDraft("lighter", date(2026, 11, 12), fine_fen=1))
    assert svc.entity_section(st["a"]).penalties_24m == 1
    svc.void(v.id, done.version, "当事人认错，登记错误")
    assert ctx.services.entities.get(st["a"]).grade.score == before
    f = svc.figures(parse_period("2026-11"))
    assert f["violations.penalties"] == 0 and f["violations.found"] == 0


def test_two_officers_decide_the_same_violation_at_once(ctx, st, db_url):
    from station_app.bootstrap import open_context
    from station_app.domain.auth import ADMIN

    v = add(ctx, st["a"], type_="P-NO-PRICE-TAG")
    ctxs = [open_context(db_url, actor=Actor(None, f"pc{n}", ADMIN, "PC")) for n in (1, 2)]
    for c in ctxs:
        c.clock.set_day(ctx.clock.today())
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def work(c, fine):
        barrier.wait()
        try:
            c.services.violations.decide(
                v.id, v.version, DecisionDraft("penalty", date(2026, 11, 12), fine_fen=fine)
            )
            outcomes.append("ok")
        except (ConflictError, ValidationError) as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=work, args=(c, f)) for c, f in zip(ctxs, (100, 200))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for c in ctxs:
        c.close()
    assert sorted(outcomes)[1:] == ["ok"] and len(outcomes) == 2
    final = ctx.services.violations.violation(v.id)
    assert final.decision == "penalty" and final.version == v.version + 1
    assert final.decision_no.endswith("罚〔2026〕1号")  # one number used, no gap


def test_bad_violation_input_and_permissions(ctx, st):
    svc = ctx.services.violations
    with pytest.raises(ValidationError, match="没有违法行为类型“乱写”"):
        add(ctx, st["a"], type_="乱写")
    with pytest.raises(ValidationError, match="早于成立日期"):
        add(ctx, st["b"], found=date(2026, 2, 1))
    with pytest.raises(ValidationError, match="改正日期 2026-11-01 早于发现日期"):
        add(ctx, st["a"], rectified_on=date(2026, 11, 1))
    assert svc.rows(ViolationFilter(include_voided=True)).count() == 0
    v = add(ctx, st["a"], type_="P-NO-PRICE-TAG")
    ctx.auth.sign_in(Actor(None, "clerk", CLERK, "内勤"))
    with pytest.raises(PermissionDeniedError):
        svc.decide(v.id, v.version, DecisionDraft("penalty", date(2026, 11, 12), warning=True))
    rows = svc.rows(ViolationFilter())
    row = rows.fetch_rows(rows.fetch_ids("found_on", False))[v.id]
    assert row[2] == "经营者未按规定明码标价" and row[5] == "未决定"


def test_interviews_guidance_and_the_card_section(ctx, st):
    svc = ctx.services.violations
    iv, _ = svc.add_interview(o.InterviewDraft(
        st["a"], at("2026-11-05 14:00"), "预付卡经营风险", (o.parse_interviewee("张三（店长）"),),
        ("王专员",), ("一个月内完成预付卡备案",)))  # fmt: skip
    assert iv.interviewees == ("张三（店长）",)
    g, _ = svc.add_guidance(o.GuidanceDraft(
        st["a"], date(2026, 11, 6), "从业人员健康证过期", ("立即安排体检",)))  # fmt: skip
    assert g.number.endswith("指〔2026〕1号")
    sec = svc.entity_section(st["a"])
    assert [i.topic for i in sec.interviews] == ["预付卡经营风险"] and len(sec.guidance) == 1
    f = svc.figures(parse_period("2026-11"))
    assert f["violations.interviews"] == 1 and f["violations.guidance"] == 1
    with pytest.raises(ValidationError, match="请填写被约谈人姓名"):
        svc.add_interview(o.InterviewDraft(st["a"], at("2026-11-05 14:00"), "事由", (), ("王",)))


def test_no_penalty_decision_printed_in_two_copies(ctx, st, tmp_path):
    from pypdf import PdfReader

    from station_app.services.station import StationProfileData

    ctx.services.station.save_profile(StationProfileData(
        name="城关市场监督管理所", county_bureau="东平县市场监督管理局", doc_prefix="东市监城"))  # fmt: skip
    svc = ctx.services.violations
    v = add(ctx, st["a"], harm="minor", deadline=date(2026, 11, 9), rectified_on=date(2026, 11, 6),
            facts="店内两名从业人员健康证明过期。")  # fmt: skip
    with pytest.raises(ValidationError, match="只有“不予处罚”的决定"):
        svc.print_no_penalty(v.id, tmp_path / "x.pdf")
    done, _ = svc.decide(v.id, v.version, DecisionDraft("no_penalty", date(2026, 11, 10)))
    out = tmp_path / "不罚.pdf"
    svc.print_no_penalty(done.id, out)
    reader = PdfReader(out)
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")
    for needed in ("不予行政处罚决定书", "东市监城不罚〔2026〕1号", "城关镇张三记小吃店",
                   "91370923MA3C5XY21R", "健康证明过期", "第三十三条第一款", "国市监法〔2025〕10号",
                   "六十日内", "六个月内", "东平县市场监督管理局", "2026年11月10日",
                   "当事人联", "存档联"):  # fmt: skip
        assert needed in text, needed
    assert "138" not in text  # no phone
    fonts = {str(f["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert any("Noto" in f or "Serif" in f for f in fonts), fonts
    assert ctx.services.audit.history("violation", v.id)[0].action == "export"
