"""The application icon, drawn once from the same shapes as SVG (UOS, Linux menus) and as
PNG/ICO (Windows shortcuts, the installer): a blue tile with a white station building."""

from __future__ import annotations

from pathlib import Path

BLUE = "#1f5fa8"
WHITE = "#ffffff"
RED = "#d83a2e"
# shapes on a 256 × 256 canvas: (kind, fill, points or box)
SHAPES: list[tuple[str, str, tuple[int, ...]]] = [
    ("polygon", WHITE, (128, 40, 216, 92, 40, 92)),  # roof
    ("rect", WHITE, (52, 100, 204, 112)),  # lintel
    ("rect", WHITE, (64, 120, 84, 184)),  # columns
    ("rect", WHITE, (118, 120, 138, 184)),
    ("rect", WHITE, (172, 120, 192, 184)),
    ("rect", WHITE, (44, 192, 212, 212)),  # base
    (
        "polygon",
        RED,
        (128, 56, 134, 70, 149, 70, 137, 79, 141, 93, 128, 85, 115, 93, 119, 79, 107, 70, 122, 70),
    ),
]


def svg() -> str:
    body = [f'<rect x="8" y="8" width="240" height="240" rx="44" fill="{BLUE}"/>']
    for kind, fill, pts in SHAPES:
        if kind == "rect":
            x0, y0, x1, y1 = pts
            body.append(
                f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="{fill}"/>'
            )
        else:
            pairs = " ".join(f"{pts[i]},{pts[i + 1]}" for i in range(0, len(pts), 2))
            body.append(f'<polygon points="{pairs}" fill="{fill}"/>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">\n'
        "  " + "\n  ".join(body) + "\n</svg>\n"
    )


def png(size: int):
    """The icon as a Pillow image (drawn at 4× and scaled down for smooth edges)."""
    from PIL import Image, ImageDraw

    scale = 4 * size / 256
    img = Image.new("RGBA", (4 * size, 4 * size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle(
        [8 * scale, 8 * scale, 248 * scale, 248 * scale], radius=44 * scale, fill=BLUE
    )
    for kind, fill, pts in SHAPES:
        xy = [v * scale for v in pts]
        if kind == "rect":
            draw.rectangle(xy, fill=fill)
        else:
            draw.polygon(xy, fill=fill)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def write_svg(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svg(), encoding="utf-8")
    return path


def write_ico(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    png(256).save(path, format="ICO", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)])
    return path
