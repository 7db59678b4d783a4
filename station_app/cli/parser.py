"""The argument parser. Commands that need Qt (the GUI, ``screenshot``) are dispatched by
``station_app.__main__``; everything else by :mod:`station_app.cli.commands`."""

from __future__ import annotations

import argparse

from station_app import APP_TITLE, __version__
from station_app.cli import argparse_zh
from station_app.cli import commands as c
from station_app.cli import complaints as complaints_cli
from station_app.cli import roster as roster_cli
from station_app.cli.options import add_global_options, bounded_int

PAGES = (
    "home",
    "roster",
    "entities",
    "sweeps",
    "orders",
    "complaints",
    "lists",
    "prices",
    "warnings",
    "patrols",
    "campaigns",
    "draws",
    "visits",
    "violations",
    "outreach",
    "reports",
    "settings",
)


class ChineseParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's texts are Chinese (argparse_zh); add a hint
        self.print_usage()
        self.exit(2, f"错误：命令参数不正确（{message}）。用 -h 查看用法。\n")

    def _get_value(self, action, arg_string):  # "不是有效的整数", not "invalid int value"
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError as exc:
            if action.type in (int, float):
                name = argparse_zh.type_name(action.type)
                raise argparse.ArgumentError(action, f"“{arg_string}”不是有效的{name}") from exc
            raise


def _with_parents(cls, common):
    class WithCommon(cls):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("parents", [common])
            super().__init__(*args, **kwargs)

    return WithCommon


