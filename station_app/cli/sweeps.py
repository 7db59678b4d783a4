"""``station-app sweeps add|todo|candidates|link``: street sweeps (扫街纳管) from the terminal."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from station_app.cli.commands import _open
from station_app.cli.options import RECORD_ID, bounded_int
from station_app.cli.output import print_json
from station_app.domain.sweeps import MAX_PHOTO_BYTES
from station_app.errors import ValidationError, os_reason
from station_app.files import read_limited

if TYPE_CHECKING:  # the parser is built at every start: import services when a command runs
    from station_app.services.sweeps import SweepCard


def _card_json(card: SweepCard) -> dict:
    d = card.data
    return {
        "id": d.id,
        "grid": card.grid_label,
        "name": d.name,
        "address": d.address,
        "phone": d.phone,  # masked
        "status": card.status,
        "linked_entity_id": card.linked_entity_id,
        "linked_entity_name": card.linked_entity_name,
        "captured_on": d.captured_on,
        "has_photo": card.has_photo,
    }


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"日期“{text}”无法识别，请写作 2026-11-29。", field="date") from None


def cmd_sweeps_add(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.sweeps
    photo = None
    if args.photo:
        try:
            photo = read_limited(Path(args.photo), MAX_PHOTO_BYTES)
        except OSError as exc:
            raise ValidationError(
                f"无法读取照片文件：{args.photo}（{os_reason(exc)}）", field="photo"
            ) from None
    from station_app.services.sweeps import SweepData

    data = SweepData(
        grid_id=svc.grid_id_for(args.grid),
        name=args.name,
        address=args.address or "",
        phone=args.phone or "",
        operator=args.operator or "",
        industry=args.industry or "",
        note=args.note or "",
        captured_on=_date(args.date),
    )
    card, _ = svc.capture(data, photo=photo)
    if args.json:
        print_json({"ok": True, **_card_json(card)})
    else:
        print(f"已登记扫街纳管记录 {card.data.id}：{card.data.name}（{card.grid_label}），待关联。")
    return 0


def cmd_sweeps_todo(args: argparse.Namespace) -> int:
    ctx = _open(args)
    items = ctx.services.sweeps.todo()
    if args.json:
        print_json(
            {
                "ok": True,
                "open": sum(t.open for t in items),
                "grids": [
                    {"grid_id": t.grid_id, "grid": t.label, "open": t.open, "total": t.total}
                    for t in items
                ],
            }
        )
        return 0
    if not any(t.open for t in items):
        print("没有待关联的扫街纳管记录。")
        return 0
    print(f"待关联共 {sum(t.open for t in items)} 户：")
    for t in items:
        if t.open:
            print(f"  {t.label}：{t.open} 户待关联（共登记 {t.total} 户）")
    return 0


def cmd_sweeps_candidates(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.sweeps
    card = svc.get(args.id)
    found = svc.candidates(args.id, query=args.query or "", limit=args.limit)
    if args.json:
        print_json(
            {
                "ok": True,
                "capture": _card_json(card),
                "candidates": [
                    {
                        "entity_id": c.entity_id,
                        "name": c.name,
                        "address": c.address,
                        "grid": c.grid_label,
                        "uscc": c.uscc,
                        "score": c.score,
                        "reason": c.reason,
                    }
                    for c in found
                ],
            }
        )
        return 0
    print(f"扫街纳管记录 {card.data.id}：{card.data.name}　{card.data.address}（{card.status}）")
    if not found:
        print("没有找到相似的经营主体。可用 --query 换个名称再找，或登记为新经营主体。")
    for c in found:
        print(f"  [{c.score:3d}] 编号 {c.entity_id}　{c.name}　{c.address}　（{c.reason}）")
    return 0


def cmd_sweeps_link(args: argparse.Namespace) -> int:
    ctx = _open(args)
    card, _ = ctx.services.sweeps.link(args.id, args.entity_id)
    if args.json:
        print_json({"ok": True, **_card_json(card)})
    else:
        print(
            f"已将扫街纳管记录 {card.data.id}“{card.data.name}”关联到经营主体“{card.linked_entity_name}”。"
        )
    return 0


def add_parser(sub) -> None:
    """Register ``sweeps`` and its operations on the top-level subparsers."""
    sweeps = sub.add_parser("sweeps", help="扫街纳管：登记、待关联清单、匹配、关联")
    ss = sweeps.add_subparsers(dest="sweeps_command", metavar="操作", required=True)
    ss._parser_class = sub._parser_class
    add = ss.add_parser("add", help="登记扫街发现的店铺")
    add.add_argument("--grid", required=True, help="网格编号或名称，如 GZ01")
    add.add_argument("--name", required=True, help="店名（照招牌）")
    add.add_argument("--address", help="地址")
    add.add_argument("--phone", help="电话")
    add.add_argument("--operator", help="经营者")
    add.add_argument("--industry", help="行业")
    add.add_argument("--note", help="备注")
    add.add_argument("--date", help="扫街日期 YYYY-MM-DD（默认今天）")
    add.add_argument("--photo", help="照片文件（JPEG 或 PNG，最大 5 MB）")
    add.set_defaults(func=cmd_sweeps_add)
    ss.add_parser("todo", help="各网格待关联的户数").set_defaults(func=cmd_sweeps_todo)
    cand = ss.add_parser("candidates", help="列出可能是同一户的已登记经营主体（按匹配度）")
    cand.add_argument("id", type=RECORD_ID, help="扫街纳管记录编号")
    cand.add_argument("--query", help="改用这个名称查找")
    cand.add_argument(
        "--limit", type=bounded_int(1, 1000, "户数"), default=10, help="最多列出几户（默认 10）"
    )
    cand.set_defaults(func=cmd_sweeps_candidates)
    link = ss.add_parser("link", help="将扫街纳管记录关联到已登记的经营主体")
    link.add_argument("id", type=RECORD_ID, help="扫街纳管记录编号")
    link.add_argument("entity_id", type=RECORD_ID, help="经营主体编号")
    link.set_defaults(func=cmd_sweeps_link)
    from station_app.cli.campaigns import add_sweep_parsers

    add_sweep_parsers(ss)  # 扫街行动 (#18)
