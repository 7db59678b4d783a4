"""From a warning, one step (docs/areas/prices.md §9): what a work order, a campaign and a
consumer notice opened from a warning say by default, and which warnings can lead to which.
Pure: the warnings service turns these into the other areas' inputs in one unit of work.

* a **work order** (网格线索): any warning about one entity or one grid — its title and
  explanation are the order's text, its category follows the kind;
* a **campaign** (专项行动): a warning about many entities — an industry's surge (the
  industry's entities), a grid's 涉老 marketing or hazard cluster (the grid's entities), a
  prepaid-card risk (the 预付式消费 entities of the entity's grid); not a single shop's;
* a **consumer notice** (消费提示, a draft of the outreach area, published by the head)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from station_app.domain.warnings.kinds import (
    CLUSTER_ENTITY,
    CLUSTER_INDUSTRY,
    DIMENSION_INDUSTRY,
    ELDERLY,
    HAZARD,
    HAZARD_CLUSTER,
    LICENCE,
    PREPAID,
    PREPAID_INDUSTRY,
)
from station_app.errors import ValidationError

ORDER_CATEGORY = {  # the work order's 问题类别 (domain/orders/kinds.CATEGORIES)
    CLUSTER_ENTITY: "消费纠纷",
    CLUSTER_INDUSTRY: "消费纠纷",
    PREPAID: "消费纠纷",
    ELDERLY: "涉老诈骗",
    LICENCE: "无照经营",
    HAZARD: "其他",
    HAZARD_CLUSTER: "其他",
}
NOTICE_TOPIC = {PREPAID: "prepaid", ELDERLY: "elderly_health"}
"""The consumer notice's topic (domain/outreach.WARNING_TOPICS); others are 其他."""


@dataclass(frozen=True)
class CampaignScope:
    """Whose entities a campaign opened from a warning targets."""

    industries: tuple[str, ...] = ()
    grid_ids: tuple[int, ...] = ()
    text: str = ""


def order_text(title: str, explanation: str) -> str:
    return f"【风险预警】{title}。{explanation}"


def campaign_scope(kind: str, evidence: Mapping[str, Any], grid_id: int | None) -> CampaignScope:
    """The targets of a campaign opened from a warning of ``kind``; a Chinese refusal for a
    warning about one entity (a work order is its step)."""
    if kind == CLUSTER_INDUSTRY and evidence.get("dimension") == DIMENSION_INDUSTRY:
        return CampaignScope(industries=(str(evidence.get("name", "")),))
    if kind in (ELDERLY, HAZARD_CLUSTER) and grid_id is not None:
        return CampaignScope(grid_ids=(grid_id,))
    if kind == PREPAID:
        return CampaignScope(
            industries=(PREPAID_INDUSTRY,), grid_ids=(grid_id,) if grid_id is not None else ()
        )
    raise ValidationError(
        "这条预警只涉及一户经营主体（或未划网格），请“转工单”；专项行动适用于行业、网格的预警。",
        field="action",
    )


def campaign_name(title: str) -> str:
    """A default campaign name (≤ 40 characters) from the warning's title."""
    base = title.split("，")[0].split(" ")[0]
    return f"{base[:28]}专项整治"


def notice_title(kind_label: str) -> str:
    return f"关于{kind_label.split('（')[0]}的消费提示"


def notice_text(kind: str, explanation: str) -> str:
    """A draft body the clerk edits: what was seen (without names: a notice is public) and the
    usual advice."""
    advice = {
        PREPAID: "办理预付卡请选择信誉良好的经营者，签订书面合同，不一次性大额充值，保存好付款凭证；"
        "经营者变更、停业时及时主张权利。",
        ELDERLY: "老年朋友请警惕免费体验、会议营销、礼品诱导，保健食品不能代替药品，"
        "购买前多和家人商量。",
    }.get(kind, "消费者购物消费请选择正规经营者，保存好消费凭证，权益受损可拨打 12315 投诉举报。")
    seen = explanation.split("预警条件")[0].strip()
    return f"近期本所监测发现：{seen}\n{advice}"
