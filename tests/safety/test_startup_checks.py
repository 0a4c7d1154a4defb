"""Start-up checks on real files: a damaged database is found and restored; a second copy cannot write."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import backup, safety
from app.db import Database

from .helpers import damage as _damage
from .helpers import dump
from .helpers import start_holder as _start_holder

ROOT = Path(__file__).resolve().parents[2]


def test_sound_file_passes(filled_db):
    path, _ = filled_db
    result = safety.check_integrity(path)
    assert result.ok and result.message == ""


def test_missing_file_is_not_damage(tmp_path):
    assert safety.check_integrity(tmp_path / "new.sqlite3").ok


def test_damaged_file_is_detected_and_restored_from_the_newest_good_backup(filled_db):
    path, ids = filled_db
    older = backup.create_backup(path, "manual")
    db = Database(path)
    from app.services import evaluations as ev

    with db.transaction() as s:
        ev.rate_members(s, 2024, {i: "HTTNV" for i in ids})
    db.dispose()
    good = dump(path)
    newest = backup.create_backup(path, "close")
    # the newest backup is itself damaged later (a bad sector): the check must skip it
    bad_copy = backup.create_backup(path, "manual")
    _damage(bad_copy, seed=3)

    _damage(path)
    result = safety.check_integrity(path)
    assert not result.ok
    assert "bị hỏng" in result.message and newest.name in result.message
    assert result.newest_good is not None and result.newest_good.path == newest

    restored = backup.restore_newest_good(path)
    assert restored.path == newest
    assert safety.check_integrity(path).ok
    assert dump(path) == good
    # the damaged file is kept (as raw bytes: SQLite may refuse to copy it), never thrown away
    kept = [p for p in path.parent.joinpath("backups").iterdir() if p.suffix in (".damaged", ".sqlite3")
            and "restore" in p.name]
    assert kept
    assert older.exists()


def test_damaged_file_without_any_good_backup_says_so(filled_db):
    path, _ = filled_db
    _damage(path)
    result = safety.check_integrity(path)
    assert not result.ok and result.newest_good is None
    assert "Không có bản sao lưu nào còn tốt" in result.message


def test_a_file_that_is_not_a_database_is_damage(tmp_path):
    path = tmp_path / "x.sqlite3"
    path.write_bytes(b"this is a word document, not a database" * 200)
    result = safety.check_integrity(path, find_backup=False)
    assert not result.ok


def test_second_copy_is_refused_the_write_lock_with_a_vietnamese_message(filled_db):
    path, ids = filled_db
    holder = _start_holder(path)
    try:
        with pytest.raises(safety.DatabaseLocked) as err:
            safety.acquire_lock(path)
        message = str(err.value)
        assert "đang được mở bởi một cửa sổ Đảng vụ khác" in message
        assert f"tiến trình {holder.pid}" in message
        assert "chỉ xem" in err.value.for_window
        # the refused copy opens the file read-only: it can read, and any write fails
        db = Database(path, read_only=True)
        from sqlalchemy.exc import OperationalError

        from app.models import Member
        from app.services import evaluations as ev

        with db.session() as s:
            assert s.query(Member).count() == len(ids)
        with pytest.raises(OperationalError, match="readonly"):
            with db.transaction() as s:
                ev.rate_members(s, 2024, {ids[0]: "HTTNV"})
        db.dispose()
    finally:
        holder.kill()
        holder.wait()
    # the OS dropped the lock with the killed process: no stale lock after a crash
    lock = safety.acquire_lock(path)
    assert lock.held
    # and within one process a second open of the same file is refused too
    with pytest.raises(safety.DatabaseLocked):
        safety.acquire_lock(path)
    lock.release()
    with safety.acquire_lock(path) as again:
        assert again.held


def test_lock_is_released_on_release(tmp_path):
    path = tmp_path / "d.sqlite3"
    lock = safety.acquire_lock(path)
    lock.release()
    lock.release()  # twice is harmless
    holder = _start_holder(path)
    holder.kill()
    holder.wait()
