"""The county report's 巡查 sheet (issue #15): plan tasks done / planned, D 全覆盖 and A 无事不扰,
hazards found, closed and open, samplings of the period, each with its definition (the report
adds 同比/环比 by key); tables by grid, by person and by grade; and, as 明细 sheets, the D
entities not checked, the A entities visited beyond the rules, and each grid worker's
overdue patrols. Counted in SQL (``PatrolService.coverage``); no personal data: entities by
name (addresses masked to the street), staff by name, no phones or ID numbers."""

from __future__ import annotations

from station_app.data.engine import Database
from station_app.domain.masking import mask_address
from station_app.domain.patrols.coverage import CoverageLine
from station_app.domain.periods import Period
from station_app.domain.report_model import Figure, RateDef, Section, Table
from station_app.services.auth import system_auth

SECTION = "巡查"
LINE_COLUMNS = ("计划任务", "已完成", "闭门未遇", "逾期未完成", "完成率")
FIGURES = (
    ("planned", "巡查计划任务", "项", "期内到期的计划任务（日常巡查、季度复核、现场检查；不含复查）"),
    ("done", "已完成的计划任务", "项", "计划任务中已由巡查记录完成的（闭门未遇不算完成）"),
    ("d_total", "D 级在营主体", "户", "当前分级为 D 的在营经营主体"),
    ("d_checked", "D 级已检查主体", "户", "D 级在营主体中期内有至少一次完成的巡查记录的"),
    ("a_over", "A 级超频检查主体", "户", "A 级主体期内无线索、投诉、复查原因的检查次数超过规则次数的（无事不扰）"),
    ("hazards_found", "发现隐患", "处", "期内巡查记录发现的隐患（含当场整改）"),
    ("hazards_closed", "整改完成隐患", "处", "期内发现、已当场整改或复查合格的隐患"),
    ("samplings", "抽检批次", "批", "期内登记的抽检结果"),
    ("samplings_failed", "抽检不合格", "批", "期内抽检结论为不合格的"),
)  # fmt: skip
RATES = (
    RateDef("patrols.done_rate", "巡查完成率", "patrols.done", "patrols.planned",
            "已完成的计划任务 ÷ 巡查计划任务", headline=True),
    RateDef("patrols.d_coverage", "D 级全覆盖率", "patrols.d_checked", "patrols.d_total",
            "D 级已检查主体 ÷ D 级在营主体", headline=True),
    RateDef("patrols.hazard_fix_rate", "隐患整改率", "patrols.hazards_closed",
            "patrols.hazards_found", "整改完成隐患 ÷ 发现隐患"),
)  # fmt: skip


def _coverage(db: Database, period: Period):
    from station_app.services.patrols import PatrolService

    return PatrolService(db, system_auth()).coverage(period.code)


def _line(line: CoverageLine) -> tuple:
    return (line.label, line.planned, line.done, line.attempted, line.overdue, line.rate_text)


def patrols_section(db: Database, period: Period) -> Section:
    c = _coverage(db, period)
    values = {
        "planned": c.planned, "done": c.done, "d_total": c.d_total, "d_checked": c.d_checked,
        "a_over": len(c.a_over), "hazards_found": c.hazards_found,
        "hazards_closed": c.hazards_closed, "samplings": c.samplings,
        "samplings_failed": c.samplings_failed,
    }  # fmt: skip
    figures = [
        Figure(f"patrols.{key}", label, values[key], unit, definition=text,
               headline=key in ("planned", "hazards_found"))
        for key, label, unit, text in FIGURES
    ]  # fmt: skip
    tables = [
        Table("巡查：各网格", ("网格", *LINE_COLUMNS), tuple(_line(x) for x in c.by_grid)),
        Table("巡查：各巡查人员", ("人员", *LINE_COLUMNS), tuple(_line(x) for x in c.by_person)),
        Table("巡查：各分级", ("分级", *LINE_COLUMNS), tuple(_line(x) for x in c.by_grade)),
    ]
    return Section(SECTION, figures, tables, list(RATES))


def patrols_details(db: Database, period: Period) -> list[Table]:
    c = _coverage(db, period)
    return [
        Table("巡查明细：D级未覆盖", ("经营主体", "信用代码或编号", "经营地址", "网格"),
              tuple((x.name, x.entity, mask_address(x.address), x.grid) for x in c.d_unchecked)),
        Table("巡查明细：A级无事不扰", ("经营主体", "信用代码或编号", "网格", "无因检查次数", "规则次数"),
              tuple((x.name, x.entity, x.grid, x.visits, c.a_allowed) for x in c.a_over)),
        Table("巡查明细：网格员逾期未巡", ("人员", "计划任务", "逾期未完成", "闭门未遇"),
              tuple((x.label, x.planned, x.overdue, x.attempted) for x in c.by_person
                    if x.overdue)),
    ]  # fmt: skip
