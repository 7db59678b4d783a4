"""导入12315工单 from the complaints page: checked first, confirmed, imported once."""

from __future__ import annotations


def test_import_12315_sheet_from_the_complaints_page(window, ui, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tests.services.test_platform_import import _row, _sheet

    asked, told = [], []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    path = _sheet(tmp_path / "12315.xlsx", [_row(1, "T1"), _row(2, "T2")])
    window.show_page("complaints")
    page = window.current_page()
    assert page.import_button.isEnabled()
    page.import_platform(path)
    assert "导入 2 件投诉" in asked[0] and told == ["导入 2 件投诉。"]
    page.apply_filter()
    assert page.model.rowCount() == 2
    page.import_platform(path)  # the same sheet again: nothing to import, nothing asked
    assert len(asked) == 1 and "已导入过" in told[-1]