def build_parser() -> argparse.ArgumentParser:
    argparse_zh.install()
    p = ChineseParser(prog="station-app", description=f"{APP_TITLE}（不带命令时打开图形界面）")
    p.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="显示程序版本并退出"
    )
    add_global_options(p)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="输出 JSON")
    common.add_argument("--user", default=argparse.SUPPRESS, help="以此用户身份操作")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)
    sub._parser_class = _with_parents(ChineseParser, common)  # every subcommand takes --json

    db = sub.add_parser("db", help="数据库：升级、检查、备份、恢复")
    dbs = db.add_subparsers(dest="db_command", metavar="操作", required=True)
    dbs._parser_class = sub._parser_class
    dbs.add_parser("upgrade", help="升级数据库结构（先自动备份）").set_defaults(
        func=c.cmd_db_upgrade
    )
    dbs.add_parser("check", help="检查结构版本和完整性").set_defaults(func=c.cmd_db_check)
    b = dbs.add_parser("backup", help="备份数据库")
    b.add_argument("file", nargs="?", help="备份文件（默认放在数据目录的 backups 文件夹）")
    b.set_defaults(func=c.cmd_db_backup)
    r = dbs.add_parser("restore", help="从备份恢复（原数据库另存保留，记入操作日志）")
    r.add_argument("file", help="备份文件")
    r.add_argument(
        "--force",
        action="store_true",
        help="备份来自另一个所或操作日志校验不通过时仍然恢复（须用 --reason 写明原因）",
    )
    r.add_argument("--reason", help="强制恢复的原因（记入操作日志）")
    r.set_defaults(func=c.cmd_db_restore)

    demo = sub.add_parser("demo", help="生成演示数据（默认写入演示数据库）")
    demo.add_argument(
        "--seed",
        type=bounded_int(0, 2**32, "随机种子"),
        default=2026,
        help="随机种子（相同种子生成相同数据）",
    )
    demo.add_argument(
        "--entities", type=bounded_int(0, 1_000_000, "数量"), default=None, help="经营主体数量"
    )
    demo.add_argument(
        "--complaints",
        type=bounded_int(0, 100_000, "数量"),
        default=None,
        help="投诉数量（默认 420）",
    )
    demo.add_argument(
        "--complaints-year",
        type=bounded_int(2000, 2100, "年份"),
        default=None,
        help="投诉都在这一年接收（默认近 12 个月）",
    )
    demo.set_defaults(func=c.cmd_demo, demo_target=True)

    sub.add_parser("info", help="显示数据库和所信息").set_defaults(func=c.cmd_info)

    users = sub.add_parser("users", help="用户：添加、改密码、停用、列表")
    us = users.add_subparsers(dest="users_command", metavar="操作", required=True)
    us._parser_class = sub._parser_class
    add = us.add_parser("add", help="添加用户（新数据库的第一个用户必须是系统管理员）")
    add.add_argument("username")
    add.add_argument("--role", required=True, help=c.ROLE_HELP)
    add.add_argument("--name", help="姓名")
    add.set_defaults(func=c.cmd_users_add)
    pw = us.add_parser("passwd", help="修改密码（新密码可用 STATION_NEW_PASSWORD 提供）")
    pw.add_argument("username")
    pw.set_defaults(func=c.cmd_users_passwd)
    for name, func, text in (
        ("disable", c.cmd_users_disable, "停用用户"),
        ("enable", c.cmd_users_enable, "重新启用用户"),
    ):
        cmd = us.add_parser(name, help=text)
        cmd.add_argument("username")
        cmd.add_argument("--reason", help="原因（记入操作日志）")
        cmd.set_defaults(func=func)
    us.add_parser("list", help="列出用户").set_defaults(func=c.cmd_users_list)

    audit = sub.add_parser("audit", help="操作日志")
    aus = audit.add_subparsers(dest="audit_command", metavar="操作", required=True)
    aus._parser_class = sub._parser_class
    verify = aus.add_parser("verify", help="校验操作日志未被篡改（可对照锚点）")
    verify.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="文件或校验码",
        help="对照的锚点：数据包 .zip、备份或其 .head.json、县局锚点文件，或文书上的日志校验码；可多次",
    )
    verify.set_defaults(func=c.cmd_audit_verify)

    from station_app.cli import reports

    reports.register(sub, sub._parser_class)

    roster_cli.add_parser(sub)
    complaints_cli.add_parsers(sub)

    from station_app.cli.entities import add_parsers as add_entity_parsers

    add_entity_parsers(sub)

    from station_app.cli.lists import add_parser as add_lists_parser

    add_lists_parser(sub)

    from station_app.cli.sweeps import add_parser as add_sweeps_parser

    add_sweeps_parser(sub)

    from station_app.cli.orders import add_parser as add_orders_parser

    add_orders_parser(sub)

    from station_app.cli.patrols import add_parser as add_patrols_parser

    add_patrols_parser(sub)
    from station_app.cli.patrol_records import add_parsers as add_patrol_records_parsers

    add_patrol_records_parsers(sub)

    from station_app.cli.campaigns import add_parser as add_campaigns_parser
    from station_app.cli.draws import add_parser as add_draws_parser

    add_campaigns_parser(sub)
    add_draws_parser(sub)
    from station_app.cli import outreach, violations, visits

    visits.add_parsers(sub)
    violations.add_parsers(sub)
    outreach.add_parsers(sub)

    from station_app.cli.prices import add_parser as add_prices_parser
    from station_app.cli.warnings import add_parser as add_warnings_parser

    add_prices_parser(sub)
    add_warnings_parser(sub)

    from station_app.cli.selftest import add_parser as add_selftest_parser

    add_selftest_parser(sub)

    shot = sub.add_parser("screenshot", help="离屏渲染一个页面并保存为 PNG")
    shot.add_argument("--page", required=True, choices=PAGES, help="页面名")
    shot.add_argument("--out", required=True, help="输出 PNG 文件")
    shot.add_argument("--width", type=bounded_int(200, 8000, "宽度"), default=1280)
    shot.add_argument("--height", type=bounded_int(200, 8000, "高度"), default=800)
    shot.add_argument("--scale", type=float, default=1.0, help="界面缩放（1.25、1.5 检查高分屏）")
    shot.add_argument("--tab", help="页面中的选项卡，如 settings 的 grading（分级规则）")
    shot.set_defaults(func=None, qt_command="screenshot")
    return p
