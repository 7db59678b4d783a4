"""English fragments inside Chinese messages are replaced by what the clerk should do
(issue 17: "invalid Zip archive: Could not find EOCD" in the ledger import's message)."""

from __future__ import annotations

import errno
import re
import zipfile

import pytest

from station_app.errors import StationError, reason_text

ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _no_english(text: str, *allowed: str) -> bool:
    for word in allowed:
        text = text.replace(word, "")
    for word in ("ZIP", "Excel", "WPS", "xlsx", "UTF-8", "CSV"):  # the names a clerk knows
        text = text.replace(word, "")
    return not ENGLISH.search(text)


@pytest.mark.parametrize(
    "exc",
    [
        zipfile.BadZipFile("File is not a zip file"),
        ValueError("invalid Zip archive: Could not find EOCD"),
        OSError(errno.ENOSPC, "No space left on device"),
        PermissionError(errno.EACCES, "Permission denied"),
        OSError(errno.EIO, "Input/output error"),
        UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
        ValueError("Expecting value: line 1 column 1 (char 0)"),
        RuntimeError("XmlError: unexpected end of stream"),
    ],
)
def test_reasons_are_chinese(exc):
    text = reason_text(exc)
    assert text and _no_english(text), text


def test_a_station_error_keeps_its_message():
    assert reason_text(StationError("请先填写所名称。")) == "请先填写所名称。"


def test_damaged_workbook_and_package_messages_have_no_english(tmp_path):
    from station_app.exports.ledger_reader import read_sheet
    from station_app.exports.report_package import verify_package

    broken = tmp_path / "台账.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # a zip cut short
    with pytest.raises(StationError) as caught:
        read_sheet(broken)
    assert "台账.xlsx" in caught.value.message and _no_english(caught.value.message, "xlsx")
    package = tmp_path / "城关所.zip"
    package.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(StationError) as caught:
        verify_package(package)
    assert "城关所.zip" in caught.value.message and _no_english(caught.value.message, "zip")


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "没有读写权限"),
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "找不到该文件或文件夹"),
        (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
        (OSError(errno.EIO, "Input/output error"), f"系统错误 {errno.EIO}"),
        (OSError("no number"), "文件读写失败"),
    ],
)
def test_os_reason_is_a_short_chinese_phrase(exc, expected):
    """What follows 原因： in a write error: never the C library's English (issue 17)."""
    from station_app.errors import os_reason

    assert os_reason(exc) == expected


def test_a_write_error_names_the_reason_in_chinese(tmp_path):
    """A folder that is a file (ENOTDIR; the same path a clerk's typo takes): the message says so in
    Chinese, and nothing is written."""
    from station_app.errors import StorageError
    from station_app.files import write_private

    blocker = tmp_path / "报表"
    blocker.write_bytes(b"not a folder")
    with pytest.raises(StorageError) as caught:
        write_private(blocker / "子目录" / "x.pdf", b"%PDF")
    message = caught.value.message
    assert "路径中有一段不是文件夹" in message or "找不到该文件或文件夹" in message, message
    assert _no_english(message, str(tmp_path), "pdf"), message
    assert blocker.read_bytes() == b"not a folder"
