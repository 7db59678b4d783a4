"""``station-app orders add|show|list|dispatch|respond|…|import|figures`` and ``print order``:
work orders (工单, #14) from the terminal. The command lines and the ``--json`` keys are the
issue's contract; the acting user is the signed-in one (``--user`` / ``STATION_USER``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from station_app.cli.commands import _open
from station_app.cli.order_attachments import add_parsers as add_attachment_parsers
from station_app.cli.output import print_json

if TYPE_CHECKING:  # the parser is built at every start: import services when a command runs
    from station_app.services.orders import OrderView

KINDS_HELP = "网格线索|12345|企业直通车|12315投诉|12315举报|咨询"
TIME_HELP = '时间 "YYYY-MM-DD HH:MM"（北京时间，默认现在）'
DEFAULT_FEEDBACK = "已按要求处置，反馈处置结果。"


def _time(text: str | None, label: str = "时间"):
    if not text:
        return None
    from station_app.domain.orders.timing import parse_time

    return parse_time(text, "at", label)


def _print_order(view: OrderView, as_json: bool) -> None:
    if as_json:
        print_json({"ok": True, **view.as_json()})
        return
    from station_app.domain.orders.timing import fmt_time

    print(f"{view.number}  {view.kind}  {view.state}  受理 {fmt_time(view.received_at)}")
    if view.platform_no:
        print(f"  平台工单编号 {view.platform_no}；重办 {view.rework} 次；{view.lead}")
    if view.subject or view.grid:
        print(
            f"  对象：{view.subject or '—'}；网格：{view.grid or '—'}；承办人：{view.assignee or '—'}"
        )
    for c in view.clocks:
        print(f"  {c.label} {fmt_time(c.due)}  {c.status_label}  {c.left_text}")
    if view.paused:
        print(f"  挂起中：{view.pause_reason}")
    if view.confirmations:
        print("  确认：" + "，".join(f"{s} {n or u}" for s, u, n, _ in view.confirmations))
    if view.case_id:
        print(f"  调解案件：{view.case_number}（{view.case_status}），工单随案件办结")
    if view.patrol_records:
        print(f"  到场检查：巡查记录 {len(view.patrol_records)} 条")


def cmd_add(args: argparse.Namespace) -> int:
    ctx = _open(args)
    from station_app.domain.orders.timing import parse_time
    from station_app.services.orders import OrderInput

    data = OrderInput(
        kind=args.kind,
        received_at=parse_time(args.received, "received_at", "受理时间"),
        text=args.text or "",
        entity=args.entity or "",
        grid=args.grid or "",
        platform_no=args.order_no or "",
        rework=args.rework or 0,
        category=args.category or "",
        subject_name=args.name or "",
        subject_address=args.address or "",
        requester_name=args.requester or "",
        requester_phone=args.phone or "",
        real_name=bool(args.real_name),
        platform_deadline=_time(args.deadline, "平台办结时限"),
    )
    view, _ = ctx.services.orders.add(data)
    _print_order(view, args.json)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    ctx = _open(args)
    view = ctx.services.orders.show(args.number)
    _print_order(view, args.json)
    if not args.json:
        for e in view.timeline:
            from station_app.domain.orders.timing import fmt_time

            tail = f"  {e.note}" if e.note else ""
            print(f"    {fmt_time(e.at)}  {e.label}  {e.by}{tail}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    ctx = _open(args)
    from station_app.domain.orders.listing import (
        DUE_OVERDUE,
        LIST_COLUMNS,
        OrderFilter,
        parse_within,
    )
    from station_app.domain.periods import parse_period

    period = parse_period(args.period, ranges=True) if args.period else None
    flt = OrderFilter(
        kind=args.kind or None,
        state=args.state or None,
        due=DUE_OVERDUE if args.overdue else None,
        within_minutes=parse_within(args.due_within) if args.due_within else None,
        start=period.start if period else None,
        end=period.last if period else None,
    )
    rows = ctx.services.orders.rows(flt)
    ids = list(rows.fetch_ids("received_at", False))
    data = rows.fetch_rows(ids)
    items = [dict(zip(LIST_COLUMNS, data[i], strict=False)) for i in ids if i in data]
    if args.json:
        print_json({"ok": True, "count": len(items), "orders": [_list_json(x) for x in items]})
        return 0
    from station_app.domain.orders.timing import fmt_time

    for x in items:
        print(
            f"{x['number']}  {x['kind']}  {fmt_time(x['received_at'])}  {x['state']}  {x['time_left']}"
        )
    print(f"共 {len(items)} 件")
    return 0


def _list_json(x: dict[str, Any]) -> dict[str, Any]:
    from station_app.domain.orders.timing import iso

    out = dict(x)
    out["received_at"], out["due"] = iso(x["received_at"]), iso(x["due"])
    return out


def cmd_step(args: argparse.Namespace) -> int:
    """dispatch|respond|feedback|confirm|close|pause|resume|return|supervise|… NO."""
    ctx = _open(args)
    svc = ctx.services.orders
    at, no, reason = _time(args.at), args.number, args.reason or ""
    step = args.orders_command
    actor = ctx.auth.actor
    calls = {
        "dispatch": lambda: svc.dispatch(no, at, to=args.to or "", reason=reason),
        "respond": lambda: svc.respond(no, at, note=reason),
        "onsite": lambda: svc.onsite(no, at, note=reason, result=args.check_result or "clear"),
        "handle": lambda: svc.handle(
            no, args.way or "", args.text or reason, at, args.department or ""
        ),
        "feedback": lambda: svc.feedback(no, args.text or reason or DEFAULT_FEEDBACK, at),
        "confirm": lambda: svc.confirm(no, at),
        "reject": lambda: svc.reject(no, reason, at),
        "close": lambda: svc.close(no, at),
        "pause": lambda: svc.pause(no, reason, at),
        "resume": lambda: svc.resume(no, at),
        "return": lambda: svc.return_(no, at, reason=reason),
        "void": lambda: svc.void(no, reason, at),
        "decide": lambda: svc.decide(no, args.decision or "", reason, at),
        "notify": lambda: svc.notify(no, at),
        "extend": lambda: svc.extend(no, reason, at),
        "supervise": lambda: svc.supervise(
            no,
            args.station_side or (actor.label if actor else ""),
            args.community_side or "",
            at,
            note=reason,
        ),
        "visit": lambda: svc.visit(
            no, args.process or "", args.result or "", args.reasonable != "否", at=at
        ),
    }
    view, _ = calls[step]()
    _print_order(view, args.json)
    return 0


def cmd_mediate(args: argparse.Namespace) -> int:
    """``orders mediate NO``: 转调解, a complaint case opened from the order."""
    ctx = _open(args)
    from station_app.services.orders import MediationInput

    data = MediationInput(
        complainant_address=args.address or "",
        claim=args.claim or "其他",
        claim_detail=args.claim_detail or "",
        facts=args.facts or "",
        complainant_name=args.requester or "",
        complainant_phone=args.phone or "",
        respondent_name=args.respondent or "",
        respondent_address=args.respondent_address or "",
    )
    view, _ = ctx.services.orders.mediate(args.number, data, _time(args.at))
    _print_order(view, args.json)
    return 0


def cmd_link_case(args: argparse.Namespace) -> int:
    """``orders link-case NO CASE_NO``: 关联 an existing complaint case."""
    ctx = _open(args)
    view, _ = ctx.services.orders.link_case(args.number, args.case_no, _time(args.at))
    _print_order(view, args.json)
    return 0


def _add_mediation(os_) -> None:
    md = os_.add_parser(
        "mediate", help="转调解：由12315投诉（或来访咨询）登记投诉调解案件，工单随案件办结"
    )
    md.add_argument("number", metavar="NO", help="本所工单编号或平台工单编号")
    md.add_argument("--at", help=TIME_HELP)
    md.add_argument("--address", help="投诉人通讯地址（投诉必须载明）")
    md.add_argument("--claim", help="投诉请求：修理|重作|更换|退货|补足数量|退款|赔偿损失|其他")
    md.add_argument("--claim-detail", help="投诉请求为“其他”时的具体请求（默认取诉求内容）")
    md.add_argument("--facts", help="争议事实（默认取诉求内容）")
    md.add_argument("--requester", help="投诉人姓名（默认取工单诉求人）")
    md.add_argument("--phone", help="投诉人电话（默认取工单联系电话）")
    md.add_argument("--respondent", help="被投诉人名称（默认取工单对象）")
    md.add_argument("--respondent-address", help="被投诉人地址（默认取工单对象地址）")
    md.set_defaults(func=cmd_mediate)
    lc = os_.add_parser("link-case", help="关联已登记的投诉调解案件，工单随案件办结")
    lc.add_argument("number", metavar="NO", help="本所工单编号或平台工单编号")
    lc.add_argument("case_no", metavar="CASE_NO", help="投诉编号，如 TS2026-0012")
    lc.add_argument("--at", help=TIME_HELP)
    lc.set_defaults(func=cmd_link_case)


def cmd_figures(args: argparse.Namespace) -> int:
    ctx = _open(args)
    from station_app.domain.orders import figures as fig
    from station_app.domain.periods import parse_period

    figures = ctx.services.orders.figures(parse_period(args.period, ranges=True))
    if args.json:
        print_json({"ok": True, **figures.as_json()})
        return 0
    c = figures.counts
    print(f"{figures.period.label} 工单统计")
    print(
        "  受理："
        + "，".join(f"{k} {v}" for k, v in figures.by_kind.items())
        + f"（共 {c['received']} 件）"
    )
    print(
        f"  当日处置数 {c['handled_same_day']}；当前超时 {c['overdue_now']}；挂起 {c['paused_now']}"
    )
    for f in fig.RATE_FORMULAS:
        value = figures.rates[f.key]
        text = "—" if value is None else f"{value:.2f}%"
        print(f"  {f.label}：{text}（{c.get(f.numerator, 0)}/{c.get(f.denominator, 0)}）")
        print(f"    口径：{f.definition}")
    for title, groups in (("按网格", figures.grid_figures), ("按承办人", figures.assignee_figures)):
        print(f"  {title}（受理/24小时内回应/办结/按时办结/当前超时）：")
        for name, g in groups:
            values = "/".join(str(g[key]) for key in ("received", "responded_24h", "closed",
                                                       "closed_on_time", "overdue_now"))  # fmt: skip
            print(f"    {name or '（未指定）'}  {values}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from station_app.cli.output import TextProgress

    ctx = _open(args)
    result, _ = ctx.services.orders.import_platform(
        Path(args.file), dry_run=args.dry_run, progress=TextProgress()
    )
    if args.json:
        print_json({"ok": True, **result.as_json()})
        return 0
    head = "试导入（未写入）" if result.dry_run else "已导入"
    print(
        f"{head}：共 {result.rows} 行；新建 {len(result.created)} 件，重办升级 "
        f"{len(result.reworked)} 件，未变 {len(result.unchanged)} 件"
        + (f"，平台重办次数低于本所记录 {len(result.lower)} 件（未改）" if result.lower else "")
        + "。"
    )
    return 0


def cmd_print_order(args: argparse.Namespace) -> int:
    from pathlib import Path

    from station_app.errors import ValidationError

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise ValidationError("输出文件名请以 .pdf 结尾。", field="out")
    ctx = _open(args)
    svc = ctx.services.orders
    which = args.print_command
    if which == "report-notice":
        path, _ = svc.print_report_notice(args.number, out)
    elif which == "report-form":
        path = svc.print_report_form(args.number, out)
    else:
        path = (svc.print_supervision if which == "supervision" else svc.print_order)(
            args.number, out
        )
    if args.json:
        print_json({"ok": True, "file": str(path), "number": args.number})
    else:
        print(f"已生成{PRINT_TITLES[which]}：{path}")
    return 0


PRINT_TITLES = {
    "order": "工单处理单",
    "supervision": "督办通知单",
    "report-notice": "举报立案/不予立案告知书",
    "report-form": "举报登记表",
}


def _add_print(sub) -> None:
    """``print order NO --out FILE.pdf`` beside the other documents of ``print``."""
    printer = sub.choices.get("print")
    if printer is None:
        return
    action = next(a for a in printer._actions if isinstance(a, argparse._SubParsersAction))
    for name, help_text in (
        ("order", "工单处理单（PDF）"),
        ("supervision", "工单督办通知单（PDF）"),
        ("report-notice", "举报立案告知书或举报不予立案告知书（PDF，致实名举报人）"),
        ("report-form", "举报登记表（PDF，内部资料，举报人信息保密）"),
    ):
        pr = action.add_parser(name, help=help_text)
        pr.add_argument("number", metavar="NO", help="本所工单编号或平台工单编号")
        pr.add_argument("--out", required=True, help="输出 PDF 文件")
        pr.set_defaults(func=cmd_print_order)


STEP_HELP = {
    "dispatch": "派单（默认派给该网格当日的监管专员；--to 改派须填 --reason）",
    "respond": "响应",
    "onsite": "到场（对象为台账主体时同时登记巡查记录，--check-result 未发现问题|闭门未遇）",
    "handle": "处置（--way 现场核查|调解|举报核查|移送|答复|责令整改，--text 处置情况）",
    "feedback": "反馈处置结果（--text）",
    "confirm": "确认处置结果（双签：以本人账号登录）",
    "reject": "不认可处置结果，退回处置（--reason）",
    "close": "办结（须双签确认）",
    "pause": "挂起（--reason 必填）",
    "resume": "恢复计时",
    "return": "退单给派单人（--reason 必填）",
    "void": "作废（--reason 必填）",
    "decide": "举报立案决定（--decision 立案|不予立案）",
    "notify": "告知实名举报人",
    "extend": "举报核查延期 15 个工作日（--reason，须所长批准）",
    "supervise": "督办超时工单（--station-side 所方、--community-side 社区方督办人）",
    "visit": "回访（--process、--result 满意|基本满意|不满意，--reasonable 是|否）",
}


def add_parser(sub) -> None:
    """Register ``orders`` on the top-level subparsers (``print order`` joins ``print``)."""
    op = sub.add_parser(
        "orders", help="工单：网格线索、12345、举报等的登记、派单、办理、督办、统计"
    )
    os_ = op.add_subparsers(dest="orders_command", metavar="操作", required=True)
    os_._parser_class = sub._parser_class
    add = os_.add_parser("add", help="登记工单，输出编号和各项时限")
    add.add_argument("--kind", required=True, help=KINDS_HELP)
    add.add_argument("--received", required=True, help='受理时间 "YYYY-MM-DD HH:MM"')
    add.add_argument("--entity", help="经营主体的统一社会信用代码或编号")
    add.add_argument("--grid", help="网格编号")
    add.add_argument("--order-no", help="平台工单编号")
    add.add_argument("--rework", type=int, default=0, help="平台重办次数")
    add.add_argument("--text", help="诉求内容")
    add.add_argument("--category", help="问题类别，如 食品安全、涉老诈骗")
    add.add_argument("--deadline", help='平台办结时限 "YYYY-MM-DD HH:MM"（12345、企业直通车）')
    add.add_argument("--name", help="对象名称（未登记的主体）")
    add.add_argument("--address", help="对象地址")
    add.add_argument("--requester", help="诉求人/举报人姓名")
    add.add_argument("--phone", help="诉求人/举报人电话")
    add.add_argument("--real-name", action="store_true", help="实名举报")
    add.set_defaults(func=cmd_add)
    show = os_.add_parser("show", help="查看工单（时限、流转记录）")
    show.add_argument("number", metavar="NO", help="本所工单编号或平台工单编号")
    show.set_defaults(func=cmd_show)
    ls = os_.add_parser("list", help="列出工单")
    ls.add_argument("--overdue", action="store_true", help="只列已超时的")
    ls.add_argument("--due-within", help="在此时间内到期，如 1h、30m、2d")
    ls.add_argument("--period", help="受理期间：2026-05、2026Q2、2026 …")
    ls.add_argument("--kind", help=KINDS_HELP)
    ls.add_argument("--state", help="状态，如 待派单、处置中")
    ls.set_defaults(func=cmd_list)
    for name, help_text in STEP_HELP.items():
        p = os_.add_parser(name, help=help_text)
        p.add_argument("number", metavar="NO", help="本所工单编号或平台工单编号")
        p.add_argument("--at", help=TIME_HELP)
        p.add_argument("--to", help="承办人用户名（派单）")
        p.add_argument("--reason", help="原因或说明")
        p.add_argument("--text", help="反馈或处置内容")
        p.add_argument("--way", help="处置方式")
        p.add_argument("--department", help="移送部门")
        p.add_argument("--decision", help="立案|不予立案")
        p.add_argument("--station-side", help="所方督办人（默认本人）")
        p.add_argument("--community-side", help="社区方督办人")
        p.add_argument("--process", help="过程满意度")
        p.add_argument("--result", help="结果满意度")
        p.add_argument("--reasonable", default="是", help="诉求是否合理：是|否")
        p.add_argument("--check-result", help="到场检查结果：未发现问题|闭门未遇（登记巡查记录）")
        p.set_defaults(func=cmd_step)
    _add_mediation(os_)
    im = os_.add_parser(
        "import", help="导入 12345 平台导出的工单表（XLSX/XLS/CSV，全部成功或全部不导入）"
    )
    im.add_argument("file", metavar="FILE", help="平台导出的工单表")
    im.add_argument(
        "--dry-run", action="store_true", help="试导入：只报告将新建和升级的工单，不写入"
    )
    im.set_defaults(func=cmd_import)
    fg = os_.add_parser("figures", help="工单统计数字和比率（含口径）")
    fg.add_argument("--period", required=True, help="2026-05、2026Q2、2026 …")
    fg.set_defaults(func=cmd_figures)
    add_attachment_parsers(os_)
    _add_print(sub)
