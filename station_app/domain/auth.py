"""Roles and permissions (角色与权限): which role may do which action. Pure data and rules.

Services check ``can(role, action)`` through ``Auth.require``; the GUI only hides or disables
what a role cannot do. An action is ``area.verb``; every mutating service names one.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN, HEAD, OFFICER, MEDIATOR, CLERK, READONLY = (
    "admin",
    "head",
    "officer",
    "mediator",
    "clerk",
    "readonly",
)
ROLE_LABELS: dict[str, str] = {
    ADMIN: "系统管理员",
    HEAD: "所长",
    OFFICER: "监管专员/执法人员",
    MEDIATOR: "调解员",
    CLERK: "内勤",
    READONLY: "只读",
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
    "sweeps.capture": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "sweeps.link": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "prices.observe": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "prices.manage": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "prices.rules": frozenset({ADMIN, HEAD}),
    "prices.handle": frozenset({ADMIN, HEAD, OFFICER}),
    "prices.reopen": frozenset({ADMIN, HEAD}),
    "warnings.handle": frozenset({ADMIN, HEAD, OFFICER, CLERK}),
    "reports.make": frozenset({ADMIN, HEAD, CLERK}),
    "records.delete": frozenset({ADMIN, HEAD}),
    "settings.edit": frozenset({ADMIN, HEAD}),
    "settings.grading": frozenset({ADMIN, HEAD}),
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
    "sweeps.capture": "登记扫街纳管记录",
    "sweeps.link": "关联、登记或核销扫街纳管记录",
    "prices.observe": "录入、导入和作废价格监测记录",
    "prices.manage": "管理价格监测对象、分组和本地活动",
    "prices.rules": "修改价格预警规则",
    "prices.handle": "处理价格预警信号（告诫、核查、合理、转办）",
    "prices.reopen": "重新打开已办结的价格预警信号",
    "warnings.handle": "确认和处置风险预警",
    "reports.make": "生成上报报表",
    "records.delete": "删除记录",
    "settings.edit": "修改系统设置",
    "settings.grading": "修改本所分级规则",
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
