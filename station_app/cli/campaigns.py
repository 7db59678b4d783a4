"""``station-app campaigns add|show|progress|close|list`` (``check|revisits|revisit|waive|
summary``: ``cli/campaign_checks.py``): 专项行动 from the terminal (issue
#18). ``--target-filter`` is a saved 常用筛选's name or a spec such as
``行业=餐饮服务,食品销售;网格=G01;投诉=2/12``."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from station_app.cli.commands import _open
from station_app.cli.output import print_json
from station_app.errors import ValidationError

if TYPE_CHECKING:
    from station_app.services.campaigns import Board, CampaignView


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValidationError(f"{what}“{text}”无法识别，请写作 2026-11-29。", field=what) from None


def _view_json(v: CampaignView) -> dict[str, Any]:
    return {
        "id": v.id,
        "number": v.number,
        "name": v.name,
        "kind": v.kind,
        "from": v.first_day,
        "to": v.last_day,
        "state": v.state,
        "phase": v.phase,
        "phase_label": v.phase_label,
        "basis": v.basis,
        "lead": v.lead,
        "departments": list(v.departments),
        "targets": v.targets,
        "checked": v.checked,
        "open_revisits": v.open_revisits,
        "filter": v.filter,
        "filter_name": v.filter_name,
        "filter_text": v.filter_text,
        "filter_hash": v.filter_hash,
        "filter_as_of": v.filter_as_of,
        "target_hash": v.target_hash,
        "sample_ratio": v.sample_ratio,
        "sample_delay_days": v.sample_delay_days,
    }


def _progress_json(b: Board) -> dict[str, Any]:
    from station_app.domain.campaigns import PROGRESS_FORMULAS

    def line(p) -> dict[str, Any]:
        out = asdict(p)
        for f in PROGRESS_FORMULAS:
            rate = p.rate(f.key)
            out[f.key] = None if rate is None else round(float(rate), 4)
        return out

    total = line(b.total)
    total.pop("label")
    return {
        "total": total,
        "by_grid": [{"grid": p.label, **line(p)} for p in b.by_grid],
        "by_department": [{"department": p.label, **line(p)} for p in b.by_department],
        "definitions": b.definitions,
    }


def _print_view(v: CampaignView) -> None:
    print(f"{v.number}　{v.name}（{v.phase_label}）")
    print(f"  期间：{v.first_day} 至 {v.last_day}　牵头：{v.lead or '—'}　{v.lead_unit}")
    if v.departments:
        print(f"  参与部门：{'、'.join(v.departments)}")
    print(f"  检查对象：{v.targets} 户（{v.filter_text}）；已检查 {v.checked} 户")
    print(f"  筛选条件哈希 {v.filter_hash[:16]}…，名单哈希 {v.target_hash[:16]}…")


def cmd_campaigns_add(args: argparse.Namespace) -> int:
    from station_app.domain.campaign_targets import TargetFilter, parse_filter_spec
    from station_app.services.campaigns import CampaignDraft

    ctx = _open(args)
    spec = (args.target_filter or "").strip()
    flt, name = TargetFilter(), ""
    if spec and "=" in spec:
        flt = parse_filter_spec(spec)
    elif spec:
        name = spec
    draft = CampaignDraft(
        name=args.name,
        first_day=_date(args.from_day, "开始日期"),
        last_day=_date(args.to_day, "结束日期"),
        kind=args.kind,
        basis=args.basis or "",
        lead_person=args.lead or "",
        departments=tuple(args.department or ()),
        target_filter=flt,
        filter_name=name,
        sample_ratio=args.sample_ratio,
        sample_delay_days=args.sample_delay,
    )
    view, _ = ctx.services.campaigns.add(draft)
    if args.json:
        print_json({"ok": True, **_view_json(view)})
    else:
        print(f"已设立专项行动 {view.number}：{view.name}，检查对象 {view.targets} 户。")
    return 0


def cmd_campaigns_show(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.campaigns
    cid = svc.find(args.id)
    view = svc.get(cid)
    if args.json:
        print_json({"ok": True, **_view_json(view), "progress": _progress_json(svc.progress(cid))})
    else:
        _print_view(view)
    return 0


def cmd_campaigns_progress(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.campaigns
    cid = svc.find(args.id)
    board = svc.progress(cid)
    if args.json:
        print_json({"ok": True, "id": cid, "number": svc.get(cid).number, **_progress_json(board)})
        return 0
    t = board.total
    print(
        f"检查对象 {t.targets}，已检查 {t.checked}（{t.rate_text('check_rate')}），问题商户 "
        f"{t.problems}，已整改 {t.rectified}，回头看 {t.revisits_done}/{t.revisits_due}"
    )
    for title, lines in (("分网格", board.by_grid), ("分部门", board.by_department)):
        print(f"{title}：")
        for p in lines:
            print(f"  {p.label}：对象 {p.targets}，已检查 {p.checked}，问题 {p.problems}")
    for text in board.definitions.values():
        print(f"  注：{text}")
    return 0


def cmd_campaigns_close(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.campaigns
    cid = svc.find(args.id)
    warnings = svc.close_warnings(cid)
    view, _ = svc.close(cid, svc.get(cid).version, args.note or "")
    if args.json:
        print_json({"ok": True, **_view_json(view), "warnings": warnings})
    else:
        for w in warnings:
            print(f"提示：{w}")
        print(f"专项行动 {view.number} 已结束。")
    return 0


def cmd_campaigns_list(args: argparse.Namespace) -> int:
    from station_app.domain.campaigns import LIST_COLUMNS, CampaignFilter

    ctx = _open(args)
    rows = ctx.services.campaigns.rows(CampaignFilter(kind=args.kind or "", year=args.year or 0))
    ids = list(rows.fetch_ids(None, False))
    data = rows.fetch_rows(ids)
    items = [dict(zip(("id", *LIST_COLUMNS), (i, *data[i][: len(LIST_COLUMNS)]))) for i in ids]
    if args.json:
        print_json({"ok": True, "campaigns": items})
        return 0
    if not items:
        print("还没有专项行动。")
    for c in items:
        print(
            f"  {c['id']:>4} {c['number']}　{c['name']}　{c['period']}　{c['phase']}　"
            f"对象 {c['targets']}　已检查 {c['checked']}"
        )
    return 0


def add_parser(sub) -> None:
    """Register ``campaigns`` on the top-level subparsers."""
    camp = sub.add_parser("campaigns", help="专项行动：设立、查看、进度、结束")
    cs = camp.add_subparsers(dest="campaigns_command", metavar="操作", required=True)
    cs._parser_class = sub._parser_class
    add = cs.add_parser("add", help="设立专项行动（检查对象按筛选条件生成并固定）")
    add.add_argument("--name", required=True, help="名称（主题）")
    add.add_argument("--from", dest="from_day", required=True, help="开始日期 YYYY-MM-DD")
    add.add_argument("--to", dest="to_day", required=True, help="结束日期 YYYY-MM-DD")
    add.add_argument(
        "--target-filter",
        help="检查对象：常用筛选名称，或条件如 行业=餐饮服务;网格=GZ01;投诉=2/12（缺省：全部在营）",
    )
    add.add_argument("--kind", default="campaign", choices=("campaign", "sweep"), help="类型")
    add.add_argument("--basis", help="法律或政策依据")
    add.add_argument("--lead", help="牵头人（网格花名册中的姓名）")
    add.add_argument("--department", action="append", help="参与部门（可多次）")
    add.add_argument("--sample-ratio", default="0.1", help="通过检查的商户抽样回头看比例")
    add.add_argument("--sample-delay", type=int, default=30, help="抽样回头看在检查后几天")
    add.set_defaults(func=cmd_campaigns_add)
    for name, func, text in (
        ("show", cmd_campaigns_show, "查看专项行动"),
        ("progress", cmd_campaigns_progress, "进度（分网格、分部门）"),
    ):
        cmd = cs.add_parser(name, help=text)
        cmd.add_argument("id", help="专项行动编号或序号")
        cmd.set_defaults(func=func)
    close = cs.add_parser("close", help="结束专项行动（回头看未完成时不能结束）")
    close.add_argument("id", help="专项行动编号或序号")
    close.add_argument("--note", help="结束说明")
    close.set_defaults(func=cmd_campaigns_close)
    lst = cs.add_parser("list", help="列出专项行动")
    lst.add_argument("--year", type=int, help="年份")
    lst.add_argument("--kind", choices=("campaign", "sweep"), help="类型")
    lst.set_defaults(func=cmd_campaigns_list)
    from station_app.cli.campaign_checks import add_check_parsers

    add_check_parsers(cs)


def cmd_sweeps_actions(args: argparse.Namespace) -> int:
    ctx = _open(args)
    actions = ctx.services.campaigns.sweep_actions(args.period or "")
    items = [
        {
            "id": a.id,
            "number": a.number,
            "day": a.day,
            "name": a.name,
            "team": list(a.team),
            "communities": list(a.communities),
            "grids": list(a.grids),
            "captures": a.captures,
            "hazards_found": a.hazards_found,
            "hazards_fixed": a.hazards_fixed,
            "migrated": a.migrated,
        }
        for a in actions
    ]
    if args.json:
        print_json(items)
        return 0
    if not items:
        print("这一期间没有扫街行动。")
    for a in items:
        print(
            f"  {a['number']}　{a['day']}　{'、'.join(a['communities'])}　"
            f"队员 {'、'.join(a['team'])}　纳管 {a['captures']} 户"
        )
    return 0


def cmd_sweeps_plan(args: argparse.Namespace) -> int:
    from station_app.services.campaigns import SweepPlanDraft

    ctx = _open(args)
    svc = ctx.services.campaigns
    plan = SweepPlanDraft(
        day=_date(args.day, "扫街日期"),
        people=tuple(args.team or ()),
        users=tuple(args.team_user or ()),
        communities=tuple(args.community or ()),
    )
    campaign_id, _ = svc.plan_sweep(plan)
    view = svc.get(campaign_id)
    if args.json:
        print_json({"ok": True, **_view_json(view)})
    else:
        print(f"已安排扫街行动 {view.number}：{view.name}，涉及 {view.targets} 户在营主体。")
    return 0


def add_sweep_parsers(ss) -> None:
    """``sweeps actions`` and ``sweeps plan`` on the sweeps area's subparsers."""
    act = ss.add_parser("actions", help="扫街行动列表（定日、定人、定社区及纳管户数）")
    act.add_argument("--period", help="期间，如 2026-11、2026Q4、2026")
    act.set_defaults(func=cmd_sweeps_actions)
    plan = ss.add_parser("plan", help="安排一次扫街行动（须有日期、队员和社区）")
    plan.add_argument("--day", required=True, help="扫街日期 YYYY-MM-DD")
    plan.add_argument("--team", action="append", help="队员（网格花名册中的姓名，可多次）")
    plan.add_argument("--team-user", action="append", help="队员（系统用户名，可多次）")
    plan.add_argument("--community", action="append", help="社区（可多次）")
    plan.set_defaults(func=cmd_sweeps_plan)
