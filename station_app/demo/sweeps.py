"""Demo step for street sweeps (扫街纳管): a few dozen captures per grid over the last three
months. About a third are shops already in the register written as their sign reads
(``张三记餐馆`` for ``城关镇张三记餐馆``, the address without county and town), so the link
dialog has good candidates; some of those are linked, a few registered as new or dismissed,
most wait in the per-grid to-do. Some carry a small generated photo. Uses ``run.rng`` only.
"""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta
from typing import TYPE_CHECKING

from station_app.data.repo import sweeps as repo
from station_app.demo.entities import GIVEN, MARKS, ROADS, SHOPS, SURNAMES, TOWNS
from station_app.domain.auth import SYSTEM, Actor
from station_app.services.auth import Auth, UserService, system_auth
from station_app.services.sweeps import SweepData, SweepService, local_today

if TYPE_CHECKING:
    from station_app.demo.run import DemoRun

DISMISS_REASONS = ("非经营场所（居民自用）", "已搬离，门面空置", "重复登记", "临时摊点，已离开")
NOTES = ("", "", "", "未亮照经营", "门口堆放货物", "店内有液化气罐", "已告知办理登记")
_STRIP_FORMS = ("有限公司", "有限责任公司")


def _actor(users: UserService, username: str) -> Actor:
    for u in users.list_users_unchecked():
        if u.username == username:
            return u.actor()
    return SYSTEM


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A small solid-colour PNG with a darker band (a stand-in for a shop-front photo)."""
    dark = bytes(max(0, c - 60) for c in rgb)
    rows = b"".join(
        b"\x00" + (dark if height // 3 <= y < height // 2 else bytes(rgb)) * width
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _sign_name(name: str, rng) -> str:
    """How a registered name reads on the sign: no county or town, often no legal form."""
    for prefix in ("东平县", *TOWNS):
        name = name.removeprefix(prefix)
    for form in _STRIP_FORMS:
        name = name.removesuffix(form)
    if rng.random() < 0.3 and name.endswith("店"):
        name = name[:-1]
    elif rng.random() < 0.2:
        name += "店"
    return name


def _sign_address(address: str) -> str:
    for prefix in ("东平县", *TOWNS):
        address = address.removeprefix(prefix)
    return address


def _new_shop(rng) -> tuple[str, str, str, str]:
    person = rng.choice(SURNAMES) + rng.choice(GIVEN)
    shop, inds, _lic = rng.choice(SHOPS)
    name = person + rng.choice(MARKS) + shop
    address = f"{rng.choice(ROADS)}{rng.randint(1, 399)}号"
    phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}" if rng.random() < 0.6 else ""
    return name, address, phone, inds[0]


def sweeps_step(run: DemoRun) -> None:
    users = UserService(run.db, system_auth())
    officer = SweepService(run.db, Auth(_actor(users, "lihm")))
    clerk = SweepService(run.db, Auth(_actor(users, "sunli")))
    rng, today = run.rng, local_today()
    with run.db.session() as s:
        grids = repo.grid_ids(s)
        shops = {g: repo.entities_of_grid(s, g, 300) for g in grids}
    counts = {"sweep_captures": 0, "sweep_linked": 0}
    for grid_id in grids:
        for _ in range(rng.randint(15, 30)):
            _capture(officer, clerk, rng, today, grid_id, shops[grid_id], counts)
    run.counts.update(counts)


def _capture(officer, clerk, rng, today, grid_id, known, counts) -> None:
    roll = rng.random()
    match = None
    if roll < 0.4 and known:
        match = rng.choice(known)
        _eid, name, address, phone = match
        name, address = _sign_name(name, rng), _sign_address(address)
        phone = phone if phone.startswith("1") and rng.random() < 0.5 else ""
        industry = ""
    else:
        name, address, phone, industry = _new_shop(rng)
    photo = None
    if rng.random() < 0.25:
        photo = _png(
            160, 120, (rng.randint(120, 240), rng.randint(120, 240), rng.randint(120, 240))
        )
    data = SweepData(
        grid_id=grid_id,
        name=name,
        address=address,
        phone=phone,
        operator=name[:2] if rng.random() < 0.3 else "",
        industry=industry,
        note=rng.choice(NOTES),
        captured_on=today - timedelta(days=rng.randint(0, 90)),
    )
    card, _ = officer.capture(data, photo=photo)
    counts["sweep_captures"] += 1
    fate = rng.random()
    if match is not None and fate < 0.4:
        clerk.link(card.data.id, match[0])
        counts["sweep_linked"] += 1
    elif match is None and fate < 0.06:
        clerk.register(card.data.id, today=today)
    elif match is None and fate < 0.12:
        clerk.dismiss(card.data.id, rng.choice(DISMISS_REASONS))
