"""The boundary of one user operation, for what a lost database connection tells the user.

``ConnectionLostError`` is raised where the connection broke; whether *earlier* steps of the
same operation were already committed is known only here: the GUI's background ops and the
command line run each operation inside :func:`operation`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from station_app.data.connection_loss import commits_on_this_thread
from station_app.errors import ConnectionLostError


@contextlib.contextmanager
def operation() -> Iterator[None]:
    """Run one operation (on the current thread); a ``ConnectionLostError`` leaving it says
    whether anything of the operation had been saved before the break."""
    start = commits_on_this_thread()
    try:
        yield
    except ConnectionLostError as exc:
        exc.settle(committed_earlier=commits_on_this_thread() > start)
        raise
