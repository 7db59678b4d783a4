"""Grid roster rules (网格花名册规则). Pure: no I/O, no database.

* Staffing: each grid has exactly 1 market-supervision specialist (市场监管专员) and 2–3 community
  grid workers (社区网格员) — STATIONS.md §1. The numbers are configurable
  (:class:`StaffingRule`). Breaking the rule gives **warnings**, never a refusal to save.
* History: an assignment covers a grid from ``start_on`` (inclusive) to ``end_on`` (exclusive;
  ``None`` = still covering). "Who covered grid X on date D" is :func:`covers`.
* Leaving: a person who leaves on date D no longer covers any grid from D on.
* Enforcement certificates (执法证) expiring within 30 days are flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from station_app.domain.identifiers import validate_id_card, validate_phone
from station_app.domain.text import remove_spaces, to_halfwidth
from station_app.errors import ValidationError

# -- roles ------------------------------------------------------------------------------------
SPECIALIST, ENFORCER, GRID_WORKER, VOLUNTEER, MEDIATOR = (
    "specialist",
    "enforcer",
    "grid_worker",
    "volunteer",
    "mediator",
)
PERSON_ROLES: dict[str, str] = {
    SPECIALIST: "市场监管专员",
    ENFORCER: "执法人员",
    GRID_WORKER: "社区网格员",
    VOLUNTEER: "湾村明白人/志愿者",
    MEDIATOR: "调解员",
}
# A person's duty inside one grid.
GRID_ROLES: dict[str, str] = {
    SPECIALIST: "监管专员",
    GRID_WORKER: "网格员",
    VOLUNTEER: "志愿者",
    MEDIATOR: "调解员",
}
GRID_ROLE_ORDER = {SPECIALIST: 0, GRID_WORKER: 1, VOLUNTEER: 2, MEDIATOR: 3}
# Which person role a grid duty needs.
GRID_ROLE_NEEDS = {SPECIALIST: SPECIALIST, GRID_WORKER: GRID_WORKER, VOLUNTEER: VOLUNTEER}
GENDERS = ("男", "女")
DEFAULT_GROUPS = ("第一监管小组", "第二监管小组", "第三监管小组", "第四监管小组")
CERT_WARNING_DAYS = 30
GRID_CODE = re.compile(r"[A-Za-z0-9\-_]{1,20}")


def role_codes(text: str) -> list[str]:
    """Space-separated codes → list in canonical order (unknown codes dropped)."""
    wanted = set(text.split())
    return [code for code in PERSON_ROLES if code in wanted]


def roles_text(codes: Iterable[str]) -> str:
    """Codes → stored form, canonical order."""
    wanted = set(codes)
    return " ".join(code for code in PERSON_ROLES if code in wanted)


def role_labels(codes: Iterable[str] | str) -> str:
    if isinstance(codes, str):
        codes = role_codes(codes)
    return "、".join(PERSON_ROLES[c] for c in codes if c in PERSON_ROLES)


def parse_role_labels(text: str) -> list[str]:
    """ "市场监管专员、执法人员" (or codes, or 专员/网格员/志愿者/明白人 short forms) → codes.

    Raises ``ValidationError`` naming the unknown part."""
    aliases = {label: code for code, label in PERSON_ROLES.items()}
    aliases.update(
        {
            "专员": SPECIALIST,
            "监管专员": SPECIALIST,
            "执法": ENFORCER,
            "网格员": GRID_WORKER,
            "志愿者": VOLUNTEER,
            "明白人": VOLUNTEER,
            "湾村明白人": VOLUNTEER,
            **{code: code for code in PERSON_ROLES},
        }
    )
    codes = []
    for part in re.split(r"[、,，;；\s]+", to_halfwidth(text or "").strip()):
        if not part:
            continue
        code = aliases.get(part)
        if code is None:
            choices = "、".join(PERSON_ROLES.values())
            raise ValidationError(f"人员类别“{part}”不认识。可填：{choices}。", field="roles")
        codes.append(code)
    return role_codes(" ".join(codes))


def parse_grid_role(text: str) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    for code, label in GRID_ROLES.items():
        if text in (code, label, PERSON_ROLES.get(code, "")):
            return code
    if text in ("专员", "市场监管专员"):
        return SPECIALIST
    if text in ("社区网格员",):
        return GRID_WORKER
    choices = "、".join(GRID_ROLES.values())
    raise ValidationError(f"网格职务“{text}”不认识。可填：{choices}。", field="grid_role")


# -- staffing ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class StaffingRule:
    """How a grid must be staffed (STATIONS.md §1: 1 specialist + 2–3 grid workers)."""

    specialists: int = 1
    min_workers: int = 2
    max_workers: int = 3


DEFAULT_RULE = StaffingRule()


def staffing_warnings(
    specialists: int, workers: int, rule: StaffingRule = DEFAULT_RULE
) -> list[str]:
    """Chinese warnings for a grid with these head counts; empty when it keeps the rule."""
    out: list[str] = []
    workers_rule = (
        f"{rule.min_workers}–{rule.max_workers}"
        if rule.min_workers != rule.max_workers
        else str(rule.min_workers)
    )
    if specialists == 0:
        out.append(f"缺监管专员（应 {rule.specialists} 名）")
    elif specialists != rule.specialists:
        out.append(f"监管专员 {specialists} 名（应 {rule.specialists} 名）")
    if workers == 0:
        out.append(f"无网格员（应 {workers_rule} 名）")
    elif workers < rule.min_workers:
        out.append(f"网格员仅 {workers} 名（应 {workers_rule} 名）")
    elif workers > rule.max_workers:
        out.append(f"网格员 {workers} 名，超过 {rule.max_workers} 名（应 {workers_rule} 名）")
    return out


def covers(start_on: date, end_on: date | None, on: date) -> bool:
    """An assignment from ``start_on`` to ``end_on`` (exclusive) covers day ``on``."""
    return start_on <= on and (end_on is None or on < end_on)


@dataclass(frozen=True)
class Duty:
    """One assignment, for the rule functions."""

    role: str
    start_on: date
    end_on: date | None
    person: str = ""


def head_counts(duties: Iterable[Duty], on: date) -> tuple[int, int]:
    """(specialists, grid workers) covering on ``on``."""
    sp = wk = 0
    for d in duties:
        if covers(d.start_on, d.end_on, on):
            sp += d.role == SPECIALIST
            wk += d.role == GRID_WORKER
    return sp, wk


def grid_warnings(duties: Iterable[Duty], on: date, rule: StaffingRule = DEFAULT_RULE) -> list[str]:
    return staffing_warnings(*head_counts(duties, on), rule)


@dataclass(frozen=True)
class UncoveredGrid:
    """A grid left out of rule by someone leaving, with the date it starts."""

    grid_label: str
    from_date: date
    warnings: tuple[str, ...] = field(default=())

    @property
    def message(self) -> str:
        return f"{self.grid_label}：自 {self.from_date:%Y-%m-%d} 起" + "；".join(self.warnings)


def leaving_warnings(
    grid_label: str, remaining: Iterable[Duty], on: date, rule: StaffingRule = DEFAULT_RULE
) -> UncoveredGrid | None:
    """The grid's state from ``on`` once a leaver's duties end that day: ``remaining`` are
    the grid's other assignments. ``None`` when the grid still keeps the rule."""
    warnings = grid_warnings(remaining, on, rule)
    return UncoveredGrid(grid_label, on, tuple(warnings)) if warnings else None


