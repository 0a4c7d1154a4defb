"""Issue 16: backups, restore and the start-up checks of a database on a real PostgreSQL server.

Run with DANGVU_TEST_POSTGRES=1 (a throw-away cluster, tools/pg_cluster.py); skipped otherwise. Counts are
taken with plain SQL (tests/pg_helpers.py), not through the code under test.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from app import backup, backup_server, safety
from app.cli import main
from app.db import Database

from ..pg_helpers import all_counts, counts, needs_postgres
from .helpers import populate


@pytest.fixture
def pg_url(request):
    needs_postgres()
    databases = request.getfixturevalue("postgres_databases")
    url = databases.fresh()
    yield url
    databases.drop(url)


@pytest.fixture
def filled_pg(pg_url):
    db = Database(pg_url)
    populate(db)
    db.dispose()
    return pg_url


def add_members(url: str, n: int, start: int = 100) -> None:
    """A change after the backup, through the real services."""
    from app.services import members as ms
    from app.services import units as us
    from tests.services.factories import made_up_name

    db = Database(url)
    with db.transaction() as s:
        cell = next(u for u in us.list_units(s) if u.name == "Chi bộ thôn Một")
        for i in range(start, start + n):
            m = ms.create_member(s, {"full_name": made_up_name(i), "birth_date": date(1980, 2, 1 + i % 28),
                                     "national_id": f"0020{i:08d}"})
            ms.record_on_roll(s, m.id, unit_id=cell.id, on=date(2021, 1, 1))
    db.dispose()


@pytest.mark.parametrize("kind", ["pg_dump", "logical"])
def test_backup_change_restore_gives_the_old_counts_back(filled_pg, kind, monkeypatch):
    if kind == "logical":
        monkeypatch.setenv(backup_server.TOOLS_ENV, "none")  # as on a clerk's PC without PostgreSQL's tools
    elif backup_server.find_tool("pg_dump") is None:
        pytest.skip("pg_dump not installed")
    before = all_counts(filled_pg)
    assert before["members"] == 40 and before["units"] == 2

    made = backup.create_backup(filled_pg, "manual")
    assert made.suffix == (".dump" if kind == "pg_dump" else ".sqlite3")
    listed = backup.list_backups(filled_pg)
    assert [i.path for i in listed] == [made]
    assert listed[0].kind_label == ("pg_dump (tệp .dump của PostgreSQL)" if kind == "pg_dump"
                                    else "sao chép từng bảng (tệp SQLite)")
    assert backup.record_counts(made) == {"units": 2, "members": 40, "import_batches": 0}

    add_members(filled_pg, 5)
    assert counts(filled_pg)["members"] == 45
    kept = backup.restore_backup(filled_pg, made)
    assert all_counts(filled_pg) == before
    assert kept is not None and backup.record_counts(kept)["members"] == 45  # the replaced data, kept

    # the ids continue after the restored rows: the server's sequences were reset, a new member gets saved
    add_members(filled_pg, 1, start=200)
    assert counts(filled_pg)["members"] == 41


def test_logical_copy_from_sqlite_into_postgresql_and_back(tmp_path, pg_url, monkeypatch):
    monkeypatch.setenv(backup_server.TOOLS_ENV, "none")
    source = tmp_path / "xa.sqlite3"
    db = Database(source)
    populate(db, members=25)
    with db.transaction() as s:  # every kind of value: dates, enums, booleans, NULLs, a unit's parent
        from app.services import settings as S

        S.set_settings(s, {"place_name": "Bình Lư", "population": "18606"})
    db.dispose()
    sqlite_url = f"sqlite:///{source}"
    expected = all_counts(sqlite_url)
    assert expected["members"] == 25

    backup.restore_backup(pg_url, source)  # a commune's own SQLite file, loaded into the server
    assert all_counts(pg_url) == expected
    assert _members(pg_url) == _members(sqlite_url)

    copy = backup.create_backup(pg_url, "manual")  # logical: a SQLite file again
    target = tmp_path / "lai.sqlite3"
    Database(target).dispose()  # a new, empty commune file to restore into
    backup.restore_backup(target, copy)
    assert all_counts(f"sqlite:///{target}") == expected
    assert _members(f"sqlite:///{target}") == _members(sqlite_url)


def _members(url: str) -> list[tuple]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT m.id, m.full_name, m.birth_date, m.national_id, u.name, p.name "
                                 "FROM members m LEFT JOIN units u ON u.id = m.current_unit_id "
                                 "LEFT JOIN units p ON p.id = u.parent_id ORDER BY m.id")).all()
    engine.dispose()
    return [tuple(str(v) for v in r) for r in rows]


def test_cli_backup_list_restore_and_check_on_a_server_url(filled_pg, capsys):
    assert main(["backup", "--db", filled_pg]) == 0
    out = capsys.readouterr().out
    made = backup.list_backups(filled_pg)
    assert len(made) == 1 and str(made[0].path) in out and "127.0.0.1" in out

    assert main(["backup", "--db", filled_pg, "--list"]) == 0
    out = capsys.readouterr().out
    assert "Sao lưu thủ công" in out and made[0].kind_label in out and made[0].path.name in out

    assert main(["check-db", "--db", filled_pg]) == 0
    assert "40 đảng viên" in capsys.readouterr().out

    add_members(filled_pg, 3)
    assert main(["restore", "--db", filled_pg, str(made[0].path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Đã phục hồi" in out and "43 đảng viên" in out and "được giữ tại" in out
    assert counts(filled_pg)["members"] == 40


def test_an_emptied_server_database_beside_its_backups_is_warned_about(filled_pg, postgres_databases, capsys):
    made = backup.create_backup(filled_pg, "manual")
    assert safety.check_server(filled_pg).ok

    emptied = postgres_databases.fresh()  # schema, no commune: the database was re-created
    try:
        same_name = backup.backups_dir(emptied) / made.name.replace(
            backup_server.target_for(filled_pg).stem, backup_server.target_for(emptied).stem)
        shutil.copy2(made, same_name)
        result = safety.check_server(emptied)
        assert result.emptied and not result.ok and result.can_open
        assert result.newest_good is not None and result.newest_good.path == same_name
        assert "không có tổ chức đảng, đảng viên nào" in result.message

        # a reading command warns and runs; a writing one refuses (as with an emptied SQLite file)
        assert main(["stats", "--db", emptied, "--as-of", "2026-01-01", "--json"]) == 0
        assert "Cảnh báo" in capsys.readouterr().err
        assert main(["settings", "--db", emptied, "place_name=X"]) == 4
        assert "restore --newest-good" in capsys.readouterr().err
    finally:
        postgres_databases.drop(emptied)


def test_a_server_that_does_not_answer_is_said_in_vietnamese(capsys):
    needs_postgres()
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql+psycopg://dangvu@127.0.0.1:{port}/dangvu"
    result = safety.check_server(url)
    assert not result.can_open and "Không kết nối được tới máy chủ" in result.message
    assert main(["stats", "--db", url, "--as-of", "2026-01-01"]) == 4
    assert "Không kết nối được tới máy chủ" in capsys.readouterr().err


def test_backup_dialog_on_a_server_says_the_kind_and_restores(qtbot, filled_pg, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from app.ui.backup_dialog import COL_KIND, COL_REASON, BackupDialog

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    db = Database(filled_pg)
    dialog = BackupDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.server and dialog.table.rowCount() == 0
    dialog.backup_button.click()  # a write operation on the worker (app/ui/ops.py)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1 or bool(shown), timeout=60000)
    assert dialog.table.rowCount() == 1, shown
    assert dialog.table.item(0, COL_KIND).text() == backup.list_backups(filled_pg)[0].kind_label
    assert "Loại bản sao lưu" in dialog.restore_question(dialog.selected())

    add_members(filled_pg, 2)
    dialog.table.selectRow(0)
    assert dialog.restore_selected(confirm=lambda info: True)
    assert counts(filled_pg)["members"] == 40
    with db.session() as s:  # the same Database object goes on working on the restored data
        from sqlalchemy import text

        assert s.execute(text("SELECT count(*) FROM members")).scalar_one() == 40
    assert [dialog.table.item(r, COL_REASON).text() for r in range(2)] == ["Trước khi phục hồi",
                                                                            "Sao lưu thủ công"]
    copy = dialog.save_copy_to(str(tmp_path))
    assert copy is not None and copy.parent == tmp_path and backup.record_counts(copy)["members"] == 40
    dialog.resize(1000, 420)
    from pathlib import Path

    Path("/tmp/pg-office").mkdir(exist_ok=True)
    dialog.grab().save("/tmp/pg-office/backup-dialog-server.png")
    db.dispose()


class Clerk:
    """Answers the start-up questions of app/ui/startup_checks.py; records what was asked."""

    def __init__(self, restore: bool):
        self.restore, self.asked = restore, []

    def server_problem(self, result):
        self.asked.append(("server", result.message))
        return False

    def server_emptied(self, result):
        self.asked.append(("emptied", result.message))
        return self.restore

    def info(self, text):
        self.asked.append(("info", text))


def test_window_start_on_an_emptied_server_offers_the_newest_good_backup(filled_pg, postgres_databases):
    from app.ui.startup_checks import close_database, open_database

    made = backup.create_backup(filled_pg, "manual")
    emptied = postgres_databases.fresh()
    try:
        shutil.copy2(made, backup.backups_dir(emptied) / made.name.replace(
            backup_server.target_for(filled_pg).stem, backup_server.target_for(emptied).stem))
        clerk = Clerk(restore=False)  # «Mở như vậy»: opened, nothing written
        opened = open_database(emptied, clerk)
        assert opened is not None and [a[0] for a in clerk.asked] == ["emptied"]
        assert counts(emptied)["members"] == 0
        opened.db.dispose()

        clerk = Clerk(restore=True)  # «Phục hồi từ bản sao lưu»
        opened = open_database(emptied, clerk)
        assert opened is not None and [a[0] for a in clerk.asked] == ["emptied", "info"]
        assert "Đã phục hồi" in clerk.asked[1][1] and counts(emptied)["members"] == 40
        close_database(opened)
        assert [i.reason for i in backup.list_backups(emptied)][0] == "close"  # the daily copy on close
    finally:
        postgres_databases.drop(emptied)


@pytest.mark.parametrize("kind", ["pg_dump", "logical"])
def test_an_older_schema_on_the_server_is_backed_up_then_migrated(filled_pg, kind, monkeypatch, tmp_path):
    """The copy before a migration, from a PC with pg_dump and from one without (the server still at the
    older revision while the program's models are newer)."""
    if kind == "logical":
        monkeypatch.setenv(backup_server.TOOLS_ENV, "none")
    from alembic import command
    from sqlalchemy import create_engine, text

    from app.db import _alembic_config

    engine = create_engine(filled_pg)
    with engine.begin() as conn:
        cfg = _alembic_config(filled_pg)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "-1")
    with engine.connect() as conn:
        old = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    result = safety.check_server(filled_pg)
    assert result.ok and result.status == "old_schema" and old in result.text

    assert main(["stats", "--db", filled_pg, "--as-of", "2026-01-01", "--json"]) == 0
    made = backup.list_backups(filled_pg)
    assert [i.reason for i in made] == ["migration"]
    assert backup.record_counts(made[0].path)["members"] == 40
    assert made[0].path.suffix == (".dump" if kind == "pg_dump" else ".sqlite3")
    assert safety.check_server(filled_pg).status == "ok"  # migrated to head by the command
    # and that copy, at the older revision, restores into a commune file (migrated there to head)
    if kind == "logical":
        target = tmp_path / "lai.sqlite3"
        Database(target).dispose()
        backup.restore_backup(target, made[0].path)
        Database(target).dispose()
        assert counts(f"sqlite:///{target}")["members"] == 40


