"""The office's PostgreSQL server as a whole database: does it answer, is its schema ours and current, what
does it hold, and the logical copy of every table to and from a SQLite file (issue 16).

The logical backup is a SQLite file at the same schema as the program's own database, not JSON lines: it is
the very kind of file a SQLite commune's backups are, so the backup list, `PRAGMA integrity_check`, the count
of units and members and the restore summary read it unchanged; it restores into either backend (copied in
place of a SQLite file, or loaded into the server in one transaction); and a clerk can open it with
`--db` on any PC when the server is gone. Values travel through the models' column types (dates as dates),
so nothing depends on how either backend spells them.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sqlalchemy import Integer, create_engine, func, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from app.models import Base

from .errors import DomainError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5  # seconds: a server that does not answer on the LAN is told in a few seconds, not 2 min
BATCH = 2000

# what "Thử kết nối" found; the dialog offers to create the schema for NOT_MIGRATED only
OK, UNREACHABLE, BAD_PASSWORD, NO_DATABASE, NOT_MIGRATED, OLD_SCHEMA, NEWER_SCHEMA, OTHER = (
    "ok", "unreachable", "password", "no_database", "not_migrated", "old_schema", "newer_schema", "other")


@dataclass(frozen=True)
class Probe:
    status: str
    message: str
    counts: dict[str, int] | None = None

    @property
    def ok(self) -> bool:
        return self.status == OK


def server_engine(url: str) -> Engine:
    return create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT}, pool_pre_ping=True)


def _classify(exc: BaseException, where: str, database: str = "") -> Probe:
    """psycopg's error in the clerk's words: its SQLSTATE when the server answered, else its text."""
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None) or ""
    words = str(orig).lower()
    if state in ("28P01", "28000") or "password authentication failed" in words or "no password supplied" in words:
        return Probe(BAD_PASSWORD, f"Máy chủ {where} trả lời nhưng từ chối đăng nhập: sai người dùng hoặc mật khẩu "
                                   "(hoặc máy chủ chưa cho máy này vào trong pg_hba.conf).")
    if state == "3D000" or ("database" in words and "does not exist" in words):
        name = f" «{database}»" if database else " này"
        return Probe(NO_DATABASE, f"Máy chủ {where} không có cơ sở dữ liệu{name}. Hãy tạo nó trên máy chủ "
                                  "(createdb, xem hướng dẫn) hoặc sửa tên cơ sở dữ liệu.")
    if "pg_hba.conf" in words:
        return Probe(BAD_PASSWORD, f"Máy chủ {where} không cho máy này kết nối (pg_hba.conf chưa có dòng cho mạng "
                                   "trong cơ quan).")
    if any(w in words for w in ("connection refused", "timeout", "timed out", "could not translate host",
                                "name or service not known", "no route to host", "network is unreachable",
                                "could not connect", "connection failed", "nodename nor servname")):
        return Probe(UNREACHABLE, f"Không kết nối được tới máy chủ {where}: máy chủ chưa bật, sai địa chỉ hoặc cổng, "
                                  "tường lửa chặn cổng, hoặc PostgreSQL chưa nghe trên mạng (listen_addresses).")
    return Probe(OTHER, f"Kết nối tới máy chủ {where} không được: {orig}")


def probe(url: str, head: str | None, *, where: str = "", database: str = "") -> Probe:
    """"Thử kết nối": can we log in, is it our schema, at which revision (`head` the program's newest)."""
    engine = server_engine(url)
    try:
        with engine.connect() as conn:
            has_version = conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar()
            if not has_version:
                tables = conn.execute(text("SELECT count(*) FROM information_schema.tables "
                                           "WHERE table_schema = current_schema()")).scalar()
                extra = (f" (nhưng đã có {tables} bảng khác: đây có phải cơ sở dữ liệu của Đảng vụ không?)"
                         if tables else "")
                return Probe(NOT_MIGRATED, f"Kết nối được tới máy chủ {where}, nhưng cơ sở dữ liệu còn trống, chưa "
                                           f"có cấu trúc dữ liệu của Đảng vụ{extra}. Tạo cấu trúc dữ liệu ngay?")
            stored = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            counts = _counts(conn)
    except (DBAPIError, SQLAlchemyError, OSError) as exc:
        log.warning("probe of %s failed: %s", where, exc)
        return _classify(exc, where, database)
    finally:
        engine.dispose()
    if head is not None and stored != [head]:
        known = _known_revisions()
        if stored and stored[0] not in known:
            return Probe(NEWER_SCHEMA, f"Cơ sở dữ liệu trên máy chủ {where} do một phiên bản Đảng vụ mới hơn tạo "
                                       f"(phiên bản dữ liệu {stored[0]}). Hãy cập nhật chương trình trên máy này.",
                         counts)
        return Probe(OLD_SCHEMA, f"Kết nối được tới máy chủ {where}; dữ liệu ở phiên bản cũ "
                                 f"({', '.join(stored) or 'không rõ'}), sẽ được nâng cấp khi mở.", counts)
    from app.common.vnformat import fmt_int

    return Probe(OK, f"Kết nối được tới máy chủ {where}: {fmt_int(counts['members'])} đảng viên, "
                     f"{fmt_int(counts['units'])} tổ chức đảng.", counts)


def _known_revisions() -> set[str]:
    import re

    folder = Path(__file__).resolve().parents[1] / "migrations" / "versions"
    found = set()
    for f in folder.glob("*.py"):
        m = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", f.read_text(encoding="utf-8"), re.M)
        if m:
            found.add(m.group(1))
    return found


def _counts(conn) -> dict[str, int]:
    tables = Base.metadata.tables
    return {name: conn.execute(select(func.count()).select_from(tables[name])).scalar_one()
            for name in ("units", "members", "import_batches")}


def record_counts(url: str) -> dict[str, int] | None:
    """Units, members and import batches on the server; None when it cannot be read as ours."""
    engine = server_engine(url)
    try:
        with engine.connect() as conn:
            return _counts(conn)
    except (DBAPIError, SQLAlchemyError) as exc:
        log.warning("counts of %s unreadable: %s", url.rpartition("@")[2], exc)
        return None
    finally:
        engine.dispose()


def lock_waits(url: str, application_name: str) -> list[int]:
    """The server processes of a program (by its application_name) now waiting for a lock another session
    holds; [] when none, or when the server cannot be asked."""
    engine = server_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text("SELECT pid FROM pg_stat_activity WHERE application_name = :a "
                                          "AND wait_event_type = 'Lock'"), {"a": application_name}).scalars())
    except (DBAPIError, SQLAlchemyError):
        return []
    finally:
        engine.dispose()