# -- certificates -----------------------------------------------------------------------------
def cert_warning(expiry: date | None, today: date, days: int = CERT_WARNING_DAYS) -> str:
    """'' when fine; else a Chinese warning for an expired or soon-expiring 执法证."""
    if expiry is None:
        return ""
    left = (expiry - today).days
    if left < 0:
        return f"执法证已于 {expiry:%Y-%m-%d} 过期"
    if left == 0:
        return "执法证今天到期"
    if left <= days:
        return f"执法证将于 {expiry:%Y-%m-%d} 到期（还有 {left} 天）"
    return ""


# -- validation -------------------------------------------------------------------------------
def clean(text: str | None) -> str:
    return " ".join(to_halfwidth(text or "").split())


def validate_name(name: str) -> str:
    name = remove_spaces(to_halfwidth(name or ""))
    if not name:
        raise ValidationError("请填写姓名。", field="name")
    if len(name) > 40:
        raise ValidationError("姓名不能超过 40 个字。", field="name")
    return name


def validate_gender(gender: str) -> str:
    gender = (gender or "").strip()
    if gender not in ("", *GENDERS):
        raise ValidationError("性别请填“男”或“女”，也可不填。", field="gender")
    return gender


def validate_optional_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if not phone:
        return ""
    if "*" in phone:
        raise ValidationError(
            "联系电话是脱敏后的号码（含 *），请填写完整号码，或留空。", field="phone"
        )
    return validate_phone(phone)


