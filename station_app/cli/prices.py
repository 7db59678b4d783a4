"""``station-app prices subjects add|list, observe, import, flags, refresh, chart, daily, rules``: price
monitoring from the terminal (issue #19's command lines; ``--json`` everywhere). Prices are
typed in yuan (``388`` or ``388.50``); ``price``/``baseline`` in JSON are yuan strings with two
decimals, ``ratio`` a decimal (1.63), ``at`` ISO with +08:00."""

from __future__ import annotations

import argparse
import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from station_app.cli.commands import _open
from station_app.cli.output import print_json
from station_app.clock import SHANGHAI
from station_app.errors import ValidationError

if TYPE_CHECKING:  # the parser is built at every start: import services when a command runs
    from station_app.services.prices import FlagView, SubjectView

_AT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})$")


def _at(text: str) -> datetime:
    m = _AT.match((text or "").strip())
    if not m:
        raise ValidationError(
            f'时间“{text}”无法识别，请写作 "2026-10-02 20:00"（北京时间）。', field="at"
        )
    try:
        day = datetime.fromisoformat(m[1])
        return day.replace(hour=int(m[2]), minute=int(m[3]), tzinfo=SHANGHAI)
    except ValueError:
        raise ValidationError(f"时间“{text}”不是有效的日期时间。", field="at") from None


def _yuan(fen: int | None) -> str | None:
    return None if fen is None else f"{Decimal(fen) / 100:.2f}"


def _ratio(bp: int | None) -> float | None:
    return None if bp is None else float(Decimal(bp) / 10000)


def _subject_json(v: SubjectView) -> dict:
    return {
        "id": v.id, "kind": v.kind, "name": v.name, "unit": v.unit, "entity_id": v.entity_id,
        "entity": v.entity_name, "market": v.market, "posted": _yuan(v.posted_fen),
        "district": v.district, "class": v.klass, "groups": list(v.groups),
    }  # fmt: skip


def _flag_json(f: FlagView) -> dict:
    at = f.observed_at.astimezone(SHANGHAI).isoformat() if f.observed_at else f.day.isoformat()
    return {
        "id": f.id, "subject": f.subject_id, "subject_name": f"{f.entity_name} {f.subject}".strip(),
        "day": f.day.isoformat(), "at": at, "price": _yuan(f.price_fen),
        "baseline": _yuan(f.baseline_fen), "rule": f.rule, "ratio": _ratio(f.ratio_bp),
        "state": f.state, "explanation": f.explanation,
    }  # fmt: skip


def _period(text: str | None, ctx):  # type: ignore[no-untyped-def]
    from station_app.domain.periods import parse_period

    if not text:
        return None
    return parse_period(text, ranges=True)


def cmd_subjects_add(args: argparse.Namespace) -> int:
    from station_app.domain.prices.money import parse_yuan
    from station_app.services.prices import SubjectInput

    ctx = _open(args)
    svc = ctx.services.prices
    entity_id = svc.resolve_entity(args.entity) if args.entity else None
    groups = tuple(svc.group_id(g) for g in args.group or ())
    data = SubjectInput(
        name=args.name, entity_id=entity_id, kind=args.kind or "客房", unit=args.unit or "",
        market=args.market or "", district=args.district or "", klass=args.klass or "",
        posted_fen=parse_yuan(args.posted, field="posted", label="明码标价") if args.posted else None,
    )  # fmt: skip
    view, _ = svc.add_subject(data, groups=groups)
    if args.json:
        print_json({"ok": True, **_subject_json(view)})
    else:
        print(view.id)
    return 0


def cmd_subjects_list(args: argparse.Namespace) -> int:
    ctx = _open(args)
    items = ctx.services.prices.subjects()
    if args.json:
        print_json({"ok": True, "subjects": [_subject_json(v) for v in items]})
    else:
        for v in items:
            posted = f"  明码标价 ¥{_yuan(v.posted_fen)}" if v.posted_fen else ""
            print(f"{v.id:>5}  {v.label}{posted}")
    return 0


