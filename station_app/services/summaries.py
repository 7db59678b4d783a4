"""What each module contributes to the county report and to the 首页 dashboard.

Registered into ``reports.REPORT_PROVIDERS`` and ``dashboard.DASHBOARD_PROVIDERS`` when this
module is imported (the composition root imports it). Providers run for a report the user was
allowed to make, so they read through the application's own authority (``system_auth``).
"""

from __future__ import annotations

from datetime import date, timedelta

from station_app import clock
from station_app.data.engine import Database
from station_app.domain import complaints as complaint_rules
from station_app.domain.masking import mask_name, mask_phone
from station_app.domain.periods import Period
from station_app.domain.report_model import AMOUNT, Figure, RateDef, Section, Table
from station_app.queries import summaries as q
from station_app.services.auth import system_auth
from station_app.services.dashboard import ALERT, DASHBOARD_PROVIDERS, WARN, Series, Tile
from station_app.services.reports import DETAIL_PROVIDERS, REPORT_PROVIDERS, current_state

COMPLAINT_COUNTS = (  # key in ComplaintFigures.counts → label; headline keys marked
    ("received", "接收投诉", True),
    ("decided", "作出受理决定", False),
    ("decided_on_time", "按时作出受理决定", False),
    ("accepted", "受理", False),
    ("refused", "不予受理", False),
    ("mediation_ended", "调解结束（成功＋终止）", False),
    ("succeeded", "调解成功", True),
    ("terminated", "终止调解", False),
    ("ended_on_time", "按期办结", False),
    ("notified_on_time", "终止调解按时告知", False),
    ("visited", "回访", False),
    ("visit_satisfied", "回访满意（含基本满意）", False),
    ("visit_process_satisfied", "回访过程满意（含基本满意）", False),
)
HEADLINE_RATES = {"success", "satisfaction"}


def complaint_counts(db: Database, period: Period) -> q.ComplaintCounts:
    """The complaint figures of a period, counted in SQL (GROUP BY, no rows loaded)."""
    return q.complaint_counts(
        db, period.start, period.end, complaint_rules.CHANNELS, complaint_rules.SATISFACTION
    )


def complaints_section(db: Database, period: Period) -> Section:
    figs = complaint_counts(db, period)
    figures = [
        Figure(f"complaints.{k}", label, figs.counts.get(k, 0), headline=head)
        for k, label, head in COMPLAINT_COUNTS
    ]
    figures += [
        Figure(
            "complaints.money_recovered",
            "挽回经济损失",
            figs.money_recovered_fen,
            "元",
            AMOUNT,
            definition="调解成功案件中为消费者挽回的经济损失合计",
            headline=True,
        ),
        Figure(
            "complaints.amount_involved",
            "争议金额",
            figs.amount_involved_fen,
            "元",
            AMOUNT,
            definition="期内接收投诉的涉及金额合计",
        ),
    ]
    rates = [
        RateDef(
            f"complaints.{f.key}_rate",
            f.label,
            f"complaints.{f.numerator}",
            f"complaints.{f.denominator}",
            f.definition,
            f.key in HEADLINE_RATES,
        )
        for f in complaint_rules.RATE_FORMULAS
    ]
    tables = [
        Table("按渠道接收", ("渠道", "件数"), tuple(figs.by_channel.items())),
        Table(
            "终止调解原因",
            ("原因", "件数"),
            tuple(
                (f"{k} {complaint_rules.TERMINATION_REASONS.get(k, '')}", v)
                for k, v in figs.terminated_by_reason.items()
            ),
        ),
        _group_table("各消费维权服务站", figs.per_station),
        _group_table("各调解员", figs.per_mediator),
    ]
    return Section("投诉与调解", figures, tables, rates)


def _group_table(title: str, groups) -> Table:
    return Table(
        title,
        ("名称", "接收", "调解成功", "终止调解", "挽回经济损失（元）"),
        tuple(
            (g.name, g.received, g.succeeded, g.terminated, g.money_recovered_fen / 100)
            for g in groups
        ),
    )


def entity_state(db: Database) -> q.EntityState:
    """The registry now: computed once per report (the roster and registry sections share it)."""
    return current_state("entities.state", lambda: q.entity_state(db))


