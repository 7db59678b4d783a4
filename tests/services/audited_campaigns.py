"""The campaigns area's checks and 回头看 for ``test_every_change_audited`` (专项检查 as patrol
records, 回头看, 免于回头看, 无法检查): each change writes an audit row and returns ``Changes``."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from station_app.domain.patrols.hazards import Finding
from station_app.domain.patrols.records import RecordDraft
from tests.services.test_every_change_audited import READS, access, change

READS["campaigns"] |= {"revisit", "revisits", "summary", "targets"}
AT = datetime(2026, 10, 12, 9, 30)


def _checked(w):
    """A campaign over the shop, checked with one ordered hazard: its problem 回头看 open."""
    from station_app.services.campaigns import CampaignDraft

    eid = w.entity()
    people = tuple(w.person(n).id for n in ("张建华", "赵磊"))
    draft = CampaignDraft("护校安园专项行动", date(2026, 10, 1), date(2026, 10, 31))
    view = w.s.campaigns.add(draft)[0]
    finding = Finding("食品安全", deadline=date(2026, 10, 16))
    record = RecordDraft(eid, AT, inspectors=people, findings=(finding,))
    check, _ = w.s.campaigns.record_check(view.id, record, assume_yes=True)
    return view, eid, people, check


@change("campaigns", "record_check")
def _(w):
    from station_app.services.campaigns import CampaignDraft

    eid = w.entity()
    people = tuple(w.person(n).id for n in ("张建华", "赵磊"))
    draft = CampaignDraft("餐饮安心专项行动", date(2026, 10, 1), date(2026, 10, 31))
    view = w.s.campaigns.add(draft)[0]
    record = RecordDraft(eid, AT, inspectors=people)
    return lambda: w.s.campaigns.record_check(view.id, record, assume_yes=True)


@change("campaigns", "record_revisit")
def _(w):
    from station_app.services.patrols import RecheckDraft

    _, _, _, check = _checked(w)
    revisit = check.revisits[0]
    draft = RecheckDraft(0, AT + timedelta(days=4), passed=True)
    return lambda: w.s.campaigns.record_revisit(revisit.id, draft)


@change("campaigns", "waive_revisit")
def _(w):
    _, _, _, check = _checked(w)
    revisit = check.revisits[0]
    return lambda: w.s.campaigns.waive_revisit(revisit.id, revisit.version, "商户已搬离本辖区")


@change("draws", "mark_unable")
def _(w):
    from tests.services.test_every_change_audited import _drawn

    draw_id = _drawn(w)
    eid = w.s.draws.get(draw_id).objects[0].entity_id
    return lambda: w.s.draws.mark_unable(draw_id, eid, "已停业关门")


@access("campaigns", "print_summary")
def _(w):
    view, _, _, _ = _checked(w)
    return lambda: w.s.campaigns.print_summary(view.id, w.tmp / "汇总.pdf")
