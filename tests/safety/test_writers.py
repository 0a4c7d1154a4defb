"""Issue 18 item 1: one lock for every writer. Real processes of `python -m app` on a real file.

The expected member counts come from the sample's .expected.json (counted by hand when it was made) and
from big_sheet()'s own arithmetic, never from the import under test.
"""

from __future__ import annotations

import json
import time

from app import backup, safety

from .helpers import big_sheet, cli, count, finish, populate, start_holder

SAMPLE = "DSDV_ThanhLong_2024.xlsx"


def _expected_members(samples_dir) -> int:
    return json.loads((samples_dir / "DSDV_ThanhLong_2024.expected.json").read_text(encoding="utf-8"))["members"]


def test_the_window_holding_the_lock_refuses_a_cli_import_naming_it(data_dir, samples_dir):
    from app.db import Database

    path = data_dir / "dangvu.sqlite3"
    db = Database(path)
    populate(db, members=5)
    db.dispose()
    holder = start_holder(path)  # acquire_lock() as the window calls it
    try:
        started = time.monotonic()
        rc, out, err = finish(cli("import", samples_dir / SAMPLE, "--db", path))
        waited = time.monotonic() - started
        assert rc == 3, (out, err)
        assert f"tiến trình {holder.pid}" in err and "cửa sổ Đảng vụ" in err and "người dùng" in err
        assert "Lệnh chưa ghi gì" in err
        assert waited >= safety.WAIT_SECONDS  # it waited for the window before giving up
        # nothing written, no backup made
        assert count(path, "members") == 5 and count(path, "import_batches") == 0
        assert backup.list_backups(path) == []
        # a read-only command still works beside the open window
        rc, out, err = finish(cli("stats", "--db", path, "--as-of", "2025-01-01"))
        assert rc == 0 and "Đảng viên: 5" in out, (out, err)
        # and so do a dry run and the list of backups
        rc, out, err = finish(cli("import", samples_dir / SAMPLE, "--db", path, "--dry-run"))
        assert rc == 0 and "Xem trước" in out, (out, err)
        rc, out, err = finish(cli("restore", "--db", path, "--newest-good", "--yes"))
        assert rc == 3 and f"tiến trình {holder.pid}" in err  # a restore never runs under the window
    finally:
        holder.kill()
        holder.wait()


def test_a_restore_during_a_cli_import_is_refused_and_the_import_is_whole(data_dir, samples_dir, tmp_path):
    from app.db import Database

    path = data_dir / "dangvu.sqlite3"
    db = Database(path)
    populate(db, members=30)
    db.dispose()
    backup.create_backup(path, "manual")
    sheet = tmp_path / "big.xlsx"
    rows = big_sheet(samples_dir / SAMPLE, sheet, copies=25)
    assert rows == 25 * _expected_members(samples_dir)

    importing = cli("import", sheet, "--db", path)
    lock_file = safety.lock_path(path)
    deadline = time.monotonic() + 120
    while not (lock_file.exists() and "lệnh python -m app import" in lock_file.read_text("utf-8", "replace")):
        assert importing.poll() is None, finish(importing)
        assert time.monotonic() < deadline
        time.sleep(0.05)
    rc_r, out_r, err_r = finish(cli("restore", "--db", path, "--newest-good", "--yes"))
    rc_i, out_i, err_i = finish(importing)
    assert rc_i == 0 and "Đã nhập (lần nhập số 1)" in out_i, (out_i, err_i)
    assert rc_r == 3, (out_r, err_r)
    assert "lệnh python -m app import" in err_r and "Lệnh chưa ghi gì" in err_r
    assert count(path, "members") == 30 + rows
    assert count(path, "import_batches") == 1


def test_two_imports_of_one_sheet_at_once_add_it_once(data_dir, samples_dir):
    path = data_dir / "dangvu.sqlite3"
    first = cli("import", samples_dir / SAMPLE, "--db", path)
    second = cli("import", samples_dir / SAMPLE, "--db", path)
    results = [finish(first), finish(second)]
    codes = sorted(rc for rc, _, _ in results)
    # one imports; the other waited and found nothing new (0), or was refused after waiting (3)
    assert codes in ([0, 0], [0, 3]), results
    assert count(path, "members") == _expected_members(samples_dir)
    conn_names = count(path, "(SELECT DISTINCT full_name, birth_date FROM members)")
    assert conn_names == _expected_members(samples_dir)
    assert count(path, "import_batches") == 1
    outs = " ".join(out for _, out, _ in results)
    assert "Đã nhập (lần nhập số 1)" in outs


def test_writing_commands_share_one_helper():
    """Every writing sub-command is wrapped by cli_safety.writes_database (one place takes the lock)."""
    from app import cli, cli_backup, cli_import

    for func in (cli.cmd_demo, cli_import._import_writing, cli_backup.cmd_restore, cli_backup._make_backup,
                 cli_backup._reindex):
        assert getattr(func, "writes_database", False), func
    for func in (cli.cmd_stats, cli.cmd_reminders, cli_backup.cmd_check):
        assert not getattr(func, "writes_database", False), func
