"""Chinese text of the 工单 screens (the list page, the order window, the step forms)."""

from __future__ import annotations

from station_app.domain.orders import kinds as k
from station_app.domain.orders.listing import DUE_FILTERS

SEARCH_HINT = "检索：工单编号、平台编号、对象、地址或内容（Ctrl+F）"
COUNT = "共 {:,} 件"
LOAD_FAILED = "查询失败：{}"
NEW = "登记工单 (Ctrl+N)"
OPEN = "打开 (Enter)"
OPEN_MENU = "打开工单"
ALL_KINDS = "全部类型"
ALL_STATES = "全部状态"
KIND_FILTERS = ((ALL_KINDS, None), *((k.KIND_LABELS[x], x) for x in k.KINDS))
STATE_FILTERS = ((ALL_STATES, None), *((s, s) for s in k.STATES))
DUE_CHOICES = (("全部到期情况", None), *((text, key) for key, text in DUE_FILTERS.items()))
HOME_TILE = "工单：已超时 {overdue} 件，1小时内到期 {due_within_hour} 件，挂起 {paused} 件"

COLUMN_LABELS = {
    "number": "工单编号",
    "kind": "类型",
    "received_at": "受理时间",
    "platform_no": "平台编号",
    "subject": "对象",
    "grid": "网格",
    "category": "类别",
    "state": "状态",
    "assignee": "承办人",
    "time_left": "剩余时间",
    "due": "期限",
    "rework": "重办",
    "lead": "牵头",
}

# ---- the order window ----------------------------------------------------------------------
ORDER_TITLE = "工单 {}"
FACTS = (
    "<b>{number}</b>　{kind}　<b>{state}</b>{paused}<br>"
    "受理：{received}　来源：{channel}　类别：{category}<br>"
    "对象：{subject}　地址：{address}<br>网格：{grid}　承办人：{assignee}<br>"
    "平台编号：{platform}　重办：{rework} 次　{lead}<br>诉求人：{requester}<br>"
    "内容：{text}"
)
PAUSED_MARK = "（挂起中：{}）"
NONE = "—"
CLOCKS_TITLE = "时限"
CLOCK_COLUMNS = ("时限", "期限", "状态", "剩余/完成", "计算说明")
TIMELINE_TITLE = "流转记录"
ATTACHMENTS_TITLE = "附件（照片、扫描件）"
TIMELINE_COLUMNS = ("时间", "步骤", "操作人", "说明", "详情")
SIGN_TITLE = "双签确认"
SIGNED = "{side}：{name}（{at}）"
MISSING = "尚缺：{}"
SUPERVISIONS = "督办：{}"
CLOSE = "关闭"
STEP_BUTTON = "{}…"

# ---- step forms ----------------------------------------------------------------------------
F_AT = "时间 *"
F_AT_HINT = "YYYY-MM-DD HH:MM（北京时间）"
F_TO = "承办人用户名"
F_TO_HINT = "留空：派给该网格当日的监管专员"
F_REASON = "原因/说明"
F_REASON_REQUIRED = "原因 *"
F_TEXT = "内容 *"
F_WAY = "处置方式 *"
F_DEPARTMENT = "移送部门"
F_DECISION = "决定 *"
F_STATION_SIDE = "所方督办人 *"
F_COMMUNITY_SIDE = "社区方督办人 *"
F_PROCESS = "过程满意度 *"
F_RESULT = "结果满意度 *"
F_REASONABLE = "诉求是否合理 *"
YES_NO = ("合理", "不合理")
F_VISIT_WAY = "回访方式"
F_COUNT = "平台重办次数 *"
F_DEADLINE = "平台办结时限"
STEP_TITLE = "{}：{}"

# ---- registration --------------------------------------------------------------------------
NEW_TITLE = "登记工单"
F_KIND = "类型 *"
F_RECEIVED = "受理时间 *"
F_PLATFORM_NO = "平台工单编号"
F_PLATFORM_HINT = "12345、企业直通车、12315 工单必填"
F_REWORK = "重办次数"
F_ENTITY = "经营主体"
F_ENTITY_HINT = "统一社会信用代码或主体编号（可留空）"
F_GRID = "网格编号"
F_GRID_HINT = "如 GZ01；留空则取经营主体所在网格"
F_SUBJECT = "对象名称"
F_ADDRESS = "对象地址"
F_CATEGORY = "问题类别"
F_CONTENT = "诉求内容"
F_REQUESTER = "诉求人/举报人"
F_PHONE = "联系电话"
F_REAL_NAME = "实名举报"
CREATED = "已登记工单 {}。"
SIGN_LINE = "{}：{}"
JOIN = "；"
LIST_JOIN = "、"
GAP = "　"
OTHER_CATEGORY = "其他"
RECEIVED_LABEL = "受理时间"
TIME_LABEL = "时间"
DEADLINE_LABEL = "平台办结时限"

