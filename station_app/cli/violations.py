"""``station-app violations …``, ``guidance add``, ``interviews …``: the light enforcement
record and the 首违不罚 check from the terminal (issue #20's contract)."""

from __future__ import annotations

import argparse
from typing import Any

from station_app.cli.commands import _open
from station_app.cli.output import print_json
from station_app.cli.visits import parse_day, parse_moment
from station_app.domain.periods import SHANGHAI, parse_period


def violation_json(v) -> dict[str, Any]:
    from station_app.domain.violations.rules import yuan

    return {
        "id": v.id, "entity": {"id": v.entity_id, "name": v.entity_name, "uscc": v.uscc},
        "type": {"code": v.type_code, "name": v.type_name}, "found_on": v.found_on,
        "source": v.source_label, "reference": v.reference, "harm": v.harm_label,
        "ordered_on": v.ordered_on, "deadline": v.deadline, "rectified_on": v.rectified_on,
        "decision": v.decision_label if v.decision else None, "decision_code": v.decision,
        "decided_on": v.decided_on, "number": v.decision_no or None,
        "fine": yuan(v.fine_fen) if v.fine_fen else None, "fine_fen": v.fine_fen,
        "warning": v.warning, "transfer_to": v.transfer_to or None,
        "override_reason": v.override_reason or None, "voided": v.voided,
        "patrol_id": v.patrol_id, "hazard_id": v.hazard_id,
    }  # fmt: skip


def cmd_violations_add(args: argparse.Namespace) -> int:
    from station_app.domain.violations import rules
    from station_app.services.violations import ViolationInput

    ctx = _open(args)
    found = parse_day(args.found_at, "发现日期")
    assert found is not None
    data = ViolationInput(
        ctx.services.visits.resolve_entity(args.entity), args.type, found,
        rules.parse_source(args.found_by) if args.found_by else rules.OTHER,
        args.reference or "", args.facts or "", rules.parse_harm(args.harm or ""),
        parse_day(args.ordered_on, "责令改正日期"), parse_day(args.deadline, "改正期限"),
        parse_day(args.rectified_at, "改正日期"), args.patrol, args.hazard,
    )  # fmt: skip
    view, _ = ctx.services.violations.add(data)
    if args.json:
        print_json({"ok": True, **violation_json(view)})
    else:
        print(view.id)
    return 0


def cmd_violations_leniency(args: argparse.Namespace) -> int:
    check = _open(args).services.violations.leniency(args.id)
    d = check.as_dict()
    if args.json:
        print_json({"ok": True, **d})
        return 0
    print(f"违法行为 {args.id} 首违不罚审查：{d['summary']}")
    for c in check.criteria:
        mark = "✓" if c.met else ("✗" if c.met is False else "？")
        print(f"  {mark} {c.label}：{c.text}")
    return 0


def cmd_violations_decide(args: argparse.Namespace) -> int:
    from station_app.domain.violations import rules
    from station_app.services.violations import DecisionDraft

    svc = _open(args).services.violations
    current = svc.violation(args.id)
    draft = DecisionDraft(
        rules.parse_decision(args.decision),
        parse_day(args.on, "决定日期") or svc.today(),
        rules.parse_fine(args.fine), args.warning, args.number or "",
        rules.parse_ground(args.ground) if args.ground else "", args.to or "",
        args.reason or "", args.override_reason or "",
    )  # fmt: skip
    view, _ = svc.decide(current.id, current.version, draft)
    if args.json:
        print_json({"ok": True, **violation_json(view)})
    else:
        print(f"已作出处理决定：{view.decision_label}，文号 {view.decision_no}。")
    return 0


def cmd_violations_list(args: argparse.Namespace) -> int:
    from station_app.domain.violations.rules import LIST_COLUMNS, ViolationFilter, parse_decision

    ctx = _open(args)
    period = parse_period(args.period, ranges=True) if args.period else None
    flt = ViolationFilter(
        first=period.start if period else None, last=period.last if period else None,
        entity_id=ctx.services.visits.resolve_entity(args.entity) if args.entity else None,
        decision=parse_decision(args.decision) if args.decision else "",
    )  # fmt: skip
    rows = ctx.services.violations.rows(flt)
    ids = rows.fetch_ids("found_on", True)
    data = rows.fetch_rows(ids)
    items = [{"id": i, **dict(zip(LIST_COLUMNS, data[i], strict=False))} for i in ids]
    if args.json:
        print_json({"ok": True, "count": len(items), "violations": items})
        return 0
    print(f"共 {len(items)} 起违法行为：")
    for it in items:
        print(f"  {it['id']:>5}  {it['found_on']}  {it['entity']}  {it['type']}  {it['decision']}"
              f"  {it['number']}")  # fmt: skip
    return 0


