"""Validation of a package's ``figures.json`` against its schema (``station-report/1`` and
``/2``, docs/report-package.md) with types and ranges, before anything adds it up (issue 17).

A package comes from another machine: a count that is text, negative, NaN or a float, a rate
outside 0–1, a rate whose numerator is no figure of its section, a table row of the wrong
width, a phone number or ID number left unmasked in a detail row, or plainly absurd sizes are
refused with the path of the value (``sections[2].figures[0].value``) and what it should be.
"""

from __future__ import annotations

import math
import re
from typing import Any

from station_app.domain.identifiers import id_card_check_char
from station_app.domain.periods import parse_period
from station_app.domain.report_model import AMOUNT, COUNT, RATE
from station_app.errors import StationError, ValidationError

KINDS = (COUNT, AMOUNT, RATE)
MAX_SECTIONS = 64
MAX_FIGURES = 1_000  # in one section
MAX_TABLE_ROWS = 500_000
MAX_COLUMNS = 64
MAX_TEXT = 2_000  # characters of a name, label or definition
MAX_AMOUNT = 10**15  # fen (10 万亿元)
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])([0-9]{17})([0-9Xx])(?![0-9A-Za-z])")


class SchemaError(StationError):
    """figures.json does not follow its schema; the package is refused."""

    exit_code = 2


def check_figures(doc: Any, package: str) -> None:
    """Raise :class:`SchemaError` naming the first value that breaks the schema."""
    v = _Checker(package)
    v.dict(doc, "")
    v.text(doc.get("schema"), "schema")
    station = v.dict(doc.get("station"), "station")
    v.text(station.get("name"), "station.name", empty=False)
    v.text(station.get("code", ""), "station.code")
    v.text(station.get("county_bureau", ""), "station.county_bureau")
    period = v.text(doc.get("period"), "period", empty=False)
    try:
        parse_period(period)
    except ValidationError:
        v.fail("period", "应为统计期，如 2026-10、2026Q3 或 2026")
    for key in ("period_label", "generated_at", "prepared_by", "app_version"):
        v.text(doc.get(key, ""), key)
    if "with_details" in doc and not isinstance(doc["with_details"], bool):
        v.fail("with_details", "应为 true 或 false")
    sections = v.list(doc.get("sections"), "sections", MAX_SECTIONS)
    for i, section in enumerate(sections):
        v.section(section, f"sections[{i}]")
    for i, table in enumerate(v.list(doc.get("details", []), "details", MAX_SECTIONS)):
        v.table(table, f"details[{i}]", personal=True)


class _Checker:
    def __init__(self, package: str) -> None:
        self.package = package

    def fail(self, path: str, what: str) -> None:
        raise SchemaError(
            f"{self.package} 的 figures.json 不符合数据格式（station-report/2）：{path or '整个文件'} "
            f"{what}。数据包可能被改动或由其他程序生成，已拒绝。"
        )

    def dict(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, "应为对象（{…}）")
        return value

    def list(self, value: Any, path: str, limit: int) -> list[Any]:
        if not isinstance(value, list):
            self.fail(path, "应为列表（[…]）")
        if len(value) > limit:
            self.fail(path, f"有 {len(value):,} 项，超过上限 {limit:,}")
        return value

    def text(self, value: Any, path: str, *, empty: bool = True) -> str:
        if not isinstance(value, str) or len(value) > MAX_TEXT or (not empty and not value):
            self.fail(path, f"应为不超过 {MAX_TEXT:,} 字的文字" + ("" if empty else "且不能为空"))
        return value

    def number(self, value: Any, path: str, kind: str) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, "应为数字或 null")
        if not math.isfinite(value):
            self.fail(path, "不能是 NaN 或无穷大")
        if kind == RATE:
            if not 0 <= value <= 1:
                self.fail(path, "是比率，应在 0 到 1 之间")
        elif not isinstance(value, int) or not 0 <= value <= MAX_AMOUNT:
            unit = "件数" if kind == COUNT else "金额（分）"
            self.fail(path, f"是{unit}，应为不小于 0 的整数")

    def section(self, section: Any, path: str) -> None:
        self.dict(section, path)
        self.text(section.get("name"), f"{path}.name", empty=False)
        keys = set()
        for j, f in enumerate(self.list(section.get("figures"), f"{path}.figures", MAX_FIGURES)):
            p = f"{path}.figures[{j}]"
            self.dict(f, p)
            keys.add(self.text(f.get("key"), f"{p}.key", empty=False))
            for name in ("label", "unit", "definition"):
                self.text(f.get(name, ""), f"{p}.{name}")
            kind = f.get("kind")
            if kind not in KINDS:
                self.fail(f"{p}.kind", "应为 count、amount 或 rate")
            for name in ("value", "previous", "last_year"):
                self.number(f.get(name), f"{p}.{name}", kind)
            if not isinstance(f.get("headline", False), bool):
                self.fail(f"{p}.headline", "应为 true 或 false")
        for j, r in enumerate(self.list(section.get("rates", []), f"{path}.rates", MAX_FIGURES)):
            p = f"{path}.rates[{j}]"
            self.dict(r, p)
            for name in ("key", "label", "definition"):
                self.text(r.get(name, ""), f"{p}.{name}")
            for name in ("numerator", "denominator"):
                if r.get(name) not in keys:
                    self.fail(f"{p}.{name}", "应为本节某个指标的 key")
        for j, t in enumerate(self.list(section.get("tables", []), f"{path}.tables", MAX_FIGURES)):
            self.table(t, f"{path}.tables[{j}]", personal=False)

    def table(self, table: Any, path: str, *, personal: bool) -> None:
        self.dict(table, path)
        title = self.text(table.get("title"), f"{path}.title")
        if personal:
            path = f"明细表“{title[:40]}”（{path}）"
        columns = self.list(table.get("columns"), f"{path}.columns", MAX_COLUMNS)
        if not columns:
            self.fail(f"{path}.columns", "不能为空")
        for c, name in enumerate(columns):
            self.text(name, f"{path}.columns[{c}]")
        for r, row in enumerate(self.list(table.get("rows"), f"{path}.rows", MAX_TABLE_ROWS)):
            p = f"{path}.rows[{r}]"
            if not isinstance(row, list) or len(row) != len(columns):
                self.fail(p, f"应为 {len(columns)} 项的列表（与列名一一对应）")
            for c, cell in enumerate(row):
                self.cell(cell, f"{p}[{c}]", personal)

    def cell(self, cell: Any, path: str, personal: bool) -> None:
        if cell is None or isinstance(cell, bool):
            return
        if isinstance(cell, int | float):
            if not math.isfinite(cell):
                self.fail(path, "不能是 NaN 或无穷大")
            return
        text = self.text(cell, path)
        if personal and (_MOBILE.search(text) or _unmasked_id(text)):
            self.fail(
                path,
                "含未脱敏的个人信息（手机号或身份证号）；明细中的个人信息须脱敏（如 138****8000）",
            )


def _unmasked_id(text: str) -> bool:
    return any(
        id_card_check_char(m.group(1)) == m.group(2).upper() for m in _ID_NUMBER.finditer(text)
    )
