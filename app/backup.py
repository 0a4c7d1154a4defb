"""Backups of the database file: made with SQLite's online backup API, listed, pruned and restored.
A database on the office's PostgreSQL server (its URL given instead of a path) has its own kinds of backup
(app/backup_server.py: pg_dump, or a logical copy into a SQLite file), listed and rotated here the same way.

The records exist nowhere else, so a copy is taken when the program closes (at most once a day), before
every migration, import and restore. A backup is written under a temporary name and renamed only when it
is complete and passes `PRAGMA integrity_check`, so a crash half-way never leaves a file that looks like a
good backup. Plain sqlite3: backups must work even when the schema is too new or the file is damaged.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from glob import escape as glob_escape
from pathlib import Path
from typing import Callable, Iterator

from . import backup_server, paths
from .backup_server import is_server
from .common.errors import UserError
from .common.progress import Progress

log = logging.getLogger(__name__)

KEEP_LAST = 30
KEEP_DAYS = 14
SUFFIX = ".sqlite3"
# what a backup was made for; the name keeps it so the list can say why a copy exists
REASONS = {
    "close": "Khi đóng chương trình",
    "migration": "Trước khi nâng cấp dữ liệu",
    "import": "Trước khi nhập dữ liệu",
    "restore": "Trước khi phục hồi",
    "manual": "Sao lưu thủ công",
}
SUFFIXES = (SUFFIX, backup_server.DUMP_SUFFIX)  # .dump: pg_dump's custom format, of a server database
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z]+)\.(?:sqlite3|dump)$")
# copies other parts made before they called this module ("<stem>-before-import-<stamp>[-<µs>]"): listed
# and pruned with the rest, so no copy is ever out of the clerk's sight
_OLDER_NAME = re.compile(r"^(?P<stem>.+)-before-(?P<reason>import|migration)-(?P<stamp>\d{8}-\d{6})"
                         r"(?:-(?P<micro>\d{1,6}))?\.sqlite3$")
_PAGES_PER_STEP = 256


class BackupError(UserError):
    """A backup or restore that could not be done; the message is Vietnamese, for the clerk."""


class EmptyDatabase(BackupError):
    """The file holds no commune (no unit, no member): copying it would only push a good backup out."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int
    seq: int = 1  # several backups in one second: 1, 2, 3 … in the order they were made

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)

    @property
    def kind(self) -> str:
        """"sqlite" (a SQLite file: the commune's own, or a server's logical copy) or "pg_dump"."""
        return backup_server.KIND_DUMP if self.path.suffix == backup_server.DUMP_SUFFIX else "sqlite"

    @property
    def kind_label(self) -> str:
        return kind_label(self.path)


def kind_label(path: str | os.PathLike) -> str:
    """What kind of backup a file is, for the list and the messages: pg_dump's, or a SQLite file (a
    commune's own copy, or a server's logical copy: the same kind of file)."""
    if Path(path).suffix == backup_server.DUMP_SUFFIX:
        return backup_server.KIND_LABELS[backup_server.KIND_DUMP]
    return "tệp SQLite" if "@" not in Path(path).name else backup_server.KIND_LABELS[backup_server.KIND_LOGICAL]


def _where(db) -> Path:
    """The path whose folder and stem name a database's backups: the file itself, or for a server database
    a name of the server and database in the data folder (`<database>@<host>-<port>`)."""
    return backup_server.target_for(db).path if is_server(db) else Path(db)


def backups_dir(db_path: str | os.PathLike) -> Path:
    return paths.backups_dir(_where(db_path))


def _fsync(path: Path) -> None:
    # Windows flushes only a handle opened for writing (FlushFileBuffers needs GENERIC_WRITE)
    with open(path, "r+b") as f:
        os.fsync(f.fileno())


def _new_name(db_path: Path, reason: str, now: datetime) -> Path:
    folder = backups_dir(db_path)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    # several copies in one second (any reason) are numbered in the order made, so "newest" stays exact
    n = len(list(folder.glob(f"{glob_escape(db_path.stem)}-{stamp}-*"))) + 1
    while True:
        middle = stamp if n == 1 else f"{stamp}-{n}"
        candidate = folder / f"{db_path.stem}-{middle}-{reason}{SUFFIX}"
        if not candidate.exists() and not candidate.with_suffix(backup_server.DUMP_SUFFIX).exists():
            return candidate
        n += 1


