"""Campaign targets (检查对象): the reproducible filter a campaign chooses its targets with. Pure.

A :class:`TargetFilter` is stored with the campaign as canonical JSON (sorted keys and
values, so equal filters give equal text), with its SHA-256 and the day it was applied; the
frozen target list gets the hash of its sorted entity keys like a draw's pool. Applying the
stored filter again shows what changed in the registry since (new shops, closed ones); the
list changes only when the user takes those changes. Every condition must hold; a list of
values means "any of". The complaint condition counts complaints received in the
``complaints_months`` months up to the day the filter was applied, so it gives the same
answer whenever it is recomputed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import Any

from station_app.domain import draws
from station_app.domain.draw_inputs import months_before
from station_app.domain.text import normalize_spaces
from station_app.errors import ValidationError

# ---- target filter --------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetFilter:
    """Which registry entities a campaign targets. Every non-empty condition must hold; a
    tuple means "any of". Grids are named by code (stable, printed); ``complaints_min`` is
    "complained about at least N times in the ``complaints_months`` months up to the day the
    filter is applied". ``text`` finds a part of the name or address."""

    text: str = ""
    industries: tuple[str, ...] = ()
    grids: tuple[str, ...] = ()
    communities: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()  # 本所分级 (effective)
    credit_classes: tuple[str, ...] = ()  # 信用风险分类
    tags: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ("在营",)
    entity_types: tuple[str, ...] = ()
    licence_kinds: tuple[str, ...] = ()
    complaints_min: int = 0
    complaints_months: int = 12

    def criteria(self) -> dict[str, Any]:
        """Plain JSON-able values, default conditions left out (a 常用筛选 or the campaign)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != f.default:
                out[f.name] = list(value) if isinstance(value, tuple) else value
        if not self.complaints_min:
            out.pop("complaints_months", None)
        return out

    def canonical(self) -> str:
        """The stored form: sorted keys, sorted lists, no spaces; equal filters, equal text.
        It spells out what a default would imply (the statuses, the complaint months), so a
        stored filter keeps its meaning if a default ever changes."""
        crit = {k: sorted(v) if isinstance(v, list) else v for k, v in self.criteria().items()}
        crit["statuses"] = sorted(self.statuses)
        if self.complaints_min:
            crit["complaints_months"] = self.complaints_months
        return json.dumps(crit, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def hash(self) -> str:
        return draws.sha256_hex(self.canonical())

    @classmethod
    def from_criteria(cls, criteria: Mapping[str, Any]) -> TargetFilter:
        """Back from :meth:`criteria`, or from an entity list's saved 常用筛选 (``industry``,
        ``grade``, ``credit_class``, ``tag``, ``status``, ``entity_type`` single values; a
        ``grid_id`` must be turned into ``grids`` by the caller). Unknown keys are ignored."""
        singles = {
            "industry": "industries",
            "grade": "grades",
            "credit_class": "credit_classes",
            "tag": "tags",
            "status": "statuses",
            "entity_type": "entity_types",
        }
        values: dict[str, Any] = {}
        for key, value in criteria.items():
            name = singles.get(key, key)
            if name in _TUPLE_FIELDS:
                items = [value] if isinstance(value, str) else list(value or ())
                values[name] = tuple(dict.fromkeys(str(v) for v in items if v))
            elif name in ("complaints_min", "complaints_months"):
                values[name] = int(value or 0)
            elif name == "text":
                values[name] = str(value or "")
        return cls(**values)


_TUPLE_FIELDS = frozenset(
    f.name
    for f in fields(TargetFilter)
    if f.name not in ("text", "complaints_min", "complaints_months")
)


def check_target_filter(flt: TargetFilter, choices: Mapping[str, Iterable[str]]) -> TargetFilter:
    """Each listed value is known (``choices``: field name → allowed values, e.g. the
    registry's industries, the grid codes), the complaint condition sensible."""
    labels = {
        "industries": "行业",
        "grids": "网格",
        "communities": "社区",
        "grades": "本所分级",
        "credit_classes": "信用风险分类",
        "tags": "标签",
        "statuses": "经营状态",
        "entity_types": "主体类型",
        "licence_kinds": "许可证种类",
    }
    for name, label in labels.items():
        allowed = choices.get(name)
        if allowed is None:
            continue
        allowed = set(allowed)
        for value in getattr(flt, name):
            if value not in allowed:
                raise ValidationError(f"筛选条件中的{label}“{value}”不存在。", field=name)
    if flt.complaints_min < 0 or flt.complaints_min > 999:
        raise ValidationError("被投诉次数应在 0–999 之间（0 表示不限）。", field="complaints_min")
    if flt.complaints_min and not 1 <= flt.complaints_months <= 36:
        raise ValidationError("统计被投诉次数的月数应在 1–36 之间。", field="complaints_months")
    text = normalize_spaces(flt.text)
    if len(text) > 60:
        raise ValidationError("名称或地址关键字不能超过 60 个字。", field="text")
    return replace(flt, text=text)


def describe(flt: TargetFilter, as_of: date | None = None) -> str:
    """The filter in one Chinese sentence, as the campaign sheet and the summary print it."""
    parts = []
    if flt.text:
        parts.append(f"名称或地址含“{flt.text}”")
    for name, label in (
        ("industries", "行业"),
        ("grids", "网格"),
        ("communities", "社区"),
        ("grades", "本所分级"),
        ("credit_classes", "信用风险分类"),
        ("tags", "标签"),
        ("entity_types", "主体类型"),
        ("licence_kinds", "持有许可证"),
        ("statuses", "经营状态"),
    ):
        values = getattr(flt, name)
        if values:
            parts.append(f"{label}：{'、'.join(values)}")
    if flt.complaints_min:
        until = f"（截至 {as_of.isoformat()}）" if as_of else ""
        parts.append(f"近 {flt.complaints_months} 个月被投诉 ≥ {flt.complaints_min} 次{until}")
    return "；".join(parts) if parts else "全部经营主体"


_SPEC_KEYS = {
    "关键字": "text",
    "text": "text",
    "行业": "industries",
    "industry": "industries",
    "网格": "grids",
    "grid": "grids",
    "社区": "communities",
    "community": "communities",
    "分级": "grades",
    "grade": "grades",
    "信用": "credit_classes",
    "信用分类": "credit_classes",
    "credit": "credit_classes",
    "标签": "tags",
    "tag": "tags",
    "状态": "statuses",
    "status": "statuses",
    "类型": "entity_types",
    "type": "entity_types",
    "许可证": "licence_kinds",
    "licence": "licence_kinds",
    "投诉": "complaints",
    "complaints": "complaints",
}


def parse_filter_spec(text: str) -> TargetFilter:
    """A filter typed on the command line: ``行业=餐饮服务,食品销售;网格=G01;投诉=2/12``
    (conditions joined by ``;``, values by ``,``; English keys too: ``industry``, ``grid``,
    ``community``, ``grade``, ``credit``, ``tag``, ``status``, ``type``, ``licence``,
    ``complaints`` = N or N/M (at least N times in M months, 12 by default), ``text``)."""
    values: dict[str, Any] = {}
    for part in re.split(r"[;；]", text or ""):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        name = _SPEC_KEYS.get(key.strip().lower())
        if not sep or name is None:
            raise ValidationError(
                f"筛选条件“{part.strip()}”无法识别：应写作 条件=值，条件可为 "
                "关键字、行业、网格、社区、分级、信用、标签、状态、类型、许可证、投诉。",
                field="criteria",
            )
        if name == "text":
            values["text"] = normalize_spaces(value)
        elif name == "complaints":
            values.update(_complaints(value))
        else:
            items = [v.strip() for v in re.split(r"[,，、]", value) if v.strip()]
            values[name] = tuple(v.upper() if name in _UPPER else v for v in items)
    return TargetFilter(**values)


_UPPER = frozenset({"grids", "grades", "credit_classes"})


def _complaints(value: str) -> dict[str, int]:
    match = re.fullmatch(r"\s*(\d+)\s*(?:/\s*(\d+)\s*)?", value)
    if not match:
        raise ValidationError(
            f"投诉条件“{value}”应写作 次数 或 次数/月数，如 2/12（近 12 个月至少 2 次）。",
            field="complaints_min",
        )
    return {"complaints_min": int(match.group(1)), "complaints_months": int(match.group(2) or 12)}


def complaints_since(as_of: date, months: int) -> date:
    """First day of the complaint window: ``months`` months before ``as_of``, plus one day."""
    return months_before(as_of, months) + timedelta(days=1)


def list_hash(keys: Iterable[str]) -> str:
    """The frozen target list's hash: SHA-256 of the sorted entity keys, one a line (like a
    draw's pool; ``draws.entity_key``)."""
    return draws.pool_hash(keys)
