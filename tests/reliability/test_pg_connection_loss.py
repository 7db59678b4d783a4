"""Issue 21, item 6: a PostgreSQL server that goes away mid-command.

A real throwaway server of the test's own is killed (``pg_ctl stop -m immediate``, a power
cut) during a ledger import and during complaint writes, at fixed points and, from the command
line, at seeded random moments. Every time: a Chinese message that says what was and was not
saved, never a traceback; after the server is back, nothing is half-written and the audit
chain verifies. The GUI's op runner offers 重试 and a retry after the server is back saves
exactly once.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from datetime import date

import pytest

from station_app.bootstrap import open_context
from station_app.domain.auth import ADMIN, Actor
from station_app.errors import ConnectionLostError
from station_app.services.connection import operation
from tests.reliability.helpers import PASSWORD, ROOT, USER, assert_no_traceback
from tests.reliability.pg_server import OwnServer

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
ADMIN_ACTOR = Actor(None, "tester", ADMIN, "测试管理员")
SEED = 20261206
ROWS = 5_000  # the command-line ledger: long enough to be caught writing
SAID = ("没有保存", "没有修改任何数据", "无法确定", "已经保存")  # each stage's sentence


@pytest.fixture(scope="module")
def server():
    own = OwnServer()
    yield own
    own.remove()


@pytest.fixture
def url(server):
    yield server.fresh_database()
    server.start()


def _counts(url: str) -> tuple[int, int, bool]:
    """(entities, complaints, audit chain ok) as a fresh process would see them."""
    ctx = open_context(url, actor=ADMIN_ACTOR)
    try:
        with ctx.db.core_read() as con:
            entities = con.exec_driver_sql("SELECT count(*) FROM entity").scalar_one()
            complaints = con.exec_driver_sql("SELECT count(*) FROM complaint").scalar_one()
        return entities, complaints, ctx.services.audit.verify().ok
    finally:
        ctx.close()


def _ledger_csv(path, first: int, count: int) -> object:
    from tests.services.ledgers import code

    lines = ["名称,统一社会信用代码,法定代表人,经营地址"]
    lines += [
        f"测试{n}号商店,{code('2', n)},经营者{n},人民路{n}号" for n in range(first, first + count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class _StopServerAt:
    """Progress of an import: kills the server at the ``nth`` cancel check of its write
    (after the COPY of new rows, after the updates, after the audit rows: all before COMMIT)."""

    def __init__(self, server: OwnServer, nth: int) -> None:
        self._server, self._nth, self._writing, self._checks = server, nth, False, 0

    def report(self, done: int, total: int, text: str = "") -> None:
        self._writing = self._writing or text.startswith("正在写入")

    @property
    def cancelled(self) -> bool:
        if self._writing:
            self._checks += 1
            if self._checks == self._nth:
                self._server.stop()
        return False


@pytest.mark.parametrize(
    ("nth", "saved", "words"),
    [
        (1, "nothing", "没有保存"),  # after the COPY of the new rows
        (2, "nothing", "没有保存"),  # after the updates
        (3, "unknown", "无法确定"),  # after the audit rows: the next thing sent is COMMIT
    ],
)
def test_import_cut_off_mid_write_says_what_was_saved(server, url, tmp_path, nth, saved, words):
    ctx = open_context(url, actor=ADMIN_ACTOR)
    svc = ctx.services.entity_import
    try:
        svc.run(_ledger_csv(tmp_path / "first.csv", 1, 200))
        second = _ledger_csv(tmp_path / "second.csv", 150, 400)  # 50 updates, 350 new
        with pytest.raises(ConnectionLostError) as info, operation():
            svc.run(second, progress=_StopServerAt(server, nth))
    finally:
        ctx.close()
    assert info.value.saved == saved and info.value.retry_safe == (saved == "nothing")
    assert words in info.value.message and "连接中断" in info.value.message
    server.start()
    entities, _, chain_ok = _counts(url)
    assert entities == 200 and chain_ok  # nothing half-written (the COMMIT never arrived)


def _complaint_input():
    from station_app.services.complaints import ComplaintInput

    return ComplaintInput(
        channel="12315",
        received_on=date(2026, 10, 8),
        complainant_name="张小明",
        complainant_phone="13812348000",
        complainant_address="东平县城关镇幸福路12号",
        respondent_name="东平县鑫源家电销售有限公司",
        respondent_address="东平县城关镇人民路120号",
        goods="空调一台",
        amount_fen=329900,
        claim="退货",
        facts="安装后制冷不良，两次维修未解决。",
    )


def _stop_before(monkeypatch, server, owner, name: str) -> None:
    real = getattr(owner, name)

    def stopping(*args, **kwargs):
        server.stop()
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, stopping)


@pytest.mark.parametrize(
    ("cut", "saved", "words", "stored"),
    [
        ("audit", "nothing", "没有保存", 0),  # inside the transaction: the audit row
        ("commit", "unknown", "无法确定", 0),  # while committing: nobody can know
        ("read_back", "all", "已经保存", 1),  # after the commit, reading the case back
    ],
)
def test_complaint_write_cut_off(server, url, monkeypatch, cut, saved, words, stored):
    from sqlalchemy.orm import Session

    from station_app.data import audit
    from station_app.services.complaints import ComplaintService

    ctx = open_context(url, actor=ADMIN_ACTOR)
    owner, name = {
        "audit": (audit, "append"),
        "commit": (Session, "commit"),
        "read_back": (ComplaintService, "get"),
    }[cut]
    _stop_before(monkeypatch, server, owner, name)
    try:
        with pytest.raises(ConnectionLostError) as info, operation():
            ctx.services.complaints.register(_complaint_input())
    finally:
        monkeypatch.undo()
        ctx.close()
    assert info.value.saved == saved and words in info.value.message
    assert info.value.retry_safe == (saved == "nothing")
    server.start()
    _, complaints, chain_ok = _counts(url)
    assert complaints == stored and chain_ok


def test_gui_offers_to_retry_and_the_retry_saves_once(server, url, qapp, monkeypatch):
    from station_app.ui import errors as ui_errors
    from station_app.ui.events import EventBus
    from station_app.ui.ops import SyncOpRunner

    ctx = open_context(url, actor=ADMIN_ACTOR)
    asked, done, failed = [], [], []

    def user_retries_once_the_server_is_back(parent, exc):
        asked.append(exc.message)
        server.start()
        return True

    monkeypatch.setattr(ui_errors, "ask_retry", user_retries_once_the_server_is_back)
    runner = SyncOpRunner(EventBus())
    service = ctx.services.complaints
    try:
        with ctx.db.session() as s:  # a pooled connection that the stop will break
            s.connection()
        server.stop()
        runner.run_write(
            lambda _p: service.register(_complaint_input()),
            on_done=done.append,
            on_error=failed.append,
        )
        assert len(asked) == 1 and "没有保存" in asked[0]
        assert failed == [] and len(done) == 1

        server.stop()  # again, and this time the user cancels
        monkeypatch.setattr(ui_errors, "ask_retry", lambda parent, exc: False)
        runner.run_write(
            lambda _p: service.register(_complaint_input()),
            on_done=done.append,
            on_error=failed.append,
        )
        assert len(failed) == 1 and failed[0].reported  # shown once, not twice
    finally:
        server.start()
        ctx.close()
    _, complaints, chain_ok = _counts(url)
    assert complaints == 1 and chain_ok


def test_command_line_import_cut_off_at_random_moments(server, url, tmp_path):
    """The CLI as a scheduled job runs it; the server dies at a seeded random moment."""
    rng = random.Random(SEED)
    ctx = open_context(url, actor=ADMIN_ACTOR)
    ctx.services.users.add_user(USER, "管理员", ADMIN, PASSWORD)
    ctx.close()
    big = _ledger_csv(tmp_path / "big.csv", 1, ROWS)
    outcomes = []
    for _round in range(3):
        before, _, _ = _counts(url)
        env_home = tmp_path / "home"
        child = subprocess.Popen(
            [sys.executable, "-m", "station_app", "--db", url, "import", "entities", str(big)],
            cwd=ROOT,
            env=_env(env_home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        if _round == 0:
            _wait_for_write(server, url, child)  # the server dies as the rows go in
        else:
            time.sleep(rng.uniform(0.8, 4.0))
        server.stop()
        out, err = child.communicate(timeout=120)
        server.start()
        result = subprocess.CompletedProcess(child.args, child.returncode, out, err)
        assert_no_traceback(result)
        after, _, chain_ok = _counts(url)
        assert chain_ok
        assert after in (before, ROWS), "half an import on file"
        if child.returncode == 10:  # cut off mid-command: what was and was not saved
            assert "连接中断" in err and any(w in err for w in SAID), err
        elif child.returncode == 3:  # the server was gone before the command connected
            assert "无法连接数据库服务器" in err, err
        else:
            assert child.returncode == 0 and after == ROWS, err
        outcomes.append((child.returncode, after - before))
    assert outcomes[0][0] == 10, f"the write was not cut off: {outcomes}"


def _wait_for_write(server: OwnServer, url: str, child: subprocess.Popen) -> None:
    """Return once the child's import is writing (COPY or INSERT of the entities)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    engine = create_engine(server.url_for("postgres"), isolation_level="AUTOCOMMIT")
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state = 'active' "
        "AND (query ILIKE 'COPY \"entity\"%%' OR query ILIKE 'INSERT INTO entity %%')"
    )
    try:
        with engine.connect() as con:
            while child.poll() is None:
                if con.exec_driver_sql(query, (name,)).scalar_one():
                    return
                time.sleep(0.005)
    finally:
        engine.dispose()


def _env(home) -> dict[str, str]:
    import os

    env = {**os.environ, "STATION_HOME": str(home), "STATION_USER": USER}
    env["STATION_PASSWORD"] = PASSWORD
    for key in ("STATION_DB_URL", "PYTHONDONTWRITEBYTECODE"):
        env.pop(key, None)
    return env
