"""Saved views (常用筛选): a user's named search and filters on a list screen. Pure rules."""

from __future__ import annotations

import json
from typing import Any

from station_app.errors import ValidationError

NAME_MAX = 40
MAX_PER_SCREEN = 50
CRITERIA_MAX_CHARS = 4000


def check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("请给常用筛选起个名字，例如“城关网格 C 级餐饮”。", field="name")
    if len(name) > NAME_MAX:
        raise ValidationError(
            f"常用筛选的名字不能超过 {NAME_MAX} 个字（现在 {len(name)} 个），请改短一些。",
            field="name",
        )
    return name


def criteria_json(criteria: dict[str, Any]) -> str:
    """The criteria as JSON text; refuses what is not plain data or is implausibly large."""
    if not isinstance(criteria, dict) or not criteria:
        raise ValidationError(
            "当前没有设置任何检索词或筛选条件，无需保存为常用筛选。", field="criteria"
        )
    try:
        text = json.dumps(criteria, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        raise ValidationError("筛选条件中有无法保存的内容。", field="criteria") from None
    if len(text) > CRITERIA_MAX_CHARS:
        raise ValidationError("筛选条件过长（检索词太长？），无法保存。", field="criteria")
    return text
