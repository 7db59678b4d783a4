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
    ("未完成", "open"),
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

# -- the records half: records, samplings, 延期, 作废, prints -------------------------------------
TAB_RECORDS = "巡查记录"
TAB_SAMPLINGS = "抽检"
RECORD_COUNT = "共 {:,} 条记录"
SAMPLING_COUNT = "共 {:,} 批次"
RECORD_SEARCH = "按名称、地址或信用代码查找"
SAMPLING_SEARCH = "按名称、地址或样品名称查找"
RECORD_COLUMN_LABELS = {
    "at": "检查时间",
    "entity": "经营主体",
    "kind": "类别",
    "source": "来源",
    "result": "结果",
    "inspectors": "检查人员",
    "hazards": "隐患",
    "grid": "网格",
    "checklist": "检查表",
}
SAMPLING_COLUMN_LABELS = {
    "sampled_on": "抽样日期",
    "entity": "经营主体",
    "product": "样品名称",
    "batch": "批号",
    "qualified": "结论",
    "failed_items": "不合格项目",
    "report_no": "报告编号",
    "agency": "检验机构",
}
RESULT_FILTERS = (
    ("全部结果", None),
    ("未发现问题", "clear"),
    ("发现问题", "found"),
    ("当场整改", "fixed"),
    ("闭门未遇", "closed"),
)
SAMPLING_FILTERS = (("全部", None), ("不合格", False), ("合格", True))
OPEN_VIEW = "查看…"
PRINT_INSPECTION = "打印现场检查笔录…"
PRINT_NOTICE = "打印责令改正通知书…"
VOID = "作废…"
EXTEND = "延期…"
NEW_SAMPLING = "登记抽检…"
INSPECTION_TITLE = "现场检查笔录"
NOTICE_TITLE = "责令改正通知书"
VOID_TITLE = "作废巡查记录"
VOID_INTRO = (
    "{entity}　{at}　{result}\n作废后记录保留并标明“已作废”；所完成的计划任务重新待完成，"
    "它发现的隐患一并作废。"
)
VOID_REASON = "作废原因"
VOID_REASON_HINT = "如：录错了经营主体"
VOID_SAMPLING_TITLE = "作废抽检记录"
VOID_SAMPLING_INTRO = "{entity}　{product}（{day}）：作废后不再计入分级。"
EXTEND_TITLE = "延长整改期限"
EXTEND_INTRO = (
    "{entity}：{category}　{description}\n现整改期限 {deadline}（须在期限届满前批准延期）。"
)
EXTEND_TO = "新的整改期限"
EXTEND_REASON = "延期原因"
EXTEND_REASON_HINT = "如：等待厂家更换设备"
SAMPLING_TITLE = "登记抽检结果"
SAMPLING_ENTITY = "经营主体"
SAMPLING_ENTITY_HINT = "统一社会信用代码或名称"
SAMPLING_DAY = "抽样日期"
SAMPLING_PRODUCT = "样品名称"
SAMPLING_BATCH = "批号"
SAMPLING_RESULT = "检验结论"
SAMPLING_ANSWERS = ("合格", "不合格")
SAMPLING_ITEMS = "不合格项目"
SAMPLING_ITEMS_HINT = "如：菌落总数超标"
SAMPLING_AGENCY = "检验机构"
SAMPLING_REPORT = "检验报告编号"
SAMPLING_CHOOSE = "请选择检验结论。"
VIEW_TITLE = "巡查记录 {id}"
VIEW_LINES = (
    ("经营主体", "entity"),
    ("检查时间", "at"),
    ("类别", "kind"),
    ("来源", "source"),
    ("结果", "result"),
    ("检查人员", "inspectors"),
    ("在场当事人", "present"),
    ("检查表", "checklist"),
)
VIEW_HAZARDS = "发现的隐患"
VIEW_NO_HAZARDS = "无"
VIEW_HAZARD_LINE = "{n}．{category}　{description}　{state}{deadline}"
VIEW_DEADLINE = "，整改期限 {}"
VIEW_VOIDED = "已作废：{}"
CLOSE = "关闭"
VIEW_REFERENCE = "（{}）"
LIST_SEP = "、"
INSPECTION_FILE = "现场检查笔录-{}"
NOTICE_FILE = "责令改正通知书-{}"

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

