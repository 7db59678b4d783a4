"""Chinese text of the 投诉调解 screens."""

from __future__ import annotations

COLUMNS = (
    "投诉编号",
    "收到日期",
    "渠道",
    "投诉人",
    "被投诉人",
    "投诉请求",
    "涉及金额（元）",
    "状态",
    "当前期限",
    "服务站",
    "调解人员",
)
NEW = "登记投诉 (Ctrl+N)"
OPEN = "打开"
PRINT = "打印文书… (Ctrl+P)"
EXPORT = "导出 Excel…"
SEARCH = "搜索编号、投诉人（可用拼音或首字母）、电话、被投诉人、商品… (Ctrl+F)"
ALL = "全部"
DEADLINE_FILTERS = (("全部期限", None), ("已超期", "overdue"), ("临期或超期", "soon"))
PERIOD_HINT = "收到期间：2026-10 / 2026Q3 / 2026"
COUNTS = "共 {全部} 件 · 待受理 {待受理} · 调解中 {调解中} · 调解成功 {调解成功} · 终止调解 {终止调解} · 不予受理 {不予受理} · 已办结 {已办结}"
COUNTS_DEADLINE = " · <span style='color:#b00020'>超期 {超期}</span> · <span style='color:#b26a00'>临期 {临期}</span>"

REGISTER_TITLE = "登记投诉"
EDIT_TITLE = "修改登记信息"
CASE_TITLE = "投诉 {number}"
UNSAVED = "登记信息有未保存的修改，要放弃吗？"
MASKED_IN_EDITOR = (
    "投诉人电话、通讯地址、证件号码和代理人电话已脱敏显示：不改动的保持原值，直接输入新值即可更正。"
)
SHOW_FULL_FOR_EDIT = "显示完整信息以便修改"
FULL_IN_EDITOR = "已显示完整个人信息（已记入操作日志）。"

ACTIONS = {
    "accept": "受理…",
    "refuse": "不予受理…",
    "mediator": "指派调解人员…",
    "unmediator": "移除调解人员…",
    "session": "记录调解…",
    "succeed": "调解成功…",
    "terminate": "终止调解…",
    "notice": "登记告知日期…",
    "follow": "履行情况…",
    "visit": "回访…",
    "close": "办结…",
    "edit": "修改登记…",
}
DOC_BUTTON = "打印{label}…"
RECUSAL_QUESTION = "该调解人员是否为当事人的近亲属，或与当事人有其他利害关系？"
RECUSAL_YES = "是（应当回避）"
RECUSAL_NO = "否，已询问确认"
SAVED = "已保存。"

# -- registration form
REGISTER_INTRO = "带 * 的为必填项：投诉须载明投诉人姓名、电话、通讯地址，被投诉人名称和地址，投诉请求和争议事实。"
NO_STATION = "（不经服务站）"
NO_ID = "（不填证件）"
CHOOSE = "（请选择）"
F_CHANNEL = "投诉渠道 *"
F_RECEIVED_ON = "收到日期 *"
F_COMPLAINANT = "投诉人姓名 *"
F_COMPLAINANT_PHONE = "投诉人电话 *"
F_PHONE_HINT = "手机或固定电话"
F_COMPLAINANT_ADDRESS = "投诉人通讯地址 *"
F_ID_TYPE = "证件类型"
F_ID_NUMBER = "证件号码"
F_ID_NUMBER_HINT = "可不填（个人信息最少够用）"
F_AGENT = "代理人姓名"
F_AGENT_HINT = "由代理人投诉时填写"
F_AGENT_PHONE = "代理人电话"
F_AGENT_AUTHORISED = "已提交授权委托书"
F_RESPONDENT = "被投诉人名称 *"
F_RESPONDENT_ADDRESS = "被投诉人地址 *"
F_RESPONDENT_USCC = "统一社会信用代码"
F_RESPONDENT_CONTACT = "被投诉人联系人"
F_RESPONDENT_PHONE = "被投诉人电话"
F_GOODS = "商品或服务"
F_OCCURRED_ON = "消费（知道权益受损）日期"
F_PLACE = "消费地点"
F_AMOUNT = "涉及金额（元）"
F_CLAIM = "投诉请求 *"
F_CLAIM_DETAIL = "具体请求"
F_FACTS = "争议事实 *"
F_FACTS_HINT = "商品或服务、时间、地点、金额和争议经过"
F_STATION = "服务站"
PICK_RESPONDENT = "从台账选择被投诉人"
RESPONDENT_SEARCH_HINT = "输入名称、统一社会信用代码或地址的一部分，回车查找"
FIND = "查找"
LINKED = "已关联台账主体"
NOT_LINKED = "未关联台账主体（可直接填写下列被投诉人信息）"
LINKED_TO = "已关联台账主体：{}"
RESPONDENT_ITEM = "{name}　{uscc}　{address}"
NOT_IN_REGISTRY = "台账中没有找到，请直接填写被投诉人信息。"

