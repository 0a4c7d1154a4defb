"""The Alembic migrations build exactly the schema the models describe, and the tool that regenerates the
first migration refuses (without touching anything) once later revisions build on it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import POSTGRES_WANTED

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = ROOT / "app" / "migrations" / "versions"
# both backends when a PostgreSQL server is there (DANGVU_TEST_POSTGRES=1, issue 16), SQLite alone otherwise
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_WANTED else ["sqlite"]


@pytest.fixture
def empty_url(backend, tmp_path, request) -> str:
    """A database with nothing in it yet: a new file, or an empty database on the server (not the tests'
    migrated template)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    databases = request.getfixturevalue("postgres_databases")
    url = databases.fresh(migrated=False)
    request.addfinalizer(lambda: databases.drop(url))
    return url


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_a_fresh_file_upgraded_to_head_matches_the_models(empty_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect

    from app.db import Database, current_revision, head_revision
    from app.models import Base

    db = Database(empty_url)  # a new database: every migration runs, 0001 to head
    try:
        assert current_revision(db.engine) == head_revision(db.url) is not None
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"render_as_batch": True}),
                                    Base.metadata)
            tables = set(inspect(conn).get_table_names())
    finally:
        db.dispose()
    assert diff == []
    # the comparison saw the real schema, not an empty one
    assert {"members", "member_events", "member_spans", "units", "evaluations", "import_batches"} <= tables


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_the_uncounted_spans_index_is_partial(empty_url):
    """The model names ix_member_spans_uncounted without its condition (naming a dialect's option would load
    that dialect at every start) and the comparison above does not look at conditions: the condition is
    checked here, and a query for the uncounted spans uses the index."""
    from sqlalchemy import text

    from app.db import Database

    db = Database(empty_url)
    try:
        with db.engine.connect() as conn:
            if db.engine.dialect.name == "sqlite":
                ddl = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'ix_member_spans_uncounted'")).scalar()
                assert ddl.endswith("WHERE counted IS 0")
                # as statistics.count_on_many asks, on a file whose statistics say nothing of the index
                plan = " ".join(str(r[-1]) for r in conn.execute(text(
                    "EXPLAIN QUERY PLAN SELECT valid_from, valid_to FROM member_spans "
                    "WHERE member_spans.counted IS 0")))
                assert "ix_member_spans_uncounted" in plan
            else:
                ddl = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_member_spans_uncounted'")).scalar()
                assert ddl.endswith("WHERE (counted IS FALSE)")
    finally:
        db.dispose()


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_the_comparison_can_fail(empty_url):
    """A column the models have and the file lacks is reported (guard against a check that cannot fail)."""
    from sqlalchemy import text

    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from app.db import Database
    from app.models import Base

    Database(empty_url).dispose()
    db = Database(empty_url)
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE saved_reports DROP COLUMN narrative_json"))
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        db.dispose()
    assert any(d[0] == "add_column" and d[2] == "saved_reports" and d[3].name == "narrative_json" for d in diff)


def test_regenerating_0001_is_refused_while_later_revisions_exist():
    before = {p.name: p.read_bytes() for p in VERSIONS.glob("*.py")}
    assert len(before) > 1  # 0002 and on build on 0001
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "regen_initial_migration.py")], cwd=ROOT,
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""}, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "0002" in done.stderr and "Traceback" not in done.stderr
    assert {p.name: p.read_bytes() for p in VERSIONS.glob("*.py")} == before


def test_regenerating_0001_writes_the_models_schema_into_a_folder_with_no_later_revision(tmp_path):
    import shutil

    migrations = tmp_path / "migrations"
    shutil.copytree(ROOT / "app" / "migrations", migrations, ignore=shutil.ignore_patterns("__pycache__"))
    for p in (migrations / "versions").glob("*.py"):
        if not p.name.startswith("0001_"):
            p.unlink()
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "regen_initial_migration.py"),
                           "--migrations", str(migrations)], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": ""}, timeout=120)
    assert done.returncode == 0, done.stderr
    text = (migrations / "versions" / "0001_initial_schema.py").read_text(encoding="utf-8")
    assert "revision = '0001'" in text and "down_revision = None" in text
    assert "op.create_table('members'" in text and "ix_members_census" in text


def _one_member_with_history(con) -> None:
    """One member, one span of the list, one event: written with plain SQL (columns as of 0004)."""
    con.execute("INSERT INTO members (id, is_on_roll, is_exempt, full_name, name_key, sort_key, "
                "birth_date_precision, youth_union, private_business_owner, foreign_spouse) "
                "VALUES (1, 1, 0, 'Lò Văn Hùng', 'lo van hung', 'hung van lo', 'DAY', 0, 0, 0)")
    con.execute("INSERT INTO member_spans (id, member_id, valid_from, standing, counted, exempt, suspended) "
                "VALUES (1, 1, '2020-01-01', 'OFFICIAL', 1, 0, 0)")
    con.execute("INSERT INTO member_events (id, member_id, kind, event_date, temporary, needs_review) "
                "VALUES (1, 1, 'ADMITTED', '2019-01-01', 0, 0)")


def test_upgrading_a_file_with_records_keeps_every_members_history(tmp_path):
    """An existing file brought to head keeps its spans, events and ratings: the 0005_versions columns are
    added in place. (Its first form rebuilt `members` in batch mode with foreign keys ON, and ON DELETE
    CASCADE emptied the children: 1,000 members kept, 0 of 2,034 spans, 0 of 3,375 events.)"""
    import sqlite3

    from alembic import command
    from sqlalchemy import create_engine

    from app.db import Database, _alembic_config, current_revision, head_revision

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    cfg = _alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004_value_answers")
    engine.dispose()
    with sqlite3.connect(tmp_path / "old.sqlite3") as c:
        _one_member_with_history(c)
    db = Database(url)  # migrated to head here, as the program does at start
    try:
        assert current_revision(db.engine) == head_revision(url)
        with db.engine.connect() as conn:
            counts = [conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
                      for t in ("members", "member_spans", "member_events")]
            version = conn.exec_driver_sql("SELECT version FROM members").scalar()
    finally:
        db.dispose()
    assert counts == [1, 1, 1]
    assert version == 1


def test_going_down_a_revision_keeps_every_members_history(tmp_path):
    """0005_versions' downgrade drops columns in batch mode (a rebuild of `members`): run through
    app.db.run_migration, the rebuild happens with foreign keys off and nothing cascades away."""
    import sqlite3

    from app.db import Database, run_migration

    path = tmp_path / "head.sqlite3"
    db = Database(path)
    db.dispose()
    with sqlite3.connect(path) as c:
        _one_member_with_history(c)
    db = Database(path, run_migrations=False)
    try:
        run_migration(db.engine, db.url, "downgrade", "0004_value_answers")
    finally:
        db.dispose()
    with sqlite3.connect(path) as c:
        counts = [c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("members", "member_spans", "member_events")]
        columns = {row[1] for row in c.execute("PRAGMA table_info(members)")}
    assert counts == [1, 1, 1]
    assert "version" not in columns and "updated_by" not in columns
