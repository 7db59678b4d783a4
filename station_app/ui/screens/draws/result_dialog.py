"""录入结果: a drawn object's check as the patrols area's record dialog (#15: time, two officers,
the checklist of the version in force), the drawn inspectors proposed, saved through
``DrawService.record_result`` (the record and the object's result in one transaction). GUI
thread only."""

from __future__ import annotations

from datetime import date

from station_app.domain.patrols.rules import CHECK
from station_app.errors import ValidationError
from station_app.ui.screens.draws import labels as L
from station_app.ui.screens.patrols.record_dialog import RecordDialog


class DrawResultDialog(RecordDialog):
    def __init__(self, ui, draw_id: int, obj, day: date, parent=None) -> None:
        self.draw_id = draw_id
        super().__init__(ui, obj.entity_id, CHECK, None, day, parent)
        self.setWindowTitle(L.RESULT_DIALOG_TITLE)
        self.setObjectName("drawResult")
        ids = {p.name: p.id for p in self.form_data.people}
        drawn = [ids[n] for n in obj.inspectors if n in ids]
        for n, person_id in enumerate(drawn[:2], 1):
            self.set_value(f"inspector{n}", person_id)

    def _submit_values(self, values: dict) -> None:
        try:
            draft = self.draft(values)
        except ValidationError as exc:
            self.show_validation(exc)
            return
        svc, draw_id = self.ui.services.draws, self.draw_id

        def done(result) -> None:
            self.saved = result[0]

        self.run_save(
            self.ui.ops, lambda: svc.record_result(draw_id, draft.entity_id, draft), on_done=done
        )
