"""Sign-in: the same answer for an unknown user and a wrong password, a disabled account told
only after the right password, failures audited, locks that back off, old hashes upgraded,
and a damaged audit trail that never keeps anyone out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from station_app.data.types import utc_now
from station_app.domain import passwords as pw
from station_app.errors import PermissionDeniedError, ValidationError
from station_app.services.station import StationProfileData

PASSWORD = "Kq7-desk-Hu"


@pytest.fixture
def users(ctx):
    ctx.services.users.add_user("zhangwei", "张伟", "admin", PASSWORD)
    return ctx.services.users


def _message(users, name, password, now=None) -> str:
    with pytest.raises(PermissionDeniedError) as info:
        users.authenticate(name, password, now=now)
    return info.value.message


def _failures(ctx) -> list[tuple[str, str]]:
    with ctx.db.engine.connect() as con:
        rows = con.execute(
            text("SELECT action, reason FROM audit_log WHERE action = 'login_failed' ORDER BY seq")
        ).all()
    return [tuple(r) for r in rows]


def test_unknown_user_reads_as_a_wrong_password_and_both_are_audited(ctx, users, monkeypatch):
    checked = []
    real = pw.verify_password
    monkeypatch.setattr(
        "station_app.services.auth.verify_password",
        lambda p, stored: checked.append(stored.split("$")[1]) or real(p, stored),
    )
    unknown = _message(users, "nobody", PASSWORD)
    wrong = _message(users, "zhangwei", "wrong-pass-1")
    assert unknown == wrong and "用户名或密码不正确" in wrong
    assert checked[0] == checked[1]  # one scrypt of the same cost on both paths
    assert [r for _a, r in _failures(ctx)] == ["用户名不存在", "密码错误（连续第 1 次）"]
    assert ctx.services.audit.verify().ok


def test_disabled_account_is_told_only_after_the_right_password(ctx, users):
    users.set_disabled("zhangwei", True)
    assert "停用" not in _message(users, "zhangwei", "wrong-pass-1")
    assert "已停用" in _message(users, "zhangwei", PASSWORD)
    assert _failures(ctx)[-1][1] == "账户已停用"


def test_locks_back_off_5_15_60_minutes_and_reset_on_success(ctx, users):
    now = utc_now()
    for expected in (5, 15, 60, 60):
        for _ in range(4):
            assert "用户名或密码不正确" in _message(users, "zhangwei", "wrong-pass-1", now)
        assert f"锁定 {expected} 分钟" in _message(users, "zhangwei", "wrong-pass-1", now)
        assert "请" in _message(users, "zhangwei", PASSWORD, now + timedelta(minutes=1))
        now += timedelta(minutes=expected, seconds=1)
    actor = users.authenticate("zhangwei", PASSWORD, now=now)
    assert actor.username == "zhangwei"
    for _ in range(5):
        last = _message(users, "zhangwei", "wrong-pass-1", now)
    assert "锁定 5 分钟" in last  # a good sign-in starts the ladder again
    assert ctx.services.audit.verify().ok


def test_old_hash_is_upgraded_at_sign_in(ctx, users, monkeypatch):
    old = pw.hash_password(PASSWORD, n=2**14)
    with ctx.db.engine.begin() as con:
        con.execute(text("UPDATE app_user SET password_hash = :h"), {"h": old})
    monkeypatch.delenv("STATION_TEST_FAST_PASSWORD_HASH")  # the production cost
    users.authenticate("zhangwei", PASSWORD)
    with ctx.db.engine.connect() as con:
        stored = con.execute(text("SELECT password_hash FROM app_user")).scalar_one()
    assert stored.startswith("scrypt$131072$8$1$") and pw.verify_password(PASSWORD, stored)
    assert "升级" in ctx.services.audit.history("user", 1)[0].reason


@pytest.mark.parametrize(
    "damage",
    [
        "DELETE FROM audit_head",
        "UPDATE audit_head SET last_seq = 999",
        "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
        "DROP TABLE audit_head",
        "DROP TABLE audit_log",
    ],
)
def test_a_damaged_audit_trail_never_keeps_anyone_out(ctx, users, damage):
    with ctx.db.engine.begin() as con:
        con.exec_driver_sql(damage)
    assert users.authenticate("zhangwei", PASSWORD).username == "zhangwei"
    result = ctx.services.audit.verify()
    assert not result.ok and result.problem


def test_policy_uses_the_station_and_demo_profile(ctx):
    users = ctx.services.users
    ctx.services.station.save_profile(StationProfileData(name="城关所", code="SJ-01"))
    for weak, reason in (
        ("station-demo", "演示"),
        ("城关所-7788x", "所名称"),
        ("1qaz2wsx", "常见"),
    ):
        with pytest.raises(ValidationError, match=reason):
            users.add_user("lihm", "李红梅", "admin", weak)
    from station_app.data.repo.station import mark_demo

    with ctx.db.engine.begin() as con:
        mark_demo(con)  # as the demo generator does: no service flags a demo
    users.add_user("lihm", "李红梅", "admin", "station-demo")  # a demo database's public password
    with pytest.raises(ValidationError, match="用户名"):
        users.change_password("lihm", "lihm-2026-x")
