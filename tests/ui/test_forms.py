"""The spec-driven FormDialog (ui/widgets/forms.py): every field kind round-trips its value,
a ValidationError is shown at its field with nothing submitted, a save closes the dialog only
when the service call succeeded, a conflict goes to its handler, Cancel asks when dirty."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from station_app.errors import ConflictError, StationError, ValidationError
from station_app.services.base import Changes
from station_app.ui.events import EventBus
from station_app.ui.ops import SyncOpRunner
from station_app.ui.widgets.forms import Field, FormDialog, options
from tests.ui.helpers import type_text

FIELDS = (
    Field("name", "名称 *", placeholder="如 东关一网格"),
    Field("facts", "争议事实", "multiline"),
    Field("on", "日期", "date"),
    Field("occurred", "消费日期", "optdate"),
    Field("claim", "投诉请求", "combo", options(("退货", "退款"), "（请选择）")),
    Field("group", "监管小组", "edit_combo", ("第一监管小组",)),
    Field("active", "", "check", placeholder="启用"),
    Field("roles", "人员类别", "checks", (("网格员", "worker"), ("志愿者", "volunteer"))),
    Field("related", "是否有利害关系？", "choice", ("是", "否")),
    Field("amount", "金额（元）", "money"),
    Field("hours", "学时", "number", (0.5, 24, 0.5)),
)
VALUES = {
    "name": "东关网格",
    "facts": "两次维修未解决。",
    "on": date(2026, 10, 8),
    "occurred": None,
    "claim": "退款",
    "group": "第二监管小组",
    "active": True,
    "roles": ("volunteer",),
    "related": False,
    "amount": 123450,
    "hours": 2.5,
}


@pytest.fixture
def ops(qapp_zh):
    return SyncOpRunner(EventBus())


def make(qtbot, submit=None, values=None, **kwargs) -> FormDialog:
    form = FormDialog("测试表单", FIELDS, submit, None, values, **kwargs)
    qtbot.addWidget(form)
    return form


def test_every_kind_round_trips_its_value(qtbot, qapp_zh):
    form = make(qtbot, values=VALUES)
    assert form.values() == VALUES and not form.dirty
    assert form.widgets["active"].text() == "启用"
    assert form.widgets["name"].placeholderText() == "如 东关一网格"
    assert set(form.widgets["roles"].boxes) == {"worker", "volunteer"}


def test_a_new_form_starts_blank_with_today_and_no_answer(qtbot, qapp_zh):
    form = make(qtbot)
    values = form.values()
    assert values["on"] == date.today() and values["occurred"] is None
    assert values["claim"] == "" and values["related"] is None and values["amount"] == 0
    assert values["roles"] == () and values["hours"] == 0.5


def test_money_is_typed_in_yuan_and_refused_when_not_a_number(qtbot, qapp_zh):
    submitted = []
    form = make(qtbot, submitted.append)
    type_text(form.widgets["amount"], "1,280.5")
    assert form.value("amount") == 128050
    type_text(form.widgets["amount"], "一千")
    form.save()
    assert submitted == [] and "金额" in form.error.text()
    assert form.widgets["amount"].styleSheet()  # the field is outlined


def test_pre_save_error_names_a_sub_field(qtbot, qapp_zh):
    submitted = []
    form = make(qtbot, submitted.append)

    def check():
        raise ValidationError("第 1 条的履行期限不是日期", field="facts.1.due_on")

    form.pre_save = check
    form.save()
    assert submitted == [] and form.error.text().startswith("第 1 条")
    assert form.widgets["facts"].styleSheet()
    type_text(form.widgets["name"], "改了")
    assert form.error.text() == "" and form.widgets["facts"].styleSheet() == ""


def test_run_save_closes_only_after_the_call_succeeded(qtbot, ops):
    done = []

    def save_grid(name: str):  # what the service does
        if not name:
            raise ValidationError("请填写名称。", field="name")
        return name, Changes.of("grid", [1])

    def submit(values):
        form.run_save(ops, lambda: save_grid(values["name"]), on_done=done.append)

    form = make(qtbot, submit)
    form.show()
    form.save()  # the service refuses: the dialog stays, the message at the field
    assert form.isVisible() and form.error.text() == "请填写名称。" and done == []
    assert form.widgets["name"].styleSheet()
    type_text(form.widgets["name"], "东关网格")
    form.save()
    assert not form.isVisible() and form.result_value[0] == "东关网格"
    assert done == [form.result_value] and not form.dirty


def test_conflict_goes_to_its_handler_and_other_errors_to_a_dialog(qtbot, ops, monkeypatch):
    shown, conflicts = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    form = make(qtbot)
    form.show()
    conflict = ConflictError("记录已被他人修改", mine=None, theirs={"name": "别人改的"})
    form.run_save(ops, lambda: _raise(conflict), on_conflict=conflicts.append)
    assert conflicts == [conflict] and form.isVisible()
    form.show_conflict_inline(conflict, lambda theirs: form.set_values(theirs))
    assert form.value("name") == "别人改的" and "已重新读取最新版本" in form.error.text()
    form.run_save(ops, lambda: _raise(StationError("数据库连接已断开")))
    assert shown == ["数据库连接已断开"] and form.isVisible()


def test_cancel_asks_when_dirty_unless_told_not_to(qtbot, qapp_zh, monkeypatch):
    asked = []

    def answer(*a, **k):
        asked.append(a[2])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    form = make(qtbot, unsaved_text="登记信息有未保存的修改，要放弃吗？")
    form.show()
    type_text(form.widgets["name"], "半截")
    form.reject()
    assert form.isVisible() and asked == ["登记信息有未保存的修改，要放弃吗？"]
    quiet = make(qtbot, ask_before_discard=False)
    quiet.show()
    type_text(quiet.widgets["name"], "半截")
    quiet.reject()
    assert not quiet.isVisible() and len(asked) == 1


def test_long_forms_scroll(qtbot, qapp_zh):
    from PySide6.QtWidgets import QScrollArea

    assert make(qtbot).findChild(QScrollArea) is not None  # 11 fields
    short = FormDialog("短表单", FIELDS[:3])
    qtbot.addWidget(short)
    assert short.findChild(QScrollArea) is None


def _raise(exc: BaseException):
    raise exc
