import sqlite3
from datetime import date

import pytest
from sqlalchemy import text

from app.db import Database, copy_sqlite, current_revision, head_revision

from .conftest import POSTGRES_WANTED


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


def _with_a_unit(path):
    """A file that holds a commune: an empty schema is not backed up (issue 18: no empty backups)."""
    from app.models.enums import UnitKind
    from app.services.units import create_unit

    db = Database(path)
    with db.transaction() as s:
        create_unit(s, name="Đảng bộ xã Thử", kind=UnitKind.COMMUNE)
    db.dispose()


def test_older_schema_is_copied_before_migrating(tmp_path):
    path = tmp_path / "old.sqlite3"
    _with_a_unit(path)
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
    _with_a_unit(path)
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


def test_a_current_schema_is_told_without_importing_alembic(tmp_path):
    """Start-up pays for Alembic only when a migration is due (issue 15: 0.5 s per command otherwise)."""
    import subprocess
    import sys

    from app.db import Database, _head_in_files, schema_is_current

    path = tmp_path / "current.sqlite3"
    db = Database(path)  # new file: migrated to the head
    assert schema_is_current(db.engine)
    assert _head_in_files() == db.engine.connect().exec_driver_sql(
        "SELECT version_num FROM alembic_version").scalar()
    db.dispose()
    code = ("import sys; from app.db import Database; d = Database(sys.argv[1]); d.dispose(); "
            "print(any(m.split('.')[0] == 'alembic' for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True,
                         cwd=__import__("pathlib").Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"
    # a file one revision behind is not current: Alembic then runs
    import sqlite3

    with sqlite3.connect(path) as c:
        c.execute("UPDATE alembic_version SET version_num = '0002'")
    db = Database(path, run_migrations=False)
    assert not schema_is_current(db.engine)
    db.dispose()


_BACKENDS = ["sqlite", "postgresql"] if POSTGRES_WANTED else ["sqlite"]  # the server when there is one


@pytest.mark.parametrize("backend", _BACKENDS, indirect=True)
def test_a_database_from_before_the_sort_order_revision_is_migrated_in_place(backend, tmp_path, request):
    """An office's records from before 0006 (sort order) come through the upgrade whole, on either backend,
    and list in Vietnamese order after it; on a server the upgrade runs in the database itself."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from app.db import _alembic_config, schema_is_current
    from app.models.enums import UnitKind
    from app.services import members as M, units as U
    from app.services.member_queries import list_member_rows

    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'v5.sqlite3'}"
    else:
        databases = request.getfixturevalue("postgres_databases")
        url = databases.fresh(icu_locale="vi-VN")  # a server set up in Vietnamese
        request.addfinalizer(lambda: databases.drop(url))
    db = Database(url, run_migrations=False)
    cfg = _alembic_config(url)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, ScriptDirectory.from_config(cfg).get_revision("0006_pg_sort_order").down_revision)
    names = ["Nguyễn Văn Ánh", "Lê Văn An", "Đặng Văn An", "Dương Văn An"]
    with db.transaction() as s:
        U.create_unit(s, name="Đảng bộ xã Thử", kind=UnitKind.COMMUNE)
        cell = U.create_unit(s, name="Chi bộ thôn Một", kind=UnitKind.CELL)
        for name in names:
            M.enter_member(s, person={"full_name": name}, unit_id=cell.id, on=date(2020, 1, 1),
                           admitted_on=date(2000, 1, 1), official_on=date(2001, 1, 1))
    db.dispose()
    again = Database(url)
    try:
        assert schema_is_current(again.engine) and current_revision(again.engine) == head_revision(url)
        with again.session() as s:
            assert [r.full_name for r in list_member_rows(s)] == ["Dương Văn An", "Đặng Văn An", "Lê Văn An",
                                                                   "Nguyễn Văn Ánh"]
    finally:
        again.dispose()
