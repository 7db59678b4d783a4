"""Exports never go through a symlink or into a device, and are owner-only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from station_app import files
from station_app.errors import StorageError

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes and links")


def test_write_is_private_and_replaces_a_regular_file(tmp_path):
    target = tmp_path / "new" / "导出.xlsx"
    files.write_private(target, b"one")
    files.write_private(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert [p.name for p in target.parent.iterdir()] == ["导出.xlsx"]  # no temp file left


def test_a_symlink_or_a_device_is_refused_and_left_alone(tmp_path):
    victim = tmp_path / "station.sqlite3"
    victim.write_bytes(b"precious")
    link = tmp_path / "export.xlsx"
    link.symlink_to(victim)
    with pytest.raises(StorageError, match="符号链接"):
        files.write_private(link, b"overwrite")
    assert victim.read_bytes() == b"precious" and link.is_symlink()
    with pytest.raises(StorageError, match="不是普通文件"):
        files.write_private(Path("/dev/null"), b"x")
    with pytest.raises(StorageError, match="文件夹"):
        files.write_private(tmp_path, b"x")


def test_a_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), files.atomic_output(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old" and len(list(tmp_path.iterdir())) == 1


def test_services_refuse_a_symlinked_export(ctx, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (tmp_path / "roster.pdf").symlink_to(victim)
    with pytest.raises(StorageError, match="符号链接"):
        ctx.services.roster.export_pdf(tmp_path / "roster.pdf")
    assert victim.read_text() == "keep"
    (tmp_path / "b.sqlite3").symlink_to(victim)
    with pytest.raises(StorageError, match="符号链接"):
        ctx.services.database.backup(tmp_path / "b.sqlite3")
    assert victim.read_text() == "keep"
