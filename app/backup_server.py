"""Backups of a database on the office's PostgreSQL server (issue 16): the SQLite file's backups, for a server.

Two kinds, and every list and message says which:
- **pg_dump** (`.dump`, PostgreSQL's custom format `pg_dump -Fc`) when pg_dump is on PATH or in PostgreSQL's
  usual folders (Windows: `C:\\Program Files\\PostgreSQL\\<n>\\bin`; Debian/Ubuntu: `/usr/lib/postgresql/<n>/bin`):
  the server's own tool, exact, restored with `pg_restore --clean --single-transaction`.
- **logical** (`.sqlite3`): when pg_dump is missing (a clerk's PC has only the program) or refuses (older than
  the server), every table is copied through SQLAlchemy into a SQLite file at the same schema
  (app/services/server_db.py says why SQLite and not JSON lines); it restores into the server in one
  transaction, or into a SQLite file as it is.

The backups sit in the data folder's `backups/` under a name of the server and database, and are rotated
with the same rule as the file's (app/backup.py). No Qt here.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import paths

log = logging.getLogger(__name__)

DUMP_SUFFIX = ".dump"
LOGICAL_SUFFIX = ".sqlite3"
LOCK_WAIT_SECONDS = 10  # a restore waits this long for another clerk's open transaction, then says so
# tests and an office without pg_dump on some PCs: DANGVU_PG_TOOLS=none forces the logical kind everywhere,
# or names the folder of pg_dump/pg_restore
TOOLS_ENV = "DANGVU_PG_TOOLS"


def is_server(db) -> bool:
    return isinstance(db, str) and db.startswith("postgresql")


@dataclass(frozen=True)
class ServerTarget:
    """A database on a server, as the backup functions see it: a URL, and a stem naming its backups."""

    url: str

    @property
    def parts(self):
        return urlsplit(self.url)

    @property
    def database(self) -> str:
        return unquote(self.parts.path.lstrip("/"))

    @property
    def stem(self) -> str:
        p = self.parts
        raw = f"{self.database}@{p.hostname or 'localhost'}-{p.port or 5432}"
        return re.sub(r"[^A-Za-z0-9_.@-]", "_", raw)

    @property
    def path(self) -> Path:
        """Where a file of this name would be: its backups folder is the data folder's `backups/`."""
        return paths.data_dir() / f"{self.stem}.server"

    def describe(self) -> str:
        p = self.parts
        return f"cơ sở dữ liệu {self.database} trên máy chủ {p.hostname}:{p.port or 5432}"

    def libpq_env(self) -> dict[str, str]:
        """pg_dump/pg_restore's connection: the parts of the URL in PG* variables, so the password is never
        on a command line (where `ps` shows it) or in a file."""
        p = self.parts
        env = dict(os.environ)
        env.update({"PGHOST": p.hostname or "localhost", "PGPORT": str(p.port or 5432),
                    "PGDATABASE": self.database, "PGUSER": unquote(p.username or ""),
                    "PGCONNECT_TIMEOUT": "10"})
        if p.password is not None:
            env["PGPASSWORD"] = unquote(p.password)
        else:
            env.pop("PGPASSWORD", None)
        return env


def target_for(url: str) -> ServerTarget:
    return ServerTarget(url)


# --- the tools -------------------------------------------------------------------------------------------

def find_tool(name: str) -> Path | None:
    """pg_dump / pg_restore: DANGVU_PG_TOOLS, PATH, then PostgreSQL's install folders (newest version first)."""
    override = os.environ.get(TOOLS_ENV)
    exe = name + (".exe" if os.name == "nt" else "")
    if override:
        if override.lower() == "none":
            return None
        candidate = Path(override) / exe
        return candidate if candidate.is_file() else None
    found = shutil.which(name)
    if found:
        return Path(found)
    patterns = [os.path.join(os.environ.get(v, ""), "PostgreSQL", "*", "bin", exe)
                for v in ("ProgramFiles", "ProgramW6432") if os.environ.get(v)]
    patterns.append(f"/usr/lib/postgresql/*/bin/{exe}")

    def version(p: str) -> int:
        part = Path(p).parts[-3]
        return int(part) if part.isdigit() else 0

    hits = sorted({h for pat in patterns for h in glob.glob(pat)}, key=version)
    return Path(hits[-1]) if hits else None


