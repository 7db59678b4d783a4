"""Who is signed in, what they may do, and user accounts (用户与登录).

Permissions are enforced here, in services, so the GUI and the CLI obey the same rules: a clerk
who cannot delete cannot delete from the command line either.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from station_app.data import audit
from station_app.data.engine import Database
from station_app.data.repo import users as repo
from station_app.data.types import utc_now
from station_app.domain import auth as rules
from station_app.domain.auth import ACTION_LABELS, SYSTEM, Actor, can, role_label
from station_app.domain.passwords import hash_password, password_problem, verify_password
from station_app.errors import NotFoundError, PermissionDeniedError, ValidationError
from station_app.services.base import Changes

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


class UserService:
    def __init__(self, db: Database, auth: Auth) -> None:
        self._db = db
        self._auth = auth

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
        _check_new_user(username, role, password)
        from station_app.data.models import User

        with self._db.uow() as s:
            first = repo.count(s) == 0
            actor = self._first_user_actor(role) if first else self._auth.require("users.manage")
            if repo.by_username(s, username) is not None:
                raise ValidationError(f"用户名“{username}”已存在。", field="username")
            row = User(
                username=username,
                display_name=display_name.strip(),
                role=role,
                password_hash=hash_password(password),
            )
            s.add(row)
            s.flush()
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.CREATE,
                        KIND,
                        row.id,
                        audit.diff(
                            None,
                            {"username": username, "display_name": row.display_name, "role": role},
                        ),
                    )
                ],
            )
            return _info(row), Changes.of(KIND, [row.id])

    def _first_user_actor(self, role: str) -> Actor:
        if role != rules.ADMIN:
            raise ValidationError("第一个用户必须是系统管理员。", field="role")
        return SYSTEM

    def authenticate(self, username: str, password: str, *, now: datetime | None = None) -> Actor:
        """Check a password; 5 failures lock the account for 5 minutes. Returns the actor."""
        now = now or utc_now()
        # Core, not the ORM: start-up signs in before the ORM is imported (data/tables.py)
        with self._db.core_uow() as con:
            row = repo.login_row(con, username.strip())
            if row is None:
                raise PermissionDeniedError("用户名或密码不正确。")
            if row["disabled"]:
                raise PermissionDeniedError(f"用户“{row['username']}”已停用，请联系系统管理员。")
            locked_until = row["locked_until"]
            if locked_until is not None and locked_until > now:
                minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
                raise PermissionDeniedError(
                    f"密码错误次数过多，账户已锁定，请 {minutes} 分钟后再试。"
                )
            if verify_password(password, row["password_hash"]):
                repo.record_login(
                    con, row["id"], failed_attempts=0, locked_until=None, last_login_at=now
                )
                actor = Actor(row["id"], row["username"], row["role"], row["display_name"])
                audit.append(con, actor, [audit.AuditEntry(audit.LOGIN, KIND, row["id"])])
                return actor
            failed = row["failed_attempts"] + 1
            left = rules.MAX_FAILED_LOGINS - failed
            if left <= 0:
                locked = now + timedelta(minutes=rules.LOCK_MINUTES)
                repo.record_login(con, row["id"], failed_attempts=0, locked_until=locked)
                audit.append(
                    con,
                    SYSTEM,
                    [
                        audit.AuditEntry(
                            audit.UPDATE,
                            KIND,
                            row["id"],
                            {"locked_until": [None, locked]},
                            "连续 5 次密码错误，自动锁定",
                        )
                    ],
                )
                message = f"密码错误次数过多，账户已锁定 {rules.LOCK_MINUTES} 分钟。"
            else:
                repo.record_login(con, row["id"], failed_attempts=failed)
                message = (
                    f"用户名或密码不正确。再错 {left} 次账户将被锁定 {rules.LOCK_MINUTES} 分钟。"
                )
        raise PermissionDeniedError(message)

    def sign_in(self, username: str, password: str) -> Actor:
        actor = self.authenticate(username, password)
        self._auth.sign_in(actor)
        return actor

    def change_password(self, username: str, new_password: str) -> Changes:
        """Users change their own password; the admin may reset anyone's."""
        actor = self._auth.require("data.view")
        if actor.username != username:
            actor = self._auth.require("users.manage")
        problem = password_problem(new_password)
        if problem:
            raise ValidationError(problem, field="password")
        with self._db.uow() as s:
            row = self._get(s, username)
            row.password_hash = hash_password(new_password)
            row.failed_attempts, row.locked_until = 0, None
            audit.append(
                s,
                actor,
                [
                    audit.AuditEntry(
                        audit.UPDATE, KIND, row.id, {"password": ["***", "***"]}, "修改密码"
                    )
                ],
            )
            return Changes.of(KIND, [row.id])

    def set_disabled(self, username: str, disabled: bool, reason: str = "") -> Changes:
        actor = self._auth.require("users.manage")
        if disabled and actor.username == username:
            raise ValidationError("不能停用自己正在使用的账户。", field="username")
        with self._db.uow() as s:
            row = self._get(s, username)
            if row.disabled != disabled:
                audit.append(
                    s,
                    actor,
                    [
                        audit.AuditEntry(
                            audit.UPDATE,
                            KIND,
                            row.id,
                            {"disabled": [row.disabled, disabled]},
                            reason,
                        )
                    ],
                )
                row.disabled = disabled
            return Changes.of(KIND, [row.id])

    def _get(self, s, username: str) -> User:
        row = repo.by_username(s, username)
        if row is None:
            raise NotFoundError(f"没有用户“{username}”。")
        return row


def _check_new_user(username: str, role: str, password: str) -> None:
    if not username:
        raise ValidationError("请填写用户名。", field="username")
    if len(username) > 40 or any(c.isspace() for c in username):
        raise ValidationError("用户名不能含空格，且不超过 40 个字符。", field="username")
    if role not in rules.ROLES:
        choices = "、".join(f"{k}（{v}）" for k, v in rules.ROLE_LABELS.items())
        raise ValidationError(f"角色“{role}”不存在。可选：{choices}", field="role")
    problem = password_problem(password)
    if problem:
        raise ValidationError(problem, field="password")
