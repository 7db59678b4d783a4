"""The station key (本所密钥) that signs county data packages (``exports/signing.py``).

The private key is made on first use and kept in ``station_setting`` under :data:`KEY`, so
every PC of the station signs with the same key (and a backup keeps it). Its creation is an
audit row (kind ``station_key``, the public key's fingerprint), in the caller's unit of work.
"""

from __future__ import annotations

from station_app.data.repo import settings as settings_repo
from station_app.exports import signing
from station_app.services.base import Tx

KEY = "reports.station_key"
KIND = "station_key"


def private_key(tx: Tx) -> bytes:
    """The station's private key (PEM), made and recorded (an audit row through ``tx``) if
    there is none yet."""
    row = settings_repo.setting(tx.s, KEY)
    if row is not None:
        return row.value.encode()
    pem = signing.new_private_key()
    settings_repo.put_setting(tx.s, KEY, pem.decode(), tx.actor.username)
    public = signing.public_key(pem)
    tx.created(
        KIND,
        "report",
        {"public_key": public, "fingerprint": signing.fingerprint(public)},
        "生成本所数据包签名密钥",
    )
    return pem
