"""The result of one draw, in large type so the session can be filmed: number, time, witness
digits, pool hash and seed, sizes per grade, the drawn objects with their inspectors, the
recusals applied, and the verification steps once 校验 ran. GUI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableWidget, QVBoxLayout, QWidget

from station_app.services.draws import DrawView, Verification
from station_app.ui.screens.draws import labels as L
from station_app.ui.widgets.tables import fill_table, readonly_table

BIG = "font-size: 15pt; font-weight: bold;"
CODE = "font-family: monospace; font-size: 11pt;"


class DrawResultView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = self._label(lay, "drawTitle", BIG)
        self.facts = self._label(lay, "drawFacts")
        self.hash = self._label(lay, "drawPoolHash", CODE)
        self.seed = self._label(lay, "drawSeed", CODE)
        self.sizes = self._label(lay, "drawSizes")
        self.redraw = self._label(lay, "drawRedraw", "color: #9a5b00;")
        self.table: QTableWidget = readonly_table(L.OBJECT_HEADERS, parent=self)
        self.table.setObjectName("drawObjects")
        lay.addWidget(self.table, 1)
        self.recusals = self._label(lay, "drawRecusals")
        self.verification = self._label(lay, "drawVerification")
        self.show_nothing()

    def _label(self, lay: QVBoxLayout, name: str, style: str = "") -> QLabel:
        label = QLabel("", self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(style)
        lay.addWidget(label)
        return label

    def show_nothing(self) -> None:
        self.view: DrawView | None = None
        self.title.setText(L.NO_DRAW)
        for label in (self.facts, self.hash, self.seed, self.sizes, self.redraw):
            label.setText("")
        self.recusals.setText("")
        self.verification.setText("")
        fill_table(self.table, [])

    def show_draw(self, v: DrawView) -> None:
        self.view = v
        self.title.setText(L.RESULT_TITLE.format(number=v.number, item=v.item))
        self.facts.setText(
            L.RESULT_FACTS.format(
                draw_time=v.draw_time,
                witness=v.witness or L.NO_WITNESS,
                witnessed_by=v.witnessed_by or L.NO_WITNESS,
                state=v.state_label,
            )
        )
        self.hash.setText(L.LABELLED.format(L.POOL_HASH, v.pool_hash))
        self.seed.setText(L.LABELLED.format(L.SEED, v.seed))
        parts = L.COMMA.join(
            L.SIZE_PART.format(grade=g, drawn=v.sizes.get(g, 0), pool=n, quota=v.quotas.get(g, ""))
            for g, n in v.pool_sizes.items()
        )
        self.sizes.setText(
            L.SIZES.format(sizes=parts, inspectors=v.inspector_pool_size, excluded=v.excluded)
        )
        self.redraw.setText(self._redraw_text(v))
        rows = [
            (
                o.grade,
                o.rank,
                o.entity_name,
                o.entity,
                o.ticket[:16],
                L.LIST_SEP.join(o.inspectors),
                o.result,
            )
            for o in v.objects
        ]
        fill_table(self.table, rows, ids=[o.entity_id for o in v.objects])
        self.recusals.setText(self._recusal_text(v))
        self.verification.setText("")

    @staticmethod
    def _recusal_text(v: DrawView) -> str:
        if not v.recusals:
            return ""
        kinds: dict[str, int] = {}
        for r in v.recusals:
            kinds[r.reason] = kinds.get(r.reason, 0) + 1
        shown = L.ITEM_SEP.join(
            L.RECUSAL_ONE.format(entity=r.entity_name, inspector=r.inspector, reason=r.reason)
            for r in v.recusals[:3]
        )
        counts = L.LIST_SEP.join(L.RECUSAL_KIND.format(kind=k, n=n) for k, n in kinds.items())
        return L.RECUSALS.format(n=len(v.recusals), counts=counts, shown=shown)

    @staticmethod
    def _redraw_text(v: DrawView) -> str:
        lines = []
        if v.redraw_of:
            lines.append(
                L.REDRAW_OF.format(old=v.redraw_of, reason=v.reason, approved=v.approved_by)
            )
        if v.superseded_by:
            lines.append(L.SUPERSEDED_BY.format(new=v.superseded_by))
        return "\n".join(lines)

    def show_verification(self, result: Verification) -> None:
        lines = [
            L.STEP.format(mark=L.STEP_OK if s.ok else L.STEP_BAD, name=s.name, detail=s.detail)
            for s in result.steps
        ]
        head = L.VERIFY_OK if result.ok else L.VERIFY_BAD
        colour = "#1b5e20" if result.ok else "#b00020"
        self.verification.setStyleSheet(f"color: {colour};")
        self.verification.setText("\n".join([head, *lines]))
