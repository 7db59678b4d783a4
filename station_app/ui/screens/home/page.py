"""首页. Shows the station and the state of the database until the dashboard (county report
issue) replaces the lower half with counts and charts."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from station_app.services.base import Changes
from station_app.ui import labels
from station_app.ui.screens.base import Page, bullet_list, card, heading

DASHBOARD_WILL_SHOW = (
    "每月投诉量、调解成功率、挽回经济损失",
    "经营主体按分级统计，临期和超期的投诉、工单、巡查",
    "即将到期的许可证、执法证和红黑榜条目",
    "人员配置不符合规则的网格",
)


class HomePage(Page):
    def __init__(self, ui, info, parent=None) -> None:
        super().__init__(ui, info, parent)
        grid = QGridLayout()
        grid.addWidget(self._station_card(), 0, 0)
        grid.addWidget(self._dashboard_card(), 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        self.body.addStretch(1)
        self.refresh()

    def _card(self, title: str) -> tuple[QFrame, QVBoxLayout]:
        frame, lay = card(self)
        lay.addWidget(heading(title, frame))
        return frame, lay

    def _station_card(self) -> QFrame:
        card, lay = self._card("本所信息")
        form = QFormLayout()
        self._station = QLabel(card)
        self._bureau = QLabel(card)
        self._address = QLabel(card)
        self._phone = QLabel(card)
        self._database = QLabel(card)
        self._database.setWordWrap(True)
        for label, widget in (
            ("所名称", self._station),
            ("上级局", self._bureau),
            ("地址", self._address),
            ("电话", self._phone),
            ("数据库", self._database),
        ):
            form.addRow(label + "：", widget)
        lay.addLayout(form)
        edit = QPushButton("修改所基本信息…", card)
        edit.clicked.connect(lambda: self.window().show_page("settings"))
        edit.setVisible(self.ui.app.auth.can("station.edit"))
        row = QHBoxLayout()
        row.addWidget(edit)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(1)
        return card

    def _dashboard_card(self) -> QFrame:
        card, lay = self._card("工作台")
        lay.addWidget(QLabel(labels.NOT_BUILT_NOTE, card))
        lay.addWidget(bullet_list(DASHBOARD_WILL_SHOW, card))
        lay.addStretch(1)
        return card

    def refresh(self) -> None:
        profile = self.ui.services.station.get_profile()
        info = self.ui.services.database.info
        name = profile.name if profile else labels.NO_STATION
        if profile and profile.is_demo:
            name += f"（{labels.DEMO_BADGE}）"
        self._station.setText(name)
        self._bureau.setText(profile.county_bureau if profile else "")
        self._address.setText(profile.address if profile else "")
        self._phone.setText(profile.phone if profile else "")
        self._database.setText(info.display)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("station_profile", "*"):
            self.refresh()
