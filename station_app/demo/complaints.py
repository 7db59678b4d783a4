"""Demo step for 投诉调解: 25 consumer-rights service stations (17 communities + 8 shopping
complexes) and 420 complaints over the last 12 months (STATIONS.md §1): realistic channels,
claims and amounts; most mediated successfully, some terminated, a few refused, a few overdue;
return visits ~98% satisfied. Respondents are registry entities when there are any.

``station-app demo --complaints N [--complaints-year Y]`` makes N complaints instead (50,000 for
the report bench), received over the last 12 months or over calendar year Y (up to today).

Deterministic: ``run.rng`` only. One transaction; rows are written with Core bulk inserts in
batches of 50,000 complaints (with their mediators, sessions and agreement terms).
"""

from __future__ import annotations

from datetime import date, timedelta

from station_app.data import audit
from station_app.data.models import DocCounter, ServiceStation
from station_app.data.repo import calendar as calendar_repo
from station_app.data.repo import complaints as repo
from station_app.domain import complaints as rules
from station_app.domain.auth import SYSTEM
from station_app.domain.calendar import WorkCalendar
from station_app.domain.identifiers import make_id_card
from station_app.services.base import check_cancel
from station_app.services.complaints import complainant_search_keys

BATCH = 50_000  # complaints per bulk insert

COMMUNITIES = (
    "人民路",
    "府前街",
    "佛山街",
    "东山",
    "青年路",
    "文化路",
    "西湖",
    "建设路",
    "龙山",
    "稻屯",
    "东原",
    "白佛山",
    "振兴",
    "幸福",
    "和平",
    "新华",
    "光明",
)
COMPLEXES = (
    "银座购物广场",
    "万达广场",
    "东原商城",
    "佳乐家超市",
    "振华商厦",
    "华联购物中心",
    "新世纪商城",
    "龙山步行街",
)
MEDIATORS = ("赵敏", "王建国", "李红梅", "孙丽", "陈志强", "刘芳", "周海燕")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董"
GIVEN = (
    "伟",
    "芳",
    "敏",
    "静",
    "丽",
    "军",
    "勇",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
    "红霞",
    "志强",
    "海燕",
    "玉兰",
    "晓东",
    "子涵",
)
ROADS = (
    "人民路",
    "解放路",
    "佛山街",
    "东山路",
    "青年路",
    "府前街",
    "文化路",
    "西湖路",
    "建设路",
    "龙山大街",
)
FALLBACK_RESPONDENTS = (
    "城关镇鑫源家电门市",
    "东平县惠民超市",
    "老街烧烤店",
    "丽人美容会所",
    "快捷手机维修部",
    "东原健身俱乐部",
    "好运来酒店",
    "华联眼镜店",
    "宏达装饰工程部",
    "小天鹅干洗店",
)
CHANNELS = (
    ("12315", 40),
    ("12345", 22),
    ("来电", 10),
    ("来访", 8),
    ("来信", 2),
    ("网格上报", 6),
    ("服务站", 12),
)
# (goods, claim, amount range in yuan, term kind, facts)
CASES = (
    ("空调一台", "退货", (1800, 6000), "退款", "安装后制冷效果差，多次维修未果"),
    ("冰箱一台", "更换", (1500, 5000), "更换", "使用一周出现压缩机异响"),
    ("智能手机一部", "修理", (800, 5000), "修理", "购买后一个月内屏幕无故失灵"),
    ("预付健身卡", "退款", (1000, 5000), "退款", "健身房停业搬迁，剩余课时无法使用"),
    ("美容护理套餐", "退款", (500, 6000), "退款", "预付费后商家更换经营者，拒绝继续服务"),
    ("就餐服务", "赔偿损失", (80, 600), "赔偿", "菜品中发现异物，投诉人要求赔偿"),
    ("预包装食品", "赔偿损失", (20, 300), "赔偿", "所购食品已超过保质期"),
    ("羽绒服一件", "退货", (300, 1500), "退款", "穿着数日后大量跑绒，与宣传不符"),
    ("家具一套", "补足数量", (2000, 12000), "更换", "送货少一件配套床头柜，商家拖延补送"),
    ("装修服务", "重作", (3000, 20000), "修理", "墙面施工质量不合格，出现大面积开裂"),
    ("电动自行车一辆", "修理", (1500, 4000), "修理", "电池续航严重不足，商家拒绝保修"),
    ("眼镜一副", "重作", (300, 1500), "修理", "验光度数错误导致佩戴不适"),
    ("干洗服务", "赔偿损失", (200, 2000), "赔偿", "送洗衣物出现褪色、破损"),
    ("汽车维修服务", "退款", (500, 5000), "退款", "维修后故障仍未排除，多收配件费"),
    ("网购家电", "退货", (500, 4000), "退款", "七日无理由退货被商家拒绝"),
)
METHODS = ("微信转账", "银行转账", "现金当面支付", "支付宝转账", "原路退回")