def cmd_observe(args: argparse.Namespace) -> int:
    from station_app.domain.prices.money import parse_yuan
    from station_app.services.prices import ObservationInput

    ctx = _open(args)
    item = ObservationInput(args.subject, _at(args.at), parse_yuan(args.price), args.source or "")
    view, _ = ctx.services.prices.observe(item)
    raised = [
        f
        for f in ctx.services.prices.flags(_day_filter(view.day, view.subject_id))
        if f.state == "待处理"
    ]
    if args.json:
        print_json({"ok": True, "id": view.id, "subject": view.subject_id,
                    "at": view.observed_at.astimezone(SHANGHAI).isoformat(),
                    "price": _yuan(view.price_fen), "source": view.source,
                    "flags": [_flag_json(f) for f in raised]})  # fmt: skip
    else:
        print(f"已记录监测记录 {view.id}：{view.subject} ¥{_yuan(view.price_fen)}（{view.source}）")
        for f in raised:
            print(f"  预警：{f.explanation}")
    return 0


def _day_filter(day, subject_id):  # type: ignore[no-untyped-def]
    from station_app.domain.prices.lists import FlagFilter

    return FlagFilter(first=day, last=day, subject_id=subject_id)


def cmd_import(args: argparse.Namespace) -> int:
    ctx = _open(args)
    result, _ = ctx.services.prices.import_observations(
        Path(args.file), valid_only=args.valid_only, dry_run=args.dry_run
    )
    problems = [{"line": p.line, "column": p.column, "message": p.message} for p in result.problems]
    ok = not result.problems or args.valid_only
    if args.json:
        print_json({"ok": ok, "written": result.written, "flags_raised": result.flags_raised,
                    "dry_run": result.dry_run, "bad_rows": problems})  # fmt: skip
    else:
        for p in result.problems:
            print(str(p))
        if result.problems and not args.valid_only:
            print(
                f"有 {len(result.problems)} 处错误，未导入任何记录。改正后重试，或用 --valid-only 只导入正确的行。"
            )
        elif result.dry_run:
            print("试导入：检查通过，未写入。")
        else:
            print(f"已导入 {result.written} 条监测记录，新增预警信号 {result.flags_raised} 条。")
    return 0 if ok else 2


def cmd_flags(args: argparse.Namespace) -> int:
    from station_app.domain.prices.lists import FlagFilter

    ctx = _open(args)
    period = _period(args.period, ctx)
    flt = FlagFilter(
        first=period.start if period else None, last=period.last if period else None,
        state=args.state,
    )  # fmt: skip
    items = ctx.services.prices.flags(flt)
    if args.json:
        print_json({"ok": True, "flags": [_flag_json(f) for f in items]})
    else:
        for f in items:
            print(
                f"{f.id:>5}  {f.day}  {f.entity_name} {f.subject}  ¥{_yuan(f.price_fen)}  [{f.state}]  {f.explanation}"
            )
        print(f"共 {len(items)} 条预警信号。")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    ctx = _open(args)
    period = _period(args.period, ctx)
    result, _ = ctx.services.prices.refresh(
        period.start if period else None, period.last if period else None
    )
    if args.json:
        print_json({"ok": True, "raised": result.raised, "withdrawn": result.withdrawn,
                    "unknown_years": list(result.unknown_years)})  # fmt: skip
    else:
        print(f"已重新评估：新增预警信号 {result.raised} 条，撤销 {result.withdrawn} 条。")
        if result.unknown_years:
            years = "、".join(map(str, result.unknown_years))
            print(f"注意：{years} 年的节假日安排尚未录入，这些年份的节假日规则未评估。")
    return 0


def cmd_chart(args: argparse.Namespace) -> int:
    ctx = _open(args)
    period = _period(args.period, ctx)
    out, _ = ctx.services.prices.print_chart(
        args.subject, period.start, period.last, Path(args.out)
    )
    if args.json:
        print_json({"ok": True, "out": str(out)})
    else:
        print(f"已生成：{out}")
    return 0


def cmd_daily(args: argparse.Namespace) -> int:
    ctx = _open(args)
    day = _day(args.day) if args.day else None
    svc = ctx.services.prices
    out, _ = svc.print_daily(day, Path(args.out))
    if args.json:
        report = svc.daily(day)
        print_json({"ok": True, "out": str(out), "day": report.day.isoformat(),
                    "window": report.window.label if report.window else None,
                    "subjects": report.subjects, "observed_subjects": report.observed_subjects,
                    "observations": report.observations, "flags": report.flags_today,
                    "open_flags": report.open_flags})  # fmt: skip
    else:
        print(f"已生成：{out}")
    return 0