def integrity_problems(path: str | os.PathLike, quick: bool = False) -> list[str]:
    """What `PRAGMA integrity_check` (or quick_check) finds wrong in a file; [] when it is sound."""
    path = Path(path)
    if not path.is_file():
        return [f"Không tìm thấy tệp {path}"]
    try:
        conn = sqlite3.connect(str(path))
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
        # SQLite prefixes its report with '*** in database main ***'; keep only the findings
        problems = [line for r in rows if r[0] != "ok" for line in str(r[0]).splitlines()
                    if line.strip() and not line.startswith("***")]
        if not problems and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            # a 0-byte file, or zeros, passes the pragma with no tables: that is no database of ours
            problems = [NO_TABLES]
        return problems
    except sqlite3.Error as exc:
        return [describe_sqlite_error(exc)]
    finally:
        conn.close()


NO_TABLES = "tệp trống, không có bảng dữ liệu nào"
_SQLITE_WORDS = {
    "file is not a database": "tệp không phải là cơ sở dữ liệu SQLite (có thể là một tệp khác, như tệp Word, "
                              "bị đặt vào chỗ tệp dữ liệu, hoặc phần đầu tệp bị ghi đè)",
    "database disk image is malformed": "cấu trúc tệp dữ liệu bị hỏng",
    "unable to open database file": "không mở được tệp dữ liệu",
}


def describe_sqlite_error(exc: BaseException) -> str:
    text = str(exc)
    for english, vietnamese in _SQLITE_WORDS.items():
        if english in text:
            return f"{vietnamese} ({text})"
    return text


def record_counts(path: str | os.PathLike) -> dict[str, int] | None:
    """How many units, members and import batches a file holds; None when it cannot be read as ours.
    A server database (its URL) is asked; a pg_dump file is read with pg_restore."""
    if is_server(path):
        from .services import server_db

        return server_db.record_counts(path)
    if Path(path).suffix == backup_server.DUMP_SUFFIX:
        return backup_server.dump_counts(Path(path))
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 (fixed names)
                for t in ("units", "members", "import_batches")}
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def holds_commune(path: str | os.PathLike) -> bool:
    """A file worth a backup: it has a unit or a member (an empty schema has nothing to protect)."""
    counts = record_counts(path)
    return bool(counts and (counts["units"] or counts["members"]))


def copy_database(src: Path, dest: Path, progress: Callable[[float], None] | None = None) -> Path:
    """Copy a live SQLite file page by page (safe with WAL and with other readers) to `dest`, atomically."""
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    # created 0600 before SQLite opens it: a copy of personal records is as private as the database
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    paths.make_private_file(tmp)
    source = sqlite3.connect(str(src))
    try:
        target = sqlite3.connect(str(tmp))

        def step(_status, remaining, total):
            if progress is not None and total:
                progress(1.0 - remaining / total)

        try:
            # step by step so a big file can report progress; the API restarts by itself if a writer interferes
            source.backup(target, pages=_PAGES_PER_STEP, progress=step)
            # one file, no -wal beside it: a backup must stand alone when copied to a USB stick
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    _fsync(tmp)
    os.replace(tmp, dest)
    return dest


