"""Password hashing with ``hashlib.scrypt`` and a per-user random salt (never stored plain).

Stored form: ``scrypt$n$r$p$salt_hex$hash_hex``, so the cost can be raised later while old
hashes keep verifying.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

N, R, P, DKLEN = 2**14, 8, 1, 32
MIN_LENGTH = 8


def hash_password(password: str, *, n: int = N) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=R, p=P, dklen=DKLEN)
    return f"scrypt${n}${R}${P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, hash_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt_hex),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(hash_hex) // 2,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), hash_hex)


def password_problem(password: str) -> str | None:
    """A Chinese reason the password is too weak, or None."""
    if len(password) < MIN_LENGTH:
        return f"密码至少需要 {MIN_LENGTH} 个字符。"
    if password.isdigit() or password.isalpha():
        return "密码需同时包含字母和数字（或其他符号）。"
    return None