def validate_optional_id(id_number: str, today: date | None = None) -> str:
    id_number = (id_number or "").strip()
    if not id_number:
        return ""
    if "*" in id_number:
        raise ValidationError(
            "身份证号是脱敏后的号码（含 *），请填写完整号码，或留空。", field="id_number"
        )
    return validate_id_card(id_number, today)


def validate_roles(codes: Iterable[str], cert_no: str, cert_expiry: date | None) -> list[str]:
    codes = role_codes(" ".join(codes))
    if not codes:
        raise ValidationError("请至少选择一个人员类别。", field="roles")
    if ENFORCER in codes and not cert_no.strip():
        raise ValidationError("执法人员请填写执法证号。", field="cert_no")
    if ENFORCER in codes and cert_expiry is None:
        raise ValidationError("执法人员请填写执法证有效期。", field="cert_expiry")
    return codes


def validate_grid_code(code: str) -> str:
    code = remove_spaces(to_halfwidth(code or "")).upper()
    if not code:
        raise ValidationError("请填写网格编号，例如 GZ01。", field="code")
    if not GRID_CODE.fullmatch(code):
        raise ValidationError(
            "网格编号只能由字母、数字和“-”组成，不超过 20 位，例如 GZ01。", field="code"
        )
    return code


def validate_period(start_on: date | None, end_on: date | None) -> None:
    if start_on is None:
        raise ValidationError("请填写起始日期。", field="start_on")
    if end_on is not None and end_on < start_on:
        raise ValidationError(
            f"离任日期 {end_on:%Y-%m-%d} 早于起始日期 {start_on:%Y-%m-%d}。", field="end_on"
        )


def validate_hours(hours: float) -> int:
    """Hours → tenths of an hour (stored)."""
    tenths = round(hours * 10)
    if tenths <= 0 or tenths > 240:
        raise ValidationError("学时应在 0.1 到 24 之间。", field="hours")
    return tenths


def check_grid(v: dict[str, Any]) -> dict[str, Any]:
    """A grid as typed (code, name, communities, boundary, supervision_group, note) → cleaned;
    every grid covers at least one community or village."""
    name = clean(v["name"])
    if not name:
        raise ValidationError("请填写网格名称。", field="name")
    if len(name) > 60:
        raise ValidationError("网格名称不能超过 60 个字。", field="name")
    communities = tuple(dict.fromkeys(c for c in (clean(x) for x in v["communities"]) if c))
    if not communities:
        raise ValidationError("请至少填写一个覆盖的社区或村。", field="communities")
    for c in communities:
        if len(c) > 60:
            raise ValidationError(f"社区名称“{c}”过长（不超过 60 个字）。", field="communities")
    return v | {
        "code": validate_grid_code(v["code"]),
        "name": name,
        "communities": communities,
        "boundary": v["boundary"].strip(),
        "supervision_group": clean(v["supervision_group"]),
        "note": v["note"].strip(),
    }


def check_person(v: dict[str, Any]) -> dict[str, Any]:
    """A person as typed → cleaned: name, gender, full phone and ID number (a masked value is
    refused), roles; an enforcement officer needs the certificate's number and expiry."""
    cert_no = clean(v["cert_no"])
    codes = validate_roles(v["roles"], cert_no, v["cert_expiry"])
    return v | {
        "name": validate_name(v["name"]),
        "gender": validate_gender(v["gender"]),
        "phone": validate_optional_phone(v["phone"]),
        "id_number": validate_optional_id(v["id_number"]),
        "organisation": clean(v["organisation"]),
        "roles": tuple(codes),
        "cert_no": cert_no,
        "cert_expiry": v["cert_expiry"] if cert_no or ENFORCER in codes else None,
        "supervision_group": clean(v["supervision_group"]),
        "note": v["note"].strip(),
    }


def check_training(v: dict[str, Any]) -> dict[str, Any]:
    """A training as typed (held_on, topic, lecturer, hours, location, note) → cleaned."""
    topic = clean(v["topic"])
    if not topic:
        raise ValidationError("请填写培训主题。", field="topic")
    if len(topic) > 200:
        raise ValidationError("培训主题不能超过 200 个字。", field="topic")
    if v["held_on"] is None:
        raise ValidationError("请填写培训日期。", field="held_on")
    validate_hours(v["hours"])
    return v | {
        "topic": topic,
        "lecturer": clean(v["lecturer"]),
        "location": clean(v["location"]),
        "note": v["note"].strip(),
    }