# -- agreement terms
TERMS_CAPTION = "协议条款（每条须写明履行期限）："
TERM_HEAD = ("类型", "协议内容", "金额（元）", "履行方式", "履行期限")
TERM_DUE_TIP = "按 yyyy-MM-dd 填写，如 2026-10-20；当场履行的填调解当日"
ADD_TERM = "增加一条"
REMOVE_TERM = "删除所选条款"
BAD_TERM_DUE = "第 {n} 条的履行期限“{text}”不是日期，请按 2026-10-20 的格式填写。"

# -- the case window
TAB_DETAILS = "详情"
TAB_MEDIATION = "调解与结果"
TAB_DOCUMENTS = "文书"
TAB_HISTORY = "修改历史"
CLOSE = "关闭"
HEADER = (
    "<b style='font-size:15pt'>{number}</b>　状态：<b>{status}</b>{due}<br/>"
    "{channel} · 收到 {received} · 被投诉人 {respondent} · 请求 {claim} · 涉及金额 {amount} 元{warn}"
)
HEADER_DUE = " · 当前期限 <b style='color:{colour}'>{due} {word}</b>"
HEADER_WARNING = "<br/><span style='color:#b26a00'>⚠ {}</span>"
DUE_WORDS = {"overdue": "已超期", "soon": "临期"}
D_AGENT = "代理人"
AGENT_AUTHORISED = "{}（已提交授权委托书）"
NONE = "（无）"
D_AGENT_PHONE = "代理人电话"
D_COMPLAINANT = "投诉人"
D_COMPLAINANT_PHONE = "投诉人电话"
D_ADDRESS = "通讯地址"
D_ID = "证件"
NOT_RECORDED = "（未登记）"
D_RESPONDENT = "被投诉人"
IN_BRACKETS = "（{}）"
D_RESPONDENT_ADDRESS = "被投诉人地址"
D_CONTACT = "联系人/电话"
D_GOODS = "商品或服务"
D_OCCURRED = "消费日期/地点"
D_CLAIM = "投诉请求"
D_FACTS = "争议事实"
D_STATION = "服务站"
D_ACCEPTANCE_DUE = "受理期限"
D_DECISION = "受理决定"
REFUSED_BECAUSE = "不予受理："
ACCEPTED = "受理"
D_MEDIATION_DUE = "调解期限"
D_RULES = "适用规则"
DETAIL_LABEL = "<b>{}</b>"
NAME_SEP = "、"
DASH = "—"
NO_MEDIATOR = "（未指派）"
M_MEDIATORS = "<p><b>调解人员：</b>{}（均已询问回避事项）　<b>调解方式：</b>{}</p>"
M_SESSIONS = "<p><b>调解记录：</b></p><ul>"
M_SESSION = "<li>{} {} {}：{}</li>"
M_SUCCEEDED = "<p><b>调解成功</b>（{}）协议条款：</p><ol>"
M_TERM = "<li>{}：{}{}；{}，{} 前履行</li>"
M_TERM_AMOUNT = "，{} 元"
M_RECOVERED = "</ol><p>挽回经济损失：{} 元{}</p>"
M_ON_SPOT = "（当场履行）"
M_TERMINATED = "<p><b>终止调解</b>（{day}）：{reason}。告知期限 {due}，告知日期 {on}</p>"
NOT_NOTIFIED = "（未告知）"
M_PERFORMANCE = "<p><b>履行情况：</b>{}（{}）{}</p>"
M_VISIT = "<p><b>回访：</b>{} {}，过程{}，结果{}。{}</p>"
M_CLOSED = "<p><b>办结：</b>{}</p>"
NO_DOCUMENTS = "当前状态还没有可出具的文书。"
DOC_ISSUED = "　已出具 {number}，打印 {prints} 次（再打印为副本）"
DOC_NOT_ISSUED = "　尚未出具（打印时自动编号）"
DOC_TITLE = "{label} {number}"
DOC_COPY = "（副本）"
MAKING_DOCUMENT = "正在生成文书…"
REVEAL_TIP = "显示完整信息（会记入操作日志）"

