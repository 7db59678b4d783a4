"""The audit chain detects rows edited, deleted or inserted outside the application."""

from __future__ import annotations

import pytest

from station_app.data import audit
from station_app.domain.auth import ADMIN, Actor
from station_app.services.station import StationProfileData

ACTOR = Actor(7, "lihm", ADMIN, "李红梅")


def _write(ctx, n: int) -> None:
    with ctx.db.uow() as s:
        audit.append(
            s,
            ACTOR,
            [
                audit.AuditEntry(
                    audit.UPDATE, "entity", i, {"phone": [f"old{i}", f"new{i}"]}, "核实"
                )
                for i in range(n)
            ],
        )


def _sql(ctx, sql: str) -> None:
    with ctx.db.engine.begin() as con:
        con.exec_driver_sql(sql)


def test_untouched_chain_verifies(ctx):
    _write(ctx, 30)
    _write(ctx, 5)
    result = ctx.services.audit.verify()
    assert result.ok and result.rows == 35


@pytest.mark.parametrize(
    "tamper, bad_seq",
    [
        ("UPDATE audit_log SET changes = '{}' WHERE seq = 12", 12),
        ("UPDATE audit_log SET username = 'someone' WHERE seq = 3", 3),
        ("DELETE FROM audit_log WHERE seq = 20", 20),
        ("DELETE FROM audit_log WHERE seq = 40", 40),  # the last row
    ],
)
def test_tampering_is_found_at_the_first_bad_row(ctx, tamper, bad_seq):
    _write(ctx, 40)
    _sql(ctx, tamper)
    result = ctx.services.audit.verify()
    assert not result.ok
    assert result.first_bad_seq == bad_seq
    assert result.problem


def test_inserted_row_is_found(ctx):
    _write(ctx, 10)
    with ctx.db.engine.begin() as con:
        row = con.exec_driver_sql("SELECT at, prev_hash, hash FROM audit_log WHERE seq = 5").one()
        con.exec_driver_sql("UPDATE audit_log SET seq = seq + 100 WHERE seq > 5")
        params = {"at": row.at, "h": row.hash}
    from sqlalchemy import text

    with ctx.db.engine.begin() as con:
        con.execute(
            text(
                "INSERT INTO audit_log (seq, at, user_id, username, action, kind, "
                "record_id, changes, reason, prev_hash, hash) VALUES (6, :at, NULL, "
                "'x', 'update', 'entity', '1', '{}', '', :h, 'forged')"
            ),
            params,
        )
    result = ctx.services.audit.verify()
    assert not result.ok and result.first_bad_seq == 6


def test_service_writes_are_audited_with_before_and_after(ctx):
    station = ctx.services.station
    saved, _ = station.save_profile(StationProfileData(name="城关所"))
    station.save_profile(StationProfileData(**{**saved.__dict__, "phone": "0538-1"}))
    history = ctx.services.audit.history("station_profile", 1)
    assert [h.action for h in history] == ["update", "create"]
    assert history[0].changes == {"phone": ["", "0538-1"]}
    assert history[0].username == "tester"
    assert ctx.services.audit.verify().ok


def test_viewing_unmasked_data_is_audited_and_needs_permission(ctx):
    from station_app.domain.auth import CLERK
    from station_app.errors import PermissionDeniedError

    ctx.services.audit.record_view("complaint", 5, ["phone", "id_number"])
    rows = ctx.services.audit.history("complaint", 5)
    assert rows[0].action == "view" and rows[0].changes == {"fields": ["phone", "id_number"]}
    ctx.auth.sign_in(Actor(9, "sunli", CLERK))
    with pytest.raises(PermissionDeniedError, match="查看未脱敏的个人信息"):
        ctx.services.audit.record_view("complaint", 5, ["phone"])


def test_separator_in_free_text_is_kept_and_cannot_shift_fields(ctx):
    """Scheme 2 frames each field with its length: U+001F is kept as written, and moving it
    (with the text after it) into the next field breaks the hash."""
    with ctx.db.uow() as s:
        audit.append(s, ACTOR, [audit.AuditEntry(audit.UPDATE, "entity", "1\x1f{}", {}, "a")])
    assert ctx.services.audit.history("entity", "1\x1f{}")[0].reason == "a"
    assert ctx.services.audit.verify().ok
    from sqlalchemy import text

    with ctx.db.engine.begin() as con:
        con.execute(
            text("UPDATE audit_log SET record_id = '1', changes = :c WHERE seq = 1"),
            {"c": "{}\x1f{}"},
        )
    result = ctx.services.audit.verify()
    assert not result.ok and result.first_bad_seq == 1
