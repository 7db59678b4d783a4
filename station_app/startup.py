"""The GUI's first steps that need no Qt, taken before PySide6 is imported.

Start-up time is measured against a bare PySide6 window (``python -m station_app.bench``), so
what can happen before Qt, or beside it, does: the preferences are read, the database is opened
(its SQLAlchemy dialect loads before Qt's ``__feature__`` import hook would read the source of
each of its modules), and the sign-in from STATION_USER / STATION_PASSWORD (automation, the
bench) is checked on a thread while PySide6 and the window's modules load: the password hash
(scrypt at N=2^17, about a second) releases the GIL. Nothing is shown or read for the user before
:meth:`EnvironmentSignIn.result` says who signed in. Errors are kept for the GUI to show.
"""

from __future__ import annotations

import argparse
import logging
import os
import threading
from dataclasses import dataclass

from station_app.bootstrap import AppContext, open_context, resolve_db_url
from station_app.domain.auth import Actor
from station_app.errors import StationError
from station_app.settings import Preferences

log = logging.getLogger(__name__)


class EnvironmentSignIn:
    """Checks STATION_USER / STATION_PASSWORD on a thread; :meth:`result` waits for it."""

    def __init__(self, ctx: AppContext, username: str, password: str) -> None:
        self._ctx = ctx
        self._credentials = (username, password)
        self._actor: Actor | None = None
        self._thread = threading.Thread(target=self._check, name="sign-in", daemon=True)
        self._thread.start()

    @classmethod
    def start(cls, ctx: AppContext) -> EnvironmentSignIn | None:
        user, password = os.environ.get("STATION_USER"), os.environ.get("STATION_PASSWORD")
        return cls(ctx, user, password) if user and password else None

    def _check(self) -> None:
        users = self._ctx.services.users
        try:
            if users.count() > 0:
                self._actor = users.authenticate(*self._credentials)

        except StationError as exc:  # the login dialog asks instead, as without the variables
            log.info("sign-in from the environment refused: %s", exc.message)
        except Exception:  # never lose the start over it: the login dialog asks
            log.exception("sign-in from the environment failed")

    def result(self) -> Actor | None:
        """The authenticated actor, or None (then the login dialog asks)."""
        self._thread.join()
        return self._actor


@dataclass
class EarlyStart:
    """What :func:`begin_gui` prepared: the database opened (or why not) and the sign-in
    from the environment under way."""

    prefs: Preferences
    url: str
    ctx: AppContext | None = None
    error: StationError | None = None
    sign_in: EnvironmentSignIn | None = None


def begin_gui(args: argparse.Namespace) -> EarlyStart:
    prefs = Preferences()
    url = ""
    try:
        url = resolve_db_url(args.db, demo=args.demo)
        # the full integrity check runs once the window shows (MainWindow.start_background_checks)
        ctx = open_context(url, deep_check=False)

    except StationError as exc:
        return EarlyStart(prefs, url, error=exc)
    return EarlyStart(prefs, url, ctx=ctx, sign_in=EnvironmentSignIn.start(ctx))
