"""``station-app patrols sheet-template`` and ``patrols import``: a day's sheet as an XLSX
template to fill in, and the filled sheet read back (all or nothing, each error with its row
and column; ``--dry-run`` checks without saving)."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from station_app.cli.commands import _open
from station_app.cli.output import print_json
from station_app.errors import ValidationError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"日期“{text}”无法识别，请写作 2026-07-01。", field="date") from None


def cmd_sheet_template(args: argparse.Namespace) -> int:
    ctx = _open(args)
    out = ctx.services.patrols.sheet_template(_date(args.date), args.grid, args.out, args.person)
    if args.json:
        print_json({"ok": True, "file": str(out.path), "rows": out.rows})
    else:
        print(f"已生成巡查表模板（{out.rows} 行）：{out.path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from station_app.domain.patrols.entry import SheetErrors

    ctx = _open(args)
    try:
        entry, _ = ctx.services.patrols.import_sheet(args.file, dry_run=args.dry_run)
    except SheetErrors as exc:
        if args.json:
            problems = [{"row": p.row, "column": p.column, "message": p.message}
                        for p in exc.problems]  # fmt: skip
            print_json({"ok": False, "error": exc.message, "errors": problems})
        print(f"错误：巡查表有 {len(exc.problems)} 处错误，未导入任何一行：", file=sys.stderr)
        for p in exc.problems:
            print(f"  第 {p.row} 行：{p.message}", file=sys.stderr)
        return exc.exit_code
    if args.json:
        print_json(
            {
                "ok": True, "dry_run": entry.dry_run, "saved": entry.saved,
                "closed_door": entry.closed_door, "hazards": entry.hazards,
                "skipped": entry.skipped, "records": list(entry.record_ids),
                "summary": entry.summary,
            }
        )  # fmt: skip
    else:
        print(("（试导入，未保存）" if entry.dry_run else "") + entry.summary)
    return 0


def add_sheet_parsers(ps) -> None:
    """Register the two commands under ``patrols``."""
    tpl = ps.add_parser("sheet-template", help="导出某天某网格的巡查表模板（XLSX，填写后可导入）")
    tpl.add_argument("--date", required=True, help="日期 YYYY-MM-DD")
    tpl.add_argument("--grid", required=True, help="网格编号")
    tpl.add_argument("--person", help="只导出一名网格员的")
    tpl.add_argument("--out", required=True, help="输出 XLSX 文件")
    tpl.set_defaults(func=cmd_sheet_template)
    imp = ps.add_parser("import", help="导入填好的巡查表（全部正确才保存）")
    imp.add_argument("file", metavar="FILE", help="填好的巡查表 XLSX")
    imp.add_argument("--dry-run", action="store_true", help="只检查，不保存")
    imp.set_defaults(func=cmd_import)
