"""Subcommands. Each handler takes the parsed args and returns an exit code."""

from __future__ import annotations

import argparse
from pathlib import Path

from station_app import __version__
from station_app.bootstrap import AppContext, open_context, resolve_db_url
from station_app.cli.output import TextProgress, print_json
from station_app.data.engine import Database
from station_app.services.database import DatabaseService
from station_app.services.demo import DemoOptions


def _open(args: argparse.Namespace, *, migrate: bool = True) -> AppContext:
    return open_context(resolve_db_url(args.db, demo=args.demo), migrate=migrate)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    ctx = _open(args)
    status = ctx.services.database.status()
    print(f"数据库已是最新结构（版本 {status.current}）：{status.info.display}")
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    db = Database(resolve_db_url(args.db, demo=args.demo))
    db.probe()
    service = DatabaseService(db)
    schema = service.check()
    integrity = service.integrity_check()
    result = {
        "database": db.info.display,
        "schema": schema.current,
        "head": schema.head,
        "up_to_date": schema.up_to_date,
        "integrity": integrity,
    }
    if args.json:
        print_json(result)
    else:
        state = "最新" if schema.up_to_date else f"需要升级到 {schema.head}"
        print(f"数据库：{db.info.display}\n结构版本：{schema.current or '（空库）'}（{state}）")
        print(f"完整性检查：{'通过' if integrity == 'ok' else integrity}")
    return 0 if integrity == "ok" else 1


def cmd_db_backup(args: argparse.Namespace) -> int:
    ctx = _open(args, migrate=False)
    path = ctx.services.database.backup(Path(args.file) if args.file else None)
    print(f"已备份到：{path}")
    return 0


def cmd_db_restore(args: argparse.Namespace) -> int:
    ctx = _open(args, migrate=False)
    kept, _ = ctx.services.database.restore(Path(args.file))
    print(f"已从 {args.file} 恢复。原数据库已另存为：{kept}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    ctx = _open(args)
    options = DemoOptions(seed=args.seed)
    if args.entities is not None:
        options.entities = args.entities
    counts, _ = ctx.services.demo.build(options, TextProgress())
    if args.json:
        print_json({"database": ctx.db.info.display, "counts": counts})
    else:
        print(f"演示数据库已生成：{ctx.db.info.display}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    ctx = _open(args, migrate=False)
    status = ctx.services.database.status()
    profile = ctx.services.station.get_profile()
    data = {
        "version": __version__,
        "database": status.info.display,
        "kind": status.info.kind,
        "server_version": status.server_version,
        "schema": status.current,
        "station": profile.name if profile else None,
    }
    if args.json:
        print_json(data)
    else:
        for key, value in data.items():
            print(f"{key}: {value}")
    return 0
