"""The 消费维权服务站 tab (list, add, edit) and the 统计 tab (figures with their definitions)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import complaints as rules
from station_app.domain.masking import mask_phone
from station_app.errors import StationError, ValidationError
from station_app.services.base import Changes
from station_app.services.complaints import KIND, KIND_STATION, StationData
from station_app.ui.errors import show_error

from .dialogs import Field, FormDialog, _opts

STATION_HEAD = ("名称", "类型", "地点", "所在社区", "联系人", "联系电话", "状态")


def _table(headers, parent) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple], right: set[int] = frozenset()) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class StationsTab(QWidget):
    """25-odd stations: a QTableWidget is right here. GUI thread only."""

    def __init__(self, ui, parent=None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.svc = ui.services.complaints
        self.stations: list[StationData] = []
        self.form: FormDialog | None = None
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        add = QPushButton("新增服务站…", self)
        add.clicked.connect(lambda: self.edit(None))
        edit = QPushButton("修改…", self)
        edit.clicked.connect(lambda: self.edit(self.table.currentRow()))
        for b in (add, edit):
            b.setEnabled(ui.app.auth.can("complaints.edit"))
            row.addWidget(b)
        row.addStretch(1)
        self.summary = QLabel("", self)
        row.addWidget(self.summary)
        lay.addLayout(row)
        self.table = _table(STATION_HEAD, self)
        self.table.setObjectName("stationTable")
        self.table.doubleClicked.connect(lambda i: self.edit(i.row()))
        lay.addWidget(self.table, 1)
        ui.bus.changed.connect(self._on_bus_changed)
        self.load()

    def load(self) -> None:
        self.stations = self.svc.stations()
        _fill(
            self.table,
            [
                (
                    s.name,
                    s.kind,
                    s.place,
                    s.community,
                    s.contact_name,
                    mask_phone(s.contact_phone),
                    "在用" if s.active else "停用",
                )
                for s in self.stations
            ],
        )
        kinds = [s.kind for s in self.stations if s.active]
        self.summary.setText(
            f"共 {len(kinds)} 个在用：社区 {kinds.count('社区')} 个，商业综合体 {kinds.count('商业综合体')} 个"
        )

    def edit(self, row: int | None) -> None:
        current = self.stations[row] if row is not None and 0 <= row < len(self.stations) else None
        specs = [
            Field("name", "名称 *"),
            Field("kind", "类型", "combo", _opts(rules.STATION_KINDS)),
            Field("place", "地点"),
            Field("community", "所在社区"),
            Field("contact_name", "联系人"),
            Field("contact_phone", "联系电话"),
            Field("active", "在用", "check"),
        ]
        values = current.__dict__ if current else {"active": True}
        values = {k: v for k, v in values.items() if k not in ("id", "version")}
        holder: dict = {}

        def submit(x: dict) -> None:
            data = StationData(
                **x, id=current.id if current else 0, version=current.version if current else 0
            )
            form = holder["form"]

            def failed(exc: BaseException) -> None:
                if isinstance(exc, ValidationError):
                    form.show_validation(exc)
                else:
                    show_error(form, exc)

            def done(_r) -> None:
                form.dirty = False
                form.accept()
                self.load()

            self.ui.ops.run_write(
                lambda _p: self.svc.save_station(data), on_done=done, on_error=failed, parent=form
            )

        self.form = holder["form"] = FormDialog("服务站", specs, submit, self, values)
        self.form.open()

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(KIND_STATION, "*"):
            self.load()


class FiguresTab(QWidget):
    """Counts and rates of a period, with each rate's definition, per station and mediator."""

    def __init__(self, ui, parent=None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.svc = ui.services.complaints
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("统计期间：", self))
        self.period = QLineEdit(str(date.today().year), self)
        self.period.setObjectName("figuresPeriod")
        self.period.setPlaceholderText("2026-10 / 2026Q3 / 2026 / 2026-01-01..2026-06-30")
        self.period.returnPressed.connect(self.load)
        row.addWidget(self.period, 1)
        go = QPushButton("统计", self)
        go.clicked.connect(self.load)
        row.addWidget(go)
        lay.addLayout(row)
        self.text = QLabel("", self)
        self.text.setObjectName("figuresText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.text)
        self.groups = _table(
            (
                "服务站 / 调解员",
                "接收",
                "调解成功",
                "终止调解",
                "挽回经济损失（元）",
                "回访",
                "满意",
            ),
            self,
        )
        self.groups.horizontalHeader().setStretchLastSection(False)
        self.groups.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.groups, 1)
        self._loaded = False
        ui.bus.changed.connect(self._on_bus_changed)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.load()

    def load(self) -> None:
        try:
            f = self.svc.complaint_figures(self.period.text())
        except StationError as exc:
            self.text.setText(f"<span style='color:#b00020'>{exc.message}</span>")
            return
        self._loaded = True
        c = f.counts
        channels = "，".join(f"{k} {v}" for k, v in f.by_channel.items())
        reasons = (
            "，".join(
                f"（{rules.cn_index(int(k))}）{v} 件" for k, v in f.terminated_by_reason.items()
            )
            or "无"
        )
        sat = "，".join(f"{k} {v}" for k, v in f.satisfaction.items())
        rates = "".join(
            f"<li><b>{r.label}：{r.text}</b>（{r.numerator}/{r.denominator}）<br/>"
            f"<span style='color:#555'>口径：{r.definition}</span></li>"
            for r in f.rates
        )
        self.text.setText(
            f"<p><b>{f.period.label}</b>：接收投诉 {c['received']} 件（{channels}）；受理 {c['accepted']} 件，"
            f"不予受理 {c['refused']} 件；调解结束 {c['mediated']} 件，其中调解成功 {c['succeeded']} 件、"
            f"终止调解 {c['terminated']} 件（按理由：{reasons}）。挽回经济损失 {rules.yuan(f.money_recovered_fen)} 元，"
            f"涉及金额 {rules.yuan(f.amount_involved_fen)} 元。回访结果满意度：{sat}。</p><ul>{rates}</ul>"
        )
        rows = [
            (
                f"{kind}：{g.name}",
                g.received,
                g.succeeded,
                g.terminated,
                rules.yuan(g.money_recovered_fen),
                g.visited,
                g.satisfied,
            )
            for kind, groups in (("服务站", f.per_station), ("调解员", f.per_mediator))
            for g in groups
        ]
        _fill(self.groups, rows, right={1, 2, 3, 4, 5, 6})

    def _on_bus_changed(self, changes: Changes) -> None:
        if self._loaded and changes.touches(KIND, "*"):
            self.load()