def cmd_violations_show(args: argparse.Namespace) -> int:
    v = _open(args).services.violations.violation(args.id)
    if args.json:
        print_json({"ok": True, **violation_json(v), "check": v.check})
        return 0
    print(f"违法行为 {v.id}：{v.entity_name}　{v.type_name}　{v.found_on}（{v.source_label}）")
    print(f"  处理决定：{v.decision_label}　{v.decision_no}")
    return 0


def cmd_violations_rectified(args: argparse.Namespace) -> int:
    svc = _open(args).services.violations
    v = svc.violation(args.id)
    on = parse_day(args.at, "改正日期")
    assert on is not None
    view, _ = svc.rectified(v.id, v.version, on)
    if args.json:
        print_json({"ok": True, **violation_json(view)})
    else:
        print(f"已登记改正：{view.rectified_on}。")
    return 0


def cmd_violations_void(args: argparse.Namespace) -> int:
    svc = _open(args).services.violations
    v = svc.violation(args.id)
    svc.void(v.id, v.version, args.reason)
    if args.json:
        print_json({"ok": True, "id": v.id, "voided": True})
    else:
        print(f"已作废违法行为记录 {v.id}。")
    return 0


def cmd_violations_types(args: argparse.Namespace) -> int:
    types = _open(args).services.violations.types()
    if args.json:
        print_json({"ok": True, "types": [
            {"code": t.type.code, "name": t.type.name, "category": t.type.category,
             "provision": t.type.provision, "basis": t.type.basis,
             "listings": [{"list": x.kind_label, "citation": x.citation(),
                           "effective_from": x.effective_from, "effective_to": x.effective_to}
                          for x in t.listings]} for t in types]})  # fmt: skip
        return 0
    for t in types:
        lists = "；".join(f"{x.kind_label}" for x in t.listings)
        print(f"  {t.type.code:<22} {t.type.name}" + (f"　【{lists}】" if lists else ""))
    return 0


def cmd_violations_print(args: argparse.Namespace) -> int:
    from pathlib import Path

    _open(args).services.violations.print_no_penalty(args.id, Path(args.out))
    if args.json:
        print_json({"ok": True, "id": args.id, "file": args.out})
    else:
        print(f"已保存不予行政处罚决定书：{args.out}")
    return 0


def cmd_guidance_add(args: argparse.Namespace) -> int:
    from station_app.domain.outreach import GuidanceDraft

    ctx = _open(args)
    draft = GuidanceDraft(
        ctx.services.visits.resolve_entity(args.entity),
        parse_day(args.on) or ctx.services.violations.today(),
        "\n".join(args.matter), tuple(args.advice), args.basis or "",
        parse_day(args.reply_by, "反馈期限"), args.violation, args.visit,
    )  # fmt: skip
    view, _ = ctx.services.violations.add_guidance(draft)
    if args.out:
        from pathlib import Path

        ctx.services.violations.print_guidance(view.id, Path(args.out))
    if args.json:
        print_json({"ok": True, "id": view.id, "number": view.number, "entity": view.entity_name,
                    "advice": list(view.advice), "file": args.out})  # fmt: skip
    else:
        print(f"已签发行政指导书 {view.number}（编号 {view.id}）。")
        if args.out:
            print(f"已保存行政指导书：{args.out}")
    return 0


def cmd_print_guidance(args: argparse.Namespace) -> int:
    from pathlib import Path

    svc = _open(args).services.violations
    view = svc.guidance(args.id)
    svc.print_guidance(args.id, Path(args.out))
    if args.json:
        print_json({"ok": True, "id": args.id, "number": view.number, "file": args.out})
    else:
        print(f"已保存行政指导书 {view.number}：{args.out}")
    return 0


