"""Issue 18 items 2-3: real damaged files — emptied to 0 bytes beside its backups, an index page with a
flipped bit, a Word document in place of the database — are each seen, in the window and on the command
line, with a Vietnamese message; an empty file is never backed up, never restored, never taken for new."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from app import backup, safety
from app.cli import main
from app.db import Database

from .helpers import MEMBERS, count, flip_index_page
from .test_startup_flow import Script


def _plant_bad_backups(path):
    """What the old program left beside an emptied file: a newer backup of an empty schema and a 0-byte one."""
    folder = backup.backups_dir(path)
    empty = Database(folder.parent / "scratch.sqlite3")
    empty.dispose()
    shutil.copy(folder.parent / "scratch.sqlite3", folder / f"{path.stem}-20991230-120000-close.sqlite3")
    (folder / f"{path.stem}-20991231-120000-close.sqlite3").write_bytes(b"")


def test_a_file_emptied_to_zero_bytes_is_never_taken_for_a_new_one(filled_db, capsys):
    path, ids = filled_db
    good = backup.create_backup(path, "manual")
    _plant_bad_backups(path)
    for extra in ("-wal", "-shm"):
        (path.parent / (path.name + extra)).unlink(missing_ok=True)
    path.write_bytes(b"")  # a failed copy, a sync tool

    assert main(["check-db", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "trống (0 byte)" in err and "đã từng có dữ liệu" in err and good.name in err
    # stats no longer answers "0 members" for it
    assert main(["stats", "--db", str(path)]) == 4
    out, err = capsys.readouterr()
    assert "Đảng viên" not in out and "trống (0 byte)" in err and "restore --newest-good" in err
    # no backup of the empty file, by any path
    listed = len(backup.list_backups(path))
    assert main(["backup", "--db", str(path)]) == 1
    assert "không sao lưu" in capsys.readouterr().err
    assert backup.backup_on_close(path) is None
    assert len(backup.list_backups(path)) == listed
    # an import refuses to write into it (it would make a "new" commune on top of an emptied one)
    assert main(["demo", "--db", str(path), "--members", "3", "--quiet"]) == 4
    assert path.stat().st_size == 0
    # --newest-good skips the empty and the 0-byte copies and brings the 40 members back
    assert backup.newest_good_backup(path).path == good
    assert main(["restore", "--db", str(path), "--newest-good", "--yes"]) == 0
    assert good.name in capsys.readouterr().out
    assert count(path, "members") == len(ids) == MEMBERS
    # and an empty copy is refused when named explicitly
    empty = backup.list_backups(path)
    planted = [i.path for i in empty if i.size == 0]
    assert main(["restore", "--db", str(path), str(planted[0]), "--yes"]) == 1
    assert "không dùng được" in capsys.readouterr().err


def test_the_window_offers_the_newest_good_backup_for_an_emptied_file(filled_db):
    from app.ui import startup_checks

    path, ids = filled_db
    good = backup.create_backup(path, "close")
    _plant_bad_backups(path)
    path.write_bytes(b"")
    script = Script(restore=True)
    opened = startup_checks.open_database(path, script)
    assert opened is not None
    assert [k for k, _ in script.asked] == ["restore", "info"]
    assert "đã từng có dữ liệu" in script.asked[0][1] and good.name in script.asked[0][1]
    startup_checks.close_database(opened)
    assert count(path, "members") == MEMBERS
    # a missing file with good backups beside it is no new commune either
    path.unlink()
    script = Script(restore=False)
    assert startup_checks.open_database(path, script) is None
    assert "không còn" in script.asked[0][1]
    assert not path.exists()


def test_a_flipped_index_page_is_seen_and_rebuilt(filled_db, capsys):
    path, ids = filled_db
    flip_index_page(path)
    conn = sqlite3.connect(str(path))
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]  # what start-up used to run
    conn.close()
    # the CLI's start-up check runs integrity_check (a week has passed: no clean check recorded)
    assert main(["stats", "--db", str(path)]) == 4
    err = capsys.readouterr().err
    assert "Chỉ mục" in err and "ix_members_name_key" in err and "check-db" in err
    # never copied over the good backups
    assert main(["backup", "--db", str(path)]) == 1
    assert "Không sao lưu tệp hỏng" in capsys.readouterr().err and backup.list_backups(path) == []
    # check-db rebuilds the indexes (the tables are sound): nothing is lost
    assert main(["check-db", "--db", str(path)]) == 0
    assert "Đã dựng lại chỉ mục" in capsys.readouterr().out
    assert backup.integrity_problems(path) == []
    assert count(path, "members") == MEMBERS
    assert main(["stats", "--db", str(path), "--as-of", "2025-01-01"]) == 0
    assert f"Đảng viên: {MEMBERS}" in capsys.readouterr().out


def test_the_window_rebuilds_a_flipped_index_at_its_weekly_full_check(filled_db):
    from datetime import date, timedelta

    from app.ui import startup_checks

    path, _ = filled_db
    # a clean full check yesterday: today's start runs quick_check only, which cannot see index damage
    assert safety.check_integrity(path, full=True, today=date.today() - timedelta(days=1)).ok
    flip_index_page(path)
    assert safety.check_integrity(path).ok and not safety.check_integrity(path).full
    # a week later the start runs integrity_check, and REINDEX repairs it
    later = safety.check_integrity(path, today=date.today() + timedelta(days=7), find_backup=False)
    assert later.full and later.index_only
    # a failed full check is not forgotten: the next start checks fully again, whatever the week
    assert not safety._stamp_path(path).exists()
    script = Script()
    opened = startup_checks.open_database(path, script)
    assert opened is not None and [k for k, _ in script.asked] == ["info"]
    assert "dựng lại chỉ mục" in script.asked[0][1]
    assert backup.integrity_problems(path) == []
    startup_checks.close_database(opened)
    assert count(path, "members") == MEMBERS


@pytest.fixture
def docx_in_place(filled_db):
    from docx import Document

    path, _ = filled_db
    good = backup.create_backup(path, "close")
    for extra in ("-wal", "-shm"):
        (path.parent / (path.name + extra)).unlink(missing_ok=True)
    doc = Document()
    doc.add_paragraph("Báo cáo tổng kết công tác đảng viên năm 2025")
    doc.save(str(path))  # the clerk saved a report over the database
    return path, good


def test_a_word_document_in_place_of_the_database_is_refused(docx_in_place, capsys):
    path, good = docx_in_place
    before = path.read_bytes()
    assert main(["check-db", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "không phải là cơ sở dữ liệu SQLite" in err and good.name in err
    assert main(["stats", "--db", str(path)]) == 4
    assert main(["backup", "--db", str(path)]) == 1
    assert len(backup.list_backups(path)) == 1
    assert path.read_bytes() == before
    capsys.readouterr()
    assert main(["restore", "--db", str(path), "--newest-good", "--yes"]) == 0
    assert count(path, "members") == MEMBERS
    # the document was kept, byte for byte, beside the backups
    kept = [p for p in backup.backups_dir(path).iterdir() if p.suffix == ".damaged"]
    assert len(kept) == 1 and kept[0].read_bytes() == before


def test_the_window_offers_a_backup_for_a_word_document(docx_in_place):
    from app.ui import startup_checks

    path, good = docx_in_place
    script = Script(restore=False)
    assert startup_checks.open_database(path, script) is None
    assert script.asked[0][0] == "restore" and "không phải là cơ sở dữ liệu SQLite" in script.asked[0][1]


def test_close_checks_fully_and_never_backs_up_a_broken_index(filled_db):
    from app.ui import startup_checks

    path, _ = filled_db
    opened = startup_checks.open_database(path, Script())
    assert opened is not None and safety._stamp_path(path).exists()  # the first start checked fully
    opened.db.dispose()
    flip_index_page(path)  # the disk fails while the window is open
    assert startup_checks.close_database(opened) is None
    assert backup.list_backups(path) == []  # the daily copy was refused
    assert not safety._stamp_path(path).exists()  # so the next start runs integrity_check again
    assert not opened.lock.held
