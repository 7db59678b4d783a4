"""Violation types (违法行为类型) and the leniency lists (首违不罚 / 轻微免罚清单) as data with
effective dates. Pure, no I/O.

The station keeps an editable list of violation types, each with the provision it breaks
(违反条款) and the provision that punishes it (处罚依据). A **listing** puts a type on a
leniency list — 首违不罚 (``first``: 初次违法且危害后果轻微并及时改正的，可以不予行政处罚) or 轻微免罚
(``minor``: 违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚), both 《行政处罚法》第三十三条
第一款 — from a document, in force from a day until an optional end day, with the item's own
conditions (免罚条件) for the officer to confirm. The 首违不罚 check reads the listings in force
on the day the violation was found (FIELDWORK §6: "keep the lists as data with effective
dates"), so a list that ends or a new batch changes nothing about past decisions.

The seed is the national list **国市监法〔2025〕10号** (SAMR, 2025-01-27, published 2025-02-07):
《市场监管行政违法行为首违不罚清单（一）》 8 items and 《市场监管轻微行政违法行为不予处罚清单（一）》
4 items [S: xuanhonglaw.cn 2025-02-07; 重庆市市场监管局 news 2025-02-11; the 2024-02 draft on
legaymariage.com / shijieshipin.com]. Two of the four 轻微免罚 items could not be read in a
stored source [?] and are not seeded; the station adds them in 设置 → 违法行为类型.

Legal bases are filled only where the statute's text or a source was at hand (marked per type
below); the others are left empty and the 不予行政处罚决定书 refuses to print until the station
fills them. Never a guessed article on an official document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from station_app.domain.text import normalize_spaces
from station_app.errors import ValidationError

FIRST, MINOR = "first", "minor"
LIST_KINDS: dict[str, str] = {FIRST: "首违不罚", MINOR: "轻微免罚"}
LIST_NAMES: dict[str, str] = {
    FIRST: "市场监管行政违法行为首违不罚清单（一）",
    MINOR: "市场监管轻微行政违法行为不予处罚清单（一）",
}
NATIONAL_2025 = "国市监法〔2025〕10号"
NATIONAL_2025_FROM = date(2025, 1, 27)
CATEGORIES = (
    "食品",
    "药品",
    "医疗器械",
    "化妆品",
    "特种设备",
    "产品质量",
    "价格",
    "广告",
    "登记注册",
    "计量",
    "知识产权",
    "消费者权益",
    "其他",
)
CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,30}$")


@dataclass(frozen=True)
class ViolationType:
    """One type of the station's list. ``code`` is what "the same type" means for the
    首违不罚 check (a renamed type keeps its code)."""

    code: str
    name: str
    category: str = "其他"
    provision: str = ""  # 违反条款
    basis: str = ""  # 处罚依据
    active: bool = True
    note: str = ""

    @property
    def has_basis(self) -> bool:
        return bool(self.provision.strip() and self.basis.strip())


@dataclass(frozen=True)
class Listing:
    """A type on a leniency list from ``effective_from`` until ``effective_to`` (inclusive;
    ``None``: open), as item ``item_no`` of ``list_name`` in ``document``, with the item's own
    conditions."""

    type_code: str
    list_kind: str
    document: str
    list_name: str
    item_no: int
    effective_from: date
    effective_to: date | None = None
    conditions: tuple[str, ...] = field(default_factory=tuple)

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    @property
    def kind_label(self) -> str:
        return LIST_KINDS.get(self.list_kind, self.list_kind)

    def citation(self) -> str:
        """``《市场监管行政违法行为首违不罚清单（一）》第2项（国市监法〔2025〕10号）``."""
        return f"《{self.list_name}》第{self.item_no}项（{self.document}）"


def listings_in_force(listings: Iterable[Listing], type_code: str, day: date) -> list[Listing]:
    """The type's listings in force on ``day``: 首违不罚 before 轻微免罚, then the newest first."""
    found = [x for x in listings if x.type_code == type_code and x.in_force(day)]
    return sorted(found, key=lambda x: (x.list_kind != FIRST, -x.effective_from.toordinal()))


