"""``station-app lists publish|import|due|expire``: the red and black lists from the terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from station_app.cli.commands import _open
from station_app.cli.options import DAYS
from station_app.cli.output import print_json
from station_app.errors import ValidationError


def cmd_lists_publish(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".xlsx"):
        raise ValidationError("输出文件应为 .pdf 或 .xlsx。", field="out")
    ctx = _open(args)
    service = ctx.services.lists
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()] if args.kinds else None
    info, _ = service.publish(args.period, kinds)
    service.export_publication(info.id, out)
    if args.json:
        print_json(
            {
                "ok": True,
                "publication_id": info.id,
                "title": info.title,
                "entries": info.entry_count,
                "sha256": info.sha256,
                "file": str(out),
            }
        )
    else:
        print(f"已生成“{info.title}”，共 {info.entry_count} 户，快照编号 {info.id}：{out}")
    return 0


def cmd_lists_import(args: argparse.Namespace) -> int:
    ctx = _open(args)
    result, _ = ctx.services.lists.import_xlsx(Path(args.file), args.kind, dry_run=args.dry_run)
    if args.json:
        print_json({"ok": True, **result.as_json()})
    else:
        print(result.message)
        for issue in result.unmatched:
            print(
                f"  第 {issue.row} 行：{issue.uscc or '（无代码）'} {issue.name}：{issue.reason}",
                file=sys.stderr,
            )
        for issue in result.skipped:
            print(
                f"  第 {issue.row} 行：{issue.uscc} {issue.name}：{issue.reason}", file=sys.stderr
            )
    return 0


def cmd_lists_due(args: argparse.Namespace) -> int:
    ctx = _open(args)
    report = ctx.services.lists.due(within_days=args.days)
    if args.json:
        print_json({"ok": True, **report.as_json()})
        return 0
    groups = (
        ("待审批", report.pending),
        ("信用修复待办结", report.repairs),
        ("待复核", report.review),
        (f"{args.days} 天内到期", report.expiring),
    )
    if not report.all:
        print(f"{args.days} 天内没有到期、待复核、待审批或待办结的红黑榜事项。")
    for title, items in groups:
        if not items:
            continue
        print(f"【{title}】{len(items)} 项")
        for item in items:
            print(f"  {item.entity_name}（{item.kind}）：{item.text}")
    return 0


def cmd_lists_expire(args: argparse.Namespace) -> int:
    ctx = _open(args)
    count, _ = ctx.services.lists.expire_due()
    if args.json:
        print_json({"ok": True, "expired": count})
    else:
        print(f"已将 {count} 条期满记录移出（移出方式：期满）。")
    return 0


def add_parser(sub) -> None:
    """Register ``lists`` and its operations on the top-level subparsers."""
    lists = sub.add_parser("lists", help="红黑榜：公示、导入、到期提醒")
    ls = lists.add_subparsers(dest="lists_command", metavar="操作", required=True)
    ls._parser_class = sub._parser_class
    pub = ls.add_parser("publish", help="生成红黑榜公示（保存快照）并输出 PDF 或 XLSX")
    pub.add_argument("--period", required=True, help="公示期间：2026Q4、2026-10 或 2026")
    pub.add_argument("--out", required=True, help="输出文件 FILE.pdf 或 FILE.xlsx")
    pub.add_argument("--kinds", help="只公示这些榜单（用逗号分隔；默认为本所公示的全部榜单）")
    pub.set_defaults(func=cmd_lists_publish)
    imp = ls.add_parser("import", help="导入信用公示系统发布的名单（按统一社会信用代码匹配）")
    imp.add_argument("file", help="名单 .xlsx 文件")
    imp.add_argument("--kind", required=True, help="榜单名称，如 经营异常名录、严重违法失信名单")
    imp.add_argument("--dry-run", action="store_true", help="试导入：只匹配和统计，不写入")
    imp.set_defaults(func=cmd_lists_import)
    due = ls.add_parser("due", help="到期、待复核、待审批和信用修复待办结事项")
    due.add_argument("--days", type=DAYS, default=30, help="提前多少天提醒（默认 30）")
    due.set_defaults(func=cmd_lists_due)
    ls.add_parser("expire", help="将期满的红黑榜记录移出（可每日定时运行）").set_defaults(
        func=cmd_lists_expire
    )
