"""Chinese text of the 红黑榜 screen."""

from __future__ import annotations

SEARCH_PLACEHOLDER = "按名称、统一社会信用代码或决定书号查找（Ctrl+F）"
ALL_KINDS = "全部榜单"
ALL_RED = "全部红榜"
ALL_BLACK = "全部黑榜"
STATUS_FILTERS = (
    ("在榜", ("listed",)),
    ("待审批", ("proposed",)),
    ("已移出", ("removed",)),
    ("已退回", ("refused",)),
    ("全部状态", None),
)
PROPOSE = "提请列入… (Ctrl+N)"
APPROVE = "审批通过"
REFUSE = "退回…"
REMOVE = "移出…"
EXPIRE = "期满移出"
PUBLISH = "公示… (Ctrl+P)"
KINDS = "榜单设置…"
REPAIR_APPLY = "登记修复申请…"
REPAIR_CHECK = "核查…"
REPAIR_DECIDE = "决定…"
COLUMNS = (
    "榜单",
    "主体名称",
    "统一社会信用代码",
    "状态",
    "列入日期",
    "有效期至",
    "分级",
    "提请/审批",
    "修复",
)
NO_SELECTION = "在左侧表格中选择一条记录查看详情。"
EXPIRE_CONFIRM = "将 {n} 条有效期已满的记录移出（移出方式：期满）？"
EXPIRE_NONE = "没有到期未移出的记录。"
EXPIRED_DONE = "已移出 {n} 条期满记录。"
APPROVE_CONFIRM = "审批通过：{entity} 列入“{kind}”？\n\n提请人：{proposer}\n审批人：{me}"
DUE_SUMMARY = "待审批 {pending} · 修复待办结 {repairs}（超期 {overdue}） · 待复核 {review} · {days} 天内到期 {expiring}"
LISTING_TITLE = "提请列入红黑榜"
RULES_OK = "✔ 规则检查通过"
SUMMARY_HINT = "对外公示的摘要：只写经营行为，不写投诉人、经营者姓名、电话、身份证号"
REMOVE_TITLE = "移出红黑榜"
REPAIR_TITLE = "信用修复"
PUBLISH_TITLE = "红黑榜公示"
PUBLISH_HINT = "公示只包含经营主体名称、统一社会信用代码、榜单、事由摘要和日期；个体工商户只显示字号，经营者姓名脱敏。"

# -- the details pane
DETAIL_ROWS = (
    "主体",
    "榜单",
    "状态",
    "列入日期",
    "有效期至",
    "复核日期",
    "修复分级",
    "列入原因",
    "公示摘要",
    "法律依据",
    "决定书号",
    "作出决定机关",
    "来源",
    "提请人",
    "审批人",
    "退回理由",
    "公示日期",
    "移出",
)
D_ENTITY = "{}（{}，{}）"
NO_CODE = "无代码"
D_LIST = "{} · {}"
NO_END = "长期（直至移出）"
D_REMOVAL = "{} {}　{}"
D_ROW = "<tr><td style='color:#555;padding-right:8px'>{}</td><td>{}</td></tr>"
D_TABLE = "<table>{}</table>"
REPAIR_HINT = (
    "{tier}：最早 {earliest:%Y-%m-%d} 可申请信用修复；"
    "{end:%Y-%m-%d} 期满后自动停止公示。申请后 {days} 个工作日内办结。"
)
MINOR_HINT = "轻微：公示满 3 个月自动停止，无需申请修复。"
OVERDUE = "（已超期）"
REPAIR_SECTION = "<b>信用修复</b>"
REPAIR_HEAD = ("申请日期", "最早可申请", "办结期限", "状态")
TAB_DETAIL = "详情与修复"
TAB_HISTORY = "历史记录"
EXPIRE_TIP = "将有效期已满的记录移出（每日也可由命令行 lists expire 运行）"
COUNT = "共 {:,} 条"
KIND_ITEM = "{}（{}）"
SUB_KIND_ITEM = "    {}（{}{}）"
PENDING = "，待审 {}"
NOT_APPROVED = "不能审批"
REFUSE_PROMPT = "退回理由："

# -- 红黑榜公示
PUBLISH_PERIOD = "公示期间"
PUBLISH_PERIOD_HINT = "2026Q4、2026-10 或 2026"
PUBLISH_KINDS = "公示榜单"
PREVIEW = "预览"
PUBLISH_SAVE = "发布并保存快照"
PUBLISHED_SECTION = "<b>已发布的公示（快照）</b>"
PUBLISHED_HEAD = ("期间", "标题", "户数", "发布时间", "发布人")
REPRINT = "重印（与发布时一致）"
EXPORT_XLSX = "导出 Excel…"
EXPORT_XLSX_TITLE = "导出 Excel"
CLOSE = "关闭"
PREVIEW_FILE = "红黑榜公示-{}-预览.pdf"
PREVIEW_TITLE = "红黑榜公示（预览，未发布）"
PUBLISH_CONFIRM = "发布 {} 红黑榜公示？发布后将保存快照，记录公示日期。"
NOTICE_FILE = "红黑榜公示-{}.pdf"
SNAPSHOT_FILE = "红黑榜公示-快照{}.{}"
REPRINT_TITLE = "红黑榜公示（重印）"

