"""Malformed and forged county data packages (issue 17): ``report verify`` and ``county
merge`` refuse each with a Chinese reason (never a traceback, never a total), the county's
anchor file is not touched by a refused merge, and the station key is registered once and
then required."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_app.domain.auth import ADMIN, Actor
from station_app.domain.periods import parse_period
from station_app.domain.report_model import AMOUNT, Figure, RateDef, Section
from station_app.errors import StationError
from station_app.exports import signing
from station_app.exports.county_merge import merge_packages
from station_app.exports.report_package import read_package, write_package
from tests.fixtures.fuzz.sheets import _patched_central
from tests.fuzz.helpers import read_in_child


def provider(db, period):
    return Section(
        "投诉与调解",
        [
            Figure("c.received", "接收投诉", 12, headline=True),
            Figure("c.closed", "办结", 10),
            Figure("c.success", "调解成功", 6),
            Figure("c.money", "挽回经济损失", 12_345, "元", AMOUNT),
        ],
        rates=[RateDef("c.rate", "调解成功率", "c.success", "c.closed", "成功 ÷ 办结")],
    )


def _station(folder: Path, code: str, name: str):
    from station_app.bootstrap import open_context
    from station_app.data.engine import sqlite_url
    from station_app.services.reports import ReportService
    from station_app.services.station import StationProfileData

    ctx = open_context(
        sqlite_url(folder / f"{code}.sqlite3"), actor=Actor(None, "t", ADMIN), create=True
    )
    ctx.services.station.save_profile(
        StationProfileData(name=name, code=code, county_bureau="东平县市场监督管理局")
    )
    return ctx, ReportService(ctx.db, ctx.auth, [provider])


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("stations")
    a_ctx, a = _station(folder, "S01", "城关所")
    b_ctx, b = _station(folder, "S02", "城南所")
    out = {
        "a": a.write_package(parse_period("2026-10"), folder / "a").path,
        "a_next": a.write_package(parse_period("2026-11"), folder / "a2").path,
        "b": b.write_package(parse_period("2026-10"), folder / "b").path,
        "a_key": a.write_key_file(folder / "S01.station-key.json"),
        "a_public": a.station_key()[0],
    }
    a_ctx.close()
    b_ctx.close()
    return out


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rebuilt(path: Path, out: Path, change) -> Path:
    """The package with ``change(figures dict, manifest dict)`` applied, hashes recomputed and
    unsigned: what someone editing a package by hand makes."""
    files = members(path)
    figures = json.loads(files["figures.json"])
    manifest = json.loads(files["manifest.json"])
    change(figures, manifest)
    about = {k: v for k, v in manifest.items() if k not in ("schema", "files")}
    data = {n: b for n, b in files.items() if n not in ("manifest.json", "manifest.sig")}
    data["figures.json"] = json.dumps(figures, ensure_ascii=False, allow_nan=True).encode()
    return write_package(out, data, about)


def raw_zip(out: Path, entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    out.write_bytes(buf.getvalue())
    return out


def _set(path: list, value):
    def change(figures, _manifest):
        target = figures
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


VALUE = ["sections", 1, "figures", 0, "value"]
FIGURE_CASES = {
    "text count": (_set(VALUE, "12"), "应为数字"),
    "negative count": (_set(VALUE, -5), "不小于 0 的整数"),
    "NaN count": (_set(VALUE, float("nan")), "不是有效的 JSON|NaN"),
    "float count": (_set(VALUE, 1.5), "不小于 0 的整数"),
    "bool count": (_set(VALUE, True), "应为数字"),
    "huge amount": (_set(["sections", 1, "figures", 3, "value"], 10**30), "整数"),
    "sections null": (_set(["sections"], None), "sections 应为列表"),
    "figures as dict": (_set(["sections", 1, "figures"], {"a": 1}), "figures 应为列表"),
    "figure as list": (_set(["sections", 1, "figures", 0], [1, 2]), "应为对象"),
    "unknown kind": (_set(["sections", 1, "figures", 0, "kind"], "money"), "count、amount"),
    "rate of nothing": (_set(["sections", 1, "rates", 0, "numerator"], "x.y"), "某个指标的 key"),
    "station as text": (_set(["station"], "城关所"), "station 应为对象"),
    "period nonsense": (_set(["period"], "9999-99"), "应为统计期"),
    "details unmasked phone": (
        _set(
            ["details"],
            [
                {
                    "title": "投诉明细",
                    "columns": ["投诉人", "电话"],
                    "rows": [["张*", "13812345678"]],
                }
            ],
        ),
        "未脱敏",
    ),
    "details unmasked ID": (
        _set(
            ["details"], [{"title": "明细", "columns": ["证件"], "rows": [["11010519491231002X"]]}]
        ),
        "未脱敏",
    ),
    "row too short": (
        _set(["details"], [{"title": "明细", "columns": ["a", "b"], "rows": [["x"]]}]),
        "格式|2 项",
    ),
    "deep nesting": (_set(["app_version"], json.loads("[" * 500 + "]" * 500)), "嵌套"),
}


@pytest.mark.parametrize("case", sorted(FIGURE_CASES))
def test_figures_breaking_the_schema_are_refused(made, tmp_path, case, peaks):
    change, message = FIGURE_CASES[case]
    bad = rebuilt(made["a"], tmp_path / "bad.zip", change)
    answer = read_in_child(bad, reader="package")
    peaks[f"package:{case}"] = answer["peak_mb"]
    assert re.search(message, answer.get("message", "")), (case, answer)


def _manifest_as(value):
    def make(made, tmp_path):
        files = members(made["a"])
        files["manifest.json"] = json.dumps(value).encode()
        return raw_zip(tmp_path / "m.zip", files)

    return make


def _member(name: str):
    def make(made, tmp_path):
        return raw_zip(tmp_path / "n.zip", {**members(made["a"]), name: b"x"})

    return make


def _patched(patch):
    def make(made, tmp_path):
        out = tmp_path / "p.zip"
        out.write_bytes(_patched_central(made["a"].read_bytes(), "figures.json", patch))
        return out

    return make


def _flag(buf, at):
    buf[at + 8] |= 0x1


def _method(buf, at):
    buf[at + 10 : at + 12] = (99).to_bytes(2, "little")


def _bomb(buf, at):
    buf[at + 24 : at + 28] = (900 << 20).to_bytes(4, "little")


ZIP_CASES = {
    "manifest as list": (_manifest_as([1, 2]), "JSON 对象"),
    "files null": (_manifest_as({"schema": "station-report-package/1", "files": None}), "文件列表"),
    "files entry text": (
        _manifest_as({"schema": "station-report-package/1", "files": {"figures.json": "x"}}),
        "校验信息格式",
    ),
    "parent member": (_member("../../evil.txt"), "不合规"),
    "absolute member": (_member("/etc/cron.d/x"), "不合规"),
    "windows member": (_member("C:\\x.bat"), "不合规"),
    "encrypted": (_patched(_flag), "密码"),
    "unknown method": (_patched(_method), "压缩方式|损坏"),
    "declared huge": (_patched(_bomb), "超过上限|损坏"),
    "too many members": (
        lambda made, tmp_path: raw_zip(
            tmp_path / "many.zip", {f"f{i}.json": b"{}" for i in range(40)}
        ),
        "超过上限 16",
    ),
    "truncated": (
        lambda made, tmp_path: (
            (tmp_path / "t.zip").write_bytes(made["a"].read_bytes()[:700]) and tmp_path / "t.zip"
        ),
        "损坏",
    ),
    "very deep figures": (
        lambda made, tmp_path: write_package(
            tmp_path / "deep.zip", {"figures.json": b"[" * 200_000 + b"]" * 200_000}
        ),
        "无法解析|嵌套",
    ),
    "not a zip": (
        lambda made, tmp_path: (tmp_path / "x.zip").write_bytes(b"hello") and tmp_path / "x.zip",
        "损坏|不是有效",
    ),
    "signature of another manifest": (
        lambda made, tmp_path: raw_zip(
            tmp_path / "s.zip",
            {**members(made["a"]), "manifest.sig": members(made["a_next"])["manifest.sig"]},
        ),
        "签名与清单不符",
    ),
    "signature garbage": (
        lambda made, tmp_path: raw_zip(
            tmp_path / "g.zip", {**members(made["a"]), "manifest.sig": b"\x00{"}
        ),
        "签名文件",
    ),
}


@pytest.mark.parametrize("case", sorted(ZIP_CASES))
def test_damaged_or_forged_zips_are_refused(made, tmp_path, case, peaks):
    make, message = ZIP_CASES[case]
    bad = make(made, tmp_path)
    answer = read_in_child(bad, reader="package")
    peaks[f"package:{case}"] = answer["peak_mb"]
    assert re.search(message, answer.get("message", "")), (case, answer)


def test_the_good_package_is_signed_with_the_station_key(made):
    assert read_package(made["a"]).signed_by == made["a_public"]
    assert read_package(made["a_next"]).signed_by == made["a_public"]


def test_county_registers_the_key_once_then_requires_it(made, tmp_path):
    state = tmp_path / "county.json"
    merge_packages([made["a"], made["b"]], tmp_path / "m1.xlsx", state=state)
    kept = json.loads(state.read_text("utf-8"))
    assert kept["keys"]["S01"]["public_key"] == made["a_public"]
    before = state.read_bytes()
    # a package of S01 edited and left unsigned, or signed with another key, is refused
    forged = rebuilt(made["a_next"], tmp_path / "forged.zip", _set(VALUE, 99))
    with pytest.raises(StationError, match="没有签名"):
        merge_packages([forged], tmp_path / "m2.xlsx", state=state)
    other = signing.new_private_key()
    files = members(forged)
    files["manifest.sig"] = signing.signature(other, files["manifest.json"])
    resigned = raw_zip(tmp_path / "resigned.zip", files)
    with pytest.raises(StationError, match="不是用县局登记的该所密钥签名"):
        merge_packages([resigned], tmp_path / "m3.xlsx", state=state)
    assert state.read_bytes() == before  # a refused merge keeps nothing
    merge_packages([made["a_next"]], tmp_path / "m4.xlsx", state=state)


def test_key_file_registers_before_any_package(made, tmp_path):
    from station_app.exports import county_anchors

    doc = county_anchors.load(tmp_path / "none.json")
    station, public = signing.read_key_file(made["a_key"].read_bytes(), "S01.station-key.json")
    assert county_anchors.register_key(doc, "S01", station["name"], public, "file")
    assert not county_anchors.register_key(doc, "S01", station["name"], public, "file")
    with pytest.raises(StationError, match="另一把签名密钥"):
        county_anchors.register_key(
            doc, "S01", "城关所", signing.public_key(signing.new_private_key()), "f"
        )


def test_one_station_name_under_two_codes_is_refused(made, tmp_path):
    def rename(figures, manifest):
        figures["station"]["name"] = "城关所"
        manifest["station"]["name"] = "城关所"

    twin = rebuilt(made["b"], tmp_path / "twin.zip", rename)
    with pytest.raises(StationError, match="两个所代码"):
        merge_packages([made["a"], twin], tmp_path / "m.xlsx")
    state = tmp_path / "county.json"
    merge_packages([made["a"]], tmp_path / "m1.xlsx", state=state)
    with pytest.raises(StationError, match="同一个所不能有两个代码"):
        merge_packages([twin], tmp_path / "m2.xlsx", state=state)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    flips=st.lists(st.tuples(st.integers(0, 100_000), st.integers(1, 255)), min_size=1, max_size=4)
)
def test_flipped_bytes_never_escape_as_tracebacks(made, tmp_path, flips):
    data = bytearray(made["a"].read_bytes())
    for at, mask in flips:
        data[at % len(data)] ^= mask
    path = tmp_path / "f.zip"
    path.write_bytes(bytes(data))
    try:
        read_package(path)
    except StationError as exc:
        assert re.search(r"[\u4e00-\u9fff]", str(exc))
