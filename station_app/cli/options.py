"""The options every start understands (``--db``, ``--demo``, ``--user``, …), and the quick
parse of a start that opens the GUI: ``station-app`` with no command does not build the whole
command parser (dozens of subcommands, ~15 ms) nor import the command modules (~10 ms), which
the window's start-up time would pay for nothing. Kept free of heavy imports."""

from __future__ import annotations

import argparse


def add_global_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="数据库：SQLite 文件路径或 URL（也可用环境变量 STATION_DB_URL）")
    p.add_argument("--demo", action="store_true", help="使用演示数据库")
    p.add_argument("--json", action="store_true", help="输出 JSON 结果")
    p.add_argument(
        "--user", help="以此用户身份操作（也可用 STATION_USER；密码用 STATION_PASSWORD 或提示输入）"
    )
    p.add_argument("-v", "--verbose", action="store_true", help="显示详细日志")


def parse_gui_start(argv: list[str] | None) -> argparse.Namespace | None:
    """The parsed options when ``argv`` holds nothing but global options (the GUI opens);
    ``None`` when there is a command, ``--help``, ``--version`` or anything else, for the full
    parser (``cli.parser.build_parser``) to handle, errors included."""
    p = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    add_global_options(p)
    try:
        args, rest = p.parse_known_args(argv)
    except SystemExit:  # e.g. --db without its value: the full parser says so in Chinese
        return None
    if rest:
        return None
    args.command = None
    return args


def bounded_int(low: int, high: int, what: str):
    """An argparse ``type``: an integer from ``low`` to ``high``, refused in Chinese otherwise
    (a 20-digit id overflowed SQLite and a 20-digit day count overflowed ``timedelta``)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what}应为整数，而不是“{text}”") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what}应在 {low:,} 到 {high:,} 之间，而不是 {text}")
        return value

    parse.__name__ = what
    return parse


RECORD_ID = bounded_int(1, 2**63 - 1, "编号")
DAYS = bounded_int(0, 36_500, "天数")
