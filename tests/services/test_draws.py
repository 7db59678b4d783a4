"""双随机 draws on SQLite and PostgreSQL: pools from the registry and the roster, the draw
stored with its frozen pool and verified from it (also by the doc's reference procedure),
refusals that write nothing (too few inspectors, recusal, a ratio over 1, bad witness digits,
a changed pool, an unapproved redraw), redraws, results, the 公示, permissions, audit rows,
and two PCs drawing at once."""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from station_app.data.models import (
    Draw,
    DrawObject,
    Entity,
    GridAssignment,
    Person,
)
from station_app.domain import draws as algo
from station_app.domain.auth import CLERK, HEAD, READONLY, Actor
from station_app.domain.draw_inputs import DrawFilter
from station_app.errors import PermissionDeniedError, ValidationError
from station_app.services.draws import DrawSettings, DrawSpec

DAY = date(2026, 11, 2)
ITEM = "食品销售经营者监督检查"


def result(svc, draw_id: int, entity_id: int, label: str, day: date | None = None):
    """Enter a drawn object's result as its patrol record (#15): a 现场检查 by the drawn
    inspectors, with an ordered hazard for 发现问题 and one fixed on the spot for 当场整改."""
    from datetime import datetime, time

    from station_app.domain.patrols.hazards import ON_SPOT, Finding
    from station_app.domain.patrols.records import RecordDraft

    findings = {
        "发现问题": (Finding("食品安全", deadline=(day or DAY) + timedelta(days=10)),),
        "当场整改": (Finding("价格", mode=ON_SPOT),),
    }.get(label, ())
    outcome = "closed" if label == "闭门未遇" else None
    draft = RecordDraft(
        entity_id, datetime.combine(day or DAY, time(0, 5)), findings=findings, result=outcome
    )
    return svc.record_result(draw_id, entity_id, draft, assume_yes=True)


def uscc(n: int) -> str:
    return f"91370923MA{n:07d}X"


@pytest.fixture
def world(ctx):
    """3 grids, 60 在营 entities (grades by credit class, a few with none), 2 closed, 5
    inspectors with valid 执法证, one with an expired one, one without; grid 0's specialist is
    inspector 0."""
    from station_app.data.repo import entities as repo

    ctx.clock.set_day(DAY)
    with ctx.db.uow() as s:
        grids = repo.ensure_grids(s, 3)
        classes = ["A", "B", "C", "D", None]
        ents = []
        for i in range(62):
            e = Entity(
                uscc=uscc(i) if i % 10 else None,
                name=f"测试商户{i:02d}",
                grid_id=grids[i % 3],
                status="在营" if i < 60 else "注销",
                credit_class=classes[i % 5],
                local_grade=None,
            )
            s.add(e)
            ents.append(e)
        people = []
        for i in range(7):
            p = Person(
                name=f"执法员{i}",
                roles="enforcer",
                cert_no=f"37098120190{i:02d}" if i != 6 else "",
                cert_expiry=DAY + timedelta(days=300) if i != 5 else DAY - timedelta(days=1),
                active=True,
            )
            s.add(p)
            people.append(p)
        s.flush()
        s.add(
            GridAssignment(
                grid_id=grids[0], person_id=people[0].id, role="specialist", start_on=DAY
            )
        )
        return {
            "grids": grids,
            "entities": [e.id for e in ents],
            "people": [p.id for p in people],
        }


def spec(**kw) -> DrawSpec:
    return DrawSpec(item=kw.pop("item", ITEM), witness=kw.pop("witness", "3516"), **kw)


def draws_count(ctx) -> int:
    with ctx.db.session() as s:
        return s.query(Draw).count()