def _day(text: str):  # type: ignore[no-untyped-def]
    from datetime import date

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"日期“{text}”无法识别，请写作 2026-10-02。", field="day") from None


def cmd_rules(args: argparse.Namespace) -> int:
    ctx = _open(args)
    items = ctx.services.prices.rules()
    if args.json:
        print_json({"ok": True, "rules": [
            {"id": r.id, "series": r.series, "version": r.version, "kind": r.kind, "name": r.name,
             "params": r.params, "days": r.days, "active": r.active, "description": r.description}
            for r in items]})  # fmt: skip
    else:
        for r in items:
            print(f"{r.series:>3} 第{r.version}版  {r.name}：{r.description}")
    return 0


def add_parser(sub) -> None:
    """Register ``prices`` and its operations on the top-level subparsers."""
    prices = sub.add_parser("prices", help="价格监测：监测对象、价格录入与导入、预警信号、曲线")
    ps = prices.add_subparsers(dest="prices_command", metavar="操作", required=True)
    ps._parser_class = sub._parser_class
    subjects = ps.add_parser("subjects", help="监测对象")
    ss = subjects.add_subparsers(dest="subjects_command", metavar="操作", required=True)
    ss._parser_class = sub._parser_class
    add = ss.add_parser("add", help="新增监测对象（输出其编号）")
    add.add_argument("--entity", help="经营主体：统一社会信用代码或编号（客房必填）")
    add.add_argument("--name", required=True, help="房型或商品，如 标准间")
    add.add_argument("--posted", help="明码标价（元）")
    add.add_argument("--kind", choices=("客房", "商品"), help="类型（默认 客房）")
    add.add_argument("--unit", help="计价单位（默认 晚 / 公斤）")
    add.add_argument("--market", help="所在市场与摊位（商品）")
    add.add_argument("--district", help="片区（同类比较用）")
    add.add_argument("--class", dest="klass", help="档次：经济型 舒适型 高档型 豪华型 民宿 其他")
    add.add_argument("--group", action="append", help="加入分组（可多次）")
    add.set_defaults(func=cmd_subjects_add)
    ss.add_parser("list", help="列出监测对象").set_defaults(func=cmd_subjects_list)
    obs = ps.add_parser("observe", help="记录一次价格")
    obs.add_argument("subject", type=int, help="监测对象编号")
    obs.add_argument("--at", required=True, help='监测时间 "YYYY-MM-DD HH:MM"（北京时间）')
    obs.add_argument("--price", required=True, help="价格（元），如 388 或 388.50")
    obs.add_argument("--source", help="来源：网络平台（默认）、现场、电话、经营者报送")
    obs.set_defaults(func=cmd_observe)
    imp = ps.add_parser("import", help="从 XLSX/CSV 导入监测记录（有错误行时不导入）")
    imp.add_argument("file", help="表格文件")
    imp.add_argument("--valid-only", action="store_true", help="只导入正确的行，列出错误行")
    imp.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    imp.set_defaults(func=cmd_import)
    flags = ps.add_parser("flags", help="列出预警信号")
    flags.add_argument("--period", help="期间：2026-10、2026Q4、2026 或 2026-10-01..2026-10-07")
    flags.add_argument(
        "--state", help="状态：待处理、已告诫、核查中、合理、已转办、已撤销；open=未办结"
    )
    flags.set_defaults(func=cmd_flags)
    ref = ps.add_parser("refresh", help="按现行规则重新评估（默认全部数据）")
    ref.add_argument("--period", help="期间")
    ref.set_defaults(func=cmd_refresh)
    chart = ps.add_parser("chart", help="输出监测对象的价格曲线（PNG 或 A4 PDF 含逐日表）")
    chart.add_argument("subject", type=int, help="监测对象编号")
    chart.add_argument("--period", required=True, help="期间：2026-10 或 2026-09-01..2026-10-08")
    chart.add_argument("--out", required=True, help="输出文件 .png 或 .pdf")
    chart.set_defaults(func=cmd_chart)
    daily = ps.add_parser("daily", help="输出节日价格监测日报（A4 PDF）")
    daily.add_argument("--day", help="日期 YYYY-MM-DD（默认今天，今天无数据时为最近有数据的一天）")
    daily.add_argument("--out", required=True, help="输出文件 .pdf")
    daily.set_defaults(func=cmd_daily)
    ps.add_parser("rules", help="列出现行规则").set_defaults(func=cmd_rules)
