"""``station-app print agreement CASE_NO`` and ``station-app complaints list|export|figures``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from station_app.cli.commands import _open
from station_app.cli.output import print_json
from station_app.domain import complaints as rules
from station_app.domain.complaints import COPIES, DOC_KINDS
from station_app.domain.periods import parse_period
from station_app.errors import ValidationError

if TYPE_CHECKING:
    from station_app.domain.complaints import ComplaintFilter


KINDS = tuple(DOC_KINDS)


def _filter(args: argparse.Namespace) -> ComplaintFilter:
    from station_app.domain.complaints import ComplaintFilter

    start = end = None
    if getattr(args, "period", None):
        period = parse_period(args.period, ranges=True)
        start, end = period.start, period.last
    status = getattr(args, "status", None)
    if status and status not in rules.STATUSES:
        raise ValidationError(
            f"状态“{status}”无效，可选：{'、'.join(rules.STATUSES)}。", field="status"
        )
    return ComplaintFilter(status=status or None, start=start, end=end)


def cmd_print(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise ValidationError("输出文件名请以 .pdf 结尾。", field="out")
    ctx = _open(args)
    svc = ctx.services.complaints
    case = svc.get_by_number(args.case_no)
    kind = args.kind
    if kind == "agreement":
        kind = rules.agreement_kind(case.performed_on_spot)
    copies = tuple(args.copy) if args.copy else None
    issued, _ = svc.print_document(case.id, kind, out, copies=copies)
    if args.json:
        print_json(
            {
                "ok": True,
                "file": str(out),
                "kind": kind,
                "number": issued.number,
                "reprint": issued.reprint,
                "prints": issued.prints,
            }
        )
    else:
        mark = "（重印，标注“副本”）" if issued.reprint else ""
        number = f" {issued.number}" if issued.number else ""  # 调解记录 has no number
        print(f"已生成{issued.label}{number}{mark}：{out}")

    return 0


def cmd_list(args: argparse.Namespace) -> int:
    ctx = _open(args)
    rows = ctx.services.complaints.list_cases(_filter(args))
    if args.json:
        print_json(
            {
                "ok": True,
                "count": len(rows),
                "cases": [
                    {
                        "number": r["number"],
                        "state": r["status"],
                        "received_on": r["received_on"],
                        "channel": r["channel"],
                        "respondent": r["respondent"],
                        "claim": r["claim"],
                        "due": r["due"].split(" ")[0] or None,
                        "deadline": r["deadline_state"] or None,
                    }
                    for r in rows
                ],
            }
        )
    else:
        for r in rows:
            print(
                f"{r['number']}  {r['received_on']}  {r['status']:<5}  {r['channel']:<5}  {r['respondent']}  {r['due']}"
            )
        print(f"共 {len(rows)} 件")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.file)
    if out.suffix.lower() != ".xlsx":
        raise ValidationError("导出文件名请以 .xlsx 结尾。", field="file")
    ctx = _open(args)
    count = ctx.services.complaints.export_xlsx(_filter(args), out)
    if args.json:
        print_json({"ok": True, "file": str(out), "rows": count, "masked": True})
    else:
        print(f"已导出 {count} 件投诉（个人信息已脱敏）：{out}")
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    ctx = _open(args)
    figures = ctx.services.complaints.complaint_figures(args.period)
    if args.json:
        print_json(figures.as_dict())
        return 0
    c = figures.counts
    print(f"{figures.period.label} 投诉调解统计")
    print(
        f"  接收 {c['received']} 件；受理 {c['accepted']}；不予受理 {c['refused']}；调解结束 {c['mediated']}"
        f"（成功 {c['succeeded']}，终止 {c['terminated']}）"
    )
    print("  渠道：" + "，".join(f"{k} {v}" for k, v in figures.by_channel.items()))
    print(f"  挽回经济损失 {rules.yuan(figures.money_recovered_fen)} 元")
    for r in figures.rates:
        print(f"  {r.label}：{r.text}（{r.numerator}/{r.denominator}）")
        print(f"    口径：{r.definition}")
    return 0


def cmd_import_12315(args) -> int:
    """``complaints import-12315 FILE``: register the platform's complaints."""

    mapping = {}
    for spec in args.column:
        field, sep, title = spec.partition("=")
        if not sep or not field.strip() or not title.strip():
            raise ValidationError(f"--column 应写成 字段=列标题，例如 platform_no=投诉单号：{spec}")
        mapping[field.strip()] = title.strip()
    ctx = _open(args)
    result, _ = ctx.services.complaints.import_platform_sheet(
        Path(args.file), mapping=mapping or None, dry_run=args.dry_run, valid_only=args.valid_only
    )
    if args.json:
        print_json(result.as_json())
    else:
        print(("试导入：" if args.dry_run else "") + result.message)
        for e in result.rejected:
            print(f"  第 {e.row} 行：{e.reason}")
    return 0 if result.committed else 1


def add_parsers(sub) -> None:
    """``print`` and ``complaints`` on the top-level subparsers."""
    pr = sub.add_parser("print", help="打印文书（PDF）")
    ps = pr.add_subparsers(dest="print_command", metavar="文书", required=True)
    ps._parser_class = sub._parser_class
    ag = ps.add_parser("agreement", help="投诉调解书及受理、不予受理、终止调解决定书、调解记录")
    ag.add_argument("case_no", metavar="CASE_NO", help="投诉编号，如 TS2026-0012")
    ag.add_argument("--out", required=True, help="输出 PDF 文件")
    ag.add_argument(
        "--kind",
        choices=KINDS,
        default="agreement",
        help="agreement 调解书（默认）| acceptance 受理决定书 | refusal 不予受理决定书 | "
        "termination 终止调解决定书 | record 调解记录",
    )
    ag.add_argument(
        "--copy", action="append", choices=COPIES, help="只打印某一联（可重复），默认全部"
    )
    ag.set_defaults(func=cmd_print)

    cp = sub.add_parser("complaints", help="投诉调解：列表、导出、统计")
    cs = cp.add_subparsers(dest="complaints_command", metavar="操作", required=True)
    cs._parser_class = sub._parser_class
    ls = cs.add_parser("list", help="列出投诉（--json 给出编号和状态）")
    ls.add_argument("--period", help="按收到日期：2026-10、2026Q3、2026 或 2026-01-01..2026-03-31")
    ls.add_argument("--status", help="状态：" + "、".join(rules.STATUSES))
    ls.set_defaults(func=cmd_list)
    im = cs.add_parser("import-12315", help="导入 12315 平台导出的投诉工单表（按投诉单号去重）")
    im.add_argument("file", help="平台导出的 .xlsx / .xls / .csv 文件")
    im.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    im.add_argument("--valid-only", action="store_true", help="有错误的行跳过，只导入无误的行")
    im.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="字段=列标题",
        help="指明某列（可重复），如 platform_no=平台流水号；用过的对应关系会保存",
    )
    im.set_defaults(func=cmd_import_12315)
    ex = cs.add_parser("export", help="导出 Excel（个人信息脱敏）")
    ex.add_argument("file", help="输出 FILE.xlsx")
    ex.add_argument("--period", help="按收到日期的统计期间")
    ex.add_argument("--status", help="状态")
    ex.set_defaults(func=cmd_export)
    fg = cs.add_parser("figures", help="统计数字和比率（含口径说明）")
    fg.add_argument("--period", required=True, help="2026-10、2026Q3、2026 …")
    fg.set_defaults(func=cmd_figures)
