"""``station-app screenshot --page NAME --out FILE.png``: render one page offscreen.

Used for documentation, reviews and tests. Runs on Qt's offscreen platform unless
QT_QPA_PLATFORM says otherwise; ``--scale`` checks the layout at 125 % / 150 %.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from station_app.bootstrap import open_context, resolve_db_url
from station_app.errors import StorageError


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
        out = render_page(ctx, prefs, args.page, Path(args.out), (args.width, args.height))
    finally:
        ctx.close()
    print(f"已保存截图：{out}")
    return 0


def render_page(ctx, prefs, page: str, out: Path, size: tuple[int, int]) -> Path:
    from PySide6.QtWidgets import QApplication

    from station_app.ui.main_window import build_main_window

    window, ui = build_main_window(ctx, prefs)
    try:
        window.resize(*size)
        window.show_page(page)
        window.show()
        for _ in range(5):  # let layouts settle and pending paints happen
            QApplication.processEvents()
        image = window.grab()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out), "PNG"):
            raise StorageError(f"无法保存截图：{out}")
    finally:
        ui.ops.shutdown()
        window.close()
        window.deleteLater()
    return out