def cancel_backend(url: str, pid: int) -> None:
    """Cancel the statement of one of our own server processes (a role may cancel its own sessions)."""
    engine = server_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_cancel_backend(:p)"), {"p": pid})
    finally:
        engine.dispose()


# --- the logical copy ------------------------------------------------------------------------------------

def _tables():
    """Every table of the schema, parents before children (the models are the schema: tests/test_migrations)."""
    return list(Base.metadata.sorted_tables)


def _self_references(table) -> list[str]:
    """Columns pointing into their own table (a unit's parent): written after every row is in."""
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def copy_rows(source: Engine, target, progress: Callable[[str], None] | None = None,
              tables=None) -> dict[str, int]:
    """Every row of every table from `source` into the `target` connection (its tables empty, same schema);
    returns rows per table. Self-references are filled in a second pass, so row order never matters.
    `tables`: (source table, target table) pairs, by default the models' tables on both sides."""
    written = {}
    pairs = tables if tables is not None else [(t, t) for t in _tables()]
    with source.connect() as src:
        for table, into in pairs:
            selfref = _self_references(table)
            later = []
            count = 0
            pk = list(table.primary_key.columns)
            result = src.execution_options(stream_results=True).execute(select(table).order_by(*pk))
            while True:
                rows = result.mappings().fetchmany(BATCH)
                if not rows:
                    break
                batch = []
                for row in rows:
                    values = dict(row)
                    if selfref and any(values[c] is not None for c in selfref):
                        later.append(({c.name: values[c.name] for c in pk}, {c: values[c] for c in selfref}))
                        for c in selfref:
                            values[c] = None
                    batch.append(values)
                target.execute(into.insert(), batch)
                count += len(batch)
            for key, values in later:
                cond = [into.c[name] == value for name, value in key.items()]
                target.execute(update(into).where(*cond).values(**values))
            written[table.name] = count
            if progress is not None:
                progress(table.name)
    return written


