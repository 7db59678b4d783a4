"""``station-app warnings scan|list|ack|resolve``: early warnings (预警) from the terminal; ``scan``
is what a scheduled task runs (issue #19's command lines; ``--json`` everywhere)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from station_app.cli.commands import _open
from station_app.cli.output import print_json

if TYPE_CHECKING:
    from station_app.services.warnings import WarningView


def _json(w: WarningView) -> dict:
    from station_app.domain.warnings.states import CODE_OF

    return {
        "id": w.id, "kind": w.kind, "kind_label": w.kind_label, "title": w.title,
        "explanation": w.explanation, "level": w.level, "state": CODE_OF.get(w.state, w.state),
        "state_label": w.state, "active": w.active, "entity_id": w.entity_id,
        "grid_id": w.grid_id, "first_seen_at": w.first_seen_at, "acked_by": w.acked_by,
        "acked_at": w.acked_at, "resolution": w.resolution, "resolution_note": w.resolution_note,
    }  # fmt: skip


def cmd_scan(args: argparse.Namespace) -> int:
    ctx = _open(args)
    result, _ = ctx.services.warnings.scan()
    if args.json:
        new = [_json(ctx.services.warnings.warning(i)) for i in result.new_ids]
        print_json({"ok": True, "new": result.new, "refreshed": result.refreshed,
                    "cleared": result.cleared, "kinds": list(result.kinds), "warnings": new})  # fmt: skip
    else:
        print(
            f"检查完成：新预警 {result.new} 条，更新 {result.refreshed} 条，条件已消除 {result.cleared} 条。"
        )
        for i in result.new_ids:
            print(f"  {ctx.services.warnings.warning(i).title}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    ctx = _open(args)
    items = ctx.services.warnings.warnings(state=args.state, kind=args.kind)
    if args.json:
        print_json({"ok": True, "warnings": [_json(w) for w in items]})
    else:
        for w in items:
            gone = "（条件已消除）" if not w.active else ""
            print(f"{w.id:>5}  [{w.state}] {w.kind_label}  {w.title}{gone}")
        print(f"共 {len(items)} 条预警。")
    return 0


def cmd_ack(args: argparse.Namespace) -> int:
    ctx = _open(args)
    view, _ = ctx.services.warnings.ack(args.id)
    if args.json:
        print_json({"ok": True, **_json(view)})
    else:
        print(f"已确认预警 {view.id}：{view.title}")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    ctx = _open(args)
    view, _ = ctx.services.warnings.resolve(args.id, args.action, args.note)
    if args.json:
        print_json({"ok": True, **_json(view)})
    else:
        print(f"已处置预警 {view.id}（{view.resolution}）：{view.title}")
    return 0


def add_parser(sub) -> None:
    w = sub.add_parser("warnings", help="风险预警：检查、列表、确认、处置")
    ws = w.add_subparsers(dest="warnings_command", metavar="操作", required=True)
    ws._parser_class = sub._parser_class
    ws.add_parser("scan", help="立即检查全部预警规则（可用于计划任务）").set_defaults(func=cmd_scan)
    ls = ws.add_parser("list", help="列出预警")
    ls.add_argument("--state", help="new（新）、acknowledged（已确认）、resolved（已处置）")
    ls.add_argument("--kind", help="类型，如 cluster_entity、prepaid_risk")
    ls.set_defaults(func=cmd_list)
    ack = ws.add_parser("ack", help="确认一条预警")
    ack.add_argument("id", type=int, help="预警编号")
    ack.set_defaults(func=cmd_ack)
    res = ws.add_parser("resolve", help="处置一条预警")
    res.add_argument("id", type=int, help="预警编号")
    res.add_argument(
        "--action",
        default="其他",
        help="转工单、列入专项行动目标、发布消费提示、约谈告诫、现场核查、其他",
    )
    res.add_argument("--note", required=True, help="处置情况")
    res.set_defaults(func=cmd_resolve)
