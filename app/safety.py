"""Start-up safety: integrity check, one writer per database file, rotating logs with ID numbers masked.

No Qt and no SQLAlchemy here: these run before the database is opened and must work on a damaged file.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import getpass
import socket
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from . import backup, paths

log = logging.getLogger(__name__)

LOG_FILE_NAME = "dangvu.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUP_COUNT = 5
_LOCK_OFFSET = 4096  # the byte range we lock lies past the text, so others can still read who holds it


# --- integrity --------------------------------------------------------------------------------------------

FULL_CHECK_DAYS = 7  # integrity_check (finds broken indexes) once a week at start; quick_check otherwise
# integrity_check's words when only an index disagrees with its table: REINDEX rebuilds it from the table
_INDEX_ONLY = re.compile(r"^(row \d+ missing from index |wrong # of entries in index |non-unique entry in index )")


@dataclass(frozen=True)
class IntegrityResult:
    path: Path
    problems: list[str] = field(default_factory=list)
    newest_good: backup.BackupInfo | None = None
    emptied: bool = False  # the file is missing, 0 bytes or schema-less while good backups of it exist
    full: bool = False     # integrity_check was run (not only quick_check)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def index_only(self) -> bool:
        """Only indexes are wrong (the tables are sound): REINDEX repairs it without losing anything."""
        return bool(self.problems) and not self.emptied and all(_INDEX_ONLY.match(p) for p in self.problems)

    @property
    def message(self) -> str:
        if self.ok:
            return ""
        if self.emptied:
            text = (f"Tệp dữ liệu {self.path} {self.problems[0]}, nhưng tệp này đã từng có dữ liệu (có bản sao "
                    "lưu của nó). Chương trình không coi đây là một xã mới, không ghi gì và không sao lưu tệp này.")
        elif self.index_only:
            text = (f"Chỉ mục của tệp dữ liệu {self.path.name} bị lỗi (SQLite integrity_check: {self.problems[0]}); "
                    "dữ liệu trong các bảng vẫn còn nguyên, sửa được bằng cách dựng lại chỉ mục (REINDEX).")
        else:
            text = (f"Tệp dữ liệu {self.path} bị hỏng (SQLite báo: {self.problems[0]}).\n"
                    "Đừng ghi thêm vào tệp này.")
        if self.newest_good is not None:
            text += (f"\nBản sao lưu tốt mới nhất: {self.newest_good.path.name} "
                     f"({self.newest_good.created:%d/%m/%Y %H:%M}). Có thể phục hồi từ bản này; "
                     "tệp hiện tại sẽ được giữ lại.")
        elif not self.index_only:
            text += "\nKhông có bản sao lưu nào còn tốt."
        return text


def _stamp_path(path: Path) -> Path:
    return backup.backups_dir(path) / f".{path.name}.integrity-ok"


def _full_check_due(path: Path, today: date) -> bool:
    try:
        last = date.fromisoformat(_stamp_path(path).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return True
    return (today - last).days >= FULL_CHECK_DAYS or last > today


def record_full_check(path: Path, ok: bool, today: date | None = None) -> None:
    today = today or date.today()
    stamp = _stamp_path(path)
    try:
        if ok:
            stamp.write_text(today.isoformat(), encoding="ascii")
        else:  # the next start checks fully again, whatever the week
            stamp.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not record the integrity check of %s: %s", path, exc)


def check_integrity(path: str | os.PathLike, *, find_backup: bool = True, full: bool | None = None,
                    today: date | None = None) -> IntegrityResult:
    """The start-up check. `full` None: integrity_check when the last clean one is a week old, quick_check
    otherwise; True/False force it. On damage also finds the newest good backup.

    A missing or 0-byte file is a new database, unless good backups of it exist beside it: then it is a file
    that held a commune and was emptied (a failed copy, a sync tool), and it is reported, never reused.
    """
    path = Path(path)
    today = today or date.today()
    if full is None:
        full = _full_check_due(path, today)
    present = path.exists() and path.stat().st_size > 0
    problems = backup.integrity_problems(path, quick=not full) if present else []
    if not present or problems == [backup.NO_TABLES]:
        good = backup.newest_good_backup(path)
        if good is None:
            return IntegrityResult(path)  # a new database
        what = ("không còn (đã bị xóa hoặc di chuyển)" if not path.exists() else
                "trống (0 byte)" if path.stat().st_size == 0 else "không còn bảng dữ liệu nào")
        log.error("database %s is %s but backups of it exist (newest good: %s)", path, what, good.path)
        return IntegrityResult(path, [what], good if find_backup else None, emptied=True)
    if full:
        record_full_check(path, not problems, today)
    if not problems:
        return IntegrityResult(path, full=full)
    log.error("integrity check failed for %s: %s", path, problems[:5])
    good = backup.newest_good_backup(path) if find_backup else None
    return IntegrityResult(path, problems, good, full=full)


def repair_indexes(path: str | os.PathLike) -> bool:
    """REINDEX (only when integrity_check blamed indexes alone), then check again; True when sound now.
    The caller holds the write lock."""
    path = Path(path)
    conn = sqlite3.connect(str(path), timeout=5)
    try:
        conn.execute("REINDEX")
        conn.commit()
    except sqlite3.Error as exc:
        log.error("REINDEX of %s failed: %s", path, exc)
        return False
    finally:
        conn.close()
    problems = backup.integrity_problems(path)
    record_full_check(path, not problems, date.today())
    log.warning("REINDEX of %s: %s", path, "repaired" if not problems else f"still {problems[:3]}")
    return not problems


# --- a server database (issue 16) ----------------------------------------------------------------------
# quick_check / integrity_check / REINDEX and the file lock are SQLite's and are skipped on PostgreSQL: the
# server checks its own pages (checksums, WAL replay after a crash) and arbitrates concurrent writers with its
# transactions and row locks, so no file of ours can be half-written or written by two programs. What can go
# wrong instead is checked: the server does not answer (or refuses the login), its schema is not the
# program's, or it answers with no commune in it while backups of it exist ("emptied", as a 0-byte file is).

@dataclass(frozen=True)
class ServerCheck:
    url: str
    status: str                     # app.services.server_db's probe status
    text: str                       # what the probe said, in Vietnamese
    newest_good: backup.BackupInfo | None = None
    emptied: bool = False

    @property
    def ok(self) -> bool:
        """The program may open it (an old schema is migrated at open; a new database gets its schema)."""
        from .services import server_db

        return self.status in (server_db.OK, server_db.OLD_SCHEMA, server_db.NOT_MIGRATED) and not self.emptied

    @property
    def can_open(self) -> bool:
        """Reachable and ours: open it, perhaps after a warning (emptied)."""
        return self.ok or self.emptied

    @property
    def message(self) -> str:
        if not self.emptied:
            return "" if self.ok else self.text
        text = (f"{self.text}\nCơ sở dữ liệu này không có tổ chức đảng, đảng viên nào, nhưng máy này có bản sao lưu "
                "của nó: có thể dữ liệu đã bị xóa hoặc cơ sở dữ liệu đã bị tạo lại.")
        if self.newest_good is not None:
            text += (f"\nBản sao lưu tốt mới nhất: {self.newest_good.path.name} "
                     f"({self.newest_good.created:%d/%m/%Y %H:%M}, {self.newest_good.kind_label}).")
        return text


def check_server(url: str, *, find_backup: bool = True) -> ServerCheck:
    """The start-up check of a server database: it answers, the schema is ours (at head or older: migrated
    at open), and it is not an emptied database beside existing backups."""
    from .db import _head_in_files  # the newest revision from the files' text (no Alembic import at start)
    from .services import server_db

    target = backup.backup_server.target_for(url)
    found = server_db.probe(url, _head_in_files(), where=f"{target.parts.hostname}:{target.parts.port or 5432}",
                            database=target.database)
    empty = found.status == server_db.NOT_MIGRATED or (
        found.counts is not None and not (found.counts["units"] or found.counts["members"]))
    if found.status in (server_db.OK, server_db.OLD_SCHEMA, server_db.NOT_MIGRATED) and empty:
        if backup.list_backups(url):
            good = backup.newest_good_backup(url) if find_backup else None
            log.error("server database %s holds no commune but backups of it exist (newest good: %s)",
                      backup.backup_server.target_for(url).describe(), good and good.path)
            return ServerCheck(url, found.status, found.message, good, emptied=True)
    if found.status not in (server_db.OK,):
        log.warning("server check: %s", found.message)
    return ServerCheck(url, found.status, found.message)


def backup_before_server_migration(url: str, result: ServerCheck):
    """An older schema on the server is migrated when the program opens it: copied first, as a file is before
    its migration (app/db.py does it for SQLite). Returns the backup, or None (nothing to keep, or current)."""
    from .services import server_db

    if result.status != server_db.OLD_SCHEMA:
        return None
    try:
        return backup.create_server_backup(url, "migration")
    except backup.EmptyDatabase:
        return None


# --- single writer ----------------------------------------------------------------------------------------

class DatabaseLocked(Exception):
    """Another running copy of the program (window or command line) writes this database. Vietnamese text."""

    def __init__(self, path: Path, holder: str):
        self.path = path
        self.holder = holder
        who = f" ({holder})" if holder else ""
        super().__init__(
            f"Tệp dữ liệu {path.name} đang được mở bởi một cửa sổ Đảng vụ khác hoặc một lệnh đang ghi{who}. "
            "Chỉ một chương trình được ghi vào dữ liệu cùng lúc.")

    @property
    def for_window(self) -> str:
        return f"{self} Cửa sổ này sẽ mở ở chế độ chỉ xem, không sửa được."

    @property
    def for_command(self) -> str:
        return f"{self} Lệnh chưa ghi gì; hãy đóng chương trình kia (hoặc chờ lệnh kia xong) rồi chạy lại."


def lock_path(db_path: str | os.PathLike) -> Path:
    return Path(str(db_path) + ".lock")


class DatabaseLock:
    """An OS lock on `<database>.lock`, held while the program runs. The OS drops it when the process dies,
    so a crash never leaves a stale lock behind."""

    def __init__(self, db_path: Path, fh):
        self.db_path = db_path
        self._fh = fh

    @property
    def held(self) -> bool:
        return self._fh is not None

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            _unlock(self._fh)
        finally:
            self._fh.close()
            self._fh = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()


if os.name == "nt":
    import msvcrt

    def _try_lock(fh) -> bool:
        fh.seek(_LOCK_OFFSET)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fh) -> None:
        fh.seek(_LOCK_OFFSET)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fh) -> bool:
        try:
            # flock, not lockf: it belongs to this open file, so closing another handle does not drop it
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    return text.splitlines()[0] if text else ""


WAIT_SECONDS = 5.0  # a second writer waits this long for the first to finish before it is refused


def _who(program: str) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment (a service account): the pid still tells
        user = "?"
    return (f"tiến trình {os.getpid()} ({program}) của người dùng {user} trên máy {socket.gethostname()}, "
            f"từ {datetime.now():%H:%M %d/%m/%Y}")


def acquire_lock(db_path: str | os.PathLike, *, wait: float = 0.0, program: str = "cửa sổ Đảng vụ") -> DatabaseLock:
    """Take the single-writer lock of a database file, waiting up to `wait` seconds for another writer;
    raise DatabaseLocked naming who holds it (process, program, user, machine, since when)."""
    db_path = Path(db_path)
    path = lock_path(db_path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the clerk's own folder: left as it is
    # O_BINARY: without it Windows' C runtime would turn "\n" into "\r\n" in what we write
    fh = os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600), "r+b")
    make_private(path)
    deadline = time.monotonic() + wait
    while not _try_lock(fh):
        if time.monotonic() >= deadline:
            fh.close()
            raise DatabaseLocked(db_path, _holder(path))
        time.sleep(0.1)
    # fixed width and no truncation: Windows refuses to cut a file below a locked range
    text = _who(program).encode("utf-8")[:_LOCK_OFFSET - 2]
    fh.seek(0)
    fh.write(text + b"\n" + b" " * (_LOCK_OFFSET - len(text) - 1))
    fh.flush()
    return DatabaseLock(db_path, fh)


# --- private files ---------------------------------------------------------------------------------------
# The records are personal data (CCCD, dates of birth, party history): on a shared office PC other accounts
# must not read them. POSIX: 0600 files, 0700 folders whatever the umask. Windows: chmod cannot express it;
# the files live under %APPDATA% (the user's profile), whose inherited ACL already gives access only to the
# user, SYSTEM and Administrators, so nothing is changed there.

make_private = paths.make_private_file
make_private_dir = paths.make_private_dir


# --- logs ------------------------------------------------------------------------------------------------

# CCCD is 12 digits, the old CMND 9. They reach the log written every way a sheet holds them: plain, in
# groups ("001 234 567 890", "001.234.567.890", "001-234-567-890"), and as the 10-11 digits a number cell
# leaves once Excel drops the leading zeros (001234567890 -> 1234567890). A phone number (10 digits with a
# leading 0), a year, a date or a time is left alone.
_GROUPED = re.compile(r"(?<![\d.\-])\d{2,4}([ .\-])\d{2,4}(?:\1\d{2,4}){0,4}(?![\d])")
_PLAIN = re.compile(r"(?<!\d)\d{9,12}(?!\d)")


def _masked(text: str) -> str:
    """Every digit but the last three becomes '*'; the separators stay, so the spelling is still visible."""
    digits = sum(c.isdigit() for c in text)
    out, seen = [], 0
    for c in text:
        if c.isdigit():
            seen += 1
            out.append(c if seen > digits - 3 else "*")
        else:
            out.append(c)
    return "".join(out)


def _is_id_number(digits: str) -> bool:
    return len(digits) in (9, 12) or (len(digits) in (10, 11) and not digits.startswith("0"))


def mask_id_numbers(text: str) -> str:
    """Hide citizen ID numbers, keeping the last 3 digits so a clerk can still tell which record it was."""
    def grouped(m: re.Match) -> str:
        digits = re.sub(r"\D", "", m.group(0))
        return _masked(m.group(0)) if len(digits) in (9, 12) else m.group(0)

    text = _GROUPED.sub(grouped, text)
    return _PLAIN.sub(lambda m: _masked(m.group(0)) if _is_id_number(m.group(0)) else m.group(0), text)


class MaskingFormatter(logging.Formatter):
    """Masks the whole formatted record, traceback included: an ID number can hide in an exception."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_id_numbers(super().format(record))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file is created 0600: a traceback may quote a name, a date of birth, a masked number."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0), 0o600)
        make_private(self.baseFilename)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


def log_file(log_dir: str | os.PathLike | None = None) -> Path:
    return Path(log_dir or paths.logs_dir()) / LOG_FILE_NAME


def setup_logging(log_dir: str | os.PathLike | None = None, level: int = logging.INFO) -> Path:
    """A rotating log in the user's data folder (5 × 1 MB); returns the current log file's path."""
    path = log_file(log_dir)
    make_private_dir(path.parent)
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_dangvu", False):
            root.removeHandler(h)
            h.close()
    handler = PrivateRotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUP_COUNT,
                                                   encoding="utf-8", delay=True)
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._dangvu = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)
    return path


def log_unhandled(exc_type, exc, tb) -> None:
    logging.getLogger("app").critical("unhandled exception", exc_info=(exc_type, exc, tb))


def install_log_excepthook() -> None:
    """Without a window (CLI): an unexpected exception goes to the log as well as to stderr."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        log_unhandled(exc_type, exc, tb)
        previous(exc_type, exc, tb)

    sys.excepthook = hook
