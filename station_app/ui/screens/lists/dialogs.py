"""Dialogs of the 红黑榜 screen: listing (with live rule checks), removal, the credit-repair
steps and publication (preview, publish with snapshot, reprint)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import lists as rules
from station_app.errors import StationError
from station_app.services.lists import EntryDraft, EntryRow, RepairInfo, local_today
from station_app.ui.errors import show_error
from station_app.ui.formatting import SHANGHAI
from station_app.ui.screens.lists import labels as L
from station_app.ui.widgets.dates import DateEdit

CHECK_DELAY_MS = 150
OK_STYLE = "color: #1b5e20;"
PROBLEM_STYLE = "color: #b00020;"


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(edit: DateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ListingDialog(QDialog):
    """提请列入. Every rule is checked while the form is filled (``run_checks``); OK stays
    disabled until they all pass. ``entry_id`` holds the new entry after saving."""

    def __init__(self, ui, parent: QWidget | None = None, *, kind_id: int | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.service = ui.services.lists
        self.entity_id: int | None = None
        self.entry_id: int | None = None
        self.setWindowTitle(L.LISTING_TITLE)
        self.kinds = self.service.kinds(active_only=True)
        form = QFormLayout()
        self.entity_search = QLineEdit(self)
        self.entity_search.setObjectName("entitySearch")
        self.entity_search.setPlaceholderText("输入名称或统一社会信用代码查找，回车搜索")
        self.entity_search.returnPressed.connect(self.search_entities)
        self.entity_search.textEdited.connect(lambda _t: self._search_timer.start())
        self.entity_list = QListWidget(self)
        self.entity_list.setObjectName("entityResults")
        self.entity_list.setMaximumHeight(110)
        self.entity_list.currentItemChanged.connect(self._on_entity_chosen)
        self.entity_label = QLabel("未选择", self)
        box = QVBoxLayout()
        box.addWidget(self.entity_search)
        box.addWidget(self.entity_list)
        box.addWidget(self.entity_label)
        form.addRow("经营主体*", box)
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for k in self.kinds:
            self.kind.addItem(k.label, k.id)
        if kind_id is not None and self.kind.findData(kind_id) >= 0:
            self.kind.setCurrentIndex(self.kind.findData(kind_id))
        form.addRow("榜单*", self.kind)
        self.tier = QComboBox(self)
        self.tier.setObjectName("tier")
        self.tier.addItem("（不适用）", None)
        for code in rules.TIERS:
            self.tier.addItem(rules.TIER_LABELS[code], code)
        form.addRow("修复分级", self.tier)
        self.listed_on = DateEdit(self)
        self.listed_on.setDate(_qdate(local_today()))
        form.addRow("列入日期*", self.listed_on)
        until_row = QHBoxLayout()
        self.custom_until = QCheckBox("自定有效期至", self)
        self.valid_until = DateEdit(self)
        self.valid_until.setEnabled(False)
        self.custom_until.toggled.connect(self.valid_until.setEnabled)
        until_row.addWidget(self.custom_until)
        until_row.addWidget(self.valid_until)
        until_row.addStretch(1)
        form.addRow("有效期", until_row)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("事实和依据（内部记录，不对外公示）")
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(70)
        form.addRow("列入原因*", self.reason)
        self.summary = QLineEdit(self)
        self.summary.setObjectName("publicSummary")
        self.summary.setPlaceholderText(L.SUMMARY_HINT)
        self.summary.setMaxLength(200)
        form.addRow("公示摘要", self.summary)
        self.basis = QLineEdit(self)
        self.basis.setPlaceholderText("如《食品安全法》第一百二十四条")
        form.addRow("法律依据", self.basis)
        self.decision_no = QLineEdit(self)
        self.decision_no.setPlaceholderText("如 东市监城罚〔2026〕12号")
        form.addRow("决定书号", self.decision_no)
        self.checks = QLabel(self)
        self.checks.setObjectName("ruleChecks")
        self.checks.setWordWrap(True)
        self.checks.setTextFormat(Qt.TextFormat.RichText)
        self.checks.setMinimumHeight(60)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("提请审批")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel("<b>规则检查</b>", self))
        lay.addWidget(self.checks)
        lay.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.run_checks)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.search_entities)
        for signal in (
            self.kind.currentIndexChanged,
            self.tier.currentIndexChanged,
            self.listed_on.dateChanged,
            self.valid_until.dateChanged,
            self.custom_until.toggled,
            self.reason.textChanged,
            self.summary.textChanged,
        ):
            signal.connect(lambda *_a: self._timer.start())
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self._on_kind_changed()
        self.resize(640, 640)
        self.run_checks()

    def _kind(self):
        kind_id = self.kind.currentData()
        return next((k for k in self.kinds if k.id == kind_id), None)

    def _on_kind_changed(self, *_args) -> None:
        k = self._kind()
        tiered = bool(k and k.colour == rules.BLACK and k.tiered)
        self.tier.setEnabled(tiered)
        if tiered:
            index = self.tier.findData(self.tier.currentData() or k.default_tier)
            self.tier.setCurrentIndex(max(index, 1))
        else:
            self.tier.setCurrentIndex(0)

    def search_entities(self) -> None:
        self.entity_list.clear()
        for e in self.service.search_entities(self.entity_search.text()):
            item = QListWidgetItem(
                f"{e.name}　{e.uscc or '（无代码）'}　{e.entity_type}", self.entity_list
            )
            item.setData(Qt.ItemDataRole.UserRole, e.id)

    def choose_entity(self, entity_id: int) -> None:
        e = self.service.entity(entity_id)
        self.entity_id = entity_id
        self.entity_label.setText(
            f"已选择：{e.name}（{e.uscc or '无代码'}，{e.entity_type}）" if e else "未选择"
        )
        self.run_checks()

    def _on_entity_chosen(self, current, _previous) -> None:
        if current is not None:
            self.choose_entity(current.data(Qt.ItemDataRole.UserRole))

    def draft(self) -> EntryDraft:
        return EntryDraft(
            entity_id=self.entity_id,
            kind_id=self.kind.currentData(),
            reason=self.reason.toPlainText(),
            public_summary=self.summary.text(),
            legal_basis=self.basis.text(),
            decision_no=self.decision_no.text(),
            tier=self.tier.currentData() if self.tier.isEnabled() else None,
            listed_on=_pydate(self.listed_on),
            valid_until=_pydate(self.valid_until) if self.custom_until.isChecked() else None,
        )

    def run_checks(self) -> None:
        """Show every rule's verdict now (also called by the debounce timer)."""
        self._timer.stop()
        result = self.service.check_draft(self.draft())
        lines = [f'<div style="{PROBLEM_STYLE}">✘ {_esc(msg)}</div>' for _f, msg in result.problems]
        if result.ok:
            lines.append(f'<div style="{OK_STYLE}">{L.RULES_OK}</div>')
        lines += [f"<div>• {_esc(n)}</div>" for n in result.notes]
        self.checks.setText("".join(lines))
        self.ok_button.setEnabled(result.ok)
        if result.valid_until and not self.custom_until.isChecked():
            self.valid_until.blockSignals(True)
            self.valid_until.setDate(_qdate(result.valid_until))
            self.valid_until.blockSignals(False)

    @property
    def rule_text(self) -> str:
        return self.checks.text()

    def save(self) -> None:
        self.run_checks()
        if not self.ok_button.isEnabled():
            return
        draft = self.draft()
        self.ui.ops.run_write(
            lambda _p: self.service.propose(draft),
            on_done=self._saved,
            on_error=lambda exc: show_error(self, exc),
            parent=self,
        )

    def _saved(self, result) -> None:
        self.entry_id = result[0].id
        self.accept()


