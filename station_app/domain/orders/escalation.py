"""重办 escalation (Jiyang, STATIONS §3): an order the platform sends back for re-handling is led
by the hotline centre the first time, the deputy head the second, the head from the third.
Who each level is, is a station setting (a user, or a role); the level itself follows from the
platform's 重办 count alone. Pure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from station_app.errors import ValidationError

LEVELS = (0, 1, 2, 3)
LEVEL_LABELS: dict[int, str] = {
    0: "本所承办",
    1: "热线服务中心牵头",
    2: "分管副所长牵头",
    3: "所长牵头",
}
LEAD_TITLES: dict[int, str] = {1: "热线服务中心", 2: "分管副所长", 3: "所长"}


def lead_level(rework: int) -> int:
    """0 for an order never sent back; 1, 2, then 3 for the third re-handling and every later one."""
    return min(max(int(rework), 0), 3)


@dataclass(frozen=True)
class LeadRule:
    """Who leads at ``level``: a user (``username``) or, when none is named, anyone of
    ``role`` (``domain/auth`` role code)."""

    level: int
    username: str = ""
    role: str = ""

    def as_json(self) -> dict[str, object]:
        return {"level": self.level, "username": self.username, "role": self.role}


DEFAULT_LEADS: dict[int, LeadRule] = {
    1: LeadRule(1, role="clerk"),
    2: LeadRule(2, role="head"),
    3: LeadRule(3, role="head"),
}
"""Until the station names them: the hotline desk is the office clerk (内勤), the deputy head and
the head are whoever has the head role (所长)."""


def leads_from_json(text: str | None) -> dict[int, LeadRule]:
    leads = dict(DEFAULT_LEADS)
    if text:
        for item in json.loads(text):
            rule = LeadRule(
                int(item["level"]), str(item.get("username", "")), str(item.get("role", ""))
            )
            leads[rule.level] = rule
    return leads


def leads_to_json(leads: Mapping[int, LeadRule]) -> str:
    return json.dumps([leads[lv].as_json() for lv in sorted(leads)], ensure_ascii=False)


def check_lead(level: int, username: str, role: str, roles: Mapping[str, str]) -> LeadRule:
    """A station's choice for one level: a user name or a role (``roles``: code → label)."""
    if level not in LEAD_TITLES:
        raise ValidationError("牵头层级只有 1、2、3 三级。", field="level")
    username, role = (username or "").strip(), (role or "").strip()
    if bool(username) == bool(role):
        raise ValidationError(
            f"请为“{LEAD_TITLES[level]}”指定一名用户或一个角色（二者选一）。", field="lead"
        )
    if role and role not in roles:
        raise ValidationError(
            f"角色“{role}”不存在，可选：{'、'.join(roles.values())}。", field="role"
        )
    return LeadRule(level, username, role)


def lead_text(level: int, who: str = "") -> str:
    """``第2次重办 · 分管副所长牵头（李四）``; level 0: ``本所承办``."""
    if level == 0:
        return LEVEL_LABELS[0]
    count = "第3次及以上重办" if level == 3 else f"第{level}次重办"
    tail = f"（{who}）" if who else ""
    return f"{count} · {LEVEL_LABELS[level]}{tail}"