def entities_section(db: Database, period: Period) -> Section:
    state = entity_state(db)
    counts = {
        "entities.active": state.active,
        "entities.grade_cd": state.grade_cd,
        **q.entity_period_counts(db, period.start, period.end, *period.bounds_utc()),
    }
    labels = {
        "entities.active": (
            "在营经营主体（当前）",
            "户",
            True,
            "统计时在营的经营主体户数（存量，不随统计期回溯）",
        ),
        "entities.new": ("新设立经营主体", "户", True, "成立日期在统计期内的经营主体"),
        "entities.swept": ("扫街纳管新登记", "户", False, "统计期内扫街纳管录入的店铺"),
        "entities.grade_cd": (
            "本所分级为 C/D 级（当前）",
            "户",
            False,
            "在营主体中本所分级为 C 或 D 的户数",
        ),
    }
    figures = [
        Figure(k, lab, counts[k], unit, headline=head, definition=d)
        for k, (lab, unit, head, d) in labels.items()
    ]
    tables = [
        Table("按主体类型（当前在营）", ("类型", "户数"), tuple(state.by_type)),
        Table("按本所分级（当前在营）", ("分级", "户数"), tuple(state.by_grade)),
        Table("按网格（当前在营）", ("网格", "户数"), tuple(state.by_grid)),
    ]
    return Section("经营主体", figures, tables)


def lists_section(db: Database, period: Period) -> Section:
    counts = q.list_counts(db, period.start, period.end)
    labels = {
        "lists.red_added": ("新列入红榜", True, "列入日期在统计期内且已审批的红榜条目"),
        "lists.black_added": ("新列入黑榜", True, "列入日期在统计期内且已审批的黑榜条目"),
        "lists.removed": ("移出（期满、修复、撤销、纠错）", False, "移出日期在统计期内的条目"),
        "lists.red_current": ("当前在红榜", False, "统计时仍在红榜的条目（存量）"),
        "lists.black_current": ("当前在黑榜", False, "统计时仍在黑榜的条目（存量）"),
    }
    figures = [
        Figure(k, lab, counts[k], "条", headline=head, definition=d)
        for k, (lab, head, d) in labels.items()
    ]
    table = Table(
        "各榜单",
        ("榜单", "期内列入", "期内移出", "当前在榜"),
        tuple(q.list_breakdown(db, period.start, period.end)),
    )
    return Section("红黑榜", figures, [table])


def roster_section(db: Database, period: Period) -> Section:
    from station_app.services.roster import RosterService

    on = min(period.last, clock.today())
    grids = RosterService(db, system_auth()).list_grids(on, entity_state(db).grid_counts)
    figures = [
        Figure("roster.grids", "网格", len(grids), "个", definition="统计期末（或今日）在用网格数"),
        Figure(
            "roster.out_of_rule",
            "人员配置不合规的网格",
            sum(1 for g in grids if g.warnings),
            "个",
            headline=True,
            definition="不满足“1 名监管专员 + 2–3 名网格员”的网格",
        ),
        Figure("roster.specialists", "在岗监管专员", sum(1 for g in grids if g.specialist), "人"),
        Figure("roster.workers", "在岗网格员", sum(g.workers for g in grids), "人"),
    ]
    table = Table(
        "各网格",
        ("网格", "监管专员", "网格员", "经营主体", "C/D 级", "提示"),
        tuple(
            (g.label, g.specialist, g.workers, g.entities, g.cd_entities, "；".join(g.warnings))
            for g in grids
        ),
    )
    return Section("网格与人员", figures, [table])


def training_section(db: Database, period: Period) -> Section:
    counts = q.training_counts(db, period.start, period.end)
    figures = [
        Figure(
            "training.sessions",
            "培训场次",
            counts["training.sessions"],
            "场",
            headline=True,
            definition="培训日期在统计期内的培训场次",
        ),
        Figure(
            "training.attendances",
            "培训人次",
            counts["training.attendances"],
            "人次",
            definition="上述培训的签到人次合计",
        ),
    ]
    from station_app.services.visits_report import visit_figures, visit_rates, visit_tables

    figures += visit_figures(db, period)
    return Section("培训与走访", figures, visit_tables(db, period), visit_rates())


# -- detail sheets (明细): only when the report is made with details; personal data masked ------
def complaints_details(db: Database, period: Period) -> list[Table]:
    def result(refusal: str, reason: str, result_on) -> str:
        if refusal:
            return complaint_rules.REFUSED
        if reason:
            return complaint_rules.TERMINATED
        return complaint_rules.SUCCEEDED if result_on else ""

    rows = tuple(
        (
            number,
            received,
            channel,
            respondent,
            goods,
            claim,
            status,
            result(refusal, reason, result_on),
            result_on,
            money / 100 if money else None,
            mask_name(name),
            mask_phone(phone),
        )
        for (
            number,
            received,
            channel,
            respondent,
            goods,
            claim,
            status,
            refusal,
            reason,
            result_on,
            money,
            name,
            phone,
        ) in q.complaint_details(db, period.start, period.end)
    )
    columns = (
        "投诉编号",
        "登记日期",
        "渠道",
        "被投诉人",
        "商品或服务",
        "诉求",
        "状态",
        "处理结果",
        "结果日期",
        "挽回经济损失（元）",
        "投诉人",
        "联系电话",
    )
    return [Table("投诉明细", columns, rows)]


