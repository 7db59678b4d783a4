"""``station-app orders attach NO FILE`` and ``orders attachments NO [--json]``: a work order's
附件 (photos, scans) from the terminal; ``orders void-attachment ID --reason R`` voids one
(never deleted). Thin handlers over ``OrdersService``; services imported when a command runs."""

from __future__ import annotations

import argparse

from station_app.cli.commands import _open
from station_app.cli.output import print_json


def cmd_attach(args: argparse.Namespace) -> int:
    from pathlib import Path

    ctx = _open(args)
    view, _ = ctx.services.orders.add_attachment_file(args.number, Path(args.file))
    if args.json:
        print_json({"ok": True, "attachment": view.as_json()})
        return 0
    print(f"已添加附件 {view.id}：{view.filename}（{view.type_label}，{view.size_text}）")
    return 0


def cmd_attachments(args: argparse.Namespace) -> int:
    ctx = _open(args)
    items = ctx.services.orders.attachments(args.number)
    if args.json:
        print_json({"ok": True, "count": len(items), "attachments": [a.as_json() for a in items]})
        return 0
    if not items:
        print("该工单没有附件。")
        return 0
    from station_app.domain.orders.timing import fmt_time

    for a in items:
        mark = f"  【已作废：{a.void_reason}】" if a.voided else ""
        when = fmt_time(a.added_at) if a.added_at else ""
        print(f"{a.id:>6}  {a.filename}  {a.type_label}  {a.size_text}  {when}  {a.added_by}{mark}")
    return 0


def cmd_void_attachment(args: argparse.Namespace) -> int:
    ctx = _open(args)
    view, _ = ctx.services.orders.void_attachment(args.id, args.reason or "")
    if args.json:
        print_json({"ok": True, "attachment": view.as_json()})
        return 0
    print(f"已作废附件 {view.id}：{view.filename}")
    return 0


def add_parsers(os_) -> None:
    """Add the attachment commands to the ``orders`` subparsers."""
    at = os_.add_parser(
        "attach", help="为工单添加附件（JPEG、PNG 照片或 PDF 扫描件，不超过 10 MB）"
    )
    at.add_argument("number", metavar="NO", help="本所工单编号或平台工单编号")
    at.add_argument("file", metavar="FILE", help="照片或扫描件")
    at.set_defaults(func=cmd_attach)
    ls = os_.add_parser("attachments", help="列出工单的附件")
    ls.add_argument("number", metavar="NO", help="本所工单编号或平台工单编号")
    ls.set_defaults(func=cmd_attachments)
    vd = os_.add_parser("void-attachment", help="作废工单附件（须填原因，附件保留备查）")
    vd.add_argument("id", metavar="ID", type=int, help="附件编号（orders attachments 列出）")
    vd.add_argument("--reason", required=True, help="作废原因")
    vd.set_defaults(func=cmd_void_attachment)