def cmd_interviews_add(args: argparse.Namespace) -> int:
    from station_app.domain.outreach import InterviewDraft, parse_interviewee

    ctx = _open(args)
    by = tuple(args.by or []) or (ctx.auth.actor.display_name or ctx.auth.actor.username,)
    draft = InterviewDraft(
        ctx.services.visits.resolve_entity(args.entity), parse_moment(args.at, "约谈时间"),
        args.topic, tuple(parse_interviewee(t) for t in args.interviewee), by,
        tuple(args.commitment or []), args.place or "", args.content or "",
        parse_day(args.follow_up, "回访日期"),
    )  # fmt: skip
    view, _ = ctx.services.violations.add_interview(draft)
    if args.json:
        print_json({"ok": True, "id": view.id, "entity": view.entity_name,
                    "at": view.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M"),
                    "topic": view.topic, "interviewees": list(view.interviewees),
                    "interviewers": list(view.interviewers),
                    "commitments": list(view.commitments)})  # fmt: skip
    else:
        print(f"已登记行政约谈 {view.id}：{view.entity_name}，{view.topic}。")
    return 0


def cmd_interviews_list(args: argparse.Namespace) -> int:
    period = parse_period(args.period, ranges=True) if args.period else None
    items = _open(args).services.violations.interviews(period)
    if args.json:
        print_json({"ok": True, "count": len(items), "interviews": [
            {"id": i.id, "entity": i.entity_name,
             "at": i.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M"), "topic": i.topic,
             "interviewees": list(i.interviewees), "commitments": list(i.commitments)}
            for i in items]})  # fmt: skip
        return 0
    for i in items:
        print(
            f"  {i.id:>4}  {i.at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}  {i.entity_name}  {i.topic}"
        )
    return 0