def entities_details(db: Database, period: Period) -> list[Table]:
    rows = tuple(
        (name, uscc, kind, mask_name(rep), *rest)
        for name, uscc, kind, rep, *rest in q.new_entity_details(db, period.start, period.end)
    )
    columns = (
        "名称",
        "统一社会信用代码",
        "主体类型",
        "法定代表人（经营者）",
        "经营地址",
        "网格",
        "成立日期",
        "来源",
        "状态",
    )
    return [Table("新增经营主体明细", columns, rows)]


def lists_details(db: Database, period: Period) -> list[Table]:
    columns = ("日期", "变动", "榜单", "主体名称", "统一社会信用代码", "事由", "决定书文号")
    rows = tuple(q.list_change_details(db, period.start, period.end))
    return [Table("红黑榜变动明细", columns, rows)]


# -- dashboard ---------------------------------------------------------------------------------
def complaints_dashboard(db: Database, today: date):
    from station_app.services.complaints import ComplaintService

    service = ComplaintService(db, system_auth())
    items = service.due_items(today)
    overdue = [i for i in items if i.overdue]
    tiles = [
        Tile(
            "complaints.overdue",
            "超期未办的投诉",
            len(overdue),
            f"最早：{overdue[0].number} {overdue[0].what}" if overdue else "",
            ALERT if overdue else "ok",
            "complaints",
            {"overdue": True},
        ),
        Tile(
            "complaints.due_soon",
            "临期投诉（2 个工作日内）",
            len(items) - len(overdue),
            "",
            WARN if len(items) > len(overdue) else "ok",
            "complaints",
            {"due_soon": True},
        ),
    ]
    month = Period("month", today.year, today.month)
    months = [month]
    for _ in range(11):
        months.insert(0, months[0].previous())
    points: list[tuple[str, float]] = []
    success: list[tuple[str, float]] = []
    rates: list[tuple[str, float]] = []
    formula = next(f for f in complaint_rules.RATE_FORMULAS if f.key == "success")
    for m in months:
        figs = complaint_counts(db, m)
        points.append((str(m.index), float(figs.counts["received"])))
        success.append((str(m.index), figs.money_recovered_fen / 100))
        rate = complaint_rules.rate(
            figs.counts[formula.numerator], figs.counts[formula.denominator]
        )
        rates.append((str(m.index), float(rate or 0)))
    series = [
        Series(
            "complaints.per_month",
            "近 12 个月每月接收投诉（件）",
            "bar",
            tuple(points),
            "件",
            "complaints",
        ),
        Series(
            "complaints.money",
            "近 12 个月每月挽回经济损失（元）",
            "bar",
            tuple(success),
            "元",
            "complaints",
        ),
        Series(
            "complaints.success",
            "近 12 个月调解成功率（%）",
            "line",
            tuple(rates),
            "%",
            "complaints",
        ),
    ]
    return tiles, series


def roster_dashboard(db: Database, today: date):
    from station_app.services.roster import RosterService

    roster = RosterService(db, system_auth())
    out_of_rule = sum(1 for w in roster.all_warnings(today).values() if w)
    certs = roster.cert_alerts(today)
    return [
        Tile(
            "roster.out_of_rule",
            "人员配置不合规的网格",
            out_of_rule,
            "",
            WARN if out_of_rule else "ok",
            "roster",
            {"out_of_rule": True},
        ),
        Tile(
            "roster.certs",
            "执法证 30 天内到期",
            len(certs),
            "",
            WARN if certs else "ok",
            "roster",
            {"role": "enforcer"},
        ),
    ], []


def lists_dashboard(db: Database, today: date):
    from station_app.services.lists import ListService

    due = ListService(db, system_auth()).due(today, within_days=30)
    late = sum(1 for i in due.repairs if i.due_on is not None and i.due_on < today)
    tiles = [
        Tile(
            "lists.pending",
            "红黑榜待审批",
            len(due.pending),
            "",
            WARN if due.pending else "ok",
            "lists",
            {"status": "proposed"},
        ),
        Tile(
            "lists.repairs",
            "信用修复待办",
            len(due.repairs),
            f"其中超期 {late} 件" if late else "",
            ALERT if late else (WARN if due.repairs else "ok"),
            "lists",
            {"repairs": True},
        ),
        Tile(
            "lists.expiring",
            "30 天内到期的榜单条目",
            len(due.expiring),
            "",
            WARN if due.expiring else "ok",
            "lists",
            {"expiring": True},
        ),
    ]
    return tiles, []