def _run(tool: Path, args: list[str], target: ServerTarget | None, timeout: float = 3600) -> subprocess.CompletedProcess:
    env = target.libpq_env() if target is not None else dict(os.environ)
    return subprocess.run([str(tool), *args], env=env, capture_output=True, text=True, timeout=timeout)


# --- making one ------------------------------------------------------------------------------------------

KIND_DUMP, KIND_LOGICAL = "pg_dump", "logical"
KIND_LABELS = {
    KIND_DUMP: "pg_dump (tệp .dump của PostgreSQL)",
    KIND_LOGICAL: "sao chép từng bảng (tệp SQLite)",
}


def kind_of(path: Path) -> str:
    return KIND_DUMP if Path(path).suffix == DUMP_SUFFIX else KIND_LOGICAL


def write_backup(target: ServerTarget, dest_without_suffix: Path, kind: str | None = None) -> tuple[Path, str]:
    """Write a backup of the server's database next to `dest_without_suffix` (the suffix says its kind);
    returns (path, note), the note saying why the logical kind was used when it was."""
    from .services import server_db

    note = ""
    pg_dump = find_tool("pg_dump") if kind in (None, KIND_DUMP) else None
    if pg_dump is not None:
        dest = dest_without_suffix.with_name(dest_without_suffix.name + DUMP_SUFFIX)
        tmp = dest.with_name(dest.name + ".part")
        _private_empty(tmp)
        result = _run(pg_dump, ["-Fc", "--no-owner", "--no-privileges", "-f", str(tmp)], target)
        if result.returncode == 0 and dump_problem(tmp) is None:
            _fsync(tmp)
            os.replace(tmp, dest)
            return dest, note
        tmp.unlink(missing_ok=True)
        error = (result.stderr or result.stdout).strip().splitlines()
        if kind == KIND_DUMP:
            from .backup import BackupError

            raise BackupError(f"pg_dump không sao lưu được {target.describe()}: {error[-1] if error else '?'}")
        # e.g. "server version mismatch": a pg_dump older than the server refuses; the logical copy still works
        note = f"pg_dump không dùng được ({error[-1] if error else 'lỗi không rõ'}); đã sao chép từng bảng."
        log.warning("pg_dump of %s failed, using the logical copy: %s", target.describe(), error[-3:])
    elif kind is None:
        note = "Máy này không có pg_dump; đã sao chép từng bảng vào một tệp SQLite."
    dest = dest_without_suffix.with_name(dest_without_suffix.name + LOGICAL_SUFFIX)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        server_db.export_to_sqlite(target.url, tmp)
        for extra in ("-wal", "-shm"):
            Path(str(tmp) + extra).unlink(missing_ok=True)
        _fsync(tmp)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest, note


