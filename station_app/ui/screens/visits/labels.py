"""Chinese text of the 走访服务 page, the visit dialog and the entity card's 走访/执法 tabs."""

from __future__ import annotations

TAB_VISITS = "走访记录"
TAB_REQUESTS = "诉求"
TAB_TEAMS = "服务队"
TAB_ANNUAL = "年报"
TAB_FIGURES = "统计"

VISIT_COLUMNS = {
    "at": "走访时间",
    "subject": "主体/地点",
    "grid": "网格",
    "team": "服务队",
    "topics": "走访事项",
    "requests": "诉求",
    "solved": "已解决",
    "entered_by": "登记人",
}
REQUEST_COLUMNS = {
    "at": "走访时间",
    "subject": "主体/地点",
    "topic": "事项",
    "text": "诉求",
    "outcome": "办理结果",
    "handler": "办理人/去向",
    "outcome_at": "办理时间",
    "due_on": "承诺日期",
}
ANNUAL_COLUMNS = {
    "year": "年度",
    "entity": "经营主体",
    "uscc": "统一社会信用代码",
    "status": "年报状态",
    "filed_on": "报送日期",
    "source": "来源",
}
VISIT_COUNT = "共 {:,} 次走访"
REQUEST_COUNT = "共 {:,} 件诉求"
ANNUAL_COUNT = "共 {:,} 条"
SEARCH_VISITS = "搜索主体名称、地点、备注"
SEARCH_REQUESTS = "搜索主体名称、地点"
SEARCH_ANNUAL = "搜索主体名称或统一社会信用代码"
PERIOD_FILTERS = (("全部时间", ""), ("本月", "month"), ("本季度", "quarter"), ("本年", "year"))
OUTCOME_FILTERS = (
    ("待办和已转办", ("pending", "referred")),
    ("待办理", ("pending",)),
    ("已转办", ("referred",)),
    ("已解决", ("solved",)),
    ("全部诉求", ()),
)
ANNUAL_STATUS_FILTERS = (
    ("全部状态", ""),
    ("已报送", "filed"),
    ("逾期补报", "late"),
    ("未报送", "not_filed"),
)
NEW_VISIT = "登记走访…"
HANDLE_REQUEST = "办理…"
RAISE_ORDER = "转为工单"
IMPORT_ANNUAL = "导入年报名单…"
OPEN = "查看"
VOID = "作废…"
VOID_REASON = "作废原因（至少 4 个字，记入操作日志）："
XLSX_FILTER = "Excel 或 CSV 文件 (*.xlsx *.xls *.csv)"
IMPORT_DONE = "已导入年报情况：新增 {created} 条，更新 {updated} 条，未变 {unchanged} 条。"
IMPORT_UNKNOWN = "\n有 {n} 行的统一社会信用代码不在本所主体库中，已跳过。"
TEAMS_HEAD = ("服务队", "网格", "成员", "提示")
FIGURES_HEAD = ("指标", "数值", "口径")
GROUP_HEAD = ("", "走访次数", "走访主体", "诉求", "已解决")
BY_GRID = "按网格"
BY_TEAM = "按服务队"
FIGURES_PERIOD = "本年（{}）"
SOLVE_RATE = "诉求解决率"

# the visit dialog
VISIT_TITLE = "登记走访"
VISIT_INTRO = "主体填写统一社会信用代码或编号；没有主体时填写走访地点。服务队可选已建立的服务队，或直接填写走访人员姓名（用顿号分隔）。"
F_ENTITY = "经营主体"
F_ENTITY_HINT = "统一社会信用代码或编号"
F_PLACE = "走访地点"
F_PLACE_HINT = "无经营主体时填写，如 人民路农贸市场"
F_DAY = "走访日期"
F_TIME = "走访时间"
F_TIME_HINT = "如 14:30"
F_TEAM = "服务队/人员"
F_TOPICS = "走访事项"
F_NOTE = "备注"
F_REQUESTS = "诉求"
REQUEST_HEAD = ("诉求内容", "办理结果", "办理人/转办去向")
VIEW_REQUEST_HEAD = ("诉求内容", "办理结果", "办理人/转办去向", "工单")
ADD_REQUEST = "添加诉求"
REMOVE_REQUEST = "删除选中诉求"
OUTCOME_CHOICES = (("当场解决", "solved"), ("已转办", "referred"), ("待办理", "pending"))
BAD_TIME = "走访时间“{}”无法识别，请写作 14:30。"
BAD_ENTITY = "请填写经营主体的统一社会信用代码或编号，或填写走访地点。"
SAVED_VISIT = "已登记走访。"

# the request dialog
REQUEST_TITLE = "办理诉求"
F_OUTCOME = "办理结果"
F_HANDLER = "办理人/转办去向"
F_REQUEST_NOTE = "办理说明"
STEP_CHOICES = (("已解决", "solved"), ("已转办", "referred"))

# the entity card
CARD_VISITS = "走访（{}）"
CARD_ENFORCEMENT = "执法（{}）"
CARD_VISITS_HEAD = ("走访时间", "服务队", "走访事项", "诉求与办理结果")
CARD_REPORTS = "年报情况（本所分级读取 {} 年度）："
CARD_REPORTS_NONE = "无年报记录（按已报送计）"
CARD_OPEN_REQUESTS = "未办结诉求 {} 件"
CARD_VIOLATIONS_HEAD = ("发现日期", "违法行为", "整改", "处理决定", "文号")
CARD_PENALTIES = "近 24 个月行政处罚 {} 次（本所分级“行政处罚”指标读取）"
CARD_INTERVIEWS = "行政约谈 {} 次，行政指导 {} 份"
MEMBER = "{}（{}）"
NAME_SEP = "、"
WARN_SEP = "；"
VIEW_TEXT = "<b>{subject}</b>　{when}<br/>{team}：{members}<br/>{topics}<br/>{note}"
REPORT_LINE = "{year} 年度：{status}{day}"
DAY = "（{}）"
