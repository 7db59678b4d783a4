"""投诉调解 GUI: register a complaint, accept, assign a mediator (recusal asked), record the
agreement, print the 调解书 (PDF written, preview shown), follow up and visit."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from tests.ui.helpers import type_text


def _type(form, key, text):
    w = form.widgets[key]
    if isinstance(w, QPlainTextEdit):
        w.setPlainText(text)
    else:
        type_text(w, text)


def _choose(form, key, value):
    combo: QComboBox = form.widgets[key]
    combo.setCurrentIndex(combo.findData(value))


def test_register_to_printed_agreement_and_return_visit(window, ui, qtbot):
    window.show_page("complaints")
    page = window.current_page()
    page.new_complaint()
    form = page.register_form
    # missing facts: message at the field, nothing saved
    for key, text in (
        ("complainant_name", "张小明"),
        ("complainant_phone", "13812348000"),
        ("complainant_address", "东平县城关镇幸福路12号"),
        ("respondent_name", "东平县鑫源家电销售有限公司"),
        ("respondent_address", "东平县城关镇人民路120号"),
        ("amount_fen", "3299"),
    ):
        _type(form, key, text)
    _choose(form, "claim", "退货")
    form.save()
    assert "争议事实" in form.error.text() and form.isVisible()
    assert page.model.rowCount() == 0
    _type(form, "facts", "安装后制冷不良，两次维修未解决。")
    form.save()
    assert not form.isVisible()
    case = page.case_dialog
    assert case is not None and case.view.status == "待受理"
    assert page.model.rowCount() == 1

    f = case.do_accept()
    f.save()
    assert case.view.status == "调解中"

    f = case.do_mediator()
    _type(f, "mediator_name", "赵敏")
    f.save()  # recusal question not answered
    assert "回避" in f.error.text() or "利害关系" in f.error.text()
    f.widgets["related_to_party"].yes.setChecked(True)
    f.save()
    assert "应当回避" in f.error.text()
    f.widgets["related_to_party"].no.setChecked(True)
    f.save()
    assert [m.name for m in case.view.mediators] == ["赵敏"]

    f = case.do_succeed()
    table = f.terms_editor.table
    from PySide6.QtWidgets import QTableWidgetItem

    table.setItem(0, 1, QTableWidgetItem("被投诉人向投诉人退还购机款"))
    table.setItem(0, 2, QTableWidgetItem("3299"))
    table.setItem(0, 3, QTableWidgetItem("银行转账"))
    f.save()  # no deadline
    assert "履行期限" in f.error.text() and case.view.status == "调解中"
    table.setItem(0, 4, QTableWidgetItem(date.today().isoformat()))
    f.save()
    assert case.view.status == "调解成功"

    case.tabs.setCurrentIndex(2)
    button = case.docs.findChild(type(case.buttons["follow"]), "print_agreement")
    button.click()
    assert case.last_pdf is not None and case.last_pdf.stat().st_size > 10_000
    assert case.preview is not None and case.preview.document.pageCount() >= 3
    assert case.view.documents[0].number.endswith(f"〔{date.today().year}〕1号")
    case.preview.close()

    f = case.do_follow()
    f.save()
    f = case.do_visit()
    _choose(f, "visit_process", "满意")
    _choose(f, "visit_result", "满意")
    f.save()
    assert case.view.visit_result == "满意"
    history = case.history.tree.topLevelItemCount()
    assert history >= 6
    case.accept()
    # list shows the masked complainant and the new state
    row = page.model.index(0, 3).data()
    assert row == "张*明" and page.model.index(0, 7).data() == "调解成功"
    assert isinstance(page.search, QLineEdit)


def test_holidays_tab_saves_a_day_and_recomputes(window, ui, qtbot):
    from PySide6.QtCore import QDate

    window.show_page("settings")
    page = window.current_page()
    tab = next(
        page.tabs.widget(i) for i in range(page.tabs.count()) if page.tabs.tabText(i) == "节假日"
    )
    tab.day.setDate(QDate(2027, 2, 6))
    tab.workday.setChecked(True)
    type_text(tab.note, "春节调休")
    tab.add_button.click()
    assert tab.table.rowCount() == 1 and tab.table.item(0, 1).text() == "调休上班"
    saved = ui.services.complaints.holidays()
    assert saved[0].day == date(2027, 2, 6) and saved[0].is_workday and saved[0].note == "春节调休"
    assert ui.services.complaints.calendar().is_workday(date(2027, 2, 6))


def test_register_picks_the_respondent_from_the_registry(window, ui, qtbot):
    from station_app.services.entities import EntityData

    ui.services.entities.save(
        EntityData(
            name="东平县鑫源家电销售有限公司",
            address="东平县城关镇人民路120号",
            uscc="91350100M000100Y43",
            legal_rep="李强",
        )
    )
    window.show_page("complaints")
    page = window.current_page()
    page.new_complaint()
    form = page.register_form
    picker = form.respondent_picker
    type_text(picker.query, "鑫源")
    picker.search()
    assert picker.results.count() == 1
    picker.choose(picker.results.item(0))
    assert form.value("respondent_name") == "东平县鑫源家电销售有限公司"
    assert form.value("respondent_uscc") == "91350100M000100Y43" and picker.entity_id
    for key, text in (
        ("complainant_name", "张小明"),
        ("complainant_phone", "13812348000"),
        ("complainant_address", "东平县城关镇幸福路12号"),
        ("facts", "空调制冷不良。"),
    ):
        _type(form, key, text)
    _choose(form, "claim", "退货")
    form.save()
    assert page.case_dialog.view.entity_id == picker.entity_id


def test_stations_and_figures_tabs(window, ui, qtbot):
    window.show_page("complaints")
    page = window.current_page()
    page.tabs.setCurrentIndex(1)
    tab = page.stations_tab
    tab.edit(None)
    form = tab.form
    form.save()
    assert "服务站名称" in form.error.text()
    _type(form, "name", "人民路社区消费维权服务站")
    _type(form, "contact_phone", "0538-2281234")
    form.save()
    assert tab.table.rowCount() == 1 and tab.table.item(0, 0).text() == "人民路社区消费维权服务站"
    page.tabs.setCurrentIndex(2)
    page.figures_tab.load()
    assert "口径" in page.figures_tab.text.text() and "调解成功率" in page.figures_tab.text.text()
    type_text(page.figures_tab.period, "2026-13")
    page.figures_tab.load()
    assert "无法识别" in page.figures_tab.text.text()


def _registered(ui):
    from station_app.services.complaints import ComplaintInput

    view, _ = ui.services.complaints.register(
        ComplaintInput(
            channel="来电",
            received_on=date(2026, 10, 8),
            complainant_name="张小明",
            complainant_phone="13812348000",
            complainant_address="东平县城关镇幸福路12号3单元401室",
            complainant_id_type="居民身份证",
            complainant_id_number="11010519491231002X",
            respondent_name="东平县鑫源家电销售有限公司",
            respondent_address="东平县城关镇人民路120号",
            claim="退货",
            facts="空调制冷不良。",
        )
    )
    return view


def test_case_shows_personal_data_masked_and_reveal_shows_it_audited(window, ui, qtbot):
    from PySide6.QtWidgets import QLabel

    from station_app.ui.widgets.personal import PersonalValue

    view = _registered(ui)
    window.show_page("complaints")
    page = window.current_page()
    assert page.model.index(0, 3).data() == "张*明"
    case = page.open_case(view.id)
    details = {
        w.objectName(): w for w in case.details.findChildren(PersonalValue) if w.objectName()
    }
    shown = " ".join(label.text() for label in case.details.findChildren(QLabel))
    for full in ("13812348000", "11010519491231002X", "12号3单元"):
        assert full not in shown
    phone = details["personal_complainant_phone"]
    assert phone.label.text() == "138****8000"
    assert details["personal_complainant_address"].label.text() == "东平县城关镇幸福路****"
    assert details["personal_complainant_id_number"].label.text() == "110105********002X"
    assert phone.button.isVisibleTo(case)  # the administrator may reveal
    phone.button.click()
    assert phone.label.text() == "13812348000" and not phone.button.isVisibleTo(case)
    views = [h for h in ui.services.audit.history("complaint", view.id) if h.action == "view"]
    assert len(views) == 1 and views[0].changes["fields"] == ["complainant_phone"]
    case.accept()


def test_clerk_sees_no_reveal_and_edits_without_losing_masked_values(window, ui, qtbot):
    from station_app.domain.auth import CLERK, Actor
    from station_app.ui.widgets.personal import PersonalValue

    view = _registered(ui)
    ui.app.auth.sign_in(Actor(None, "sunli", CLERK, "孙丽"))
    window.show_page("complaints")
    case = window.current_page().open_case(view.id)
    assert all(not w.button.isVisibleTo(case) for w in case.details.findChildren(PersonalValue))
    form = case.do_edit()
    assert form.value("complainant_phone") == "138****8000"
    assert form.findChild(type(case.buttons["edit"]), "revealForEdit") is None
    _type(form, "goods", "空调一台")
    form.save()
    assert not form.isVisible() and case.view.goods == "空调一台"
    ui.app.auth.sign_in(Actor(None, "tester", "admin", "测试管理员"))
    full = ui.services.complaints.get(view.id, unmasked=True)
    assert full.complainant_phone == "13812348000"
    assert full.complainant_address == "东平县城关镇幸福路12号3单元401室"
    case.accept()


def test_editor_loads_full_values_only_through_the_audited_call(window, ui, qtbot):
    view = _registered(ui)
    window.show_page("complaints")
    case = window.current_page().open_case(view.id)
    form = case.do_edit()
    assert form.value("complainant_address") == "东平县城关镇幸福路****"
    button = form.findChild(type(case.buttons["edit"]), "revealForEdit")
    button.click()
    assert form.value("complainant_address") == "东平县城关镇幸福路12号3单元401室"
    assert form.value("complainant_id_number") == "11010519491231002X"
    views = [h for h in ui.services.audit.history("complaint", view.id) if h.action == "view"]
    assert len(views) == 1 and "complainant_address" in views[0].changes["fields"]
    _type(form, "complainant_address", "东平县城关镇幸福路14号")
    form.save()
    assert not form.isVisible()
    full = ui.services.complaints.get(view.id, unmasked=True)
    assert full.complainant_address == "东平县城关镇幸福路14号"
    assert full.complainant_phone == "13812348000"
    case.accept()


def test_remove_mediator_from_the_case_window(window, ui, qtbot):
    svc = ui.services.complaints
    view = _registered(ui)
    view, _ = svc.accept(view.id, date(2026, 10, 9), view.version)
    window.show_page("complaints")
    case = window.current_page().open_case(view.id)
    assert "unmediator" not in case.buttons  # nobody to remove yet
    f = case.do_mediator()
    _type(f, "mediator_name", "赵敏")
    f.widgets["related_to_party"].no.setChecked(True)
    f.save()
    assert case.buttons["unmediator"].isEnabled()
    f = case.do_unmediator()
    assert f.widgets["mediator_id"].currentText() == "赵敏"
    f.save()  # no reason
    assert "原因" in f.error.text() and case.view.mediators
    _type(f, "reason", "发现应当回避")
    f.save()
    assert not f.isVisible() and case.view.mediators == ()
    assert "unmediator" not in case.buttons
    history = ui.services.audit.history("complaint", view.id)[0]
    assert history.reason == "移除调解人员：发现应当回避"
    case.accept()


def test_search_box_finds_the_complainant_by_pinyin_and_phone(window, ui, qtbot):
    _registered(ui)
    window.show_page("complaints")
    page = window.current_page()
    for text, rows in (("zxm", 1), ("zhangxiaoming", 1), ("wxy", 0), ("138 1234 8000", 1)):
        type_text(page.search, text)
        page.apply_filter()
        assert page.model.rowCount() == rows, text
    assert page.model.index(0, 3).data() == "张*明"
