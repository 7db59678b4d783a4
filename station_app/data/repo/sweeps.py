"""Write-side queries of street sweeps (扫街纳管), for ``services/sweeps.py``.

:func:`candidate_ids` narrows a million entities to a few hundred in SQL before any fuzzy
scoring: the name's 3-character fragments through the trigram index (FTS5 ``trigram`` on
SQLite, ``pg_trgm`` GIN on PostgreSQL) ordered by relevance, the address likewise, the
phone by equality; short names only within the capture's grid.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, case, delete, func, or_, select, text
from sqlalchemy.orm import Session

from station_app.data.models import Entity, Grid, SweepCapture, SweepPhoto
from station_app.data.repo.entities import bigram_filter

NAME_LIMIT = 200
ADDRESS_LIMIT = 100
PHONE_LIMIT = 20
SHORT_LIMIT = 100


def get(s: Session, capture_id: int) -> SweepCapture | None:
    return s.get(SweepCapture, capture_id)


def photo(s: Session, capture_id: int) -> tuple[str, bytes] | None:
    row = s.get(SweepPhoto, capture_id)
    return (row.mime, row.data) if row else None


def set_photo(s: Session, capture_id: int, mime: str, data: bytes) -> None:
    row = s.get(SweepPhoto, capture_id)
    if row is None:
        s.add(SweepPhoto(capture_id=capture_id, mime=mime, data=data))
    else:
        row.mime, row.data = mime, data


def delete_photo(s: Session, capture_id: int) -> None:
    s.execute(delete(SweepPhoto).where(SweepPhoto.capture_id == capture_id))


def grid_exists(s: Session, grid_id: int) -> bool:
    return s.get(Grid, grid_id) is not None


def entity_name(s: Session, entity_id: int | None) -> str:
    if not entity_id:
        return ""
    return s.execute(select(Entity.name).where(Entity.id == entity_id)).scalar() or ""


def entity_exists(s: Session, entity_id: int) -> bool:
    return s.execute(select(Entity.id).where(Entity.id == entity_id)).scalar() is not None


def todo_counts(s: Session) -> list[tuple[int, int, int]]:
    """``(grid_id, open, total)`` for every grid that has captures."""
    open_ = func.sum(case((SweepCapture.status == "待关联", 1), else_=0))
    rows = s.execute(
        select(SweepCapture.grid_id, open_, func.count())
        .group_by(SweepCapture.grid_id)
        .order_by(SweepCapture.grid_id)
    )
    return [(gid, int(n or 0), int(total)) for gid, n, total in rows]


# ---- candidate narrowing -------------------------------------------------------------------


COMMON = 5_000  # a fragment in more names than this says little (城关镇, 有限公司…)


def _fts_or(column: str, fragments: Sequence[str]) -> str:
    quoted = " OR ".join('"' + f.replace('"', '""') + '"' for f in fragments)
    return f"{column} : ({quoted})"


def _hits(s: Session, sqlite: bool, column: str, fragment: str) -> int:
    """How many entities contain ``fragment``, counted up to ``COMMON + 1`` (bounded cost)."""
    if sqlite:
        inner = text("SELECT rowid FROM entity_fts WHERE entity_fts MATCH :q LIMIT :n").bindparams(
            q=_fts_or(column, [fragment]), n=COMMON + 1
        )
        stmt = select(func.count()).select_from(inner.columns().subquery())
    else:
        col = getattr(Entity, column)
        narrowed = (
            select(Entity.id)
            .where(bigram_filter(fragment), col.contains(fragment, autoescape=True))
            .limit(COMMON + 1)
        )
        stmt = select(func.count()).select_from(narrowed.subquery())
    return int(s.execute(stmt).scalar_one())


def telling(s: Session, column: str, fragments: Sequence[str]) -> list[str]:
    """The fragments worth searching by: common ones (a town name at the start of half the
    register) are dropped, keeping at least the rarest. Ranking every row that contains
    城关镇 would cost ~80 ms at a million entities; counting a fragment costs ~1 ms."""
    if len(fragments) <= 1:
        return list(fragments)
    sqlite = s.get_bind().dialect.name == "sqlite"
    counts = {f: _hits(s, sqlite, column, f) for f in fragments}
    kept = [f for f in fragments if counts[f] <= COMMON]
    return kept or [min(fragments, key=counts.__getitem__)]


def _sqlite_match(s: Session, column: str, fragments: Sequence[str], limit: int) -> list[int]:
    """Entity ids whose ``column`` contains any fragment, most relevant (bm25) first."""
    stmt = text(
        "SELECT rowid FROM entity_fts WHERE entity_fts MATCH :q ORDER BY rank LIMIT :n"
    ).bindparams(q=_fts_or(column, fragments), n=limit)
    return [r[0] for r in s.execute(stmt)]


def _pg_match(s: Session, column, fragments: Sequence[str], whole: str, limit: int) -> list[int]:
    """Entity ids whose ``column`` contains any fragment (the bigram GIN index narrows),
    most similar to ``whole`` first."""
    conds = [and_(bigram_filter(f), column.contains(f, autoescape=True)) for f in fragments]
    stmt = (
        select(Entity.id)
        .where(or_(*conds))
        .order_by(func.word_similarity(whole, column).desc(), Entity.id)
        .limit(limit)
    )
    return list(s.execute(stmt).scalars())


def candidate_ids(
    s: Session,
    *,
    name_fragments: Sequence[str],
    core_name: str,
    address_fragments: Sequence[str] = (),
    core_address: str = "",
    phone: str = "",
    grid_id: int | None = None,
) -> list[int]:
    """At most a few hundred entity ids worth scoring for one capture (see module doc)."""
    sqlite = s.get_bind().dialect.name == "sqlite"
    ids: list[int] = []
    long_names = telling(s, "name", [f for f in name_fragments if len(f) >= 3])
    if long_names:
        if sqlite:
            ids += _sqlite_match(s, "name", long_names, NAME_LIMIT)
        else:
            ids += _pg_match(s, Entity.name, long_names, core_name, NAME_LIMIT)
    elif core_name and grid_id:  # 1–2 characters: no trigram; look within the grid only
        stmt = (
            select(Entity.id)
            .where(Entity.grid_id == grid_id, func.instr(Entity.name, core_name) > 0)
            .limit(SHORT_LIMIT)
            if sqlite
            else select(Entity.id)
            .where(Entity.grid_id == grid_id, Entity.name.contains(core_name, autoescape=True))
            .limit(SHORT_LIMIT)
        )
        ids += list(s.execute(stmt).scalars())
    long_addresses = telling(s, "address", [f for f in address_fragments if len(f) >= 3])
    if long_addresses:
        if sqlite:
            ids += _sqlite_match(s, "address", long_addresses, ADDRESS_LIMIT)
        else:
            ids += _pg_match(s, Entity.address, long_addresses, core_address, ADDRESS_LIMIT)
    if phone:
        ids += list(
            s.execute(select(Entity.id).where(Entity.phone == phone).limit(PHONE_LIMIT)).scalars()
        )
    return list(dict.fromkeys(ids))


def entity_briefs(s: Session, ids: Sequence[int]) -> list[tuple]:
    """``(id, name, address, phone, grid_id, uscc, entity_type, status)`` for ``ids``."""
    if not ids:
        return []
    cols = (
        Entity.id,
        Entity.name,
        Entity.address,
        Entity.phone,
        Entity.grid_id,
        Entity.uscc,
        Entity.entity_type,
        Entity.status,
    )
    out: list[tuple] = []
    ids = list(ids)
    for start in range(0, len(ids), 900):
        out += [
            tuple(r)
            for r in s.execute(select(*cols).where(Entity.id.in_(ids[start : start + 900])))
        ]
    return out


# ---- demo ----------------------------------------------------------------------------------


def entities_of_grid(s: Session, grid_id: int, limit: int) -> list[tuple[int, str, str, str]]:
    """``(id, name, address, phone)`` of some entities in a grid, by id (demo data)."""
    return [
        tuple(r)
        for r in s.execute(
            select(Entity.id, Entity.name, Entity.address, Entity.phone)
            .where(Entity.grid_id == grid_id)
            .order_by(Entity.id)
            .limit(limit)
        )
    ]


def grid_ids(s: Session) -> list[int]:
    return list(s.execute(select(Grid.id).order_by(Grid.code)).scalars())