# -- 榜单设置
KINDS_TITLE = "榜单设置"
KIND_NAME = "名称"
KIND_COLOUR = "类别"
KIND_MONTHS = "默认有效期（月）"
MONTHS_HINT = "留空表示长期（直至移出）"
KIND_TIER = "默认修复分级"
NO_TIER = "（不分级）"
KIND_PUBLISHED = "列入本所红黑榜公示"
KIND_ACTIVE = "启用"
SAVE = "保存"
INACTIVE = "（停用）"
APPLIES_TO = "仅适用于：{}"
INDICATOR_BLACKLISTED = "列入时本所分级“黑名单”指标为已列入（默认 D 级）"
INDICATOR_ABNORMAL = "列入时本所分级“经营异常”指标为已列入"
NOTE_SEP = "；"
BAD_MONTHS = "默认有效期请填写月数（整数），或留空表示长期。"

# -- 提请列入
F_ENTITY = "经营主体*"
ENTITY_SEARCH_HINT = "输入名称或统一社会信用代码查找，回车搜索"
NOT_CHOSEN = "未选择"
ENTITY_ITEM = "{}　{}　{}"
NO_CODE_BRACKETED = "（无代码）"
CHOSEN = "已选择：{}（{}，{}）"
F_KIND = "榜单*"
F_TIER = "修复分级"
NOT_APPLICABLE = "（不适用）"
F_LISTED_ON = "列入日期*"
F_VALIDITY = "有效期"
CUSTOM_UNTIL = "自定有效期至"
F_REASON = "列入原因*"
REASON_HINT = "事实和依据（内部记录，不对外公示）"
F_SUMMARY = "公示摘要"
F_BASIS = "法律依据"
BASIS_HINT = "如《食品安全法》第一百二十四条"
F_DECISION_NO = "决定书号"
DECISION_NO_HINT = "如 东市监城罚〔2026〕12号"
SUBMIT_FOR_APPROVAL = "提请审批"
RULE_CHECKS = "<b>规则检查</b>"
CHECK_PROBLEM = '<div style="{}">✘ {}</div>'
CHECK_OK = '<div style="{}">{}</div>'
CHECK_NOTE = "<div>• {}</div>"

# -- 移出, 信用修复
F_RECORD = "记录"
REMOVE_RECORD = "{} · {}（{:%Y-%m-%d} 列入）"
F_REMOVAL_WAY = "移出方式*"
F_REMOVAL_BASIS = "移出依据*"
REMOVAL_BASIS_HINT = "决定书号或理由"
F_REMOVED_ON = "移出日期"
REPAIR_STEPS = {"apply": "登记信用修复申请", "check": "核查修复申请", "decide": "信用修复决定"}
REPAIR_DIALOG_TITLE = "{} — {}"
REPAIR_RECORD = "{} · {} · {}"
NO_TIER_YET = "未分级"
GRANT = "准予修复（移出黑榜）"
DENY = "不予修复"
F_APPLIED_ON = "申请日期"
F_APPLICATION = "申请事由*"
APPLICATION_HINT = "已履行行政处罚、已消除不良影响、未再受同类处罚……"
F_CHECKED_ON = "核查日期"
F_CHECK = "核查情况*"
CHECK_INFO = "办结期限：{:%Y-%m-%d}（申请后 {} 个工作日）"
F_DECISION = "决定*"
F_DECIDED_ON = "决定日期"
F_OPINION = "决定意见*"
DECIDE_INFO = "申请 {:%Y-%m-%d}，核查：{}\n办结期限：{:%Y-%m-%d}"
MAY_APPLY = "✔ 可以申请"
NOT_YET = "✘ 尚未到可申请日期"
APPLY_INFO = "{}：最早 {:%Y-%m-%d}；办结期限 {:%Y-%m-%d}（{} 个工作日）"

# -- the entity card's 红黑榜 section
SECTION_HEAD = ("榜单", "状态", "列入日期", "有效期至", "移出")
SECTION_PROPOSE = "提请列入红黑榜…"
SECTION_BLACK = "黑榜：{}（在榜期间不能授予红榜称号）"
SECTION_RED = "红榜：{}"
SECTION_NONE = "未在红黑榜上。"
NAME_SEP = "、"