def create_backup(db_path: str | os.PathLike, reason: str = "manual", *, now: datetime | None = None,
                  progress: Callable[[float], None] | None = None, prune_after: bool = True) -> Path:
    """Copy the database into its backups folder and check the copy; returns it. Raises BackupError."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    if is_server(db_path):
        return create_server_backup(db_path, reason, now=now, prune_after=prune_after)
    db_path = Path(db_path)
    if not db_path.is_file():
        raise BackupError(f"Không tìm thấy tệp dữ liệu {db_path} để sao lưu.")
    source_problems = integrity_problems(db_path, quick=True)
    if source_problems and source_problems != [NO_TABLES]:
        raise BackupError(f"Tệp dữ liệu {db_path.name} bị hỏng, không sao lưu (để bản sao lưu tốt không bị "
                          f"đẩy ra): {source_problems[0]}")
    if not holds_commune(db_path):
        raise EmptyDatabase(f"Tệp dữ liệu {db_path.name} chưa có tổ chức đảng, đảng viên nào: không sao lưu một "
                            "tệp trống (bản sao lưu chỉ giữ dữ liệu thật).")
    now = now or datetime.now()
    dest = _new_name(db_path, reason, now)
    try:
        copy_database(db_path, dest, progress)
    except sqlite3.Error as exc:
        raise BackupError(f"Không sao lưu được tệp dữ liệu {db_path}: {exc}") from exc
    # the full integrity_check of the copy is the check "before every backup": the copy holds the same pages
    problems = integrity_problems(dest)
    if problems:
        dest.unlink(missing_ok=True)
        raise BackupError(f"Tệp dữ liệu {db_path.name} có lỗi (SQLite integrity_check): {problems[0]}. "
                          "Không sao lưu tệp hỏng.")
    log.info("backup (%s) %s -> %s", reason, db_path, dest)
    if prune_after:
        prune(db_path)
    return dest


def create_server_backup(url: str, reason: str = "manual", *, now: datetime | None = None,
                         prune_after: bool = True, kind: str | None = None) -> Path:
    """A server database's backup (pg_dump when the tool is here, else the logical copy), checked like a
    file's: a server that holds no commune is not backed up (it would push a good backup out)."""
    target = backup_server.target_for(url)
    counts = record_counts(url)
    if counts is None:
        raise BackupError(f"Không đọc được {target.describe()} để sao lưu (máy chủ không trả lời, hoặc chưa có "
                          "cấu trúc dữ liệu của Đảng vụ).")
    if not (counts["units"] or counts["members"]):
        raise EmptyDatabase(f"{target.describe().capitalize()} chưa có tổ chức đảng, đảng viên nào: không sao lưu "
                            "một cơ sở dữ liệu trống (bản sao lưu chỉ giữ dữ liệu thật).")
    base = _new_name(target.path, reason, now or datetime.now()).with_suffix("")
    try:
        dest, note = backup_server.write_backup(target, base, kind)
    except BackupError:
        raise
    except Exception as exc:  # noqa: BLE001 - a server error in the clerk's words, nothing half-written kept
        raise BackupError(f"Không sao lưu được {target.describe()}: {exc}") from exc
    problem = backup_problem(dest)
    if problem:
        dest.unlink(missing_ok=True)
        raise BackupError(f"Bản sao lưu của {target.describe()} bị lỗi khi kiểm tra lại: {problem}. Đã bỏ bản này.")
    log.info("server backup (%s, %s) %s -> %s%s", reason, backup_server.kind_of(dest), target.describe(), dest,
             f" ({note})" if note else "")
    if prune_after:
        prune(url)
    return dest


def iter_backup(db_path: str | os.PathLike, reason: str = "manual") -> Iterator[Progress | Path]:
    """The same as a long job (app/common/progress.py): Progress, then the new backup's path. A copy under way
    is not stopped halfway (it is one SQLite backup), so the steps are not cancellable."""
    name = backup_server.target_for(db_path).describe() if is_server(db_path) else Path(db_path).name
    yield Progress(0, 1, f"Đang sao lưu {name}…", cancellable=False)
    dest = create_backup(db_path, reason)
    yield Progress(1, 1, "Đã sao lưu và kiểm tra bản sao.", cancellable=False)
    yield dest


def _info(path: Path, stem: str) -> BackupInfo | None:
    m = _NAME.match(path.name)
    if m is None:
        m = _OLDER_NAME.match(path.name)
        if m is None or m.group("stem") != stem:
            return None
        created = datetime.strptime(m.group("stamp"), "%Y%m%d-%H%M%S")
        return BackupInfo(path=path, created=created, reason=m.group("reason"), size=path.stat().st_size,
                          seq=1 + int(m.group("micro") or 0))
    if m.group("stem") != stem:
        return None
    created = datetime.strptime(m.group("stamp"), "%Y%m%d-%H%M%S")
    return BackupInfo(path=path, created=created, reason=m.group("reason"), size=path.stat().st_size,
                      seq=int(m.group("n") or 1))


