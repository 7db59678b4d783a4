"""Printed agreement masking (issue 17): each party's copy shows that party's own data in full
and the other party's personal data masked; a sole trader's (natural person's) mobile is
personal data. The 存档联 shows everything only to a user allowed to see unmasked data."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from station_app.services.complaints import ComplaintInput, TermInput

PHONE, PHONE_M = "13812348000", "138****8000"
ID, ID_M = "11010519491231002X", "110105********002X"
ADDRESS, ADDRESS_M = "东平县城关镇幸福路12号", "东平县城关镇幸福路****"
TRADER_PHONE, TRADER_PHONE_M = "13900002222", "139****2222"
LANDLINE = "0538-2281234"


def _agreed(ctx, *, uscc: str, phone: str):
    svc = ctx.services.complaints
    v, _ = svc.register(
        ComplaintInput(
            channel="来电",
            received_on=date(2026, 10, 8),
            complainant_name="张小明",
            complainant_phone=PHONE,
            complainant_address=ADDRESS,
            complainant_id_type="居民身份证",
            complainant_id_number=ID,
            respondent_name="东平县老王家电维修部",
            respondent_address="东平县城关镇人民路8号",
            respondent_uscc=uscc,
            respondent_contact="王大勇",
            respondent_phone=phone,
            claim="退款",
            facts="维修后仍不制冷。",
        )
    )
    v, _ = svc.accept(v.id, date(2026, 10, 9), v.version)
    v, _ = svc.add_mediator(v.id, "赵敏", False, v.version)
    v, _ = svc.succeed(
        v.id,
        date(2026, 10, 15),
        [TermInput("退款", "退还维修费", date(2026, 10, 20), 20000, "现金")],
        v.version,
        way="现场",
    )
    return svc, v


def _copies(path) -> dict[str, str]:
    """The text of each copy (a page carries its copy's mark; 被投诉人联 contains 投诉人联)."""
    pages = [p.extract_text().replace(" ", "").replace("\n", "") for p in PdfReader(path).pages]

    def mark(page: str) -> str:
        return next(label for label in ("被投诉人联", "存档联", "投诉人联") if label in page)

    return {
        label: "".join(p for p in pages if mark(p) == label)
        for label in ("投诉人联", "被投诉人联", "存档联")
    }


@pytest.mark.parametrize("kind_performed", [False, True], ids=["调解书", "调解记录"])
def test_each_party_copy_shows_its_own_data_and_masks_the_other(ctx, tmp_path, kind_performed):
    svc, v = _agreed(ctx, uscc="92370923MA3C000039", phone=TRADER_PHONE)  # 个体工商户
    kind = "record" if kind_performed else "agreement"
    out = tmp_path / "all.pdf"
    svc.print_document(v.id, kind, out)
    copies = _copies(out)
    own = copies["投诉人联"]
    assert PHONE in own and ID in own and ADDRESS in own
    assert TRADER_PHONE_M in own and TRADER_PHONE not in own
    business = copies["被投诉人联"]
    assert PHONE_M in business and ID_M in business and ADDRESS_M in business
    assert PHONE not in business and ID not in business and "幸福路12号" not in business
    assert TRADER_PHONE in business
    archive = copies["存档联"]
    assert PHONE in archive and ID in archive and TRADER_PHONE in archive
    exports = [h for h in ctx.services.audit.history("complaint", v.id) if h.action == "export"]
    assert len(exports) == 1 and "投诉人联" in exports[0].reason


def test_a_company_landline_is_not_personal_data(ctx, tmp_path):
    svc, v = _agreed(ctx, uscc="91350100M000100Y43", phone=LANDLINE)
    out = tmp_path / "all.pdf"
    svc.print_document(v.id, "agreement", out, copies=("投诉人联",))
    assert LANDLINE in _copies(out)["投诉人联"]


def test_without_the_permission_the_complainant_copy_is_masked(ctx, tmp_path, monkeypatch):
    from station_app.domain import auth as auth_rules
    from station_app.domain.auth import Actor

    svc, v = _agreed(ctx, uscc="", phone=TRADER_PHONE)  # 未登记: a natural person
    monkeypatch.setitem(auth_rules.PERMISSIONS, "personal.unmasked", frozenset({auth_rules.ADMIN}))
    ctx.auth.sign_in(Actor(None, "zhaom", auth_rules.MEDIATOR, "赵敏"))
    out = tmp_path / "all.pdf"
    svc.print_document(v.id, "agreement", out)
    copies = _copies(out)
    assert PHONE_M in copies["投诉人联"] and PHONE not in copies["投诉人联"]
    assert TRADER_PHONE_M in copies["存档联"] and TRADER_PHONE not in copies["存档联"]
    assert TRADER_PHONE in copies["被投诉人联"]
    assert [h for h in ctx.services.audit.history("complaint", v.id) if h.action == "export"] == []
