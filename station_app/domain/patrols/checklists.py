"""Checklists (检查表): templates per industry, versioned; answers and the findings they make.

A checklist is a list of items, each a requirement the inspector answers 是 (met), 否 (not
met) or 不适用. A 否 is a finding by itself: it becomes a hazard (隐患) of the item's category
(FIELDWORK §5: "a failed item creates a finding"). Items may require a note when answered 否
(what exactly was wrong) and may refuse 不适用. Templates are edited in 设置 → 检查表; each
save of a used template makes a new version and a record keeps the version it was filled
in with, so an old record always shows the questions that were asked. Pure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from station_app.domain.patrols.hazards import CATEGORIES, GENERAL, MAJOR, SEVERITIES
from station_app.domain.text import normalize_spaces, to_halfwidth
from station_app.errors import ValidationError

YES, NO, NA = "yes", "no", "na"
ANSWER_LABELS = {YES: "是", NO: "否", NA: "不适用"}
_ANSWER_WORDS = {
    "yes": YES,
    "y": YES,
    "是": YES,
    "合格": YES,
    "符合": YES,
    "√": YES,
    "✓": YES,
    "1": YES,
    "no": NO,
    "n": NO,
    "否": NO,
    "不合格": NO,
    "不符合": NO,
    "×": NO,
    "x": NO,
    "0": NO,
    "na": NA,
    "n/a": NA,
    "不适用": NA,
    "无": NA,
    "-": NA,
    "/": NA,
}
MAX_ITEMS = 40
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,29}$")


@dataclass(frozen=True)
class ChecklistItem:
    """One requirement. ``key`` is stable across versions (answers compare by it)."""

    key: str
    text: str
    required: bool = True
    allow_na: bool = True
    note_on_fail: bool = False
    hazard_category: str = "其他"
    severity: str = GENERAL

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "text": self.text,
            "required": self.required,
            "allow_na": self.allow_na,
            "note_on_fail": self.note_on_fail,
            "hazard_category": self.hazard_category,
            "severity": self.severity,
        }


@dataclass(frozen=True)
class Checklist:
    """One version of a template: ``code`` (stable), ``name`` as printed, the registry
    industries it is for, the items, its version number and the day it took effect."""

    code: str
    name: str
    industries: tuple[str, ...]
    items: tuple[ChecklistItem, ...]
    version: int = 1
    effective_from: date = date(2000, 1, 1)

    def item(self, key: str) -> ChecklistItem | None:
        return next((i for i in self.items if i.key == key), None)

    @property
    def label(self) -> str:
        return f"{self.name}（第 {self.version} 版）"

    def items_json(self) -> str:
        return json.dumps([i.as_dict() for i in self.items], ensure_ascii=False)

    @classmethod
    def from_json(
        cls,
        code: str,
        name: str,
        industries: Sequence[str],
        text: str,
        version: int = 1,
        effective_from: date = date(2000, 1, 1),
    ) -> Checklist:
        raw = json.loads(text or "[]")
        items = tuple(_item_from(v) for v in raw if isinstance(v, dict))
        return cls(code, name, tuple(industries), items, version, effective_from)


def _item_from(values: Mapping[str, Any]) -> ChecklistItem:
    return ChecklistItem(
        key=str(values.get("key", "")),
        text=str(values.get("text", "")),
        required=bool(values.get("required", True)),
        allow_na=bool(values.get("allow_na", True)),
        note_on_fail=bool(values.get("note_on_fail", False)),
        hazard_category=str(values.get("hazard_category") or "其他"),
        severity=str(values.get("severity") or GENERAL),
    )


def _i(key: str, text: str, category: str, **kw: Any) -> ChecklistItem:
    return ChecklistItem(key, text, hazard_category=category, **kw)


GENERAL_CODE = "general"
DEFAULT_CHECKLISTS: tuple[Checklist, ...] = (
    Checklist(
        GENERAL_CODE,
        "通用日常巡查",
        (),
        (
            _i("licence_shown", "营业执照（或登记证明）悬挂于醒目位置", "许可证照"),
            _i("within_scope", "实际经营项目未超出登记的经营范围", "超范围经营", note_on_fail=True),
            _i("no_outside_display", "未在门店外摆卖商品", "超门店摆卖"),
            _i("no_road_use", "未占用道路、人行道经营", "占道经营"),
            _i("prices_marked", "商品和服务明码标价", "价格"),
            _i("fire_exits", "安全出口、消防通道畅通，灭火器在有效期内", "消防安全"),
            _i("no_living", "经营场所未住人（无“三合一”）", "三小场所火灾隐患", severity=MAJOR),
            _i("tidy", "经营场所整洁，无其他明显安全隐患", "其他", required=False),
        ),
    ),
    Checklist(
        "catering",
        "餐饮服务",
        ("餐饮服务",),
        (
            _i(
                "food_licence",
                "食品经营许可证（或小餐饮登记证）在有效期内并公示",
                "许可证照",
                allow_na=False,
                note_on_fail=True,
            ),
            _i("health_certs", "从业人员持有效健康证明", "食品安全", allow_na=False),
            _i("kitchen_clean", "加工操作区整洁，生熟分开存放", "食品安全", allow_na=False),
            _i("disinfection", "餐饮具清洗消毒设施正常使用，有消毒记录", "食品安全"),
            _i("purchase_records", "食品原料进货查验记录齐全", "食品安全"),
            _i(
                "no_expired",
                "无超过保质期或腐败变质的食品原料",
                "食品安全",
                allow_na=False,
                note_on_fail=True,
                severity=MAJOR,
            ),
            _i("additives", "食品添加剂专柜存放、专人管理、使用有记录", "食品安全"),
            _i("gas_safety", "燃气管道、灶具及燃气报警装置完好", "消防安全"),
            _i("open_kitchen", "实行明厨亮灶", "食品安全", required=False),
            _i("prices_marked", "菜品价目表公示", "价格"),
        ),
    ),
    Checklist(
        "food_sales",
        "食品销售",
        ("食品销售", "食品生产"),
        (
            _i(
                "food_licence",
                "食品经营许可证（或备案凭证）在有效期内并公示",
                "许可证照",
                allow_na=False,
                note_on_fail=True,
            ),
            _i(
                "no_expired",
                "无过期、变质、标签不全的食品",
                "食品安全",
                allow_na=False,
                note_on_fail=True,
                severity=MAJOR,
            ),
            _i("purchase_records", "进货查验和索证索票记录完整", "食品安全"),
            _i("bulk_labels", "散装食品标明名称、生产日期、保质期", "食品安全"),
            _i("cold_chain", "冷藏冷冻食品按标示温度贮存", "食品安全"),
            _i("health_certs", "从业人员持有效健康证明", "食品安全"),
            _i("prices_marked", "商品明码标价", "价格"),
        ),
    ),
    Checklist(
        "pharmacy",
        "药品零售",
        ("药品零售", "医疗器械"),
        (
            _i(
                "drug_licence",
                "药品经营许可证在有效期内并公示",
                "许可证照",
                allow_na=False,
                note_on_fail=True,
            ),
            _i("pharmacist", "执业药师在岗并佩戴胸卡", "药品安全"),
            _i("prescriptions", "处方药凭处方销售，处方留存", "药品安全", note_on_fail=True),
            _i("no_expired", "无过期失效药品", "药品安全", allow_na=False, severity=MAJOR),
            _i("storage", "药品分类陈列，温湿度记录完整", "药品安全"),
            _i("supply", "购进渠道合法，票据齐全", "药品安全"),
            _i("devices", "经营医疗器械的，已办理备案或许可", "医疗器械"),
            _i("prices_marked", "药品明码标价", "价格"),
        ),
    ),
    Checklist(
        "special_equipment",
        "特种设备使用",
        ("特种设备使用",),
        (
            _i(
                "registered",
                "特种设备已办理使用登记，使用标志张贴在显著位置",
                "特种设备",
                allow_na=False,
            ),
            _i(
                "inspected",
                "定期检验合格且在有效期内",
                "特种设备",
                allow_na=False,
                note_on_fail=True,
                severity=MAJOR,
            ),
            _i("operators", "作业人员持证上岗", "特种设备"),
            _i("maintenance", "日常维护保养和自行检查记录齐全", "特种设备"),
            _i("emergency", "有安全管理制度和应急预案", "特种设备"),
            _i("lift_drill", "电梯困人应急演练有记录", "特种设备", required=False),
        ),
    ),
    Checklist(
        "gas_station",
        "加油站",
        ("加油站",),
        (
            _i(
                "licences",
                "成品油零售经营批准证书、危险化学品经营许可证在有效期内",
                "许可证照",
                allow_na=False,
            ),
            _i("dispensers", "加油机检定合格，铅封完好", "其他", allow_na=False, note_on_fail=True),
            _i("fuel_quality", "油品进货票据和质量检验报告齐全", "其他"),
            _i("prices_marked", "油品价格公示，明码标价", "价格"),
            _i("fire_kit", "消防器材齐全有效，严禁烟火标志醒目", "消防安全", allow_na=False),
            _i("vessels", "储罐、压力容器等特种设备定期检验", "特种设备"),
        ),
    ),
    Checklist(
        "hotel",
        "宾馆",
        (),
        (
            _i("licences", "营业执照、特种行业许可证公示", "许可证照"),
            _i(
                "room_prices", "客房价格明码标价，实际收费不高于公示价格", "价格", note_on_fail=True
            ),
            _i("fire_exits", "安全出口、疏散通道畅通，应急照明完好", "消防安全", allow_na=False),
            _i("linen", "公共用品用具清洗消毒", "其他"),
            _i("lifts", "电梯已办理使用登记并定期检验", "特种设备"),
            _i("food", "提供餐饮的，持有食品经营许可证", "食品安全"),
        ),
    ),
    Checklist(
        "internet_cafe",
        "网吧",
        (),
        (
            _i("licences", "网络文化经营许可证、营业执照公示", "许可证照"),
            _i("no_minors", "未接纳未成年人，入口有明显标志", "其他", allow_na=False),
            _i("fire_exits", "安全出口畅通，灭火器在有效期内", "消防安全", allow_na=False),
            _i("wiring", "电气线路规范，无私拉乱接", "三小场所火灾隐患", severity=MAJOR),
            _i("prices_marked", "上网和商品价格明码标价", "价格"),
            _i("food", "销售的食品饮料在保质期内", "食品安全"),
        ),
    ),
    Checklist(
        "small_venues",
        "三小场所",
        (),
        (
            _i(
                "no_living",
                "经营、储存、住宿未混合设置（无“三合一”）",
                "三小场所火灾隐患",
                allow_na=False,
                severity=MAJOR,
            ),
            _i("e_bikes", "电动自行车未在室内停放或充电", "三小场所火灾隐患", severity=MAJOR),
            _i("wiring", "电气线路穿管保护，无私拉乱接", "三小场所火灾隐患"),
            _i("extinguisher", "灭火器配置齐全并在有效期内", "消防安全", allow_na=False),
            _i("exits", "安全出口畅通，窗户未被防盗网完全封闭", "消防安全"),
            _i("licensed", "亮照经营，无无证无照经营", "无证无照经营", note_on_fail=True),
        ),
    ),
)
DEFAULT_BY_CODE = {c.code: c for c in DEFAULT_CHECKLISTS}

# Which template an entity gets when its rule names none: the most specific industry first.
_INDUSTRY_ORDER = (
    ("加油站", "gas_station"),
    ("药品零售", "pharmacy"),
    ("医疗器械", "pharmacy"),
    ("餐饮服务", "catering"),
    ("食品销售", "food_sales"),
    ("食品生产", "food_sales"),
    ("特种设备使用", "special_equipment"),
)
_NAME_HINTS = (
    (re.compile(r"宾馆|酒店|旅馆|旅社|民宿|客栈"), "hotel"),
    (re.compile(r"网吧|网咖|网络会所"), "internet_cafe"),
)


def checklist_for(industries: Iterable[str], name: str = "", available: Iterable[str] = ()) -> str:
    """The checklist code for an entity: by its registry industries (the most specific one:
    加油站, 药品零售, 餐饮服务, 食品销售, 特种设备使用), else by a word in its name (宾馆/酒店 →
    宾馆, 网吧 → 网吧), else 通用日常巡查. ``available`` (codes the station has) narrows the
    choice; a code not available falls through to the next."""
    have = set(available) or set(DEFAULT_BY_CODE)
    inds = set(industries)
    for industry, code in _INDUSTRY_ORDER:
        if industry in inds and code in have:
            return code
    for pattern, code in _NAME_HINTS:
        if pattern.search(name or "") and code in have:
            return code
    return GENERAL_CODE


# -- editing templates -----------------------------------------------------------------------


def check_checklist(checklist: Checklist) -> Checklist:
    """A template as saved from 设置: a name, 1–40 items with unique keys and text, known
    categories and severities. Item texts are cleaned (width, spaces)."""
    name = normalize_spaces(checklist.name)
    if not name or len(name) > 30:
        raise ValidationError("检查表名称须为 1–30 个字。", field="name")
    if not _KEY.match(checklist.code):
        raise ValidationError(
            f"检查表代码“{checklist.code}”无效：用小写英文字母开头，只含字母、数字和下划线。",
            field="code",
        )
    if not checklist.items:
        raise ValidationError(f"检查表“{name}”至少要有一个检查项。", field="items")
    if len(checklist.items) > MAX_ITEMS:
        raise ValidationError(
            f"检查表“{name}”有 {len(checklist.items)} 项，最多 {MAX_ITEMS} 项（打印的巡查表放不下）。",
            field="items",
        )
    items = []
    keys: set[str] = set()
    for n, item in enumerate(checklist.items, 1):
        text = normalize_spaces(item.text)
        if not text:
            raise ValidationError(f"检查表“{name}”第 {n} 项没有内容。", field="items")
        if len(text) > 60:
            raise ValidationError(f"检查表“{name}”第 {n} 项超过 60 个字，请精简。", field="items")
        if not _KEY.match(item.key) or item.key in keys:
            raise ValidationError(
                f"检查表“{name}”第 {n} 项的代码“{item.key}”无效或重复。", field="items"
            )
        if item.hazard_category not in CATEGORIES:
            raise ValidationError(
                f"检查表“{name}”第 {n} 项的隐患类别“{item.hazard_category}”不在类别表中。",
                field="items",
            )
        if item.severity not in SEVERITIES:
            raise ValidationError(
                f"检查表“{name}”第 {n} 项的严重程度“{item.severity}”无效：可选 {'、'.join(SEVERITIES)}。",
                field="items",
            )
        keys.add(item.key)
        items.append(replace(item, text=text))
    return replace(checklist, name=name, items=tuple(items))


def next_version(current: Checklist, edited: Checklist, effective_from: date) -> Checklist:
    """The version that follows ``current`` when ``edited`` is saved: the number goes up by
    one and takes effect on ``effective_from`` (records keep their own version)."""
    checked = check_checklist(edited)
    return replace(
        checked, code=current.code, version=current.version + 1, effective_from=effective_from
    )


def new_item_key(existing: Iterable[str]) -> str:
    """A fresh item key (``item_7``) for an item added in 设置."""
    taken = set(existing)
    n = 1
    while f"item_{n}" in taken:
        n += 1
    return f"item_{n}"


# -- answers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    value: str  # YES / NO / NA
    note: str = ""


def parse_answer(value: object) -> str | None:
    """是/否/不适用 (or yes/no/na, √/×, 1/0) → code; empty → ``None``; anything else raises."""
    text = normalize_spaces(to_halfwidth(str(value or ""))).lower()
    if not text:
        return None
    if text in _ANSWER_WORDS:
        return _ANSWER_WORDS[text]
    raise ValidationError(f"检查结果“{value}”无法识别：请填 是、否 或 不适用。", field="answers")


def check_answers(checklist: Checklist, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """The answers of a record, validated against its checklist version: every required item
    answered, 不适用 only where the item allows it, a note on a 否 where the item asks for
    one, no answers to items the version does not have. Messages name the item by number."""
    unknown = [k for k in answers if checklist.item(k) is None]
    if unknown:
        raise ValidationError(
            f"检查表“{checklist.label}”没有检查项“{unknown[0]}”。", field="answers"
        )
    out: dict[str, Answer] = {}
    for n, item in enumerate(checklist.items, 1):
        answer = answers.get(item.key)
        where = f"检查表“{checklist.name}”第 {n} 项“{item.text}”"
        if answer is None or not answer.value:
            if item.required:
                raise ValidationError(f"{where}必须填写（是 / 否 / 不适用）。", field="answers")
            continue
        if answer.value not in ANSWER_LABELS:
            raise ValidationError(f"{where}的结果“{answer.value}”无效。", field="answers")
        if answer.value == NA and not item.allow_na:
            raise ValidationError(f"{where}不能填“不适用”，请填 是 或 否。", field="answers")
        note = normalize_spaces(answer.note or "")
        if answer.value == NO and item.note_on_fail and not note:
            raise ValidationError(f"{where}填了“否”，请在备注里写明具体问题。", field="answers")
        if len(note) > 200:
            raise ValidationError(f"{where}的备注不能超过 200 个字。", field="answers")
        out[item.key] = Answer(answer.value, note)
    return out


def failed_items(checklist: Checklist, answers: Mapping[str, Answer]) -> list[ChecklistItem]:
    """Items answered 否: each is a finding (a hazard of the item's category)."""
    return [i for i in checklist.items if (a := answers.get(i.key)) and a.value == NO]


def answers_from_marks(
    checklist: Checklist, failed: Iterable[int], not_applicable: Iterable[int] = ()
) -> dict[str, Answer]:
    """Answers from a paper sheet's boxes: the item numbers (1-based) ticked 否 and 不适用,
    every other item 是. An item number outside the list is refused."""
    fails, nas = set(failed), set(not_applicable)
    size = len(checklist.items)
    for n in sorted(fails | nas):
        if not 1 <= n <= size:
            raise ValidationError(
                f"检查表“{checklist.name}”只有 {size} 项，没有第 {n} 项。", field="answers"
            )
    both = fails & nas
    if both:
        raise ValidationError(f"第 {min(both)} 项不能既是“否”又是“不适用”。", field="answers")
    out = {}
    for n, item in enumerate(checklist.items, 1):
        value = NO if n in fails else NA if n in nas else YES
        out[item.key] = Answer(value)
    return out


def answers_json(answers: Mapping[str, Answer]) -> str:
    return json.dumps(
        {k: {"value": a.value, "note": a.note} for k, a in answers.items()}, ensure_ascii=False
    )


def answers_from_json(text: str | None) -> dict[str, Answer]:
    raw = json.loads(text or "{}")
    return {k: Answer(str(v.get("value", "")), str(v.get("note", ""))) for k, v in raw.items()}
