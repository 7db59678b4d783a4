"""Bundled fonts: registered in reportlab, embedded in PDFs, Chinese text extractable."""

from __future__ import annotations

import io

from pypdf import PdfReader

from station_app.documents import fonts
from station_app.paths import resource_path


def test_font_files_and_licence_are_bundled():
    for filename in fonts.FONT_FILES.values():
        path = resource_path("fonts", filename)
        assert path.stat().st_size > 5_000_000, path
        assert path.read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType outlines, not CFF
    assert "SIL Open Font License" in resource_path("fonts", "OFL.txt").read_text()


def test_pdf_embeds_font_and_keeps_chinese_text():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    fonts.register_fonts()
    fonts.register_fonts()  # idempotent
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.setFont(fonts.SERIF_BOLD, 22)
    pdf.drawString(100, 700, "投诉调解书")
    pdf.setFont(fonts.SERIF, 16)
    pdf.drawString(100, 660, "东市监城调〔2026〕12号")
    pdf.setFont(fonts.SANS, 10)
    pdf.drawString(100, 620, "统一社会信用代码 91350100M000100Y43")
    pdf.save()
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    text = reader.pages[0].extract_text()
    for expected in ("投诉调解书", "〔2026〕12号", "91350100M000100Y43"):
        assert expected in text
    font_dicts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    cjk = [f for f in font_dicts if "NotoS" in str(f["/BaseFont"])]
    assert len(cjk) >= 3  # serif, serif bold, sans
    descriptors = [_descriptor(f) for f in cjk]
    assert descriptors and all("/FontFile2" in d for d in descriptors)  # subsets embedded
    assert not any("STSong" in str(f.get("/BaseFont")) for f in font_dicts)


def _descriptor(font):
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    return font["/FontDescriptor"].get_object()