# ---- 设置 → 工单时限 ---------------------------------------------------------------------------
LIMITS_NOTE = (
    "各类工单的时限按受理时生效的规定计算：修改只对修改生效之后受理的工单有效，"
    "已受理的工单仍按原时限计算。每次修改都记入操作日志。单位为分钟、小时的时限连续计时"
    "（夜间和节假日也计算）；单位为工作小时的只计下方办公时间内、工作日（含调休上班日）的时间；"
    "工作日按节假日表计算。"
)
LIMIT_COLUMNS = ("工单类型", "时限", "规定", "生效时间", "修改人", "依据/修改原因")
EDIT_LIMIT = "修改时限…"
LIMIT_TITLE = "修改工单时限"
F_LIMIT_KIND = "工单类型 *"
F_LIMIT_CLOCK = "时限 *"
F_AMOUNT = "时限数值 *"
F_UNIT = "单位 *"
F_EFFECTIVE = "生效时间"
F_EFFECTIVE_HINT = "留空：立即生效；YYYY-MM-DD HH:MM"
F_LIMIT_REASON = "修改原因 *"
LEADS_TITLE = "重办牵头"
LEAD_COLUMNS = ("重办次数", "牵头", "指定用户", "指定角色")
EDIT_LEAD = "设置牵头…"
LEAD_TITLE = "设置重办牵头"
F_LEVEL = "重办层级 *"
F_LEAD_USER = "用户名"
F_LEAD_ROLE = "角色"
LEVEL_TEXT = ("第1次", "第2次", "第3次及以上")
BUILTIN = "系统内置"
HOURS_TITLE = "办公时间（按“工作小时”计算的时限使用）"
HOURS_COLUMNS = ("办公时间", "生效时间", "修改人", "修改原因")
EDIT_HOURS = "修改办公时间…"
HOURS_FORM_TITLE = "修改办公时间"
F_HOURS = "办公时间 *"
F_HOURS_HINT = "例如 08:30–12:00、13:30–17:30"
F_HOURS_REASON = "修改原因 *"

# -- 导入平台工单 (platform_import.py)
IMPORT = "导入平台工单…"
IMPORT_TITLE = "导入平台工单"
IMPORT_FILTER = "平台导出的工单表 (*.xlsx *.xls *.csv);;所有文件 (*)"
IMPORT_CHECKING = "正在检查工单表…"
IMPORTING = "正在导入平台工单…"
IMPORT_TRIAL = "试导入“{file}”：共 {rows} 行（尚未写入）。"
IMPORT_CREATED = "新建工单 {} 件"
IMPORT_REWORKED = "重办升级 {} 件：{}"
IMPORT_UNCHANGED = "已导入过、未变 {} 件"
IMPORT_LOWER = "平台重办次数低于本所记录 {} 件（不改）：{}"
IMPORT_CONFIRM = "确定导入吗？全部写入，或出错时一件也不写入。"
IMPORT_NOTHING = "没有需要新建或升级的工单，未导入。"
IMPORT_DONE = "已导入：新建 {created} 件，重办升级 {reworked} 件，未变 {unchanged} 件。"
IMPORT_CANCELLED = "已取消导入，未写入任何工单。"
IMPORT_MORE = "等"
IMPORT_SEP = "、"

# ---- 转调解, 到场 checks, 举报 prints (the flow half of #14) --------------------------------------
F_CASE_NO = "关联已有投诉编号"
F_CASE_HINT = "如 TS2026-0012；留空则新登记投诉调解案件"
F_COMPLAINANT_ADDRESS = "投诉人通讯地址"
F_CLAIM = "投诉请求"
F_FACTS = "争议事实"
F_CHECK_RESULT = "到场检查结果"
CHECK_RESULTS = (("未发现问题（登记巡查记录）", "clear"), ("闭门未遇（登记巡查记录）", "closed"))
CASE_LINE = "调解案件：<a href='case'>{number}</a>（{status}），工单随案件办结"
RECORDS_LINE = "到场检查：已登记巡查记录 {} 条（计入巡查覆盖）"
PRINT_REPORT_FORM = "打印举报登记表…"
PRINT_REPORT_NOTICE = "打印告知书…"
REPORT_FORM_TITLE = "举报登记表 {}"
REPORT_NOTICE_TITLE = "举报告知书 {}"
MAKING_PRINT = "正在生成文书…"
REPORT_FORM_FILE = "{}-举报登记表"
REPORT_NOTICE_FILE = "{}-举报告知书"
F_RESPONDENT = "被投诉人"
F_RESPONDENT_ADDRESS = "被投诉人地址"