def export_to_sqlite(url: str, dest: Path) -> dict[str, int]:
    """The server's every table into a new SQLite file at the same schema (created and migrated here)."""
    from app.db import Database, schema_is_current

    source = server_engine(url)
    try:
        if not schema_is_current(source):
            return _export_older_schema(source, url, dest)
        target = Database(f"sqlite:///{dest}")  # 0600, migrated to head: the same tables as the source
        try:
            with target.engine.begin() as conn:
                written = copy_rows(source, conn)
        finally:
            target.engine.dispose()
    finally:
        source.dispose()
    return written


def _export_older_schema(source: Engine, url: str, dest: Path) -> dict[str, int]:
    """The copy made before a migration (the server still at an older revision, the models already newer):
    the SQLite file is migrated to the server's own revision and both sides' tables are read from the
    databases themselves, so the copy holds exactly what the server holds, at its revision."""
    from alembic import command
    from sqlalchemy import MetaData

    from app.db import Database, _alembic_config, current_revision

    revision = current_revision(source)
    if revision is None:
        raise DomainError("Cơ sở dữ liệu trên máy chủ chưa có cấu trúc dữ liệu của Đảng vụ: không có gì để sao lưu.",
                          "database")
    target = Database(f"sqlite:///{dest}", run_migrations=False)  # the file created 0600, still empty
    try:
        with target.engine.begin() as conn:
            cfg = _alembic_config(f"sqlite:///{dest}")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        theirs, ours = MetaData(), MetaData()
        theirs.reflect(source)
        ours.reflect(target.engine)
        pairs = [(theirs.tables[t.name], t) for t in ours.sorted_tables
                 if t.name != "alembic_version" and t.name in theirs.tables]
        with target.engine.begin() as conn:
            return copy_rows(source, conn, tables=pairs)
    finally:
        target.engine.dispose()


def load_from_sqlite(src: Path, url: str, lock_wait: int = 10) -> dict[str, int]:
    """Replace every row on the server with those of a SQLite file of ours, in ONE transaction: a failure
    half-way leaves the server as it was. The file is brought to the newest schema first (on a copy)."""
    import shutil
    import tempfile

    from app.db import Database, migrate

    with tempfile.TemporaryDirectory(prefix="dangvu-restore-") as tmp:
        copy = Path(tmp) / "restore.sqlite3"
        shutil.copyfile(src, copy)
        os.chmod(copy, 0o600)
        source = Database(f"sqlite:///{copy}")  # migrated to head: a backup from an older program loads too
        target = server_engine(url)
        try:
            migrate(target, url)
            tables = _tables()
            with target.begin() as conn:
                # another clerk's open transaction would make TRUNCATE wait for ever: wait 10 s, then say so
                conn.execute(text(f"SET LOCAL lock_timeout = '{int(lock_wait)}s'"))
                names = ", ".join(conn.dialect.identifier_preparer.format_table(t) for t in tables)
                # TRUNCATE is transactional on PostgreSQL: nothing is gone until the commit
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                written = copy_rows(source.engine, conn)
                for table in tables:
                    _reset_sequence(conn, table)
        finally:
            source.engine.dispose()
            target.dispose()
    return written


def _reset_sequence(conn, table) -> None:
    """Ids come from the server's sequences: after rows with given ids, the next one follows the highest."""
    pk = list(table.primary_key.columns)
    if len(pk) != 1 or pk[0].autoincrement is False or not isinstance(pk[0].type, Integer):
        return
    name = conn.dialect.identifier_preparer.format_table(table)
    column = pk[0].name
    conn.execute(text(f"SELECT setval(pg_get_serial_sequence(:t, :c), "
                      f"(SELECT COALESCE(MAX({column}), 0) + 1 FROM {name}), false)"),
                 {"t": table.name, "c": column})