def list_backups(db_path: str | os.PathLike) -> list[BackupInfo]:
    """The backups of this database, newest first."""
    db_path = _where(db_path)
    folder = backups_dir(db_path)
    found = [i for p in folder.iterdir() if p.suffix in SUFFIXES and (i := _info(p, db_path.stem)) is not None]
    found.sort(key=lambda i: (i.created, i.seq), reverse=True)
    return found


def backups_to_keep(backups: list[BackupInfo], keep_last: int = KEEP_LAST) -> set[Path]:
    """The newest `keep_last`, the newest of each of the last KEEP_DAYS days, and the newest of every
    calendar month whatever the count (a history back to the first year: a morning of retries can push
    out neither yesterday's copy nor last month's)."""
    ordered = sorted(backups, key=lambda i: (i.created, i.seq), reverse=True)
    keep = {i.path for i in ordered[:keep_last]}
    if not ordered:
        return keep
    recent = ordered[0].created.date() - timedelta(days=KEEP_DAYS)
    days: set = set()
    months: set[tuple[int, int]] = set()
    for info in ordered:
        day = info.created.date()
        if day > recent and day not in days:
            days.add(day)
            keep.add(info.path)
        month = (info.created.year, info.created.month)
        if month not in months:
            months.add(month)
            keep.add(info.path)
    return keep


def prune(db_path: str | os.PathLike, keep_last: int = KEEP_LAST) -> list[Path]:
    """Delete the backups that the retention rule does not keep; returns the deleted files."""
    backups = list_backups(db_path)
    keep = backups_to_keep(backups, keep_last)
    removed = []
    for info in backups:
        if info.path not in keep:
            try:
                info.path.unlink()
                removed.append(info.path)
            except OSError as exc:  # a copy open in another program stays until next time
                log.warning("could not delete old backup %s: %s", info.path, exc)
    if removed:
        log.info("pruned %d old backups of %s", len(removed), db_path)
    return removed


def backup_on_close(db_path: str | os.PathLike, *, now: datetime | None = None) -> Path | None:
    """The daily copy when the program closes: skipped when one was already made today."""
    if not is_server(db_path):
        db_path = Path(db_path)
        if not db_path.is_file():
            return None
    now = now or datetime.now()
    if any(i.reason == "close" and i.created.date() == now.date() for i in list_backups(db_path)):
        return None
    try:
        return create_backup(db_path, "close", now=now)
    except EmptyDatabase:  # nothing entered yet: nothing to keep
        return None


def _remove_journal(db_path: Path) -> None:
    # a -wal left from the old file would be replayed onto the restored one and corrupt it
    for extra in ("-wal", "-shm", "-journal"):
        Path(str(db_path) + extra).unlink(missing_ok=True)


def _keep_current(db_path: Path, now: datetime) -> Path | None:
    """Keep the file being replaced, even when it is damaged (then as raw bytes: the API may refuse it)."""
    if not db_path.is_file():
        return None
    try:
        return create_backup(db_path, "restore", now=now)
    except (BackupError, sqlite3.Error) as exc:
        log.warning("current file %s is not copyable by SQLite (%s); keeping its raw bytes", db_path, exc)
    dest = _new_name(db_path, "restore", now).with_suffix(".damaged")
    import shutil

    shutil.copy2(db_path, dest)
    paths.make_private_file(dest)
    for extra in ("-wal", "-shm"):
        side = Path(str(db_path) + extra)
        if side.is_file():
            shutil.copy2(side, Path(str(dest) + extra))
            paths.make_private_file(Path(str(dest) + extra))
    return dest


def _settle(db_path: Path) -> None:
    """Move everything committed from the -wal into the file, so deleting the -wal loses nothing; refuse
    while another connection is reading or writing (a restore under its feet would lose its work)."""
    if not db_path.is_file() or integrity_problems(db_path, quick=True):
        return  # a damaged file is kept byte for byte instead
    conn = sqlite3.connect(str(db_path), timeout=2)
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as exc:
        busy, _ = 1, exc
    finally:
        conn.close()
    if busy:
        raise BackupError(f"Tệp dữ liệu {db_path.name} đang được dùng (đang đọc hoặc ghi); hãy đóng các cửa sổ "
                          "đang mở dữ liệu rồi phục hồi lại.")


