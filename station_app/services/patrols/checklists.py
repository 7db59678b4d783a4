"""检查表 (docs/areas/patrols.md §4): the templates per industry with their versions, edited in
设置 → 检查表. A save makes version N+1 from its effective date (a record keeps the version it
was filled in with); only a version that takes effect that same day and no record has used
yet is corrected in place. Audited; ``patrols.rules``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from station_app.data.models import ChecklistVersion
from station_app.data.repo import patrol_home as home_repo
from station_app.data.repo import patrols as repo
from station_app.domain.patrols import checklists as C
from station_app.errors import ValidationError
from station_app.services.base import Changes, Service, Tx
from station_app.services.patrols.records import KIND_CHECKLIST, checklist_version


@dataclass(frozen=True)
class ChecklistInfo:
    code: str
    name: str
    industries: tuple[str, ...]
    version: int
    effective_from: date
    items: int
    versions: int


def _stored(s, code: str, on: date | None = None) -> C.Checklist | None:
    row = repo.checklist_by_code(s, code)
    if row is None:
        return None
    versions = repo.checklist_versions(s, row.id)
    if on is not None:
        versions = [v for v in versions if v.effective_from <= on] or versions[:1]
    v = versions[-1]
    kinds = tuple(i for i in row.industries.split("、") if i)
    return C.Checklist.from_json(row.code, v.name, kinds, v.items, v.number, v.effective_from)


class PatrolChecklists(Service):
    def checklists(self) -> list[ChecklistInfo]:
        """Every template (stored, else the default not stored yet), its latest version."""
        self._auth.require("data.view")
        with self._db.session() as s:
            out = []
            codes = [c.code for c in C.DEFAULT_CHECKLISTS]
            codes += sorted(set(home_repo.checklist_codes(s)) - set(codes))
            for code in codes:
                cl = _stored(s, code) or C.DEFAULT_BY_CODE[code]
                row = repo.checklist_by_code(s, code)
                n = len(repo.checklist_versions(s, row.id)) if row is not None else 0
                out.append(
                    ChecklistInfo(cl.code, cl.name, cl.industries, cl.version,
                                  cl.effective_from, len(cl.items), n)
                )  # fmt: skip
            return out

    def checklist(self, code: str, on: date | None = None) -> C.Checklist:
        """The version of ``code`` in force on ``on`` (default: the latest)."""
        self._auth.require("data.view")
        with self._db.session() as s:
            found = _stored(s, code, on) or C.DEFAULT_BY_CODE.get(code)
        if found is None:
            raise ValidationError(f"没有代码为“{code}”的检查表。", field="code")
        return found

    def save_checklist(
        self, edited: C.Checklist, effective_from: date | None = None, reason: str = ""
    ) -> tuple[C.Checklist, Changes]:
        """Save ``edited`` (its ``version`` = the number it was edited from) as the next
        version from ``effective_from`` (today by default; never before today). Someone
        else's newer version since: refused, nothing saved."""

        def save(tx: Tx) -> C.Checklist:
            day = effective_from or tx.today
            if day < tx.today:
                raise ValidationError("新版本的生效日期不能早于今天。", field="effective_from")
            checklist_version(tx, edited.code, day)  # a default not stored yet: version 1
            row = repo.checklist_by_code(tx.s, edited.code)
            assert row is not None
            versions = repo.checklist_versions(tx.s, row.id)
            last = versions[-1]
            if last.number != edited.version:
                raise ValidationError(
                    f"检查表“{row.name}”已被修改为第 {last.number} 版（您改的是第 {edited.version} 版）。"
                    "请重新打开后再改，未保存。",
                    field="version",
                )
            current = C.Checklist.from_json(row.code, last.name, (), last.items, last.number)
            new = C.next_version(current, edited, day)
            if new.items_json() == current.items_json() and new.name == current.name:
                raise ValidationError("检查表没有变化，未保存新版本。", field="items")
            before = {"version": last.number, "name": last.name, "items": last.items}
            in_place = last.effective_from == day and not _used(tx.s, last.id)
            if not in_place and day <= last.effective_from:
                raise ValidationError(
                    f"第 {last.number} 版从 {last.effective_from.isoformat()} 起执行，"
                    "新版本的生效日期须晚于它。",
                    field="effective_from",
                )
            if in_place:
                new = replace(new, version=last.number)
                last.name, last.items = new.name, new.items_json()
            else:
                tx.s.add(
                    ChecklistVersion(
                        checklist_id=row.id, number=new.version, effective_from=day,
                        name=new.name, items=new.items_json(),
                    )
                )  # fmt: skip
            row.name = new.name
            tx.s.flush()
            after = {"version": new.version, "name": new.name, "items": new.items_json(),
                     "effective_from": day.isoformat()}  # fmt: skip
            why = f"检查表“{new.name}”第 {new.version} 版" + (
                f"（{reason.strip()}）" if reason.strip() else ""
            )
            tx.saved(KIND_CHECKLIST, row.id, before, after, why)
            return replace(new, industries=tuple(i for i in row.industries.split("、") if i))

        return self._transact("patrols.rules", save)


def _used(s, version_id: int) -> bool:
    return home_repo.version_used(s, version_id)
