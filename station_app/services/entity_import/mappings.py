"""Saved column mappings (保存的列对应关系): a mapping saved for files whose header row reads
alike, applied by the wizard and ``import entities`` next time; listed, deleted, forgotten.
Station-wide settings, each change audited through :func:`transact`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from station_app.data import audit
from station_app.data.engine import Database
from station_app.data.repo import settings as settings_repo
from station_app.errors import NotFoundError, StationError, ValidationError
from station_app.exports.ledger_reader import (
    header_signature,
)
from station_app.services.auth import Auth
from station_app.services.base import (
    Changes,
    Tx,
    transact,
)
from station_app.services.entity_import.model import (
    IMPORT_FIELDS,
    MAPPING_KIND,
    MAPPING_PREFIX,
    LedgerPreview,
    mapping_key,
)


class MappingStore:
    """The saved-mapping use cases of :class:`EntityImportService` (a part of it)."""

    _db: Database
    _auth: Auth

    def save_mapping(
        self, headers: tuple[str, ...], mapping: dict[int, str]
    ) -> tuple[dict[int, str], Changes]:
        """Save ``mapping`` (column index → field) for files whose header row reads like
        ``headers``; the wizard and ``import entities`` apply it next time. Station-wide."""
        self._auth.require("entities.import")
        signature = header_signature(list(headers))
        mapping = _check_mapping(len(headers), mapping)
        key = mapping_key(signature)
        value = {
            "headers": list(headers),
            "signature": list(signature),
            "mapping": {str(c): f for c, f in sorted(mapping.items())},
        }

        def save(tx: Tx) -> dict[int, str]:
            row = settings_repo.setting(tx.s, key)
            before = _stored_mapping(row.value, len(headers)) if row else None
            if before == mapping:
                return mapping  # saved already: nothing to write or log
            text = json.dumps(value, ensure_ascii=False)
            settings_repo.put_setting(tx.s, key, text, tx.actor.username)
            tx.record(
                audit.UPDATE if before else audit.CREATE,
                MAPPING_KIND,
                key.removeprefix(MAPPING_PREFIX),
                audit.diff(_described(headers, before), _described(headers, mapping)),
                "保存台账列对应关系",
            )
            return mapping

        return transact(self._db, self._auth, "entities.import", save)

    def saved_mappings(self) -> list[SavedMapping]:
        """Every column mapping saved with :meth:`save_mapping`, newest first: the header row it
        is for, the mapping in Chinese, who saved it and when (``import mappings``)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            rows = settings_repo.settings_with_prefix(s, MAPPING_PREFIX)
            found = [_saved_mapping(row) for row in rows]
        return sorted(found, key=lambda m: m.saved_at, reverse=True)

    def delete_mapping(self, key: str) -> tuple[SavedMapping, Changes]:
        """Delete a saved mapping by the key :meth:`saved_mappings` lists (or a unique start of
        it, at least 4 characters) and return what was deleted: files with those headers are
        mapped by their header texts again. Needs the permission that saves one; audited."""

        def delete(tx: Tx) -> SavedMapping:
            row = _mapping_row(tx.s, key)
            before = _saved_mapping(row)
            settings_repo.delete_setting(tx.s, row.key)
            tx.deleted(MAPPING_KIND, before.key, before.described, "删除已保存的台账列对应关系")
            return before

        return transact(self._db, self._auth, "entities.import", delete)

    def forget_mapping(self, headers: tuple[str, ...]) -> Changes:
        """Delete the mapping saved for files whose header row reads like ``headers`` (the
        wizard's 清除已保存的对应关系); nothing to do when none is saved (any more)."""
        self._auth.require("entities.import")
        key = mapping_key(header_signature(list(headers))).removeprefix(MAPPING_PREFIX)
        try:
            return self.delete_mapping(key)[1]
        except NotFoundError:
            return Changes()


def _stored_mapping(text: str, width: int) -> dict[int, str] | None:
    """A saved mapping, if it is readable and still fits (known fields, columns in range)."""
    try:
        data = json.loads(text)
        mapping = {int(c): f for c, f in data["mapping"].items()}
        return _check_mapping(width, mapping)
    except (ValueError, KeyError, TypeError, AttributeError, ValidationError):
        return None