def test_draw_from_the_registry_is_stored_and_verifies(ctx, world):
    svc = ctx.services.draws
    preview = svc.preview(spec())
    assert preview.pool_sizes == {"A": 12, "B": 24, "C": 12, "D": 12}  # no class → B
    assert preview.inspector_pool_size == 5  # expired and missing 执法证 left out
    draw_id, changes = svc.run(
        spec(ratios="A=0.05,B=0.1,C=0.3,D=1", witnessed_by="王见证"),
        expect_pool_hash=preview.pool_hash,
    )
    assert changes.touches("draw")
    view = svc.get(draw_id)
    assert view.pool_hash == preview.pool_hash
    assert view.sizes == {"A": 1, "B": 3, "C": 4, "D": 12}  # ⌈ratio × size⌉ exactly
    assert view.number.endswith("抽〔2026〕1号")
    assert view.seed == algo.seed(view.pool_hash, view.draw_time, "3516")
    assert all(len(o.inspectors) == 2 for o in view.objects)
    grid0 = {e for e in world["entities"][:60:3]}  # grid 0's entities: the specialist recused
    for o in view.objects:
        if o.entity_id in grid0:
            assert "执法员0" not in o.inspectors
    assert any(r.reason == "该网格监管专员" for r in view.recusals)
    result = svc.verify(draw_id)
    assert result.ok, result.steps
    assert [s.name for s in result.steps][:2] == ["对象库哈希", "随机种子"]
    history = ctx.services.audit.history("draw", draw_id)
    assert history and history[0].changes["pool_hash"][1] == view.pool_hash


def test_reference_procedure_on_the_exported_pool(ctx, world, tmp_path):
    """A third party: sha256sum of the exported pool file is the printed hash, and the
    lowest tickets of the printed seed are the printed objects."""
    svc = ctx.services.draws
    draw_id, _ = svc.run(spec(ratios="A=1,B=0.5,C=0.5,D=1"))
    view = svc.get(draw_id)
    pool, _ = svc.export_pool(draw_id, tmp_path)
    data = pool.read_bytes()
    assert hashlib.sha256(data).hexdigest() == view.pool_hash
    lines = data.decode().split("\n")
    b_keys = [line[2:] for line in lines if line.startswith("B ")]
    tickets = sorted((hashlib.sha256(f"{view.seed}|{k}".encode()).hexdigest(), k) for k in b_keys)
    want = {k for _, k in tickets[: view.sizes["B"]]}
    assert want == {o.entity for o in view.objects if o.grade == "B"}


def test_tampered_record_fails_verification(ctx, world):
    svc = ctx.services.draws
    draw_id, _ = svc.run(spec())
    with ctx.db.uow() as s:
        obj = s.query(DrawObject).filter_by(draw_id=draw_id, grade="D").first()
        other = (
            s.query(Entity)
            .filter(Entity.id.not_in(s.query(DrawObject.entity_id)))
            .filter(Entity.uscc.is_not(None))
            .first()
        )
        obj.key = other.uscc
    result = svc.verify(draw_id)
    assert not result.ok
    assert not next(st for st in result.steps if st.name == "抽中对象").ok


def test_too_few_inspectors_names_the_object_and_writes_nothing(ctx, world):
    with ctx.db.uow() as s:  # only two valid inspectors left, one the grid-0 specialist
        for pid in world["people"][2:5]:
            s.get(Person, pid).active = False
    with pytest.raises(ValidationError) as err:
        ctx.services.draws.run(spec())
    text = str(err.value)
    assert "可选执法人员不足 2 名" in text and "该网格监管专员" in text and "执法员0" in text
    assert "未进行抽取" in text
    assert draws_count(ctx) == 0


def test_a_recorded_conflict_is_recused(ctx, world):
    svc = ctx.services.draws
    with ctx.db.session() as s:
        target = next(
            e
            for e in world["entities"][:60]
            if s.get(Entity, e).credit_class == "D"
            and s.get(Entity, e).grid_id != world["grids"][0]
        )
    for pid in world["people"][1:4]:
        svc.add_conflict(pid, target, "亲属经营")
    draw_id, _ = svc.run(spec(ratios="D=1"))
    obj = next(o for o in svc.get(draw_id).objects if o.entity_id == target)
    assert set(obj.inspectors) <= {"执法员0", "执法员4"}
    assert {r.reason for r in svc.get(draw_id).recusals if r.entity_name == obj.entity_name} >= {
        "登记的利害关系"
    }
    assert svc.verify(draw_id).ok


