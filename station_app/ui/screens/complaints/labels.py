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
