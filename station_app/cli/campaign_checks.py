"""``station-app campaigns check|revisits|revisit|waive|summary`` and ``draws result``: a
campaign's checks and 回头看, and a drawn object's result, each a patrol record of #15 entered
with the options of ``patrols record`` (``--at``, ``--inspector``, ``--answer``,
``--hazard`` … ``--deadline``/``--fixed``, ``--result``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from station_app.cli.commands import _open
from station_app.cli.output import print_json
from station_app.cli.patrols import (
    _answers,
    _date,
    _entity_id,
    _findings,
    _HazardAction,
    _moment,
    _person_ids,
    _record_json,
)
from station_app.errors import ValidationError

if TYPE_CHECKING:
    from station_app.services.campaigns import CheckView, RevisitView


def add_record_options(p: argparse.ArgumentParser, *, at_required: bool = True) -> None:
    """The options of ``patrols record`` a campaign check or a draw result takes."""
    p.add_argument("--at", required=at_required, help='检查时间 "YYYY-MM-DD HH:MM"（北京时间）')
    p.add_argument("--inspector", action="append", help="检查人员姓名（可多次，第一名为主办）")
    p.add_argument("--answer", action="append", help="检查项 项目键=是|否|不适用（可多次）")
    p.add_argument("--hazard", action=_HazardAction, metavar="CATEGORY", help="隐患类别（可多次）")
    p.add_argument("--deadline", action=_HazardAction, help="前一个隐患的整改期限 YYYY-MM-DD")
    p.add_argument("--fixed", action=_HazardAction, nargs=0, help="前一个隐患当场整改")
    p.add_argument("--checklist", help="检查表名称或代码（默认：行动的检查表或按行业）")
    p.add_argument("--present", help="在场当事人姓名")
    p.add_argument("--note", help="备注")
    p.set_defaults(hazards=[])


def record_draft(ctx, args: argparse.Namespace, entity_id: int):
    from station_app.domain.patrols.records import RecordDraft, parse_result

    result = getattr(args, "result", None)
    return RecordDraft(
        entity_id,
        _moment(args.at),
        inspectors=_person_ids(ctx, args.inspector),
        answers=_answers(args),
        findings=_findings(args),
        result=parse_result(result) if result else None,
        present_party=args.present or "",
        note=args.note or "",
    )


def revisit_json(r: RevisitView) -> dict[str, Any]:
    return {
        "id": r.id,
        "entity_id": r.entity_id,
        "entity_name": r.entity_name,
        "kind": r.kind,
        "kind_label": r.kind_label,
        "hazard_id": r.hazard_id,
        "due_on": r.due_on,
        "state": r.state,
        "state_label": r.state_label,
        "overdue": r.overdue,
        "record_id": r.record_id,
        "done_on": r.done_on,
        "waived_reason": r.waived_reason,
    }


def _check_json(c: CheckView) -> dict[str, Any]:
    return {
        "ok": True,
        "campaign_id": c.campaign_id,
        "campaign": c.campaign_number,
        "target_id": c.target_id,
        "target_state": c.target_state,
        "target_state_label": c.target_state_label,
        "record": _record_json(c.record),
        "revisits": [revisit_json(r) for r in c.revisits],
    }


def _print_check(c: CheckView, what: str) -> None:
    print(
        f"已登记{what}（巡查记录 {c.record.id}）：{c.record.entity_name} {c.target_state_label}。"
    )
    for r in c.revisits:
        print(f"  已安排回头看 {r.id}：{r.kind_label}，{r.due_on.isoformat()} 前完成")


def cmd_check(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.campaigns
    campaign_id = svc.find(args.id)
    draft = record_draft(ctx, args, _entity_id(ctx, args.entity))
    answers = bool(args.answer)
    check, _ = svc.record_check(
        campaign_id, draft, tuple(args.department or ()), checklist=args.checklist,
        add_reason=args.add_reason or "", assume_yes=not answers,
    )  # fmt: skip
    if args.json:
        print_json(_check_json(check))
    else:
        _print_check(check, "专项检查")
    return 0


def cmd_revisits(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.campaigns
    items = svc.revisits(svc.find(args.id), open_only=args.open)
    if args.json:
        print_json([revisit_json(r) for r in items])
        return 0
    for r in items:
        late = "，已逾期" if r.overdue else ""
        print(f"{r.id}\t{r.entity_name}\t{r.kind_label}\t{r.due_on}\t{r.state_label}{late}")
    print(f"共 {len(items)} 个回头看")
    return 0


def cmd_revisit(args: argparse.Namespace) -> int:
    from station_app.services.patrols import RecheckDraft

    ctx = _open(args)
    svc = ctx.services.campaigns
    revisit = svc.revisit(args.revisit_id)
    if revisit.kind == "problem":
        if args.passed is None:
            raise ValidationError(
                "问题商户的回头看是隐患复查：请用 --pass，或 --fail 加 --new-deadline 新期限 / --transfer。",
                field="passed",
            )
        draft: Any = RecheckDraft(
            0, _moment(args.at), passed=args.passed, new_deadline=_date(args.new_deadline, "new_deadline"),
            transfer=args.transfer, inspectors=_person_ids(ctx, args.inspector),
            note=args.note or "",
        )  # fmt: skip
    else:
        draft = record_draft(ctx, args, revisit.entity_id)
    check, _ = svc.record_revisit(
        revisit.id, draft, version=revisit.version, checklist=args.checklist,
        assume_yes=not args.answer,
    )  # fmt: skip
    if args.json:
        print_json({**_check_json(check), "revisit": revisit_json(svc.revisit(revisit.id))})
    else:
        _print_check(check, "回头看")
    return 0


def cmd_waive(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.campaigns
    revisit = svc.revisit(args.revisit_id)
    view, _ = svc.waive_revisit(revisit.id, revisit.version, args.reason or "")
    if args.json:
        print_json({"ok": True, **revisit_json(view)})
    else:
        print(f"回头看 {view.id}（{view.entity_name}）已免于回头看：{view.waived_reason}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    ctx = _open(args)
    svc = ctx.services.campaigns
    path, _ = svc.print_summary(svc.find(args.id), args.out)
    if args.json:
        print_json({"ok": True, "file": str(path)})
    else:
        print(f"已生成专项行动工作汇总表：{path}")
    return 0


def add_check_parsers(cs) -> None:
    """``campaigns check|revisits|revisit|waive|summary`` on the ``campaigns`` subparsers."""
    chk = cs.add_parser("check", help="登记专项检查（一条现场检查记录，发现的隐患即问题商户）")
    chk.add_argument("id", help="专项行动编号或序号")
    chk.add_argument("entity", metavar="ENTITY", help="统一社会信用代码、注册号或编号")
    add_record_options(chk)
    chk.add_argument("--result", help="结果：未发现问题 / 发现问题 / 当场整改 / 闭门未遇")
    chk.add_argument("--department", action="append", help="参与本次检查的部门（可多次）")
    chk.add_argument("--add-reason", help="不在检查对象中的商户：加入的理由")
    chk.set_defaults(func=cmd_check)
    lst = cs.add_parser("revisits", help="回头看列表")
    lst.add_argument("id", help="专项行动编号或序号")
    lst.add_argument("--open", action="store_true", help="只列未完成的")
    lst.set_defaults(func=cmd_revisits)
    rv = cs.add_parser("revisit", help="登记回头看（问题商户：隐患复查；抽样商户：现场检查）")
    rv.add_argument("revisit_id", type=int, metavar="REVISIT_ID", help="回头看编号")
    add_record_options(rv)
    rv.add_argument(
        "--result", help="抽样回头看的结果：未发现问题 / 发现问题 / 当场整改 / 闭门未遇"
    )
    verdict = rv.add_mutually_exclusive_group()
    verdict.add_argument("--pass", dest="passed", action="store_true", default=None,
                         help="复查合格")  # fmt: skip
    verdict.add_argument("--fail", dest="passed", action="store_false", help="复查不合格")
    rv.add_argument("--new-deadline", help="复查不合格时新的整改期限 YYYY-MM-DD")
    rv.add_argument("--transfer", action="store_true", help="复查不合格，移送立案")
    rv.set_defaults(func=cmd_revisit)
    wv = cs.add_parser("waive", help="免于回头看（须写明原因，所长）")
    wv.add_argument("revisit_id", type=int, metavar="REVISIT_ID", help="回头看编号")
    wv.add_argument("--reason", required=True, help="原因，如“已注销”“已搬离”")
    wv.set_defaults(func=cmd_waive)
    sm = cs.add_parser("summary", help="专项行动工作汇总表（PDF 或 XLSX）")
    sm.add_argument("id", help="专项行动编号或序号")
    sm.add_argument("--out", required=True, help="输出文件 .pdf 或 .xlsx")
    sm.set_defaults(func=cmd_summary)