def entities_dashboard(db: Database, today: date):
    grades = tuple((g, float(n)) for g, n in q.entity_state(db).by_grade)
    expiring = q.licences_expiring(db, today, today + timedelta(days=30))
    tile = Tile(
        "entities.licences",
        "30 天内到期的许可证",
        expiring,
        "",
        WARN if expiring else "ok",
        "entities",
        {"licence_days": 30},
    )
    return [tile], [
        Series("entities.grades", "在营经营主体本所分级", "pie", grades, "户", "entities")
    ]


def sweeps_dashboard(db: Database, today: date):
    from station_app.services.sweeps import SweepService

    todo = SweepService(db, system_auth()).todo()
    waiting = sum(t.open for t in todo)
    grids = sum(1 for t in todo if t.open)
    tile = Tile(
        "sweeps.todo",
        "扫街纳管待关联",
        waiting,
        f"涉及 {grids} 个网格" if waiting else "",
        WARN if waiting else "ok",
        "sweeps",
        {},
    )
    return [tile], []


def warnings_dashboard(db: Database, today: date):
    """预警 (#19): new warnings and price flags waiting to be handled."""
    from station_app.domain.prices.lists import FlagFilter
    from station_app.services.prices import PricesService
    from station_app.services.warnings import WarningsService

    auth = system_auth()
    new = WarningsService(db, auth).home_counts().get("新", 0)
    flags = PricesService(db, auth).flag_rows(FlagFilter(state="待处理")).count()
    return [
        Tile("warnings.new", "新预警", new, "投诉集中、预付卡、涉老、许可证" if new else "",
             ALERT if new else "ok", "warnings", {"state": "新"}),
        Tile("prices.flags", "价格预警待处理", flags, "节假日价格异常" if flags else "",
             WARN if flags else "ok", "prices", {"state": "待处理"}),
    ], []  # fmt: skip


REPORT_PROVIDERS.extend(
    [roster_section, entities_section, complaints_section, lists_section, training_section]
)
DETAIL_PROVIDERS.extend([entities_details, complaints_details, lists_details])
DASHBOARD_PROVIDERS.extend(
    [
        complaints_dashboard,
        roster_dashboard,
        lists_dashboard,
        entities_dashboard,
        sweeps_dashboard,
        warnings_dashboard,
    ]
)


def _orders_dashboard(db: Database, today: date):
    from station_app.services.orders.dashboard import orders_dashboard

    return orders_dashboard(db, today)


def _orders_section(db: Database, period: Period) -> Section:
    from station_app.services.orders.report import orders_section

    return orders_section(db, period)


def _orders_details(db: Database, period: Period) -> list[Table]:
    from station_app.services.orders.report import orders_details

    return orders_details(db, period)


DASHBOARD_PROVIDERS.append(_orders_dashboard)
REPORT_PROVIDERS.append(_orders_section)


def _patrols_dashboard(db: Database, today: date):
    from station_app.services.patrols.dashboard import patrols_dashboard

    return patrols_dashboard(db, today)


DASHBOARD_PROVIDERS.append(_patrols_dashboard)


def _patrols_section(db: Database, period: Period) -> Section:
    from station_app.services.patrols.report import patrols_section

    return patrols_section(db, period)


def _patrols_details(db: Database, period: Period) -> list[Table]:
    from station_app.services.patrols.report import patrols_details

    return patrols_details(db, period)


REPORT_PROVIDERS.append(_patrols_section)
DETAIL_PROVIDERS.append(_patrols_details)
DETAIL_PROVIDERS.append(_orders_details)


def _prices_section(db: Database, period: Period) -> Section:
    from station_app.services.prices.report import prices_section

    return prices_section(db, period)


def _warnings_section(db: Database, period: Period) -> Section:
    from station_app.services.prices.report import warnings_section

    return warnings_section(db, period)


REPORT_PROVIDERS.extend([_prices_section, _warnings_section])


def _visits_dashboard(db: Database, today: date):
    from station_app.services.visits_dashboard import visits_dashboard

    return visits_dashboard(db, today)


DASHBOARD_PROVIDERS.append(_visits_dashboard)


def _campaigns_dashboard(db: Database, today: date):
    from station_app.services.campaigns_report import campaigns_dashboard

    return campaigns_dashboard(db, today)


def _campaigns_section(db: Database, period: Period) -> Section:
    from station_app.services.campaigns_report import campaigns_section

    return campaigns_section(db, period)


DASHBOARD_PROVIDERS.append(_campaigns_dashboard)  # 专项行动与双随机 (#18)
REPORT_PROVIDERS.append(_campaigns_section)