def _weighted(rng, pairs):
    total = sum(w for _v, w in pairs)
    x = rng.uniform(0, total)
    for value, weight in pairs:
        x -= weight
        if x <= 0:
            return value
    return pairs[-1][0]


# shop words in a respondent's name → indexes of CASES that fit that trade
_TRADES = (
    (("餐", "饭", "小吃", "面馆", "烧烤", "早餐", "酒店", "火锅"), (5,)),
    (("超市", "便利", "食品", "粮油", "水果", "烟酒", "商贸"), (6, 5)),
    (("美容", "理发", "美发", "会所"), (4,)),
    (("健身", "俱乐部", "培训"), (3,)),
    (("手机", "通讯", "数码"), (2,)),
    (("眼镜",), (11,)),
    (("家电", "电器"), (0, 1, 14)),
    (("服装", "鞋"), (7,)),
    (("建材", "五金", "装饰", "家具", "装修"), (8, 9)),
    (("车", "汽修", "汽车"), (10, 13)),
    (("干洗", "洗衣"), (12,)),
)


def _case_for(rng, respondent: str) -> tuple:
    for words, picks in _TRADES:
        if any(w in respondent for w in words):
            return CASES[rng.choice(picks)]
    return rng.choice(CASES)


def _person(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _complaint_days(rng, n: int, today: date, year: int | None) -> list[date]:
    """Received dates: the last 12 months, or the days of ``year`` up to today."""
    if year is None:
        start, span = today - timedelta(days=365), 365
    else:
        start = date(year, 1, 1)
        span = max(1, (min(date(year, 12, 31), today) - start).days + 1)
    return sorted(start + timedelta(days=rng.randrange(span)) for _ in range(n))


def complaints_step(run) -> None:
    rng = run.rng
    today = run.today
    with run.db.uow() as s:
        stations = []
        for name in COMMUNITIES:
            stations.append(
                ServiceStation(
                    name=f"{name}社区消费维权服务站",
                    kind="社区",
                    place=f"城关镇{name}社区党群服务中心",
                    community=f"{name}社区",
                    contact_name=_person(rng),
                    contact_phone=f"139{rng.randrange(10**8):08d}",
                )
            )
        for name in COMPLEXES:
            stations.append(
                ServiceStation(
                    name=f"{name}消费维权服务站",
                    kind="商业综合体",
                    place=f"{name}服务台",
                    community="",
                    contact_name=_person(rng),
                    contact_phone=f"0538-22{rng.randrange(10**5):05d}",
                )
            )
        s.add_all(stations)
        s.flush()
        entities = repo.entity_sample(s, 3000)
        cal = WorkCalendar(calendar_repo.holiday_map(s))
        n_cases = max(0, int(run.options.complaints))
        days = _complaint_days(rng, n_cases, today, run.options.complaints_year)
        counters: dict[int, int] = {}
        first_id = repo.max_complaint_id(s) + 1
        batch = _Batch()
        total = 0
        for k, received in enumerate(days):
            if k and k % BATCH == 0:
                check_cancel(run.progress)
                run.progress.report(k, n_cases, f"生成演示数据：投诉 {k:,}/{n_cases:,}")
                total += batch.write(s)
            cid = first_id + k
            counters[received.year] = counters.get(received.year, 0) + 1
            channel = _weighted(rng, CHANNELS)
            station = rng.choice(stations) if channel == "服务站" or rng.random() < 0.55 else None
            if entities and rng.random() < 0.85:
                eid, rname, uscc, rep, rphone, raddr = rng.choice(entities)
            else:
                eid, rname, uscc, rep, rphone = None, rng.choice(FALLBACK_RESPONDENTS), "", "", ""
                raddr = f"东平县城关镇{rng.choice(ROADS)}{rng.randrange(1, 300)}号"
            goods, claim, (lo, hi), term_kind, story = _case_for(rng, rname)
            amount = rng.randrange(lo, hi + 1) * 100
            name = _person(rng)
            with_id = rng.random() < 0.35
            id_number = (
                make_id_card(
                    f"370923{rng.randrange(1955, 2004)}{rng.randrange(1, 13):02d}{rng.randrange(1, 28):02d}{rng.randrange(1000):03d}"
                )
                if with_id
                else ""
            )
            occurred = received - timedelta(days=rng.randrange(1, 40))
            acc = rules.acceptance_deadline(cal, received)
            c = dict(
                _OPEN,
                id=cid,
                number=rules.case_number(received.year, counters[received.year]),
                channel=channel,
                received_on=received,
                complainant_name=name,
                **complainant_search_keys(name),
                complainant_phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
                complainant_address=f"东平县城关镇{rng.choice(ROADS)}{rng.randrange(1, 200)}号{rng.randrange(1, 6)}单元{rng.randrange(1, 7)}0{rng.randrange(1, 4)}室",
                complainant_id_type="居民身份证" if with_id else "",
                complainant_id_number=id_number,
                entity_id=eid,
                respondent_name=rname,
                respondent_address=raddr or "东平县城关镇",
                respondent_uscc=uscc or "",
                respondent_contact=rep or "",
                respondent_phone=rphone or "",
                goods=goods,
                occurred_on=occurred,
                place="被投诉人经营场所",
                amount_fen=amount,
                claim=claim,
                claim_detail="",
                facts=f"投诉人于{occurred.month}月{occurred.day}日在被投诉人处消费{goods}，{story}，与被投诉人协商未果。",
                service_station_id=station.id if station else None,
                status=rules.REGISTERED,
                acceptance_due=acc.due,
                deadline_warning=acc.warning,
                rules_name=acc.rules.name,
            )
            batch.complaints.append(c)
            age = (today - received).days
            fate = rng.random()
            recent = age < 12
            if recent and fate < 0.35:
                continue
            decided = min(today, cal.add_working_days(received, rng.choice((0, 1, 1, 2, 3, 4, 5))))
            if k == 3 or k == 40:  # two decided late: the on-time rate is not a flat 100 %
                decided = cal.add_working_days(received, 9)
            c["decided_on"] = decided
            if fate < 0.05:
                c["status"], c["refusal_ground"] = rules.REFUSED, rng.choice(("1", "2", "3", "5"))
                if age > 20:
                    c["status"], c["closed_on"] = rules.CLOSED, decided
                continue
            med = rules.mediation_deadline(cal, received, decided)
            c["status"], c["mediation_due"] = rules.MEDIATING, med.due
            c["deadline_warning"] = med.warning or c["deadline_warning"]
            names = rng.sample(MEDIATORS, rng.choice((1, 2, 2)))
            for m in names:
                batch.mediators.append({"complaint_id": cid, "name": m, "related_to_party": False})
            way = _weighted(rng, (("现场", 60), ("电话", 30), ("网络", 10)))
            c["mediation_way"] = way
            held = min(today, cal.add_working_days(decided, rng.randrange(1, 12)))
            batch.sessions.append(
                {
                    "complaint_id": cid,
                    "held_on": held,
                    "way": way,
                    "place": station.place
                    if station and way == "现场"
                    else ("本所调解室" if way == "现场" else ""),
                    "notes": f"组织双方就{goods}争议进行调解，听取双方陈述，释明相关法律规定。",
                }
            )
            still_open = age < 40 and rng.random() < 0.45
            if still_open or (k % 97 == 5):  # a few long-running mediations become overdue
                continue
            result_on = min(today, max(held, cal.add_working_days(decided, rng.randrange(2, 30))))
            c["result_on"] = result_on
            if fate < 0.15:
                reason = _weighted(rng, (("1", 30), ("3", 25), ("4", 35), ("5", 5), ("2", 5)))
                c["status"], c["termination_reason"] = rules.TERMINATED, reason
                nd = rules.notice_deadline(cal, received, result_on)
                c["notice_due"] = nd.due
                c["notice_on"] = min(today, cal.add_working_days(result_on, rng.randrange(1, 5)))
                if c["notice_on"] < today - timedelta(days=5):
                    c["status"], c["closed_on"] = rules.CLOSED, c["notice_on"]
                continue
            c["status"] = rules.SUCCEEDED
            share = rng.choice((1.0, 1.0, 1.0, 0.8, 0.6, 0.5))
            recovered = int(amount * share) // 100 * 100
            spot = rng.random() < 0.3
            due = result_on if spot else cal.add_working_days(result_on, rng.randrange(1, 8))
            method = rng.choice(METHODS)
            if term_kind in ("退款", "赔偿"):
                what = "退还" if term_kind == "退款" else "赔偿"
                term = {
                    "kind": term_kind,
                    "description": f"被投诉人向投诉人{what}人民币{rules.yuan(recovered)}元",
                    "amount_fen": recovered,
                    "method": method,
                }
            else:
                term = {
                    "kind": term_kind,
                    "description": f"被投诉人为投诉人{term_kind}所购{goods}，费用由被投诉人承担",
                    "amount_fen": None,
                    "method": "上门" if term_kind != "更换" else "到店",
                }
                recovered = amount if term_kind == "更换" else recovered // 2
            batch.terms.append({"complaint_id": cid, "seq": 1, "due_on": due, **term})
            c["money_recovered_fen"] = recovered
            c["performed_on_spot"] = spot
            c["performance_method"] = "当场履行" if spot else method
            if spot or due < today:
                c["performance_status"] = "已履行" if rng.random() < 0.97 else "部分履行"
                c["performance_checked_on"] = min(today, due + timedelta(days=rng.randrange(0, 4)))
            visit = cal.add_working_days(result_on, rng.randrange(2, 10))
            if visit < today:
                c["visit_on"], c["visit_way"] = visit, "电话"
                sat = rng.random()
                c["visit_result"] = (
                    "满意" if sat < 0.9 else ("基本满意" if sat < 0.98 else "不满意")
                )
                c["visit_process"] = (
                    "满意" if sat < 0.93 else ("基本满意" if sat < 0.99 else "不满意")
                )
                if "不满意" in (c["visit_result"], c["visit_process"]):
                    c["visit_note"] = "投诉人认为处理时间较长。"
                if c["performance_status"] == "已履行" and visit < today - timedelta(days=3):
                    c["status"], c["closed_on"] = rules.CLOSED, visit
        total += batch.write(s)
        for year, last in counters.items():
            s.add(DocCounter(kind="case", year=year, last_number=last))
        s.flush()
        audit.append(
            s,
            SYSTEM,
            [audit.AuditEntry(audit.CREATE, "complaint", "demo", {"rows": total}, "生成演示数据")],
        )
    run.counts["service_stations"] = len(stations)
    run.counts["complaints"] = total


# Columns a complaint gets later in its life, as they are when it is only registered: every row
# of one bulk insert carries the same keys.
_OPEN = {
    "decided_on": None,
    "refusal_ground": "",
    "mediation_due": None,
    "notice_due": None,
    "mediation_way": "",
    "result_on": None,
    "termination_reason": "",
    "notice_on": None,
    "performance_method": "",
    "performed_on_spot": False,
    "money_recovered_fen": 0,
    "performance_status": "",
    "performance_checked_on": None,
    "visit_on": None,
    "visit_way": "",
    "visit_process": "",
    "visit_result": "",
    "visit_note": "",
    "closed_on": None,
}


class _Batch:
    """Rows waiting for one bulk insert (complaints with ids set, and their child rows)."""

    def __init__(self) -> None:
        self.complaints: list[dict] = []
        self.mediators: list[dict] = []
        self.sessions: list[dict] = []
        self.terms: list[dict] = []

    def write(self, s) -> int:
        n = len(self.complaints)
        repo.bulk_insert(s, self.complaints, self.mediators, self.sessions, self.terms)
        self.complaints, self.mediators, self.sessions, self.terms = [], [], [], []
        return n
