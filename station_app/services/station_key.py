"""The station key (本所密钥) that signs county data packages (``exports/signing.py``).

The private key is made on first use and kept in ``station_setting`` under :data:`KEY`, so
every PC of the station signs with the same key (and a backup keeps it). Its creation is an
audit row (kind ``station_key``, the public key's fingerprint), in the caller's unit of work.
"""

from __future__ import annotations

from typing import Any

from station_app.data import audit
from station_app.data.repo import settings as settings_repo
from station_app.domain.auth import Actor
from station_app.exports import signing

KEY = "reports.station_key"
KIND = "station_key"


def private_key(s: Any, actor: Actor) -> bytes:
    """The station's private key (PEM), made and recorded if there is none yet. ``s``: the
    caller's ORM Session in its unit of work (services do not import SQLAlchemy)."""
    row = settings_repo.setting(s, KEY)
    if row is not None:
        return row.value.encode()
    pem = signing.new_private_key()
    settings_repo.put_setting(s, KEY, pem.decode(), actor.username)
    public = signing.public_key(pem)
    audit.append(
        s,
        actor,
        [
            audit.AuditEntry(
                audit.CREATE,
                KIND,
                "report",
                {"public_key": public, "fingerprint": signing.fingerprint(public)},
                "生成本所数据包签名密钥",
            )
        ],
    )
    return pem