def test_bad_input_is_refused_in_chinese_and_writes_nothing(ctx, world):
    svc = ctx.services.draws
    cases = [
        (spec(ratios="D=1.5"), "超过 1"),
        (spec(witness="12ab"), "只能填写阿拉伯数字"),
        (spec(min_inspectors=1), "至少需要 2 名"),
        (spec(item="不存在的事项"), "不在本所抽查事项清单中"),
        (spec(objects="没有这个筛选"), "常用筛选"),
        (spec(ratios="A=0.1", numbers="A=3"), "同时给了"),
    ]
    for bad, words in cases:
        with pytest.raises(ValidationError) as err:
            svc.run(bad)
        assert words in str(err.value), (bad, str(err.value))
    with pytest.raises(ValidationError, match="重新预览"):
        svc.run(spec(), expect_pool_hash="0" * 64)
    assert draws_count(ctx) == 0


def test_redraw_needs_a_reason_and_the_head_and_keeps_the_first(ctx, world):
    svc = ctx.services.draws
    first, _ = svc.run(spec())
    with pytest.raises(ValidationError, match="重新抽取须写明理由"):
        svc.run(spec())
    ctx.auth.sign_in(Actor(None, "clerk1", CLERK, "内勤"))
    with pytest.raises(ValidationError, match="须经所长批准"):
        svc.run(spec(reason="见证人未到场，重新组织抽取"))
    ctx.auth.sign_in(Actor(None, "head1", HEAD, "所长"))
    second, _ = svc.run(spec(reason="见证人未到场，重新组织抽取"))
    old, new = svc.get(first), svc.get(second)
    assert old.state == "superseded" and old.superseded_by == new.number
    assert new.redraw_of == old.number and new.approved_by == "head1"
    assert svc.verify(first).ok  # the first stays verifiable
    assert draws_count(ctx) == 2


def test_previous_draw_inspectors_are_recused_next_time(ctx, world):
    svc = ctx.services.draws
    first, _ = svc.run(spec(ratios="A=1,B=1,C=1,D=1"))
    for o in svc.get(first).objects:
        result(svc, first, o.entity_id, "发现问题")
    second, _ = svc.run(spec(ratios="A=1,B=1,C=1,D=1"))
    before = {o.entity_id: set(o.inspectors) for o in svc.get(first).objects}
    for o in svc.get(second).objects:
        assert not (set(o.inspectors) & before[o.entity_id])
    assert svc.verify(second).ok


