"""The kinds of early warning (预警类型) and their vocabulary. Pure."""

from __future__ import annotations

CLUSTER_ENTITY = "cluster_entity"
CLUSTER_INDUSTRY = "cluster_industry"
PREPAID = "prepaid_risk"
ELDERLY = "elderly"
LICENCE = "licence_expiring"
HAZARD = "hazard_overdue"
HAZARD_CLUSTER = "hazard_cluster"

KIND_LABELS: dict[str, str] = {
    CLUSTER_ENTITY: "投诉集中（经营主体）",
    CLUSTER_INDUSTRY: "投诉激增（行业/类别）",
    PREPAID: "预付卡风险",
    ELDERLY: "涉老营销",
    LICENCE: "许可证临期/过期",
    HAZARD: "隐患逾期未整改",
    HAZARD_CLUSTER: "隐患集中（网格/类别）",
}
KINDS = tuple(KIND_LABELS)

HIGH, MEDIUM, LOW = "高", "中", "低"
LEVELS = (HIGH, MEDIUM, LOW)

PREPAID_INDUSTRY = "预付式消费"
TAG_SELLS_PREPAID = "发售预付卡"
TAG_HOLDS_BALANCES = "持有预收款"
CLOSED_STATUSES = ("歇业", "注销", "吊销")
ELDERLY_CATEGORY = "涉老诈骗"
"""The work-order category (#14) that marks a clue as 涉老; complaints carry their own mark."""

DIMENSION_INDUSTRY, DIMENSION_CATEGORY = "行业", "类别"

# ways a warning is resolved (处置方式), and the one-step actions behind some of them
TO_ORDER, TO_CAMPAIGN, TO_CONSUMER_NOTICE = "转工单", "列入专项行动目标", "发布消费提示"
RESOLUTIONS = (TO_ORDER, TO_CAMPAIGN, TO_CONSUMER_NOTICE, "约谈告诫", "现场核查", "其他")
