"""A reportlab drawing as a PNG, painted with Pillow (reportlab's own ``renderPM`` needs pycairo,
which has no Linux wheels). Only the shapes our charts use: groups with transforms, rectangles,
lines, polylines, polygons, circles and strings, solid or dashed, in the bundled CJK font.

Painted at ``scale`` × 2 and reduced with a Lanczos filter, so lines and text come out smooth.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from station_app.documents.fonts import FONT_FILES, SANS
from station_app.paths import resource_path

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
OVERSAMPLE = 2


def drawing_to_png(drawing: Any, out: Path, scale: float = 2.0) -> Path:
    """Write ``drawing`` (a reportlab ``Drawing``) to ``out`` as PNG at ``scale`` px per point."""
    from PIL import Image, ImageDraw

    factor = scale * OVERSAMPLE
    width, height = round(drawing.width * factor), round(drawing.height * factor)
    image = Image.new("RGB", (width, height), "white")
    painter = _Painter(ImageDraw.Draw(image), factor, height)
    for shape, matrix in _walk(drawing, IDENTITY):
        painter.paint(shape, matrix)
    image = image.resize((width // OVERSAMPLE, height // OVERSAMPLE), Image.Resampling.LANCZOS)
    image.save(out, "PNG")
    return out


def _multiply(a: Matrix, b: Matrix) -> Matrix:
    """a ∘ b (apply b first), PDF matrix order (a, b, c, d, e, f)."""
    return (
        a[0] * b[0] + a[2] * b[1],
        a[1] * b[0] + a[3] * b[1],
        a[0] * b[2] + a[2] * b[3],
        a[1] * b[2] + a[3] * b[3],
        a[0] * b[4] + a[2] * b[5] + a[4],
        a[1] * b[4] + a[3] * b[5] + a[5],
    )


def _walk(node: Any, matrix: Matrix) -> Iterator[tuple[Any, Matrix]]:
    from reportlab.graphics.shapes import Group, UserNode

    if isinstance(node, UserNode):
        node = node.provideNode()
    if isinstance(node, Group) or hasattr(node, "getContents"):
        inner = _multiply(matrix, tuple(getattr(node, "transform", IDENTITY)))
        for child in node.getContents():
            yield from _walk(child, inner)
    else:
        yield node, matrix


@functools.cache
def _font(size_px: int):  # -> ImageFont
    from PIL import ImageFont

    return ImageFont.truetype(str(resource_path("fonts", FONT_FILES[SANS])), size_px)


def _rgb(colour: Any) -> tuple[int, int, int] | None:
    if colour is None:
        return None
    r, g, b = colour.rgb()
    return round(r * 255), round(g * 255), round(b * 255)


class _Painter:
    def __init__(self, draw: Any, factor: float, height: int) -> None:
        self.draw, self.factor, self.height = draw, factor, height

    def point(self, m: Matrix, x: float, y: float) -> tuple[float, float]:
        px, py = m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]
        return px * self.factor, self.height - py * self.factor

    def width(self, shape: Any) -> int:
        return max(1, round((getattr(shape, "strokeWidth", 1) or 1) * self.factor))

    def paint(self, shape: Any, m: Matrix) -> None:
        from reportlab.graphics import shapes as S

        if isinstance(shape, S.String):
            self._string(shape, m)
        elif isinstance(shape, S.Rect):
            x, y, w, h = shape.x, shape.y, shape.width, shape.height
            self._polygon(shape, m, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])
        elif isinstance(shape, S.Circle):
            self._circle(shape, m)
        elif isinstance(shape, S.Line):
            self._lines(shape, m, [(shape.x1, shape.y1), (shape.x2, shape.y2)])
        elif isinstance(shape, S.Polygon):
            self._polygon(shape, m, _pairs(shape.points))
        elif isinstance(shape, S.PolyLine):
            self._lines(shape, m, _pairs(shape.points))

    def _polygon(self, shape: Any, m: Matrix, pts: Sequence[tuple[float, float]]) -> None:
        xy = [self.point(m, x, y) for x, y in pts]
        fill = _rgb(getattr(shape, "fillColor", None))
        if fill is not None and len(xy) > 2:
            self.draw.polygon(xy, fill=fill)
        if _rgb(getattr(shape, "strokeColor", None)) is not None:
            self._lines(shape, m, [*pts, pts[0]])

    def _lines(self, shape: Any, m: Matrix, pts: Sequence[tuple[float, float]]) -> None:
        colour = _rgb(getattr(shape, "strokeColor", None))
        if colour is None or len(pts) < 2:
            return
        xy = [self.point(m, x, y) for x, y in pts]
        dash = getattr(shape, "strokeDashArray", None)
        if dash:
            for a, b in _dashes(xy, [v * self.factor for v in dash]):
                self.draw.line([a, b], fill=colour, width=self.width(shape))
        else:
            self.draw.line(xy, fill=colour, width=self.width(shape), joint="curve")

    def _circle(self, shape: Any, m: Matrix) -> None:
        cx, cy = self.point(m, shape.cx, shape.cy)
        r = shape.r * self.factor
        self.draw.ellipse(
            [cx - r, cy - r, cx + r, cy + r],
            fill=_rgb(shape.fillColor),
            outline=_rgb(getattr(shape, "strokeColor", None)),
            width=self.width(shape),
        )

    def _string(self, shape: Any, m: Matrix) -> None:
        colour = _rgb(shape.fillColor) or (0, 0, 0)
        x, y = self.point(m, shape.x, shape.y)
        size = max(6, round(shape.fontSize * self.factor * abs(m[3] or 1)))
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}.get(shape.textAnchor, "ls")
        self.draw.text((x, y), shape.text, fill=colour, font=_font(size), anchor=anchor)


def _pairs(flat: Sequence[float]) -> list[tuple[float, float]]:
    return [(flat[i], flat[i + 1]) for i in range(0, len(flat) - 1, 2)]


def _dashes(
    xy: Sequence[tuple[float, float]], pattern: Sequence[float]
) -> Iterator[tuple[Any, Any]]:
    """The "on" pieces of a dashed polyline."""
    on, left, k = True, pattern[0], 0
    for (x0, y0), (x1, y1) in itertools.pairwise(xy):
        length = math.hypot(x1 - x0, y1 - y0)
        if length == 0:
            continue
        done = 0.0
        while done < length:
            step = min(left, length - done)
            a = (x0 + (x1 - x0) * done / length, y0 + (y1 - y0) * done / length)
            b = (x0 + (x1 - x0) * (done + step) / length, y0 + (y1 - y0) * (done + step) / length)
            if on:
                yield a, b
            done += step
            left -= step
            if left <= 1e-9:
                k = (k + 1) % len(pattern)
                left, on = pattern[k], not on