def test_results_then_publication_pdf_and_xlsx(ctx, world, tmp_path):
    svc = ctx.services.draws
    draw_id, _ = svc.run(spec(ratios="A=0,B=0,C=0.1,D=0.1"))
    view = svc.get(draw_id)
    with pytest.raises(ValidationError, match="没有录入检查结果"):
        svc.publish(draw_id, tmp_path / "n.pdf")
    with pytest.raises(ValidationError, match="写明原因"):
        svc.mark_unable(draw_id, view.objects[0].entity_id, "")
    for i, o in enumerate(view.objects):
        result(svc, draw_id, o.entity_id, "未发现问题" if i else "当场整改")
    path, changes = svc.publish(draw_id, tmp_path / "公示.pdf")
    assert changes.touches("draw")
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "双随机抽查结果公示" in text and view.objects[1].entity_name in text
    assert "执法员" not in text  # no person's name in the notice
    fonts = {
        str(f["/BaseFont"])
        for page in PdfReader(path).pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert any("Noto" in f for f in fonts)
    assert svc.get(draw_id).state == "published"
    xlsx, _ = svc.publish(draw_id, tmp_path / "公示.xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    assert ws["B4"].value == sorted(o.entity_name for o in view.objects)[0]
    with pytest.raises(ValidationError, match="已公示"):
        result(svc, draw_id, view.objects[0].entity_id, "发现问题")


def test_recently_clear_objects_are_left_out(ctx, world):
    svc = ctx.services.draws
    first, _ = svc.run(spec(ratios="A=1,B=0,C=0,D=0"))
    ids = [o.entity_id for o in svc.get(first).objects]
    for eid in ids:
        result(svc, first, eid, "未发现问题")
    second, _ = svc.run(spec(item="餐饮服务提供者监督检查", ratios="A=1,B=0,C=0,D=0"))
    view = svc.get(second)
    assert view.excluded == len(ids) and view.pool_sizes["A"] == 0
    svc.save_settings(DrawSettings(exclude_months=0))
    third, _ = svc.run(spec(item="特种设备使用单位监督检查", ratios="A=1,B=0,C=0,D=0"))
    assert svc.get(third).pool_sizes["A"] == len(ids)


def test_saved_filters_name_the_pools(ctx, world):
    ctx.services.saved_views.save("entities", "一网格", {"grid_id": world["grids"][1]})
    ctx.services.saved_views.save("draw_inspectors", "一组", {"text": "执法员1"})
    with pytest.raises(ValidationError, match="执法人员库只有 1 人"):
        ctx.services.draws.preview(spec(objects="一网格", inspectors="一组"))
    preview = ctx.services.draws.preview(spec(objects="一网格"))
    assert sum(preview.pool_sizes.values()) == 20


def test_list_rows_and_permissions(ctx, world):
    svc = ctx.services.draws
    draw_id, _ = svc.run(spec())
    rows = svc.rows(DrawFilter())
    assert rows.count() == 1
    (row,) = rows.fetch_rows(list(rows.fetch_ids(None, False))).values()
    assert row[1] == ITEM and row[6] == "已抽取"
    assert svc.rows(DrawFilter(text="不存在")).count() == 0
    ctx.auth.sign_in(Actor(None, "ro", READONLY, "只读"))
    with pytest.raises(PermissionDeniedError):
        svc.run(spec())
    assert svc.verify(draw_id).ok  # anyone may verify
    with pytest.raises(PermissionDeniedError):
        svc.publish(draw_id, "x.pdf")


def test_the_draw_does_not_depend_on_insertion_order(ctx, world):
    """Pools are sorted before hashing: the record recomputes from the stored pool alone."""
    svc = ctx.services.draws
    draw_id, _ = svc.run(spec())
    with ctx.db.session() as s:
        row = s.get(Draw, draw_id)
        quotas = json.loads(row.quotas)
    assert quotas == {"A": "0.05", "B": "0.1", "C": "0.3", "D": "1"}  # the defaults


def test_two_pcs_drawing_the_same_item_at_once(db_url, tmp_path):
    """Two writers race for the same item: one draw is first, the other is a redraw and is
    refused without a reason; numbers never collide."""
    from station_app.bootstrap import open_context

    admin = Actor(None, "admin", HEAD, "所长")
    first = open_context(db_url, actor=admin)
    second = open_context(db_url, actor=admin)
    try:
        with first.db.uow() as s:
            for i in range(20):
                s.add(Entity(uscc=uscc(i + 1), name=f"商户{i}", status="在营", credit_class="D"))
            for i in range(3):
                s.add(
                    Person(
                        name=f"员{i}",
                        roles="enforcer",
                        cert_no=f"C{i}",
                        cert_expiry=date(2099, 1, 1),
                        active=True,
                    )
                )
        outcomes: list[object] = []
        barrier = threading.Barrier(2)

        def work(c):
            barrier.wait()
            try:
                outcomes.append(c.services.draws.run(spec(ratios="D=0.5"))[0])
            except ValidationError as exc:
                outcomes.append(exc)

        threads = [threading.Thread(target=work, args=(c,)) for c in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        ok = [o for o in outcomes if isinstance(o, int)]
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(ok) == 1 and len(refused) == 1
        assert "重新抽取须写明理由" in str(refused[0])
        assert first.services.draws.verify(ok[0]).ok
    finally:
        first.close()
        second.close()


def test_the_published_script_recomputes_a_stored_draw_from_its_exported_files(
    ctx, world, tmp_path
):
    """docs/draws.md §6 run as a third party would, on 对象库.txt and 回避.txt of a draw with
    recusals (the grid specialist and a recorded conflict)."""
    import subprocess
    import sys

    from tests.unit.test_draws_reference import _block

    svc = ctx.services.draws
    svc.add_conflict(world["people"][1], world["entities"][1], "亲属经营")
    draw_id, _ = svc.run(spec(ratios="A=0.5,B=0.25,D=1", numbers="C=2"))
    view = svc.get(draw_id)
    assert view.recusals
    pool, recusal = svc.export_pool(draw_id, tmp_path)
    script = tmp_path / "draw_check.py"
    script.write_text(_block("reference-implementation"), encoding="utf-8")
    quotas = ",".join(f"{g}={q}" for g, q in view.quotas.items())
    out = subprocess.run(
        [
            sys.executable,
            str(script),
            str(pool),
            view.draw_time,
            view.witness,
            quotas,
            "2",
            str(recusal),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout.splitlines()
    assert out[0] == f"对象库哈希 {view.pool_hash}" and out[1] == f"随机种子 {view.seed}"
    printed = sorted(tuple(line.split()) for line in out[2:])
    stored = sorted((o.grade, o.entity, *o.inspector_certs) for o in view.objects)
    assert printed == stored


def test_the_draw_record_prints_what_was_drawn(ctx, world, tmp_path):
    svc = ctx.services.draws
    draw_id, _ = svc.run(spec(witnessed_by="王见证"))
    view = svc.get(draw_id)
    path, _ = svc.print_record(draw_id, tmp_path / "记录.pdf")
    reader = PdfReader(path)
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    for words in ("双随机抽取记录", view.number, view.seed, view.pool_hash, "王见证", "复算方法"):
        assert words in text, words
    assert view.objects[0].entity_name in text and view.objects[0].inspector_certs[0] in text
    assert "该网格监管专员" in text  # the recusals
    fonts = {
        str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()
    }
    assert any("Noto" in f for f in fonts)
    history = ctx.services.audit.history("draw", draw_id)
    assert [h.action for h in history].count("export") == 1


def test_a_campaign_target_filter_names_the_object_pool(ctx, world):
    """A builder's saved filter (grids, several values) selects exactly its entities."""
    ctx.services.saved_views.save("campaign_targets", "两网格", {"grids": ["GZ01", "GZ02"]})
    preview = ctx.services.draws.preview(spec(objects="两网格"))
    assert sum(preview.pool_sizes.values()) == 40  # 60 在营 over 3 grids; 注销 ones left out


def test_a_result_is_a_patrol_record_by_the_drawn_inspectors(ctx, world):
    from station_app.data.models import PatrolRecord, PatrolRecordInspector

    svc = ctx.services.draws
    draw_id, _ = svc.run(spec(ratios="A=0,B=0,C=0.1,D=0.1"))
    view = svc.get(draw_id)
    first, second = view.objects[0], view.objects[1]
    record_id, changes = result(svc, draw_id, first.entity_id, "发现问题")
    assert changes.touches("patrol_record") and changes.touches("hazard")
    with ctx.db.session() as s:
        record = s.get(PatrolRecord, record_id)
        assert (record.kind, record.source, record.reference) == ("check", "draw", view.number)
        people = [
            s.get(Person, i.person_id).name
            for i in s.query(PatrolRecordInspector)
            .filter_by(record_id=record_id)
            .order_by(PatrolRecordInspector.position)
        ]
        obj = s.get(DrawObject, (draw_id, first.entity_id))
        assert (obj.record_id, obj.result, obj.checked_on) == (record_id, "发现问题", DAY)
    assert people == list(first.inspectors[: len(people)]) and len(people) >= 2
    with pytest.raises(ValidationError, match="如需更正，请先作废原巡查记录"):
        result(svc, draw_id, first.entity_id, "未发现问题")
    with pytest.raises(ValidationError, match="早于抽取日期"):
        result(svc, draw_id, second.entity_id, "未发现问题", day=DAY - timedelta(days=3))
    result(svc, draw_id, second.entity_id, "闭门未遇")
    with ctx.db.session() as s:
        assert s.get(DrawObject, (draw_id, second.entity_id)).result == "闭门未遇"
        assert s.query(PatrolRecord).count() == 2
    result(svc, draw_id, second.entity_id, "未发现问题")  # visited again
    assert svc.get(draw_id).objects[1].result == "未发现问题"
    from station_app.domain.periods import Period
    from station_app.services.campaigns_report import campaigns_dashboard, campaigns_section

    values = {f.key: f.value for f in campaigns_section(ctx.db, Period.days(DAY, DAY)).figures}
    assert (values["campaigns.draws"], values["campaigns.drawn_objects"]) == (1, len(view.objects))
    assert (values["campaigns.draw_results"], values["campaigns.draw_findings"]) == (2, 1)
    waiting = {t.key: t.value for t in campaigns_dashboard(ctx.db, DAY)[0]}["draws.results"]
    assert waiting == len(view.objects) - 2