def restore_backup(db_path: str | os.PathLike, backup_path: str | os.PathLike, *,
                   now: datetime | None = None) -> Path | None:
    """Put a backup in place of the database. Every connection to the database must be closed first.

    The backup is checked with `PRAGMA integrity_check` before anything is touched; the current file is kept
    as another backup. Returns the path of that kept copy (None when there was no current file).
    A server database (its URL): the same, through pg_restore or the logical load, in one transaction.
    """
    backup_path = Path(backup_path)
    problem = backup_problem(backup_path)
    if problem:
        raise BackupError(f"Bản sao lưu {backup_path.name} không dùng được, không phục hồi từ bản này: {problem}")
    now = now or datetime.now()
    if is_server(db_path):
        return _restore_server(db_path, backup_path, now)
    db_path = Path(db_path)
    _settle(db_path)
    kept = _keep_current(db_path, now)
    tmp = db_path.with_name(db_path.name + ".restoring")
    tmp.unlink(missing_ok=True)
    try:
        copy_database(backup_path, tmp)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"Không phục hồi được từ {backup_path.name}: {exc}") from exc
    try:
        _remove_journal(db_path)
        paths.make_private_file(tmp)
        os.replace(tmp, db_path)
    except OSError as exc:  # Windows: a handle is still open on the file
        tmp.unlink(missing_ok=True)
        raise BackupError(f"Không thay được tệp dữ liệu {db_path.name} (đang được mở: {exc}). Hãy đóng chương "
                          f"trình rồi phục hồi bằng lệnh: python -m app restore.") from exc
    log.info("restored %s from %s (previous file kept as %s)", db_path, backup_path, kept)
    return kept


def _restore_server(url: str, backup_path: Path, now: datetime) -> Path | None:
    target = backup_server.target_for(url)
    kept = None
    # a new database (a commune's file moving onto the server) has no schema yet: nothing to keep, and the
    # restore gives it one; a server that does not answer fails in restore_into with its own message
    if record_counts(url) is not None:
        try:
            kept = create_server_backup(url, "restore", now=now)
        except EmptyDatabase:  # nothing on the server yet: nothing to keep
            kept = None
    backup_server.restore_into(target, backup_path)
    log.info("restored %s from %s (previous data kept as %s)", target.describe(), backup_path, kept)
    return kept


def backup_problem(path: str | os.PathLike) -> str | None:
    """Why a backup is not good (fails integrity_check, or holds no commune), or None when it is."""
    if Path(path).suffix == backup_server.DUMP_SUFFIX:
        problem = backup_server.dump_problem(Path(path))
        if problem:
            return problem
        return None if holds_commune(path) else "bản sao lưu trống (không có tổ chức đảng, đảng viên nào)"
    problems = integrity_problems(path)
    if problems:
        return problems[0]
    if not holds_commune(path):
        return "bản sao lưu trống (không có tổ chức đảng, đảng viên nào)"
    return None


def newest_good_backup(db_path: str | os.PathLike) -> BackupInfo | None:
    """The newest backup that passes `PRAGMA integrity_check` and holds a commune (an empty copy is no
    good: restoring it would turn the records into nothing)."""
    for info in list_backups(db_path):
        problem = backup_problem(info.path)
        if problem is None:
            return info
        log.warning("backup %s is not good (%s); trying an older one", info.path, problem)
    return None


def restore_newest_good(db_path: str | os.PathLike) -> BackupInfo | None:
    """After damage is found: put the newest sound backup in place. Returns it, or None if there is none."""
    info = newest_good_backup(db_path)
    if info is None:
        return None
    restore_backup(db_path, info.path)
    return info