# -- workflow steps
NUMBERED = "（{}）{}"
S_ACCEPT = "受理"
F_ACCEPT_ON = "受理日期"
ACCEPT_INTRO = "受理后调解期限自受理日起计算（{}）。"
S_REFUSE = "不予受理"
F_DECIDED_ON = "决定日期"
F_REFUSAL_GROUND = "不予受理理由"
F_NOTE = "说明"
S_MEDIATOR = "指派调解人员"
F_MEDIATOR_NAME = "调解人员姓名"
MEDIATOR_INTRO = "依法询问：调解人员是当事人近亲属或与当事人有利害关系的，应当回避。"
S_UNMEDIATOR = "移除调解人员"
F_MEDIATOR = "调解人员"
F_REMOVE_REASON = "移除原因"
F_REMOVE_REASON_HINT = "如：发现与当事人有利害关系，应当回避"
UNMEDIATOR_INTRO = "移除后如需调解人员，请另行指派；原因记入修改历史。"
S_SESSION = "记录调解"
F_SESSION_ON = "调解日期"
F_WAY = "调解方式"
F_SESSION_PLACE = "地点"
F_SESSION_NOTES = "调解经过和双方意见"
S_SUCCEED = "调解成功"
F_SUCCEEDED_ON = "调解成功日期"
F_ON_SPOT = "协议已当场履行（只作调解记录）"
F_PERFORMANCE_METHOD = "履行方式补充说明"
S_TERMINATE = "终止调解"
F_TERMINATED_ON = "终止调解日期"
F_TERMINATION = "终止理由"
S_NOTICE = "登记告知日期"
F_NOTICE_ON = "告知双方日期"
NOTICE_INTRO = "应在 {} 前告知双方终止调解。"
S_FOLLOW = "履行情况"
F_PERFORMANCE = "履行情况"
F_CHECKED_ON = "核查日期"
S_VISIT = "回访"
F_VISIT_ON = "回访日期"
F_VISIT_WAY = "回访方式"
VISIT_WAYS = ("电话", "现场", "网络", "上门")
F_VISIT_PROCESS = "过程满意度"
F_VISIT_RESULT = "结果满意度"
F_VISIT_NOTE = "回访记录"
S_CLOSE = "办结"
F_CLOSED_ON = "办结日期"

# -- 消费维权服务站 tab
TAB_LIST = "投诉列表"
TAB_STATIONS = "消费维权服务站"
TAB_FIGURES = "统计"
STATION_HEAD = ("名称", "类型", "地点", "所在社区", "联系人", "联系电话", "状态")
ADD_STATION = "新增服务站…"
EDIT_STATION = "修改…"
STATION_SUMMARY = "共 {} 个在用：社区 {} 个，商业综合体 {} 个"
STATION_IN_USE = "在用"
STATION_OUT_OF_USE = "停用"
STATION_FORM = "服务站"
F_STATION_NAME = "名称 *"
F_STATION_KIND = "类型"
F_STATION_PLACE = "地点"
F_STATION_COMMUNITY = "所在社区"
F_STATION_CONTACT = "联系人"
F_STATION_PHONE = "联系电话"
F_STATION_ACTIVE = "在用"

# -- 统计 tab
FIGURES_PERIOD = "统计期间："
FIGURES_PERIOD_HINT = "2026-10 / 2026Q3 / 2026 / 2026-01-01..2026-06-30"
FIGURES_GO = "统计"
FIGURES_ERROR = "<span style='color:#b00020'>{}</span>"
FIGURE_HEAD = (
    "服务站 / 调解员",
    "接收",
    "调解成功",
    "终止调解",
    "挽回经济损失（元）",
    "回访",
    "满意",
)
GROUP_NAME = "{}：{}"
BY_STATION = "服务站"
BY_MEDIATOR = "调解员"
FIGURE_SEP = "，"
FIGURE_PAIR = "{} {}"
FIGURE_REASON = "（{}）{} 件"
FIGURE_NONE = "无"
FIGURE_RATE = "<li><b>{}：{}</b>（{}/{}）<br/><span style='color:#555'>口径：{}</span></li>"
FIGURES = (
    "<p><b>{period}</b>：接收投诉 {received} 件（{channels}）；受理 {accepted} 件，"
    "不予受理 {refused} 件；调解结束 {mediated} 件，其中调解成功 {succeeded} 件、"
    "终止调解 {terminated} 件（按理由：{reasons}）。挽回经济损失 {recovered} 元，"
    "涉及金额 {involved} 元。回访结果满意度：{satisfaction}。</p><ul>{rates}</ul>"
)

# -- the list
ALL_STATUSES = "全部状态"
ALL_CHANNELS = "全部渠道"
PRINT_TITLE = "打印文书"
CHOOSE_CASE_FIRST = "请先在列表中选择一件投诉。"
EXPORT_TITLE = "导出投诉列表"
EXPORT_FILE = "投诉列表.xlsx"
EXPORT_DONE = "导出完成"
EXPORTED = "已导出 {} 件投诉（个人信息已脱敏）：\n{}"
EXPORTING = "正在导出…"

# -- the entity card's 投诉与调解 section
SECTION_HEAD = ("投诉编号", "收到日期", "投诉人", "投诉请求", "涉及金额（元）", "状态", "调解人员")
SECTION_NONE = "没有针对该经营主体的投诉。"
SECTION_SUMMARY = "共 {total} 件投诉：{parts}。双击一行打开投诉。"
SECTION_PART = "{} {} 件"
SECTION_OPEN = "打开投诉"

# -- 导入12315工单 (platform_import.py)
PLATFORM_IMPORT = "导入12315工单…"
PLATFORM_IMPORT_TITLE = "导入12315平台投诉工单"
PLATFORM_CHECKING = "正在检查工单表…"
PLATFORM_IMPORTING = "正在导入投诉…"
PLATFORM_TRIAL = "检查结果：{}"
PLATFORM_ROW_ERROR = "第 {} 行：{}"
PLATFORM_CONFIRM = "确定导入吗？"
PLATFORM_CONFIRM_VALID_ONLY = "有错误的行将跳过，只导入无误的行。确定导入吗？"
