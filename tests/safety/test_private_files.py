"""Issue 18 item 6: the database, its -wal and -shm, the backups, the kept copy, the log and the lock are
private to the user (0600 files, 0700 folders) even under the usual umask 022 (POSIX; on Windows the
user's profile ACL does it, see README)."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from app import backup, safety
from app.db import Database

from .helpers import populate

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_every_file_is_created_private(umask_022, tmp_path, monkeypatch):
    data = tmp_path / "fresh"  # nothing exists yet: the program creates every folder
    monkeypatch.setenv("DANGVU_DATA_DIR", str(data))
    path = data / "dangvu.sqlite3"
    lock = safety.acquire_lock(path, program="test")
    db = Database(path)
    populate(db, members=3)
    made = backup.create_backup(path, "manual")
    log = safety.setup_logging()
    logging.getLogger("app.test").warning("a line")
    for h in logging.getLogger().handlers:
        h.flush()
    db.dispose()
    db = Database(path)
    with db.session() as s:  # a reader keeps the -wal and -shm there to be looked at
        s.execute(__import__("sqlalchemy").text("SELECT 1"))
        files = [path, made, log, safety.lock_path(path)] + [p for p in (path.with_name(path.name + "-wal"),
                                                                           path.with_name(path.name + "-shm"))
                                                          if p.exists()]
        assert len(files) == 6
        for p in files:
            assert _mode(p) == 0o600, (p, oct(_mode(p)))
    db.dispose()
    kept = backup.restore_backup(path, made)
    lock.release()
    for p in (kept, path):  # the copy of the replaced file, and the restored file itself
        assert _mode(p) == 0o600, (p, oct(_mode(p)))
    for folder in (data, backup.backups_dir(path), log.parent):
        assert _mode(folder) == 0o700, (folder, oct(_mode(folder)))
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_dangvu", False):
            root.removeHandler(h)
            h.close()


def test_old_backups_folder_is_narrowed(umask_022, filled_db):
    path, _ = filled_db
    folder = backup.backups_dir(path)
    os.chmod(folder, 0o755)
    backup.create_backup(path, "manual")
    assert _mode(folder) == 0o700