def test_the_copy_before_an_import_is_made_of_a_server_database(filled_pg):
    from pathlib import Path

    from app.services.imports import backup_database

    db = Database(filled_pg)
    made = Path(backup_database(db))
    db.dispose()
    assert [i.path for i in backup.list_backups(filled_pg)] == [made]
    assert backup.list_backups(filled_pg)[0].reason_label == "Trước khi nhập dữ liệu"
    assert backup.record_counts(made)["members"] == 40


@pytest.mark.parametrize("kind", ["pg_dump", "logical"])
def test_a_restore_under_another_clerks_open_transaction_fails_whole_and_says_why(filled_pg, kind, monkeypatch):
    """Another PC in the middle of a transaction holds its locks: the restore waits (lock_timeout), then
    gives up with nothing changed on the server."""
    from sqlalchemy import create_engine, text

    if kind == "logical":
        monkeypatch.setenv(backup_server.TOOLS_ENV, "none")
    elif backup_server.find_tool("pg_dump") is None:
        pytest.skip("pg_dump not installed")
    made = backup.create_backup(filled_pg, "manual")
    add_members(filled_pg, 2)
    other = create_engine(filled_pg)
    with other.connect() as conn:
        conn.execute(text("SELECT count(*) FROM members")).scalar_one()  # the transaction stays open
        with pytest.raises(backup.BackupError, match="không bị thay đổi") as refused:
            backup_server.restore_into(backup_server.target_for(filled_pg), made)
        assert "máy khác" in str(refused.value)
        conn.rollback()
    other.dispose()
    assert counts(filled_pg)["members"] == 42
