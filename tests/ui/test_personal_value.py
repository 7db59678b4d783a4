from station_app.domain.auth import READONLY, Actor
from station_app.domain.masking import mask_phone
from station_app.ui.widgets.personal import PersonalValue


def test_reveal_needs_permission_and_is_audited(qapp_zh, sqlite_ctx, qtbot):
    services = sqlite_ctx.services

    def reveal() -> str:
        services.audit.record_view("complaint", 1, ["phone"])
        return "13812348000"

    widget = PersonalValue(
        mask_phone("13812348000"), reveal, allowed=sqlite_ctx.auth.can("personal.unmasked")
    )
    qtbot.addWidget(widget)
    assert widget.label.text() == "138****8000"
    assert not widget.button.isHidden()
    widget.button.click()
    assert widget.label.text() == "13812348000" and widget.button.isHidden()
    assert services.audit.history("complaint", 1)[0].action == "view"

    sqlite_ctx.auth.sign_in(Actor(None, "viewer", READONLY))
    hidden = PersonalValue("138****8000", reveal, allowed=sqlite_ctx.auth.can("personal.unmasked"))
    qtbot.addWidget(hidden)
    assert hidden.button.isHidden()
