"""app/ui/startup_checks.py: what happens at start and close, with the questions answered by a script."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from app import backup, safety
from app.db import Database

from .helpers import dump
from .helpers import damage as _damage
from .helpers import start_holder as _start_holder

ROOT = Path(__file__).resolve().parents[2]


class Script:
    """Answers the start-up questions like a clerk would; records what was asked."""

    def __init__(self, restore=True, read_only=True, passwords=()):
        self.asked = []
        self.restore, self.read_only_answer, self.passwords = restore, read_only, list(passwords)

    def restore_damaged(self, result):
        self.asked.append(("restore", result.message))
        return self.restore

    def damaged_no_backup(self, result):
        self.asked.append(("damaged", result.message))

    def open_read_only(self, locked):
        self.asked.append(("locked", locked.for_window))
        return self.read_only_answer

    def password(self, attempt):
        self.asked.append(("password", attempt))
        return self.passwords.pop(0) if self.passwords else None

    def info(self, text):
        self.asked.append(("info", text))


@pytest.fixture
def startup():
    from app.ui import startup_checks

    return startup_checks


def test_sound_file_opens_writable_and_closing_makes_the_daily_backup(startup, filled_db):
    path, _ = filled_db
    script = Script()
    opened = startup.open_database(path, script)
    assert opened is not None and not opened.read_only and opened.lock.held
    assert script.asked == []
    made = startup.close_database(opened)
    assert made is not None and backup.list_backups(path)[0].reason == "close"
    assert not opened.lock.held
    # the second close of the day makes no new copy
    again = startup.open_database(path, script)
    assert startup.close_database(again) is None


def test_damaged_file_is_restored_when_the_clerk_agrees(startup, filled_db):
    path, _ = filled_db
    good = dump(path)
    backup.create_backup(path, "close")
    _damage(path)
    script = Script(restore=True)
    opened = startup.open_database(path, script)
    assert opened is not None
    kinds = [k for k, _ in script.asked]
    assert kinds == ["restore", "info"]
    assert "bị hỏng" in script.asked[0][1] and "Đã phục hồi" in script.asked[1][1]
    startup.close_database(opened)
    assert safety.check_integrity(path).ok
    assert dump(path) == good


def test_damaged_file_and_clerk_quits(startup, filled_db):
    path, _ = filled_db
    backup.create_backup(path, "close")
    _damage(path)
    damaged = path.read_bytes()
    assert startup.open_database(path, Script(restore=False)) is None
    assert path.read_bytes() == damaged  # nothing touched
    # and the lock was given back
    safety.acquire_lock(path).release()


def test_second_copy_opens_read_only_or_quits(startup, filled_db):
    path, ids = filled_db
    holder = _start_holder(path)
    try:
        script = Script(read_only=True)
        opened = startup.open_database(path, script)
        assert opened is not None and opened.read_only and opened.lock is None
        assert script.asked[0][0] == "locked" and "chỉ xem" in script.asked[0][1]
        from app.models import Member

        with opened.db.session() as s:
            assert s.query(Member).count() == len(ids)
        # a read-only copy makes no backup on close and releases nothing it does not hold
        assert startup.close_database(opened) is None
        assert startup.open_database(path, Script(read_only=False)) is None
    finally:
        holder.kill()
        holder.wait()


def test_password_is_asked_and_wrong_passwords_refused(startup, filled_db):
    from app.services import security

    path, _ = filled_db
    db = Database(path)
    with db.transaction() as s:
        security.set_password(s, "dung-mat-khau")
    db.dispose()
    script = Script(passwords=["sai", "dung-mat-khau"])
    opened = startup.open_database(path, script)
    assert opened is not None
    assert [a for a in script.asked if a[0] == "password"] == [("password", 1), ("password", 2)]
    startup.close_database(opened)
    # cancelling (or running out of tries) quits, and gives the lock back
    assert startup.open_database(path, Script(passwords=["x"] * startup.MAX_PASSWORD_TRIES)) is None
    assert startup.open_database(path, Script(passwords=[])) is None
    safety.acquire_lock(path).release()
