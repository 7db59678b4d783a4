"""Who is signed in, what they may do, and user accounts (用户与登录).

Permissions are enforced here, in services, so the GUI and the CLI obey the same rules: a clerk
who cannot delete cannot delete from the command line either.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from station_app.data import audit
from station_app.data.repo import users as repo
from station_app.data.types import utc_now
from station_app.domain import auth as rules
from station_app.domain.auth import ACTION_LABELS, SYSTEM, Actor, can, role_label
from station_app.domain.passwords import N as PASSWORD_COST
from station_app.domain.passwords import (
    dummy_hash,
    hash_password,
    needs_upgrade,
    password_problem,
    verify_password,
)
from station_app.errors import NotFoundError, PermissionDeniedError, ValidationError
from station_app.services.base import Changes, Service, Tx, transact_core

if TYPE_CHECKING:
    from station_app.data.models import User

KIND = "user"


class Auth:
    """The signed-in actor of one AppContext. Set once at login; read from any thread."""

    def __init__(self, actor: Actor | None = None) -> None:
        self._actor = actor
        self._lock = threading.Lock()

    @property
    def actor(self) -> Actor | None:
        return self._actor

    def sign_in(self, actor: Actor) -> None:
        with self._lock:
            self._actor = actor

    def sign_out(self) -> None:
        with self._lock:
            self._actor = None

    def can(self, action: str) -> bool:
        return self._actor is not None and can(self._actor.role, action)

    def require(self, action: str) -> Actor:
        """The actor, if allowed to ``action``; else ``PermissionDeniedError`` in Chinese."""
        actor = self._actor
        if actor is None:
            raise PermissionDeniedError("请先登录。")
        if not can(actor.role, action):
            raise PermissionDeniedError(
                f"您的角色“{role_label(actor.role)}”无权{ACTION_LABELS.get(action, action)}。"
                "如需此权限，请联系系统管理员。"
            )
        return actor


def system_auth() -> Auth:
    """For work the application does itself (demo data, start-up maintenance)."""
    return Auth(SYSTEM)


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: str
    disabled: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    version: int

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    def actor(self) -> Actor:
        return Actor(self.id, self.username, self.role, self.display_name)


def _info(row: User) -> UserInfo:
    return UserInfo(
        row.id,
        row.username,
        row.display_name,
        row.role,
        row.disabled,
        row.locked_until,
        row.last_login_at,
        row.version,
    )


class UserService(Service):
    """User accounts and sign-in. Any thread; each call opens its own connection."""

    _auth: Auth  # the concrete one: sign_in sets the signed-in user

    def count(self) -> int:
        with self._db.core_read() as con:
            return repo.count(con)

    def list_users(self) -> list[UserInfo]:
        self._auth.require("data.view")
        return self.list_users_unchecked()

    def list_users_unchecked(self) -> list[UserInfo]:
        """For the application itself (login screens, demo screenshots); not for screens."""
        with self._db.session() as s:
            return [_info(u) for u in repo.all_users(s)]

    def add_user(
        self, username: str, display_name: str, role: str, password: str
    ) -> tuple[UserInfo, Changes]:
        """Add a user. With no users yet, anyone may add the first, which must be an admin."""
        username = username.strip()
        _check_new_user(username, role)
        self.check_password(password, username)
        from station_app.data.models import User

        def add(tx: Tx) -> UserInfo:
            if repo.count(tx.s) == 0:  # the first user: only while there is none
                tx.act_as(self._first_user_actor(role))
            else:
                tx.act_as(self._auth.require("users.manage"))
            if repo.by_username(tx.s, username) is not None:
                raise ValidationError(f"用户名“{username}”已存在。", field="username")
            row = User(
                username=username,
                display_name=display_name.strip(),
                role=role,
                password_hash=hash_password(password, n=hash_cost()),
            )
            tx.s.add(row)
            tx.s.flush()
            shown = {"username": username, "display_name": row.display_name, "role": role}
            tx.created(KIND, row.id, shown)
            return _info(row)

        return self._transact(None, add)

    def check_password(self, password: str, username: str) -> None:
        """Refuse a weak password with a Chinese reason (``ValidationError`` on ``password``):
        too short, only digits or letters, containing the user name, the station's name or
        code, or the demo databases' public password (outside a demo database), or on the list
        of common passwords (``resources/passwords``)."""
        from station_app.data.repo.station import profile_row

        with self._db.core_read() as con:
            profile = profile_row(con)
        demo = profile is not None and bool(profile.is_demo)
        problem = password_problem(
            password,
            username=username,
            station_words=(profile.name, profile.code) if profile is not None else (),
            demo_password="" if demo else rules.DEMO_PASSWORD,
            common=common_passwords(),
        )
        if problem:
            raise ValidationError(problem, field="password")

    def _first_user_actor(self, role: str) -> Actor:
        if role != rules.ADMIN:
            raise ValidationError("第一个用户必须是系统管理员。", field="role")
        return SYSTEM

    def authenticate(self, username: str, password: str, *, now: datetime | None = None) -> Actor:
        """Check a password. Returns the actor, else ``PermissionDeniedError``.

        An unknown user and a wrong password take the same time (one scrypt at the cost in
        force) and get the same message; a disabled account says so only after the right
        password; every failure is audited; 5 failures in a row lock the account for 5, then
        15, then 60 minutes (``domain/auth.LOCK_STEPS_MINUTES``). The scrypt runs outside
        the write transaction (on SQLite that would hold the file's write lock for a
        second); the counters are then updated on the row as it is by then. An old, cheaper
        hash is replaced at a good sign-in. A broken audit trail never stops a sign-in."""
        now = now or utc_now()
        name = username.strip()
        cost = hash_cost()
        with self._db.core_read() as con:
            row = repo.login_row(con, name)
        if row is None or _locked(row, now):
            verify_password(password, dummy_hash(cost))  # the same time as a real check
            good, new_hash = False, None
        else:
            good = verify_password(password, row["password_hash"])
            upgrade = good and needs_upgrade(row["password_hash"], cost)
            new_hash = hash_password(password, n=cost) if upgrade else None

        def record(tx: Tx) -> tuple[Actor | None, str]:
            nonlocal good, new_hash
            fresh = repo.login_row(tx.con, name)
            if fresh is None:
                _failure(tx, None, name, "用户名不存在")
                return None, WRONG_PASSWORD
            if row is None or fresh["password_hash"] != row["password_hash"]:
                good, new_hash = False, None  # the password was changed meanwhile
            return self._outcome(tx, fresh, good, new_hash, now)

        (actor, message), _ = transact_core(self._db, SYSTEM, record, audit_optional=True)
        if actor is None:
            raise PermissionDeniedError(message)
        return actor

    def _outcome(
        self, tx: Tx, row: Any, good: bool, new_hash: str | None, now: datetime
    ) -> tuple[Actor | None, str]:
        """Record what a checked password means for the account ``row`` (locked for update)."""
        if _locked(row, now):
            _failure(tx, row["id"], row["username"], "账户锁定期间")
            minutes = max(1, int((row["locked_until"] - now).total_seconds() // 60) + 1)
            return None, f"密码错误次数过多，账户已锁定，请 {minutes} 分钟后再试。"
        if good and row["disabled"]:
            _failure(tx, row["id"], row["username"], "账户已停用")
            return None, f"用户“{row['username']}”已停用，请联系系统管理员。"
        if good:
            return self._signed_in(tx, row, new_hash, now), ""
        return None, self._failed(tx, row, now)

    @staticmethod
    def _signed_in(tx: Tx, row: Any, new_hash: str | None, now: datetime) -> Actor:
        values: dict[str, object] = {
            "failed_attempts": 0,
            "lockouts": 0,
            "locked_until": None,
            "last_login_at": now,
        }
        actor = Actor(row["id"], row["username"], row["role"], row["display_name"])
        tx.act_as(actor)  # the sign-in is recorded in the name of whoever signed in
        tx.record(audit.LOGIN, KIND, row["id"])
        if new_hash is not None:
            values["password_hash"] = new_hash
            tx.record(audit.UPDATE, KIND, row["id"], {"password": ["***", "***"]}, UPGRADED)
        repo.record_login(tx.con, row["id"], **values)
        return actor

    @staticmethod
    def _failed(tx: Tx, row: Any, now: datetime) -> str:
        failed = row["failed_attempts"] + 1
        _failure(tx, row["id"], row["username"], f"密码错误（连续第 {failed} 次）")
        if failed < rules.MAX_FAILED_LOGINS:
            repo.record_login(tx.con, row["id"], failed_attempts=failed)
            return WRONG_PASSWORD
        lockouts = row["lockouts"] + 1
        minutes = rules.lock_minutes(lockouts)
        locked = now + timedelta(minutes=minutes)
        repo.record_login(
            tx.con, row["id"], failed_attempts=0, lockouts=lockouts, locked_until=locked
        )
        tx.record(
            audit.UPDATE,
            KIND,
            row["id"],
            {"locked_until": [None, locked], "lockouts": [lockouts - 1, lockouts]},
            f"连续 {rules.MAX_FAILED_LOGINS} 次密码错误，自动锁定 {minutes} 分钟",
        )
        return f"密码错误次数过多，账户已锁定 {minutes} 分钟。"

    def sign_in(self, username: str, password: str) -> Actor:
        actor = self.authenticate(username, password)
        self._auth.sign_in(actor)
        return actor

    def change_password(self, username: str, new_password: str) -> Changes:
        """Users change their own password; the admin may reset anyone's."""
        actor = self._auth.require("data.view")
        permission = "data.view" if actor.username == username else "users.manage"
        self._auth.require(permission)
        self.check_password(new_password, username)

        def change(tx: Tx) -> None:
            row = self._get(tx.s, username)
            row.password_hash = hash_password(new_password, n=hash_cost())
            row.failed_attempts, row.locked_until, row.lockouts = 0, None, 0
            tx.record(audit.UPDATE, KIND, row.id, {"password": ["***", "***"]}, "修改密码")

        return self._transact(permission, change)[1]

    def set_disabled(self, username: str, disabled: bool, reason: str = "") -> Changes:
        actor = self._auth.require("users.manage")
        if disabled and actor.username == username:
            raise ValidationError("不能停用自己正在使用的账户。", field="username")

        def set_disabled(tx: Tx) -> None:
            row = self._get(tx.s, username)
            if row.disabled != disabled:
                change = {"disabled": [row.disabled, disabled]}
                tx.record(audit.UPDATE, KIND, row.id, change, reason)
                row.disabled = disabled

        return self._transact("users.manage", set_disabled)[1]

    def _get(self, s, username: str) -> User:
        row = repo.by_username(s, username)
        if row is None:
            raise NotFoundError(f"没有用户“{username}”。")
        return row


