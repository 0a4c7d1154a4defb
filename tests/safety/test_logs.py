"""The rotating log: in the data folder, ID numbers masked (traceback included), rotation bounded."""

from __future__ import annotations

import logging

import pytest

from app import safety


@pytest.fixture
def log_path(tmp_path):
    path = safety.setup_logging(tmp_path / "logs")
    yield path
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_dangvu", False):
            root.removeHandler(h)
            h.close()


def test_mask_keeps_only_the_last_three_digits():
    assert safety.mask_id_numbers("CCCD 001203004567 của ông A") == "CCCD *********567 của ông A"
    assert safety.mask_id_numbers("CMND 123456789.") == "CMND ******789."
    # phone numbers (10 digits), years and dates are not ID numbers
    assert safety.mask_id_numbers("ĐT 0912345678, năm 2024, 12/03/2025") == "ĐT 0912345678, năm 2024, 12/03/2025"


def test_log_file_masks_messages_arguments_and_tracebacks(log_path):
    log = logging.getLogger("app.test")
    log.warning("duplicate national id %s for member %d", "079123456789", 12)
    try:
        raise ValueError("bad id 079123456789")
    except ValueError:
        log.exception("import failed")
    for h in logging.getLogger().handlers:
        h.flush()
    text = log_path.read_text(encoding="utf-8")
    assert "079123456789" not in text
    assert text.count("*********789") >= 2  # message, exception text (and the source line)
    assert "ValueError" in text and "member 12" in text


def test_log_rotates_and_keeps_a_bounded_number_of_files(log_path, monkeypatch):
    log = logging.getLogger("app.test")
    line = "x" * 1000
    for _ in range(int(safety.LOG_MAX_BYTES / 1000 * (safety.LOG_BACKUP_COUNT + 2))):
        log.warning(line)
    files = sorted(p.name for p in log_path.parent.iterdir())
    assert files[0] == "dangvu.log"
    assert len(files) == safety.LOG_BACKUP_COUNT + 1
    assert all(p.stat().st_size <= safety.LOG_MAX_BYTES + 2000 for p in log_path.parent.iterdir())


def test_default_log_folder_is_in_the_users_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DANGVU_DATA_DIR", str(tmp_path))
    assert safety.log_file() == tmp_path / "logs" / "dangvu.log"


SPELLINGS = {  # every way a sheet (or a number cell) hands us one CCCD, 001203004567
    "plain": "001203004567", "spaced": "001 203 004 567", "dotted": "001.203.004.567",
    "dashed": "001-203-004-567", "fours": "0012 0300 4567", "number cell": "1203004567",
    "number cell, float": "1203004567.0", "11 digits": "12030045678",
}


def test_every_spelling_of_a_cccd_is_masked_in_the_log_of_an_error(log_path):
    log = logging.getLogger("app.test")
    text = "; ".join(f"{k}: {v}" for k, v in SPELLINGS.items())
    try:
        raise ValueError(f"CCCD trùng ở dòng 12: {text}")
    except ValueError:
        log.exception("import failed for %s", text)
    for h in logging.getLogger().handlers:
        h.flush()
    written = log_path.read_text(encoding="utf-8")
    assert "import failed" in written and "dòng 12" in written
    for raw in ("001203004567", "001 203 004 567", "001.203.004.567", "001-203-004-567", "0012 0300 4567",
                "1203004567", "12030045678", "203", "0300"):
        assert raw not in written.replace("2026", "").split("import failed", 1)[1], raw
    assert written.count("*** *** *** 567") >= 2 and written.count("*******567") >= 4
    # what must stay readable: a phone number, a date, a time, a party card number, a count
    assert safety.mask_id_numbers("ĐT 0912345678 ngày 12-03-2025 10:20 thẻ 21.554710, 6.353 đảng viên") == \
        "ĐT 0912345678 ngày 12-03-2025 10:20 thẻ 21.554710, 6.353 đảng viên"


def test_the_command_line_writes_the_log_too(tmp_path, filled_db):
    from .helpers import cli, finish

    path, _ = filled_db
    rc, out, err = finish(cli("backup", "--db", path))
    assert rc == 0, err
    written = safety.log_file().read_text(encoding="utf-8")
    assert "backup (manual)" in written and str(path) in written
