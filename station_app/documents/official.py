"""Page template for official documents after GB/T 9704-2012 (DESIGN §8, FACTS §6).

A4; top margin 37 mm, left 28 mm; text block 156 × 225 mm; title 22 pt; body 16 pt on
28.9 pt lines; embedded Noto Serif SC. A document may hold several copies (一式三份): each copy
starts on a new page, carries its copy mark (投诉人联 …) at the top right, and is numbered
"第 x 页 共 y 页" on its own. A reprint is marked 副本 on every page. Every page carries the
audit head it was printed at (``documents.stamp``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from station_app.documents import fonts, stamp
from station_app.documents.fonts import SERIF, SERIF_BOLD, register_fonts
from station_app.files import atomic_output

PAGE_W, PAGE_H = A4
TOP = 37 * mm
LEFT = 28 * mm
BLOCK_W = 156 * mm
BLOCK_H = 225 * mm
BOTTOM = PAGE_H - TOP - BLOCK_H  # 35 mm
TITLE_SIZE = 22
BODY_SIZE = 16
LEADING = 28.9
PAGE_NO_SIZE = 14  # 4号
REPRINT_MARK = "副本"


def esc(text: object) -> str:
    return (
        str(text if text is not None else "")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", "<br/>")
    )


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=SERIF,
        fontSize=BODY_SIZE,
        leading=LEADING,
        alignment=TA_JUSTIFY,
        firstLineIndent=2 * BODY_SIZE,
        wordWrap="CJK",
    )
    return {
        "title": ParagraphStyle(
            "title",
            fontName=SERIF_BOLD,
            fontSize=TITLE_SIZE,
            leading=TITLE_SIZE * 1.6,
            alignment=TA_CENTER,
            spaceAfter=6,
            wordWrap="CJK",
        ),
        "number": ParagraphStyle(
            "number", parent=body, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=LEADING / 2
        ),
        "body": body,
        "flush": ParagraphStyle("flush", parent=body, firstLineIndent=0),
        "hang": ParagraphStyle(  # a labelled block: continuation lines under the text
            "hang", parent=body, firstLineIndent=0, alignment=TA_LEFT
        ),
        "term": ParagraphStyle("term", parent=body),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT, firstLineIndent=0),
        "heading": ParagraphStyle("heading", parent=body, fontName=SERIF_BOLD, firstLineIndent=0),
        "sign": ParagraphStyle(
            "sign", parent=body, firstLineIndent=0, alignment=TA_LEFT, fontSize=15, leading=22
        ),
        "sign_right": ParagraphStyle(
            "sign_right",
            parent=body,
            firstLineIndent=0,
            alignment=TA_RIGHT,
            fontSize=15,
            leading=22,
        ),
        "sign_center": ParagraphStyle(
            "sign_center",
            parent=body,
            firstLineIndent=0,
            alignment=TA_CENTER,
            fontSize=15,
            leading=22,
        ),
        "note": ParagraphStyle(
            "note", parent=body, firstLineIndent=0, fontSize=12, leading=18, textColor=colors.black
        ),
    }


class SetCopy(Flowable):
    """Zero-size marker: the pages from here on belong to copy ``label`` (may be "")."""

    def __init__(self, label: str, reprint: bool) -> None:
        super().__init__()
        self.label = label
        self.reprint = reprint
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self) -> None:
        canvas: Any = self.canv  # reportlab's canvas takes our own attributes
        canvas._copy_state = (self.label, self.reprint)
        canvas._copy_serial = getattr(canvas, "_copy_serial", 0) + 1


class _NumberedCanvas(pdfcanvas.Canvas):
    """Two passes: remember each page, then number pages within each copy at save time."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **fonts.canvas_font(kwargs))
        self._pages: list[dict] = []
        self._copy_state = ("", False)
        self._copy_serial = 0
        self._audit_code = stamp.current()

    def showPage(self) -> None:
        self._pages.append(
            dict(self.__dict__, _page_copy=self._copy_state, _page_serial=self._copy_serial)
        )
        self._startPage()

    def save(self) -> None:
        serials = [p["_page_serial"] for p in self._pages]
        totals: dict[int, int] = {}
        for serial in serials:
            totals[serial] = totals.get(serial, 0) + 1
        seen: dict[int, int] = {}
        for page in self._pages:
            serial = page["_page_serial"]
            seen[serial] = seen.get(serial, 0) + 1
            self.__dict__.update(page)
            label, reprint = page["_page_copy"]
            self._decorate(label, reprint, seen[serial], totals[serial])
            stamp.draw(self, self._audit_code)
            super().showPage()
        super().save()

    def _decorate(self, label: str, reprint: bool, page_no: int, total: int) -> None:
        self.saveState()
        self.setFillColor(colors.black)
        self.setFont(SERIF, PAGE_NO_SIZE)
        self.drawCentredString(
            PAGE_W / 2, BOTTOM - 7 * mm - PAGE_NO_SIZE, f"第 {page_no} 页 共 {total} 页"
        )
        right = LEFT + BLOCK_W
        top = PAGE_H - 20 * mm
        if label:
            self._box(right, top, label, 14)
        if reprint:
            width = self.stringWidth(label, SERIF_BOLD, 14) + 8 * mm if label else 0
            self._box(right - width - 3 * mm if label else right, top, REPRINT_MARK, 14)
            self.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.18))
            self.setFont(SERIF_BOLD, 110)
            self.translate(PAGE_W / 2, PAGE_H / 2)
            self.rotate(35)
            self.drawCentredString(0, -40, REPRINT_MARK)
        self.restoreState()

    def _box(self, right: float, top: float, text: str, size: float) -> None:
        self.setFont(SERIF_BOLD, size)
        width = self.stringWidth(text, SERIF_BOLD, size) + 6 * mm
        height = size + 3 * mm
        self.setLineWidth(0.8)
        self.rect(right - width, top - height, width, height, stroke=1, fill=0)
        self.drawCentredString(right - width / 2, top - height + 1.6 * mm + 1, text)


@dataclass(frozen=True)
class Copy:
    """One copy of a document: its mark ("" for none) and its flowables."""

    label: str
    story: list
    reprint: bool = False


def build(path: Path, copies: Sequence[Copy], *, title: str, author: str = "") -> Path:
    """Write the copies one after another into one PDF at ``path``."""
    register_fonts()
    path = Path(path)
    with atomic_output(path) as tmp:
        _build(tmp, copies, title=title, author=author)
    return path


def _build(path: Path, copies: Sequence[Copy], *, title: str, author: str) -> None:
    doc = BaseDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=PAGE_W - LEFT - BLOCK_W,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=title,
        author=author,
        creator="基层市场监管所工作台",
    )
    frame = Frame(
        LEFT,
        BOTTOM,
        BLOCK_W,
        BLOCK_H,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="block",
    )
    doc.addPageTemplates([PageTemplate(id="official", frames=[frame])])
    story: list = []
    for i, copy in enumerate(copies):
        if i:
            story.append(PageBreak())
        story.append(SetCopy(copy.label, copy.reprint))
        story.extend(copy.story)
    doc.build(story, canvasmaker=_NumberedCanvas)