def add_parsers(sub) -> None:
    """Register ``violations``, ``guidance`` and ``interviews``."""
    v = sub.add_parser("violations", help="违法行为：登记、首违不罚审查、处理决定")
    vs = v.add_subparsers(dest="violations_command", metavar="操作", required=True)
    vs._parser_class = sub._parser_class
    add = vs.add_parser("add", help="登记违法行为（输出其编号）")
    add.add_argument("entity", help="经营主体：统一社会信用代码或编号")
    add.add_argument("--type", required=True, help="违法行为类型：编码、名称或名称中的关键词")
    add.add_argument("--found-at", required=True, help="发现日期 YYYY-MM-DD")
    add.add_argument("--rectified-at", help="改正日期 YYYY-MM-DD")
    add.add_argument("--found-by", help="发现途径：巡查、线索、投诉、走访、其他")
    add.add_argument("--reference", help="来源记录编号（巡查记录、工单号、投诉编号、走访编号）")
    add.add_argument("--facts", help="违法事实")
    add.add_argument("--harm", help="危害后果：无、轻微、较重")
    add.add_argument("--ordered-on", help="责令改正日期（默认发现日期）")
    add.add_argument("--deadline", help="改正期限 YYYY-MM-DD")
    add.add_argument("--patrol", type=int, help="据以登记的巡查记录编号（发现途径即为巡查）")
    add.add_argument(
        "--hazard", type=int, help="据以登记的隐患编号（巡查记录、事实和期限随之填入）"
    )
    add.set_defaults(func=cmd_violations_add)
    len_ = vs.add_parser("leniency", help="首违不罚审查：是否符合条件及理由")
    len_.add_argument("id", type=int)
    len_.set_defaults(func=cmd_violations_leniency)
    dec = vs.add_parser("decide", help="作出处理决定")
    dec.add_argument("id", type=int)
    dec.add_argument("--decision", required=True, help="不予处罚、减轻、从轻、处罚、移送")
    dec.add_argument("--fine", help="罚款金额（元）")
    dec.add_argument("--warning", action="store_true", help="给予警告")
    dec.add_argument("--number", help="决定书文号（默认自动编号）")
    dec.add_argument("--ground", help="不予处罚的情形：首违不罚、轻微免罚、无主观过错")
    dec.add_argument("--override-reason", help="未采纳首违不罚审查意见时的理由")
    dec.add_argument("--to", help="移送对象：执法大队、公安机关")
    dec.add_argument("--reason", help="从轻、减轻情节或说明")
    dec.add_argument("--on", help="决定日期（默认今天）")
    dec.set_defaults(func=cmd_violations_decide)
    ls = vs.add_parser("list", help="列出违法行为")
    ls.add_argument("--period")
    ls.add_argument("--entity")
    ls.add_argument("--decision")
    ls.set_defaults(func=cmd_violations_list)
    show = vs.add_parser("show", help="查看违法行为")
    show.add_argument("id", type=int)
    show.set_defaults(func=cmd_violations_show)
    rec = vs.add_parser("rectified", help="登记已改正")
    rec.add_argument("id", type=int)
    rec.add_argument("--at", required=True, help="改正日期 YYYY-MM-DD")
    rec.set_defaults(func=cmd_violations_rectified)
    void = vs.add_parser("void", help="作废违法行为记录")
    void.add_argument("id", type=int)
    void.add_argument("--reason", required=True)
    void.set_defaults(func=cmd_violations_void)
    vs.add_parser("types", help="违法行为类型与免罚清单").set_defaults(func=cmd_violations_types)
    pr = vs.add_parser("print", help="打印不予行政处罚决定书（A4 PDF，一式两份）")
    pr.add_argument("id", type=int)
    pr.add_argument("--out", required=True, help="PDF 文件")
    pr.set_defaults(func=cmd_violations_print)

    g = sub.add_parser("guidance", help="行政指导书")
    gs = g.add_subparsers(dest="guidance_command", metavar="操作", required=True)
    gs._parser_class = sub._parser_class
    ga = gs.add_parser("add", help="签发行政指导书")
    ga.add_argument("entity")
    ga.add_argument("--matter", action="append", required=True, help="发现的问题")
    ga.add_argument("--advice", action="append", required=True, help="指导意见；可多次")
    ga.add_argument("--basis", help="依据")
    ga.add_argument("--reply-by", help="反馈期限")
    ga.add_argument("--violation", type=int, help="关联的违法行为编号")
    ga.add_argument("--visit", type=int, help="关联的走访编号")
    ga.add_argument("--on", help="签发日期（默认今天）")
    ga.add_argument("--out", help="同时打印行政指导书（PDF 文件）")
    ga.set_defaults(func=cmd_guidance_add)
    _add_print(sub)

    i = sub.add_parser("interviews", help="行政约谈")
    is_ = i.add_subparsers(dest="interviews_command", metavar="操作", required=True)
    is_._parser_class = sub._parser_class
    ia = is_.add_parser("add", help="登记行政约谈")
    ia.add_argument("entity")
    ia.add_argument("--at", required=True, help='约谈时间 "YYYY-MM-DD HH:MM"')
    ia.add_argument("--topic", required=True, help="约谈事由")
    ia.add_argument("--interviewee", action="append", required=True, help="被约谈人“姓名（职务）”")
    ia.add_argument("--commitment", action="append", help="承诺事项；可多次")
    ia.add_argument("--by", action="append", help="约谈人；可多次（默认当前用户）")
    ia.add_argument("--place")
    ia.add_argument("--content")
    ia.add_argument("--follow-up", help="回访核查日期")
    ia.set_defaults(func=cmd_interviews_add)
    il = is_.add_parser("list", help="列出行政约谈")
    il.add_argument("--period")
    il.set_defaults(func=cmd_interviews_list)


def _add_print(sub) -> None:
    """``print no-penalty`` and ``print guidance`` under ``print`` (made by the complaints CLI)."""
    printer = sub.choices.get("print")
    if printer is None:
        printer = sub.add_parser("print", help="打印文书（PDF）")
        printer.add_subparsers(dest="print_command", metavar="文书", required=True)
    ps = next(a for a in printer._actions if isinstance(a, argparse._SubParsersAction))
    ps._parser_class = sub._parser_class
    np_ = ps.add_parser("no-penalty", help="不予行政处罚决定书（A4，一式两份）")
    np_.add_argument("id", type=int, metavar="VIOLATION_ID", help="违法行为编号")
    np_.add_argument("--out", required=True, help="输出 PDF 文件")
    np_.set_defaults(func=cmd_violations_print)
    gd = ps.add_parser("guidance", help="行政指导书（A4，一式两份）")
    gd.add_argument("id", type=int, metavar="ID", help="行政指导书编号（guidance add 输出的编号）")
    gd.add_argument("--out", required=True, help="输出 PDF 文件")
    gd.set_defaults(func=cmd_print_guidance)
