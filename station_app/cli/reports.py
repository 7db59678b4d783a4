"""``station-app report county|verify`` and ``station-app county merge``."""

from __future__ import annotations

import argparse
from pathlib import Path

from station_app.cli.commands import _open
from station_app.cli.output import print_json
from station_app.domain.periods import parse_period
from station_app.errors import ValidationError


def cmd_report_county(args: argparse.Namespace) -> int:
    period = parse_period(args.period)
    ctx = _open(args)
    result = ctx.services.reports.write_package(period, Path(args.out), details=args.details)
    if args.json:
        print_json(
            {
                "package": str(result.path),
                "period": period.code,
                "figures": {f.key: f.value for s in result.report.sections[1:] for f in s.figures},
            }
        )
    else:
        print(f"已生成 {period.label} 报表和数据包：{result.path}")
    return 0


def cmd_report_verify(args: argparse.Namespace) -> int:
    from station_app.services.reports import ReportService

    package = ReportService.read_package(Path(args.package))
    doc = package.figures
    head = (package.audit or {}).get("head")
    if args.json:
        print_json({"ok": True, "station": doc["station"], "period": doc["period"], "head": head})
    else:
        print(f"数据包校验通过：{doc['station']['name']} {doc.get('period_label', doc['period'])}")
        if head:
            print(f"操作日志锚点：第 {head['seq']} 条，日志校验码 {head['code']}")
    return 0


def cmd_county_merge(args: argparse.Namespace) -> int:
    accept = list(args.accept_new_chain or [])
    if accept and not (args.reason or "").strip():
        raise ValidationError("接受新的日志链须用 --reason 写明原因（记入县局锚点文件）。")
    from station_app.services.reports import ReportService

    result = ReportService.merge_packages(
        [Path(p) for p in args.packages],
        Path(args.out),
        state=Path(args.state) if args.state else None,
        accept={code: args.reason.strip() for code in accept},
    )
    if args.json:
        print_json(
            {
                "out": str(result.path),
                "period": result.period,
                "stations": result.stations,
                "totals": result.totals,
                "anchors_file": str(result.state),
                "anchors": [
                    {"station": c.station, "status": c.status, "head_seq": c.head_seq}
                    for c in result.anchors
                ],
            }
        )
    else:
        print(f"已汇总 {len(result.stations)} 个所（{result.period}）：{result.path}")
        for check in result.anchors:
            print(f"  {check.station}：{check.label}")
        print(f"日志锚点已记入：{result.state}")
    return 0


def register(sub, parser_class) -> None:
    report = sub.add_parser("report", help="上报县局的报表和数据包")
    rs = report.add_subparsers(dest="report_command", metavar="操作", required=True)
    rs._parser_class = parser_class
    county = rs.add_parser("county", help="生成某统计期的报表（Excel、综合 PDF）和数据包")
    county.add_argument("--period", required=True, help="2026-10（月）、2026Q3（季）或 2026（年）")
    county.add_argument("--out", required=True, help="输出文件夹")
    county.add_argument("--details", action="store_true", help="附明细表（个人信息已脱敏）")
    county.set_defaults(func=cmd_report_county)
    verify = rs.add_parser("verify", help="校验数据包（SHA-256 清单）")
    verify.add_argument("package")
    verify.set_defaults(func=cmd_report_verify)
    county_cmd = sub.add_parser("county", help="县局：汇总各所数据包")
    cs = county_cmd.add_subparsers(dest="county_command", metavar="操作", required=True)
    cs._parser_class = parser_class
    merge = cs.add_parser("merge", help="把多个所的数据包汇总为一张县局工作簿")
    merge.add_argument("packages", nargs="+")
    merge.add_argument("--out", required=True, help="输出 .xlsx")
    merge.add_argument(
        "--state",
        help="县局锚点文件（或其所在文件夹），默认在本机数据目录的 county/county-anchors.json",
    )
    merge.add_argument(
        "--accept-new-chain",
        action="append",
        metavar="所代码",
        help="接受该所重新开始的日志链一次（如该所恢复了旧备份），须同时写 --reason",
    )
    merge.add_argument("--reason", help="接受新日志链的原因（记入锚点文件）")
    merge.set_defaults(func=cmd_county_merge)
