"""Paper back in (issue #15, the field half) on SQLite and PostgreSQL: a grid worker's sheet
entered in one unit of work (batch entry and the XLSX template share ``enter_sheet``), a task
done meanwhile on another PC, a required item left unanswered, 闭门未遇 moving a task on,
and a grid worker seeing and recording only the grids they cover."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from station_app.data.models import Hazard, PatrolRecord, PatrolTask
from station_app.domain.patrols.entry import SheetErrors, SheetRow
from station_app.domain.patrols.lists import HazardFilter, TaskFilter
from station_app.domain.patrols.records import RecordDraft
from station_app.errors import PermissionDeniedError, StationError
from tests.services.test_patrols import JULY, at, count, station  # noqa: F401
from tests.support.orders import PASSWORD

DAY = date(2026, 7, 2)  # a Thursday


@pytest.fixture
def sheet(ctx, station):  # noqa: F811
    """July's plan; the clock the day after ``DAY``; 李秀英's sheet of ``DAY``."""
    svc = ctx.services.patrols
    svc.generate(*JULY)
    ctx.clock.set_day(date(2026, 7, 3))
    li = station["people"]["李秀英"].id
    return svc, svc.sheet_lines(DAY, li), station


def marks(line, last: str = "Y") -> str:
    return "Y" * (len(line.items) - 1) + last


def by_name(lines, part: str):
    return next(x for x in lines if part in x.entity_name)


def test_a_sheet_is_saved_in_one_unit_of_work(ctx, sheet):
    svc, lines, _st = sheet
    assert [x.seq for x in lines] == list(range(1, len(lines) + 1))
    assert {x.person for x in lines} == {"李秀英"} and all(x.items for x in lines)
    c, d = by_name(lines, "丙级"), by_name(lines, "丁级")
    rows = [
        SheetRow(c.task_id, c.entity_id, result="1"),
        SheetRow(
            d.task_id,
            d.entity_id,
            result="2",
            answers=marks(d, "N"),
            category="占道经营",
            deadline="2026-07-12",
            present_party="王老板",
            time="10:20",
        ),
    ] + [SheetRow(x.task_id, x.entity_id) for x in lines if x not in (c, d)]
    entry, changes = svc.enter_sheet(DAY, rows)
    assert entry.saved == 2 and entry.hazards == 1 and entry.skipped == len(lines) - 2
    assert "已保存 2 条" in entry.summary
    assert changes.touches("patrol_record", "hazard", "patrol_task")
    with ctx.db.session() as s:
        assert s.get(PatrolTask, c.task_id).status == "done"
        assert s.get(PatrolTask, d.task_id).status == "done"
        (hazard,) = s.scalars(select(Hazard)).all()
        assert (hazard.category, hazard.deadline) == ("占道经营", date(2026, 7, 12))
        rec = s.get(PatrolRecord, s.get(PatrolTask, d.task_id).done_record_id)
        assert rec.present_party == "王老板" and rec.result == "found"
    view = svc.get(entry.record_ids[0])
    assert view.inspectors == ("李秀英",)
    assert ctx.services.audit.history("patrol_record", entry.record_ids[1])


def test_a_dry_run_checks_and_writes_nothing(ctx, sheet):
    svc, lines, _st = sheet
    c = by_name(lines, "丙级")
    entry, _ = svc.enter_sheet(DAY, [SheetRow(c.task_id, c.entity_id, result="1")], dry_run=True)
    assert entry.dry_run and entry.saved == 1 and "检查通过" in entry.summary
    assert count(ctx, PatrolRecord) == 0


def test_a_task_done_meanwhile_on_another_pc_refuses_the_sheet(ctx, sheet):
    svc, lines, _st = sheet
    c, d = by_name(lines, "丙级"), by_name(lines, "丁级")
    other, _ = svc.record(RecordDraft(d.entity_id, at("2026-07-02", "08:30")), task_id=d.task_id,
                          assume_yes=True)  # fmt: skip
    rows = [SheetRow(c.task_id, c.entity_id, result="1"), SheetRow(d.task_id, d.entity_id, "1")]
    with pytest.raises(SheetErrors) as caught:
        svc.enter_sheet(DAY, rows)
    (problem,) = caught.value.problems
    assert problem.row == 2 and "已由" in problem.message and "别处登记完成" in problem.message
    assert "未保存任何一行" in str(caught.value)
    assert count(ctx, PatrolRecord) == 1  # only the other PC's
    with ctx.db.session() as s:
        assert s.get(PatrolTask, c.task_id).status != "done"
        assert s.get(PatrolTask, d.task_id).done_record_id == other.id


def test_bad_rows_are_all_listed_in_chinese_and_nothing_is_written(ctx, sheet):
    svc, lines, _st = sheet
    c, d = by_name(lines, "丙级"), by_name(lines, "丁级")
    rows = [
        SheetRow(c.task_id, c.entity_id, result="1", answers="Y"),  # items left unanswered
        SheetRow(d.task_id, d.entity_id, result="9"),
        SheetRow(999_999, 0, result="1"),
    ]
    with pytest.raises(SheetErrors) as caught:
        svc.enter_sheet(DAY, rows)
    messages = {p.row: p.message for p in caught.value.problems}
    assert "必须填写" in messages[1] and "第 2 项" in messages[1]
    assert "结果" in messages[2]
    assert "没有编号为 999999" in messages[3]
    assert count(ctx, PatrolRecord) == 0 and count(ctx, Hazard) == 0


def test_closed_door_moves_a_monthly_task_to_the_next_eligible_day(ctx, station):  # noqa: F811
    svc, shop = ctx.services.patrols, station["shops"]["东关甲级超市"]
    svc.generate(*JULY)
    (task_id,) = svc.task_rows(TaskFilter(entity_id=shop, kind="patrol")).fetch_ids(None, False)
    with ctx.db.session() as s:
        due = s.get(PatrolTask, task_id).due_on
    ctx.clock.set_day(date(2026, 7, 31))
    line = SheetRow(task_id, shop, result="4", note="卷帘门关闭")
    entry, _ = svc.enter_sheet(due, [line])
    assert entry.closed_door == 1 and "顺延" in entry.summary
    with ctx.db.session() as s:
        task = s.get(PatrolTask, task_id)
        assert task.status == "attempted" and task.attempts == 1
        assert task.due_on > due and task.due_on.weekday() < 5 and task.due_on <= task.end_on


def test_closed_door_on_a_daily_task_stays_on_its_day(ctx, sheet):
    svc, lines, _st = sheet
    c = by_name(lines, "丙级")
    svc.enter_sheet(DAY, [SheetRow(c.task_id, c.entity_id, result="4")])
    with ctx.db.session() as s:
        task = s.get(PatrolTask, c.task_id)
        assert (task.status, task.due_on) == ("attempted", DAY)


def add_grid_worker(ctx, username: str, name: str):
    users = ctx.services.users
    if not users.list_users():
        users.add_user("boss", "孙所长", "admin", PASSWORD)
    return users.add_user(username, name, "gridworker", PASSWORD)[0]


def grid_worker(ctx, station):  # noqa: F811
    """A user ``liwg`` (role gridworker) linked to 李秀英 (GZ01), signed in."""
    info = add_grid_worker(ctx, "liwg", "李秀英")
    ctx.services.orders.link_person(station["people"]["李秀英"].id, "liwg")
    ctx.auth.sign_in(info.actor())


def test_a_grid_worker_sees_and_records_only_their_grids(ctx, sheet):
    svc, lines, st = sheet
    admin_tasks = svc.tasks(DAY)
    assert {t.grid for t in admin_tasks} == {"GZ01", "GZ02"}
    grid_worker(ctx, st)
    mine = svc.tasks(DAY)
    assert mine and {t.grid for t in mine} == {"GZ01"}
    rows = svc.task_rows(TaskFilter(first=DAY, last=DAY))
    assert rows.count() == len(mine)
    assert [p.name for p in svc.sheet_people(DAY)] == ["李秀英"]
    # 日常巡查 in their grid: yes; another grid, or a station check: no, nothing written
    c = by_name(lines, "丙级")
    entry, _ = svc.enter_sheet(DAY, [SheetRow(c.task_id, c.entity_id, result="1")])
    assert entry.saved == 1
    west = st["shops"]["西关丁级烧烤店"]
    with pytest.raises(PermissionDeniedError, match="不在您"):
        svc.record(RecordDraft(west, at("2026-07-02")), assume_yes=True)
    with pytest.raises(PermissionDeniedError):  # 现场检查 needs patrols.check
        svc.record(RecordDraft(c.entity_id, at("2026-07-02"), kind="check"), assume_yes=True)
    assert count(ctx, PatrolRecord) == 1
    assert svc.hazard_rows(HazardFilter()).count() == 0


def test_a_grid_worker_without_a_roster_link_sees_nothing(ctx, sheet):
    svc, _lines, _st = sheet
    info = add_grid_worker(ctx, "nolink", "无关联")
    ctx.auth.sign_in(info.actor())
    assert svc.tasks(DAY) == [] and svc.task_rows(TaskFilter()).count() == 0


# -- the XLSX template ------------------------------------------------------------------------


def fill(path, values: dict[int, dict[str, object]]) -> None:
    """Fill data rows (1-based among the rows under the header) by header name."""
    wb = load_workbook(path)
    ws = wb.active
    head = next(r for r in range(1, 10) if ws.cell(r, 1).value == "任务编号")
    col = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
    for n, cells in values.items():
        for name, value in cells.items():
            ws.cell(head + n, col[name]).value = value
    wb.save(path)


def test_the_template_round_trip(ctx, sheet, tmp_path):
    svc, lines, _st = sheet
    path = tmp_path / "sheet.xlsx"
    out = svc.sheet_template(DAY, "GZ01", path)
    assert out.rows == len(lines)
    c = by_name(lines, "丙级")
    n = lines.index(c) + 1
    fill(path, {n: {"结果(1-4)": 2, "逐项结果(Y/N/-)": marks(c, "N"), "整改期限": "2026-07-10"}})
    checked, _ = svc.import_sheet(path, dry_run=True)
    assert checked.saved == 1 and count(ctx, PatrolRecord) == 0
    entry, _ = svc.import_sheet(path)
    assert entry.saved == 1 and entry.hazards == 1
    with ctx.db.session() as s:
        assert s.get(PatrolTask, c.task_id).status == "done"


def test_import_errors_name_row_and_column_and_nothing_is_written(ctx, sheet, tmp_path):
    svc, lines, _st = sheet
    path = tmp_path / "sheet.xlsx"
    svc.sheet_template(DAY, "GZ01", path)
    c = by_name(lines, "丙级")
    n = lines.index(c) + 1
    fill(path, {n: {"结果(1-4)": 1, "经营主体": "不存在的小店"}, n + 1: {"结果(1-4)": 1}})
    with pytest.raises(SheetErrors) as caught:
        svc.import_sheet(path)
    text = str(caught.value)
    assert "列“经营主体”" in text and "与任务" in text and "不存在的小店" in text
    assert count(ctx, PatrolRecord) == 0


def test_a_malformed_file_is_refused(ctx, sheet, tmp_path):
    svc, _lines, _st = sheet
    bad = tmp_path / "sheet.xlsx"
    bad.write_bytes(b"not a workbook at all")
    with pytest.raises(StationError, match="不是 Excel"):
        svc.import_sheet(bad)
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["名称", "地址"])
    wb.active.append(["某店", "某路"])
    other = tmp_path / "other.xlsx"
    wb.save(other)
    with pytest.raises(StationError, match="任务编号"):
        svc.import_sheet(other)
    assert count(ctx, PatrolRecord) == 0


# -- the home page's tiles ----------------------------------------------------------------------


def tiles(ctx, today):
    board = ctx.services.dashboard.build(today)
    return {t.key: t for t in board.tiles}


def test_home_tiles_count_overdue_rectifications_and_todays_missed_patrols(ctx, sheet):
    svc, lines, _st = sheet
    before = tiles(ctx, DAY)
    today = before["patrols.today"]
    assert today.page == "patrols"
    assert today.criteria == {"tasks": "open"} and today.value > 0 and "今日计划" in today.note
    assert before["patrols.overdue"].value == 0
    d = by_name(lines, "丁级")
    row = SheetRow(d.task_id, d.entity_id, result="2", answers=marks(d, "N"), deadline="2026-07-05")
    svc.enter_sheet(DAY, [row])
    after = tiles(ctx, DAY)
    assert after["patrols.today"].value == today.value - 1
    late = tiles(ctx, date(2026, 7, 6))["patrols.overdue"]
    assert late.value == 1 and late.level == "alert" and late.criteria == {"hazards": "overdue"}
    assert tiles(ctx, date(2026, 7, 5))["patrols.overdue"].value == 0


# -- 设置 → 检查表 ---------------------------------------------------------------------------------


def test_saving_a_checklist_makes_a_new_version_audited(ctx, station):  # noqa: F811
    from dataclasses import replace

    from station_app.domain.auth import CLERK, Actor

    svc = ctx.services.patrols
    infos = {i.code: i for i in svc.checklists()}
    assert {"general", "catering"} <= set(infos) and infos["general"].versions == 0
    general = svc.checklist("general")
    items = list(general.items)
    items[0] = replace(items[0], text="亮照经营（营业执照悬挂在醒目位置）")
    saved, changes = svc.save_checklist(replace(general, items=tuple(items)), reason="县局新要求")
    assert saved.version == 2 and changes.touches("checklist")
    assert svc.checklist("general").items[0].text.startswith("亮照经营")
    assert svc.checklist("general", on=date(2026, 6, 30)).version == 1  # the old one stays
    (entry, *_) = ctx.services.audit.history("checklist", _checklist_id(ctx, "general"))
    assert "第 2 版" in entry.reason and "县局新要求" in entry.reason
    with pytest.raises(StationError, match="已被修改为第 2 版"):  # edited from v1: stale
        svc.save_checklist(replace(general, items=tuple(items[:-1])))
    with pytest.raises(StationError, match="没有变化"):
        svc.save_checklist(svc.checklist("general"))
    later = replace(saved, items=saved.items[:-1])
    ahead, _ = svc.save_checklist(later, date(2026, 8, 1))
    again, _ = svc.save_checklist(replace(ahead, name="通用巡查"), date(2026, 8, 1))
    assert (ahead.version, again.version) == (3, 3)  # not used yet, same day: corrected in place
    with pytest.raises(StationError, match="不能早于今天"):
        svc.save_checklist(replace(again, name="通用"), date(2026, 6, 1))
    ctx.auth.sign_in(Actor(None, "clerk", CLERK, "内勤"))
    with pytest.raises(PermissionDeniedError):
        svc.save_checklist(replace(again, name="通用"))


def _checklist_id(ctx, code: str) -> int:
    from station_app.data.models import Checklist

    with ctx.db.session() as s:
        return s.scalars(select(Checklist.id).where(Checklist.code == code)).one()


# -- the county report's 巡查 sheet ------------------------------------------------------------


def test_the_county_report_has_a_patrols_sheet_without_personal_data(ctx, sheet):
    from station_app.domain.periods import parse_period
    from station_app.services.station import StationProfileData

    svc, lines, _st = sheet
    ctx.services.station.save_profile(StationProfileData(name="城关市场监督管理所"))
    d = by_name(lines, "丁级")
    svc.enter_sheet(DAY, [SheetRow(d.task_id, d.entity_id, result="2", answers=marks(d, "N"))])
    report = ctx.services.reports.build(parse_period("2026-07"), details=True)
    (section,) = [s for s in report.sections if s.name == "巡查"]
    values = {f.key: f.value for f in section.figures}
    assert values["patrols.done"] == 1 and values["patrols.planned"] > 1
    assert values["patrols.hazards_found"] == 1 and values["patrols.d_total"] == 2
    assert values["patrols.d_checked"] == 1
    assert all(f.definition for f in section.figures)
    assert {r.key for r in section.rates} >= {"patrols.done_rate", "patrols.d_coverage"}
    grids = next(t for t in section.tables if t.title == "巡查：各网格")
    assert {r[0].split(" ")[0] for r in grids.rows} == {"GZ01", "GZ02"}
    unchecked = next(t for t in report.details if t.title == "巡查明细：D级未覆盖")
    assert [r[0] for r in unchecked.rows] == ["西关丁级烧烤店"]
    assert all("号" not in r[2] for r in unchecked.rows)  # the address masked past the street
