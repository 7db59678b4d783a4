"""``station-app outreach …`` and ``consumer-warnings …`` (普法宣传、消费警示; issue #20). The
early warnings of the prices issue own ``warnings``."""

from __future__ import annotations

import argparse
from pathlib import Path

from station_app.cli.commands import _open
from station_app.cli.output import print_json
from station_app.cli.visits import parse_day
from station_app.domain.periods import parse_period
from station_app.errors import ValidationError


def cmd_outreach_add(args: argparse.Namespace) -> int:
    from station_app.domain import outreach as o

    ctx = _open(args)
    held = parse_day(args.date, "活动日期")
    assert held is not None
    draft = o.EventDraft(
        o.parse_event_kind(args.kind), args.title, held, args.place or "",
        ctx.services.visits.grid_id(args.grid) if args.grid else None, args.organiser or "",
        o.parse_count(args.participants, "参与人数"), o.parse_count(args.views, "观看人次"),
        o.parse_count(args.materials, "发放资料"), o.parse_count(args.reached, "覆盖群众"),
        args.note or "",
    )  # fmt: skip
    view, _ = ctx.services.outreach.add_event(draft)
    if args.json:
        print_json({"ok": True, "id": view.id, "kind": view.kind_label, "title": view.title,
                    "date": view.held_on, "views": view.views, "participants": view.participants,
                    "materials": view.materials, "reached": view.reached})  # fmt: skip
    else:
        print(f"已登记宣传活动 {view.id}：{view.kind_label}“{view.title}”。")
    return 0


def cmd_outreach_list(args: argparse.Namespace) -> int:
    period = parse_period(args.period, ranges=True) if args.period else None
    items = _open(args).services.outreach.events(period)
    if args.json:
        print_json({"ok": True, "count": len(items), "events": [
            {"id": e.id, "kind": e.kind_label, "title": e.title, "date": e.held_on,
             "views": e.views, "participants": e.participants, "materials": e.materials,
             "reached": e.reached} for e in items]})  # fmt: skip
        return 0
    for e in items:
        print(f"  {e.id:>4}  {e.held_on}  {e.kind_label}  {e.title}")
    return 0


def _text(args) -> str:
    if args.text_file:
        try:
            return Path(args.text_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(
                f"无法读取正文文件：{args.text_file}（{exc}）", field="text"
            ) from None
    return args.text or ""


def cmd_warnings_add(args: argparse.Namespace) -> int:
    from station_app.domain import outreach as o

    draft = o.WarningDraft(
        args.title, _text(args), o.parse_warning_topic(args.topic), args.season or "",
        o.parse_channels(args.channel or []),
    )  # fmt: skip
    view, _ = _open(args).services.outreach.add_warning(draft)
    if args.json:
        print_json({"ok": True, "id": view.id, "title": view.title, "topic": view.topic_label,
                    "published_on": None})  # fmt: skip
    else:
        print(f"已保存消费警示草稿 {view.id}：{view.title}。")
    return 0


def cmd_warnings_publish(args: argparse.Namespace) -> int:
    from station_app.domain import outreach as o

    svc = _open(args).services.outreach
    current = svc.warning(args.id)
    view, _ = svc.publish_warning(
        current.id, current.version, Path(args.out), parse_day(args.date, "发布日期"),
        o.parse_channels(args.channel or []),
    )  # fmt: skip
    if args.json:
        print_json({"ok": True, "id": view.id, "number": view.number, "title": view.title,
                    "published_on": view.published_on, "channels": o.channel_labels(view.channels),
                    "file": str(Path(args.out))})  # fmt: skip
    else:
        print(f"已发布消费警示 {view.number}：{view.title}，已保存 {args.out}。")
    return 0


def cmd_warnings_list(args: argparse.Namespace) -> int:
    items = _open(args).services.outreach.warnings()
    if args.json:
        print_json({"ok": True, "count": len(items), "warnings": [
            {"id": w.id, "number": w.number or None, "title": w.title, "topic": w.topic_label,
             "published_on": w.published_on} for w in items]})  # fmt: skip
        return 0
    for w in items:
        print(f"  {w.id:>4}  {w.published_on or '草稿':<10}  {w.title}")
    return 0


def add_parsers(sub) -> None:
    """Register ``outreach`` and ``consumer-warnings``."""
    p = sub.add_parser("outreach", help="普法宣传活动")
    ps = p.add_subparsers(dest="outreach_command", metavar="操作", required=True)
    ps._parser_class = sub._parser_class
    add = ps.add_parser("add", help="登记宣传活动（只记人数，不记姓名）")
    add.add_argument("--kind", required=True, help="直播、安全进社区、主题日、讲座、其他")
    add.add_argument("--title", required=True)
    add.add_argument("--date", required=True, help="活动日期 YYYY-MM-DD")
    add.add_argument("--views", help="直播观看人次")
    add.add_argument("--participants", help="参与人数")
    add.add_argument("--materials", help="发放资料份数")
    add.add_argument("--reached", help="覆盖群众人数")
    add.add_argument("--place")
    add.add_argument("--grid", help="网格编码")
    add.add_argument("--organiser")
    add.add_argument("--note")
    add.set_defaults(func=cmd_outreach_add)
    ls = ps.add_parser("list", help="列出宣传活动")
    ls.add_argument("--period")
    ls.set_defaults(func=cmd_outreach_list)

    w = sub.add_parser("consumer-warnings", help="消费警示：起草、发布（A4 通告）")
    ws = w.add_subparsers(dest="warnings_command", metavar="操作", required=True)
    ws._parser_class = sub._parser_class
    wa = ws.add_parser("add", help="起草消费警示")
    wa.add_argument("--title", required=True)
    text = wa.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", help="正文")
    text.add_argument("--text-file", help="正文文件（UTF-8）")
    wa.add_argument("--topic", required=True, help="预付卡、家用电梯、节令食品、老年人保健品、其他")
    wa.add_argument("--season", help="节令，如 春节、中秋")
    wa.add_argument("--channel", action="append", help="公众号、朋友圈、社区屏、张贴、短信；可多次")
    wa.set_defaults(func=cmd_warnings_add)
    wp = ws.add_parser("publish", help="发布并生成 A4 通告 PDF")
    wp.add_argument("id", type=int)
    wp.add_argument("--out", required=True, help="PDF 文件")
    wp.add_argument("--date", help="发布日期（默认今天）")
    wp.add_argument("--channel", action="append", help="发布渠道（默认草稿所选）")
    wp.set_defaults(func=cmd_warnings_publish)
    ws.add_parser("list", help="列出消费警示").set_defaults(func=cmd_warnings_list)
