"""What the roster's printouts and spreadsheets contain: plain values, built by the roster
service and rendered by ``documents.roster_pdf`` and ``exports.roster_xlsx``. Pure.

Phones and ID numbers arrive already masked (or not) — the renderers never decide that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class SheetMember:
    role: str  # Chinese duty label (监管专员, 网格员…)
    name: str
    gender: str = ""
    organisation: str = ""
    phone: str = ""
    cert: str = ""  # 执法证号 and expiry, or ""
    since: date | None = None


@dataclass(frozen=True)
class SheetGrid:
    code: str
    name: str
    communities: str
    supervision_group: str
    members: tuple[SheetMember, ...]
    warnings: tuple[str, ...] = ()
    entities: int = 0
    cd_entities: int = 0


@dataclass(frozen=True)
class SheetVolunteer:
    group: str
    name: str
    gender: str
    organisation: str
    phone: str
    grids: str = ""


@dataclass(frozen=True)
class RosterSheet:
    """The whole 网格花名册 of a station on one date."""

    station: str
    printed_on: date
    on: date
    grids: tuple[SheetGrid, ...]
    volunteers: tuple[SheetVolunteer, ...] = ()
    masked: bool = True


@dataclass(frozen=True)
class HandoverSheet:
    """网格监管专员交接单: the grid, who hands over to whom and what is handed over."""

    station: str
    grid_code: str
    grid_name: str
    communities: str
    supervision_group: str
    handover_on: date
    outgoing: str
    outgoing_phone: str
    incoming: str
    incoming_phone: str
    members: tuple[SheetMember, ...]
    entities: int = 0
    cd_entities: int = 0
    warnings: tuple[str, ...] = ()
    items: tuple[str, ...] = field(
        default=(
            "网格内经营主体台账（含 C/D 级重点监管对象名单）",
            "未办结的线索、投诉举报和热线工单",
            "本月巡查计划及未完成的巡查任务",
            "专项行动整改、回头看事项",
            "网格员、志愿者联系方式及工作群",
        )
    )


# -- the import/export sheet (花名册) -----------------------------------------------------------
SHEET_NAME = "花名册"
# key, header, width, note shown in the template
IMPORT_COLUMNS: tuple[tuple[str, str, int, str], ...] = (
    ("grid_code", "网格编号", 10, "如 GZ01；不在网格任职的人员（如志愿者）留空"),
    ("grid_name", "网格名称", 16, "新网格必填；已有网格可不填"),
    ("communities", "覆盖社区", 22, "多个用“、”分隔；新社区自动建立"),
    ("grid_role", "网格职务", 10, "监管专员、网格员、志愿者、调解员；填了网格编号时必填"),
    ("name", "姓名", 10, "必填"),
    ("gender", "性别", 6, "男/女"),
    ("phone", "联系电话", 15, "手机号或固定电话（区号-号码）"),
    ("id_number", "身份证号", 20, "可不填"),
    ("organisation", "工作单位", 22, ""),
    (
        "roles",
        "人员类别",
        22,
        "市场监管专员、执法人员、社区网格员、湾村明白人/志愿者、调解员，多个用“、”分隔",
    ),
    ("cert_no", "执法证号", 16, "执法人员必填"),
    ("cert_expiry", "执法证有效期", 13, "yyyy-mm-dd，执法人员必填"),
    ("supervision_group", "监管小组", 14, "志愿者所属监管小组，如 第一监管小组"),
    ("start_on", "任职起始日期", 13, "yyyy-mm-dd；不填为导入当天"),
    ("note", "备注", 20, ""),
)
HEADER_TO_KEY = {header: key for key, header, _w, _n in IMPORT_COLUMNS}
KEY_TO_HEADER = {key: header for key, header, _w, _n in IMPORT_COLUMNS}
REQUIRED_HEADERS = ("姓名",)


@dataclass(frozen=True)
class SheetRow:
    """One data row of an imported sheet: its spreadsheet row number and cell texts by key."""

    row_no: int
    values: dict[str, object]


@dataclass(frozen=True)
class RowError:
    row_no: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row_no} 行" if self.row_no else "表格"
        col = f"“{self.column}”" if self.column else ""
        return f"{where}{col}：{self.message}"
