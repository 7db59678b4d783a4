"""Issue 21 item 3 in the window: a restore done elsewhere is told and writing stops; a restore
of a foreign backup from 设置 asks for a reason and records it."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from station_app.bootstrap import open_context
from station_app.data.engine import sqlite_url
from station_app.errors import DatabaseReplacedError
from station_app.services.roster import GridData
from station_app.services.station import StationProfileData
from tests.conftest import _test_admin


def test_window_is_told_when_another_program_restores_its_database(
    window, ui, tmp_path, monkeypatch
):
    backup = ui.services.database.backup(tmp_path / "backup.sqlite3")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    window.check_replaced()
    assert warnings == [] and window.replaced_label is None  # nothing happened yet
    other = open_context(str(ui.app.db.url.render_as_string()), actor=_test_admin())
    try:  # another program (the same process here: its own Database) restores the backup
        other.services.database.restore(backup)
    finally:
        other.close()
    window.check_replaced()
    assert len(warnings) == 1 and "已停止保存任何修改" in warnings[0]
    assert window.replaced_label is not None and window.replaced_label.isVisibleTo(window)
    with pytest.raises(DatabaseReplacedError):
        ui.services.roster.save_grid(GridData("GZ09", "新网格", ("东关社区",)))
    window.check_replaced()
    assert len(warnings) == 1, "told once"


def test_settings_restore_of_a_foreign_backup_asks_for_a_reason(window, ui, tmp_path, monkeypatch):
    foreign = tmp_path / "foreign.sqlite3"
    ctx = open_context(sqlite_url(foreign), actor=_test_admin(), create=True)
    ctx.services.station.save_profile(StationProfileData(name="州城市场监督管理所", code="SJ-02"))
    ctx.close()
    profile = ui.services.station.get_profile()
    ui.services.station.save_profile(StationProfileData(**{**profile.__dict__, "code": "SJ-01"}))
    window.show_page("settings")
    page = window.current_page()
    asked: list[str] = []

    def reason(parent, title, label, *args, **kwargs):
        asked.append(label)
        return "县局通知合并两所数据", True

    monkeypatch.setattr(QInputDialog, "getText", reason)
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: errors.append(a[2]))
    page._restore(foreign)
    assert errors == []
    assert len(asked) == 1 and "备份来自另一个所" in asked[0]
    assert "已恢复" in page.db_note.text()
    assert ui.services.station.get_profile().name == "州城市场监督管理所"
    (entry,) = [h for h in ui.services.audit.history("database", "restore")][:1]
    assert entry.reason == "县局通知合并两所数据" and entry.changes["forced"][1] is True
    assert json.dumps(entry.changes, ensure_ascii=False).count("另一个所") == 1
