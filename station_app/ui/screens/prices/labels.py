"""Chinese text of the 价格监测 screens (#19)."""

from __future__ import annotations

TAB_FLAGS = "预警信号"
TAB_SUBJECTS = "监测对象与曲线"
TAB_ENTRY = "批量录入"
TAB_OBSERVATIONS = "监测记录"

# flags
FLAG_SEARCH = "检索：经营者或房型（Ctrl+F）"
FLAG_COUNT = "共 {:,} 条预警信号"
FLAG_STATES = (
    ("未办结", "open"),
    ("待处理", "待处理"),
    ("已告诫", "已告诫"),
    ("核查中", "核查中"),
    ("合理", "合理"),
    ("已转办", "已转办"),
    ("已撤销", "已撤销"),
    ("全部状态", None),
)
FLAG_COLUMNS = {
    "day": "日期",
    "subject": "房型/商品",
    "entity": "经营者",
    "price": "价格",
    "baseline": "基准",
    "ratio": "倍数",
    "rule": "规则",
    "state": "状态",
    "explanation": "说明",
}
WARN = "提醒告诫…"
CHECK = "核查…"
REASONABLE = "认定合理…"
REFER = "转办…"
PRINT_LETTER = "打印告诫书"
REEVALUATE = "重新评估"
PRINT_DAILY = "打印日报"
DAILY_FILE = "价格监测日报"
REEVALUATED = "已重新评估：新增 {} 条，撤销 {} 条。"
NO_FLAG = "在列表中选择一条预警信号。"
FLAG_DETAIL = "<b>{subject}</b>　{day}　¥{price}<br>{explanation}<br>状态：{state}{extra}"
WARN_TITLE = "提醒告诫"
WARN_TO = "签收人（经营者或负责人）："
WARN_WAY = "送达方式："
WARN_DONE = "已出具告诫书 {}。"
CHECK_TITLE = "核查"
CHECK_PROMPT = "核查情况（现场/电话核查，发现了什么）："
REASONABLE_TITLE = "认定合理"
REASONABLE_PROMPT = "认定合理的理由（必填）："
REFER_TITLE = "转办"
REFER_KIND = "转办方式："
REFER_REF = "工单号或立案号："

# subjects and the curve
SUBJECT_SEARCH = "检索：经营者、市场或房型（Ctrl+F）"
SUBJECT_COUNT = "共 {:,} 个监测对象"
SUBJECT_COLUMNS = {
    "entity": "经营者/市场",
    "name": "房型/商品",
    "kind": "类型",
    "klass": "档次",
    "district": "片区",
    "posted": "明码标价",
    "last_day": "最近监测",
    "last_price": "最近价格",
}
ALL_GROUPS = "全部分组"
NEW_SUBJECT = "新增监测对象…"
SUBJECT_FORM = "监测对象"
POSTED = "明码标价"
SUBJECT_FIELDS = {
    "entity": "经营主体（信用代码或编号）",
    "name": "房型/商品",
    "kind": "类型",
    "posted": "明码标价（元）",
    "klass": "档次",
    "district": "片区",
}
PERIOD_FROM = "期间："
PERIOD_TO = "至"
PRINT_CHART = "打印曲线"
NO_SUBJECT = "在左侧选择一个监测对象查看价格曲线。"

# batch entry
ENTRY_AT = "监测时间："
ENTRY_SOURCE = "来源："
ENTRY_GROUP = "按分组填入"
ENTRY_FILL = "填入"
GROUP_ITEM = "{}（{} 个）"
ENTRY_SAVE = "保存全部 (Ctrl+S)"
ENTRY_CLEAR = "清空"
ENTRY_IMPORT = "从表格导入…"
ENTRY_HEADERS = ("监测对象", "价格（元）", "平台/备注", "检查结果")
ENTRY_HINT = "输入对象名称（可拼音首字母）后回车到价格，价格回车到下一行；Ctrl+S 一次保存全部行（全部正确才保存）。"
ENTRY_SAVED = "已保存 {} 条价格，新增预警信号 {} 条。"
ENTRY_BAD = "有 {} 行有误（红色），未保存任何价格。请改正后再保存。"
ENTRY_EMPTY = "没有要保存的价格。"
ENTRY_UNKNOWN = "找不到监测对象“{}”"
ENTRY_OK = "✓"
IMPORT_RESULT = "已导入 {} 条监测记录，新增预警信号 {} 条。"
IMPORT_BAD = "表格有 {} 处错误，未导入任何记录：\n{}\n\n改正后重试，或选择“只导入正确的行”。"
IMPORT_VALID_ONLY = "只导入正确的行"
IMPORT_FILTER = "表格 (*.xlsx *.xls *.csv)"

