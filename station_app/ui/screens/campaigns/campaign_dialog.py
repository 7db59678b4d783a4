"""新建专项行动 (a spec-driven ``FormDialog``): name, basis, period, lead, departments, the
target filter as a spec with a live count, the sample ratio of 回头看. GUI thread only."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from station_app.domain.campaign_targets import parse_filter_spec
from station_app.errors import StationError
from station_app.services.campaigns import CampaignDraft
from station_app.ui.screens.campaigns import labels as L
from station_app.ui.widgets.forms import Field, FormDialog


def fields(departments: list[str]) -> tuple[Field, ...]:
    return (
        Field("name", L.NAME, placeholder=L.NAME_HINT),
        Field("basis", L.BASIS, "multiline", height=60),
        Field("first_day", L.FIRST_DAY, "date"),
        Field("last_day", L.LAST_DAY, "date"),
        Field("lead", L.LEAD, placeholder=L.LEAD_HINT),
        Field("departments", L.DEPARTMENTS, "checks", tuple((d, d) for d in departments)),
        Field("filter", L.FILTER, placeholder=L.FILTER_HINT),
        Field("sample_ratio", L.SAMPLE_RATIO),
    )


class CampaignDialog(FormDialog):
    def __init__(self, ui, parent=None) -> None:
        self.ui = ui
        service = ui.services.campaigns
        today = ui.services.clock.today()
        super().__init__(
            L.DIALOG_TITLE,
            fields(service.departments()),
            submit=self.submit,
            parent=parent,
            values={"first_day": today, "last_day": today, "sample_ratio": "0.1"},
            name="campaignDialog",
        )
        self.count = QLabel("", self)
        self.count.setObjectName("campaignTargetCount")
        self.count.setWordWrap(True)
        self.extra.addWidget(self.count)
        self.widgets["filter"].editingFinished.connect(self.update_count)
        self.update_count()

    def draft(self, values: dict) -> CampaignDraft:
        first: date | None = values["first_day"]
        return CampaignDraft(
            name=values["name"],
            first_day=first,
            last_day=values["last_day"],
            basis=values["basis"],
            lead_person=values["lead"],
            departments=tuple(values["departments"]),
            target_filter=parse_filter_spec(values["filter"]),
            sample_ratio=values["sample_ratio"] or "0.1",
        )

    def update_count(self) -> None:
        try:
            flt = parse_filter_spec(self.value("filter"))
            preview = self.ui.services.campaigns.preview_targets(flt)
        except StationError as exc:
            self.count.setText(exc.message)
            return
        self.count.setText(L.COUNT_PREVIEW.format(preview.count, preview.text))

    def submit(self, values: dict) -> None:
        try:
            draft = self.draft(values)
        except StationError as exc:
            self.error.show_message(exc.message)
            return
        self.run_save(self.ui.ops, lambda: self.ui.services.campaigns.add(draft))
