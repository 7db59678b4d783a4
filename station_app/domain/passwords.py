"""Password hashing with ``hashlib.scrypt`` and a per-user random salt (never stored plain),
and the password policy.

Stored form: ``scrypt$n$r$p$salt_hex$hash_hex``, so the cost can be raised while old hashes
keep verifying: a sign-in with a hash cheaper than the cost in force re-hashes the password
(:func:`needs_upgrade`). The cost is OWASP's minimum for scrypt, N=2^17, r=8, p=1: 128 MiB and
about a second on an office PC, which the sign-in pays once (the unknown-user path pays it too).
The cost is a parameter so the test suite can pass a cheap one (``services/auth.hash_cost``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Collection, Iterable

N, R, P, DKLEN = 2**17, 8, 1, 32
MAXMEM = (
    256 * 1024 * 1024
)  # scrypt needs 128·r·N bytes (128 MiB at N=2^17); Python's default is 32 MiB
MIN_LENGTH = 8


def hash_password(password: str, *, n: int = N) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=R, p=P, dklen=DKLEN, maxmem=MAXMEM
    )
    return f"scrypt${n}${R}${P}${salt.hex()}${digest.hex()}"


def dummy_hash(n: int = N) -> str:
    """A hash no password matches, of cost ``n``: checked for an unknown user so that the answer
    takes as long as for a wrong password."""
    return f"scrypt${n}${R}${P}${'00' * 16}${'00' * DKLEN}"


def _params(stored: str) -> tuple[int, int, int, bytes, str]:
    scheme, n, r, p, salt_hex, hash_hex = stored.split("$")
    if scheme != "scrypt":
        raise ValueError("not scrypt")
    return int(n), int(r), int(p), bytes.fromhex(salt_hex), hash_hex


def verify_password(password: str, stored: str) -> bool:
    try:
        n, r, p, salt, hash_hex = _params(stored)
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=salt,
            n=n,
            r=r,
            p=p,
            dklen=len(hash_hex) // 2,
            maxmem=MAXMEM,
        )
    except (ValueError, TypeError, MemoryError, AttributeError):
        return False
    return hmac.compare_digest(digest.hex(), hash_hex)


def needs_upgrade(stored: str, n: int = N) -> bool:
    """True when ``stored`` is cheaper than the cost in force (re-hash at the next sign-in)."""
    try:
        sn, r, p, _salt, _hash = _params(stored)
    except (ValueError, TypeError, AttributeError):
        return True
    return sn < n or r < R or p < P


def password_problem(
    password: str,
    *,
    username: str = "",
    station_words: Iterable[str] = (),
    demo_password: str = "",
    common: Collection[str] = (),
) -> str | None:
    """A Chinese reason the password is refused, or None. ``station_words``: the station's
    name and code; ``demo_password``: the demo databases' public password, refused outside a
    demo database; ``common``: the list of common passwords (lower case)."""
    if len(password) < MIN_LENGTH:
        return f"密码至少需要 {MIN_LENGTH} 个字符。"
    if password.isdigit() or password.isalpha():
        return "密码需同时包含字母和数字（或其他符号）。"
    lower = password.lower()
    if demo_password and demo_password.lower() in lower:
        return f"“{demo_password}”是演示数据库公开的密码，不能用于正式数据库。请换一个。"
    name = username.strip().lower()
    if len(name) >= 3 and (name in lower or name[::-1] in lower):
        return "密码不能包含用户名。请换一个。"
    for word in station_words:
        word = word.strip().lower()
        if len(word) >= 2 and word in lower:
            return "密码不能包含所名称或所代码。请换一个。"
    if lower in common:
        return "这个密码在最常见的弱密码表中，很容易被猜到。请换一个。"
    return None
