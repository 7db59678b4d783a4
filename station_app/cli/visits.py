"""``station-app visits …`` and ``annual-reports …``: service visits and annual reports from
the terminal (issue #20; the command lines and JSON keys are the issue's contract)."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import Any

from station_app.cli.commands import _open
from station_app.cli.output import TextProgress, print_json
from station_app.domain.periods import SHANGHAI, parse_period
from station_app.errors import ValidationError, os_reason


def parse_day(text: str | None, what: str = "日期") -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"{what}“{text}”无法识别，请写作 2026-11-29。", field="date"
        ) from None


def parse_moment(text: str, what: str = "时间") -> datetime:
    """``YYYY-MM-DD HH:MM`` (Beijing time)."""
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)
    except ValueError:
        raise ValidationError(
            f'{what}“{text}”无法识别，请写作 "2026-11-29 14:30"（北京时间）。', field="at"
        ) from None


def _moment(value: datetime | None) -> str | None:
    return value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if value else None


def visit_json(v) -> dict[str, Any]:
    from station_app.domain.visits.rules import OUTCOMES

    return {
        "id": v.id,
        "entity": {"id": v.entity_id, "name": v.entity_name, "uscc": v.uscc} if v.entity_id
        else None,
        "place": v.place,
        "at": _moment(v.at),
        "team": v.team_name,
        "members": [{"name": m.name, "role": m.role_label} for m in v.members],
        "topics": v.topics_label.split("、") if v.topics else [],
        "requests": [
            {"id": r.id, "text": r.text, "outcome": r.outcome_label, "outcome_code": r.outcome,
             "handler": r.handler, "outcome_at": _moment(r.outcome_at), "due_on": r.due_on,
             "status": OUTCOMES[r.outcome], "order_number": r.order_number or None}
            for r in v.requests
        ],
        "note": v.note,
        "warnings": list(v.warnings),
        "voided": v.voided,
    }  # fmt: skip


def _requests(args) -> tuple:
    from station_app.domain.visits.rules import RequestDraft, parse_outcome

    texts, outcomes = args.request or [], args.outcome or []
    if len(outcomes) > len(texts):
        raise ValidationError("--outcome 比 --request 多：每个 --outcome 跟在一条 --request 之后。",
                              field="outcome")  # fmt: skip
    out = []
    for n, text in enumerate(texts):
        code, handler = parse_outcome(outcomes[n]) if n < len(outcomes) else ("pending", "")
        out.append(RequestDraft(text, code, handler))
    return tuple(out)


def cmd_visits_add(args: argparse.Namespace) -> int:
    from station_app.domain.visits.rules import parse_topics
    from station_app.services.visits import VisitInput

    ctx = _open(args)
    svc = ctx.services.visits
    entity_id = svc.resolve_entity(args.entity) if args.entity else None
    photos = []
    for name in args.photo or []:
        try:
            photos.append((Path(name).name, Path(name).read_bytes()))
        except OSError as exc:
            raise ValidationError(
                f"无法读取照片文件：{name}（{os_reason(exc)}）", field="photo"
            ) from None
    data = VisitInput(
        at=parse_moment(args.at, "走访时间"), team="、".join(args.team or []), topics=parse_topics(args.topic or []), entity_id=entity_id,
        place=args.place or "", grid_id=svc.grid_id(args.grid) if args.grid else None,
        requests=_requests(args), note=args.note or "",
    )  # fmt: skip
    view, _ = svc.record_visit(data, tuple(photos), raise_orders=bool(args.raise_order))
    if args.json:
        print_json({"ok": True, **visit_json(view)})
    else:
        print(f"已登记走访 {view.id}：{view.subject}，{_moment(view.at)}，{view.team_name}"
              f"（{'、'.join(m.name for m in view.members)}），诉求 {len(view.requests)} 条。")  # fmt: skip
        for w in view.warnings:
            print(f"  提示：服务队{w}")
        for r in view.requests:
            if r.order_number:
                print(f"  第 {r.position} 条诉求已转为工单 {r.order_number}。")
    return 0


def cmd_visits_raise_order(args: argparse.Namespace) -> int:
    svc = _open(args).services.visits
    current = svc.request(args.id)
    number, _ = svc.raise_order(current.id, current.version)
    if args.json:
        print_json({"ok": True, "id": current.id, "order_number": number})
    else:
        print(f"诉求 {current.id} 已转为工单 {number}。")
    return 0


def cmd_visits_list(args: argparse.Namespace) -> int:
    from station_app.domain.visits.lists import LIST_COLUMNS, VisitFilter

    ctx = _open(args)
    svc = ctx.services.visits
    period = parse_period(args.period, ranges=True) if args.period else None
    flt = VisitFilter(
        first=period.start if period else None, last=period.last if period else None,
        entity_id=svc.resolve_entity(args.entity) if args.entity else None,
        grid_id=svc.grid_id(args.grid) if args.grid else None,
    )  # fmt: skip
    rows = svc.rows(flt)
    ids = rows.fetch_ids("at", True)
    data = rows.fetch_rows(ids)
    items = [{"id": i, **dict(zip(LIST_COLUMNS, data[i], strict=False))} for i in ids]
    if args.json:
        print_json({"ok": True, "count": len(items), "visits": items})
        return 0
    print(f"共 {len(items)} 次走访：")
    for it in items:
        print(f"  {it['id']:>6}  {it['at']}  {it['subject']}  {it['team']}  {it['topics']}  "
              f"诉求 {it['requests']}（已解决 {it['solved']}）")  # fmt: skip
    return 0


def cmd_visits_show(args: argparse.Namespace) -> int:
    view = _open(args).services.visits.visit(args.id)
    if args.json:
        print_json({"ok": True, **visit_json(view)})
        return 0
    print(f"走访 {view.id}：{view.subject}　{_moment(view.at)}　{view.team_name}")
    print(f"  人员：{'、'.join(f'{m.name}（{m.role_label}）' for m in view.members)}")
    print(f"  事项：{view.topics_label}")
    for r in view.requests:
        print(f"  诉求 {r.id}：{r.text}　{r.outcome_label}（{r.handler}）")
    return 0


def cmd_visits_request(args: argparse.Namespace) -> int:
    from station_app.domain.visits.rules import RequestUpdate, parse_outcome

    svc = _open(args).services.visits
    current = svc.request(args.id)
    code, handler = parse_outcome(args.outcome)
    at = parse_moment(args.at, "办理时间") if args.at else None
    view, _ = svc.update_request(
        args.id, current.version, RequestUpdate(code, args.by or handler, at, args.note or "")
    )
    if args.json:
        print_json({"ok": True, "id": view.id, "outcome": view.outcome_label,
                    "handler": view.handler, "outcome_at": _moment(view.outcome_at)})  # fmt: skip
    else:
        print(f"诉求 {view.id}：{view.outcome_label}（{view.handler}）。")
    return 0


def cmd_visits_void(args: argparse.Namespace) -> int:
    svc = _open(args).services.visits
    view = svc.visit(args.id)
    svc.void_visit(view.id, view.version, args.reason)
    if args.json:
        print_json({"ok": True, "id": view.id, "voided": True})
    else:
        print(f"已作废走访 {view.id}。")
    return 0


def cmd_visits_figures(args: argparse.Namespace) -> int:
    from station_app.domain.visits.lists import FIGURES

    svc = _open(args).services.visits
    period = parse_period(args.period, ranges=True)
    f = svc.figures(period, svc.grid_id(args.grid) if args.grid else None)
    if args.json:
        print_json({
            "ok": True, "period": f.period,
            "figures": {d.key.split(".")[1]: f.counts[d.key] for d in FIGURES},
            "solve_rate": f.solve_rate,
            "by_grid": [dict(zip(("grid", "visits", "entities", "requests", "solved"), g,
                                 strict=True)) for g in f.by_grid],
            "by_team": [dict(zip(("team", "visits", "entities", "requests", "solved"), g,
                                 strict=True)) for g in f.by_team],
            "by_topic": dict(f.by_topic),
        })  # fmt: skip
        return 0
    print(f"{f.period} 走访服务：")
    for d in FIGURES:
        print(f"  {d.label}：{f.counts[d.key]:,} {d.unit}")
    if f.solve_rate is not None:
        print(f"  诉求解决率：{f.solve_rate:.1%}")
    return 0


def cmd_visits_teams(args: argparse.Namespace) -> int:
    teams = _open(args).services.visits.teams()
    if args.json:
        print_json({"ok": True, "teams": [
            {"id": t.id, "name": t.name, "grid": t.grid, "active": t.active,
             "members": [{"name": m.name, "role": m.role_label} for m in t.members],
             "warnings": list(t.warnings)} for t in teams]})  # fmt: skip
        return 0
    if not teams:
        print("尚未建立服务队。用 visits team 名称 --member 姓名 … 建立。")
    for t in teams:
        print(f"  {t.name}{'' if t.active else '（已停用）'}　{t.grid or '全所'}　{t.members_text}")
    return 0


def cmd_visits_team(args: argparse.Namespace) -> int:
    from station_app.services.visits import TeamDraft

    svc = _open(args).services.visits
    existing = next((t for t in svc.teams() if t.name == args.name.strip()), None)
    draft = TeamDraft(
        args.name, tuple(args.member), svc.grid_id(args.grid) if args.grid else None,
        args.note or "", id=existing.id if existing else 0,
        version=existing.version if existing else 0,
    )  # fmt: skip
    view, _ = svc.save_team(draft)
    if args.json:
        print_json({"ok": True, "id": view.id, "name": view.name,
                    "members": [{"name": m.name, "role": m.role_label} for m in view.members],
                    "warnings": list(view.warnings)})  # fmt: skip
    else:
        print(f"已保存服务队“{view.name}”：{view.members_text}")
        for w in view.warnings:
            print(f"  提示：{w}")
    return 0


# -- annual reports ------------------------------------------------------------------------------
def cmd_annual_import(args: argparse.Namespace) -> int:
    svc = _open(args).services.visits
    result, _ = svc.import_annual_reports(
        Path(args.file), year=args.year, dry_run=args.dry_run, progress=TextProgress()
    )
    if args.json:
        print_json({
            "ok": True, "file": result.file, "rows": result.rows, "created": result.created,
            "updated": result.updated, "unchanged": result.unchanged,
            "unknown": [{"row": r, "uscc": u, "name": n} for r, u, n in result.unknown],
            "years": list(result.years), "regraded": result.regraded, "dry_run": result.dry_run,
        })  # fmt: skip
        return 0
    head = "试导入（未写入）" if result.dry_run else "已导入"
    print(f"{head}年报情况 {result.file}：共 {result.rows} 行，新增 {result.created}，"
          f"更新 {result.updated}，未变 {result.unchanged}；重新分级 {result.regraded} 户。")  # fmt: skip
    if result.unknown:
        print(f"  {len(result.unknown)} 行的统一社会信用代码不在本所主体库中，已跳过：")
        for r, u, n in result.unknown[:20]:
            print(f"    第 {r} 行 {u} {n}")
    return 0


def cmd_annual_set(args: argparse.Namespace) -> int:
    from station_app.domain.visits.annual_reports import STATUS_LABELS

    svc = _open(args).services.visits
    view, _ = svc.set_annual_report(
        svc.resolve_entity(args.entity), args.year, args.status,
        parse_day(args.filed_on, "报送日期"), args.note or "",
    )  # fmt: skip
    label = STATUS_LABELS[view.status]
    if args.json:
        print_json({"ok": True, "id": view.id, "entity_id": view.entity_id, "year": view.year,
                    "status": label, "filed_on": view.filed_on})  # fmt: skip
    else:
        print(f"已登记 {view.year} 年度年报：{label}。")
    return 0


def cmd_annual_list(args: argparse.Namespace) -> int:
    from station_app.domain.visits.annual_reports import parse_status
    from station_app.domain.visits.lists import ANNUAL_COLUMNS, AnnualFilter

    svc = _open(args).services.visits
    status = parse_status(args.status, None, args.year or 2025) if args.status else ""
    rows = svc.annual_rows(AnnualFilter(year=args.year or 0, status=status))
    ids = rows.fetch_ids("year", True)
    data = rows.fetch_rows(ids)
    items = [{"id": i, **dict(zip(ANNUAL_COLUMNS, data[i], strict=True))} for i in ids]
    if args.json:
        print_json({"ok": True, "count": len(items), "reports": items})
        return 0
    print(f"共 {len(items)} 条年报情况：")
    for it in items:
        print(f"  {it['year']}  {it['entity']}  {it['uscc']}  {it['status']}  {it['filed_on']}")
    return 0


def add_parsers(sub) -> None:
    """Register ``visits`` and ``annual-reports`` on the top-level subparsers."""
    v = sub.add_parser("visits", help="走访服务：登记走访、诉求办理、服务队、统计")
    vs = v.add_subparsers(dest="visits_command", metavar="操作", required=True)
    vs._parser_class = sub._parser_class
    add = vs.add_parser("add", help="登记一次走访")
    add.add_argument("entity", nargs="?", help="经营主体：统一社会信用代码或编号（走访地点时省略）")
    add.add_argument("--at", required=True, help='走访时间 "YYYY-MM-DD HH:MM"（北京时间）')
    add.add_argument("--team", action="append", required=True,
                     help="服务队名称，或走访人员姓名（用顿号分隔，临时组队）")  # fmt: skip
    add.add_argument("--topic", action="append", required=True,
                     help="走访事项：年报申报、信用修复、合规经营、个转企、送照上门、政策宣讲、其他；可多次")  # fmt: skip
    add.add_argument("--request", action="append", help="诉求内容；可多次")
    add.add_argument("--outcome", action="append",
                     help="上一条诉求的办理结果：当场解决、已转办:去向、待办理")  # fmt: skip
    add.add_argument("--place", help="走访地点（无经营主体时）")
    add.add_argument("--grid", help="网格编码（走访地点时）")
    add.add_argument("--note", help="备注")
    add.add_argument("--photo", action="append", help="照片文件（JPEG/PNG，≤5 MB）；可多次")
    add.add_argument("--raise-order", action="store_true",
                     help="已转办的诉求同时转为本所工单（网格线索）")  # fmt: skip
    add.set_defaults(func=cmd_visits_add)
    ls = vs.add_parser("list", help="列出走访记录")
    ls.add_argument("--period", help="期间：2026-11、2026Q4、2026 或 2026-01-01..2026-03-31")
    ls.add_argument("--entity", help="经营主体：统一社会信用代码或编号")
    ls.add_argument("--grid", help="网格编码")
    ls.set_defaults(func=cmd_visits_list)
    show = vs.add_parser("show", help="查看一次走访")
    show.add_argument("id", type=int)
    show.set_defaults(func=cmd_visits_show)
    void = vs.add_parser("void", help="作废走访记录")
    void.add_argument("id", type=int)
    void.add_argument("--reason", required=True, help="作废原因")
    void.set_defaults(func=cmd_visits_void)
    req = vs.add_parser("request", help="办理诉求：转办或办结")
    req.add_argument("id", type=int, help="诉求编号")
    req.add_argument("--outcome", required=True, help="已解决、已转办:去向、待办理")
    req.add_argument("--by", help="办理人")
    req.add_argument("--at", help='办理时间 "YYYY-MM-DD HH:MM"（默认现在）')
    req.add_argument("--note", help="备注")
    req.set_defaults(func=cmd_visits_request)
    ro = vs.add_parser("raise-order", help="把未解决的诉求转为工单（网格线索）")
    ro.add_argument("id", type=int, help="诉求编号")
    ro.set_defaults(func=cmd_visits_raise_order)
    fig = vs.add_parser("figures", help="走访统计")
    fig.add_argument("--period", required=True, help="期间")
    fig.add_argument("--grid", help="网格编码")
    fig.set_defaults(func=cmd_visits_figures)
    vs.add_parser("teams", help="列出服务队").set_defaults(func=cmd_visits_teams)
    team = vs.add_parser("team", help="新建或修改服务队（成员整体替换）")
    team.add_argument("name", help="服务队名称")
    team.add_argument("--member", action="append", required=True,
                      help="成员姓名（系统用户名或花名册人员，可写“姓名（社区干部）”）；可多次")  # fmt: skip
    team.add_argument("--grid", help="网格编码（默认全所）")
    team.add_argument("--note", help="备注")
    team.set_defaults(func=cmd_visits_team)

    a = sub.add_parser("annual-reports", help="年报情况：导入信用系统名单、登记、列表")
    as_ = a.add_subparsers(dest="annual_command", metavar="操作", required=True)
    as_._parser_class = sub._parser_class
    imp = as_.add_parser("import", help="导入信用系统导出的年报情况名单（XLSX/XLS/CSV）")
    imp.add_argument("file")
    imp.add_argument("--year", type=int, help="年报年度（表中无“年报年度”列时必填）")
    imp.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    imp.set_defaults(func=cmd_annual_import)
    put = as_.add_parser("set", help="登记一户的年报情况")
    put.add_argument("entity", help="统一社会信用代码或编号")
    put.add_argument("--year", type=int, required=True)
    put.add_argument("--status", required=True, help="已报送、逾期补报、未报送")
    put.add_argument("--filed-on", help="报送日期 YYYY-MM-DD")
    put.add_argument("--note")
    put.set_defaults(func=cmd_annual_set)
    lst = as_.add_parser("list", help="列出年报情况")
    lst.add_argument("--year", type=int)
    lst.add_argument("--status")
    lst.set_defaults(func=cmd_annual_list)