def _batches(path: Path) -> dict[int, tuple[str, str | None, int, int]] | None:
    """{batch id: (created_at, undone_at, members added, members changed)} of a file; None when unreadable."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        rows = conn.execute("SELECT id, created_at, undone_at FROM import_batches").fetchall()
        out = {}
        for batch_id, created, undone in rows:
            added = conn.execute("SELECT count(*) FROM members WHERE import_batch_id = ?", (batch_id,)).fetchone()[0]
            changed = conn.execute("SELECT count(DISTINCT row_id) FROM import_changes WHERE batch_id = ? AND "
                                   "table_name = 'members' AND field != '__created__'", (batch_id,)).fetchone()[0]
            out[batch_id] = (created, undone, added, changed)
        return out
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _when(text: str | None) -> str:
    try:
        return f"{datetime.fromisoformat(str(text)):%H:%M %d/%m/%Y}"
    except ValueError:
        return str(text)


def restore_summary(db_path: str | os.PathLike, backup_path: str | os.PathLike) -> str:
    """What a restore gives back and what it takes away, in words, for the confirmation (issue 18 item 5):
    the backup's time and content, and the import batches of the current file that the backup lacks."""
    server = is_server(db_path)
    db_path, backup_path = (db_path if server else Path(db_path)), Path(backup_path)
    info = _info(backup_path, _where(db_path).stem)  # a file from elsewhere: its modification time
    created = info.created if info else datetime.fromtimestamp(backup_path.stat().st_mtime)
    reason = f" ({info.reason_label})" if info else ""
    theirs = record_counts(backup_path)
    ours = record_counts(db_path) if server or db_path.is_file() else None
    from .common.vnformat import fmt_int

    lines = [f"Bản sao lưu lúc {created:%H:%M} ngày {created:%d/%m/%Y}{reason}: "
             + (f"{fmt_int(theirs['members'])} đảng viên, {fmt_int(theirs['units'])} tổ chức đảng."
                if theirs else "không đọc được nội dung.")]
    if ours is None and server:
        lines.append("Cơ sở dữ liệu trên máy chủ chưa có dữ liệu của Đảng vụ (hoặc không đọc được): không có gì "
                     "để so sánh.")
        return "\n".join(lines)
    if ours is None:
        lines.append("Tệp dữ liệu hiện tại không đọc được (hỏng hoặc trống): không có gì trong đó để so sánh.")
        return "\n".join(lines)
    lines.append(f"Dữ liệu đang dùng: {fmt_int(ours['members'])} đảng viên, {fmt_int(ours['units'])} tổ chức đảng.")
    kind = "" if not server else f" Loại bản sao lưu: {backup_server.KIND_LABELS[backup_server.kind_of(backup_path)]}."
    if server or backup_path.suffix != SUFFIX:  # the import batches are compared for two SQLite files
        lines[0] += kind
        lines.append(f"Mọi thay đổi trên máy chủ sau {created:%H:%M %d/%m/%Y} (của mọi máy) sẽ không còn.")
        lines.append("Dữ liệu hiện tại được giữ lại thành một bản sao lưu khác, có thể phục hồi lại.")
        return "\n".join(lines)
    mine, kept = _batches(db_path) or {}, _batches(backup_path) or {}
    lost = []
    for batch_id in sorted(set(mine) - set(kept)):
        when, undone, added, changed = mine[batch_id]
        if undone:
            continue
        what = [f"{fmt_int(added)} đảng viên thêm mới"] + ([f"{fmt_int(changed)} đảng viên được cập nhật"]
                                                           if changed else [])
        lost.append(f"lần nhập số {batch_id} lúc {_when(when)}: {', '.join(what)}")
    if lost:
        lines.append(f"Những thay đổi sau {created:%H:%M %d/%m/%Y} không có trong bản này và sẽ mất khỏi dữ liệu "
                     "đang dùng: " + "; ".join(lost) + "; cùng mọi sửa đổi bằng tay sau thời điểm đó.")
    else:
        lines.append(f"Không có lần nhập nào sau bản này; mọi sửa đổi bằng tay sau {created:%H:%M %d/%m/%Y} "
                     "sẽ không còn trong dữ liệu đang dùng.")
    lines.append("Dữ liệu hiện tại được giữ lại thành một bản sao lưu khác, có thể phục hồi lại.")
    return "\n".join(lines)
