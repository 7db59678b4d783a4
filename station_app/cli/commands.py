"""Subcommands. Each handler takes the parsed args and returns an exit code."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from station_app import __version__
from station_app.bootstrap import AppContext, open_context, resolve_db_url
from station_app.cli.output import TextProgress, print_json
from station_app.domain.auth import ROLE_LABELS
from station_app.errors import (
    DatabaseCorruptError,
    PermissionDeniedError,
    RestoreRefusedError,
    StationError,
    ValidationError,
)
from station_app.services.database import recover_from_backup

NO_USERS = (
    "该数据库还没有任何用户。请先创建系统管理员：\n"
    "  station-app users add 用户名 --role admin --name 姓名"
)


def _open(
    args: argparse.Namespace, *, migrate: bool = True, login: bool = True, create: bool = False
) -> AppContext:
    """Open the database; sign in as ``--user`` / STATION_USER unless ``login`` is False. A
    missing SQLite file is created only with ``create`` (``db upgrade``) or in the default
    location; elsewhere the error names the path (a mistyped ``--db``)."""
    url = resolve_db_url(args.db, demo=args.demo)
    ctx = open_context(url, migrate=migrate, create=create or None)
    if login:
        try:
            _login(ctx, args)
        except BaseException:
            ctx.close()
            raise
    return ctx


def _login(ctx: AppContext, args: argparse.Namespace) -> None:
    if ctx.services.users.count() == 0:
        raise StationError(NO_USERS)
    username = args.user or os.environ.get("STATION_USER", "")
    if not username:
        raise PermissionDeniedError("请用 --user 或环境变量 STATION_USER 指定以哪个用户身份操作。")
    password = os.environ.get("STATION_PASSWORD")
    if password is None:
        password = _prompt(f"用户 {username} 的密码：")
    ctx.services.users.sign_in(username, password)


def _prompt(text: str) -> str:
    if not sys.stdin or not sys.stdin.isatty():
        raise PermissionDeniedError("无法在此输入密码：请用环境变量 STATION_PASSWORD 提供密码。")
    return getpass.getpass(text)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    ctx = _open(args, login=False, create=True)  # the one command that makes a new database
    status = ctx.services.database.status()
    print(f"数据库已是最新结构（版本 {status.current}）：{status.info.display}")
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    ctx = _open(args, migrate=False)
    service = ctx.services.database
    schema = service.check()
    integrity = service.integrity_check()
    result = {
        "database": ctx.db.info.display,
        "schema": schema.current,
        "head": schema.head,
        "up_to_date": schema.up_to_date,
        "integrity": integrity,
    }
    if args.json:
        print_json(result)
    else:
        state = "最新" if schema.up_to_date else f"需要升级到 {schema.head}"
        print(f"数据库：{ctx.db.info.display}\n结构版本：{schema.current or '（空库）'}（{state}）")
        print(f"完整性检查：{'通过' if integrity == 'ok' else integrity}")
    return 0 if integrity == "ok" else 1


def cmd_db_backup(args: argparse.Namespace) -> int:
    ctx = _open(args, migrate=False)
    path = ctx.services.database.backup(Path(args.file) if args.file else None)
    print(f"已备份到：{path}")
    return 0


def cmd_db_restore(args: argparse.Namespace) -> int:
    reason = (args.reason or "").strip()
    if args.force and not reason:
        raise ValidationError("强制恢复必须用 --reason 写明原因（记入操作日志）。", field="reason")
    if reason and not args.force:
        raise ValidationError("--reason 只和 --force 一起使用。", field="reason")
    try:
        ctx = _open(args, migrate=False)
    except DatabaseCorruptError as exc:  # sign in against the backup instead (see service)
        username = args.user or os.environ.get("STATION_USER", "")
        if not username:
            raise PermissionDeniedError(
                "请用 --user 或 STATION_USER 指定有恢复权限的用户。"
            ) from exc
        password = os.environ.get("STATION_PASSWORD") or _prompt(f"用户 {username} 的密码：")
        kept = recover_from_backup(Path(str(exc.path)), Path(args.file), username, password)
        print(f"数据库已损坏，已从 {args.file} 恢复。损坏的文件另存为：{kept}")
        return 0
    try:
        kept, _ = ctx.services.database.restore(Path(args.file), force_reason=reason)
    except RestoreRefusedError as exc:
        exc.message += f'\n  station-app db restore "{args.file}" --force --reason "原因"'
        raise
    if args.json:
        print_json(
            {"ok": True, "restored_from": args.file, "kept": str(kept), "forced": bool(reason)}
        )
    else:
        print(f"已从 {args.file} 恢复（已记入操作日志）。原数据库已另存为：{kept}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Build (or rebuild) a demo database: a new file, or one ``demo`` built before; the
    options are checked before anything is opened (station_app/demo/)."""
    from station_app.demo import DemoOptions, build_new_file

    options = DemoOptions(seed=args.seed)
    if args.entities is not None:
        options.entities = args.entities
    if args.complaints is not None:
        options.complaints = args.complaints
    options.complaints_year = args.complaints_year
    options.validate()
    url = resolve_db_url(args.db, demo=args.demo)
    path = _sqlite_path(url)
    if path is not None and not path.exists():
        counts = build_new_file(path, options, TextProgress())
        display = str(path)
    else:  # an existing database: never migrated nor changed unless demo built it
        ctx = _open(args, migrate=False, login=False)
        counts, _ = ctx.services.demo.build(options, TextProgress())
        display = ctx.db.info.display
    if args.json:
        print_json({"database": display, "counts": counts})
    else:
        print(f"演示数据库已生成：{display}")
        print("演示用户的密码都是 station-demo；系统管理员为 admin。")
    return 0


