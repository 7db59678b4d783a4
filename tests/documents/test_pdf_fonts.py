"""Every PDF the application writes embeds every font it references (issue 17): no Helvetica
from reportlab's default canvas font, nothing a PC without the font would substitute. Checked
with poppler's ``pdffonts`` on every document, made from a small demo database."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from station_app.bootstrap import open_context
from station_app.data.engine import sqlite_url
from station_app.demo import DemoOptions
from station_app.domain.auth import ADMIN, Actor
from station_app.domain.complaints import ComplaintFilter
from station_app.domain.periods import parse_period

pytestmark = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils")


def fonts(pdf: Path) -> list[tuple[str, bool]]:
    """``(name, embedded)`` of every font ``pdffonts`` lists."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]  # the header and its dashes
    return [(r.split()[0], r.split()[-5] == "yes") for r in rows if r.strip()]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("fonts")
    ctx = open_context(
        sqlite_url(root / "demo.sqlite3"), actor=Actor(None, "admin", ADMIN, "管理员"), create=True
    )
    ctx.services.demo.build(DemoOptions(seed=7, entities=300, complaints=80))
    ctx.auth.sign_in(Actor(None, "admin", ADMIN, "管理员"))
    yield ctx, root


def _complaint_documents(ctx, root: Path) -> list[Path]:
    svc = ctx.services.complaints
    done: dict[str, Path] = {}
    for row in svc.list_cases(ComplaintFilter()):
        view = svc.get(row["id"])
        for kind in svc.available_documents(view):
            if kind not in done:
                done[kind] = root / f"complaint-{kind}.pdf"
                svc.print_document(view.id, kind, done[kind])
    assert set(done) == {"acceptance", "refusal", "agreement", "record", "termination"}
    return list(done.values())


def _other_documents(ctx, root: Path) -> list[Path]:
    out = [ctx.services.roster.export_pdf(root / "roster.pdf")]
    grid = ctx.services.roster.list_grids()[0]
    out.append(ctx.services.roster.handover_pdf(grid.id, root / "handover.pdf"))
    lists = ctx.services.lists
    info, _ = lists.publish("2026")
    notice = root / "notice.pdf"
    notice.write_bytes(lists.reprint(info.id))
    out.append(notice)
    result = ctx.services.reports.write_package(parse_period("2026-10"), root)
    with zipfile.ZipFile(result.path) as zf:
        summary = root / "summary.pdf"
        summary.write_bytes(io.BytesIO(zf.read("summary.pdf")).getvalue())
    out.append(summary)
    return out


def test_every_document_embeds_every_font(demo):
    ctx, root = demo
    documents = _complaint_documents(ctx, root) + _other_documents(ctx, root)
    for pdf in documents:
        listed = fonts(pdf)
        assert listed, pdf.name
        missing = [name for name, embedded in listed if not embedded]
        assert missing == [], f"{pdf.name} references fonts it does not embed: {missing}"
        assert not any("Helvetica" in name for name, _ in listed), pdf.name
