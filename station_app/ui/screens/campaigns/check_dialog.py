"""登记专项检查 / 登记回头看: the patrols area's record dialog (#15: time, two officers, the
checklist of the version in force) saved through ``CampaignService.record_check`` (with the
departments that joined) or ``record_revisit`` (a sampled shop's 回头看); a problem shop's
回头看 is the patrols re-check form saved through ``record_revisit``. GUI thread only."""

from __future__ import annotations

from datetime import date, datetime

from station_app.domain.patrols.rules import CHECK
from station_app.errors import ValidationError
from station_app.services.patrols import RecheckDraft
from station_app.ui.screens.campaigns import labels as L
from station_app.ui.screens.patrols import labels as PL
from station_app.ui.screens.patrols.dialogs import recheck_dialog
from station_app.ui.screens.patrols.record_dialog import RecordDialog
from station_app.ui.widgets.forms import CheckBoxes, FormDialog


class CampaignCheckDialog(RecordDialog):
    """A campaign's 现场检查 of one target (``revisit_id`` None) or a sampled shop's 回头看."""

    def __init__(self, ui, campaign_id: int, entity_id: int, day: date, parent=None,
                 revisit_id: int | None = None) -> None:  # fmt: skip
        self.campaign_id, self.revisit_id = campaign_id, revisit_id
        super().__init__(ui, entity_id, CHECK, None, day, parent)
        self.campaigns = ui.services.campaigns
        self.setWindowTitle(L.REVISIT_TITLE if revisit_id else L.CHECK_TITLE)
        self.setObjectName("campaignCheck")
        self.departments = None
        if revisit_id is None:
            names = self.campaigns.get(campaign_id).departments
            self.departments = CheckBoxes([(n, n) for n in names], "department", self)
            self.add_row("departments", L.CHECK_DEPARTMENTS, self.departments)

    def _submit_values(self, values: dict) -> None:
        try:
            draft = self.draft(values)
        except ValidationError as exc:
            self.show_validation(exc)
            return
        svc, cid, rid = self.campaigns, self.campaign_id, self.revisit_id
        depts = self.departments.checked() if self.departments is not None else ()

        def save():
            if rid is not None:
                return svc.record_revisit(rid, draft)
            return svc.record_check(cid, draft, tuple(depts))

        def done(result) -> None:
            self.saved = result[0]

        self.run_save(self.ui.ops, save, on_done=done)


def problem_revisit_dialog(ui, revisit, parent) -> FormDialog:
    """A problem shop's 回头看: the re-check of its hazard (pass; fail with a new deadline or
    移送立案), saved as the campaign's revisit."""
    form = recheck_dialog(ui, revisit.hazard_id, revisit.entity_name, parent)
    form.setWindowTitle(L.PROBLEM_REVISIT_TITLE)
    svc = ui.services.campaigns

    def submit(v: dict) -> None:
        try:
            at = datetime.strptime((v["at"] or "").strip(), "%Y-%m-%d %H:%M")
        except ValueError:
            form.show_validation(ValidationError(PL.AT_INVALID.format(v["at"]), field="at"))
            return
        if v["passed"] is None:
            form.show_validation(ValidationError(PL.RECHECK_CHOOSE, field="passed"))
            return
        draft = RecheckDraft(
            0, at, passed=bool(v["passed"]), new_deadline=v["deadline"],
            transfer=bool(v["transfer"]),
        )  # fmt: skip
        form.run_save(ui.ops, lambda: svc.record_revisit(revisit.id, draft,
                                                         version=revisit.version))  # fmt: skip

    form._submit = submit
    return form