# -- batch entry (巡查表录入) ------------------------------------------------------------------
TAB_ENTRY = "巡查表录入"
ENTRY_DAY = "巡查日期："
ENTRY_PERSON = "网格员："
ENTRY_PERSON_ITEM = "{}（{} 户，未完成 {}）"
ENTRY_NOBODY = "（当天没有日常巡查任务）"
ENTRY_SAVE = "保存 (Ctrl+S)"
ENTRY_CHECK = "检查"
ENTRY_TEMPLATE = "导出模板…"
ENTRY_IMPORT = "导入巡查表…"
ENTRY_HEADERS = (
    "序号", "经营主体 / 地址", "检查表", "逐项结果", "结果", "隐患类别", "整改期限",
    "在场人员", "时间", "备注", "检查结果",
)  # fmt: skip
ENTRY_HINT = (
    "按纸质巡查表逐行录入：逐项结果每项一个字母（Y 是、N 否、- 不适用，全部符合可留空），"
    "回车到结果（1 未发现问题、2 发现问题、3 当场整改、4 闭门未遇），结果为 2 时再填隐患类别和整改期限；"
    "回车到下一行。未巡查的行留空。Ctrl+S 一次保存全部行（全部正确才保存）。"
)
ENTRY_DONE = "已登记"
ENTRY_OK = "✓"
ENTRY_EMPTY = "没有填写任何一行。"
ENTRY_BAD = "有 {} 行有误，未保存任何一行（已填写的内容都还在）：{}"
ENTRY_LOADED = "{} 户，已登记 {} 户。"
ENTRY_ITEMS = "{}（{} 项）"
ENTRY_ITEMS_TIP = "检查项：\n{}"
ENTRY_REQUIRED = "（必填）"
TEMPLATE_DONE = "已导出巡查表模板（{} 行）：{}"
IMPORT_TITLE = "导入巡查表"

# -- the entity card's 巡查 tab -----------------------------------------------------------------
CARD_TAB = "巡查（{}）"
CARD_HEAD = "巡查规则（{grade} 级）：{rules}"
CARD_HEAD_HAZARDS = "待整改隐患 {n} 处，其中整改逾期 {overdue} 处。"
CARD_TASKS = "待完成的计划任务"
CARD_RECORDS = "最近的巡查记录（共 {} 条）"
CARD_HAZARDS = "待整改隐患"
CARD_SAMPLINGS = "抽检"
CARD_TASKS_HEAD = ("计划日期", "类别", "完成期限", "负责人", "状态")
CARD_RECORDS_HEAD = ("检查时间", "类别", "结果", "检查人员", "隐患", "备注")
CARD_HAZARDS_HEAD = ("发现日期", "类别", "问题", "整改期限", "状态")
CARD_SAMPLINGS_HEAD = ("抽检日期", "样品", "批次", "结论", "不合格项目")
CARD_LATE = "逾期完成"
CARD_VOIDED = "已作废"
CARD_OVERDUE = "整改逾期"
CARD_OPEN = "待整改"
CARD_QUALIFIED = "合格"
CARD_FAILED = "不合格"
CARD_NONE = "（无）"

# -- 设置 → 巡查规则 / 检查表 ---------------------------------------------------------------------
SETTINGS_RULES_TAB = "巡查规则"
SETTINGS_CHECKLISTS_TAB = "检查表"
RULES_NOTE = (
    "巡查计划按这里的规则生成：每个分级由谁巡查、多久一次、用哪张检查表。规则按生效日期分版本，"
    "修改时生成新版本（生效日期不早于今天），已生效的旧版本只读；每次修改都记入修改历史。"
)
RULES_VERSION = "规则版本："
RULES_VERSION_ITEM = "{}起执行{}"
RULES_DEFAULT_ITEM = "默认规则（未修改过）"
RULES_IN_FORCE = "（现行）"
RULES_AHEAD = "（待生效）"
RULES_COLUMNS = ("分级", "巡查类别", "巡查人员", "频次", "日期范围", "检查表", "说明")
RULES_BY_INDUSTRY = "按行业"
RULES_SET = "新增或修改规则…"
RULES_REMOVE = "取消一条规则…"
RULES_SET_TITLE = "修改巡查规则（生成新版本）"
RULES_REMOVE_TITLE = "取消巡查规则（生成新版本）"
F_GRADE = "分级"
F_KIND = "巡查类别"
F_PERFORMER = "巡查人员"
F_FREQUENCY = "频次"
F_FREQUENCY_HINTS = ("每日", "每周", "每月", "每季度", "每年 6 次")
F_CALENDAR = "日期范围"
F_CHECKLIST = "检查表"
F_RULE_NOTE = "说明"
F_EFFECTIVE = "生效日期"
F_REASON = "修改原因"
CHECKLISTS_NOTE = (
    "检查表按行业分。保存修改时生成新版本（从生效日期起使用）；已登记的巡查记录保留当时的版本。"
    "每行一个检查项：必填的检查项巡查时必须回答；“否”即为一处隐患（按隐患类别和程度登记）。"
)
CHECKLIST_ITEM = "{name}（第 {version} 版，{items} 项）"
CHECKLIST_VERSION = "第 {version} 版，{day} 起使用。"
CHECKLIST_COLUMNS = ("序号", "检查项", "必填", "可填不适用", "填否须写备注", "隐患类别", "程度")
CHECKLIST_ADD = "新增检查项"
CHECKLIST_DELETE = "删除所选项"
CHECKLIST_UP = "上移"
CHECKLIST_DOWN = "下移"
CHECKLIST_SAVE = "保存为新版本…"
CHECKLIST_SAVE_TITLE = "保存检查表新版本"
CHECKLIST_NEW_ITEM = "（请填写检查项内容）"
CHECKLIST_SAVED = "已保存“{name}”第 {version} 版。"
YES_MARK = "是"
NO_MARK = "否"
TEMPLATE_NAME = "巡查表-{}-{}.xlsx"
LIST_SEP = "；"
ROW_PROBLEM = "第 {} 行 {}"