def check_type(t: ViolationType) -> ViolationType:
    """A type as the station edits it: a code of letters, digits and ``._-`` (≤ 30), a name
    (≤ 100), a known category."""
    code = (t.code or "").strip()
    if not CODE.match(code):
        raise ValidationError(
            "类型编码只能由字母、数字和 . _ - 组成（不超过 30 个字符），例如 F-HEALTH。",
            field="code",
        )
    name = normalize_spaces(t.name or "").strip()
    if not name:
        raise ValidationError("请填写违法行为类型名称。", field="name")
    if len(name) > 100:
        raise ValidationError("违法行为类型名称不超过 100 个字。", field="name")
    if t.category not in CATEGORIES:
        raise ValidationError(
            f"类别“{t.category}”不认识。可填：{'、'.join(CATEGORIES)}。", field="category"
        )
    return ViolationType(
        code,
        name,
        t.category,
        (t.provision or "").strip(),
        (t.basis or "").strip(),
        t.active,
        (t.note or "").strip(),
    )


def check_listing(x: Listing, others: Sequence[Listing] = ()) -> Listing:
    """A listing: a known list kind, a document, an item number ≥ 1, an end not before the
    start, and no overlap with another listing of the same type on the same kind of list."""
    if x.list_kind not in LIST_KINDS:
        raise ValidationError(
            f"清单类别“{x.list_kind}”不认识。可填：{'、'.join(LIST_KINDS.values())}。",
            field="list_kind",
        )
    if not (x.document or "").strip():
        raise ValidationError("请填写清单的发文字号，例如 国市监法〔2025〕10号。", field="document")
    if x.item_no < 1:
        raise ValidationError("清单序号须为正整数。", field="item_no")
    if x.effective_to is not None and x.effective_to < x.effective_from:
        raise ValidationError("清单事项的终止日期早于施行日期。", field="effective_to")
    for o in others:
        if o.type_code != x.type_code or o.list_kind != x.list_kind:
            continue
        if _overlap(o, x):
            raise ValidationError(
                f"该类型已在{o.kind_label}清单中（{o.citation()}，"
                f"{o.effective_from.isoformat()} 起），有效期不能重叠；请先终止原事项。",
                field="effective_from",
            )
    return x


def _overlap(a: Listing, b: Listing) -> bool:
    far = date.max
    return a.effective_from <= (b.effective_to or far) and b.effective_from <= (
        a.effective_to or far
    )


def find_type(types: Iterable[ViolationType], text: str) -> ViolationType:
    """A type named by its code, its exact name, or a unique part of its name."""
    word = normalize_spaces(text or "").strip()
    pool = list(types)
    for t in pool:
        if word in (t.code, t.name):
            return t
    hits = [t for t in pool if word and word in t.name]
    if len(hits) == 1:
        return hits[0]
    if hits:
        names = "；".join(f"{t.code} {t.name}" for t in hits[:5])
        raise ValidationError(
            f"“{word}”对应多个违法行为类型：{names}。请写类型编码。", field="type"
        )
    raise ValidationError(
        f"没有违法行为类型“{word}”。可用 violations types 查看类型及编码，"
        "或在 设置 → 违法行为类型 中添加。",
        field="type",
    )


