"""``station-app screenshot --page NAME --out FILE.png``: render one page offscreen.

Used for documentation, reviews and tests. Runs on Qt's offscreen platform unless
QT_QPA_PLATFORM says otherwise; ``--scale`` checks the layout at 125 % / 150 %.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from station_app.bootstrap import open_context, resolve_db_url
from station_app.errors import PermissionDeniedError, StorageError, ValidationError
from station_app.ui import labels


def run_screenshot(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale and args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    from station_app.settings import Preferences
    from station_app.ui.app import create_application

    prefs = Preferences()
    create_application(font_point_size=prefs.get("ui.font_point_size"))
    ctx = open_context(resolve_db_url(args.db, demo=args.demo))
    try:
        _sign_in(ctx, args.user or os.environ.get("STATION_USER") or "admin")
        size = (args.width, args.height)
        out = render_page(ctx, prefs, args.page, Path(args.out), size, getattr(args, "tab", None))
    finally:
        ctx.close()
    print(labels.SCREENSHOT_SAVED.format(out))
    return 0


def _sign_in(ctx, username: str) -> None:
    """Demo databases: any user, no password (for docs and reviews). Real databases: the
    password from STATION_PASSWORD, as for every other command."""
    profile = ctx.services.station.get_profile()
    password = os.environ.get("STATION_PASSWORD")
    if password is not None or profile is None or not profile.is_demo:
        if password is None:
            raise PermissionDeniedError(labels.SCREENSHOT_NEEDS_PASSWORD)
        ctx.services.users.sign_in(username, password)
        return
    user = next(
        (u for u in ctx.services.users.list_users_unchecked() if u.username == username), None
    )
    if user is None:
        raise PermissionDeniedError(labels.NO_DEMO_USER.format(username))
    ctx.auth.sign_in(user.actor())


def _settle(ops, limit_s: float = 20.0) -> None:
    """Process events until the page's background reads have delivered (bounded)."""
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + limit_s
    quiet = 0
    while time.monotonic() < deadline and quiet < 5:
        QApplication.processEvents()
        quiet = quiet + 1 if not ops.busy else 0
        time.sleep(0.02)


def render_page(
    ctx, prefs, page: str, out: Path, size: tuple[int, int], tab: str | None = None
) -> Path:

    from station_app.ui.main_window import build_main_window

    window, ui = build_main_window(ctx, prefs)
    try:
        window.resize(*size)
        window.show_page(page)
        if tab:
            choose_tab(window.current_page(), tab)
        window.show()
        _settle(ui.ops)
        image = window.grab()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out), "PNG"):
            raise StorageError(labels.SCREENSHOT_FAILED.format(out))
    finally:
        ui.ops.shutdown()
        window.close()
        window.deleteLater()
    return out


def choose_tab(page, tab: str) -> None:
    """Show the page's tab named ``tab``: its Chinese title (``服务站``) or the key its page
    declares in ``TAB_KEYS`` (``grading``); anything else is refused with the choices."""
    from PySide6.QtWidgets import QTabWidget

    from station_app.ui.widgets.side_tabs import SideTabs

    tabs = getattr(page, "tabs", None)
    if not isinstance(tabs, QTabWidget | SideTabs):
        tabs = page.findChild(QTabWidget)
    if tabs is None:
        raise ValidationError(labels.SCREENSHOT_NO_TABS.format(page.info.title), field="tab")
    titles = [tabs.tabText(i).replace("&", "") for i in range(tabs.count())]
    keys = {
        key: (where if isinstance(where, int) else titles.index(where))
        for key, where in getattr(page, "TAB_KEYS", {}).items()
        if isinstance(where, int) or where in titles
    }
    index = titles.index(tab) if tab in titles else keys.get(tab)
    if index is None:
        choices = labels.LIST_SEP.join([*titles, *keys])
        raise ValidationError(labels.SCREENSHOT_UNKNOWN_TAB.format(tab, choices), field="tab")
    tabs.setCurrentIndex(index)
