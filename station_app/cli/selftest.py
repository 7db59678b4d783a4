"""``station-app selftest [--json]``: the installation's self-test (:mod:`station_app.selftest`).

Needs no database and no sign-in. Exit code 0 when every check passed, 1 otherwise."""

from __future__ import annotations

import argparse

from station_app.cli.output import print_json

FAILED_EXIT = 1


def add_parser(sub) -> None:
    p = sub.add_parser("selftest", help="自检：图形界面、字体、SQLite、迁移、PDF、XLSX、数据目录")
    p.add_argument("--qt-probe", action="store_true", help=argparse.SUPPRESS)  # the Qt child
    p.set_defaults(func=cmd_selftest)


def cmd_selftest(args: argparse.Namespace) -> int:
    from station_app.selftest import run_selftest

    report = run_selftest()
    if getattr(args, "json", False):
        print_json(report.as_dict())
    else:
        _print_text(report)
    return 0 if report.ok else FAILED_EXIT


def _print_text(report) -> None:
    commit = f"，提交 {report.commit}" if report.commit else ""
    print(
        f"工作台自检（版本 {report.version}{commit}，{report.packaging}，Python {report.python}）"
    )
    for check in report.checks:
        mark = "通过" if check.ok else "失败"
        print(f"  [{mark}] {check.title}：{check.detail if check.ok else check.reason}")
    failed = [c for c in report.checks if not c.ok]
    if failed:
        print(f"自检未通过：{len(failed)} 项失败（见上）。")
    else:
        print(f"自检通过：{len(report.checks)} 项全部正常。")
