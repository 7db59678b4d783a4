"""专项行动工作汇总表 (docs/areas/campaigns.md §12): the payload of the A4 PDF and the
workbook — facts, the board (totals, by grid, by department, with the rates' definitions),
problem shops with their hazards and 回头看, every target with its state — and the print,
logged as an export and stamped with the audit head (日志校验码). Part of
``CampaignService``. No person's phone, ID number or home address goes into it: entities are
named by name, code and business address, officers not at all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station_app.data.models import Campaign, StationProfile
from station_app.data.repo import campaign_checks as repo
from station_app.domain import campaigns as rules
from station_app.domain.campaigns import Progress
from station_app.domain.patrols import hazards as H
from station_app.errors import NotFoundError, ValidationError
from station_app.services.audit import printed_at
from station_app.services.base import Changes, Service, Tx
from station_app.services.campaigns.board import board_of

KIND = "campaign"
GONE = "该专项行动不存在。"


def board_line(p: Progress) -> list[Any]:
    return [
        p.label, p.targets, p.checked, p.problems, p.rectified, p.transferred, p.revisits_due,
        p.revisits_done, p.rate_text("check_rate"), p.rate_text("rectify_rate"),
        p.rate_text("revisit_rate"),
    ]  # fmt: skip


def _shops(s, campaign_id: int, revisit_states: dict[int, list[str]]) -> list[list[Any]]:
    by_target: dict[int, list[tuple[str, str, str, str]]] = {}
    for tid, name, address, category, state in repo.problem_shops(s, campaign_id):
        by_target.setdefault(tid, []).append((name, address, category, state))
    out = []
    for n, (tid, items) in enumerate(by_target.items(), 1):
        name, address = items[0][0], items[0][1]
        states = [H.STATE_LABELS.get(i[3], i[3]) for i in items]
        revisits = revisit_states.get(tid) or ["无需回头看"]
        out.append([n, name, address, "、".join(sorted({i[2] for i in items})),
                    "、".join(sorted(set(states))), "、".join(sorted(set(revisits)))])  # fmt: skip
    return out


def line_state(checked: int, hazards: int, open_: int, moved: int) -> str:
    """A target's state from its counts (``domain.campaigns.target_state`` in SQL terms)."""
    if not checked:
        return rules.PENDING
    if not hazards:
        return rules.CHECKED
    if open_:
        return rules.PROBLEM
    return rules.TRANSFERRED if moved else rules.RECTIFIED


def _targets(s, campaign_id: int) -> list[list[Any]]:
    out = []
    for n, (_, name, uscc, address, grid, dept, *counts, _eid) in enumerate(
        repo.target_lines(s, campaign_id), 1
    ):
        state = line_state(*counts)
        out.append([n, name, uscc or "", address, grid or "", dept or "",
                    rules.TARGET_LABELS[state]])  # fmt: skip
    return out


def summary_payload(s, row: Campaign, today) -> dict[str, Any]:
    from station_app.services.campaigns.checks import revisit_views
    from station_app.services.campaigns.views import _view

    view = _view(s, row, today)
    board = board_of(repo.board_rows(s, row.id, today))
    revisit_states: dict[int, list[str]] = {}
    for r in revisit_views(s, today, row.id):
        revisit_states.setdefault(r.target_id, []).append(r.state_label)
    profile = s.get(StationProfile, 1)
    station = profile.name if profile and profile.name else "市场监督管理所"
    facts = [
        ("行动编号", view.number), ("行动名称", view.name),
        ("类型", rules.KIND_LABELS.get(view.kind, view.kind)),
        ("依据", view.basis or "（未填写）"),
        ("行动期间", f"{view.first_day.isoformat()} 至 {view.last_day.isoformat()}"),
        ("牵头", "　".join(x for x in (view.lead_unit, view.lead) if x) or "（未填写）"),
        ("参与部门", "、".join(view.departments) or "（无）"),
        ("检查对象", f"{view.filter_text}（{view.filter_as_of.isoformat()} 生成，共 {view.targets} 户）"),
        ("筛选条件哈希", view.filter_hash), ("对象名单哈希", view.target_hash),
        ("抽样回头看", f"通过检查的商户按 {view.sample_ratio} 抽样，检查后 {view.sample_delay_days} 天回头看"),
        ("状态", view.phase_label + (f"（{view.close_note}）" if view.close_note else "")),
    ]  # fmt: skip
    return {
        "station": station,
        "title": "专项行动工作汇总表",
        "number": view.number,
        "facts": facts,
        "total": board_line(board.total),
        "by_grid": [board_line(p) for p in board.by_grid],
        "by_department": [board_line(p) for p in board.by_department],
        "definitions": list(board.definitions.values()),
        "shops": _shops(s, row.id, revisit_states),
        "targets": _targets(s, row.id),
        "date_text": f"{today.year}年{today.month}月{today.day}日",
    }


@dataclass(frozen=True)
class TargetLine:
    """One target as the page's 检查对象 tab lists it."""

    id: int
    entity_id: int
    name: str
    code: str
    address: str
    grid: str
    department: str
    state: str
    state_label: str


class SummaryPrint(Service):
    """``targets``, ``summary`` and ``print_summary`` (part of ``CampaignService``)."""

    def targets(self, campaign_id: int, limit: int | None = 2000) -> list[TargetLine]:
        """The campaign's targets by name with their state (the first ``limit``)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            if s.get(Campaign, campaign_id) is None:
                raise NotFoundError(GONE)
            rows = repo.target_lines(s, campaign_id, limit)
        out = []
        for tid, name, uscc, address, grid, dept, checked, hz, open_, moved, eid in rows:
            state = line_state(checked, hz, open_, moved)
            out.append(TargetLine(tid, eid, name, uscc or "", address, grid or "", dept or "",
                                  state, rules.TARGET_LABELS[state]))  # fmt: skip
        return out

    def summary(self, campaign_id: int) -> dict[str, Any]:
        """The summary's payload as of today (what the PDF and the workbook show)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            row = s.get(Campaign, campaign_id)
            if row is None:
                raise NotFoundError(GONE)
            return summary_payload(s, row, self._clock.today())

    def print_summary(self, campaign_id: int, path: Path) -> tuple[Path, Changes]:
        """The 工作汇总表 as ``.pdf`` (A4) or ``.xlsx``; logged as an export of the campaign."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".pdf", ".xlsx"):
            raise ValidationError("汇总表文件须为 .pdf 或 .xlsx。", field="out")

        def log(tx: Tx) -> dict[str, Any]:
            row = tx.load(Campaign, campaign_id, missing=GONE)
            payload = summary_payload(tx.s, row, tx.today)
            tx.exported(KIND, campaign_id, {"document": "专项行动工作汇总表", "file": path.name})
            return payload

        payload, changes = self._transact("data.view", log)
        from station_app.documents import campaign_summary
        from station_app.exports import campaign_summary_xlsx

        writer: Callable[[dict[str, Any], Path], Path] = (
            campaign_summary.write_pdf if suffix == ".pdf" else campaign_summary_xlsx.write_xlsx
        )
        with printed_at(self._db):
            out = writer(payload, path)
        return out, changes
