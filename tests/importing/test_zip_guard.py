"""The size checks before any parser sees a .xlsx (app/importing/zip_guard.py, issue 17). The limits are
lowered for the test so that small files stand for the gigabyte ones of the slow corpus test."""

from __future__ import annotations

import zipfile

import pytest

from app.importing import zip_guard
from app.importing.readers import ImportFileError, read_file

from .helpers import write_xlsx


def _rewrite(src, dst, part, data):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == part else zin.read(info.filename))
    return dst


@pytest.fixture
def sheet(tmp_path):
    return write_xlsx(tmp_path / "ds.xlsx", [["STT", "Họ và tên", "Ngày sinh"], [1, "Nguyễn Văn An", "01/01/1970"]])


def test_a_normal_sheet_passes(sheet):
    with zipfile.ZipFile(sheet) as zf:
        zip_guard.check_archive(zf, sheet.name)
    assert read_file(sheet)[0].rows[1][1] == "Nguyễn Văn An"


@pytest.mark.parametrize("part, limit", [("xl/worksheets/sheet1.xml", "SHEET_LIMIT"),
                                         ("xl/styles.xml", "STYLES_LIMIT")])
def test_a_part_over_its_limit_is_refused_by_name(sheet, tmp_path, monkeypatch, part, limit):
    monkeypatch.setattr(zip_guard, limit, 50_000)
    with zipfile.ZipFile(sheet) as zf:
        original = zf.read(part) if part in zf.namelist() else b"<x/>"
    bloated = original.replace(b"</", b" " * 60_000 + b"</", 1)
    bomb = _rewrite(sheet, tmp_path / "bomb.xlsx", part, bloated)
    with pytest.raises(ImportFileError) as err:
        read_file(bomb)
    assert part in err.value.message and "quá lớn" in err.value.message


def test_a_row_wider_than_excel_allows_is_refused(sheet, tmp_path, monkeypatch):
    monkeypatch.setattr(zip_guard, "SCAN_ABOVE", 1000)
    row = b'<row r="3">' + b"<c><v>1</v></c>" * (zip_guard.EXCEL_MAX_COLUMNS + 1) + b"</row>"
    with zipfile.ZipFile(sheet) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
    bomb = _rewrite(sheet, tmp_path / "wide.xlsx", "xl/worksheets/sheet1.xml", xml.replace(b"</sheetData>",
                                                                                            row + b"</sheetData>"))
    with pytest.raises(ImportFileError) as err:
        read_file(bomb)
    assert "16.384" in err.value.message or "16,384" in err.value.message


def test_declared_sizes_are_checked_before_inflating(sheet, monkeypatch):
    """A part declared too big is refused without reading a byte of it."""
    opened = []
    monkeypatch.setattr(zip_guard, "SHEET_LIMIT", 10)
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **k: opened.append(a) or real_open(self, *a, **k))
    with zipfile.ZipFile(sheet) as zf, pytest.raises(zip_guard.ArchiveRefused):
        zip_guard.check_archive(zf, sheet.name)
    assert opened == []
