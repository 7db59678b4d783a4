"""Entity registry service on SQLite and PostgreSQL: save, validate, conflicts, audit, search,
filters, masking, grades, export."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from station_app.domain.auth import CLERK, Actor
from station_app.domain.entities import EntityFilter
from station_app.domain.identifiers import make_uscc
from station_app.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from station_app.services.entities import EntityData, LicenceData

TODAY = date.today()


def uscc(kind: str, n: int) -> str:
    return make_uscc(f"9{kind}370923MA{n:07d}")


def seed(svc, grid_id=None):
    """Five entities covering every search kind."""
    items = [
        EntityData(
            name="城关镇张三记餐馆",
            uscc=uscc("2", 1),
            legal_rep="张三",
            phone="13812345678",
            address="东平县城关镇人民路12号",
            industries=("餐饮服务",),
            grid_id=grid_id,
            licences=(
                LicenceData(
                    "食品经营许可证", "JY1", TODAY - timedelta(days=400), TODAY + timedelta(days=10)
                ),
            ),
        ),
        EntityData(
            name="东平县鑫源商贸有限公司",
            uscc=uscc("1", 2),
            legal_rep="李四",
            phone="0538-2281234",
            address="东平县佛山街8号",
            industries=("食品销售",),
            tags=("红色合伙人",),
        ),
        EntityData(
            name="老湖镇王五便利店",
            uscc=uscc("2", 3),
            legal_rep="王五",
            phone="15900001111",
            address="东平县老湖镇建设路3号",
            industries=("食品销售",),
            status="歇业",
        ),
        EntityData(
            name="重庆小面", legal_rep="赵六", address="东平县城关镇解放路7号", source="扫街纳管"
        ),
        EntityData(
            name="老旧药房",
            reg_no="370923200012345",
            legal_rep="钱七",
            address="东平县州城街道5号",
            industries=("药品零售",),
            licences=(
                LicenceData(
                    "药品经营许可证", "YP9", TODAY - timedelta(days=2000), TODAY - timedelta(days=5)
                ),
            ),
        ),
    ]
    return [svc.save(item)[0] for item in items]


def ids_for(svc, **kw) -> set[int]:
    return set(svc.rows(EntityFilter(**kw)).fetch_ids(None, False))


def test_create_derives_type_grade_and_audits(ctx):
    svc = ctx.services.entities
    card, changes = svc.save(
        EntityData(
            name="城关镇张三记餐馆",
            uscc=" " + uscc("2", 1)[:4] + " " + uscc("2", 1)[4:].lower(),
            phone="138 1234 5678",
            industries=("餐饮服务",),
        )
    )
    assert card.data.uscc == uscc("2", 1) and card.data.entity_type == "个体工商户"
    assert card.data.phone == "138****5678" and card.phone_masked  # stored cleaned, shown masked
    assert card.data.version == 1
    assert card.local_grade == "A" and card.grade.score == 100
    assert changes.touches("entity") and card.data.id in changes.ids["entity"]
    history = ctx.services.audit.history("entity", card.data.id)
    assert history[0].action == "create" and history[0].changes["name"] == [
        None,
        "城关镇张三记餐馆",
    ]
    assert svc.reveal_personal(card.data.id, "phone") == "13812345678"


def test_update_conflict_and_duplicate_code(ctx):
    svc = ctx.services.entities
    a, b = seed(svc)[:2]
    saved, _ = svc.save(replace(a.data, phone="0538-7654321"))  # 个体工商户: masked
    assert saved.data.phone == "0538-***4321"
    assert saved.data.version == 2
    # the audit trail is not a back door to a natural person's phone: masked there too
    assert ctx.services.audit.history("entity", a.data.id)[0].changes["phone"] == [
        "138****5678",
        "0538-***4321",
    ]

    with pytest.raises(ConflictError) as info:
        svc.save(replace(a.data, address="别处"))  # stale version 1
    assert info.value.theirs.phone == "0538-***4321"  # the conflict shows theirs masked too
    with pytest.raises(ValidationError, match="已登记在另一户") as dup:
        svc.save(replace(saved.data, uscc=b.data.uscc))
    assert dup.value.field == "uscc"
    assert svc.get(a.data.id).data.address == "东平县城关镇人民路12号"


def test_invalid_code_is_refused_with_field(ctx):
    with pytest.raises(ValidationError, match="校验位") as info:
        ctx.services.entities.save(EntityData(name="甲", uscc="91350100M000100Y4Z"))
    assert info.value.field == "uscc"
    assert ctx.services.entities.rows().fetch_ids(None, False).tolist() == []


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("餐", {"城关镇张三记餐馆"}),
        ("张三", {"城关镇张三记餐馆"}),
        ("张三记餐", {"城关镇张三记餐馆"}),
        ("人民路", {"城关镇张三记餐馆"}),
        ("城关镇", {"城关镇张三记餐馆", "重庆小面"}),
        ("zsj", {"城关镇张三记餐馆"}),
        ("ZSJ", {"城关镇张三记餐馆"}),
        ("zhangsan", {"城关镇张三记餐馆"}),
        ("cq", {"重庆小面"}),
        ("zq", {"重庆小面"}),  # 多音字 variant
        ("MA0000003", {"老湖镇王五便利店"}),
        ("200012345", {"老旧药房"}),
        ("1590000", {"老湖镇王五便利店"}),
        ("2281234", {"东平县鑫源商贸有限公司"}),
        ("１５９０", {"老湖镇王五便利店"}),
        ('"引号', set()),
        ("100%", set()),
    ],
)
def test_every_search_kind(ctx, query, names):
    svc = ctx.services.entities
    seed(svc)
    rows = svc.rows(EntityFilter(text=query))
    ids = rows.fetch_ids("name", False)
    assert {r[0] for r in rows.fetch_rows(ids).values()} == names


def test_two_character_search_equals_a_substring_scan(ctx):
    """Two characters anywhere (start, middle, end of the name or the address, ASCII in any
    case), after edits and deletions, find exactly what a substring scan finds."""
    import random

    svc = ctx.services.entities
    rng = random.Random(7)
    pool = "城关镇张三记超市北关人民路号店A座b栋"
    saved = [
        svc.save(
            EntityData(
                name="".join(rng.choice(pool) for _ in range(rng.randint(2, 7))),
                address="".join(rng.choice(pool) for _ in range(rng.randint(2, 9))),
            )
        )[0]
        for _ in range(60)
    ]
    svc.save(replace(saved[0].data, name="惠民超市", version=saved[0].data.version))
    svc.delete(saved[1].data.id, saved[1].data.version, "重复登记")
    rows = svc.rows()
    texts = {i: (r[0], r[5]) for i, r in rows.fetch_rows(rows.fetch_ids(None, False)).items()}
    for query in ("超市", "北关", "号店", "a座", "B栋", "张三", "市北", "镇镇"):
        found = set(svc.rows(EntityFilter(text=query)).fetch_ids(None, False).tolist())
        expected = {
            i for i, (n, a) in texts.items() if query.lower() in n.lower() + "\x00" + a.lower()
        }
        assert found == expected, query
    first = svc.rows(EntityFilter(text="超市")).fetch_first_ids(None, False).tolist()
    assert first and set(first) <= {i for i, (n, a) in texts.items() if "超市" in n + a}


@pytest.mark.parametrize("query", ["张三", "张三记", "人民路12号"])
def test_postgresql_name_address_search_uses_the_bigram_index(ctx, query):
    """PostgreSQL: a name/address search of two characters or more is narrowed by the bigram
    index (migrations 0013, 0014; pg_trgm cannot serve two characters, and the name/address
    trigram indexes are gone)."""
    from sqlalchemy import select

    from station_app.data.models import Entity
    from station_app.queries.entities import EntityQuery

    if ctx.db.is_sqlite:
        pytest.skip("PostgreSQL only: SQLite answers two characters from its FTS vocabulary")
    conditions = EntityQuery(ctx.db, EntityFilter(text=query)).conditions()
    with ctx.db.engine.connect() as con:
        compiled = select(Entity.id).where(*conditions).compile(con)
        # an empty table: rule out the plans that are cheaper only because it is empty
        con.exec_driver_sql("SET enable_seqscan = off")
        con.exec_driver_sql("SET enable_indexscan = off")
        plan = con.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params).scalars().all()
    assert any("ix_entity_bigrams" in line for line in plan), plan


def test_filters_sort_and_count(ctx):

    svc = ctx.services.entities
    cards = seed(svc)
    by_name = {c.data.name: c.data.id for c in cards}
    assert ids_for(svc, entity_type="企业") == {by_name["东平县鑫源商贸有限公司"]}
    assert ids_for(svc, industry="食品销售") == {
        by_name["东平县鑫源商贸有限公司"],
        by_name["老湖镇王五便利店"],
    }
    assert ids_for(svc, tag="红色合伙人") == {by_name["东平县鑫源商贸有限公司"]}
    assert ids_for(svc, status="歇业") == {by_name["老湖镇王五便利店"]}
    assert ids_for(svc, source="扫街纳管") == {by_name["重庆小面"]}
    assert ids_for(svc, expiring_days=30) == {by_name["城关镇张三记餐馆"], by_name["老旧药房"]}
    assert ids_for(svc, grade="B") == {by_name["老旧药房"]}  # expired licence
    assert ids_for(svc, text="城关", industry="餐饮服务") == {by_name["城关镇张三记餐馆"]}
    rows = svc.rows()
    asc = rows.fetch_ids("name", False).tolist()
    desc = rows.fetch_ids("name", True).tolist()
    assert asc == list(reversed(desc)) and len(asc) == 5
    names = [rows.fetch_rows([i])[i][0] for i in asc]
    assert names == sorted(names)
    assert rows.fetch_first_ids("name", False, 2).tolist() == asc[:2]
    assert rows.count() == 5


def test_phones_masked_by_default_for_every_role(ctx):
    svc = ctx.services.entities
    cards = seed(svc)
    eid = cards[0].data.id
    assert svc.rows().fetch_rows([eid])[eid][4] == "138****5678"  # even an administrator
    assert svc.get(eid).phone_masked  # the card reveals it on request (permission, audited)
    ctx.auth.sign_in(Actor(None, "sunli", CLERK, "孙丽"))
    row = svc.rows().fetch_rows([eid, cards[1].data.id])
    assert row[eid][4] == "138****5678"
    assert row[cards[1].data.id][4] == "0538-2281234"  # an enterprise's landline is not personal
    card = svc.get(eid)
    assert card.phone_masked and card.data.phone == "138****5678"


def test_card_masks_personal_phones_and_reveal_needs_permission_and_is_audited(ctx):
    svc = ctx.services.entities
    shop, company = seed(svc)[:2]
    mobile_co, _ = svc.save(
        EntityData(name="东平县某某科技有限公司", uscc=uscc("1", 9), phone="13900002222")
    )
    # the DTO itself is masked (not only the screen): a natural person's phone, anyone's mobile
    assert (shop.data.phone, shop.phone_masked) == ("138****5678", True)
    assert (company.data.phone, company.phone_masked) == ("0538-2281234", False)
    assert (mobile_co.data.phone, mobile_co.phone_masked) == ("139****2222", True)
    eid = shop.data.id
    ctx.auth.sign_in(Actor(None, "sunli", CLERK, "孙丽"))  # 内勤: no personal.unmasked
    with pytest.raises(PermissionDeniedError):
        svc.reveal_personal(eid, "phone")
    assert all(h.action != "view" for h in ctx.services.audit.history("entity", eid))
    from tests.conftest import _test_admin

    ctx.auth.sign_in(_test_admin())
    with pytest.raises(ValidationError, match="不是个人信息字段"):
        svc.reveal_personal(eid, "name")
    with pytest.raises(NotFoundError):
        svc.reveal_personal(eid + 1000, "phone")
    assert svc.reveal_personal(eid, "phone") == "13812345678"
    view = ctx.services.audit.history("entity", eid)[0]
    assert view.action == "view" and view.changes == {"fields": ["phone"]}
    assert svc.get(eid).data.phone == "138****5678"  # revealing does not unmask the card


def test_edit_keeps_the_stored_phone_unless_retyped(ctx):
    svc = ctx.services.entities
    shop = seed(svc)[0]
    eid = shop.data.id
    ctx.auth.sign_in(Actor(None, "sunli", CLERK, "孙丽"))  # edits without seeing the number
    saved, _ = svc.save(replace(shop.data, address="东平县城关镇人民路14号"))
    assert saved.data.phone == "138****5678" and saved.data.version == 2
    changes = ctx.services.audit.history("entity", eid)[0].changes
    assert "phone" not in changes and "address" in changes
    # a damaged mask is not a phone: refused at the field, nothing written
    with pytest.raises(ValidationError) as bad:
        svc.save(replace(saved.data, phone="138****567"))
    assert bad.value.field == "phone"
    saved, _ = svc.save(replace(saved.data, phone="139 0000 1111"))  # retyped: replaces
    from tests.conftest import _test_admin

    ctx.auth.sign_in(_test_admin())
    assert svc.reveal_personal(eid, "phone") == "13900001111"
    # the masked form of another number is not taken for the stored one
    with pytest.raises(ValidationError):
        svc.save(replace(saved.data, phone="138****5678"))


def test_delete_needs_permission_and_is_audited(ctx):
    svc = ctx.services.entities
    cards = seed(svc)
    eid, version = cards[0].data.id, cards[0].data.version
    ctx.auth.sign_in(Actor(None, "sunli", CLERK, "孙丽"))
    with pytest.raises(PermissionDeniedError, match="无权删除记录"):
        svc.delete(eid, version, "重复")
    with pytest.raises(PermissionDeniedError):
        svc.override_grade(eid, "A", "现场核查良好", version)
    from tests.conftest import _test_admin

    ctx.auth.sign_in(_test_admin())
    svc.delete(eid, version, "重复登记")
    with pytest.raises(NotFoundError):
        svc.get(eid)
    entry = ctx.services.audit.history("entity", eid)[0]
    assert entry.action == "delete" and entry.reason == "重复登记"


def test_override_recompute_and_history(ctx):
    svc = ctx.services.entities
    cards = seed(svc)
    pharmacy = cards[4].data.id
    card, _ = svc.override_grade(pharmacy, "D", "多次投诉未整改", cards[4].data.version)
    assert card.local_grade == "D" and card.grade.grade == "B"
    assert card.patrol_frequency.startswith("网格员每日巡查")
    assert [h.kind for h in card.grade_history][:2] == ["人工调整", "计算"]
    assert ctx.services.audit.history("entity", pharmacy)[0].reason == "多次投诉未整改"
    result, _ = svc.recompute_grades(today=TODAY + timedelta(days=30))  # the 餐馆's licence lapses
    assert result.entities == 5 and result.changed == 1
    assert result.by_grade == {"A": 3, "B": 1, "D": 1}
    assert svc.get(cards[0].data.id).local_grade == "B"
    card, _ = svc.override_grade(pharmacy, None, "", svc.get(pharmacy).data.version)
    assert card.local_grade == "B" and card.grade_override is None


def test_export_writes_text_codes_and_masks(ctx, tmp_path):
    from openpyxl import load_workbook

    svc = ctx.services.entities
    seed(svc)
    ctx.auth.sign_in(Actor(None, "sunli", CLERK, "孙丽"))
    path = tmp_path / "out.xlsx"
    assert svc.export(path, EntityFilter(text="城关")) == 2
    ws = load_workbook(path).active
    rows = list(ws.values)
    assert rows[0][:2] == ("名称", "统一社会信用代码")
    body = {r[0]: r for r in rows[1:]}
    assert body["城关镇张三记餐馆"][1] == uscc("2", 1)
    assert body["城关镇张三记餐馆"][4] == "138****5678"
    assert not list(tmp_path.glob("*.part"))