# observations
OBS_COUNT = "共 {:,} 条监测记录"
OBS_COLUMNS = {
    "observed_at": "监测时间",
    "subject": "监测对象",
    "price": "价格",
    "source": "来源",
    "platform": "平台",
    "recorded_by": "录入人",
    "status": "状态",
}
VOID = "作废…"
VOID_TITLE = "作废监测记录"
VOID_PROMPT = "作废理由（必填，例如“录入错误，应为 388 元”）："
LETTER_FILE = "告诫书"
CHART_FILE = "价格曲线"
DETAIL_PART = "　{}"

# rules (规则)
TAB_RULES = "规则"
RULE_HEADERS = ("编号", "版本", "名称", "类型", "说明", "状态")
RULE_HISTORY_HEADERS = ("版本", "名称", "说明", "修改人", "保存时间", "原因", "停用时间")
RULE_ACTIVE, RULE_INACTIVE = "执行中", "已停用"
RULE_NOTE = (
    "规则按当地价格管理措施填写（如“节假日价格高出节前30日均价50%以上”）。每次修改保存为新版本，"
    "旧版本留档，尚未处理的预警信号按新版本重新评估；每条预警信号写明依据的规则和版本。"
)
RULE_NEW = "新增规则…"
RULE_EDIT = "修改（新版本）…"
RULE_STOP = "停用…"
RULE_KIND_TITLE = "新增规则"
RULE_KIND_PROMPT = "规则类型："
RULE_FORM = "价格规则"
RULE_FORM_TITLE = "{}：{}"
RULE_STOP_TITLE = "停用规则"
RULE_STOP_PROMPT = "停用原因（例如措施到期、改用新规则）："
RULE_HISTORY = "所选规则的历次版本"
RULE_FIELDS = {
    "name": "规则名称",
    "days": "适用日期",
    "period_first": "执行起始日",
    "period_last": "执行截止日",
    "group_id": "适用分组",
    "reason": "修改原因（依据的文件、会议）",
    "k": "倍数 k（1.5 表示高出 50 %）",
    "days_before": "基期天数（节前，不含节假日）",
    "baseline_first": "固定基期起始日（填写则不用节前天数）",
    "baseline_last": "固定基期截止日",
    "min_observations": "基期最少监测次数",
    "years": "比较年数（1 或 2）",
    "measure": "比较口径",
    "cap_yuan": "最高限价（元）",
    "basis": "比较依据",
    "max_prices": "同日允许的价格个数",
    "max_gap_days": "与前一监测日最多间隔天数",
    "peers": "同类范围",
    "min_peers": "最少同类数",
}
ALL_GROUPS = "全部对象"

# holiday windows and local events (节假日与活动)
TAB_WINDOWS = "节假日与活动"
WINDOW_HEADERS = ("名称", "类型", "起", "止", "天数", "备注")
WINDOW_NOTE = (
    "法定节假日（含调休形成的连休）来自“设置 → 节假日”的工作日历；本地活动（如樱花节、高考周）在此添加，"
    "规则中的“节假日及活动期间”包括两者。添加或删除活动后，相关日期的预警信号重新评估。"
)
WINDOW_YEAR = "年份："
WINDOW_UNKNOWN = "{} 年的节假日安排尚未录入工作日历（设置 → 节假日），只列出本地活动。"
EVENT_NEW = "添加本地活动…"
EVENT_DELETE = "删除活动…"
EVENT_FORM = "本地活动"
EVENT_FIELDS = {"name": "活动名称", "first": "开始日", "last": "结束日", "note": "备注"}
EVENT_DELETE_TITLE = "删除本地活动"
EVENT_DELETE_PROMPT = "删除原因（例如活动取消、录入错误）："
