"""``station-app import entities``, ``import mappings``, ``export entities``, ``grade recompute``
and ``grade rules``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from station_app.cli.commands import _open
from station_app.cli.output import TextProgress, print_json
from station_app.errors import ValidationError


def cmd_import_entities(args: argparse.Namespace) -> int:
    ctx = _open(args)
    service = ctx.services.entity_import
    result, _ = service.run(
        Path(args.file),
        dry_run=args.dry_run,
        valid_only=args.valid_only,
        only_rows=_rows(args.rows),
        progress=TextProgress(),
    )
    report = None
    if (result.rejected or result.changed_meanwhile) and args.report:
        report = service.write_error_report(result, Path(args.report))
    if args.json:
        data = result.as_json()
        data["ok"] = result.committed or (result.dry_run and not result.rejected)
        data["error_report"] = str(report) if report else None
        print_json(data)
    else:
        print(result.message)
        for err in result.rejected[:200]:
            print(f"  第 {err.row} 行：{err.field}：{err.reason}", file=sys.stderr)
        if len(result.rejected) > 200:
            print(
                f"  ……共 {len(result.rejected)} 行有错误，用 --report 导出完整的错误报告。",
                file=sys.stderr,
            )
        for d in result.duplicates[:50]:
            print(f"  可能重复：第 {d.row} 行 与 {d.other}（{d.kind}）")
        _print_changed_meanwhile(result, args.file)
        if report:
            print(f"错误报告：{report}")
    if result.rejected and not (args.valid_only and result.committed):
        return 2
    if result.changed_meanwhile:
        return 7  # as a conflict: written, but these rows were not (see the list)
    return 0


def _rows(text: str | None) -> frozenset[int] | None:
    """``--rows 12,15,20-22`` → the sheet row numbers (as Excel shows them)."""
    if not text:
        return None
    rows: set[int] = set()
    try:
        for part in text.replace("，", ",").split(","):
            first, _, last = part.strip().partition("-")
            rows.update(range(int(first), int(last or first) + 1))
    except ValueError:
        raise ValidationError(
            f"行号“{text}”无法识别，请写作 12,15,20-22（表格左侧的行号）。", field="rows"
        ) from None
    return frozenset(rows)


def _print_changed_meanwhile(result, file: str) -> None:
    changed = result.changed_meanwhile
    if not changed:
        return
    for c in changed[:200]:
        print(f"  未导入：第 {c.row} 行 {c.name}：{c.reason}", file=sys.stderr)
    rows = ",".join(str(c.row) for c in changed)
    print(
        f"  这些行可以重新导入（按最新数据重新比对）：station-app import entities {file} --rows {rows}",
        file=sys.stderr,
    )


def cmd_import_mappings(args: argparse.Namespace) -> int:
    """List the saved column mappings, or delete one (``--delete KEY``)."""
    ctx = _open(args)
    service = ctx.services.entity_import
    if args.delete:
        deleted, _ = service.delete_mapping(args.delete)
        if args.json:
            print_json({"ok": True, "deleted": deleted.as_json()})
        else:
            print(
                f"已删除保存的列对应关系 {deleted.key[:12]}（表头：{' | '.join(deleted.headers)}）。"
            )
            print("以后表头相同的文件将按表头文字识别各列。")
        return 0
    saved = service.saved_mappings()
    if args.json:
        print_json({"ok": True, "mappings": [m.as_json() for m in saved]})
        return 0
    if not saved:
        print("还没有保存的列对应关系（在导入向导的“核对列映射”一步可以保存）。")
        return 0
    from station_app.domain.periods import SHANGHAI

    for m in saved:
        when = m.saved_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        print(f"{m.key[:12]}  {when}  {m.saved_by}")
        print(f"  表头：{' | '.join(m.headers) or '（无法读取）'}")
        print(f"  对应：{m.text}")
    print(f"共 {len(saved)} 个。删除：station-app import mappings --delete 编号")
    return 0


def cmd_export_entities(args: argparse.Namespace) -> int:
    ctx = _open(args)
    from station_app.domain.entities import EntityFilter

    flt = EntityFilter(
        text=args.search or "",
        grid_id=_grid_id(ctx, args.grid),
        entity_type=args.type,
        industry=args.industry,
        status=args.status,
        grade=args.grade,
        tag=args.tag,
        expiring_days=args.expiring,
    )
    count = ctx.services.entities.export(Path(args.file), flt, progress=TextProgress())
    if args.json:
        print_json({"ok": True, "file": args.file, "rows": count})
    else:
        print(f"已导出 {count} 户经营主体到：{args.file}")
    return 0


def _grid_id(ctx, code: str | None) -> int | None:
    if not code:
        return None
    for grid in ctx.services.entities.grids():
        if code in (grid.code, grid.name):
            return grid.id
    from station_app.errors import ValidationError

    raise ValidationError(f"没有编号或名称为“{code}”的网格。", field="grid")


def cmd_grade_recompute(args: argparse.Namespace) -> int:
    ctx = _open(args)
    result, _ = ctx.services.entities.recompute_grades(TextProgress())
    if args.json:
        print_json(
            {
                "ok": True,
                "entities": result.entities,
                "changed": result.changed,
                "by_grade": result.by_grade,
            }
        )
    else:
        spread = "，".join(f"{g} 级 {n} 户" for g, n in sorted(result.by_grade.items()))
        print(f"已重新计算 {result.entities} 户的本所分级，{result.changed} 户有变化。{spread}")
    return 0


def cmd_grade_rules(args: argparse.Namespace) -> int:
    """Show the grading rules in force beside the documented defaults."""
    ctx = _open(args)
    _print_rules(ctx.services.grading_rules.get(), args.json)
    return 0


def cmd_grade_rules_set(args: argparse.Namespace) -> int:
    """Change figures (``KEY VALUE`` pairs) of the grading rules; grades change on recompute."""
    ctx = _open(args)
    pairs = args.pairs
    if len(pairs) % 2:
        from station_app.errors import ValidationError

        raise ValidationError(
            "请成对给出“项目 数值”，例如：grade rules set licence_points 20 threshold_a 85"
        )
    svc = ctx.services.grading_rules
    current = svc.get()
    saved, changes = svc.save(dict(zip(pairs[::2], pairs[1::2])), current.version, args.reason)
    _print_rules(saved, args.json, changed=bool(changes))
    return 0


def cmd_grade_rules_reset(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.grading_rules
    saved, changes = svc.restore_defaults(svc.get().version)
    _print_rules(saved, args.json, changed=bool(changes))
    return 0


def _print_rules(data, as_json: bool, changed: bool | None = None) -> None:
    from station_app.domain.grading import RULE_FIELDS, GradingRules

    defaults = GradingRules()
    if as_json:
        out = {
            "ok": True,
            "version": data.version,
            "is_default": data.is_default,
            "rules": data.rules.as_dict(),
            "defaults": defaults.as_dict(),
            "fields": [
                {
                    "key": f.key,
                    "indicator": f.indicator,
                    "item": f.item,
                    "value": getattr(data.rules, f.key),
                    "default": getattr(defaults, f.key),
                }
                for f in RULE_FIELDS
            ],
        }
        if changed is not None:
            out["changed"] = changed
        print_json(out)
        return
    for f in RULE_FIELDS:
        value, default = getattr(data.rules, f.key), getattr(defaults, f.key)
        mark = "" if value == default else "  *"
        print(f"{f.key:<22}{f.label}：{value}（默认 {default}）{mark}")
    print("当前为默认规则。" if data.is_default else "* 与默认不同。")
    if changed:
        print("分级规则已保存。运行 station-app grade recompute 按新规则重新计算全部分级。")
    elif changed is False:
        print("规则没有变化，未保存。")


def add_parsers(sub) -> None:
    """Register the subcommands on the main parser's subparsers (called from cli/parser.py)."""
    imp = sub.add_parser("import", help="导入台账")
    imps = imp.add_subparsers(dest="import_command", metavar="类别", required=True)
    imps._parser_class = sub._parser_class
    ent = imps.add_parser("entities", help="导入经营主体台账（XLSX、XLS、CSV）")
    ent.add_argument("file", help="台账文件")
    ent.add_argument("--dry-run", action="store_true", help="试导入：只检查，不写入")
    ent.add_argument("--valid-only", action="store_true", help="有错误的行跳过，只导入无误的行")
    ent.add_argument("--report", help="把有错误的行写入此 XLSX 文件（改正后可重新导入）")
    ent.add_argument(
        "--rows", metavar="行号", help="只导入这些行，如 12,15,20-22（重新导入上次未导入的行）"
    )
    ent.set_defaults(func=cmd_import_entities)
    maps = imps.add_parser("mappings", help="查看或删除已保存的台账列对应关系")
    maps.add_argument("--delete", metavar="编号", help="删除此编号的对应关系（编号的前几位即可）")
    maps.set_defaults(func=cmd_import_mappings)

    exp = sub.add_parser("export", help="导出台账")
    exps = exp.add_subparsers(dest="export_command", metavar="类别", required=True)
    exps._parser_class = sub._parser_class
    ent = exps.add_parser("entities", help="导出经营主体（XLSX）")
    ent.add_argument("file", help="输出的 XLSX 文件")
    ent.add_argument("--search", help="检索词：名称、地址、拼音首字母、代码、电话")
    ent.add_argument("--grid", help="网格编号或名称")
    ent.add_argument("--type", help="主体类型：企业、个体工商户、农民专业合作社、未登记")
    ent.add_argument("--industry", help="行业")
    ent.add_argument("--status", help="登记状态：在营、歇业、注销、吊销")
    ent.add_argument("--grade", help="本所分级 A–D")
    ent.add_argument("--tag", help="标签")
    ent.add_argument("--expiring", type=int, help="许可证在 N 天内到期（含已过期）")
    ent.set_defaults(func=cmd_export_entities)

    grade = sub.add_parser("grade", help="本所分级")
    gs = grade.add_subparsers(dest="grade_command", metavar="操作", required=True)
    gs._parser_class = sub._parser_class
    gs.add_parser("recompute", help="重新计算全部经营主体的本所分级").set_defaults(
        func=cmd_grade_recompute
    )
    rules = gs.add_parser("rules", help="查看本所分级规则（各指标扣分和分数线）")
    rules.set_defaults(func=cmd_grade_rules)
    rs = rules.add_subparsers(dest="rules_command", metavar="操作")
    rs._parser_class = sub._parser_class
    put = rs.add_parser("set", help="修改分级规则：成对给出 项目 数值（项目名见 grade rules）")
    put.add_argument("pairs", nargs="+", metavar="项目 数值")
    put.add_argument("--reason", default="", help="修改原因（记入操作日志）")
    put.set_defaults(func=cmd_grade_rules_set)
    rs.add_parser("reset", help="恢复默认分级规则").set_defaults(func=cmd_grade_rules_reset)
