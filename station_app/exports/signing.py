"""The station key (本所密钥): an Ed25519 key pair through the ``cryptography`` package.

Why Ed25519: small keys (32 bytes, easy to hand over in a file or read out on the phone as a
fingerprint), deterministic signatures (no random number at signing time to get wrong), fast,
and in ``cryptography`` with no parameters to choose. The private key is made on the first
package and kept in the station's database (``station_setting``), so every PC of a station
signs with the same key; the county registers the public key once per station
(``county_anchors``) and refuses a package signed with any other.

``manifest.sig`` is JSON: ``{"scheme": "ed25519", "public_key": b64, "signature": b64}``, the
signature over the exact bytes of ``manifest.json``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from station_app.errors import StationError

SCHEME = "ed25519"
KEY_FILE_SCHEMA = "station-key/1"


class SignatureError(StationError):
    exit_code = 2


def new_private_key() -> bytes:
    """A fresh private key as PEM (PKCS#8, unencrypted: it lives in the station database)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_key(private_pem: bytes) -> str:
    """The public key (base64 of the 32 raw bytes) of a PEM private key."""
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(private_pem, password=None)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def fingerprint(public_b64: str) -> str:
    """A short, readable form of a public key (16 hex digits in groups of four)."""
    digest = hashlib.sha256(public_b64.encode()).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def signature(private_pem: bytes, manifest: bytes) -> bytes:
    """``manifest.sig`` for ``manifest`` (the exact bytes of manifest.json)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = serialization.load_pem_private_key(private_pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SignatureError("本所签名密钥不是 Ed25519 密钥，无法签名。")
    doc = {
        "scheme": SCHEME,
        "public_key": public_key(private_pem),
        "signature": base64.b64encode(key.sign(manifest)).decode(),
    }
    return json.dumps(doc, indent=1).encode()


def verify(sig: bytes, manifest: bytes, package: str) -> str:
    """The public key (base64) whose valid signature ``sig`` is, or :class:`SignatureError`."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        doc = json.loads(sig.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("scheme") != SCHEME:
            raise ValueError("scheme")
        raw = base64.b64decode(doc["public_key"], validate=True)
        signed = base64.b64decode(doc["signature"], validate=True)
        Ed25519PublicKey.from_public_bytes(raw).verify(signed, manifest)
    except InvalidSignature as exc:
        raise SignatureError(
            f"{package} 的签名与清单不符：数据包在签名后被改动过，已拒绝。"
        ) from exc
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise SignatureError(f"{package} 的签名文件 manifest.sig 格式不正确，已拒绝。") from exc
    return str(doc["public_key"])


def key_file(station: dict[str, str], public_b64: str) -> bytes:
    """The file a station hands the county so it can register the key before any package."""
    doc = {"schema": KEY_FILE_SCHEMA, "station": station, "public_key": public_b64}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()


def read_key_file(data: bytes, name: str) -> tuple[dict[str, Any], str]:
    """``(station, public key)`` of a key file, checked."""
    try:
        doc = json.loads(data.decode("utf-8"))
        station, key = doc["station"], doc["public_key"]
        ok = doc.get("schema") == KEY_FILE_SCHEMA and isinstance(station, dict)
        ok = ok and len(base64.b64decode(key, validate=True)) == 32
        ok = ok and isinstance(station.get("code") or station.get("name"), str)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        ok = False
    if not ok:
        raise SignatureError(f"{name} 不是本系统导出的所密钥文件。")
    return station, key
