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
