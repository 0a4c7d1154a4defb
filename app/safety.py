"""Start-up safety: integrity check, one writer per database file, rotating logs with ID numbers masked.

No Qt and no SQLAlchemy here: these run before the database is opened and must work on a damaged file.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import backup, paths

log = logging.getLogger(__name__)

LOG_FILE_NAME = "dangvu.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUP_COUNT = 5
_LOCK_OFFSET = 4096  # the byte range we lock lies past the text, so others can still read who holds it


# --- integrity --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IntegrityResult:
    path: Path
    problems: list[str] = field(default_factory=list)
    newest_good: backup.BackupInfo | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        if self.ok:
            return ""
        text = (f"Tệp dữ liệu {self.path} bị hỏng (SQLite báo: {self.problems[0]}).\n"
                "Đừng ghi thêm vào tệp này.")
        if self.newest_good is not None:
            text += (f"\nBản sao lưu tốt mới nhất: {self.newest_good.path.name} "
                     f"({self.newest_good.created:%d/%m/%Y %H:%M}). Có thể phục hồi từ bản này; "
                     "tệp hỏng sẽ được giữ lại.")
        else:
            text += "\nKhông có bản sao lưu nào còn tốt."
        return text


def check_integrity(path: str | os.PathLike, *, find_backup: bool = True) -> IntegrityResult:
    """`PRAGMA quick_check` at start; on damage also finds the newest backup that passes integrity_check.

    A missing file is not damage: the program makes a new database.
    """
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return IntegrityResult(path)
    problems = backup.integrity_problems(path, quick=True)
    if not problems:
        return IntegrityResult(path)
    log.error("integrity check failed for %s: %s", path, problems[:5])
    good = backup.newest_good_backup(path) if find_backup else None
    return IntegrityResult(path, problems, good)


# --- single writer ----------------------------------------------------------------------------------------

class DatabaseLocked(Exception):
    """Another running copy of the program writes this database. The message is Vietnamese."""

    def __init__(self, path: Path, holder: str):
        self.path = path
        self.holder = holder
        who = f" ({holder})" if holder else ""
        super().__init__(
            f"Tệp dữ liệu {path.name} đang được mở bởi một cửa sổ Đảng vụ khác{who}. "
            "Chỉ một cửa sổ được ghi vào dữ liệu: cửa sổ này sẽ mở ở chế độ chỉ xem, không sửa được.")


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


def acquire_lock(db_path: str | os.PathLike) -> DatabaseLock:
    """Take the write lock of a database file, or raise DatabaseLocked naming who holds it."""
    db_path = Path(db_path)
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_BINARY: without it Windows' C runtime would turn "\n" into "\r\n" in what we write
    fh = os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644), "r+b")
    if not _try_lock(fh):
        fh.close()
        raise DatabaseLocked(db_path, _holder(path))
    # fixed width and no truncation: Windows refuses to cut a file below a locked range
    text = f"tiến trình {os.getpid()} trên máy {socket.gethostname()}".encode("utf-8")[:_LOCK_OFFSET - 2]
    fh.seek(0)
    fh.write(text + b"\n" + b" " * (_LOCK_OFFSET - len(text) - 1))
    fh.flush()
    return DatabaseLock(db_path, fh)


# --- logs ------------------------------------------------------------------------------------------------

# CCCD is 12 digits, the old CMND 9; a phone number (10 digits, leading 0) or a year is left alone
_ID_NUMBER = re.compile(r"(?<!\d)(\d{12}|\d{9})(?!\d)")


def mask_id_numbers(text: str) -> str:
    """Hide citizen ID numbers, keeping the last 3 digits so a clerk can still tell which record it was."""
    return _ID_NUMBER.sub(lambda m: "*" * (len(m.group(1)) - 3) + m.group(1)[-3:], text)


class MaskingFormatter(logging.Formatter):
    """Masks the whole formatted record, traceback included: an ID number can hide in an exception."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_id_numbers(super().format(record))


def log_file(log_dir: str | os.PathLike | None = None) -> Path:
    return Path(log_dir or paths.logs_dir()) / LOG_FILE_NAME


def setup_logging(log_dir: str | os.PathLike | None = None, level: int = logging.INFO) -> Path:
    """A rotating log in the user's data folder (5 × 1 MB); returns the current log file's path."""
    path = log_file(log_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_dangvu", False):
            root.removeHandler(h)
            h.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUP_COUNT,
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
