"""Station profile (所基本信息): the station that owns the database, shown on every document."""

from __future__ import annotations

from dataclasses import dataclass, fields

from station_app.data.repo import station as repo
from station_app.errors import ValidationError
from station_app.services.base import Changes, Conflict, Service, Tx

KIND = "station_profile"


@dataclass(frozen=True)
class StationProfileData:
    name: str
    code: str = ""
    county_bureau: str = ""
    address: str = ""
    phone: str = ""
    seal_text: str = ""
    doc_prefix: str = ""
    is_demo: bool = False
    version: int = 0  # 0 = not saved yet

    def validate(self) -> StationProfileData:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = value.strip()
        if not data["name"]:
            raise ValidationError("请填写所名称，例如“城关市场监督管理所”。", field="name")
        if len(data["name"]) > 100:
            raise ValidationError("所名称不能超过 100 个字。", field="name")
        if not data["seal_text"]:
            data["seal_text"] = data["name"]
        return StationProfileData(**data)


def _to_dto(row) -> StationProfileData:
    """From an ORM row or a Core row: the same attribute names."""
    return StationProfileData(
        name=row.name,
        code=row.code,
        county_bureau=row.county_bureau,
        address=row.address,
        phone=row.phone,
        seal_text=row.seal_text,
        doc_prefix=row.doc_prefix,
        is_demo=row.is_demo,
        version=row.version,
    )


class StationService(Service):
    """Read and save the station profile. Any thread; each call opens its own session."""

    def get_profile(self) -> StationProfileData | None:
        # Core: the window reads this at start-up, before the ORM is imported
        with self._db.core_read() as con:
            row = repo.profile_row(con)
            return _to_dto(row) if row else None

    def save_profile(self, data: StationProfileData) -> tuple[StationProfileData, Changes]:
        """Create or update. ``data.version`` must be the version that was read (0 for new):
        if someone saved in between, ``ConflictError`` is raised and nothing is written.
        ``is_demo`` is kept as stored: a user cannot flag a real database as a demo (which
        ``demo`` would then rebuild) nor unflag a demo."""
        data = data.validate()
        from station_app.data.models import StationProfile

        def save(tx: Tx) -> StationProfileData:
            row = tx.s.get(StationProfile, 1)
            tx.expect(row.version if row else None, data.version)
            before = _fields(_to_dto(row)) if row else None
            if row is None:
                row = StationProfile(id=1, name=data.name, is_demo=False)
                tx.s.add(row)
            for key, value in _fields(data).items():
                if key != "is_demo":  # only the demo generator flags a demo (repo.mark_demo)
                    setattr(row, key, value)
            tx.s.flush()
            saved = _to_dto(row)
            tx.saved(KIND, 1, before, _fields(saved))
            return saved

        conflict = Conflict("所基本信息", self.get_profile, mine=data)
        return self._transact("station.edit", save, conflict=conflict)


def _fields(data: StationProfileData) -> dict:
    return {f.name: getattr(data, f.name) for f in fields(data) if f.name != "version"}
