"""``station-app selftest``: can this installation run here? Each check says, in Chinese, why not.

What the installers' tests run from the installed files, and what a station's IT contact runs
on a PC that misbehaves. The checks touch nothing of the user's: the migration, the PDF and the
workbook go to a throwaway folder; the data directory check writes and removes one small file.

Qt is checked in a child process (``station-app selftest --qt-probe``, see
``station_app.ui.selftest``): a missing system library makes Qt abort the whole process, and
the report must still be written. The other checks run here, in the order of the list below.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from station_app import __version__, buildinfo, paths
from station_app.errors import os_reason

QT_PROBE_TIMEOUT = 120  # seconds; Qt's first start under Wine takes ~20 s
PROBE_MARK = "SELFTEST_QT "  # the child's JSON line starts with this


@dataclass
class Check:
    """One check: ``name`` is the JSON key, ``title`` and ``detail``/``reason`` are for people."""

    name: str
    title: str
    ok: bool = False
    detail: str = ""  # what was found (versions, paths)
    reason: str = ""  # why it failed and what to do; empty when it passed
    seconds: float = 0.0


@dataclass
class Report:
    version: str
    commit: str | None
    packaging: str
    python: str
    system: str
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def as_dict(self) -> dict:
        return {"ok": self.ok, **asdict(self)}


class CheckFailed(Exception):
    """Raised inside a check with the Chinese reason (and what to do)."""


def run_selftest(*, qt: bool = True) -> Report:
    """Run every check (``qt=False`` leaves out the two that need Qt, for tests of the rest)."""
    report = Report(
        version=__version__,
        commit=buildinfo.commit(),
        packaging=buildinfo.packaging(),
        python=platform.python_version(),
        system=f"{platform.system()} {platform.release()} {platform.machine()}".strip(),
    )
    if qt:
        report.checks += _qt_checks()
    for name, title, func in CHECKS:
        report.checks.append(_run(name, title, func))
    return report


def _run(name: str, title: str, func: Callable[[], str]) -> Check:
    check = Check(name, title)
    start = time.monotonic()
    try:
        check.detail = func()
        check.ok = True
    except CheckFailed as exc:
        check.reason = str(exc)
    except Exception as exc:  # a check must report, never crash the report
        check.reason = f"意外错误：{type(exc).__name__}: {exc}"
    check.seconds = round(time.monotonic() - start, 3)
    return check


# --- Qt (in a child process) -------------------------------------------------------------


def self_command() -> list[str]:
    """How to start this same installation again: the frozen executable, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "station_app"]


def qt_probe_env() -> dict[str, str]:
    """Offscreen Qt when there is no display to show a window on (Linux without X/Wayland)."""
    env = dict(os.environ)
    no_display = not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and no_display:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _qt_checks() -> list[Check]:
    qt = Check("qt", "图形界面（Qt）能启动")
    fonts = Check("fonts", "内置字体能加载并显示中文")
    start = time.monotonic()
    try:
        found = _run_qt_probe()
    except CheckFailed as exc:
        qt.reason = str(exc)
        fonts.reason = "图形界面未能启动，无法检查字体（见上一项）。"
        return [qt, fonts]
    qt.seconds = fonts.seconds = round(time.monotonic() - start, 3)
    for check in (qt, fonts):
        part = found.get(check.name, {})
        check.ok = bool(part.get("ok"))
        check.detail = str(part.get("detail", ""))
        check.reason = "" if check.ok else str(part.get("reason") or "检查未给出结果。")
    return [qt, fonts]


