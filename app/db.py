"""The database: engine, connection pragmas, migrations at start, and the session factory.

The URL is a setting (`DANGVU_DB_URL` or `--db`), and the SQL stays portable so that a PostgreSQL server
could serve a LAN later; SQLite-only pragmas are applied only to SQLite connections.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from . import paths

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def url_for(db: str | os.PathLike | None) -> str:
    if db is None:
        env = os.environ.get("DANGVU_DB_URL")
        if env:
            return _with_password(env)
        from . import connection  # the office server chosen in Tệp → Kết nối máy chủ… (issue 16)

        saved = connection.saved_url()
        if saved:
            return saved
        db = paths.default_db_path()
    text = str(db)
    if "://" in text:
        return _with_password(text)
    return f"sqlite:///{Path(text).resolve()}"


def _with_password(url: str) -> str:
    """A server URL typed without its password takes it from the OS keyring (app/connection.py)."""
    if not url.startswith("postgresql"):
        return url
    from . import connection

    return connection.with_stored_password(url)


def sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url[len("sqlite:///"):])
    return None


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed change survives a power cut, not only a crash (records exist nowhere else)
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _create_private(path: Path) -> None:
    """A new database file is created 0600 before SQLite opens it (SQLite gives its -wal and -shm the same
    mode): other accounts of a shared PC must not read the records whatever the umask."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return
    paths.make_private_file(path)


def make_engine(url: str, read_only: bool = False) -> Engine:
    kwargs = {}
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None and not read_only:
            _create_private(path)
        if read_only and path is not None:
            url = f"sqlite:///file:{path}?mode=ro&uri=true"
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)

        # pysqlite's own transaction handling defers BEGIN; take the write lock at the start of
        # each transaction so a change is all-or-nothing and never waits half-way (SQLAlchemy docs).
        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_conn, _record):
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN")
    return engine


def copy_sqlite(src: Path, dest: Path) -> Path:
    """A consistent copy of a live SQLite file (the online backup API, safe with WAL)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(str(src)) as s, sqlite3.connect(str(dest)) as d:
        s.backup(d)
    return dest


def _alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(url: str) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(url)).get_current_head()


def _stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the file, read with one plain query (no Alembic import: 0.5 s per start)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:
        return None  # no version table yet: a new file
    return rows[0][0] if len(rows) == 1 else None


def _head_in_files() -> str | None:
    """The newest revision named by the migration files: the one no other file names as its down_revision.
    Read from the files' text (no import); None when it cannot be told, and Alembic then decides."""
    import re

    revisions, parents = set(), set()
    for f in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = f.read_text(encoding="utf-8")
        rev = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", source, re.M)
        down = re.search(r"^down_revision\s*=\s*(.+)$", source, re.M)
        if rev is None or down is None:
            return None
        revisions.add(rev.group(1))
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def schema_is_current(engine: Engine) -> bool:
    """True when the file is at the newest revision, told without importing Alembic."""
    stored = _stored_revision(engine)
    return stored is not None and stored == _head_in_files()


def migrate(engine: Engine, url: str) -> Path | None:
    """Bring the schema to the newest revision; an existing file is copied first. Returns the copy's path."""
    if schema_is_current(engine):
        return None
    current = current_revision(engine)
    head = head_revision(url)
    if current == head:
        return None
    backup = None
    path = sqlite_path(url)
    if path is not None and path.exists() and path.stat().st_size > 0 and current is not None:
        from . import backup as backups  # listed, checked and pruned with the other backups

        try:
            backup = backups.create_backup(path, "migration")
        except backups.EmptyDatabase:  # no records yet: nothing to keep
            backup = None
        log.info("backup before migration %s -> %s: %s", current, head, backup)
    run_migration(engine, url, "upgrade", "head")
    return backup


def run_migration(engine: Engine, url: str, direction: str, revision: str) -> None:
    """One Alembic step ("upgrade"/"downgrade" to `revision`) in one transaction.

    On SQLite, Alembic's batch mode rebuilds a table (a new one, the rows copied, the old one dropped); with
    foreign keys ON, dropping `members` cascades into every member's spans, events and ratings (the first form
    of 0005_versions emptied them in every existing file). SQLite ignores the pragma inside a transaction, so
    the keys are switched off before BEGIN and checked before COMMIT: a step that breaks one is rolled back."""
    from alembic import command

    cfg = _alembic_config(url)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.driver_connection if sqlite else None
        if sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                getattr(command, direction)(cfg, revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration {direction} {revision} would break foreign keys: "
                                           f"{broken[:5]}")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")


class Database:
    """One open database: its engine and session factory. Created once per process (or per test)."""

    def __init__(self, db: str | os.PathLike | None = None, *, read_only: bool = False, run_migrations=True):
        self.url = url_for(db)
        self.path = sqlite_path(self.url)
        self.read_only = read_only
        self.engine = make_engine(self.url, read_only=read_only)
        self.migration_backup = None
        if run_migrations and not read_only:
            self.migration_backup = migrate(self.engine, self.url)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        return self.session_factory()

    @contextmanager
    def transaction(self):
        """One user action = one transaction: everything commits together or nothing does."""
        with self.session_factory() as session, session.begin():
            yield session

    def optimize(self, analyze: bool = False) -> None:
        """Keep the query planner's statistics true (SQLite): `analyze` after a bulk change (an import, the
        demo), PRAGMA optimize otherwise (on close). Without them, at 100,000 members SQLite picks the
        kind/date index for the readmitted query (200 ms instead of 2 ms)."""
        if self.read_only or self.engine.dialect.name != "sqlite":
            return
        with self.engine.begin() as conn:
            known = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
            conn.exec_driver_sql("PRAGMA analysis_limit=2000")  # bounded: a sample of each index
            conn.exec_driver_sql("ANALYZE" if analyze or known is None else "PRAGMA optimize")

    def dispose(self) -> None:
        try:
            self.optimize()
        except Exception:  # noqa: BLE001 - closing must not fail because of statistics (a locked file)
            log.warning("PRAGMA optimize on close failed", exc_info=True)
        self.engine.dispose()


def open_database(db: str | os.PathLike | None = None, **kw) -> Database:
    return Database(db, **kw)
