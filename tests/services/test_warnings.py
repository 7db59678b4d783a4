"""Early warnings on SQLite and PostgreSQL: a complaint cluster raised once and kept by key,
acknowledged and resolved (a resolution says what was done), the prepaid gym that changed its
legal representative while it has complaints, licences about to expire, 涉老 by grid, thresholds
with Chinese messages, permissions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from station_app.domain.auth import READONLY, Actor
from station_app.errors import PermissionDeniedError, ValidationError
from station_app.services.complaints import ComplaintInput
from station_app.services.entities import EntityData, LicenceData

TODAY = date(2026, 11, 20)


def complaint(ctx, entity_id: int, day: date, **kw):
    data = ComplaintInput(
        channel="12315", received_on=day, complainant_name="张小明",
        complainant_phone="13812348000", complainant_address="东平县城关镇幸福路12号",
        complainant_id_type="居民身份证", complainant_id_number="11010519491231002X",
        respondent_name="", respondent_address="", entity_id=entity_id, goods="会员卡",
        amount_fen=100000, claim="退款", facts="办卡后无法使用。", **kw,
    )  # fmt: skip
    return ctx.services.complaints.register(data, today=day)[0]


@pytest.fixture
def shop(ctx):
    ctx.clock.set_day(TODAY)
    return ctx.services.entities.save(
        EntityData(name="东平县好运来超市", address="东平县人民路8号")
    )[0].data.id


def test_a_cluster_is_raised_once_acknowledged_and_resolved(ctx, shop):
    for d in (1, 5, 12):
        complaint(ctx, shop, TODAY - timedelta(days=d))
    result, changes = ctx.services.warnings.scan()
    assert result.new == 1 and changes.touches("warning")
    [w] = ctx.services.warnings.warnings(state="new")
    assert w.kind == "cluster_entity" and w.entity_id == shop and w.state == "新"
    assert "东平县好运来超市" in w.title and "3 次" in w.title and "预警条件" in w.explanation
    again, _ = ctx.services.warnings.scan()
    assert again.new == 0 and len(ctx.services.warnings.warnings()) == 1
    acked, _ = ctx.services.warnings.ack(w.id)
    assert acked.state == "已确认" and acked.acked_by and acked.acked_at is not None
    with pytest.raises(ValidationError, match="只有“新”的预警"):
        ctx.services.warnings.ack(w.id)
    with pytest.raises(ValidationError, match="处置情况"):
        ctx.services.warnings.resolve(w.id, "约谈告诫", " ")
    with pytest.raises(ValidationError, match="处置方式"):
        ctx.services.warnings.resolve(w.id, "不存在的方式", "已处理")
    done, _ = ctx.services.warnings.resolve(w.id, "约谈告诫", "约谈店长，承诺三日内退款")
    assert done.state == "已处置" and done.resolution == "约谈告诫"
    assert ctx.services.warnings.warnings(state="resolved")[0].id == w.id
    assert [a.action for a in ctx.services.audit.history("warning", w.id)]
    # resolved and nothing newer: the next scan does not raise it again
    assert ctx.services.warnings.scan()[0].new == 0


def test_prepaid_gym_that_changed_owner_with_complaints(ctx):
    ctx.clock.set_day(TODAY)
    svc = ctx.services.entities
    card, _ = svc.save(
        EntityData(name="东平县力健健身会所", address="东平县东山路2号", legal_rep="赵一",
                   industries=("预付式消费",))
    )  # fmt: skip
    complaint(ctx, card.data.id, TODAY - timedelta(days=20))
    _first, _ = ctx.services.warnings.scan()
    assert not [w for w in ctx.services.warnings.warnings() if w.kind == "prepaid_risk"]
    svc.save(replace(svc.get(card.data.id).data, legal_rep="钱二"))
    ctx.services.warnings.scan()
    [w] = [w for w in ctx.services.warnings.warnings() if w.kind == "prepaid_risk"]
    assert "赵一" in w.explanation and "钱二" in w.explanation and w.level == "高"


def test_licence_expiring_and_elderly_by_grid(ctx):
    ctx.clock.set_day(TODAY)
    card, _ = ctx.services.entities.save(
        EntityData(name="东平县康宁药店", address="东平县人民路9号",
                   licences=(LicenceData("药品经营许可证", "鲁AA123", expires_on=TODAY + timedelta(days=10)),))
    )  # fmt: skip
    for d in (2, 3):
        c = complaint(ctx, card.data.id, TODAY - timedelta(days=d))
        with ctx.db.uow() as s:
            from station_app.data.models import Complaint

            s.get(Complaint, c.id).elderly = True
    ctx.services.warnings.scan()
    kinds = {w.kind: w for w in ctx.services.warnings.warnings()}
    lic = kinds["licence_expiring"]
    assert "1 张许可证临期或过期" in lic.title and lic.entity_id == card.data.id
    assert "东平县康宁药店 药品经营许可证 10 天后到期" in lic.explanation
    assert "涉老" in kinds["elderly"].title


def test_thresholds_and_permissions(ctx, shop):
    with pytest.raises(ValidationError, match="应在 2 到 100"):
        ctx.services.warnings.save_thresholds({"cluster_entity.count": 1}, [])
    ctx.services.warnings.save_thresholds({"cluster_entity.count": 2}, [])
    assert ctx.services.warnings.thresholds()["cluster_entity.count"] == 2
    for d in (1, 2):
        complaint(ctx, shop, TODAY - timedelta(days=d))
    assert ctx.services.warnings.scan()[0].new == 1
    ctx.auth.sign_in(Actor(None, "viewer", READONLY, "viewer"))
    with pytest.raises(PermissionDeniedError):
        ctx.services.warnings.scan()
    assert len(ctx.services.warnings.warnings()) == 1
