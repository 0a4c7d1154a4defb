import sqlite3

from sqlalchemy import text

from app.db import Database, copy_sqlite, current_revision, head_revision


def test_pragmas_and_schema_at_head(tmp_path):
    db = Database(tmp_path / "a.sqlite3")
    with db.engine.connect() as c:
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert current_revision(db.engine) == head_revision(db.url)
    db.dispose()


def test_reopening_runs_no_migration_and_makes_no_backup(tmp_path):
    Database(tmp_path / "a.sqlite3").dispose()
    again = Database(tmp_path / "a.sqlite3")
    assert again.migration_backup is None
    again.dispose()


def test_older_schema_is_copied_before_migrating(tmp_path):
    path = tmp_path / "old.sqlite3"
    Database(path).dispose()
    con = sqlite3.connect(path)
    con.execute("update alembic_version set version_num = 'base0'")  # pretend an older revision
    con.commit()
    con.close()
    import pytest
    from alembic.util.exc import CommandError

    with pytest.raises(CommandError):
        Database(path)  # unknown revision: refused, but only after the copy was taken
    copies = list((tmp_path / "backups").glob("old*migration*.sqlite3"))
    assert len(copies) == 1
    assert sqlite3.connect(copies[0]).execute("select version_num from alembic_version").fetchone()[0] == "base0"


def test_copy_sqlite_is_consistent(tmp_path):
    src = tmp_path / "s.sqlite3"
    con = sqlite3.connect(src)
    con.execute("create table t(x)")
    con.executemany("insert into t values (?)", [(i,) for i in range(100)])
    con.commit()
    dest = copy_sqlite(src, tmp_path / "copy" / "d.sqlite3")
    assert sqlite3.connect(dest).execute("select count(*) from t").fetchone()[0] == 100


def test_a_real_older_revision_is_backed_up_then_migrated(tmp_path):
    """A file at revision 0001 (before the statistics index) is copied, then brought to the newest schema."""
    from alembic import command

    from app.db import _alembic_config

    path = tmp_path / "v1.sqlite3"
    db = Database(path)
    db.dispose()
    cfg = _alembic_config(f"sqlite:///{path}")
    command.downgrade(cfg, "0001")
    con = sqlite3.connect(path)
    assert con.execute("select version_num from alembic_version").fetchone()[0] == "0001"
    con.execute("insert into settings(key, value) values ('place_name', 'Bình Lư')")
    con.commit()
    con.close()
    again = Database(path)
    assert again.migration_backup is not None and again.migration_backup.exists()
    assert current_revision(again.engine) == head_revision(again.url)
    with again.engine.connect() as c:
        names = {r[0] for r in c.execute(text("select name from sqlite_master where type = 'index'"))}
        assert "ix_members_census" in names
        assert c.execute(text("select value from settings where key = 'place_name'")).scalar() == "Bình Lư"
    again.dispose()
    old = sqlite3.connect(again.migration_backup)
    assert old.execute("select version_num from alembic_version").fetchone()[0] == "0001"