def _check_mapping(width: int, mapping: dict[int, str]) -> dict[int, str]:
    """``mapping`` (column index → field) for a header row ``width`` cells wide, validated."""
    clean: dict[int, str] = {}
    for col, fld in sorted(mapping.items()):
        if not fld:
            continue
        if fld not in IMPORT_FIELDS:
            raise ValidationError(f"“{fld}”不是可以导入的字段。", field="mapping")
        if not 0 <= col < width:
            raise ValidationError(
                f"第 {col + 1} 列超出了表头的范围（共 {width} 列）。", field="mapping"
            )
        if fld in clean.values():
            raise ValidationError(
                f"“{IMPORT_FIELDS[fld]}”被指定给了不止一列，请只保留一列。", field="mapping"
            )
        clean[col] = fld
    if "name" not in clean.values():
        raise ValidationError("列映射中必须指定“名称”列。", field="mapping")
    return clean


def _described(headers: tuple[str, ...], mapping: dict[int, str] | None) -> dict[str, str]:
    """``{"第 2 列 店名": "名称"}``: a mapping as people read it (for the audit trail)."""
    return {
        f"第 {c + 1} 列 {headers[c] if c < len(headers) else ''}".strip(): IMPORT_FIELDS[f]
        for c, f in sorted((mapping or {}).items())
    }


def ensure_not_empty(preview: LedgerPreview) -> None:
    if preview.data_rows == 0:
        raise StationError("表头下面没有数据行。")


# -- saved column mappings -----------------------------------------------------------------------
@dataclass(frozen=True)
class SavedMapping:
    """A saved column mapping: for files whose header row has ``signature`` (the normalised
    ``headers``), column ``c`` is imported as field ``mapping[c]``. ``key`` is what
    :meth:`EntityImportService.delete_mapping` takes (and the audit trail's record id). An
    unreadable entry (``mapping`` empty) is listed so it can be deleted."""

    key: str
    headers: tuple[str, ...]
    signature: tuple[str, ...]
    mapping: dict[int, str]
    saved_by: str
    saved_at: datetime

    @property
    def readable(self) -> bool:
        return bool(self.mapping)

    @property
    def described(self) -> dict[str, str]:
        """``{"第 1 列 商号": "名称", …}``, as the audit trail shows it."""
        return _described(self.headers, self.mapping)

    @property
    def text(self) -> str:
        """The mapping in one line of Chinese: ``第 1 列 商号 → 名称；第 2 列 老板 → …``."""
        if not self.readable:
            return "（无法读取，请删除后重新保存）"
        return "；".join(f"{col} → {label}" for col, label in self.described.items())

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "headers": list(self.headers),
            "signature": list(self.signature),
            "mapping": {str(c): f for c, f in sorted(self.mapping.items())},
            "described": self.described,
            "readable": self.readable,
            "saved_by": self.saved_by,
            "saved_at": self.saved_at.isoformat(),
        }


def _saved_mapping(row) -> SavedMapping:
    """A ``station_setting`` row under ``MAPPING_PREFIX`` as a :class:`SavedMapping`."""
    try:
        data = json.loads(row.value)
        headers = tuple(str(h) for h in data.get("headers", ()))
        signature = tuple(str(h) for h in data.get("signature", ())) or header_signature(
            list(headers)
        )
    except (ValueError, TypeError, AttributeError):
        headers, signature = (), ()
    return SavedMapping(
        key=row.key.removeprefix(MAPPING_PREFIX),
        headers=headers,
        signature=signature,
        mapping=_stored_mapping(row.value, len(headers)) or {},
        saved_by=row.updated_by,
        saved_at=row.updated_at,
    )


_KEY = re.compile(r"[0-9a-f]{4,40}")


def _mapping_row(s, key: str):
    """The setting row of the saved mapping ``key`` (the listed key, a unique start of it, or
    the full setting key)."""
    wanted = (key or "").strip().lower().removeprefix(MAPPING_PREFIX)
    if not _KEY.fullmatch(wanted):
        raise ValidationError(
            f"“{key}”不是对应关系的编号。请写 import mappings 列出的编号（至少前 4 位）。",
            field="key",
        )
    rows = settings_repo.settings_with_prefix(s, MAPPING_PREFIX + wanted)
    if not rows:
        raise NotFoundError(f"没有编号为“{wanted}”的已保存对应关系。请用 import mappings 查看。")
    if len(rows) > 1:
        keys = "、".join(r.key.removeprefix(MAPPING_PREFIX)[:12] for r in rows[:5])
        raise ValidationError(
            f"编号“{wanted}”对应了不止一个已保存的对应关系（{keys}…），请多写几位。", field="key"
        )
    return rows[0]
