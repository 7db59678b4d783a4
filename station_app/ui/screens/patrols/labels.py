"""Chinese text of the 巡查与专项 page (plan tasks, hazards, the record and plan dialogs)."""

from __future__ import annotations

TAB_TASKS = "计划任务"
TAB_HAZARDS = "隐患整改"
PLAN = "生成计划…"
RECORD = "登记巡查…"
PRINT_SHEET = "打印巡查表…"
RECHECK = "复查…"
OPEN_RECORD = "登记巡查记录…"
TASK_COUNT = "共 {:,} 项任务"
HAZARD_COUNT = "共 {:,} 处隐患"
LOAD_FAILED = "列表加载失败：{}"
TASK_SEARCH = "按名称、地址或信用代码查找"
HAZARD_SEARCH = "按名称、地址或隐患描述查找"
DATE = "日期："
ALL_GRIDS = "全部网格"

TASK_COLUMN_LABELS = {
    "due_on": "计划日期",
    "kind": "类别",
    "entity": "经营主体",
    "address": "地址",
    "grade": "分级",
    "grid": "网格",
    "person": "负责人",
    "role": "承担",
    "status": "状态",
    "window_end": "完成期限",
}
TASK_STATUS_FILTERS = (
    ("全部状态", None),
    ("待完成", "pending"),
    ("已完成", "done"),
    ("已逾期", "overdue"),
    ("闭门未遇", "attempted"),
)
KIND_FILTERS = (
    ("全部类别", None),
    ("日常巡查", "patrol"),
    ("季度复核", "review"),
    ("现场检查", "check"),
    ("复查", "recheck"),
)
HAZARD_COLUMN_LABELS = {
    "found_on": "发现日期",
    "entity": "经营主体",
    "category": "类别",
    "severity": "程度",
    "description": "问题",
    "state": "状态",
    "deadline": "整改期限",
    "rechecks": "复查次数",
    "grid": "网格",
    "notice": "通知书",
}
HAZARD_STATE_FILTERS = (
    ("全部", None),
    ("待整改", "open"),
    ("整改逾期", "overdue"),
    ("已结束", "closed"),
)

# -- plan dialog -----------------------------------------------------------------------------
PLAN_TITLE = "生成巡查计划"
PLAN_INTRO = (
    "按巡查规则、经营主体当前分级和网格花名册生成计划。重新生成时保留已完成和已过期的任务，"
    "补上新增的，取消不再适用的，并说明变化。"
)
PLAN_FIRST = "开始日期"
PLAN_LAST = "结束日期"
PLAN_GRID = "网格"
PLAN_DRY = "只预览，不保存"
PLAN_DONE_TITLE = "巡查计划"
PLAN_WARNINGS = "注意："

# -- record dialog ---------------------------------------------------------------------------
RECORD_TITLE = "登记巡查记录"
RECORD_INTRO = "{name}（{grade} 级）　{address}"
AT = "检查时间"
AT_HINT = "2026-07-06 09:30"
INSPECTOR1 = "检查人员"
INSPECTOR2 = "第二名检查人员"
NO_INSPECTOR = "（无）"
CLOSED_DOOR = "闭门未遇（未能进入检查）"
PRESENT = "在场当事人"
NOTE = "备注"
CHECKLIST = "检查表"
ATTACHMENTS = "现场照片、扫描件"
ITEM_HEADERS = ("序号", "检查项", "结果", "当场改正", "备注")
ANSWERS = (("是", "yes"), ("否", "no"), ("不适用", "na"), ("未填", ""))
AT_INVALID = "检查时间“{}”无法识别，请写作 2026-07-06 09:30。"
RECORD_SAVED = "已登记巡查记录：{}。"

# -- re-check dialog -------------------------------------------------------------------------
RECHECK_TITLE = "复查隐患"
RECHECK_INTRO = "{entity}：{category}　{description}（整改期限 {deadline}）"
RECHECK_AT = "复查时间"
RECHECK_PASSED = "复查结论"
RECHECK_ANSWERS = ("合格，隐患已整改", "不合格")
RECHECK_DEADLINE = "新的整改期限"
RECHECK_TRANSFER = "不合格，移送立案"
RECHECK_CHOOSE = "请选择复查结论。"
OPTIONAL = "（选填）"
SHEET_TITLE = "日常巡查表"