def _sqlite_path(url: str) -> Path | None:
    """The file a SQLite URL names (absolute), else None."""
    from station_app.bootstrap import sqlite_path

    return sqlite_path(url)


def cmd_info(args: argparse.Namespace) -> int:
    ctx = _open(args, migrate=False)
    status = ctx.services.database.status()
    profile = ctx.services.station.get_profile()
    from station_app import buildinfo

    data = {
        "version": __version__,
        "commit": buildinfo.commit(),
        "packaging": buildinfo.packaging(),
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


def cmd_users_add(args: argparse.Namespace) -> int:
    ctx = _open(args, login=False)
    if ctx.services.users.count() > 0:
        _login(ctx, args)
    password = os.environ.get("STATION_NEW_PASSWORD") or _new_password(args.username)
    user, _ = ctx.services.users.add_user(args.username, args.name or "", args.role, password)
    print(f"已创建用户 {user.username}（{user.role_label}）。")
    return 0


def _new_password(username: str) -> str:
    first = _prompt(f"为 {username} 设置密码：")
    if _prompt("再输入一次：") != first:
        raise StationError("两次输入的密码不一致，未做任何更改。")
    return first


def cmd_users_passwd(args: argparse.Namespace) -> int:
    ctx = _open(args)
    password = os.environ.get("STATION_NEW_PASSWORD") or _new_password(args.username)
    ctx.services.users.change_password(args.username, password)
    print(f"已修改用户 {args.username} 的密码。")
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    ctx = _open(args)
    ctx.services.users.set_disabled(args.username, True, args.reason or "")
    print(f"已停用用户 {args.username}。")
    return 0


def cmd_users_enable(args: argparse.Namespace) -> int:
    ctx = _open(args)
    ctx.services.users.set_disabled(args.username, False, args.reason or "")
    print(f"已启用用户 {args.username}。")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    ctx = _open(args)
    users = ctx.services.users.list_users()
    if args.json:
        print_json(
            [
                {
                    "username": u.username,
                    "name": u.display_name,
                    "role": u.role,
                    "disabled": u.disabled,
                }
                for u in users
            ]
        )
        return 0
    for u in users:
        state = "（已停用）" if u.disabled else ""
        print(f"{u.username:16} {u.display_name:10} {u.role_label}{state}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    ctx = _open(args)
    result = ctx.services.audit.verify(TextProgress(), anchors=args.anchor)
    if args.json:
        print_json(
            {
                "ok": result.ok,
                "rows": result.rows,
                "first_bad_seq": result.first_bad_seq,
                "problem": result.problem,
                "head": result.head.as_json() if result.head else None,
                "verified_seq": result.verified_seq,
                "anchors": [
                    {
                        "source": r.anchor.source,
                        "seq": r.anchor.seq,
                        "ok": r.ok,
                        "problem": r.problem,
                    }
                    for r in result.anchors
                ],
            }
        )
    elif result.ok:
        print(f"操作日志校验通过：共 {result.rows} 条，未发现改动。")
        if result.head is not None:
            print(f"当前链头：第 {result.head.seq} 条，日志校验码 {result.head.code}")
        for r in result.anchors:
            print(f"  与锚点一致：{r.anchor.source}（第 {r.anchor.seq} 条）")
    if not result.ok:
        print(
            f"错误：操作日志第 {result.first_bad_seq} 条校验失败：{result.problem}", file=sys.stderr
        )
        for r in result.anchors:
            if not r.ok and r.problem != result.problem:
                print(f"  锚点不符：{r.problem}", file=sys.stderr)
        return 9
    return 0


ROLE_HELP = "，".join(f"{k}={v}" for k, v in ROLE_LABELS.items())
