"""Chinese text of the 预警 screen (#19)."""

from __future__ import annotations

from station_app.domain.warnings.kinds import KIND_LABELS, RESOLUTIONS

SEARCH = "检索：预警标题（Ctrl+F）"
COUNT = "共 {:,} 条预警"
STATES = (("新", "新"), ("已确认", "已确认"), ("已处置", "已处置"), ("全部状态", None))
KINDS = (("全部类型", None), *((label, code) for code, label in KIND_LABELS.items()))
ACTIVE = (("全部", False), ("仍在持续", True))
COLUMNS = {
    "first_seen_at": "发现时间",
    "kind": "类型",
    "level": "等级",
    "title": "预警",
    "state": "状态",
    "active": "条件",
    "acked_by": "确认人",
}
STILL = "持续"
GONE = "已消除"
SCAN = "立即检查"
SCANNED = "检查完成：新预警 {} 条，更新 {} 条，条件已消除 {} 条。"
ACK = "确认"
RESOLVE = "处置…"
RESOLVE_TITLE = "处置预警"
RESOLVE_ACTION = "处置方式："
RESOLVE_NOTE = "处置情况（做了什么、结果如何）："
RESOLUTION_CHOICES = RESOLUTIONS
NO_SELECTION = "在列表中选择一条预警查看说明。"
DETAIL = "<b>{title}</b><br>{explanation}<br>状态：{state}{extra}"
ACKED = "　确认：{} {}"
RESOLVED = "　处置：{}（{}）{}"
TO_ORDER = "转工单"
TO_CAMPAIGN = "列入专项行动…"
TO_NOTICE = "起草消费提示"
CAMPAIGN_TITLE = "列入专项行动"
CAMPAIGN_NAME = "专项行动名称（目标为该行业或网格的在营经营主体，期限 30 天）："
STEP_DONE = "<b>{title}</b><br>已处置：{note}"
LINKED = "　关联：{}"

# 设置 → 预警阈值
TH_NOTE = (
    "每类预警的条件和阈值。修改后从“生效日期”起按新阈值检查（不早于今天，已做过的检查不重判）；"
    "每次保存都留有记录。取消勾选可停用该类预警。"
)
TH_ENABLED = "启用"
TH_EFFECTIVE = "生效日期："
TH_REASON = "修改理由："
TH_REASON_HINT = "例如：按县局 2026 年预警工作要求调整"
TH_SAVE = "保存阈值"
TH_REVERT = "撤销修改"
TH_SAVED = "已保存：自 {} 起生效。"
TH_READ_ONLY = "只有管理员和所长可以修改预警阈值。"
TH_VERSIONS = "历次修改"
TH_VERSION_HEADERS = ("生效日期", "修改人", "保存时间", "理由", "停用的预警")
TH_FROM_START = "（最初）"
TH_NONE = "无"
TH_SPIN_SAMPLE = "00000 天"
TH_SEP = "、"
TH_ROW = "{}："