def _private_empty(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    paths.make_private_file(path)


def _fsync(path: Path) -> None:
    with open(path, "r+b") as f:
        os.fsync(f.fileno())


# --- reading one -----------------------------------------------------------------------------------------

def dump_problem(path: Path) -> str | None:
    """Why a .dump is no good (pg_restore cannot read its table of contents), or None."""
    pg_restore = find_tool("pg_restore")
    if pg_restore is None:
        return "máy này không có pg_restore để đọc bản sao lưu pg_dump (cài PostgreSQL hoặc dùng máy chủ)"
    result = _run(pg_restore, ["--list", str(path)], None, timeout=600)
    if result.returncode != 0:
        lines = (result.stderr or "").strip().splitlines()
        return f"pg_restore không đọc được tệp ({lines[-1] if lines else 'lỗi không rõ'})"
    return None


def dump_counts(path: Path) -> dict[str, int] | None:
    """Units, members and import batches in a .dump: the rows of each table's COPY block, counted."""
    pg_restore = find_tool("pg_restore")
    if pg_restore is None:
        return None
    counts = {}
    for table in ("units", "members", "import_batches"):
        result = _run(pg_restore, ["--data-only", "--table", table, "-f", "-", str(path)], None, timeout=600)
        if result.returncode != 0:
            return None
        inside, n = False, 0
        for line in result.stdout.splitlines():
            if line.startswith("COPY "):
                inside = True
            elif inside and line == "\\.":
                inside = False
            elif inside:
                n += 1
        counts[table] = n
    return counts


# --- putting one back ------------------------------------------------------------------------------------

def _restore_watched(pg_restore: Path, target: ServerTarget, backup_path: Path) -> tuple[int, str, bool]:
    """pg_restore in one transaction, watched: its script sets lock_timeout = 0 itself, so a session of another
    PC in the middle of a transaction would make it wait for ever; after LOCK_WAIT_SECONDS of waiting for a
    lock its statement is cancelled, and the transaction rolls back whole. Returns (code, stderr, blocked)."""
    import time

    from .services import server_db

    name = f"dangvu-restore-{os.getpid()}"
    env = target.libpq_env()
    env["PGAPPNAME"] = name
    args = ["--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-privileges", "--exit-on-error",
            "-d", target.database, str(backup_path)]
    proc = subprocess.Popen([str(pg_restore), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    waiting_since, blocked = None, False
    while proc.poll() is None:
        try:
            proc.wait(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            pass
        waits = server_db.lock_waits(target.url, name)
        now = time.monotonic()
        waiting_since = (waiting_since or now) if waits else None
        if waits and now - waiting_since >= LOCK_WAIT_SECONDS:
            blocked = True
            log.warning("restore of %s waited %s s for a lock; cancelled", target.describe(), LOCK_WAIT_SECONDS)
            for pid in waits:
                server_db.cancel_backend(target.url, pid)
    _out, err = proc.communicate()
    return proc.returncode, err or "", blocked


def restore_into(target: ServerTarget, backup_path: Path) -> None:
    """Replace the server's database with a backup, all or nothing: pg_restore in one transaction for a
    .dump, the logical load in one transaction for a SQLite file (of a server or of a commune's own file)."""
    from .backup import BackupError
    from .services import server_db

    if kind_of(backup_path) == KIND_DUMP:
        pg_restore = find_tool("pg_restore")
        if pg_restore is None:
            raise BackupError("Máy này không có pg_restore nên không phục hồi được bản pg_dump; hãy phục hồi trên "
                              "máy chủ, hoặc cài PostgreSQL (chỉ phần công cụ) trên máy này.")
        returncode, stderr, blocked = _restore_watched(pg_restore, target, backup_path)
        if returncode != 0:
            lines = stderr.strip().splitlines()
            hint = (f" Một máy khác đang giữ dữ liệu (một thao tác chưa xong) nên sau {LOCK_WAIT_SECONDS} giây chờ "
                    "đã dừng: hãy đóng chương trình trên các máy khác rồi thử lại." if blocked else "")
            raise BackupError(f"pg_restore không phục hồi được {target.describe()} (dữ liệu trên máy chủ không bị "
                              f"thay đổi): {lines[-1] if lines else '?'}.{hint}")
        from .db import make_engine, migrate

        engine = make_engine(target.url)
        try:
            migrate(engine, target.url)  # a backup made by an older program gets the newer schema
        finally:
            engine.dispose()
        return
    try:
        server_db.load_from_sqlite(backup_path, target.url, lock_wait=LOCK_WAIT_SECONDS)
    except Exception as exc:  # noqa: BLE001 - the transaction rolled back; the clerk is told why
        lock = "lock" in str(exc).lower()
        hint = (f" Một máy khác đang giữ dữ liệu (một thao tác chưa xong) nên sau {LOCK_WAIT_SECONDS} giây chờ đã "
                "dừng: hãy đóng chương trình trên các máy khác rồi thử lại." if lock else "")
        raise BackupError(f"Không phục hồi được {target.describe()} từ {backup_path.name} (dữ liệu trên máy chủ "
                          f"không bị thay đổi): {exc}.{hint}") from exc