def _run_qt_probe() -> dict:
    try:
        proc = subprocess.run(
            [*self_command(), "selftest", "--qt-probe"],
            env=qt_probe_env(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=QT_PROBE_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        raise CheckFailed(
            f"图形界面在 {QT_PROBE_TIMEOUT} 秒内没有启动完成。请重启电脑后再试；仍不行请联系技术支持。"
        ) from exc
    except OSError as exc:
        raise CheckFailed(f"无法启动自检子进程：{exc}") from exc
    for line in proc.stdout.splitlines():
        if line.startswith(PROBE_MARK):
            return json.loads(line[len(PROBE_MARK) :])
    raise CheckFailed(_qt_crash_reason(proc.returncode, proc.stderr))


def _qt_crash_reason(code: int, stderr: str) -> str:
    tail = " ".join(stderr.strip().splitlines()[-3:])[-400:]
    hint = "图形界面（Qt）无法启动"
    if "xcb" in stderr or "platform plugin" in stderr:
        hint += "：缺少显示所需的系统库或没有可用的显示器。请安装 Qt 需要的 xcb 系统库（见安装说明），或在无显示器的电脑上设置 QT_QPA_PLATFORM=offscreen"
    return f"{hint}（退出码 {code}）。{('详细信息：' + tail) if tail else ''}"


# --- the checks that need no Qt ----------------------------------------------------------


def check_sqlite() -> str:
    """SQLite of this Python has FTS5 with the trigram tokenizer (the entity search)."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute("CREATE VIRTUAL TABLE t USING fts5(name, tokenize='trigram')")
        con.execute("INSERT INTO t(name) VALUES ('城关镇张三记面馆'), ('新华书店')")
        hits = con.execute("SELECT name FROM t WHERE t MATCH '张三记'").fetchall()
    except sqlite3.Error as exc:
        raise CheckFailed(
            f"SQLite {sqlite3.sqlite_version} 不支持 FTS5 三字索引（{exc}）：查询经营主体会失败。"
            "请重新安装本程序（安装包自带合适的 SQLite）。"
        ) from exc
    finally:
        con.close()
    if hits != [("城关镇张三记面馆",)]:
        raise CheckFailed(f"SQLite {sqlite3.sqlite_version} 的全文检索结果不对：{hits!r}。")
    return f"SQLite {sqlite3.sqlite_version}，FTS5 trigram 可用"


def check_migration() -> str:
    """A throwaway database is created and migrated to head with the bundled migrations."""
    from station_app.bootstrap import open_context
    from station_app.data.engine import sqlite_url

    with tempfile.TemporaryDirectory(prefix="station-selftest-") as folder:
        ctx = open_context(sqlite_url(Path(folder) / "selftest.sqlite3"), create=True)
        try:
            status = ctx.services.database.status()
        finally:
            ctx.close()
    if status.current != status.head:
        raise CheckFailed(f"数据库结构只升级到 {status.current}，应为 {status.head}。")
    return f"临时数据库已升级到结构版本 {status.head}（{status.server_version}）"


SELFTEST_TEXT = "基层市场监管所工作台 自检 调解协议书"


def check_pdf() -> str:
    """A PDF with the bundled fonts embedded is written and read back."""
    from reportlab.pdfgen import canvas

    from station_app.documents.fonts import SANS, SERIF, SERIF_BOLD, register_fonts

    with tempfile.TemporaryDirectory(prefix="station-selftest-") as folder:
        path = Path(folder) / "selftest.pdf"
        register_fonts()
        pdf = canvas.Canvas(str(path), pageCompression=0)
        for i, font in enumerate((SERIF, SERIF_BOLD, SANS)):
            pdf.setFont(font, 16)
            pdf.drawString(72, 720 - 30 * i, SELFTEST_TEXT)
        pdf.showPage()
        pdf.save()
        data = path.read_bytes()
    return _read_back_pdf(data, (SERIF, SERIF_BOLD, SANS))


def _read_back_pdf(data: bytes, fonts: tuple[str, ...]) -> str:
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        raise CheckFailed("写出的 PDF 文件不完整。")
    missing = [f for f in fonts if f"+{f}".encode() not in data]
    if missing or data.count(b"/FontFile2") < len(fonts):
        raise CheckFailed(
            f"PDF 中没有嵌入字体 {'、'.join(missing) or '（字体文件）'}：打印的文书会缺字。"
            "请重新安装本程序（resources/fonts 文件夹可能缺失或损坏）。"
        )
    pages = data.count(b"/Type /Page\n") + data.count(b"/Type /Page ")
    return f"PDF 已写出并读回（{len(data) // 1024} KB，{pages or 1} 页，嵌入字体 {len(fonts)} 种）"


XLSX_ROW = ("城关市场监督管理所", "91330102MA2XXXXX1X", "330102198001011234", 12, date(2026, 10, 1))


def check_xlsx() -> str:
    """An XLSX is written (openpyxl, write-only as the exports do) and read back (calamine)."""
    from openpyxl import Workbook

    from station_app.exports.ledger_reader import cell_text, read_sheet

    with tempfile.TemporaryDirectory(prefix="station-selftest-") as folder:
        path = Path(folder) / "selftest.xlsx"
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("自检")
        ws.append(["名称", "统一社会信用代码", "证件号码", "数量", "日期"])
        ws.append(list(XLSX_ROW))
        wb.save(path)
        sheet = read_sheet(path)
    got = [cell_text(v) for v in sheet.rows[1]] if len(sheet.rows) > 1 else []
    want = [cell_text(v) for v in XLSX_ROW]
    if got != want:
        raise CheckFailed(f"XLSX 读回的内容不一致：{got!r}，应为 {want!r}。")
    return f"XLSX 已写出并读回（工作表“{sheet.name}”）"


def check_data_dir() -> str:
    """The user data directory (database, backups) exists or can be made, and can be written."""
    folder = paths.user_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".selftest-", delete=True) as fh:
            fh.write(b"station selftest\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise CheckFailed(
            f"数据目录无法写入：{folder}（{os_reason(exc)}）。数据库和备份要放在这里。"
            "请让管理员给该文件夹写权限，或设置环境变量 STATION_HOME 指向一个可写的文件夹。"
        ) from exc
    return f"{folder}（可写）"


CHECKS: list[tuple[str, str, Callable[[], str]]] = [
    ("sqlite", "SQLite 全文检索（FTS5 trigram）", check_sqlite),
    ("migration", "数据库迁移到最新结构", check_migration),
    ("pdf", "生成 PDF（嵌入字体）并读回", check_pdf),
    ("xlsx", "生成 XLSX 并读回", check_xlsx),
    ("data_dir", "数据目录可写", check_data_dir),
]
