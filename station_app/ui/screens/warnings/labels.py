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
