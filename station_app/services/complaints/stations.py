"""投诉调解, the service stations (消费维权服务站): the community and mall points where
complaints are received and mediated on the spot."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from station_app.data.models import ServiceStation
from station_app.data.repo import complaints as repo
from station_app.domain import complaints as rules
from station_app.errors import ValidationError
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.complaints.cases import EDIT

KIND_STATION = "service_station"


@dataclass(frozen=True)
class StationData:
    name: str
    kind: str = "社区"
    place: str = ""
    community: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    active: bool = True
    id: int = 0
    version: int = 0


def _dto(row: ServiceStation) -> StationData:
    return StationData(
        row.name,
        row.kind,
        row.place,
        row.community,
        row.contact_name,
        row.contact_phone,
        row.active,
        row.id,
        row.version,
    )


def _fields(data: StationData) -> dict[str, Any]:
    return {f.name: getattr(data, f.name) for f in fields(data) if f.name not in ("id", "version")}


def _clean(data: StationData) -> StationData:
    name = data.name.strip()
    if not name:
        raise ValidationError("请填写服务站名称。", field="name")
    if data.kind not in rules.STATION_KINDS:
        raise ValidationError("请选择服务站类型：社区或商业综合体。", field="kind")
    phone = data.contact_phone.strip()
    if phone:
        phone = rules.check_phone(phone, "contact_phone", "联系电话")
    return replace(
        data,
        name=name,
        contact_phone=phone,
        place=data.place.strip(),
        community=data.community.strip(),
        contact_name=data.contact_name.strip(),
    )


class Stations(Service):
    """The service stations' list and editor. Any thread."""

    def stations(self) -> list[StationData]:
        with self._db.session() as s:
            return [_dto(r) for r in repo.stations(s)]

    def save_station(self, data: StationData) -> tuple[StationData, Changes]:
        """Create (``id`` 0) or update a station; a stale ``version`` is a conflict."""
        self._auth.require(EDIT)
        data = _clean(data)

        def save(tx: Tx) -> StationData:
            row = tx.load(ServiceStation, data.id, missing="找不到该服务站。") if data.id else None
            tx.expect(row.version if row else None, data.version)
            before = _fields(_dto(row)) if row else None
            if row is None:
                row = ServiceStation(name=data.name)
                tx.s.add(row)
            for k, v in _fields(data).items():
                setattr(row, k, v)
            tx.s.flush()
            saved = _dto(row)
            tx.saved(KIND_STATION, row.id, before, _fields(saved))
            return saved

        return self._transact(EDIT, save, conflict=Conflict("服务站", mine=data))
