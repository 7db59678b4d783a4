"""``station-app patrols plan|tasks|record|recheck|coverage|rules|hazards`` and ``print
patrol-sheet``: patrols and inspections (日常巡查) from the terminal (issue #15's contract)."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from station_app.cli.commands import _open
from station_app.cli.output import print_json
from station_app.errors import NotFoundError, ValidationError

if TYPE_CHECKING:  # the parser is built at every start: import services when a command runs
    from station_app.services.patrols import HazardView, RecordView


def _date(text: str | None, field: str = "date") -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"日期“{text}”无法识别，请写作 2026-07-01。", field=field) from None


def _moment(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValidationError(
            f'时间“{text}”无法识别，请写作 "2026-07-06 09:30"（北京时间）。', field="at"
        ) from None


def _person_ids(ctx, names: list[str] | None) -> tuple[int, ...]:
    """Roster people by name (``--inspector``), in order; a name not found is an error."""
    out = []
    for name in names or []:
        people = ctx.services.roster.search_people(name.strip(), limit=5)
        exact = [p for p in people if p.name == name.strip()]
        if not exact:
            raise NotFoundError(f"花名册中没有名为“{name}”的人员。")
        out.append(exact[0].id)
    return tuple(out)


def _entity_id(ctx, key: str) -> int:
    from station_app.domain.entities import EntityFilter

    text = key.strip()
    if text.isdigit() and len(text) < 12:
        return int(text)
    rows = ctx.services.entities.rows(EntityFilter(text))
    ids = list(rows.fetch_ids(None, False))
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise NotFoundError(f"没有找到经营主体“{key}”。请用统一社会信用代码或编号。")
    raise ValidationError(
        f"“{key}”对应 {len(ids)} 个经营主体，请改用统一社会信用代码或编号。", field="entity"
    )


def _hazard_json(h: HazardView) -> dict[str, Any]:
    return {
        "id": h.id,
        "category": h.category,
        "severity": h.severity,
        "description": h.description,
        "mode": h.mode,
        "state": h.state,
        "state_label": h.state_label,
        "deadline": h.deadline,
        "recheck_due": h.recheck_due,
        "rechecks": h.rechecks,
    }


def _record_json(v: RecordView) -> dict[str, Any]:
    from station_app.domain.patrols.records import local

    return {
        "id": v.id,
        "entity": v.entity,
        "entity_id": v.entity_id,
        "entity_name": v.entity_name,
        "at": local(v.at).strftime("%Y-%m-%d %H:%M"),
        "kind": v.kind,
        "source": v.source,
        "reference": v.reference,
        "result": v.result,
        "result_label": v.result_label,
        "inspectors": list(v.inspectors),
        "checklist": v.checklist,
        "task_id": v.task_id,
        "late": v.late,
        "answers": v.answers,
        "hazards": [_hazard_json(h) for h in v.hazards],
    }


# -- commands ----------------------------------------------------------------------------------


def cmd_plan(args: argparse.Namespace) -> int:
    ctx = _open(args)
    first, last = _date(args.first, "first"), _date(args.last, "last")
    result, _ = ctx.services.patrols.generate(first, last, args.grid, dry_run=args.dry_run)
    if args.json:
        keys = ("added", "updated", "dropped", "kept", "history", "later", "ungraded")
        print_json(
            {
                "ok": True,
                "from": result.first,
                "to": result.last,
                "grid": result.grid or None,
                "dry_run": result.dry_run,
                **{k: getattr(result, k) for k in keys},
                "warnings": list(result.warnings),
                "summary": result.summary,
            }
        )
        return 0
    head = "（预览，未保存）" if result.dry_run else ""
    print(f"巡查计划 {result.first} 至 {result.last}{head}：{result.summary}")
    for line in result.warnings:
        print(f"  注意：{line}")
    return 0


def cmd_tasks(args: argparse.Namespace) -> int:
    ctx = _open(args)
    tasks = ctx.services.patrols.tasks(_date(args.date), args.grid, args.person)
    if args.json:
        items = [
            {
                "id": t.id,
                "entity": t.entity,
                "entity_id": t.entity_id,
                "entity_name": t.entity_name,
                "address": t.address,
                "grade": t.grade,
                "date": t.date,
                "person": t.person or None,
                "role": t.role,
                "kind": t.kind,
                "grid": t.grid,
                "status": t.status,
                "window": list(t.window),
            }
            for t in tasks
        ]
        print_json({"ok": True, "count": len(items), "tasks": items})
        return 0
    if not tasks:
        print(f"{args.date} 没有计划任务。")
        return 0
    from station_app.domain.patrols.rules import KIND_LABELS

    print(f"{args.date} 计划任务 {len(tasks)} 项：")
    for t in tasks:
        who = t.person or "（未分配）"
        print(
            f"  {t.id:>6}  {KIND_LABELS[t.kind]}  {t.grade}级  {t.entity_name}  {t.address}  "
            f"{t.grid}  {who}  {t.status_label}"
        )
    return 0


def _findings(args: argparse.Namespace) -> tuple:
    """``--hazard CATEGORY`` each followed by its ``--deadline D`` (or ``--fixed``)."""
    from station_app.domain.patrols.hazards import ON_SPOT, ORDERED, Finding, parse_category

    out = []
    for n, (category, deadline) in enumerate(args.hazards or []):
        fixed = deadline == "fixed"
        day = None if fixed else _date(deadline, "deadline")
        if not fixed and day is None:
            raise ValidationError(
                f"第 {n + 1} 个隐患“{category}”：请用 --deadline YYYY-MM-DD 给出整改期限，"
                "或用 --fixed 表示当场整改。",
                field="deadline",
            )
        mode = ON_SPOT if fixed else ORDERED
        out.append(Finding(parse_category(category), mode=mode, deadline=day))
    return tuple(out)


def _answers(args: argparse.Namespace) -> dict:
    from station_app.domain.patrols.checklists import Answer, parse_answer

    out = {}
    for item in args.answer or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValidationError(
                f"检查项“{item}”格式不对，请写作 项目键=是、否 或 不适用。", field="answers"
            )
        out[key.strip()] = Answer(parse_answer(value) or "")
    return out


def cmd_record(args: argparse.Namespace) -> int:
    from station_app.domain.patrols.records import RecordDraft, parse_result, parse_source

    ctx = _open(args)
    answers = _answers(args)
    draft = RecordDraft(
        _entity_id(ctx, args.entity),
        _moment(args.at),
        kind=args.kind,
        source=parse_source(args.source or "plan"),
        reference=args.reference or "",
        inspectors=_person_ids(ctx, args.inspector),
        answers=answers,
        findings=_findings(args),
        result=parse_result(args.result) if args.result else None,
        present_party=args.present or "",
        note=args.note or "",
    )
    view, _ = ctx.services.patrols.record(
        draft, task_id=args.task, checklist=args.checklist, assume_yes=not answers
    )
    if args.json:
        print_json({"ok": True, **_record_json(view)})
        return 0
    task = f"，完成计划任务 {view.task_id}" if view.task_id else "（计划外）"
    print(f"已登记巡查记录 {view.id}：{view.entity_name} {view.result_label}{task}。")
    for h in view.hazards:
        due = f"，整改期限 {h.deadline}，复查 {h.recheck_due}" if h.deadline else ""
        print(f"  隐患 {h.id}：{h.category} {h.state_label}{due}")
    return 0


def cmd_recheck(args: argparse.Namespace) -> int:
    from station_app.services.patrols import RecheckDraft

    ctx = _open(args)
    draft = RecheckDraft(
        args.hazard_id,
        _moment(args.at),
        passed=args.passed,
        new_deadline=_date(args.deadline, "deadline"),
        transfer=args.transfer,
        inspectors=_person_ids(ctx, args.inspector),
        note=args.note or "",
    )
    view, _ = ctx.services.patrols.recheck(draft)
    hazard = ctx.services.patrols.hazard(args.hazard_id)
    if args.json:
        print_json({"ok": True, **_record_json(view), "hazard": _hazard_json(hazard)})
        return 0
    print(f"已登记复查记录 {view.id}：隐患 {hazard.id} {hazard.state_label}。")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    ctx = _open(args)
    c = ctx.services.patrols.coverage(args.period, args.grid)

    def lines(items):
        return [
            {
                "key": x.key,
                "label": x.label,
                "planned": x.planned,
                "done": x.done,
                "attempted": x.attempted,
                "overdue": x.overdue,
                "rate": x.rate,
            }
            for x in items
        ]

    def entities(items):
        return [
            {"id": e.id, "entity": e.entity, "name": e.name, "address": e.address,
             "grid": e.grid, "visits": e.visits}
            for e in items
        ]  # fmt: skip

    if args.json:
        print_json(
            {
                "ok": True,
                "period": c.period,
                "from": c.first,
                "to": c.last,
                "planned": c.planned,
                "done": c.done,
                "by_grid": lines(c.by_grid),
                "by_person": lines(c.by_person),
                "by_grade": lines(c.by_grade),
                "d_total": c.d_total,
                "d_checked": c.d_checked,
                "d_unchecked": entities(c.d_unchecked),
                "a_allowed": c.a_allowed,
                "a_over_visited": entities(c.a_over),
                "hazards": {
                    "found": c.hazards_found,
                    "closed": c.hazards_closed,
                    "open": c.hazards_open,
                    "overdue": c.hazards_overdue,
                },
                "samplings": {"count": c.samplings, "failed": c.samplings_failed},
                "definitions": list(c.definitions),
            }
        )
        return 0
    print(f"{c.period} 巡查覆盖情况：计划 {c.planned} 项，完成 {c.done} 项")
    for x in c.by_grid:
        print(f"  {x.label}：{x.done}/{x.planned}（{x.rate_text}），逾期 {x.overdue}")
    print(f"  D 级全覆盖：{c.d_checked}/{c.d_total}，未检查 {c.d_total - c.d_checked} 户")
    for e in c.d_unchecked[:20]:
        print(f"    {e.name}  {e.address}  {e.grid}")
    print(f"  A 级无事不扰：应检 {c.a_allowed} 次，超频 {len(c.a_over)} 户")
    for e in c.a_over[:20]:
        print(f"    {e.name}  {e.visits} 次")
    print(
        f"  隐患：发现 {c.hazards_found}，已整改 {c.hazards_closed}，待整改 {c.hazards_open}，"
        f"逾期 {c.hazards_overdue}"
    )
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.patrols
    if getattr(args, "rules_command", None) == "set":
        values = {
            "grade": args.grade,
            "kind": args.kind,
            "performer": args.performer or "网格员",
            "frequency": args.frequency,
            "calendar": args.calendar or "workdays",
            "checklist": args.checklist or "",
            "note": args.note or "",
        }
        rules, _ = svc.set_rule(values, _date(args.effective, "effective_from"), args.reason or "")
    else:
        rules = svc.rules_on(_date(args.on) if getattr(args, "on", None) else None)
    if args.json:
        print_json(
            {
                "ok": True,
                "effective_from": rules.effective_from,
                "note": rules.note,
                "rules": [r.as_dict() for r in rules.rules],
                "versions": [v.effective_from for v in svc.rule_versions()],
            }
        )
        return 0
    print(f"巡查规则（{rules.effective_from} 起执行）：")
    for r in rules.rules:
        print(f"  {r.describe()}" + (f"  —— {r.note}" if r.note else ""))
    return 0


def cmd_hazards(args: argparse.Namespace) -> int:
    from station_app.domain.patrols.lists import HazardFilter

    ctx = _open(args)
    svc = ctx.services.patrols
    rows = svc.hazard_rows(HazardFilter(state="overdue" if args.overdue else args.state))
    ids = list(rows.fetch_ids("deadline", False))
    items = [svc.hazard(i) for i in ids]
    if args.json:
        print_json({"ok": True, "count": len(items), "hazards": [_hazard_json(h) for h in items]})
        return 0
    page = rows.fetch_rows(ids)
    print(f"隐患 {len(items)} 处：")
    for i in ids:
        r = page[i]
        print(f"  {i:>6}  {r[0]}  {r[1]}  {r[2]}  {r[5]}  期限 {r[6] or '—'}")
    return 0


def cmd_print_sheet(args: argparse.Namespace) -> int:
    ctx = _open(args)
    out = ctx.services.patrols.print_sheets(_date(args.date), args.grid, args.out, args.person)
    if args.json:
        print_json({"ok": True, "file": str(out.path), "pages": out.pages, "people": out.people})
    else:
        print(f"已生成日常巡查表（{out.people} 人，{out.pages} 页）：{out.path}")
    return 0


# -- parser ------------------------------------------------------------------------------------


class _HazardAction(argparse.Action):
    """``--hazard CATEGORY`` starts a finding; the ``--deadline``/``--fixed`` after it ends it."""

    def __call__(self, parser, namespace, values, option_string=None):
        items = list(getattr(namespace, "hazards", None) or [])
        if option_string == "--hazard":
            items.append([values, None])
        else:
            if not items or items[-1][1] is not None:
                parser.error(f"{option_string} 须跟在 --hazard 之后")
            items[-1][1] = "fixed" if option_string == "--fixed" else values
        namespace.hazards = items


def add_parser(sub) -> None:
    """Register ``patrols`` on the top-level subparsers and ``patrol-sheet`` under ``print``."""
    pa = sub.add_parser("patrols", help="日常巡查：计划、任务、巡查记录、复查、覆盖情况、规则")
    ps = pa.add_subparsers(dest="patrols_command", metavar="操作", required=True)
    ps._parser_class = sub._parser_class
    plan = ps.add_parser("plan", help="按巡查规则、分级和花名册生成（或重新生成）巡查计划")
    plan.add_argument("--from", dest="first", required=True, help="开始日期 YYYY-MM-DD")
    plan.add_argument("--to", dest="last", required=True, help="结束日期 YYYY-MM-DD")
    plan.add_argument("--grid", help="只生成一个网格（网格编号）")
    plan.add_argument("--dry-run", action="store_true", help="只预览，不保存")
    plan.set_defaults(func=cmd_plan)
    tasks = ps.add_parser("tasks", help="某一天的计划任务")
    tasks.add_argument("--date", required=True, help="日期 YYYY-MM-DD")
    tasks.add_argument("--grid", help="网格编号")
    tasks.add_argument("--person", help="人员姓名")
    tasks.set_defaults(func=cmd_tasks)
    rec = ps.add_parser("record", help="登记巡查记录 / 现场检查")
    rec.add_argument("entity", metavar="ENTITY", help="统一社会信用代码、注册号或编号")
    rec.add_argument("--at", required=True, help='检查时间 "YYYY-MM-DD HH:MM"（北京时间）')
    rec.add_argument("--checklist", help="检查表名称或代码（默认按行业）")
    rec.add_argument(
        "--hazard", action=_HazardAction, metavar="CATEGORY", help="隐患类别（可多次）"
    )
    rec.add_argument("--deadline", action=_HazardAction, help="前一个隐患的整改期限 YYYY-MM-DD")
    rec.add_argument("--fixed", action=_HazardAction, nargs=0, help="前一个隐患当场整改")
    rec.add_argument("--kind", default="patrol", choices=("patrol", "review", "check"))
    rec.add_argument("--inspector", action="append", help="检查人员姓名（可多次，第一名为主办）")
    rec.add_argument("--answer", action="append", help="检查项 项目键=是|否|不适用（可多次）")
    rec.add_argument("--result", help="结果：未发现问题 / 发现问题 / 当场整改 / 闭门未遇")
    rec.add_argument("--source", help="来源：计划 / 工单 / 投诉 / 扫街 / 专项 / 自主（默认计划）")
    rec.add_argument("--reference", help="来源的编号（工单号、投诉编号…）")
    rec.add_argument("--task", type=int, help="完成的计划任务编号")
    rec.add_argument("--present", help="在场当事人姓名")
    rec.add_argument("--note", help="备注")
    rec.set_defaults(func=cmd_record, hazards=[])
    rc = ps.add_parser("recheck", help="复查一处隐患")
    rc.add_argument("hazard_id", type=int, metavar="HAZARD_ID", help="隐患编号")
    rc.add_argument("--at", required=True, help='复查时间 "YYYY-MM-DD HH:MM"')
    verdict = rc.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--pass", dest="passed", action="store_true", help="复查合格")
    verdict.add_argument("--fail", dest="passed", action="store_false", help="复查不合格")
    rc.add_argument("--deadline", help="不合格时新的整改期限")
    rc.add_argument("--transfer", action="store_true", help="不合格，移送立案")
    rc.add_argument("--inspector", action="append", help="复查人员姓名（默认原检查人员）")
    rc.add_argument("--note", help="备注")
    rc.set_defaults(func=cmd_recheck)
    cov = ps.add_parser("coverage", help="覆盖情况：完成率、D 级全覆盖、A 级无事不扰")
    cov.add_argument("--period", required=True, help="2026-07、2026Q3 或 2026-07-01..2026-07-15")
    cov.add_argument("--grid", help="网格编号")
    cov.set_defaults(func=cmd_coverage)
    ru = ps.add_parser("rules", help="查看或修改巡查规则")
    ru.add_argument("--on", help="查看某日执行的规则版本")
    ru.set_defaults(func=cmd_rules)
    rs = ru.add_subparsers(dest="rules_command", metavar="操作")
    rs._parser_class = sub._parser_class
    st = rs.add_parser("set", help="新增或修改一条规则（生成新的规则版本）")
    st.add_argument("--grade", required=True, help="分级 A/B/C/D")
    st.add_argument(
        "--kind", required=True, help="patrol 日常巡查 / review 季度复核 / check 现场检查"
    )
    st.add_argument(
        "--frequency", required=True, help="daily / weekly / monthly / quarterly / N/year"
    )
    st.add_argument("--performer", help="网格员 / 监管专员 / 所（默认网格员）")
    st.add_argument("--calendar", help="workdays 工作日（默认）/ all 每天")
    st.add_argument("--checklist", help="检查表代码")
    st.add_argument("--note", help="说明")
    st.add_argument("--from", dest="effective", help="生效日期（默认今天）")
    st.add_argument("--reason", help="修改原因")
    st.set_defaults(func=cmd_rules)
    hz = ps.add_parser("hazards", help="隐患清单")
    hz.add_argument("--overdue", action="store_true", help="只列整改逾期的")
    hz.add_argument("--state", choices=("open", "closed"), help="open 待整改 / closed 已结束")
    hz.set_defaults(func=cmd_hazards)
    _add_print(sub)


def _add_print(sub) -> None:
    """``print patrol-sheet`` under the ``print`` command (made by the complaints CLI)."""
    printer = sub.choices.get("print")
    if printer is None:
        printer = sub.add_parser("print", help="打印文书（PDF）")
        printer.add_subparsers(dest="print_command", metavar="文书", required=True)
    actions = [a for a in printer._actions if isinstance(a, argparse._SubParsersAction)]
    ps = actions[0]
    ps._parser_class = sub._parser_class
    sh = ps.add_parser("patrol-sheet", help="日常巡查表（每名网格员一页起，A4）")
    sh.add_argument("--date", required=True, help="日期 YYYY-MM-DD")
    sh.add_argument("--grid", required=True, help="网格编号")
    sh.add_argument("--person", help="只打印一名网格员")
    sh.add_argument("--out", required=True, help="输出 PDF 文件")
    sh.set_defaults(func=cmd_print_sheet)
