"""The audit head a document was printed at (日志校验码), on every page of every print.

A printed agreement, notice or report is a witness of the audit trail kept outside the
database (docs/SECURITY.md): its code pins the chain as it stood when it was printed, and
``station-app audit verify --anchor CODE`` checks the database against it. The service that
prints says which head (``services.audit.printed_at``); the two page canvases every document
is drawn on (``official`` and ``paging``) draw it in the bottom right corner of each page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from station_app.domain.anchors import CODE_LABEL

_CODE: ContextVar[str | None] = ContextVar("audit_code", default=None)
SIZE = 7  # pt
MARGIN_MM = 12
BASELINE_MM = 7


@contextmanager
def stamped(code: str | None) -> Iterator[None]:
    """Documents built inside carry ``code`` (None: no code, e.g. the audit trail is broken)."""
    token = _CODE.set(code)
    try:
        yield
    finally:
        _CODE.reset(token)


def current() -> str | None:
    return _CODE.get()


def label(code: str) -> str:
    return f"{CODE_LABEL} {code}"


def draw(canvas, code: str | None) -> None:
    """Draw ``code`` at the bottom right of the current page of a reportlab canvas."""
    if not code:
        return
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from station_app.documents.fonts import SANS, register_fonts

    register_fonts()
    width = canvas._pagesize[0]
    canvas.saveState()
    canvas.setFont(SANS, SIZE)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.drawRightString(width - MARGIN_MM * mm, BASELINE_MM * mm, label(code))
    canvas.restoreState()
