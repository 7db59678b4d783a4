"""``station-app draws run|preview|show|verify|publish|pool|result|list``: 双随机 draws from the
terminal (issue #18). ``--json`` everywhere; the keys of ``run`` and ``show`` are a contract:
``id``, ``seed``, ``pool_hash``, ``pool_sizes`` (grade → count), ``objects`` (each with
``entity``, ``grade`` and ``inspectors``, a list of names)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_app.cli.commands import _open
from station_app.cli.output import print_json
from station_app.errors import ValidationError

if TYPE_CHECKING:  # the parser is built at every start: import services when a command runs
    from station_app.services.draws import DrawView, PoolPreview


def _view_json(v: DrawView) -> dict[str, Any]:
    return {
        "id": v.id,
        "number": v.number,
        "item": v.item,
        "state": v.state,
        "draw_time": v.draw_time,
        "witness": v.witness,
        "witnessed_by": v.witnessed_by,
        "seed": v.seed,
        "pool_hash": v.pool_hash,
        "algorithm": v.algorithm,
        "pool_sizes": v.pool_sizes,
        "sizes": v.sizes,
        "quotas": v.quotas,
        "min_inspectors": v.min_inspectors,
        "inspector_pool_size": v.inspector_pool_size,
        "excluded": v.excluded,
        "objects_filter": v.objects_filter,
        "inspectors_filter": v.inspectors_filter,
        "objects": [
            {
                "entity": o.entity,
                "entity_id": o.entity_id,
                "entity_name": o.entity_name,
                "grade": o.grade,
                "rank": o.rank,
                "ticket": o.ticket,
                "inspectors": list(o.inspectors),
                "inspector_certs": list(o.inspector_certs),
                "result": o.result,
                "checked_on": o.checked_on,
            }
            for o in v.objects
        ],
        "recusals": [
            {
                "entity": r.entity,
                "entity_name": r.entity_name,
                "inspector": r.inspector,
                "cert": r.cert,
                "reason": r.reason,
            }
            for r in v.recusals
        ],
        "warnings": list(v.warnings),
        "redraw_of": v.redraw_of or None,
        "superseded_by": v.superseded_by or None,
        "reason": v.reason,
        "approved_by": v.approved_by,
        "run_by": v.run_by,
        "published_on": v.published_on,
    }


def _print_view(v: DrawView) -> None:
    print(f"{v.number}　{v.item}　{v.state_label}")
    print(f"  抽取时间：{v.draw_time}　见证数字：{v.witness or '（无）'}　见证人：{v.witnessed_by}")
    print(f"  对象库哈希：{v.pool_hash}")
    print(f"  随机种子：{v.seed}（算法 {v.algorithm}）")
    sizes = "，".join(
        f"{g} 类 {v.sizes.get(g, 0)}/{n}（{v.quotas.get(g, '')}）" for g, n in v.pool_sizes.items()
    )
    print(f"  抽取/对象库：{sizes}；执法人员库 {v.inspector_pool_size} 人；未纳入 {v.excluded} 户")
    if v.redraw_of:
        print(f"  重新抽取，原记录 {v.redraw_of}；理由：{v.reason}；批准：{v.approved_by}")
    if v.superseded_by:
        print(f"  已被 {v.superseded_by} 重抽取代")
    for o in v.objects:
        result = f"　{o.result}" if o.result else ""
        print(
            f"  [{o.grade}{o.rank:>3}] {o.entity_name}（{o.entity}）：{'、'.join(o.inspectors)}{result}"
        )
    for r in v.recusals:
        print(f"  回避：{r.entity_name} — {r.inspector}（{r.reason}）")
    for w in v.warnings:
        print(f"  提示：{w}")


def _spec(args: argparse.Namespace):
    from station_app.services.draws import DrawSpec

    return DrawSpec(
        item=args.item,
        objects=args.objects,
        inspectors=args.inspectors,
        ratios=args.ratio or "",
        numbers=args.number or "",
        witness=getattr(args, "witness", "") or "",
        witnessed_by=getattr(args, "witnessed_by", "") or "",
        min_inspectors=args.min_inspectors,
        reason=getattr(args, "reason", "") or "",
    )


def _preview_json(p: PoolPreview) -> dict[str, Any]:
    return {
        "item": p.item,
        "pool_hash": p.pool_hash,
        "pool_sizes": p.pool_sizes,
        "quotas": p.quotas,
        "sizes": p.sizes,
        "inspector_pool_size": p.inspector_pool_size,
        "inspectors": p.inspectors,
        "excluded": p.excluded,
        "warnings": p.warnings,
        "redraw_of": p.redraw_of or None,
    }


def cmd_draws_preview(args: argparse.Namespace) -> int:
    ctx = _open(args)
    p = ctx.services.draws.preview(_spec(args))
    if args.json:
        print_json({"ok": True, **_preview_json(p)})
        return 0
    print(f"{p.item}：对象库哈希 {p.pool_hash}")
    for g, n in p.pool_sizes.items():
        print(f"  {g} 类 {n} 户，{p.quota_labels[g]}，将抽取 {p.sizes[g]} 户")
    print(f"  执法人员库 {p.inspector_pool_size} 人：{'、'.join(p.inspectors)}")
    print(f"  近期检查未发现问题、本次不纳入 {p.excluded} 户")
    for w in p.warnings:
        print(f"  提示：{w}")
    if p.redraw_of:
        print(f"  注意：该事项已有未公示的抽取记录 {p.redraw_of}，本次将是重新抽取。")
    return 0


def cmd_draws_run(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.draws
    draw_id, _ = svc.run(_spec(args), expect_pool_hash=args.pool_hash or "")
    view = svc.get(draw_id)
    if args.json:
        print_json({"ok": True, **_view_json(view)})
    else:
        print(f"已抽取 {view.number}，共 {len(view.objects)} 户。")
        _print_view(view)
    return 0


def cmd_draws_show(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.draws
    view = svc.get(svc.find(args.id))
    if args.json:
        print_json({"ok": True, **_view_json(view)})
    else:
        _print_view(view)
    return 0


def cmd_draws_verify(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.draws
    result = svc.verify(svc.find(args.id))
    if args.json:
        print_json(
            {
                "ok": result.ok,
                "id": result.id,
                "number": result.number,
                "steps": [{"name": s.name, "ok": s.ok, "detail": s.detail} for s in result.steps],
            }
        )
    else:
        for s in result.steps:
            print(f"  {'✓' if s.ok else '✗'} {s.name}：{s.detail}")
        print(
            f"{result.number} 校验通过：按记录重算结果一致。"
            if result.ok
            else f"{result.number} 校验未通过：记录与重算结果不一致。"
        )
    return 0 if result.ok else 1


def cmd_draws_publish(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.draws
    path, _ = svc.publish(svc.find(args.id), Path(args.out))
    if args.json:
        print_json({"ok": True, "id": svc.find(args.id), "file": str(path)})
    else:
        print(f"已生成抽查结果公示：{path}")
    return 0


def cmd_draws_record(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.draws
    path, _ = svc.print_record(svc.find(args.id), Path(args.out))
    if args.json:
        print_json({"ok": True, "id": svc.find(args.id), "file": str(path)})
    else:
        print(f"已生成双随机抽取记录：{path}")
    return 0


def cmd_draws_pool(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.draws
    pool, recusal = svc.export_pool(svc.find(args.id), Path(args.out))
    if args.json:
        print_json({"ok": True, "pool": str(pool), "recusals": str(recusal)})
    else:
        print(f"对象库文件：{pool}（sha256sum 即对象库哈希）\n回避文件：{recusal}")
    return 0


def cmd_draws_result(args: argparse.Namespace) -> int:
    """A drawn object's check as a patrol record (``--at`` and the ``patrols record``
    options), or ``--result 无法检查 --note 原因`` without one."""
    from station_app.cli.campaign_checks import record_draft

    ctx = _open(args)
    svc = ctx.services.draws
    draw_id = svc.find(args.id)
    view = svc.get(draw_id)
    entity = next(
        (o for o in view.objects if args.entity in (o.entity, str(o.entity_id), o.entity_name)),
        None,
    )
    if entity is None:
        raise ValidationError(f"“{args.entity}”不是 {view.number} 的抽查对象。", field="entity")
    record_id = None
    if (args.result or "").strip() == "无法检查":
        svc.mark_unable(draw_id, entity.entity_id, args.note or "")
    else:
        if not args.at:
            raise ValidationError('请用 --at "YYYY-MM-DD HH:MM" 给出检查时间。', field="at")
        draft = record_draft(ctx, args, entity.entity_id)
        record_id, _ = svc.record_result(
            draw_id, entity.entity_id, draft, checklist=args.checklist, assume_yes=not args.answer
        )
    result = next(o.result for o in svc.get(draw_id).objects if o.entity_id == entity.entity_id)
    if args.json:
        print_json(
            {"ok": True, "id": draw_id, "entity": entity.entity, "result": result,
             "record_id": record_id}
        )  # fmt: skip
    else:
        print(f"已录入 {entity.entity_name} 的检查结果：{result}")
    return 0


def cmd_draws_list(args: argparse.Namespace) -> int:
    from station_app.domain.draw_inputs import LIST_COLUMNS, DrawFilter

    ctx = _open(args)
    rows = ctx.services.draws.rows(DrawFilter(year=args.year or 0))
    ids = list(rows.fetch_ids(None, False))
    data = rows.fetch_rows(ids)
    items = [dict(zip(("id", *LIST_COLUMNS), (i, *data[i][: len(LIST_COLUMNS)]))) for i in ids]
    if args.json:
        print_json({"ok": True, "draws": items})
        return 0
    if not items:
        print("还没有抽取记录。")
    for d in items:
        print(
            f"  {d['id']:>4} {d['number']}　{d['item']}　{d['drawn_at']}　"
            f"抽取 {d['drawn_total']}/{d['pool_total']}　结果 {d['results']}　{d['state']}"
        )
    return 0


def _pool_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--item", required=True, help="抽查事项（抽查事项清单中的名称）")
    p.add_argument(
        "--objects", required=True, help="对象库：经营主体的常用筛选名称，或 all（全部在营主体）"
    )
    p.add_argument(
        "--inspectors",
        required=True,
        help="执法人员库：执法人员的常用筛选名称，或 all（抽取日执法证有效的全部人员）",
    )
    p.add_argument("--ratio", help="各等级抽查比例，如 A=0.05,B=0.1,C=0.3,D=1（缺省用所设置）")
    p.add_argument("--number", help="各等级固定抽取户数，如 A=3（代替该等级的比例）")
    p.add_argument("--min-inspectors", type=int, default=2, help="每个对象的执法人员数（至少 2）")


def add_parser(sub) -> None:
    """Register ``draws`` and its operations on the top-level subparsers."""
    draws = sub.add_parser("draws", help="双随机抽取：预览、抽取、查看、校验、公示")
    ds = draws.add_subparsers(dest="draws_command", metavar="操作", required=True)
    ds._parser_class = sub._parser_class
    pre = ds.add_parser("preview", help="预览对象库和执法人员库（公布对象库哈希，不抽取）")
    _pool_options(pre)
    pre.set_defaults(func=cmd_draws_preview)
    run = ds.add_parser("run", help="抽取（结果保存、可校验；重新抽取须写明理由并经所长批准）")
    _pool_options(run)
    run.add_argument("--witness", help="见证数字（掷骰子或开奖号码）")
    run.add_argument("--witnessed-by", help="见证人姓名")
    run.add_argument("--reason", help="重新抽取的理由")
    run.add_argument("--pool-hash", help="预览时公布的对象库哈希（对象库变化则不抽取）")
    run.set_defaults(func=cmd_draws_run)
    for name, func, text in (
        ("show", cmd_draws_show, "查看抽取记录（对象、执法人员、种子、哈希、回避）"),
        ("verify", cmd_draws_verify, "按记录重算校验（不一致时退出码为 1）"),
    ):
        cmd = ds.add_parser(name, help=text)
        cmd.add_argument("id", help="抽取记录编号或序号")
        cmd.set_defaults(func=func)
    pub = ds.add_parser("publish", help="生成抽查结果公示（PDF 或 XLSX）")
    pub.add_argument("id", help="抽取记录编号或序号")
    pub.add_argument("--out", required=True, help="输出文件 .pdf 或 .xlsx")
    pub.set_defaults(func=cmd_draws_publish)
    rec = ds.add_parser("record", help="打印双随机抽取记录（A4 PDF，供签字）")
    rec.add_argument("id", help="抽取记录编号或序号")
    rec.add_argument("--out", required=True, help="输出 PDF 文件")
    rec.set_defaults(func=cmd_draws_record)
    pool = ds.add_parser("pool", help="导出对象库文件和回避文件（供第三方复核）")
    pool.add_argument("id", help="抽取记录编号或序号")
    pool.add_argument("--out", required=True, help="输出文件夹")
    pool.set_defaults(func=cmd_draws_pool)
    res = ds.add_parser("result", help="录入抽查对象的检查结果")
    res.add_argument("id", help="抽取记录编号或序号")
    res.add_argument("entity", help="抽查对象：统一社会信用代码、编号或名称")
    from station_app.cli.campaign_checks import add_record_options

    add_record_options(res, at_required=False)
    res.add_argument(
        "--result", help="未发现问题、发现问题、当场整改、闭门未遇；无法检查（须 --note 原因）"
    )
    res.set_defaults(func=cmd_draws_result)
    lst = ds.add_parser("list", help="列出抽取记录")
    lst.add_argument("--year", type=int, help="年份")
    lst.set_defaults(func=cmd_draws_list)
