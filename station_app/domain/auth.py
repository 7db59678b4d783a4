"""Roles and permissions (角色与权限): which role may do which action. Pure data and rules.

Services check ``can(role, action)`` through ``Auth.require``; the GUI only hides or disables
what a role cannot do. An action is ``area.verb``; every mutating service names one.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN, HEAD, OFFICER, MEDIATOR, CLERK, READONLY, GRIDWORKER = (
    "admin",
    "head",
    "officer",
    "mediator",
    "clerk",
    "readonly",
    "gridworker",
)
ROLE_LABELS: dict[str, str] = {
    ADMIN: "系统管理员",
    HEAD: "所长",
    OFFICER: "监管专员/执法人员",
    MEDIATOR: "调解员",
    CLERK: "内勤",
    READONLY: "只读",
    GRIDWORKER: "网格员",
}
ROLES = tuple(ROLE_LABELS)
#: every demo database user's password (the login dialog of a demo database says so)
DEMO_PASSWORD = "station-demo"

_STAFF = frozenset({ADMIN, HEAD, OFFICER, MEDIATOR, CLERK})
_ALL = frozenset(ROLES)

# action → roles allowed. Kept as data so it can be printed, reviewed and tested.
PERMISSIONS: dict[str, frozenset[str]] = {
    "station.edit": frozenset({ADMIN, HEAD}),
    "users.manage": frozenset({ADMIN}),
    "db.backup": frozenset({ADMIN, HEAD, CLERK}),
    "db.restore": frozenset({ADMIN}),
    "audit.view": frozenset({ADMIN, HEAD}),
    "audit.verify": _ALL,
    "personal.unmasked": frozenset({ADMIN, HEAD, OFFICER, MEDIATOR}),
    "data.export": _STAFF,
    "data.view": _ALL,
    "roster.edit": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "entities.edit": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "entities.import": frozenset({ADMIN, HEAD, CLERK}),
    "entities.grade_override": frozenset({ADMIN, HEAD}),
    "complaints.edit": frozenset({ADMIN, HEAD, OFFICER, MEDIATOR, CLERK}),
    "mediation.edit": frozenset({ADMIN, HEAD, MEDIATOR}),
    "lists.propose": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "lists.approve": frozenset({ADMIN, HEAD}),
    "patrols.edit": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "patrols.plan": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "patrols.record": frozenset({ADMIN, HEAD, OFFICER, CLERK, GRIDWORKER}),
    "patrols.check": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "patrols.order": frozenset({ADMIN, HEAD, OFFICER}),
    "patrols.rules": frozenset({ADMIN, HEAD}),
    "patrols.sampling": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "patrols.extend": frozenset({ADMIN, HEAD}),
    "sweeps.capture": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "sweeps.link": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "prices.observe": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "prices.manage": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "prices.rules": frozenset({ADMIN, HEAD}),
    "prices.handle": frozenset({ADMIN, HEAD, OFFICER}),
    "prices.reopen": frozenset({ADMIN, HEAD}),
    "warnings.handle": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "visits.edit": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "visits.teams": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "annual_reports.import": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "violations.edit": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "violations.decide": frozenset({ADMIN, HEAD, OFFICER}),
    "violations.types": frozenset({ADMIN, HEAD}),
    "outreach.edit": frozenset({ADMIN, HEAD, OFFICER, MEDIATOR, CLERK}),
    "consumer_warnings.publish": frozenset({ADMIN, HEAD}),
    "reports.make": frozenset({ADMIN, HEAD, CLERK}),
    "records.delete": frozenset({ADMIN, HEAD}),
    "settings.edit": frozenset({ADMIN, HEAD}),
    "settings.grading": frozenset({ADMIN, HEAD}),
    # work orders (#14, docs/areas/orders.md §7); a grid worker registers clues of their grid,
    # sees its orders and confirms their side of the double sign-off
    "orders.register": _STAFF | {GRIDWORKER},
    "orders.dispatch": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "orders.handle": _STAFF,
    "orders.confirm": _STAFF | {GRIDWORKER},
    "orders.close": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "orders.visit": frozenset({ADMIN, HEAD, OFFICER, MEDIATOR, CLERK}),
    "orders.supervise": frozenset({ADMIN, HEAD, CLERK}),
    "orders.extend": frozenset({ADMIN, HEAD}),
    "orders.void": frozenset({ADMIN, HEAD}),
    "orders.import": frozenset({ADMIN, HEAD, CLERK}),
    "campaigns.manage": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "campaigns.close": frozenset({ADMIN, HEAD}),
    "draws.run": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "draws.redraw": frozenset({ADMIN, HEAD}),
    "draws.result": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "draws.publish": frozenset({ADMIN, HEAD}),
    "draws.conflicts": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "settings.draws": frozenset({ADMIN, HEAD}),
}

ACTION_LABELS: dict[str, str] = {
    "station.edit": "修改所基本信息",
    "users.manage": "管理用户",
    "db.backup": "备份数据库",
    "db.restore": "恢复数据库",
    "audit.view": "查看操作日志",
    "audit.verify": "校验操作日志",
    "personal.unmasked": "查看未脱敏的个人信息",
    "data.export": "导出数据",
    "data.view": "查看数据",
    "roster.edit": "编辑网格花名册",
    "entities.edit": "编辑经营主体",
    "entities.import": "导入经营主体台账",
    "entities.grade_override": "人工调整分级",
    "complaints.edit": "登记和编辑投诉",
    "mediation.edit": "调解和打印调解文书",
    "lists.propose": "提出红黑榜列入",
    "lists.approve": "审批红黑榜列入",
    "patrols.edit": "编辑巡查和专项行动",
    "patrols.plan": "生成巡查计划",
    "patrols.record": "登记巡查记录",
    "patrols.check": "登记现场检查、复核和复查",
    "patrols.order": "责令整改、延期和移送",
    "patrols.rules": "修改巡查规则和检查表",
    "patrols.sampling": "登记抽检结果",
    "patrols.extend": "批准延长整改期限",
    "sweeps.capture": "登记扫街纳管记录",
    "sweeps.link": "关联、登记或核销扫街纳管记录",
    "prices.observe": "录入、导入和作废价格监测记录",
    "prices.manage": "管理价格监测对象、分组和本地活动",
    "prices.rules": "修改价格预警规则",
    "prices.handle": "处理价格预警信号（告诫、核查、合理、转办）",
    "prices.reopen": "重新打开已办结的价格预警信号",
    "warnings.handle": "确认和处置风险预警",
    "visits.edit": "登记走访、办理诉求",
    "visits.teams": "管理服务队",
    "annual_reports.import": "导入和登记年报情况",
    "violations.edit": "登记违法行为、行政指导和约谈",
    "violations.decide": "作出处理决定",
    "violations.types": "管理违法行为类型与免罚清单",
    "outreach.edit": "登记普法宣传活动、起草消费警示",
    "consumer_warnings.publish": "发布消费警示",
    "reports.make": "生成上报报表",
    "records.delete": "删除记录",
    "settings.edit": "修改系统设置",
    "settings.grading": "修改本所分级规则",
    "orders.register": "登记工单和网格线索",
    "orders.dispatch": "派单和登记重办",
    "orders.handle": "响应、处置、反馈、挂起和退回工单",
    "orders.confirm": "确认工单处置结果（双签）",
    "orders.close": "办结工单",
    "orders.visit": "回访工单",
    "orders.supervise": "督办超时工单",
    "orders.extend": "批准举报核查延期",
    "orders.void": "作废工单",
    "orders.import": "导入 12345 平台工单",
    "campaigns.manage": "设立和管理专项行动",
    "campaigns.close": "结束专项行动、免于回头看",
    "draws.run": "双随机抽取",
    "draws.redraw": "批准重新抽取",
    "draws.result": "录入双随机抽查结果",
    "draws.publish": "公示抽查结果",
    "draws.conflicts": "登记回避关系",
    "settings.draws": "修改抽查事项、比例和参与部门",
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user, or the system itself (demo, migrations)."""

    user_id: int | None
    username: str
    role: str
    display_name: str = ""

    @property
    def label(self) -> str:
        return self.display_name or self.username


SYSTEM = Actor(None, "system", ADMIN, "系统")


def can(role: str, action: str) -> bool:
    """True when ``role`` may perform ``action``. Unknown actions are refused (fail closed)."""
    return role in PERMISSIONS.get(action, frozenset())


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


MAX_FAILED_LOGINS = 5
#: how long the 1st, 2nd and 3rd (and every later) lock in a row lasts
LOCK_STEPS_MINUTES = (5, 15, 60)
LOCK_MINUTES = LOCK_STEPS_MINUTES[0]


def lock_minutes(lockouts: int) -> int:
    """Minutes of the ``lockouts``-th lock in a row (1-based)."""
    return LOCK_STEPS_MINUTES[min(max(lockouts, 1), len(LOCK_STEPS_MINUTES)) - 1]


def person_name(username: str, names: dict[str, str]) -> str:
    """The name to show for whoever ``username`` recorded: the user's own name, 系统 for the
    application's jobs, else the text as stored (an import's authority, a former user)."""
    if username == SYSTEM.username:
        return SYSTEM.display_name
    return names.get(username) or username