def _check_new_user(username: str, role: str) -> None:
    if not username:
        raise ValidationError("请填写用户名。", field="username")
    if len(username) > 40 or any(c.isspace() for c in username):
        raise ValidationError("用户名不能含空格，且不超过 40 个字符。", field="username")
    if role not in rules.ROLES:
        choices = "、".join(f"{k}（{v}）" for k, v in rules.ROLE_LABELS.items())
        raise ValidationError(f"角色“{role}”不存在。可选：{choices}", field="role")


WRONG_PASSWORD = f"用户名或密码不正确。连续 {rules.MAX_FAILED_LOGINS} 次错误后账户将被暂时锁定。"
UPGRADED = f"登录时把密码哈希升级为 scrypt N=2^{PASSWORD_COST.bit_length() - 1}"
#: set (to 1) by the test suite only; honoured only under pytest (see :func:`hash_cost`)
TEST_COST_VARIABLE = "STATION_TEST_FAST_PASSWORD_HASH"
TEST_COST = 2**10


def hash_cost() -> int:
    """scrypt's N for new hashes and the bar for upgrading old ones: N=2^17, except in the
    test suite. The cheap cost needs all of: the test variable set to 1, pytest running this
    test (``PYTEST_CURRENT_TEST``, which pytest sets and subprocesses inherit), pytest
    installed, and a source checkout (not a frozen build). An installed station has no
    pytest; and whatever slipped through, its next sign-in outside the suite finds the hash
    cheaper than N=2^17 and replaces it."""
    if os.environ.get(TEST_COST_VARIABLE) != "1" or "PYTEST_CURRENT_TEST" not in os.environ:
        return PASSWORD_COST
    if getattr(sys, "frozen", False):
        return PASSWORD_COST
    import importlib.util

    return TEST_COST if importlib.util.find_spec("pytest") is not None else PASSWORD_COST


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The list of common passwords the policy refuses (read once, when a password is set)."""
    from station_app.paths import resource_path

    text = resource_path("passwords", "common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def _locked(row, now: datetime) -> bool:
    return row["locked_until"] is not None and row["locked_until"] > now


def _failure(tx: Tx, user_id: int | None, username: str, why: str) -> None:
    """Record a failed sign-in. An unknown name is kept shortened: a password typed into the
    user name field must not end up in the trail."""
    shown = username if user_id is not None else (username[:2] + "…" if username else "")
    record_id = user_id if user_id is not None else ""
    tx.record(audit.LOGIN_FAILED, KIND, record_id, {"username": shown}, why)
