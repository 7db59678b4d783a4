"""Thresholds of the early warnings (预警阈值), each declared once with its label, unit, bounds
and the plain sentence shown on the warning and in 设置. Pure.

Stored by the warnings service as JSON in ``station_setting['warnings.thresholds']``: versions
with the day each takes effect, ``{"versions": [{"effective": "2026-12-01" | null, "values":
{key: int}, "disabled": [kind, …], "by": user, "at": ISO time, "reason": text}, …]}`` (the
first format, one ``{"values", "disabled"}``, reads as a version in force from the start); a
missing key takes its default. A scan judges with the version in force on its day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from station_app.domain.warnings.kinds import (
    CLUSTER_ENTITY,
    CLUSTER_INDUSTRY,
    ELDERLY,
    HAZARD,
    HAZARD_CLUSTER,
    KIND_LABELS,
    LICENCE,
    PREPAID,
)
from station_app.errors import ValidationError


@dataclass(frozen=True)
class Threshold:
    key: str
    kind: str
    label: str
    unit: str
    default: int
    minimum: int
    maximum: int
    help: str


THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(
        "cluster_entity.count", CLUSTER_ENTITY, "投诉件数 N", "件", 3, 2, 100,
        "同一经营主体在统计天数内被投诉或反映达到这个件数即预警。",
    ),
    Threshold(
        "cluster_entity.days", CLUSTER_ENTITY, "统计天数 M", "天", 30, 1, 365,
        "往前数多少天内的投诉和线索（含今天）。",
    ),
    Threshold(
        "cluster_industry.rise_pct", CLUSTER_INDUSTRY, "同比增幅 x", "%", 50, 1, 1000,
        "本月至今的件数比去年同月同期多出这个百分比即预警。",
    ),
    Threshold(
        "cluster_industry.min_cases", CLUSTER_INDUSTRY, "最少件数 n", "件", 10, 1, 10000,
        "本月至今少于这个件数的行业或类别不预警，以免小数字的大幅波动。",
    ),
    Threshold(
        "prepaid.change_days", PREPAID, "变更回看天数", "天", 90, 1, 730,
        "法定代表人（经营者）在这些天内发生变更的预付式经营者列入检查。",
    ),
    Threshold(
        "prepaid.complaint_days", PREPAID, "投诉回看天数", "天", 365, 1, 1095,
        "在这些天内有投诉（或标记为持有预收款）才预警。",
    ),
    Threshold(
        "elderly.count", ELDERLY, "每网格每月件数", "件", 2, 1, 1000,
        "同一网格当月标记为涉老的投诉和线索达到这个件数即预警。",
    ),
    Threshold(
        "licence.days_ahead", LICENCE, "提前天数", "天", 30, 1, 365,
        "许可证在这些天内到期即预警；已过期而仍在营的同样预警。",
    ),
    Threshold(
        "hazard.grace_days", HAZARD, "逾期宽限天数", "天", 0, 0, 90,
        "整改期限过后超过这些天仍未复查通过即预警（0 表示过期即预警）。",
    ),
    Threshold(
        "hazard_cluster.count", HAZARD_CLUSTER, "隐患件数 n", "件", 3, 2, 1000,
        "同一网格在统计天数内发现同一类别的隐患达到这个件数即预警。",
    ),
    Threshold(
        "hazard_cluster.days", HAZARD_CLUSTER, "统计天数 M", "天", 30, 1, 365,
        "往前数多少天内发现的隐患（含今天）。",
    ),
)  # fmt: skip
BY_KEY = {t.key: t for t in THRESHOLDS}


@dataclass(frozen=True)
class Thresholds:
    """The values in force (every key present) and the kinds switched off."""

    values: Mapping[str, int] = field(
        default_factory=lambda: {t.key: t.default for t in THRESHOLDS}
    )
    disabled: frozenset[str] = frozenset()

    def __getitem__(self, key: str) -> int:
        return self.values[key]

    def enabled(self, kind: str) -> bool:
        return kind not in self.disabled


DEFAULTS = Thresholds()


def parse_thresholds(raw: Mapping[str, Any] | None) -> Thresholds:
    """Stored or typed values → Thresholds; out of bounds or not a number: a Chinese message."""
    raw = raw or {}
    given = raw.get("values") or {}
    values: dict[str, int] = {}
    for t in THRESHOLDS:
        value = given.get(t.key, t.default)
        try:
            number = int(str(value).strip())
        except ValueError as exc:
            raise ValidationError(
                f"{_name(t)}应为整数（填写的是“{value}”）。", field=t.key
            ) from exc
        if not t.minimum <= number <= t.maximum:
            raise ValidationError(
                f"{_name(t)}应在 {t.minimum} 到 {t.maximum} {t.unit}之间（填写的是 {number}）。",
                field=t.key,
            )
        values[t.key] = number
    disabled = frozenset(raw.get("disabled") or ())
    if unknown := disabled - set(KIND_LABELS):
        raise ValidationError(f"未知的预警类型：{'、'.join(sorted(unknown))}。", field="disabled")
    return Thresholds(values, disabled)


def thresholds_json(th: Thresholds) -> dict[str, Any]:
    return {"values": dict(th.values), "disabled": sorted(th.disabled)}


@dataclass(frozen=True)
class ThresholdVersion:
    """One version of the thresholds: in force from ``effective`` (None: from the start)
    until the next version's day."""

    effective: date | None
    thresholds: Thresholds
    by: str = ""
    at: str = ""
    reason: str = ""


