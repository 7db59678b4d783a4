"""Chinese text of the 专项行动 page and its dialog."""

from __future__ import annotations

COLUMN_LABELS = {
    "number": "编号",
    "name": "名称",
    "kind": "类型",
    "period": "期间",
    "phase": "阶段",
    "targets": "检查对象",
    "checked": "已检查",
    "open_revisits": "待回头看",
}
COUNT = "共 {:,} 项行动"
LOAD_FAILED = "专项行动读取失败：{}"
SEARCH_HINT = "编号或名称"
KIND_FILTERS = (("全部类型", ""), ("专项行动", "campaign"), ("扫街行动", "sweep"))
PHASE_FILTERS = (
    ("全部阶段", ""),
    ("未开始", "planned"),
    ("进行中", "running"),
    ("已到期未结束", "due"),
    ("已结束", "closed"),
    ("已撤销", "cancelled"),
)
NEW = "新建专项行动…"
CLOSE = "结束行动…"
NO_CAMPAIGN = "选择左侧的一项专项行动，在这里显示概况和进度。"
DETAIL = (
    "<b>{number}　{name}</b>（{phase}）<br>期间：{first} 至 {last}　牵头：{lead}<br>"
    "参与部门：{departments}<br>检查对象：{targets} 户（{filter_text}）<br>"
    "筛选条件哈希 {filter_hash}…　名单哈希 {target_hash}…"
)
BOARD_HEADERS = (
    "范围",
    "检查对象",
    "已检查",
    "检查率",
    "问题商户",
    "已整改",
    "回头看（完成/到期）",
    "逾期",
)
TOTAL = "合计"
NONE = "—"
CLOSE_TITLE = "结束专项行动"
CLOSE_ASK = "确定结束 {number}“{name}”？"
CLOSE_NOTE = "结束说明（可不填）："

# dialog
DIALOG_TITLE = "新建专项行动"
NAME = "名称（主题）"
NAME_HINT = "如“护校安园专项行动”"
BASIS = "法律或政策依据"
FIRST_DAY = "开始日期"
LAST_DAY = "结束日期"
LEAD = "牵头人"
LEAD_HINT = "网格花名册中的姓名，可不填"
DEPARTMENTS = "参与部门"
FILTER = "检查对象筛选"
FILTER_HINT = "如 行业=餐饮服务,食品销售;网格=GZ01;投诉=2/12；不填为全部在营主体"
SAMPLE_RATIO = "抽样回头看比例"
COUNT_PREVIEW = "符合条件 {:,} 户：{}"
LIST_SEP = "、"

# checks, 回头看, the summary
TAB_BOARD = "进度"
TAB_TARGETS = "检查对象"
TAB_REVISITS = "回头看"
TARGET_HEADERS = ("检查对象", "统一社会信用代码", "地址", "网格", "部门", "状态")
TARGETS_LIMITED = "仅列出前 {:,} 户（按名称）；完整名单见导出的汇总表。"
REVISIT_HEADERS = ("检查对象", "类型", "应完成", "状态", "说明")
RECORD_CHECK = "登记检查…"
RECORD_REVISIT = "登记回头看…"
WAIVE = "免于回头看…"
WAIVE_TITLE = "免于回头看"
WAIVE_ASK = "“{name}”的{kind}（{due}）免于回头看的原因（如“已注销”“已搬离”）："
OVERDUE_SUFFIX = "（已逾期）"
PRINT_SUMMARY = "打印汇总表"
EXPORT_SUMMARY = "导出 XLSX…"
SUMMARY_FILE = "专项行动工作汇总表"
SUMMARY_SAVED = "已导出：{}"
CHECK_TITLE = "登记专项检查"
REVISIT_TITLE = "登记回头看（抽样）"
CHECK_DEPARTMENTS = "参与部门"
PROBLEM_REVISIT_TITLE = "登记回头看（隐患复查）"
