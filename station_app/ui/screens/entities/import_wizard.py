"""Import wizard (导入台账): file → column mapping → dry run with errors and duplicates → import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.services.entity_import import IMPORT_FIELDS, ImportResult, LedgerPreview
from station_app.ui.errors import show_error
from station_app.ui.screens.entities import labels as L

STEPS = ("1. 选择文件", "2. 核对列映射", "3. 试导入检查", "4. 导入")
NOT_MAPPED = "（不导入）"
FILE_HELP = (
    "选择经营主体台账（.xlsx、.xls 或 .csv）。表头可以在任意一行，上面的标题行和合并单元格会自动跳过；"
    "日期可以是 2023-05-01、2023年5月1日、2023.5.1、20230501；统一社会信用代码请存为文本。"
)
MAPPING_HELP = (
    "第 {} 行被识别为表头（工作表“{}”，{} 行数据）。请核对每一列对应的字段，不需要的列选“不导入”。"
)
MAPPING_SAVED = "已套用保存的对应关系（此前为表头相同的文件保存）。如有不对，改正后可再次保存。"
MAPPING_SAVE = "保存此对应关系（以后打开表头相同的文件时自动套用，全所共用）"


class ImportWizard(QDialog):
    def __init__(self, ui, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.service = ui.services.entity_import
        self.path: Path | None = None
        self.preview: LedgerPreview | None = None
        self.result: ImportResult | None = None
        self.forgotten = False  # the saved mapping of this file was just cleared
        self.setObjectName("importWizard")
        self.setWindowTitle("导入经营主体台账")
        self.resize(900, 600)
        lay = QVBoxLayout(self)
        self.step_label = QLabel(self)
        lay.addWidget(self.step_label)
        self.stack = QStackedWidget(self)
        lay.addWidget(self.stack, 1)
        self.stack.addWidget(self._file_page())
        self.stack.addWidget(self._mapping_page())
        self.stack.addWidget(self._check_page())
        self.stack.addWidget(self._done_page())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.back = QPushButton("上一步", self)
        self.back.clicked.connect(lambda: self.go(self.stack.currentIndex() - 1))
        self.next = QPushButton("下一步", self)
        self.next.setDefault(True)
        self.next.clicked.connect(self._on_next)
        self.cancel = QPushButton("关闭", self)
        self.cancel.clicked.connect(self.reject)
        for b in (self.back, self.next, self.cancel):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.go(0)

    # -- pages ------------------------------------------------------------------------------
    def _file_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        help_text = QLabel(FILE_HELP, page)
        help_text.setWordWrap(True)
        lay.addWidget(help_text)
        row = QHBoxLayout()
        choose = QPushButton("选择文件…", page)
        choose.clicked.connect(self._choose)
        self.file_label = QLabel("（未选择）", page)
        row.addWidget(choose)
        row.addWidget(self.file_label, 1)
        lay.addLayout(row)
        lay.addStretch(1)
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        self.mapping_help = QLabel(page)
        self.mapping_help.setWordWrap(True)
        lay.addWidget(self.mapping_help)
        self.mapping = QTableWidget(0, 3, page)
        self.mapping.setObjectName("mappingTable")
        self.mapping.setHorizontalHeaderLabels(["表中的列", "示例", "导入为"])
        self.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().setVisible(False)
        lay.addWidget(self.mapping, 1)
        row = QHBoxLayout()
        self.saved_note = QLabel(MAPPING_SAVED, page)
        self.saved_note.setObjectName("mappingSaved")
        self.saved_note.setWordWrap(True)
        self.saved_note.hide()
        row.addWidget(self.saved_note, 1)
        self.forget_button = QPushButton(L.IMPORT_FORGET_MAPPING, page)
        self.forget_button.setObjectName("forgetMapping")
        self.forget_button.setToolTip(L.IMPORT_FORGET_TIP)
        self.forget_button.setAutoDefault(False)
        self.forget_button.setEnabled(False)
        self.forget_button.clicked.connect(self._on_forget_mapping)
        row.addWidget(self.forget_button)
        lay.addLayout(row)
        self.save_mapping = QCheckBox(MAPPING_SAVE, page)
        self.save_mapping.setObjectName("saveMapping")
        lay.addWidget(self.save_mapping)
        return page

    def _check_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        self.summary = QLabel(page)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.problems = QTableWidget(0, 3, page)
        self.problems.setObjectName("problemTable")
        self.problems.setHorizontalHeaderLabels(["行号", "问题", "说明"])
        self.problems.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems.verticalHeader().setVisible(False)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        lay.addWidget(self.problems, 1)
        row = QHBoxLayout()
        self.valid_only = QCheckBox("只导入无误的行（有错误的行跳过）", page)
        self.report_button = QPushButton("导出错误报告…", page)
        self.report_button.clicked.connect(self._save_report)
        row.addWidget(self.valid_only)
        row.addStretch(1)
        row.addWidget(self.report_button)
        lay.addLayout(row)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        self.done_label = QLabel(page)
        self.done_label.setObjectName("importDone")
        self.done_label.setWordWrap(True)
        lay.addWidget(self.done_label)
        self.changed = QTableWidget(0, 3, page)
        self.changed.setObjectName("changedMeanwhile")
        self.changed.setHorizontalHeaderLabels(list(L.IMPORT_CHANGED_HEADERS))
        self.changed.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.changed.verticalHeader().setVisible(False)
        self.changed.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changed.hide()
        lay.addWidget(self.changed, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.again_button = QPushButton(L.IMPORT_AGAIN, page)
        self.again_button.setObjectName("importAgain")
        self.again_button.setToolTip(L.IMPORT_AGAIN_TIP)
        self.again_button.setAutoDefault(False)
        self.again_button.clicked.connect(self._on_import_again)
        self.again_button.hide()
        row.addWidget(self.again_button)
        lay.addLayout(row)
        lay.addStretch(1)
        return page

    # -- navigation -------------------------------------------------------------------------
    def go(self, index: int) -> None:
        index = max(0, min(index, self.stack.count() - 1))
        self.stack.setCurrentIndex(index)
        self.step_label.setText(
            "　→　".join(f"<b>{s}</b>" if i == index else s for i, s in enumerate(STEPS))
        )
        self.back.setEnabled(0 < index < 3)
        self.next.setVisible(index < 3)
        self.next.setText({0: "下一步", 1: "试导入检查", 2: "开始导入"}.get(index, "下一步"))
        self.next.setEnabled(index != 0 or self.path is not None)
        self.cancel.setText("完成" if index == 3 else "关闭")

    def _on_next(self) -> None:
        index = self.stack.currentIndex()
        if index == 0:
            self.load_file(self.path)
        elif index == 1:
            self.dry_run()
        elif index == 2:
            self.run_import()

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "选择台账文件", "", "表格 (*.xlsx *.xls *.xlsm *.csv);;所有文件 (*)"
        )
        if name:
            self.path = Path(name)
            self.file_label.setText(str(self.path))
            self.next.setEnabled(True)

    def load_file(self, path: Path | None) -> None:
        if path is None:
            return
        self.path = path
        self.file_label.setText(str(path))
        service = self.service
        self.ui.ops.run_read(
            lambda _p: service.preview(path),
            on_done=self._show_mapping,
            on_error=lambda exc: show_error(self, exc, "无法读取文件"),
            progress_label="正在读取文件…",
        )

    def _show_mapping(self, preview: LedgerPreview) -> None:
        self.preview = preview
        self.mapping_help.setText(
            MAPPING_HELP.format(preview.header_row, preview.sheet, preview.data_rows)
        )
        self.mapping.setRowCount(len(preview.headers))
        for col, header in enumerate(preview.headers):
            self.mapping.setItem(col, 0, QTableWidgetItem(header))
            sample = "；".join(r[col] for r in preview.sample[:3] if col < len(r) and r[col])
            self.mapping.setItem(col, 1, QTableWidgetItem(sample))
            combo = QComboBox(self.mapping)
            combo.addItem(NOT_MAPPED, None)
            for key, label in IMPORT_FIELDS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(preview.mapping.get(col))))
            self.mapping.setCellWidget(col, 2, combo)
        self.mapping.resizeColumnToContents(0)
        note = MAPPING_SAVED if preview.saved_mapping else L.IMPORT_MAPPING_FORGOTTEN
        self.saved_note.setText(note)
        self.saved_note.setVisible(preview.saved_mapping or self.forgotten)
        self.forget_button.setEnabled(
            preview.saved_mapping and self.ui.app.auth.can("entities.import")
        )
        self.forgotten = False
        self.save_mapping.setChecked(False)
        self.go(1)

    def _on_forget_mapping(self) -> None:
        """Delete the mapping saved for this file's headers (station-wide), then read the file
        again: its columns are recognised by their header texts."""
        if self.preview is None or not self.preview.saved_mapping:
            return
        answer = QMessageBox.question(self, L.IMPORT_FORGET_MAPPING, L.IMPORT_FORGET_CONFIRM)
        if answer != QMessageBox.StandardButton.Yes:
            return
        service, headers = self.service, self.preview.headers

        def done(_changes) -> None:
            self.forgotten = True
            self.load_file(self.path)

        self.ui.ops.run_write(
            lambda _p: service.forget_mapping(headers),
            on_done=done,
            on_error=lambda exc: show_error(self, exc),
        )

    def current_mapping(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for row in range(self.mapping.rowCount()):
            value = self.mapping.cellWidget(row, 2).currentData()
            if value and value not in out.values():
                out[row] = value
        return out

    def dry_run(self) -> None:
        """Save the mapping first when asked (saving refuses a mapping without 名称), then
        check every row."""
        mapping = self.current_mapping()
        if self.save_mapping.isChecked() and self.preview is not None:
            service, headers = self.service, self.preview.headers
            self.ui.ops.run_write(
                lambda _p: service.save_mapping(headers, mapping),
                on_done=lambda _r: self._dry_run(mapping),
                on_error=lambda exc: show_error(self, exc),
            )
        else:
            self._dry_run(mapping)

    def _dry_run(self, mapping: dict[int, str]) -> None:
        service, path = self.service, self.path
        self.ui.ops.run_read(
            lambda p: service.run(path, mapping, dry_run=True, progress=p)[0],
            on_done=self._show_check,
            on_error=lambda exc: show_error(self, exc),
            progress_label="正在检查各行…",
        )

    def _show_check(self, result: ImportResult) -> None:
        self.result = result
        self.summary.setText(
            result.message
            + (f"\n另有 {len(result.duplicates)} 处可能重复，请核对。" if result.duplicates else "")
        )
        rows = [(e.row, e.field, e.reason) for e in result.rejected]
        rows += [
            (d.row, "可能重复", f"{d.kind}：与{d.other}（相似度 {d.score}）")
            for d in result.duplicates
        ]
        self.problems.setRowCount(len(rows))
        for r, values in enumerate(sorted(rows, key=lambda x: x[0])):
            for c, v in enumerate(values):
                self.problems.setItem(r, c, QTableWidgetItem(str(v)))
        self.valid_only.setVisible(bool(result.rejected))
        self.report_button.setEnabled(bool(result.rejected))
        self.go(2)

    def _save_report(self) -> None:
        if not self.result:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "保存错误报告", "导入错误报告.xlsx", "Excel 工作簿 (*.xlsx)"
        )
        if name:
            self.service.write_error_report(self.result, Path(name))

    def run_import(self) -> None:
        if self.result and self.result.rejected and not self.valid_only.isChecked():
            QMessageBox.warning(
                self,
                "有错误的行",
                f"有 {len(self.result.rejected)} 行有错误。请修正后重新导入，或勾选“只导入无误的行”。",
            )
            return
        service, path, mapping = self.service, self.path, self.current_mapping()
        valid_only = self.valid_only.isChecked()
        self.ui.ops.run_write(
            lambda p: service.run(path, mapping, valid_only=valid_only, progress=p),
            on_done=self._on_imported,
            on_error=lambda exc: show_error(self, exc),
            progress_label="正在导入…",
        )

    def _on_imported(self, outcome) -> None:
        result, _changes = outcome
        self.result = result
        self.done_label.setText(result.message)
        changed = result.changed_meanwhile
        self.changed.setRowCount(len(changed))
        for r, c in enumerate(changed):
            for col, value in enumerate((c.row, c.name, c.reason)):
                self.changed.setItem(r, col, QTableWidgetItem(str(value)))
        self.changed.setVisible(bool(changed))
        self.again_button.setVisible(bool(changed))
        self.go(3)

    def _on_import_again(self) -> None:
        """Import again only the rows left out as changed meanwhile: they are compared with
        the entities as they are now (what the other user saved is shown as the "before")."""
        if not self.result or not self.result.changed_meanwhile:
            return
        rows = frozenset(c.row for c in self.result.changed_meanwhile)
        service, path, mapping = self.service, self.path, self.current_mapping()
        self.ui.ops.run_write(
            lambda p: service.run(path, mapping, only_rows=rows, progress=p),
            on_done=self._on_imported,
            on_error=lambda exc: show_error(self, exc),
            progress_label="正在导入…",
        )
