"""The 12345 platform's exported sheet (XLSX/XLS/CSV): which header means which field, and a
row read into order fields with Chinese messages naming the row and the column. Pure; the
file is read by ``exports/ledger_reader`` and written by the service in one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from station_app.domain.orders import kinds as k
from station_app.domain.orders.timing import parse_time
from station_app.errors import ValidationError

SYNONYMS: dict[str, tuple[str, ...]] = {
    "platform_no": ("工单编号", "工单号", "受理编号", "平台工单编号"),
    "received_at": ("受理时间", "来电时间", "登记时间", "派单时间"),
    "type": ("诉求类型", "工单类型", "来源渠道", "工单来源"),
    "requester_name": ("诉求人", "来电人", "来电人姓名", "诉求人姓名"),
    "requester_phone": ("联系电话", "来电号码", "联系方式"),
    "subject_name": ("被反映对象", "主体名称", "被投诉对象"),
    "entity": ("统一社会信用代码", "信用代码"),
    "subject_address": ("事发地址", "地址", "发生地址"),
    "text": ("诉求内容", "工单内容", "来电内容", "反映内容"),
    "deadline": ("办结时限", "截止时间", "处理时限"),
    "rework": ("重办次数", "退回次数", "回退次数"),
    "category": ("问题类别", "问题分类"),
    "grid": ("网格", "网格编号"),
}
FIELD_LABELS = {field: names[0] for field, names in SYNONYMS.items()}
REQUIRED = ("platform_no", "received_at")


@dataclass(frozen=True)
class SheetRow:
    """One data row of the sheet, read and checked (``line``: its row number in the file)."""

    line: int
    kind: str
    platform_no: str
    received_at: datetime
    rework: int
    deadline: datetime | None
    text: str
    requester_name: str
    requester_phone: str
    subject_name: str
    subject_address: str
    entity: str
    category: str
    grid: str


def check_columns(mapping: dict[int, str]) -> None:
    missing = [FIELD_LABELS[f] for f in REQUIRED if f not in mapping.values()]
    if missing:
        raise ValidationError(
            f"表格中没有找到“{'”“'.join(missing)}”列：请确认这是 12345 平台导出的工单表"
            f"（应有“工单编号”“受理时间”等列）。",
            field="file",
        )


def _where(line: int, field: str) -> str:
    return f"第 {line} 行“{FIELD_LABELS[field]}”"


def read_row(line: int, values: dict[str, str], raw: dict[str, object]) -> SheetRow:
    """A row's texts (``values``) and cells (``raw``, for times typed as dates) → checked."""
    kind = k.DIRECT if k.DIRECT in values.get("type", "") else k.HOTLINE
    number = values.get("platform_no", "").strip().upper().replace(" ", "")
    if not k.PLATFORM_NUMBER[kind].fullmatch(number):
        raise ValidationError(
            f"{_where(line, 'platform_no')}：“{number}”不是平台工单编号的格式"
            f"（应为不超过 6 个字母加 8–24 位数字，例如 {k.PLATFORM_NUMBER_EXAMPLE[kind]}）。",
            field="platform_no",
        )
    received = _time(line, "received_at", raw.get("received_at"))
    deadline = _time(line, "deadline", raw.get("deadline")) if values.get("deadline") else None
    rework_text = values.get("rework", "").strip() or "0"
    if not rework_text.isdigit():
        raise ValidationError(
            f"{_where(line, 'rework')}：“{rework_text}”须为 0 或正整数。", field="rework"
        )
    category = values.get("category", "").strip()
    return SheetRow(
        line, kind, number, received, int(rework_text), deadline, values.get("text", "").strip(),
        values.get("requester_name", "").strip(), values.get("requester_phone", "").strip(),
        values.get("subject_name", "").strip(), values.get("subject_address", "").strip(),
        values.get("entity", "").strip(), category if category in k.CATEGORIES else "其他",
        values.get("grid", "").strip(),
    )  # fmt: skip


def _time(line: int, field: str, cell: object) -> datetime:
    if isinstance(cell, datetime):
        return parse_time(cell)
    text = str(cell or "").strip()
    try:
        return parse_time(text, field, FIELD_LABELS[field])
    except ValidationError:
        raise ValidationError(
            f"{_where(line, field)}：“{text}”不是有效的时间，请写成“YYYY-MM-DD HH:MM”，"
            "例如 2026-05-01 09:30。",
            field=field,
        ) from None
