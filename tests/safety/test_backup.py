"""app/backup.py on real SQLite files: round-trip, retention, daily copy on close, checked restore."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from datetime import datetime, timedelta

import pytest

from app import backup
from app.db import Database

from .helpers import populate, dump


def test_backup_then_restore_returns_an_identical_database(filled_db):
    path, ids = filled_db
    before = dump(path)
    copy = backup.create_backup(path, "manual")
    assert copy.parent == path.parent / "backups"
    assert dump(copy) == before

    # change everything a clerk could change, then restore
    db = Database(path)
    from app.services import evaluations as ev

    with db.transaction() as s:
        ev.rate_members(s, 2024, {i: "HTTNV" for i in ids})
    db.dispose()
    assert dump(path) != before

    kept = backup.restore_backup(path, copy)
    assert dump(path) == before
    # the file put in place is page for page the backup itself (the header's change counter and
    # version-valid-for number, bytes 24-27 and 92-95, are SQLite's own bookkeeping)
    assert _without_counters(path.read_bytes()) == _without_counters(copy.read_bytes())
    # the replaced file is kept as another backup, with the ratings in it
    assert kept is not None and kept.name.endswith("-restore.sqlite3")
    conn = sqlite3.connect(kept)
    assert conn.execute("select count(*) from evaluations where year = 2024").fetchone()[0] == len(ids)
    conn.close()
    # and the program opens the restored file normally
    db = Database(path)
    with db.transaction() as s:
        from app.models import Member

        assert s.query(Member).count() == len(ids)
    db.dispose()


def _without_counters(data: bytes) -> bytes:
    return data[:24] + data[28:92] + data[96:]


def test_backup_of_an_open_database_in_wal_mode_holds_committed_changes(filled_db):
    path, ids = filled_db
    db = Database(path)
    from app.services import evaluations as ev

    with db.transaction() as s:
        ev.rate_members(s, 2023, {i: "HTXSNV" for i in ids[:3]})
    # the connection stays open: the change may live only in the -wal file
    copy = backup.create_backup(path, "manual")
    db.dispose()
    conn = sqlite3.connect(copy)
    assert conn.execute("select count(*) from evaluations where year = 2023").fetchone()[0] == 3
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert not (copy.parent / (copy.name + "-wal")).exists()


def test_list_shows_dates_reasons_and_sizes_newest_first(filled_db):
    path, _ = filled_db
    a = backup.create_backup(path, "migration", now=datetime(2025, 3, 1, 8, 0, 0))
    b = backup.create_backup(path, "import", now=datetime(2025, 3, 2, 9, 30, 0))
    found = backup.list_backups(path)
    assert [i.path for i in found] == [b, a]
    assert found[0].created == datetime(2025, 3, 2, 9, 30, 0)
    assert found[0].reason_label == "Trước khi nhập dữ liệu"
    assert found[0].size == b.stat().st_size > 0


def test_two_backups_in_the_same_second_do_not_overwrite_each_other(filled_db):
    path, _ = filled_db
    when = datetime(2025, 1, 1, 12, 0, 0)
    a = backup.create_backup(path, "manual", now=when)
    b = backup.create_backup(path, "manual", now=when)
    assert a != b and a.exists() and b.exists()
    assert len(backup.list_backups(path)) == 2


def test_retention_keeps_last_30_and_one_per_month(filled_db):
    path, _ = filled_db
    start = datetime(2024, 1, 1, 10, 0, 0)
    # one backup every 5 days for 400 days: 80 backups over 14 calendar months
    made = [backup.create_backup(path, "close", now=start + timedelta(days=5 * k), prune_after=False)
            for k in range(80)]
    removed = backup.prune(path)
    kept = backup.list_backups(path)
    kept_paths = {i.path for i in kept}
    newest30 = set(made[-30:])
    assert newest30 <= kept_paths
    # every month that had a backup still has one (the newest of that month)
    by_month = {}
    for k, p in enumerate(made):
        when = start + timedelta(days=5 * k)
        by_month[(when.year, when.month)] = p
    assert set(by_month.values()) <= kept_paths
    assert kept_paths == newest30 | set(by_month.values())
    assert len(kept) + len(removed) == 80
    assert all(not p.exists() for p in removed)


def test_backup_on_close_at_most_once_a_day(filled_db):
    path, _ = filled_db
    day = datetime(2025, 6, 1, 17, 0, 0)
    first = backup.backup_on_close(path, now=day)
    assert first is not None
    assert backup.backup_on_close(path, now=day + timedelta(hours=2)) is None
    # a backup for another reason the same day does not count as the daily copy, nor stop it
    nextday = backup.backup_on_close(path, now=day + timedelta(days=1))
    assert nextday is not None
    assert len(backup.list_backups(path)) == 2


def test_restore_refuses_a_damaged_backup_and_leaves_the_database_alone(filled_db):
    path, _ = filled_db
    copy = backup.create_backup(path, "manual")
    data = bytearray(copy.read_bytes())
    data[4096 * 2: 4096 * 2 + 200] = b"\xff" * 200
    copy.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(backup.BackupError, match="bị hỏng"):
        backup.restore_backup(path, copy)
    assert path.read_bytes() == before
    assert [i.reason for i in backup.list_backups(path)] == ["manual"]


def test_backup_of_a_missing_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("DANGVU_DATA_DIR", str(tmp_path))
    with pytest.raises(backup.BackupError, match="Không tìm thấy tệp dữ liệu"):
        backup.create_backup(tmp_path / "none.sqlite3", "manual")


def test_migration_backup_goes_through_the_backup_module(data_dir, monkeypatch):
    """app/db.migrate copies the file before an upgrade; the copy must be listed and pruned like any other."""
    import app.db

    path = data_dir / "dangvu.sqlite3"
    first = Database(path)
    populate(first, members=3)
    first.dispose()
    before = dump(path)
    # pretend a newer schema ships: migrate() must take the copy before it upgrades
    monkeypatch.setattr(app.db, "head_revision", lambda url: "a-newer-revision")
    monkeypatch.setattr(app.db, "schema_is_current", lambda engine: False)
    db = Database(path)
    db.dispose()
    listed = backup.list_backups(path)
    assert [i.reason for i in listed] == ["migration"]
    assert db.migration_backup == listed[0].path
    assert dump(listed[0].path) == before


def test_restore_is_refused_while_another_connection_is_reading(filled_db):
    path, ids = filled_db
    copy = backup.create_backup(path, "manual")
    db = Database(path)
    from app.services import evaluations as ev

    with db.transaction() as s:  # the program's connection stays open: the change sits in the -wal
        ev.rate_members(s, 2022, {i: "HTNV" for i in ids[:5]})
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM evaluations").fetchone()
    try:
        with pytest.raises(backup.BackupError, match="đang được dùng"):
            backup.restore_backup(path, copy)
    finally:
        reader.rollback()
        reader.close()
        db.dispose()
    conn = sqlite3.connect(path)
    assert conn.execute("select count(*) from evaluations where year = 2022").fetchone()[0] == 5
    conn.close()
    assert [i.reason for i in backup.list_backups(path)] == ["manual"]


def test_restore_keeps_changes_that_were_only_in_the_wal(filled_db):
    """Committed changes still in the -wal file are in the kept copy, not lost with the -wal."""
    path, ids = filled_db
    copy = backup.create_backup(path, "manual")
    db = Database(path)
    from app.services import evaluations as ev

    with db.transaction() as s:
        ev.rate_members(s, 2022, {i: "HTNV" for i in ids[:5]})
    db.dispose()
    kept = backup.restore_backup(path, copy)
    conn = sqlite3.connect(kept)
    assert conn.execute("select count(*) from evaluations where year = 2022").fetchone()[0] == 5
    conn.close()


def test_copies_made_by_the_importer_are_listed_and_pruned_too(filled_db):
    """app/importing names its copy '<stem>-before-import-<stamp>-<µs>'; it must still be in the list."""
    from app.services.imports import backup_database

    path, _ = filled_db
    db = Database(path)
    made = Path(backup_database(db))
    db.dispose()
    listed = backup.list_backups(path)
    assert [i.path for i in listed] == [made]
    assert listed[0].reason_label == "Trước khi nhập dữ liệu"
    assert dump(made) == dump(path)
