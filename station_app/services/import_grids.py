"""Grids a ledger import names that do not exist yet (a new station's first day, issue 17).

:class:`GridLookup` is the import's grid lookup (code, name or "code name" → id). It notes
every grid text it does not know (``new``) and, when the clerk chose to create them, answers
with a placeholder id (negative) instead of rejecting the row. :func:`create_new_grids` then
makes those grids inside the import's own unit of work (audited, one row each) and swaps the
placeholders for the real ids. The grids are created without communities: the roster shows
them for the clerk to complete (覆盖社区待补充).
"""

from __future__ import annotations

import re

from station_app.data import audit

GRID_NOTE = "导入台账时新建，覆盖的社区或村待补充。"
_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,19}")


class GridLookup(dict):
    """Grid text (upper case) → grid id; unknown texts are noted in ``new`` (text →
    placeholder id < 0) and count as present only when ``create``."""

    def __init__(self, known: dict[str, int], create: bool) -> None:
        super().__init__(known)
        self.create = create
        self.new: dict[str, int] = {}

    def __contains__(self, text: object) -> bool:
        if dict.__contains__(self, text):
            return True
        if isinstance(text, str) and text not in self.new:
            self.new[text] = -(len(self.new) + 1)
        return self.create

    def __getitem__(self, text: str) -> int:
        if dict.__contains__(self, text):
            return dict.__getitem__(self, text)
        return self.new[text]


def create_new_grids(s, lookup: GridLookup, file_name: str) -> tuple[dict[int, int], list]:
    """Create the grids ``lookup.new`` names (code: the text when it looks like a code, else
    the next free ``G001``…; name: the text). Returns placeholder → id and the audit rows."""
    from station_app.data.models import Grid
    from station_app.data.repo import entities as repo

    codes = {code.upper() for _gid, code, _name in repo.grids(s)}
    ids: dict[int, int] = {}
    entries = []
    for text, placeholder in lookup.new.items():
        code = text if _CODE.fullmatch(text) and text not in codes else _free_code(codes)
        codes.add(code)
        grid = Grid(code=code, name=text[:60], note=GRID_NOTE)
        s.add(grid)
        s.flush()
        ids[placeholder] = grid.id
        fields = {"code": [None, code], "name": [None, grid.name], "note": [None, GRID_NOTE]}
        entries.append(
            audit.AuditEntry(audit.CREATE, "grid", grid.id, fields, f"导入 {file_name} 时新建网格")
        )
    return ids, entries


def _free_code(codes: set[str]) -> str:
    n = len(codes) + 1
    while f"G{n:03d}" in codes:
        n += 1
    return f"G{n:03d}"


def swap(value: object, ids: dict[int, int]) -> object:
    """A grid id with its placeholder replaced (anything else unchanged)."""
    return ids.get(value, value) if isinstance(value, int) and value < 0 else value


def use_new_grids(s, lookup: GridLookup, planned, updates, pending, file_name: str) -> None:
    """Create the file's new grids and put their ids where the rows hold placeholders."""
    ids, entries = create_new_grids(s, lookup, file_name)
    pending.add(entries)
    for p in planned:
        p.fields["grid_id"] = swap(p.fields.get("grid_id"), ids)
        if "grid_id" in p.changes:
            old, new = p.changes["grid_id"]
            p.changes["grid_id"] = (old, swap(new, ids))
    for u in updates:
        if "grid_id" in u:
            u["grid_id"] = swap(u["grid_id"], ids)