def parse_versions(raw: Mapping[str, Any] | None) -> tuple[ThresholdVersion, ...]:
    """Stored JSON → versions sorted by effective day (the first format: one version)."""
    raw = raw or {}
    if "versions" not in raw:
        return (ThresholdVersion(None, parse_thresholds(raw)),) if raw else ()
    out = [
        ThresholdVersion(
            date.fromisoformat(v["effective"]) if v.get("effective") else None,
            parse_thresholds(v),
            v.get("by", ""),
            v.get("at", ""),
            v.get("reason", ""),
        )
        for v in raw["versions"]
    ]
    return tuple(sorted(out, key=lambda v: v.effective or date.min))


def in_force(versions: tuple[ThresholdVersion, ...], day: date) -> Thresholds:
    """The thresholds a scan on ``day`` judges with (the defaults before any version)."""
    found = DEFAULTS
    for v in versions:
        if v.effective is None or v.effective <= day:
            found = v.thresholds
    return found


def with_version(
    versions: tuple[ThresholdVersion, ...], new: ThresholdVersion, today: date
) -> tuple[ThresholdVersion, ...]:
    """``versions`` with ``new`` added (replacing one of the same day); a day before
    ``today`` is refused: scans already made are not rejudged."""
    if new.effective is None or new.effective < today:
        raise ValidationError(
            f"生效日期不能早于今天（{today.isoformat()}）：已做过的检查不按新阈值重判。",
            field="effective",
        )
    kept = [v for v in versions if v.effective != new.effective]
    return tuple(sorted([*kept, new], key=lambda v: v.effective or date.min))


def versions_json(versions: tuple[ThresholdVersion, ...]) -> dict[str, Any]:
    return {
        "versions": [
            {
                **thresholds_json(v.thresholds),
                "effective": v.effective.isoformat() if v.effective else None,
                "by": v.by,
                "at": v.at,
                "reason": v.reason,
            }
            for v in versions
        ]
    }


def _name(t: Threshold) -> str:
    return f"“{KIND_LABELS[t.kind]}”的{t.label}"


def condition(kind: str, th: Thresholds) -> str:
    """The rule of ``kind`` in one plain sentence with the values in force."""
    v = th.values
    if kind == CLUSTER_ENTITY:
        return f"同一经营主体 {v['cluster_entity.days']} 天内被投诉或反映 {v['cluster_entity.count']} 次及以上"
    if kind == CLUSTER_INDUSTRY:
        return (
            f"某一行业或类别本月至今的投诉和线索比去年同月同期多 {v['cluster_industry.rise_pct']} % 以上，"
            f"且不少于 {v['cluster_industry.min_cases']} 件"
        )
    if kind == PREPAID:
        return (
            f"预付式经营者 {v['prepaid.change_days']} 天内变更法定代表人（经营者），或歇业、注销、被吊销，"
            f"或许可证过期，同时 {v['prepaid.complaint_days']} 天内有投诉或持有消费者预收款"
        )
    if kind == ELDERLY:
        return f"同一网格当月涉老（保健品、会议营销等）投诉和线索 {v['elderly.count']} 件及以上"
    if kind == LICENCE:
        return f"在营经营主体的许可证 {v['licence.days_ahead']} 天内到期或已过期"
    if kind == HAZARD:
        grace = v["hazard.grace_days"]
        return "隐患超过整改期限仍未复查通过" + (f"（宽限 {grace} 天）" if grace else "")
    if kind == HAZARD_CLUSTER:
        return f"同一网格 {v['hazard_cluster.days']} 天内发现同一类别隐患 {v['hazard_cluster.count']} 处及以上"
    raise KeyError(kind)