class RemoveDialog(QDialog):
    def __init__(self, ui, entry: EntryRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui, self.entry = ui, entry
        self.setWindowTitle(L.REMOVE_TITLE)
        form = QFormLayout(self)
        form.addRow(
            "记录",
            QLabel(f"{entry.entity_name} · {entry.kind}（{entry.listed_on:%Y-%m-%d} 列入）", self),
        )
        self.way = QComboBox(self)
        self.way.setObjectName("removalWay")
        for way in rules.REMOVAL_WAYS:
            self.way.addItem(way)
        form.addRow("移出方式*", self.way)
        self.basis = QLineEdit(self)
        self.basis.setObjectName("removalBasis")
        self.basis.setPlaceholderText("决定书号或理由")
        form.addRow("移出依据*", self.basis)
        self.on = DateEdit(self)
        self.on.setDate(_qdate(local_today()))
        form.addRow("移出日期", self.on)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        e, way, basis, on = self.entry, self.way.currentText(), self.basis.text(), _pydate(self.on)
        self.ui.ops.run_write(
            lambda _p: self.ui.services.lists.remove(e.id, e.version, way, basis, on),
            on_done=lambda _r: self.accept(),
            on_error=lambda exc: show_error(self, exc),
            parent=self,
        )


class RepairStepDialog(QDialog):
    """One step of the repair workflow: ``apply`` (登记申请), ``check`` (核查) or ``decide`` (决定)."""

    def __init__(
        self, ui, entry: EntryRow, step: str, repair: RepairInfo | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.ui, self.entry, self.step, self.repair = ui, entry, step, repair
        self.service = ui.services.lists
        titles = {"apply": "登记信用修复申请", "check": "核查修复申请", "decide": "信用修复决定"}
        self.setWindowTitle(f"{L.REPAIR_TITLE} — {titles[step]}")
        form = QFormLayout(self)
        form.addRow(
            "记录",
            QLabel(
                f"{entry.entity_name} · {entry.kind} · {rules.TIER_LABELS.get(entry.tier or '', '未分级')}",
                self,
            ),
        )
        self.info = QLabel(self)
        self.info.setObjectName("repairInfo")
        self.info.setWordWrap(True)
        self.day = DateEdit(self)
        self.day.setDate(_qdate(local_today()))
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("repairText")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(90)
        self.grant = QRadioButton("准予修复（移出黑榜）", self)
        self.deny = QRadioButton("不予修复", self)
        if step == "apply":
            form.addRow("申请日期", self.day)
            form.addRow("申请事由*", self.text)
            self.text.setPlaceholderText("已履行行政处罚、已消除不良影响、未再受同类处罚……")
            self.day.dateChanged.connect(self._update_apply_info)
            self._update_apply_info()
        elif step == "check":
            form.addRow("核查日期", self.day)
            form.addRow("核查情况*", self.text)
            self.info.setText(
                f"办结期限：{repair.deadline_on:%Y-%m-%d}（申请后 {rules.REPAIR_WORKING_DAYS} 个工作日）"
            )
        else:
            self.grant.setChecked(True)
            row = QHBoxLayout()
            row.addWidget(self.grant)
            row.addWidget(self.deny)
            form.addRow("决定*", row)
            form.addRow("决定日期", self.day)
            form.addRow("决定意见*", self.text)
            self.info.setText(
                f"申请 {repair.applied_on:%Y-%m-%d}，核查：{repair.check_note}\n"
                f"办结期限：{repair.deadline_on:%Y-%m-%d}"
            )
        form.addRow(self.info)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 320)

    def _update_apply_info(self, *_a) -> None:
        day = _pydate(self.day)
        try:
            earliest = rules.earliest_repair_date(self.entry.listed_on, self.entry.tier)
        except StationError as exc:
            self.info.setText(exc.message)
            return
        deadline = rules.repair_deadline(self.service.calendar(), day)
        state = "✔ 可以申请" if day >= earliest else "✘ 尚未到可申请日期"
        self.info.setText(
            f"{state}：最早 {earliest:%Y-%m-%d}；办结期限 {deadline:%Y-%m-%d}（{rules.REPAIR_WORKING_DAYS} 个工作日）"
        )

    def save(self) -> None:
        text, day = self.text.toPlainText(), _pydate(self.day)
        e, r, svc = self.entry, self.repair, self.service
        if self.step == "apply":
            op = lambda _p: svc.apply_repair(e.id, day, text)  # noqa: E731
        elif self.step == "check":
            op = lambda _p: svc.check_repair(r.id, r.version, text, day)  # noqa: E731
        else:
            grant = self.grant.isChecked()
            op = lambda _p: svc.decide_repair(r.id, r.version, grant, text, day)  # noqa: E731
        self.ui.ops.run_write(
            op,
            on_done=lambda _r: self.accept(),
            on_error=lambda exc: show_error(self, exc),
            parent=self,
        )


def current_period(today: date) -> str:
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


class PublishDialog(QDialog):
    """Choose a period and lists, preview, publish (keeps a snapshot), reprint earlier notices."""

    def __init__(self, ui, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.service = ui.services.lists
        self.preview = None
        self.setWindowTitle(L.PUBLISH_TITLE)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.period = QLineEdit(current_period(local_today()), self)
        self.period.setObjectName("period")
        self.period.setPlaceholderText("2026Q4、2026-10 或 2026")
        form.addRow("公示期间", self.period)
        self.kinds = QListWidget(self)
        self.kinds.setMaximumHeight(170)
        defaults = set(self.service.default_publish_kinds())
        for k in self.service.kinds(active_only=True):
            item = QListWidgetItem(k.label, self.kinds)
            item.setData(Qt.ItemDataRole.UserRole, k.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if k.name in defaults else Qt.CheckState.Unchecked
            )
        form.addRow("公示榜单", self.kinds)
        lay.addLayout(form)
        hint = QLabel(L.PUBLISH_HINT, self)
        hint.setWordWrap(True)
        lay.addWidget(hint)
        row = QHBoxLayout()
        self.preview_button = QPushButton("预览", self)
        self.preview_button.clicked.connect(self.show_preview)
        self.publish_button = QPushButton("发布并保存快照", self)
        self.publish_button.clicked.connect(self.publish)
        row.addStretch(1)
        row.addWidget(self.preview_button)
        row.addWidget(self.publish_button)
        lay.addLayout(row)
        lay.addWidget(QLabel("<b>已发布的公示（快照）</b>", self))
        self.history = QTableWidget(0, 5, self)
        self.history.setHorizontalHeaderLabels(["期间", "标题", "户数", "发布时间", "发布人"])
        self.history.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.history.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.doubleClicked.connect(lambda _i: self.reprint())
        lay.addWidget(self.history, 1)
        row2 = QHBoxLayout()
        self.reprint_button = QPushButton("重印（与发布时一致）", self)
        self.reprint_button.clicked.connect(self.reprint)
        self.xlsx_button = QPushButton("导出 Excel…", self)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.accept)
        row2.addWidget(self.reprint_button)
        row2.addWidget(self.xlsx_button)
        row2.addStretch(1)
        row2.addWidget(close)
        lay.addLayout(row2)
        self.load_history()
        self.resize(760, 620)

    def chosen_kinds(self) -> list[str]:
        out = []
        for i in range(self.kinds.count()):
            item = self.kinds.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def load_history(self) -> None:
        pubs = self.service.publications()
        self.history.setRowCount(len(pubs))
        for r, p in enumerate(pubs):
            at = p.generated_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
            for c, value in enumerate((p.period, p.title, str(p.entry_count), at, p.generated_by)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                self.history.setItem(r, c, item)
        if pubs:
            self.history.selectRow(0)

    def _selected_publication(self) -> int | None:
        item = (
            self.history.item(self.history.currentRow(), 0)
            if self.history.currentRow() >= 0
            else None
        )
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _open_pdf(self, data: bytes, name: str, title: str) -> None:
        from station_app.ui.widgets.pdf_preview import PdfPreviewDialog

        path = Path(tempfile.mkdtemp(prefix="station-lists-")) / name
        path.write_bytes(data)
        self.preview = PdfPreviewDialog(path, title, suggested_name=name, parent=self)
        self.preview.open()

    def show_preview(self) -> None:
        period, kinds = self.period.text(), self.chosen_kinds()
        try:
            data = self.service.preview_pdf(period, kinds or None)
        except StationError as exc:
            show_error(self, exc)
            return
        self._open_pdf(data, f"红黑榜公示-{period}-预览.pdf", "红黑榜公示（预览，未发布）")

    def publish(self) -> None:
        period, kinds = self.period.text(), self.chosen_kinds()
        answer = QMessageBox.question(
            self, L.PUBLISH_TITLE, f"发布 {period} 红黑榜公示？发布后将保存快照，记录公示日期。"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ui.ops.run_write(
            lambda _p: self.service.publish(period, kinds or None),
            on_done=self._published,
            on_error=lambda exc: show_error(self, exc),
            parent=self,
        )

    def _published(self, result) -> None:
        info = result[0]
        self.load_history()
        self._open_pdf(self.service.reprint(info.id), f"红黑榜公示-{info.period}.pdf", info.title)

    def reprint(self) -> None:
        pub_id = self._selected_publication()
        if pub_id is None:
            return
        try:
            data = self.service.reprint(pub_id)
        except StationError as exc:
            show_error(self, exc)
            return
        self._open_pdf(data, f"红黑榜公示-快照{pub_id}.pdf", "红黑榜公示（重印）")

    def export_xlsx(self) -> None:
        pub_id = self._selected_publication()
        if pub_id is None:
            return
        target, _ = QFileDialog.getSaveFileName(
            self, "导出 Excel", f"红黑榜公示-快照{pub_id}.xlsx", "Excel 文件 (*.xlsx)"
        )
        if not target:
            return
        try:
            self.service.export_publication(
                pub_id, Path(target if target.endswith(".xlsx") else target + ".xlsx")
            )
        except (StationError, OSError) as exc:
            show_error(self, exc)


class KindsDialog(QDialog):
    """榜单设置: each list's default validity, repair tier, publication and whether it is in use."""

    def __init__(self, ui, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.service = ui.services.lists
        self.setWindowTitle("榜单设置")
        lay = QHBoxLayout(self)
        self.list = QListWidget(self)
        self.list.setObjectName("kindSettingsList")
        self.list.currentRowChanged.connect(self._show)
        lay.addWidget(self.list, 1)
        right = QVBoxLayout()
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setMaxLength(40)
        form.addRow("名称", self.name)
        self.colour = QLabel(self)
        form.addRow("类别", self.colour)
        self.months = QLineEdit(self)
        self.months.setObjectName("validityMonths")
        self.months.setPlaceholderText("留空表示长期（直至移出）")
        form.addRow("默认有效期（月）", self.months)
        self.tier = QComboBox(self)
        self.tier.addItem("（不分级）", None)
        for code in rules.TIERS:
            self.tier.addItem(rules.TIER_LABELS[code], code)
        form.addRow("默认修复分级", self.tier)
        self.published = QCheckBox("列入本所红黑榜公示", self)
        form.addRow("", self.published)
        self.active = QCheckBox("启用", self)
        form.addRow("", self.active)
        right.addLayout(form)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        right.addWidget(self.note)
        right.addStretch(1)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("保存", self)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.accept)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        right.addLayout(buttons)
        lay.addLayout(right, 2)
        self.load()
        self.resize(640, 360)

    def load(self, select: int | None = None) -> None:
        self.kinds = self.service.kinds()
        self.list.blockSignals(True)
        self.list.clear()
        for k in self.kinds:
            self.list.addItem(k.label + ("" if k.active else "（停用）"))
        self.list.blockSignals(False)
        index = next((i for i, k in enumerate(self.kinds) if k.id == select), 0)
        self.list.setCurrentRow(index)
        self._show(index)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.kinds):
            return
        k = self.kinds[row]
        self.name.setText(k.name)
        self.colour.setText(rules.COLOUR_LABELS[k.colour])
        self.months.setText("" if k.validity_months is None else str(k.validity_months))
        self.tier.setCurrentIndex(max(0, self.tier.findData(k.default_tier)))
        self.tier.setEnabled(k.colour == rules.BLACK and k.tiered)
        self.published.setChecked(k.published_by_station)
        self.active.setChecked(k.active)
        notes = []
        if k.applies_to:
            notes.append(f"仅适用于：{k.applies_to}")
        if k.grade_indicator == rules.INDICATOR_BLACKLISTED:
            notes.append("列入时本所分级“黑名单”指标为已列入（默认 D 级）")
        elif k.grade_indicator == rules.INDICATOR_ABNORMAL:
            notes.append("列入时本所分级“经营异常”指标为已列入")
        self.note.setText("；".join(notes))

    def save(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.kinds):
            return
        from dataclasses import replace

        k = self.kinds[row]
        text = self.months.text().strip()
        if text and not text.isdigit():
            show_error(self, StationError("默认有效期请填写月数（整数），或留空表示长期。"))
            return
        info = replace(
            k,
            name=self.name.text(),
            validity_months=int(text) if text else None,
            default_tier=self.tier.currentData() if self.tier.isEnabled() else k.default_tier,
            published_by_station=self.published.isChecked(),
            active=self.active.isChecked(),
        )
        self.ui.ops.run_write(
            lambda _p: self.service.save_kind(info),
            on_done=lambda result: self.load(result[0].id),
            on_error=lambda exc: show_error(self, exc),
            parent=self,
        )
