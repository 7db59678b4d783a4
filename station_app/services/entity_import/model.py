"""What a ledger import reads and reports: the header synonyms, the fields, the result DTOs
(``RowError``, ``DuplicateNote``, ``ChangedMeanwhile``, ``LedgerPreview``, ``ImportResult``) and
the planned row between the comparison and the write."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from station_app.data.repo import entities as repo
from station_app.domain.entities import (
    FIELD_LABELS,
    INDUSTRIES,
)
from station_app.services.entities import pinyin_keys

# field → header texts seen in real ledgers (compared without spaces, brackets, 必填 marks)
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "名称",
        "主体名称",
        "企业名称",
        "单位名称",
        "字号名称",
        "经营者名称",
        "商户名称",
        "店名",
        "个体户名称",
        "市场主体名称",
    ),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "USCC"),
    "reg_no": ("注册号", "工商注册号", "营业执照注册号"),
    "entity_type": ("主体类型", "类型", "市场主体类型"),
    "legal_rep": (
        "法定代表人",
        "法定代表人/经营者",
        "经营者",
        "负责人",
        "法人",
        "经营者姓名",
        "法人代表",
    ),
    "phone": ("联系电话", "电话", "手机", "手机号", "联系方式", "电话号码"),
    "address": ("经营地址", "地址", "住所", "经营场所", "住所/经营场所", "详细地址"),
    "grid": ("网格", "所属网格", "网格编号", "网格名称"),
    "registered_on": ("成立日期", "登记日期", "注册日期", "开业日期", "成立时间"),
    "status": ("登记状态", "状态", "经营状态"),
    "credit_class": ("信用风险分类", "风险分类", "信用等级", "信用风险等级"),
    "credit_class_on": ("分类日期", "风险分类日期"),
    "industries": ("行业", "经营类别", "行业类别", "业态", "所属行业"),
    "tags": ("标签", "荣誉称号"),
    "licence_kind": ("许可证种类", "许可证类型", "许可证名称"),
    "licence_number": ("许可证编号", "许可证号"),
    "licence_issued_on": ("发证日期", "许可证发证日期"),
    "licence_expires_on": ("有效期至", "许可证有效期至", "有效期截止", "到期日期"),
    "licence_issuer": ("发证机关", "许可证发证机关"),
    "note": ("备注",),
}
IMPORT_FIELDS = {
    **{k: FIELD_LABELS.get(k, k) for k in HEADER_SYNONYMS},
    "grid": "所属网格",
    "licence_kind": "许可证种类",
    "licence_number": "许可证编号",
    "licence_issued_on": "发证日期",
    "licence_expires_on": "有效期至",
    "licence_issuer": "发证机关",
}
_STATUS_SYNONYMS = {"存续": "在营", "开业": "在营", "正常": "在营", "营业": "在营", "停业": "歇业"}
_SPLIT = re.compile(r"[、,，;；/|\s]+")
# Columns an import compares and updates: the registry's data columns except ``source``
# (an existing entity keeps where it first came from).
_COMPARE = tuple(c for c in repo.DATA_COLUMNS if c != "source")
FUZZY_THRESHOLD = 90
FUZZY_DB_LIMIT = 5000
MAPPING_KIND = "import_mapping"
MAPPING_PREFIX = "entity_import.mapping."


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based row number in the sheet, as Excel shows it
    field: str
    reason: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class DuplicateNote:
    row: int
    other: str  # "第 12 行" or "库中：名称（编号 N）"
    kind: str  # 代码相同 | 名称地址相似 | 重复行
    score: int = 100


@dataclass(frozen=True)
class ChangedMeanwhile:
    """A row left out at write time because its entity changed after the import compared it
    (saved or deleted on another PC, or registered meanwhile): writing it would have overwritten
    that change. Nothing of the row was written; importing the row again compares it anew."""

    row: int
    entity_id: int | None
    name: str
    reason: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class LedgerPreview:
    file: str
    sheet: str
    header_row: int  # 1-based
    headers: tuple[str, ...]
    mapping: dict[int, str]  # column index → field
    sample: tuple[tuple[str, ...], ...]
    data_rows: int
    saved_mapping: bool = False  # the mapping saved for these headers was applied


@dataclass(frozen=True)
class ImportResult:
    file: str
    total: int
    inserted: int
    updated: int
    unchanged: int
    skipped: int
    rejected: tuple[RowError, ...]
    duplicates: tuple[DuplicateNote, ...]
    dry_run: bool
    committed: bool
    headers: tuple[str, ...] = ()
    message: str = ""
    saved_mapping: bool = False
    changed_meanwhile: tuple[ChangedMeanwhile, ...] = ()
    new_grids: tuple[str, ...] = ()  # grid texts of the file that name no grid yet

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "saved_mapping": self.saved_mapping,
            "dry_run": self.dry_run,
            "committed": self.committed,
            "total": self.total,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "rejected": len(self.rejected),
            "rejected_rows": [
                {"row": e.row, "field": e.field, "reason": e.reason} for e in self.rejected
            ],
            "duplicates": [
                {"row": d.row, "other": d.other, "kind": d.kind, "score": d.score}
                for d in self.duplicates
            ],
            "changed_meanwhile": len(self.changed_meanwhile),
            "changed_meanwhile_rows": [
                {"row": c.row, "entity_id": c.entity_id, "name": c.name, "reason": c.reason}
                for c in self.changed_meanwhile
            ],
            "message": self.message,
        }


@dataclass
class _Planned:
    row: int
    fields: dict
    licences: list[dict]
    existing: Any = None  # the stored row (a dict) when the entity exists, else None
    key: object = None
    values: tuple[str, ...] = ()
    changes: dict = field(default_factory=dict)


@functools.lru_cache(maxsize=65_536)
def _pinyin_keys(name: str) -> tuple[tuple[str, str], ...]:
    return tuple(pinyin_keys(name).items())


def _industry(text: str) -> str:
    t = text.strip()
    if not t:
        return ""
    for known in INDUSTRIES:
        if t == known or t in known or known in t:
            return known
    for short, known in (
        ("餐饮", "餐饮服务"),
        ("食品", "食品销售"),
        ("药", "药品零售"),
        ("器械", "医疗器械"),
    ):
        if short in t:
            return known
    return "其他"


def mapping_key(signature: tuple[str, ...]) -> str:
    """Station setting key of the mapping saved for a header signature."""
    digest = hashlib.sha1(json.dumps(signature, ensure_ascii=False).encode()).hexdigest()
    return MAPPING_PREFIX + digest


def _licence_key(lic: dict) -> tuple:
    return (lic["kind"], lic["number"], lic["issued_on"], lic["expires_on"], lic["issuer"])
