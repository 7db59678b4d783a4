"""Entry point: ``station-app`` opens the GUI; with a command it runs the CLI.

Kept light: heavy modules (Qt, SQLAlchemy, reportlab, openpyxl, Alembic) load only when the
chosen path needs them.
"""

from __future__ import annotations

import gc
import sys


def main(argv: list[str] | None = None) -> int:
    gc.disable()  # while modules load; the GUI resumes it once its window shows, the CLI at once
    from station_app.instance import mark_running

    mark_running()  # the Windows installer waits while any of us runs
    from station_app.files import set_private_umask

    set_private_umask()  # the database, WAL, backups, logs, exports: owner-only (files.py)
    from station_app.cli.options import parse_gui_start

    args = parse_gui_start(argv)
    if args is None:  # a command (or --help, or a mistake): the whole parser
        from station_app.cli.parser import build_parser

        args = build_parser().parse_args(argv)
    if args.command is not None:
        gc.enable()
        from station_app.cli.output import ensure_chinese_output

        ensure_chinese_output()

    from station_app.logsetup import setup_logging

    setup_logging(verbose=args.verbose, to_stderr=args.command is not None)
    if args.command is None:
        # Before Qt is imported: open the database and start the sign-in check (see startup.py)
        from station_app.startup import begin_gui

        early = begin_gui(args)
        from station_app.ui.app import run_gui

        return run_gui(args, early)

    if getattr(args, "qt_command", None) == "screenshot":
        from station_app.ui.screenshot import run_screenshot

        return _guarded(run_screenshot, args)
    if getattr(args, "qt_probe", False):  # the Qt half of ``selftest`` (its child process)
        from station_app.ui.selftest import run_probe

        return run_probe()
    if getattr(args, "demo_target", False) and not args.db:
        args.demo = True
    return _guarded(args.func, args)


def _guarded(func, args) -> int:
    from station_app.cli.output import print_error
    from station_app.errors import StationError
    from station_app.services.connection import operation

    try:
        with operation():  # a lost database connection says what was saved
            return func(args)
    except StationError as exc:
        print_error(exc, as_json=getattr(args, "json", False))
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


def gui_main() -> int:
    return main([])


if __name__ == "__main__":
    sys.exit(main())
