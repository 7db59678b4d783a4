"""Password hashing cost, upgrades and the policy."""

from __future__ import annotations

import pytest

from station_app.domain import passwords as pw
from station_app.services import auth


def test_cheap_hashes_need_an_upgrade_and_dummy_never_matches():
    cheap = pw.hash_password("Zq-8812-desk", n=2**10)
    assert pw.verify_password("Zq-8812-desk", cheap)
    assert pw.needs_upgrade(cheap, pw.N) and not pw.needs_upgrade(cheap, 2**10)
    assert pw.needs_upgrade("md5$abc") and not pw.verify_password("x", "garbage")
    assert not pw.verify_password("", pw.dummy_hash(2**10))


def test_production_cost_is_owasp_minimum(monkeypatch):
    assert (pw.N, pw.R, pw.P) == (2**17, 8, 1)
    monkeypatch.delenv(auth.TEST_COST_VARIABLE, raising=False)
    assert auth.hash_cost() == 2**17
    stored = pw.hash_password("Zq-8812-desk", n=auth.hash_cost())  # 128 MiB: needs maxmem
    assert stored.startswith("scrypt$131072$8$1$") and pw.verify_password("Zq-8812-desk", stored)


def test_fast_cost_only_under_pytest_and_never_frozen(monkeypatch):
    monkeypatch.setenv(auth.TEST_COST_VARIABLE, "1")
    assert auth.hash_cost() == auth.TEST_COST  # we are a test
    monkeypatch.delenv("PYTEST_CURRENT_TEST")
    assert auth.hash_cost() == pw.N  # the variable alone does nothing
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "x")
    monkeypatch.setattr("sys.frozen", True, raising=False)
    assert auth.hash_cost() == pw.N  # an installed build


@pytest.mark.parametrize(
    "password, reason",
    [
        ("short1!", "至少需要 8 个字符"),
        ("abcdefghij", "同时包含字母和数字"),
        ("Station-Demo", "演示数据库公开的密码"),
        ("my-station-demo-9", "演示数据库公开的密码"),
        ("xx-zhangwei-7", "用户名"),
        ("7-iewgnahz-xx", "用户名"),
        ("城关所-2026-pass", "所名称"),
        ("sj-371502-01x", "所名称"),
        ("Password1", "最常见的弱密码"),
        ("woaini1314", "最常见的弱密码"),
    ],
)
def test_policy_refusals(password, reason):
    problem = pw.password_problem(
        password,
        username="zhangwei",
        station_words=("城关所", "SJ-371502-01"),
        demo_password="station-demo",
        common=auth.common_passwords(),
    )
    assert problem is not None and reason in problem


def test_common_list_ships_with_its_source():
    words = auth.common_passwords()
    assert 3000 < len(words) < 10000 and "1qaz2wsx" in words
    from station_app.paths import resource_path

    assert "Royce Williams" in resource_path("passwords", "README.md").read_text("utf-8")
    assert pw.password_problem("Kq7-desk-Hu", common=words) is None