# -- the seed --------------------------------------------------------------------------------
_FSL = "《中华人民共和国食品安全法》"
_LICENCE_RULE = "《食品经营许可和备案管理办法》"
SEED_TYPES: tuple[ViolationType, ...] = (
    # 国市监法〔2025〕10号, 首违不罚清单（一）
    ViolationType(
        "F-BULK-LIC",
        "未取得食品经营许可从事散装食品经营活动",
        "食品",
        f"{_FSL}第三十五条第一款",
        f"{_LICENCE_RULE}第五十二条；{_FSL}第一百二十二条第一款",
        note="依据见总局 2024 年征求意见稿 [S]",
    ),
    ViolationType(
        "F-LIC-EXPIRED",
        "食品经营许可证有效期届满未延续",
        "食品",
        f"{_FSL}第三十五条第一款",
        f"{_FSL}第一百二十二条第一款",
        note="违反条款见总局 2024 年征求意见稿 [S]；处罚依据按未取得许可经营 [M]，请核对",
    ),
    ViolationType(
        "F-AGRI-STD",
        "经营不符合食品安全标准的食用农产品",
        "食品",
        note="法律依据待本所核对后填写",
    ),
    ViolationType(
        "F-SAFETY-MGMT",
        "食品生产经营企业未按规定建立食品安全管理制度，或者未按规定配备或者培训、考核食品安全管理人员",
        "食品",
        f"{_FSL}第四十四条第一款",
        f"{_FSL}第一百二十六条第一款第（二）项",
    ),
    ViolationType(
        "F-HEALTH-CERT",
        "安排未取得健康证明或者患有有碍食品安全疾病的人员从事接触直接入口食品的工作",
        "食品",
        f"{_FSL}第四十五条",
        f"{_FSL}第一百二十六条第一款第（六）项",
    ),
    ViolationType(
        "F-LABEL-FLAW",
        "生产经营的食品、食品添加剂的标签、说明书存在瑕疵但不影响食品安全且不会对消费者造成误导",
        "食品",
        f"{_FSL}第七十一条",
        f"{_FSL}第一百二十五条第二款",
    ),
    ViolationType(
        "F-HEALTH-FOOD-SALE",
        "未按规定要求销售保健食品",
        "食品",
        note="法律依据待本所核对后填写",
    ),
    ViolationType(
        "D-RX-NO-PRESCRIPTION",
        "药品零售企业未按照规定凭处方销售处方药",
        "药品",
        note="法律依据待本所核对后填写",
    ),
    # 国市监法〔2025〕10号, 轻微免罚清单（一）（四项中两项已核实）
    ViolationType(
        "F-SPECIAL-MIXED",
        "将特殊食品与普通食品或者药品混放销售",
        "食品",
        note="法律依据待本所核对后填写",
    ),
    ViolationType(
        "F-EXPIRED",
        "经营超过保质期的食品、食品添加剂",
        "食品",
        note="法律依据待本所核对后填写",
    ),
    # common local types (no listing)
    ViolationType(
        "P-NO-PRICE-TAG",
        "经营者未按规定明码标价",
        "价格",
        "《中华人民共和国价格法》第十三条",
        "《中华人民共和国价格法》第四十二条",
    ),
    ViolationType(
        "R-LICENCE-DISPLAY", "未将营业执照置于住所或者主要经营场所的醒目位置", "登记注册"
    ),
    ViolationType("R-BEYOND-SCOPE", "超出登记的经营范围从事需经许可的经营活动", "登记注册"),
    ViolationType("R-UNLICENSED", "未经设立登记从事经营活动", "登记注册"),
    ViolationType("S-UNREGISTERED", "特种设备未经使用登记即投入使用", "特种设备"),
    ViolationType("Q-INFERIOR", "销售不合格产品", "产品质量"),
    ViolationType("A-FALSE-AD", "发布虚假广告", "广告"),
    ViolationType("C-PREPAID", "预付式消费经营者未按约定提供商品或服务", "消费者权益"),
    ViolationType("O-OTHER", "其他违法行为", "其他"),
)
"""The types written by migration 0041 (codes stable: data depends on them)."""

_COMMON = ("经国家企业信用信息公示系统核查，两年内无同类违法行为记录",)
"""What the officer confirms beyond our own records (FIELDWORK §6: prior violations are
checked in GSXT too); 24 months of our records and the rectification are checked by the app."""
SEED_LISTINGS: tuple[Listing, ...] = tuple(
    Listing(code, kind, NATIONAL_2025, LIST_NAMES[kind], n, NATIONAL_2025_FROM, None, conds)
    for code, kind, n, conds in (
        (
            "F-BULK-LIC",
            FIRST,
            1,
            (*_COMMON, "属于食品经营环节，散装熟食销售除外", "未发生食品安全事故"),
        ),
        (
            "F-LIC-EXPIRED",
            FIRST,
            2,
            (
                *_COMMON,
                "违法行为持续时间不足 1 个月",
                "实际具备取得食品经营许可证的条件",
                "许可证有效期内未发生食品安全事故",
            ),
        ),
        ("F-AGRI-STD", FIRST, 3, _COMMON),
        ("F-SAFETY-MGMT", FIRST, 4, _COMMON),
        ("F-HEALTH-CERT", FIRST, 5, _COMMON),
        ("F-LABEL-FLAW", FIRST, 6, _COMMON),
        ("F-HEALTH-FOOD-SALE", FIRST, 7, _COMMON),
        ("D-RX-NO-PRESCRIPTION", FIRST, 8, _COMMON),
        ("F-SPECIAL-MIXED", MINOR, 1, ("违法行为轻微",)),
        ("F-EXPIRED", MINOR, 2, ("违法行为轻微",)),
    )
)
"""The national listings of 国市监法〔2025〕10号 written by migration 0041."""
