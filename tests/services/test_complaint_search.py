"""The complaint list's search box: pinyin of the complainant's name (initials of any 多音字
reading, or full pinyin), kept in stored keys filled on registration, on a name correction,
in the demo and, for complaints registered before the keys existed, by migration 0007."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from station_app.domain.complaints import ComplaintFilter
from station_app.services.complaints import ComplaintInput


def _input(name: str, **kw) -> ComplaintInput:
    base = dict(
        channel="来电",
        received_on=date(2026, 10, 8),
        complainant_name=name,
        complainant_phone="13812348000",
        complainant_address="东平县城关镇幸福路12号",
        respondent_name="东平县鑫源家电销售有限公司",
        respondent_address="东平县城关镇人民路120号",
        claim="退货",
        facts="空调制冷不良。",
    )
    base.update(kw)
    return ComplaintInput(**base)


def _found(svc, text: str) -> list[str]:
    return sorted(r["complainant"] for r in svc.list_cases(ComplaintFilter(text=text)))


def test_search_by_pinyin_initials_or_full_pinyin(ctx):
    svc = ctx.services.complaints
    svc.register(_input("张小明"))
    svc.register(_input("李四", complainant_phone="13900002222"))
    svc.register(_input("曾国强", complainant_phone="13900003333"))  # 曾: zeng / ceng
    assert _found(svc, "zxm") == ["张*明"]
    assert _found(svc, "ZXM") == ["张*明"]
    assert _found(svc, "zhangxiaoming") == ["张*明"]
    assert _found(svc, "zhangx") == ["张*明"]
    assert _found(svc, "ls") == ["李*"]
    assert _found(svc, "zgq") == ["曾*强"] and _found(svc, "cgq") == ["曾*强"]
    assert _found(svc, "wxy") == []
    # the Chinese name and the rest of the search keep working
    assert _found(svc, "小明") == ["张*明"]
    assert _found(svc, "3333") == ["曾*强"]


def test_corrected_name_gets_new_keys(ctx):
    svc = ctx.services.complaints
    v, _ = svc.register(_input("张小明"))
    svc.update_registration(v.id, replace(v.to_input(), complainant_name="王小明"))
    assert _found(svc, "zxm") == [] and _found(svc, "wxm") == ["王*明"]


def test_migration_0007_fills_keys_of_existing_complaints(ctx):
    from alembic import command
    from sqlalchemy import text

    from station_app.data import migrate

    svc = ctx.services.complaints
    svc.register(_input("张小明"))
    with ctx.db.engine.begin() as con:
        command.downgrade(migrate._config(con), "0006")
    with ctx.db.engine.begin() as con:
        command.upgrade(migrate._config(con), "head")
    with ctx.db.engine.connect() as con:
        keys = con.execute(
            text("SELECT complainant_initials, complainant_pinyin FROM complaint")
        ).one()
    assert tuple(keys) == ("zxm", "zhangxiaoming")
    assert _found(svc, "zxm") == ["张*明"]


def test_demo_complaints_have_pinyin_keys(ctx):
    import random

    from sqlalchemy import text

    from station_app.demo import DemoOptions, DemoRun
    from station_app.demo.complaints import complaints_step
    from station_app.services.base import NullProgress

    run = DemoRun(ctx.db, random.Random(3), DemoOptions(), NullProgress())
    complaints_step(run)
    with ctx.db.engine.connect() as con:
        empty = con.execute(
            text("SELECT count(*) FROM complaint WHERE complainant_pinyin = ''")
        ).scalar_one()
        total = con.execute(text("SELECT count(*) FROM complaint")).scalar_one()
    assert total > 0 and empty == 0
