"""``station-app roster export|import|template``: the grid roster from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from station_app.cli.commands import _open
from station_app.cli.output import TextProgress, print_json
from station_app.errors import ValidationError


def cmd_roster_export(args: argparse.Namespace) -> int:
    path = Path(args.file)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise ValidationError("导出文件名请以 .xlsx（Excel）或 .pdf 结尾。", field="file")
    ctx = _open(args)
    roster = ctx.services.roster
    if suffix == ".pdf":
        roster.export_pdf(path, unmasked=args.unmasked)
    else:
        roster.export_xlsx(path, unmasked=args.unmasked)
    if args.json:
        print_json({"ok": True, "file": str(path), "masked": not args.unmasked})
    else:
        note = "（含未脱敏的个人信息，请妥善保管）" if args.unmasked else "（个人信息已脱敏）"
        print(f"已导出网格花名册：{path}{note}")
    return 0


def cmd_roster_template(args: argparse.Namespace) -> int:
    ctx = _open(args)
    path = ctx.services.roster.write_template(Path(args.file))
    if args.json:
        print_json({"ok": True, "file": str(path)})
    else:
        print(f"已保存导入模板：{path}")
    return 0


def cmd_roster_import(args: argparse.Namespace) -> int:
    ctx = _open(args)
    report, _ = ctx.services.roster.import_xlsx(
        Path(args.file), dry_run=args.dry_run, progress=TextProgress()
    )
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "dry_run": report.dry_run,
                "applied": report.applied,
                "rows": report.rows,
                "grids_created": report.grids_created,
                "communities_created": report.communities_created,
                "people_created": report.people_created,
                "people_updated": report.people_updated,
                "assignments_created": report.assignments_created,
                "errors": [
                    {"row": e.row_no, "column": e.column, "message": e.message}
                    for e in report.errors
                ],
            }
        )
    else:
        for error in report.errors:
            print(str(error), file=sys.stderr)
        print(report.summary())
    return 0 if report.ok else ValidationError.exit_code


def add_parser(sub) -> None:
    """Register ``roster`` and its operations on the top-level subparsers."""
    roster = sub.add_parser("roster", help="网格花名册：导出、导入、导入模板")
    rs = roster.add_subparsers(dest="roster_command", metavar="操作", required=True)
    rs._parser_class = sub._parser_class
    export = rs.add_parser("export", help="导出网格花名册（.xlsx 或 .pdf，个人信息默认脱敏）")
    export.add_argument("file", help="输出文件 FILE.xlsx 或 FILE.pdf")
    export.add_argument(
        "--unmasked",
        action="store_true",
        help="不脱敏（需要“查看未脱敏的个人信息”权限，记入操作日志）",
    )
    export.set_defaults(func=cmd_roster_export)
    imp = rs.add_parser("import", help="从 Excel 导入花名册（有错误时不导入任何数据）")
    imp.add_argument("file", help="按导入模板填写的 .xlsx 文件")
    imp.add_argument("--dry-run", action="store_true", help="试导入：只检查并统计，不写入")
    imp.set_defaults(func=cmd_roster_import)
    template = rs.add_parser("template", help="保存花名册导入模板")
    template.add_argument("file", help="输出文件 FILE.xlsx")
    template.set_defaults(func=cmd_roster_template)
