"""Every public service method is walked: each one that changes data writes an audit row and
returns ``Changes`` (both derived by ``services.base.transact`` from what the use case
recorded); each one that shows or exports personal data writes its access row; the rest are
reads. A new public method must be put in one of the tables below, so a new area cannot
forget its audit rows or its ``Changes``."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from station_app.domain import complaints as crules
from station_app.domain import lists as lrules
from station_app.domain import roster_rules as rrules
from station_app.domain.auth import HEAD, OFFICER, Actor
from station_app.domain.complaints import ComplaintFilter
from station_app.domain.entities import EntityFilter
from station_app.domain.identifiers import make_uscc
from station_app.domain.periods import parse_period
from station_app.services.base import Changes
from station_app.services.complaints import ComplaintInput, HolidayData, StationData, TermInput
from station_app.services.entities import EntityData
from station_app.services.lists import EntryDraft
from station_app.services.roster import GridData, PersonData, TrainingData
from station_app.services.station import StationProfileData
from station_app.services.sweeps import SweepData

DAY = date(2026, 10, 8)
USCC_BAD, USCC_SHOP = make_uscc("91370923MA3C00002"), make_uscc("91370923MA3C00001")
LATER = date(2026, 10, 20)
OFFICER_A = Actor(None, "lihm", OFFICER, "李红梅")
HEAD_B = Actor(None, "wangjg", HEAD, "王建国")

SERVICES = (
    "station",
    "database",
    "users",
    "audit",
    "demo",
    "reports",
    "dashboard",
    "roster",
    "entities",
    "grading_rules",
    "saved_views",
    "entity_import",
    "lists",
    "complaints",
    "sweeps",
    "orders",
    "patrols",
    "draws",
    "campaigns",
    "prices",
    "warnings",
    "visits",
    "violations",
    "outreach",
)

# Reads: nothing written (or only a file of data the caller may already see).
READS = {
    "station": {"get_profile"},
    "database": {
        "check",
        "check_file",
        "default_backup_path",
        "integrity_check",
        "is_demo",
        "status",
        "still_ours",
    },
    "users": {"check_password", "count", "list_users", "list_users_unchecked"},
    "audit": {"head", "history", "verify"},
    "reports": {
        "build",
        "merge_packages",
        "read_package",
        "verify_package",
        "station_key",
        "write_key_file",
        "register_key",
        "key_fingerprint",
    },
    "dashboard": {"build"},
    "roster": {
        "all_warnings",
        "cert_alerts",
        "get_grid",
        "get_grid_summary",
        "get_person",  # with unmasked=True: an access row (see ACCESS)
        "get_training",
        "grid_history",
        "grid_members",
        "grid_warnings",
        "handover_pdf",
        "handover_sheet",
        "list_communities",
        "list_grids",
        "person_assignments",
        "rows",
        "search_people",
        "supervision_groups",
        "today",
        "training_totals",
        "training_years",
        "who_covered",
        "write_template",
    },
    "entities": {"get", "grids", "rows"},
    "grading_rules": {"get"},
    "saved_views": {"list"},
    "entity_import": {"preview", "saved_mappings", "write_error_report"},
    "lists": {
        "build_notice",
        "calendar",
        "check_draft",
        "counts",
        "default_publish_kinds",
        "due",
        "earliest_repair",
        "entity",
        "entries",
        "entry",
        "export_publication",
        "history",
        "kind",
        "kind_named",
        "kinds",
        "preview_pdf",
        "publications",
        "redraw",
        "repair",
        "repairs",
        "reprint",
        "reprint_xlsx",
        "rows",
        "search_entities",
        "snapshot_payload",
    },
    "complaints": {
        "available_documents",
        "calendar",
        "complaint_figures",
        "due_items",
        "find_respondents",
        "get",  # with unmasked=True: an access row (see ACCESS)
        "get_by_number",
        "holidays",
        "list_cases",
        "mediator_names",
        "rows",
        "stations",
    },
    "sweeps": {"candidates", "get", "grid_id_for", "grids", "photo", "rows", "todo"},
    "orders": {
        "clean",
        "figures",
        "home_counts",
        "leads",
        "limits",
        "now",
        "print_order",
        "print_supervision",
        "rows",
        "show",
        "attachments",
        "attachment_data",
    },
    "draws": {
        "conflicts",
        "export_pool",  # entity codes and 执法证号 only: no personal data
        "find",
        "get",
        "items",
        "preview",
        "rows",
        "settings",
        "verify",
    },
    "campaigns": {
        "close_warnings",
        "departments",
        "find",
        "get",
        "preview_targets",
        "progress",
        "rows",
        "sweep_actions",
    },
    "prices": {
        "chart",
        "daily",
        "events",
        "flag",
        "flag_rows",
        "flags",
        "group_id",
        "groups",
        "letter",
        "observation",
        "observation_rows",
        "resolve_entity",
        "rules",
        "subject",
        "subject_rows",
        "subjects",
        "windows",
    },
    "warnings": {"home_counts", "rows", "threshold_versions", "thresholds", "warning", "warnings"},
}
READS["patrols"] = {
    "coverage",
    "get",
    "hazard",
    "hazard_rows",
    "overdue",
    "rule_versions",
    "rules_on",
    "daily_sheets",
    "record_form",
    "print_sheets",
    "task_rows",
    "tasks",
    "sheet_people",
    "sheet_lines",
    "sheet_template",
    "entity_section",
    "checklists",
    "checklist",
    "extensions",
    "find_entity",
    "notice_of",
    "record_rows",
    "sampling",
    "sampling_rows",
    "samplings",
    "record_attachments",
    "record_attachment_data",
}
# File-level maintenance of the whole database (backup, restore, migrations, demo data): the
# database service's own rules apply (a restore replaces everything; Changes of "*").
MAINTENANCE = {
    "database": {"auto_backup", "backup", "backup_before", "restore", "upgrade"},
    "demo": {"build"},
}
# Runs inside the caller's transaction (``tx``): audited by the caller's use case.
IN_CALLERS_TX = {
    "entities": {"create_in"},
    "orders": {"apply_rework", "register_in", "on_case_closed"},
    "patrols": {"record_in", "recheck_in"},
}
# Changes without an audit row, by design: a user's saved filters are personal convenience
# (like window layout) and a saved search text may hold a phone typed into the search box.
NOT_AUDITED = {"saved_views": {"save", "delete"}}

World = Any
Scenario = Callable[[World], Callable[[], Any]]
CHANGES: dict[tuple[str, str], Scenario] = {}
ACCESS: dict[tuple[str, str], Scenario] = {}


def change(service: str, method: str):
    def register(fn: Scenario) -> Scenario:
        CHANGES[(service, method)] = fn
        return fn

    return register


def access(service: str, method: str):
    def register(fn: Scenario) -> Scenario:
        ACCESS[(service, method)] = fn
        return fn

    return register


# ---- the world a scenario starts from ------------------------------------------------------


def complaint_input() -> ComplaintInput:
    return ComplaintInput(
        channel="12315",
        received_on=DAY,
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


class Setup:
    """Records made through the services (each use case is walked on its own below)."""

    def __init__(self, ctx, tmp_path: Path) -> None:
        self.ctx, self.s, self.tmp = ctx, ctx.services, tmp_path
        ctx.clock.set_day(LATER)
        self.s.users.add_user("admin", "管理员", "admin", "Station-2026!")
        self.s.station.save_profile(
            StationProfileData(name="城关市场监督管理所", doc_prefix="东市监城")
        )

    # roster
    def grid(self, code: str = "GZ01") -> GridData:
        return self.s.roster.save_grid(GridData(code, f"{code}网格", ("东关社区",)))[0]

    def person(self, name: str = "张建华", roles=(rrules.SPECIALIST,)) -> PersonData:
        return self.s.roster.save_person(PersonData(name, tuple(roles), phone="13812345678"))[0]

    def duty(self):
        grid, person = self.grid(), self.person()
        member, _ = self.s.roster.assign(grid.id, person.id, rrules.SPECIALIST, date(2026, 3, 1))
        return grid, person, member

    def training(self) -> TrainingData:
        return self.s.roster.save_training(TrainingData(DAY, "食品安全快检", "张建华", 2))[0]

    # entities
    def entity(self, name: str = "城关镇张三记小吃店", **kw) -> int:
        grid_id = self.grid("GZ09").id
        data = EntityData(name=name, legal_rep="张三", phone="13812345678", grid_id=grid_id, **kw)
        return self.s.entities.save(data)[0].data.id

    # complaints
    def complaint(self, stage: str = "registered"):
        svc = self.s.complaints
        v, _ = svc.register(complaint_input())
        if stage == "registered":
            return v
        v, _ = svc.accept(v.id, date(2026, 10, 9), v.version)
        if stage == "mediating":
            return v
        v, _ = svc.add_mediator(v.id, "陈志强", False, v.version)
        if stage == "with mediator":
            return v
        if stage == "terminated":
            return svc.terminate(v.id, date(2026, 10, 12), "1", "", v.version)[0]
        terms = [TermInput("退款", "退还货款", date(2026, 10, 20), 329900)]
        v, _ = svc.succeed(v.id, date(2026, 10, 12), terms, v.version, way="现场")
        return v

    # lists
    def kind(self, name: str) -> int:
        return self.s.lists.kind_named(name).id

    def proposal(self, kind: str = "严重违法失信名单", entity_id: int | None = None):
        entity_id = entity_id or self.entity("东平县黑心餐饮有限公司", uscc=USCC_BAD)
        self.ctx.auth.sign_in(OFFICER_A)
        draft = EntryDraft(entity_id, self.kind(kind), reason="经核查存在违法行为", listed_on=DAY)
        row, _ = self.s.lists.propose(draft)
        self.ctx.auth.sign_in(HEAD_B)
        return row

    def listed(self, kind: str = "严重违法失信名单"):
        row = self.proposal(kind)
        return self.s.lists.approve(row.id, row.version)[0]

    def repair(self, checked: bool = False):
        entry = self.listed()
        repair, _ = self.s.lists.apply_repair(entry.id, date(2027, 10, 20), "已履行行政处罚")
        if checked:
            repair, _ = self.s.lists.check_repair(repair.id, repair.version, "已核实")
        return repair

    # sweeps
    def capture(self):
        grid = self.grid("GZ05")
        data = SweepData(grid_id=grid.id, name="张三记小吃", phone="13812345678")
        return self.s.sweeps.capture(data)[0]

    def workbook(self, rows: list[list[Any]], name: str, sheet: str = "Sheet") -> Path:
        from openpyxl import Workbook

        wb = Workbook()
        wb.active.title = sheet
        for row in rows:
            wb.active.append(row)
        path = self.tmp / name
        wb.save(path)
        return path


# ---- station, users, settings ----------------------------------------------------------------


@change("station", "save_profile")
def _(w):
    p = w.s.station.get_profile()
    return lambda: w.s.station.save_profile(
        StationProfileData(name="东关市场监督管理所", version=p.version)
    )


@change("users", "add_user")
def _(w):
    return lambda: w.s.users.add_user("zhaom", "赵敏", "clerk", "Station-2026!")


@change("users", "change_password")
def _(w):
    w.s.users.add_user("zhaom", "赵敏", "clerk", "Station-2026!")
    return lambda: w.s.users.change_password("zhaom", "Another-2026!")


@change("users", "set_disabled")
def _(w):
    w.s.users.add_user("zhaom", "赵敏", "clerk", "Station-2026!")
    return lambda: w.s.users.set_disabled("zhaom", True, "调离")


@access("users", "authenticate")
def _(w):
    w.s.users.add_user("zhaom", "赵敏", "clerk", "Station-2026!")
    return lambda: w.s.users.authenticate("zhaom", "Station-2026!")


@access("users", "sign_in")
def _(w):
    w.s.users.add_user("zhaom", "赵敏", "admin", "Station-2026!")
    return lambda: w.s.users.sign_in("zhaom", "Station-2026!")


@access("reports", "write_package")
def _(w):
    return lambda: w.s.reports.write_package(parse_period("2026-10"), w.tmp)


@access("audit", "record_view")
def _(w):
    return lambda: w.s.audit.record_view("person", 1, ["phone"])


@change("grading_rules", "save")
def _(w):
    return lambda: w.s.grading_rules.save({"licence_points": 35}, 0, "调整")


@change("grading_rules", "restore_defaults")
def _(w):
    saved, _ = w.s.grading_rules.save({"licence_points": 35}, 0)
    return lambda: w.s.grading_rules.restore_defaults(saved.version)


# ---- roster -----------------------------------------------------------------------------------


@change("roster", "save_grid")
def _(w):
    return lambda: w.s.roster.save_grid(GridData("GZ01", "东关网格", ("东关社区",)))


@change("roster", "delete_grid")
def _(w):
    grid = w.grid()
    return lambda: w.s.roster.delete_grid(grid.id, grid.version, "录错")


@change("roster", "save_person")
def _(w):
    return lambda: w.s.roster.save_person(PersonData("张建华", (rrules.SPECIALIST,)))


@change("roster", "delete_person")
def _(w):
    person = w.person()
    return lambda: w.s.roster.delete_person(person.id, person.version, "录错")


@change("roster", "person_leaves")
def _(w):
    _grid, person, _m = w.duty()
    person = w.s.roster.get_person(person.id)
    return lambda: w.s.roster.person_leaves(person.id, DAY, person.version, "调离")


@change("roster", "assign")
def _(w):
    grid, person = w.grid(), w.person()
    return lambda: w.s.roster.assign(grid.id, person.id, rrules.SPECIALIST, DAY)


@change("roster", "end_assignment")
def _(w):
    _grid, _person, member = w.duty()
    return lambda: w.s.roster.end_assignment(member.assignment_id, DAY, member.version)


@change("roster", "replace_specialist")
def _(w):
    grid, _person, _m = w.duty()
    other = w.person("李秀英")
    return lambda: w.s.roster.replace_specialist(grid.id, other.id, DAY)


@change("roster", "save_training")
def _(w):
    return lambda: w.s.roster.save_training(TrainingData(DAY, "特种设备", "周敏", 1.5))


@change("roster", "delete_training")
def _(w):
    t = w.training()
    return lambda: w.s.roster.delete_training(t.id, t.version, "录错")


@change("roster", "import_xlsx")
def _(w):
    from station_app.domain.roster_sheet import IMPORT_COLUMNS, SHEET_NAME

    headers = [header for _key, header, _width, _note in IMPORT_COLUMNS]
    row = {"网格编号": "GZ03", "网格名称": "北关网格", "覆盖社区": "北关社区", "网格职务": "网格员"}
    row |= {"姓名": "李秀英", "联系电话": "13900001111", "任职起始日期": "2026-02-01"}
    path = w.workbook([headers, [row.get(h, "") for h in headers]], "roster.xlsx", SHEET_NAME)
    return lambda: w.s.roster.import_xlsx(path)


@access("roster", "roster_sheet")
def _(w):
    w.duty()
    return lambda: w.s.roster.roster_sheet(unmasked=True)


@access("roster", "export_pdf")
def _(w):
    w.duty()
    return lambda: w.s.roster.export_pdf(w.tmp / "roster.pdf", unmasked=True)


@access("roster", "export_xlsx")
def _(w):
    w.duty()
    return lambda: w.s.roster.export_xlsx(w.tmp / "roster.xlsx", unmasked=True)


# ---- entities ---------------------------------------------------------------------------------


@change("entities", "save")
def _(w):
    return lambda: w.s.entities.save(EntityData(name="东平县鑫源商贸有限公司"))


@change("entities", "delete")
def _(w):
    eid = w.entity()
    version = w.s.entities.get(eid).data.version
    return lambda: w.s.entities.delete(eid, version, "重复登记")


@change("entities", "override_grade")
def _(w):
    eid = w.entity()
    version = w.s.entities.get(eid).data.version
    return lambda: w.s.entities.override_grade(eid, "C", "多次被投诉", version)


@change("entities", "recompute_grades")
def _(w):
    eid = w.entity()
    with w.ctx.db.uow() as s:  # a grade out of date (as after a change of the rules)
        s.execute(text("UPDATE entity SET grade_score = 1 WHERE id = :id"), {"id": eid})
    return lambda: w.s.entities.recompute_grades()


@access("entities", "reveal_personal")
def _(w):
    eid = w.entity()
    return lambda: w.s.entities.reveal_personal(eid, "phone")


@access("entities", "export")
def _(w):
    w.entity()
    return lambda: w.s.entities.export(w.tmp / "entities.xlsx", EntityFilter())


# ---- entity import ----------------------------------------------------------------------------


def _ledger(w) -> Path:
    from tests.services.ledgers import good_rows, write_ledger

    w.grid("GZ01"), w.grid("GZ02")
    return write_ledger(w.tmp / "台账.xlsx", good_rows())


@change("entity_import", "run")
def _(w):
    path = _ledger(w)
    return lambda: w.s.entity_import.run(path)


MAPPING_HEADERS = ("商号", "老板", "门牌", "备注")
MAPPING = {0: "name", 1: "legal_rep", 2: "address", 3: "note"}


@change("entity_import", "save_mapping")
def _(w):
    return lambda: w.s.entity_import.save_mapping(MAPPING_HEADERS, MAPPING)


@change("entity_import", "delete_mapping")
def _(w):
    w.s.entity_import.save_mapping(MAPPING_HEADERS, MAPPING)
    key = w.s.entity_import.saved_mappings()[0].key
    return lambda: w.s.entity_import.delete_mapping(key)


@change("entity_import", "forget_mapping")
def _(w):
    w.s.entity_import.save_mapping(MAPPING_HEADERS, MAPPING)
    return lambda: w.s.entity_import.forget_mapping(MAPPING_HEADERS)


# ---- lists ------------------------------------------------------------------------------------


@change("lists", "propose")
def _(w):
    eid = w.entity("东平县黑心餐饮有限公司", uscc=USCC_BAD)
    draft = EntryDraft(eid, w.kind("严重违法失信名单"), reason="经核查存在违法行为", listed_on=DAY)
    return lambda: w.s.lists.propose(draft)


@change("lists", "approve")
def _(w):
    row = w.proposal()
    return lambda: w.s.lists.approve(row.id, row.version)


@change("lists", "refuse")
def _(w):
    row = w.proposal()
    return lambda: w.s.lists.refuse(row.id, row.version, "证据不足")


@change("lists", "remove")
def _(w):
    row = w.listed()
    return lambda: w.s.lists.remove(row.id, row.version, lrules.CORRECTED, "列入有误", LATER)


@change("lists", "expire_due")
def _(w):
    w.listed("食品安全黑榜")
    w.ctx.auth.sign_in(OFFICER_A)
    return lambda: w.s.lists.expire_due(date(2031, 1, 1))


@change("lists", "save_kind")
def _(w):
    kind = w.s.lists.kind_named("经营异常名录")
    from dataclasses import replace

    return lambda: w.s.lists.save_kind(replace(kind, note="按年报情况列入"))


@change("lists", "apply_repair")
def _(w):
    entry = w.listed()
    return lambda: w.s.lists.apply_repair(entry.id, date(2027, 10, 20), "已履行行政处罚")


@change("lists", "check_repair")
def _(w):
    repair = w.repair()
    w.ctx.auth.sign_in(OFFICER_A)
    return lambda: w.s.lists.check_repair(repair.id, repair.version, "已核实")


@change("lists", "decide_repair")
def _(w):
    repair = w.repair(checked=True)
    on = date(2027, 10, 21)
    return lambda: w.s.lists.decide_repair(repair.id, repair.version, True, "准予修复", on)


@change("lists", "publish")
def _(w):
    w.listed("食品安全黑榜")
    return lambda: w.s.lists.publish("2026Q4", ["食品安全黑榜"])


@change("lists", "import_xlsx")
def _(w):
    w.entity("东平县城关老街食品店", uscc=USCC_SHOP)
    headers = ["统一社会信用代码", "企业名称", "列入原因", "列入日期", "作出决定机关"]
    row = [USCC_SHOP, "东平县城关老街食品店", "未报年报", "2026-07-01", "东平县局"]
    path = w.workbook([headers, row], "abnormal.xlsx")
    w.ctx.auth.sign_in(HEAD_B)
    return lambda: w.s.lists.import_xlsx(path, "经营异常名录")


# ---- complaints -------------------------------------------------------------------------------


@change("complaints", "register")
def _(w):
    return lambda: w.s.complaints.register(complaint_input())


@change("complaints", "update_registration")
def _(w):
    v = w.complaint()
    from dataclasses import replace

    data = replace(v.to_input(), goods="空调两台")
    return lambda: w.s.complaints.update_registration(v.id, data)


@change("complaints", "accept")
def _(w):
    v = w.complaint()
    return lambda: w.s.complaints.accept(v.id, date(2026, 10, 9), v.version)


@change("complaints", "refuse")
def _(w):
    v = w.complaint()
    return lambda: w.s.complaints.refuse(v.id, date(2026, 10, 9), "1", "", v.version)


@change("complaints", "add_mediator")
def _(w):
    v = w.complaint("mediating")
    return lambda: w.s.complaints.add_mediator(v.id, "陈志强", False, v.version)


@change("complaints", "remove_mediator")
def _(w):
    v = w.complaint("with mediator")
    return lambda: w.s.complaints.remove_mediator(v.id, v.mediators[0].id, v.version, "需回避")


@change("complaints", "add_session")
def _(w):
    v = w.complaint("mediating")
    return lambda: w.s.complaints.add_session(
        v.id, date(2026, 10, 10), "现场", "所里", "双方陈述", v.version
    )


@change("complaints", "succeed")
def _(w):
    v = w.complaint("with mediator")
    terms = [TermInput("退款", "退还货款", date(2026, 10, 20), 329900)]
    return lambda: w.s.complaints.succeed(v.id, date(2026, 10, 12), terms, v.version, way="现场")


@change("complaints", "terminate")
def _(w):
    v = w.complaint("mediating")
    return lambda: w.s.complaints.terminate(v.id, date(2026, 10, 12), "1", "", v.version)


@change("complaints", "record_notice")
def _(w):
    v = w.complaint("terminated")
    return lambda: w.s.complaints.record_notice(v.id, date(2026, 10, 13), v.version)


@change("complaints", "follow_up")
def _(w):
    v = w.complaint("succeeded")
    return lambda: w.s.complaints.follow_up(v.id, "已履行", "", date(2026, 10, 15), v.version)


@change("complaints", "return_visit")
def _(w):
    v = w.complaint("succeeded")
    return lambda: w.s.complaints.return_visit(
        v.id, date(2026, 10, 16), "电话", "满意", "满意", "", v.version
    )


@change("complaints", "close")
def _(w):
    v = w.complaint("succeeded")
    return lambda: w.s.complaints.close(v.id, date(2026, 10, 16), v.version)


@change("complaints", "issue_document")
def _(w):
    v = w.complaint("mediating")
    return lambda: w.s.complaints.issue_document(v.id, "acceptance")


@change("complaints", "print_document")
def _(w):
    v = w.complaint("mediating")
    return lambda: w.s.complaints.print_document(v.id, "acceptance", w.tmp / "acceptance.pdf")


@change("complaints", "print_agreements")
def _(w):
    v = w.complaint("succeeded")
    return lambda: w.s.complaints.print_agreements([v.id], w.tmp / "agreements.pdf")


@change("complaints", "save_station")
def _(w):
    return lambda: w.s.complaints.save_station(StationData("人民路社区消费维权服务站"))


@change("complaints", "save_holiday")
def _(w):
    return lambda: w.s.complaints.save_holiday(HolidayData(date(2027, 1, 1), False, "元旦"))


@change("complaints", "delete_holiday")
def _(w):
    w.s.complaints.save_holiday(HolidayData(date(2027, 1, 1), False, "元旦"))
    return lambda: w.s.complaints.delete_holiday(date(2027, 1, 1))


@change("complaints", "import_platform_sheet")
def _(w):
    from datetime import datetime

    from tests.services.test_platform_import import _row, _sheet

    row = _row(1, "T2026100100001")
    row[2] = datetime(2026, 10, 1, 9, 0)  # before the walk's day
    path = _sheet(w.tmp / "12315.xlsx", [row])
    return lambda: w.s.complaints.import_platform_sheet(path)


@change("complaints", "recompute_deadlines")
def _(w):
    w.complaint()
    w.s.complaints.save_holiday(HolidayData(date(2026, 10, 9), False, "调休"))
    return lambda: w.s.complaints.recompute_deadlines()


@access("complaints", "reveal_personal")
def _(w):
    v = w.complaint()
    return lambda: w.s.complaints.reveal_personal(v.id, "complainant_phone")


@access("complaints", "export_xlsx")
def _(w):
    w.complaint()
    return lambda: w.s.complaints.export_xlsx(ComplaintFilter(), w.tmp / "complaints.xlsx")


# ---- sweeps -----------------------------------------------------------------------------------


@change("sweeps", "capture")
def _(w):
    grid = w.grid("GZ05")
    return lambda: w.s.sweeps.capture(SweepData(grid_id=grid.id, name="李四五金店"))


@change("sweeps", "edit")
def _(w):
    card = w.capture()
    from dataclasses import replace

    return lambda: w.s.sweeps.edit(replace(card.data, name="张三记小吃店"))


@change("sweeps", "link")
def _(w):
    card, eid = w.capture(), w.entity()
    return lambda: w.s.sweeps.link(card.data.id, eid, card.data.version)


@change("sweeps", "register")
def _(w):
    card = w.capture()
    return lambda: w.s.sweeps.register(card.data.id, card.data.version)


@change("sweeps", "dismiss")
def _(w):
    card = w.capture()
    return lambda: w.s.sweeps.dismiss(card.data.id, "非经营场所", card.data.version)


@change("sweeps", "reopen")
def _(w):
    card = w.capture()
    card, _ = w.s.sweeps.dismiss(card.data.id, "非经营场所", card.data.version)
    return lambda: w.s.sweeps.reopen(card.data.id, "核销错了", card.data.version)


@access("sweeps", "reveal_phone")
def _(w):
    card = w.capture()
    return lambda: w.s.sweeps.reveal_phone(card.data.id)


# ---- work orders (#14) ------------------------------------------------------------------------


def _bj(hm: str, day: int = 19):
    from datetime import datetime

    from station_app.domain.periods import SHANGHAI

    h, m = (int(x) for x in hm.split(":"))
    return datetime(2026, 10, day, h, m, tzinfo=SHANGHAI)


def _order(w, stage: str = "new", kind: str = "12345"):
    """A 12345 order (or a 举报) received 2026-10-19 09:00, taken to ``stage``."""
    from station_app.services.orders import OrderInput

    o = w.s.orders
    no = "JN2026101900123" if kind == "12345" else "13701022026101900032"
    data = OrderInput(kind=kind, received_at=_bj("09:00"), platform_no=no, text="缺斤短两",
                      real_name=kind != "12345", requester_name="张某")  # fmt: skip
    v = o.add(data)[0]
    if stage == "new":
        return v
    w.s.users.add_user("wangzy", "王专员", "officer", "Station-2026!")
    w.s.users.add_user("zhaonq", "赵内勤", "clerk", "Station-2026!")
    v = o.dispatch(v.number, _bj("09:30"), to="wangzy", reason="熟悉片区")[0]
    if stage == "dispatched":
        return v
    v = o.respond(v.number, _bj("10:00"))[0]
    if stage == "handling":
        return v
    v = o.feedback(v.number, "已处置", _bj("11:00"))[0]
    if stage == "fed back":
        return v
    users = {u.username: u for u in w.s.users.list_users_unchecked()}
    for name in ("wangzy", "zhaonq"):
        w.ctx.auth.sign_in(users[name].actor())
        v = o.confirm(v.number, _bj("11:10" if name == "wangzy" else "11:20"))[0]
    w.ctx.auth.sign_in(HEAD_B)
    if stage == "confirmed":
        return v
    return o.close(v.number, _bj("11:30"))[0]


@change("orders", "add")
def _(w):
    from station_app.services.orders import OrderInput

    data = OrderInput(kind="咨询", received_at=_bj("09:00"), text="咨询办照")
    return lambda: w.s.orders.add(data)


@change("orders", "dispatch")
def _(w):
    v = _order(w)
    w.s.users.add_user("wangzy", "王专员", "officer", "Station-2026!")
    return lambda: w.s.orders.dispatch(v.number, _bj("09:30"), to="wangzy", reason="熟悉片区")


def _step(method: str, stage: str, *args, kind: str = "12345", **kw):
    def scenario(w):
        v = _order(w, stage, kind)
        return lambda: getattr(w.s.orders, method)(v.number, *args, **kw)

    change("orders", method)(scenario)


_step("return_", "dispatched", _bj("09:40"), reason="不属于本网格")
_step("respond", "dispatched", _bj("10:00"))
_step("onsite", "handling", _bj("10:20"))
_step("handle", "handling", "责令整改", "责令整改", _bj("10:30"))
_step("feedback", "handling", "已处置", _bj("11:00"))
_step("reject", "fed back", "问题仍在", _bj("11:05"))
_step("close", "confirmed", _bj("11:30"))
_step("visit", "closed", "满意", "满意", True, at=_bj("12:00"))
_step("pause", "handling", "等待检测结果", _bj("10:10"))
_step("void", "new", "重复登记", _bj("09:10"))
_step("rework", "closed", 1, _bj("12:00"))
_step("decide", "handling", "立案", "", _bj("10:30"), kind="12315举报")
_step("extend", "handling", "案情复杂", _bj("10:30"), kind="12315举报")


@change("orders", "confirm")
def _(w):
    v = _order(w, "fed back")
    user = next(u for u in w.s.users.list_users_unchecked() if u.username == "wangzy")
    w.ctx.auth.sign_in(user.actor())
    return lambda: w.s.orders.confirm(v.number, _bj("11:10"))


@change("orders", "resume")
def _(w):
    v = _order(w, "handling")
    w.s.orders.pause(v.number, "等待检测结果", _bj("10:10"))
    return lambda: w.s.orders.resume(v.number, _bj("10:40"))


@change("orders", "notify")
def _(w):
    v = _order(w, "handling", "12315举报")
    w.s.orders.decide(v.number, "立案", "", _bj("10:30"))
    return lambda: w.s.orders.notify(v.number, _bj("10:40"))


@change("orders", "supervise")
def _(w):
    v = _order(w)  # dispatch was due at 11:00 on the 19th: overdue today
    return lambda: w.s.orders.supervise(v.number, "王建国", "东关社区李书记")


@change("orders", "catch_up")
def _(w):
    _order(w)
    return lambda: w.s.orders.catch_up()


@change("orders", "save_limit")
def _(w):
    return lambda: w.s.orders.save_limit("网格线索", "respond", 20, "min", "县局通知")


@change("orders", "save_office_hours")
def _(w):
    return lambda: w.s.orders.save_office_hours("08:30–12:00、13:30–17:30", "夏季作息")


@change("orders", "save_lead")
def _(w):
    return lambda: w.s.orders.save_lead(1, role="clerk")


@change("orders", "import_platform")
def _(w):
    path = w.workbook(
        [["工单编号", "受理时间", "诉求内容"], ["JN2026101900555", "2026-10-19 09:00", "缺斤短两"]],
        "platform.xlsx",
    )
    return lambda: w.s.orders.import_platform(path)


@change("orders", "print_report_notice")
def _(w):
    v = _order(w, "handling", "12315举报")
    w.s.orders.decide(v.number, "立案", "", _bj("10:30"))
    return lambda: w.s.orders.print_report_notice(v.number, w.tmp / "notice.pdf")


@change("orders", "mediate")
def _(w):
    from station_app.services.orders import MediationInput

    v = _order(w, "handling", "12315投诉")
    data = MediationInput("东平县东关街3号", complainant_phone="13812345678",
                          respondent_name="城关镇好运家电店", respondent_address="人民路8号")  # fmt: skip
    return lambda: w.s.orders.mediate(v.number, data, _bj("10:30"))


@change("orders", "link_case")
def _(w):
    case = w.complaint()
    v = _order(w, "handling", "12315投诉")
    return lambda: w.s.orders.link_case(v.number, case.number, _bj("10:30"))


@access("orders", "print_report_form")
def _(w):
    v = _order(w, "new", "12315举报")
    return lambda: w.s.orders.print_report_form(v.number, w.tmp / "form.pdf")


@change("orders", "link_person")
def _(w):
    person = w.person("李网格", roles=(rrules.GRID_WORKER,))
    w.s.users.add_user("liwg", "李网格", "gridworker", "Station-2026!")
    return lambda: w.s.orders.link_person(person.id, "liwg")


JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(64)


@change("orders", "add_attachment")
def _(w):
    v = _order(w)
    return lambda: w.s.orders.add_attachment(v.number, "现场.jpg", JPEG_BYTES)


@change("orders", "add_attachment_file")
def _(w):
    v = _order(w)
    path = w.tmp / "现场.jpg"
    path.write_bytes(JPEG_BYTES)
    return lambda: w.s.orders.add_attachment_file(v.number, path)


@change("orders", "void_attachment")
def _(w):
    v = _order(w)
    att = w.s.orders.add_attachment(v.number, "现场.jpg", JPEG_BYTES)[0]
    return lambda: w.s.orders.void_attachment(att.id, "拍错对象")


# ---- patrols ----------------------------------------------------------------------------------

PATROL_RULE = {"grade": "A", "kind": "patrol", "performer": "网格员", "frequency": "weekly"}


def _patrol_draft(w, **kw):
    from datetime import datetime

    from station_app.domain.patrols.records import RecordDraft

    eid, person = w.entity(), w.person()
    return RecordDraft(eid, datetime(2026, 10, 19, 9, 0), inspectors=(person.id,), **kw)


@change("patrols", "generate")
def _(w):
    w.entity()
    return lambda: w.s.patrols.generate(LATER, LATER + timedelta(days=10))


@change("patrols", "set_rule")
def _(w):
    return lambda: w.s.patrols.set_rule(PATROL_RULE, LATER)


@change("patrols", "remove_rule")
def _(w):
    return lambda: w.s.patrols.remove_rule("A", "review", LATER)


@change("patrols", "save_rules")
def _(w):
    from station_app.domain.patrols.rules import DEFAULT_RULES, RuleSet

    return lambda: w.s.patrols.save_rules(RuleSet(LATER, DEFAULT_RULES.rules[1:]))


@change("patrols", "record")
def _(w):
    draft = _patrol_draft(w)
    return lambda: w.s.patrols.record(draft, assume_yes=True)


@change("patrols", "add_record_attachment")
def _(w):
    view, _ = w.s.patrols.record(_patrol_draft(w), assume_yes=True)
    return lambda: w.s.patrols.add_record_attachment(view.id, "现场.jpg", JPEG_BYTES)


@change("patrols", "add_record_attachment_file")
def _(w):
    view, _ = w.s.patrols.record(_patrol_draft(w), assume_yes=True)
    path = w.tmp / "现场.jpg"
    path.write_bytes(JPEG_BYTES)
    return lambda: w.s.patrols.add_record_attachment_file(view.id, path)


@change("patrols", "remove_record_attachment")
def _(w):
    view, _ = w.s.patrols.record(_patrol_draft(w), assume_yes=True)
    att = w.s.patrols.add_record_attachment(view.id, "现场.jpg", JPEG_BYTES)[0]
    return lambda: w.s.patrols.remove_record_attachment(att.id, "拍错对象")


@change("patrols", "recheck")
def _(w):
    from datetime import datetime

    from station_app.domain.patrols.hazards import Finding
    from station_app.services.patrols import RecheckDraft

    draft = _patrol_draft(w, findings=(Finding("消防安全", "灭火器过期", deadline=LATER),))
    view, _ = w.s.patrols.record(draft, assume_yes=True)
    second = w.person("李秀英").id
    at = datetime(2026, 10, 20, 0, 30)
    inspectors = (draft.inspectors[0], second)
    return lambda: w.s.patrols.recheck(
        RecheckDraft(view.hazards[0].id, at, passed=True, inspectors=inspectors)
    )


def _sheet_row(w):
    """An entity graded C in GZ09 with its grid worker, the plan made: a sheet row answering
    its task of ``LATER``."""
    from station_app.data.models import Entity
    from station_app.domain.patrols.entry import SheetRow
    from station_app.domain.patrols.lists import TaskFilter

    eid = w.entity()
    with w.ctx.db.uow() as s:
        e = s.get(Entity, eid)
        e.grade_override = e.local_grade = "C"
        grid_id = e.grid_id
    walker = w.person("李秀英", roles=(rrules.GRID_WORKER,))
    w.s.roster.assign(grid_id, walker.id, rrules.GRID_WORKER, date(2026, 3, 1))
    w.s.patrols.generate(LATER, LATER + timedelta(days=3))
    rows = w.s.patrols.task_rows(TaskFilter(entity_id=eid, kind="patrol", first=LATER, last=LATER))
    (task_id,) = rows.fetch_ids(None, False)
    return SheetRow(task_id, eid, result="1", time="0:00")


@change("patrols", "enter_sheet")
def _(w):
    row = _sheet_row(w)
    return lambda: w.s.patrols.enter_sheet(LATER, [row])


@change("patrols", "import_sheet")
def _(w):
    from openpyxl import load_workbook

    row = _sheet_row(w)
    path = w.tmp / "sheet.xlsx"
    w.s.patrols.sheet_template(LATER, "GZ09", path)
    wb = load_workbook(path)
    ws = wb.active
    head = next(r for r in range(1, 12) if ws.cell(r, 1).value == "任务编号")
    col = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
    line = next(r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 1).value == row.task_id)
    ws.cell(line, col["结果(1-4)"]).value = 1
    ws.cell(line, col["巡查时间"]).value = "0:00"
    wb.save(path)
    return lambda: w.s.patrols.import_sheet(path)


@change("patrols", "save_checklist")
def _(w):
    from dataclasses import replace

    general = w.s.patrols.checklist("general")
    edited = replace(general, items=general.items[:-1])
    return lambda: w.s.patrols.save_checklist(edited, reason="精简")


def _hazard_record(w):
    from station_app.domain.patrols.hazards import Finding

    draft = _patrol_draft(w, findings=(Finding("消防安全", "灭火器过期", deadline=LATER),))
    return w.s.patrols.record(draft, assume_yes=True)[0]


def _sampling(w, qualified: bool = False):
    from station_app.domain.patrols.samplings import SamplingDraft

    items = "" if qualified else "甲醇超标"
    return SamplingDraft(w.entity(), date(2026, 10, 18), "散装白酒", qualified, failed_items=items)


@change("patrols", "record_sampling")
def _(w):
    draft = _sampling(w)
    return lambda: w.s.patrols.record_sampling(draft)


@change("patrols", "void_sampling")
def _(w):
    view, _ = w.s.patrols.record_sampling(_sampling(w))
    return lambda: w.s.patrols.void_sampling(view.id, view.version, "样品编号录错")


@change("patrols", "extend")
def _(w):
    hazard = _hazard_record(w).hazards[0]
    return lambda: w.s.patrols.extend(
        hazard.id, hazard.version, LATER + timedelta(days=10), "等待设备到货"
    )


@change("patrols", "void")
def _(w):
    view = _hazard_record(w)
    return lambda: w.s.patrols.void(view.id, view.version, "录错了经营主体")


@change("patrols", "issue_notice")
def _(w):
    view = _hazard_record(w)
    return lambda: w.s.patrols.issue_notice(view.id)


@change("patrols", "print_notice")
def _(w):
    view = _hazard_record(w)
    return lambda: w.s.patrols.print_notice(w.tmp / "通知书.pdf", record_id=view.id)


@access("patrols", "print_inspection")
def _(w):
    view = _hazard_record(w)
    return lambda: w.s.patrols.print_inspection(view.id, w.tmp / "笔录.pdf")


# ---- draws and campaigns ------------------------------------------------------------------


def _drawable(w) -> None:
    """Two entities and three inspectors with valid 执法证."""
    w.entity()
    w.s.entities.save(EntityData(name="东平县鑫源商贸有限公司", uscc=USCC_SHOP))
    for i, name in enumerate(("赵执法", "钱执法", "孙执法")):
        w.s.roster.save_person(
            PersonData(
                name,
                (rrules.ENFORCER,),
                cert_no=f"370981201900{i}",
                cert_expiry=date(2030, 1, 1),
            )
        )


def _drawn(w) -> int:
    from station_app.services.draws import DrawSpec

    _drawable(w)
    spec = DrawSpec(item="食品销售经营者监督检查", ratios="A=1,B=1,C=1,D=1", witness="42")
    return w.s.draws.run(spec)[0]


@change("draws", "run")
def _(w):
    from station_app.services.draws import DrawSpec

    _drawable(w)
    return lambda: w.s.draws.run(DrawSpec(item="食品销售经营者监督检查", witness="7"))


def _result(w, draw_id: int, entity_id: int):
    from station_app.domain.patrols.records import RecordDraft

    draft = RecordDraft(entity_id, datetime(2026, 10, 20, 0, 5))  # the drawn inspectors
    return w.s.draws.record_result(draw_id, entity_id, draft, assume_yes=True)


@change("draws", "record_result")
def _(w):
    draw_id = _drawn(w)
    eid = w.s.draws.get(draw_id).objects[0].entity_id
    return lambda: _result(w, draw_id, eid)


@change("draws", "publish")
def _(w):
    draw_id = _drawn(w)
    for o in w.s.draws.get(draw_id).objects:
        _result(w, draw_id, o.entity_id)
    return lambda: w.s.draws.publish(draw_id, w.tmp / "公示.pdf")


@change("draws", "add_conflict")
def _(w):
    eid, person = w.entity(), w.person("赵执法", (rrules.SPECIALIST,))
    return lambda: w.s.draws.add_conflict(person.id, eid, "配偶经营")


@change("draws", "end_conflict")
def _(w):
    eid, person = w.entity(), w.person("赵执法", (rrules.SPECIALIST,))
    cid, _ = w.s.draws.add_conflict(person.id, eid, "配偶经营")
    version = w.s.draws.conflicts()[0].version
    return lambda: w.s.draws.end_conflict(cid, version)


@change("draws", "save_settings")
def _(w):
    from station_app.services.draws import DrawSettings

    return lambda: w.s.draws.save_settings(DrawSettings(exclude_months=3))


@access("draws", "print_record")
def _(w):
    draw_id = _drawn(w)
    return lambda: w.s.draws.print_record(draw_id, w.tmp / "记录.pdf")


@change("draws", "save_item")
def _(w):
    return lambda: w.s.draws.save_item("电梯使用单位监督检查", "《特种设备安全法》")


def _campaign(w):
    from station_app.services.campaigns import CampaignDraft

    w.entity()
    draft = CampaignDraft("护校安园专项行动", date(2026, 10, 1), date(2026, 10, 31))
    return w.s.campaigns.add(draft)[0]


@change("campaigns", "add")
def _(w):
    from station_app.services.campaigns import CampaignDraft

    w.entity()
    draft = CampaignDraft("餐饮安心专项行动", date(2026, 10, 1), date(2026, 10, 31))
    return lambda: w.s.campaigns.add(draft)


@change("campaigns", "close")
def _(w):
    view = _campaign(w)
    return lambda: w.s.campaigns.close(view.id, view.version, "完成")


@change("campaigns", "plan_sweep")
def _(w):
    from station_app.services.campaigns import SweepPlanDraft

    w.grid()  # GZ01 covering 东关社区
    person = w.person()
    plan = SweepPlanDraft(LATER, people=(person.name,), communities=("东关社区",))
    return lambda: w.s.campaigns.plan_sweep(plan)


@change("campaigns", "add_department")
def _(w):
    return lambda: w.s.campaigns.add_department("税务")


# ---- visits, violations, outreach: their own module (registers into the tables above) ---------
import tests.services.audited_campaigns  # noqa: E402
import tests.services.audited_visits  # noqa: E402, F401

# ---- the walk ---------------------------------------------------------------------------------


# ---- prices and warnings (#19) -----------------------------------------------------------------


def _hotel(w, *, flagged: bool = False):
    """A hotel room watched through September 2026 at ¥200 (and ¥350 on 10-02 when flagged)."""
    from datetime import datetime

    from station_app.clock import SHANGHAI
    from station_app.services.prices import ObservationInput, SubjectInput

    eid = w.entity("东平县悦来宾馆")
    subject, _ = w.s.prices.add_subject(SubjectInput(name="标准间", entity_id=eid))
    start = datetime(2026, 9, 1, 20, tzinfo=SHANGHAI)
    items = [ObservationInput(subject.id, start + timedelta(days=i), 20000) for i in range(30)]
    if flagged:
        items.append(
            ObservationInput(subject.id, datetime(2026, 10, 2, 20, tzinfo=SHANGHAI), 35000)
        )
    w.s.prices.observe_batch(items)
    return subject


def _flag(w):
    from station_app.domain.prices.lists import FlagFilter

    _hotel(w, flagged=True)
    return w.s.prices.flags(FlagFilter())[0]


def _observation(subject_id: int, fen: int = 30000):
    from datetime import datetime

    from station_app.clock import SHANGHAI
    from station_app.services.prices import ObservationInput

    return ObservationInput(subject_id, datetime(2026, 10, 3, 20, tzinfo=SHANGHAI), fen)


@change("prices", "add_subject")
def _(w):
    from station_app.services.prices import SubjectInput

    eid = w.entity("东平县悦来宾馆")
    return lambda: w.s.prices.add_subject(SubjectInput(name="标准间", entity_id=eid))


@change("prices", "update_subject")
def _(w):
    from dataclasses import replace

    from station_app.services.prices import SubjectInput

    s = _hotel(w)
    data = SubjectInput(name=s.name, entity_id=s.entity_id, posted_fen=28800)
    return lambda: w.s.prices.update_subject(s.id, s.version, replace(data), reason="调价公示")


@change("prices", "add_group")
def _(w):
    return lambda: w.s.prices.add_group("景区周边酒店")


@change("prices", "set_members")
def _(w):
    s = _hotel(w)
    group, _ = w.s.prices.add_group("全区酒店")
    return lambda: w.s.prices.set_members(group.id, [s.id])


@change("prices", "observe")
def _(w):
    s = _hotel(w)
    return lambda: w.s.prices.observe(_observation(s.id))


@change("prices", "observe_batch")
def _(w):
    s = _hotel(w)
    return lambda: w.s.prices.observe_batch([_observation(s.id), _observation(s.id, 31000)])


@change("prices", "void_observation")
def _(w):
    s = _hotel(w)
    obs, _ = w.s.prices.observe(_observation(s.id))
    return lambda: w.s.prices.void_observation(obs.id, "录错", _observation(s.id, 32000))


@change("prices", "import_observations")
def _(w):
    s = _hotel(w)
    path = w.tmp / "prices.csv"
    path.write_text(f"监测对象编号,监测时间,价格\n{s.id},2026-10-03 20:00,300\n", encoding="utf-8")
    return lambda: w.s.prices.import_observations(path)


@change("prices", "refresh")
def _(w):
    s = _hotel(w)
    with w.ctx.db.uow() as session:  # a price written behind the service's back
        session.execute(
            text(
                "INSERT INTO price_observation (subject_id, observed_at, day, price_fen, source,"
                " platform, note, batch, recorded_by, recorded_at, voided_by, void_reason)"
                " VALUES (:s, :at, :day, 40000, '网络平台', '', '', '', '', :at, '', '')"
            ),
            {"s": s.id, "at": "2026-10-02 12:00:00.000000", "day": date(2026, 10, 2)},
        )
    return lambda: w.s.prices.refresh()


@change("prices", "check")
def _(w):
    f = _flag(w)
    return lambda: w.s.prices.check(f.id, f.version, "电话核查，承认上调")


@change("prices", "reasonable")
def _(w):
    f = _flag(w)
    return lambda: w.s.prices.reasonable(f.id, f.version, "含双早")


@change("prices", "refer")
def _(w):
    f = _flag(w)
    return lambda: w.s.prices.refer(f.id, f.version, "立案", "东市监立〔2026〕3号")


@change("prices", "reopen")
def _(w):
    f = _flag(w)
    f, _ = w.s.prices.reasonable(f.id, f.version, "含双早")
    return lambda: w.s.prices.reopen(f.id, f.version, "复核发现不含早")


@change("prices", "warn")
def _(w):
    f = _flag(w)
    return lambda: w.s.prices.warn([f.id], "王经理", "直接送达")


@access("prices", "print_letter")
def _(w):
    f = _flag(w)
    letter, _ = w.s.prices.warn([f.id], "王经理", "直接送达")
    return lambda: w.s.prices.print_letter(letter.id, w.tmp / "letter.pdf")


@access("prices", "print_chart")
def _(w):
    s = _hotel(w)
    return lambda: w.s.prices.print_chart(
        s.id, date(2026, 9, 1), date(2026, 10, 8), w.tmp / "c.pdf"
    )


@change("prices", "save_rule")
def _(w):
    from station_app.services.prices import RuleInput

    data = RuleInput("absolute_cap", "最高限价", {"cap_yuan": "300"}, days="期间每日")
    return lambda: w.s.prices.save_rule(None, data, "限价令")


@change("prices", "deactivate_rule")
def _(w):
    return lambda: w.s.prices.deactivate_rule(1, "改用新规则")


@change("prices", "add_event")
def _(w):
    return lambda: w.s.prices.add_event("樱花节", date(2026, 4, 1), date(2026, 4, 7))


@change("prices", "delete_event")
def _(w):
    event, _ = w.s.prices.add_event("樱花节", date(2026, 4, 1), date(2026, 4, 7))
    return lambda: w.s.prices.delete_event(event.id, event.version, "活动取消")


@change("warnings", "scan")
def _(w):
    eid = w.entity("东平县好运来超市", address="东平县人民路8号")
    for d in (1, 2, 3):
        data = complaint_input()
        w.s.complaints.register(replace_input(data, eid, LATER - timedelta(days=d)))
    return lambda: w.s.warnings.scan()


def replace_input(data: ComplaintInput, entity_id: int, day: date) -> ComplaintInput:
    from dataclasses import replace

    return replace(
        data, entity_id=entity_id, received_on=day, respondent_name="", respondent_address=""
    )


def _warning(w):
    _scan = CHANGES[("warnings", "scan")](w)
    _scan()
    return w.s.warnings.warnings()[0]


@change("warnings", "ack")
def _(w):
    found = _warning(w)
    return lambda: w.s.warnings.ack(found.id, found.version)


@change("warnings", "resolve")
def _(w):
    found = _warning(w)
    return lambda: w.s.warnings.resolve(found.id, "约谈告诫", "已约谈", found.version)


@access("prices", "print_daily")
def _(w):
    _flag(w)
    return lambda: w.s.prices.print_daily(date(2026, 10, 2), w.tmp / "daily.pdf")


@change("warnings", "to_order")
def _(w):
    found = _warning(w)
    return lambda: w.s.warnings.to_order(found.id, found.version)


@change("warnings", "to_notice")
def _(w):
    found = _warning(w)
    return lambda: w.s.warnings.to_notice(found.id, found.version)


@change("warnings", "to_campaign")
def _(w):
    eid = w.entity("东平县好运来超市", address="东平县人民路8号", industries=("餐饮服务",))
    w.s.warnings.save_thresholds({"cluster_industry.min_cases": 3}, [], "试行")
    for d in (1, 2, 3):
        w.s.complaints.register(replace_input(complaint_input(), eid, LATER - timedelta(days=d)))
    w.s.warnings.scan()
    found = next(x for x in w.s.warnings.warnings() if x.kind == "cluster_industry")
    return lambda: w.s.warnings.to_campaign(found.id, found.version)


@change("warnings", "save_thresholds")
def _(w):
    return lambda: w.s.warnings.save_thresholds({"cluster_entity.count": 5}, [], "试行")


def _public_methods(service: object) -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(type(service))
        if not name.startswith("_") and callable(value)
    }


def _audit_rows(ctx) -> int:
    with ctx.db.core_read() as con:
        return con.execute(text("SELECT count(*) FROM audit_log")).scalar_one()


def _changes_in(result: object) -> Changes:
    if isinstance(result, Changes):
        return result
    found = [x for x in result if isinstance(x, Changes)] if isinstance(result, tuple) else []
    assert found, f"no Changes in {result!r}"
    return found[0]


def test_every_public_method_is_classified(ctx):
    tables = (READS, MAINTENANCE, IN_CALLERS_TX, NOT_AUDITED)
    for name in SERVICES:
        methods = _public_methods(getattr(ctx.services, name))
        walked = {m for (s, m) in (*CHANGES, *ACCESS) if s == name}
        listed = set().union(*(t.get(name, set()) for t in tables)) | walked
        assert methods - listed == set(), f"{name}: classify {sorted(methods - listed)}"
        assert listed - methods == set(), f"{name}: no such method {sorted(listed - methods)}"
    assert not (set(CHANGES) & set(ACCESS))


@pytest.mark.parametrize("key", sorted(CHANGES), ids=lambda k: f"{k[0]}.{k[1]}")
def test_each_change_writes_an_audit_row_and_returns_changes(ctx, tmp_path, key):
    run = CHANGES[key](Setup(ctx, tmp_path))
    before = _audit_rows(ctx)
    changes = _changes_in(run())
    assert _audit_rows(ctx) > before, f"{key}: no audit row"
    assert changes, f"{key}: empty Changes"


@pytest.mark.parametrize("key", sorted(ACCESS), ids=lambda k: f"{k[0]}.{k[1]}")
def test_each_view_or_export_of_personal_data_is_logged(ctx, tmp_path, key):
    run = ACCESS[key](Setup(ctx, tmp_path))
    before = _audit_rows(ctx)
    run()
    assert _audit_rows(ctx) > before, f"{key}: not logged"


def test_saved_views_change_without_audit_rows(ctx, tmp_path):
    Setup(ctx, tmp_path)
    before = _audit_rows(ctx)
    saved, changes = ctx.services.saved_views.save("entities", "在营", {"status": "在营"})
    assert changes.ids["saved_view"] == {saved.id}
    assert ctx.services.saved_views.delete(saved.id).ids["saved_view"] == {saved.id}
    assert _audit_rows(ctx) == before


def test_the_clock_on_the_context_sets_the_services_day(ctx):
    ctx.clock.set_day(date(2026, 10, 8))
    svc = ctx.services.complaints
    data = ComplaintInput(
        channel="来电",
        received_on=date(2026, 10, 9),
        complainant_name="张小明",
        complainant_phone="13812348000",
        complainant_address="东平县城关镇幸福路12号",
        respondent_name="东平县鑫源家电销售有限公司",
        respondent_address="东平县城关镇人民路120号",
        claim="退货",
        facts="空调制冷不良。",
    )
    with pytest.raises(Exception, match="收到日期不能晚于今天"):
        svc.register(data)
    ctx.clock.set_day(date(2026, 10, 9))
    view, _ = svc.register(data)
    assert (
        view.status == crules.REGISTERED
        and ctx.services.entities.rows().fetch_ids(None, False) is not None
    )
    assert ctx.services.lists.due().today == date(2026, 10, 9)
    ctx.clock.set_day(None)
    assert ctx.clock.today() - date.today() in (timedelta(0), timedelta(days=1), timedelta(days=-1))
