"""The records half of ``station-app patrols``: ``sampling``/``samplings``/``void-sampling``,
``extend``, ``void``, ``records``, and ``print inspection``/``print notice``
(docs/areas/patrols.md §12). Thin handlers over ``PatrolService``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from station_app.cli.commands import _open
from station_app.cli.output import print_json
from station_app.cli.patrols import _date, _entity_id, _hazard_json, _record_json
from station_app.errors import ValidationError

if TYPE_CHECKING:
    from station_app.services.patrols import SamplingView


def _sampling_json(v: SamplingView) -> dict[str, Any]:
    return {
        "id": v.id,
        "entity": v.entity,
        "entity_id": v.entity_id,
        "entity_name": v.entity_name,
        "date": v.sampled_on,
        "product": v.product,
        "batch": v.batch,
        "qualified": v.qualified,
        "result_label": v.qualified_label,
        "item": v.failed_items,
        "report_no": v.report_no,
        "agency": v.agency,
        "note": v.note,
        "voided": v.voided,
        "void_reason": v.void_reason,
    }


def _period(text: str | None):
    if not text:
        return None, None
    from station_app.domain.periods import parse_period

    p = parse_period(text, ranges=True)
    return p.start, p.last


def cmd_sampling(args: argparse.Namespace) -> int:
    from station_app.domain.patrols.samplings import SamplingDraft

    ctx = _open(args)
    day = _date(args.date, "sampled_on")
    if day is None:
        raise ValidationError("请填写抽样日期（--date YYYY-MM-DD）。", field="sampled_on")
    draft = SamplingDraft(
        _entity_id(ctx, args.entity), day, args.product, args.qualified, batch=args.batch or "",
        failed_items=args.item or "", report_no=args.report or "", agency=args.agency or "",
        note=args.note or "",
    )  # fmt: skip
    view, _ = ctx.services.patrols.record_sampling(draft)
    if args.json:
        print_json({"ok": True, **_sampling_json(view)})
    else:
        print(f"已登记抽检 {view.id}：{view.entity_name} {view.product} {view.qualified_label}")
    return 0


def cmd_samplings(args: argparse.Namespace) -> int:
    from station_app.domain.patrols.lists import SamplingFilter

    ctx = _open(args)
    first, last = _period(args.period)
    entity_id = _entity_id(ctx, args.entity) if args.entity else None
    qualified = False if args.failed else None
    flt = SamplingFilter(qualified=qualified, entity_id=entity_id, first=first, last=last)
    items = ctx.services.patrols.samplings(flt)
    if args.json:
        print_json(
            {"ok": True, "count": len(items), "samplings": [_sampling_json(v) for v in items]}
        )
        return 0
    print(f"抽检 {len(items)} 批次：")
    for v in items:
        mark = "已作废" if v.voided else v.qualified_label
        print(
            f"  {v.id:>6}  {v.sampled_on}  {v.entity_name}  {v.product}  {mark}  {v.failed_items}"
        )
    return 0


def cmd_void_sampling(args: argparse.Namespace) -> int:
    ctx = _open(args)
    view, _ = ctx.services.patrols.void_sampling(args.sampling_id, None, args.reason)
    if args.json:
        print_json({"ok": True, **_sampling_json(view)})
    else:
        print(f"已作废抽检记录 {view.id}（{view.void_reason}）。")
    return 0


def cmd_extend(args: argparse.Namespace) -> int:
    ctx = _open(args)
    new = _date(args.to, "deadline")
    if new is None:
        raise ValidationError("请填写新的整改期限（--to YYYY-MM-DD）。", field="deadline")
    view, _ = ctx.services.patrols.extend(args.hazard_id, None, new, args.reason)
    if args.json:
        print_json({"ok": True, **_hazard_json(view)})
    else:
        print(
            f"隐患 {view.id} 的整改期限已延至 {view.deadline}，复查日 {view.recheck_due or '—'}。"
        )
    return 0


def cmd_void(args: argparse.Namespace) -> int:
    ctx = _open(args)
    view, _ = ctx.services.patrols.void(args.record_id, None, args.reason)
    if args.json:
        print_json({"ok": True, **_record_json(view), "voided": view.voided,
                    "void_reason": view.void_reason})  # fmt: skip
    else:
        print(f"已作废巡查记录 {view.id}（{view.entity_name}）。")
    return 0


def cmd_records(args: argparse.Namespace) -> int:
    from station_app.domain.patrols.lists import RecordFilter

    ctx = _open(args)
    svc = ctx.services.patrols
    first, last = _period(args.period)
    entity_id = _entity_id(ctx, args.entity) if args.entity else None
    rows = svc.record_rows(RecordFilter(first=first, last=last, entity_id=entity_id))
    ids = list(rows.fetch_ids(None, False))
    page = rows.fetch_rows(ids)
    if args.json:
        views = [svc.get(i) for i in ids]
        items = [
            _record_json(v) | {"voided": v.voided, "void_reason": v.void_reason} for v in views
        ]
        print_json({"ok": True, "count": len(items), "records": items})
        return 0
    print(f"巡查记录 {len(ids)} 条：")
    for i in ids:
        r = page[i]
        print(f"  {i:>6}  {r[0]}  {r[1]}  {r[2]}  {r[4]}  {r[5]}")
    return 0


def cmd_print_inspection(args: argparse.Namespace) -> int:
    ctx = _open(args)
    ctx.services.patrols.print_inspection(args.record_id, args.out)
    if args.json:
        print_json({"ok": True, "file": str(args.out), "record_id": args.record_id})
    else:
        print(f"已生成现场检查笔录：{args.out}")
    return 0


def _notice_target(text: str, record: bool) -> dict[str, int]:
    value = text.strip().upper()
    if value[:1] in ("R", "H"):
        record, value = value[0] == "R", value[1:]
    if not value.isdigit():
        raise ValidationError(
            f"“{text}”不是隐患或记录编号：写隐患编号，或 --record 加记录编号（也可写 H12 / R5）。",
            field="id",
        )
    return {"record_id": int(value)} if record else {"hazard_id": int(value)}


def cmd_print_notice(args: argparse.Namespace) -> int:
    ctx = _open(args)
    target = _notice_target(args.target, args.record)
    notice, _ = ctx.services.patrols.print_notice(args.out, **target)
    if args.json:
        print_json(
            {
                "ok": True,
                "file": str(args.out),
                "number": notice.number,
                "record_id": notice.record_id,
                "hazards": list(notice.hazard_ids),
                "deadline": notice.deadline,
            }
        )
    else:
        print(f"已生成责令改正通知书 {notice.number}：{args.out}")
    return 0


# -- parser ------------------------------------------------------------------------------------


def _subcommands(sub, name: str):
    """The subparsers of the top-level command ``name`` (made by ``cli.patrols``)."""
    parser = sub.choices[name]
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    action._parser_class = sub._parser_class
    return action


def add_parsers(sub) -> None:
    """Under ``patrols`` and ``print`` (registered by ``cli.patrols`` first): the records
    half's commands."""
    ps, printers = _subcommands(sub, "patrols"), _subcommands(sub, "print")
    sa = ps.add_parser("sampling", help="登记一批次抽检结果")
    sa.add_argument("entity", metavar="ENTITY", help="统一社会信用代码、注册号或编号")
    sa.add_argument("--product", required=True, help="样品名称")
    sa.add_argument("--batch", help="批号")
    sa.add_argument("--date", required=True, help="抽样日期 YYYY-MM-DD")
    verdict = sa.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--qualified", dest="qualified", action="store_true", help="合格")
    verdict.add_argument("--unqualified", dest="qualified", action="store_false", help="不合格")
    sa.add_argument("--item", help="不合格项目（如 菌落总数超标）")
    sa.add_argument("--agency", help="检验机构")
    sa.add_argument("--report", help="检验报告编号")
    sa.add_argument("--note", help="备注")
    sa.set_defaults(func=cmd_sampling)
    ss = ps.add_parser("samplings", help="抽检记录清单")
    ss.add_argument("--entity", help="只列一个经营主体")
    ss.add_argument("--period", help="2026-07、2026Q3 或 2026-07-01..2026-07-15")
    ss.add_argument("--failed", action="store_true", help="只列不合格的")
    ss.set_defaults(func=cmd_samplings)
    vs = ps.add_parser("void-sampling", help="作废一条抽检记录（须写明原因）")
    vs.add_argument("sampling_id", type=int, metavar="SAMPLING_ID", help="抽检记录编号")
    vs.add_argument("--reason", required=True, help="作废原因")
    vs.set_defaults(func=cmd_void_sampling)
    ex = ps.add_parser("extend", help="延长隐患的整改期限（所长批准，期限届满前）")
    ex.add_argument("hazard_id", type=int, metavar="HAZARD_ID", help="隐患编号")
    ex.add_argument("--to", required=True, help="新的整改期限 YYYY-MM-DD")
    ex.add_argument("--reason", required=True, help="延期原因")
    ex.set_defaults(func=cmd_extend)
    vo = ps.add_parser("void", help="作废一条巡查记录（须写明原因，不删除）")
    vo.add_argument("record_id", type=int, metavar="RECORD_ID", help="巡查记录编号")
    vo.add_argument("--reason", required=True, help="作废原因")
    vo.set_defaults(func=cmd_void)
    rs = ps.add_parser("records", help="巡查记录清单")
    rs.add_argument("--entity", help="只列一个经营主体")
    rs.add_argument("--period", help="2026-07、2026Q3 或 2026-07-01..2026-07-15")
    rs.set_defaults(func=cmd_records)
    ip = printers.add_parser("inspection", help="现场检查笔录（一条巡查记录）")
    ip.add_argument("record_id", type=int, metavar="RECORD_ID", help="巡查记录编号")
    ip.add_argument("--out", required=True, help="输出 PDF 文件")
    ip.set_defaults(func=cmd_print_inspection)
    no = printers.add_parser("notice", help="责令改正通知书（未开具的先编号开具）")
    no.add_argument(
        "target", metavar="HAZARD_ID|RECORD_ID", help="隐患编号（或 --record 记录编号）"
    )
    no.add_argument("--record", action="store_true", help="编号是巡查记录编号")
    no.add_argument("--out", required=True, help="输出 PDF 文件")
    no.set_defaults(func=cmd_print_notice)
