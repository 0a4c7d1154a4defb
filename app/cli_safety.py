"""The command line's share of the start-up safety: every command that writes takes the database's single
writer lock (the one the window holds), every command checks the file first, and the log is written.

    @writes_database                  # import, demo, restore, backup, settings, undo …
    def cmd_x(args) -> int: ...

A second writer waits a few seconds for the first, then is refused with a message naming the holder, so a
restore can never replace the file under an import, and two imports of one sheet cannot both add it.
Read-only commands (stats, reminders, report, forms) take no lock and keep working beside an open window.
"""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def db_file(args) -> Path | None:
    """The SQLite file a command works on (its --db, else DANGVU_DB_URL, else the default one)."""
    from .db import sqlite_path, url_for

    return sqlite_path(url_for(getattr(args, "db", None)))


def server_url(args) -> str | None:
    """The server database a command works on (PostgreSQL), or None for a SQLite file."""
    from .connection import is_server_url
    from .db import url_for

    url = url_for(getattr(args, "db", None))
    return url if is_server_url(url) else None


def server_problem(url: str | None, *, writes: bool) -> str | None:
    """A server database's start-up check (app.safety.check_server): a Vietnamese message when the command
    must not run. An emptied database is only a warning for a reading command, a refusal for a writing one
    (as an emptied file is never taken for a new commune)."""
    from . import safety
    from .common.errors import UserError

    if url is None:
        return None
    result = safety.check_server(url)
    if result.ok:
        try:
            safety.backup_before_server_migration(url, result)
        except UserError as exc:
            return f"Không sao lưu được trước khi nâng cấp dữ liệu trên máy chủ, nên chưa nâng cấp: {exc}"
        return None
    if result.emptied:
        hint = ("\nPhục hồi bằng lệnh: python -m app restore --newest-good" if result.newest_good is not None else "")
        if not writes:
            print(f"Cảnh báo: {result.message}{hint}", file=sys.stderr)
            return None
        return result.message + hint
    return result.message


def startup_problem(path: Path | None) -> str | None:
    """The CLI's start-up check (quick_check, an emptied file, a file that is no database): a Vietnamese
    message when the command must not run, else None."""
    from . import safety

    if path is None:
        return None
    result = safety.check_integrity(path)
    if result.ok:
        return None
    if result.index_only:
        hint = f"\nSửa bằng lệnh: python -m app check-db --db {path}"
    elif result.newest_good is not None:
        hint = f"\nPhục hồi bằng lệnh: python -m app restore --newest-good --db {path}"
    else:
        hint = ""
    return result.message + hint


def writes_database(func=None, *, check: bool = True, wait: float | None = None, program: str | None = None):
    """Decorator of a writing sub-command: lock, start-up check, then the command; the lock is released after.

    check=False for the commands that must work on a damaged file (restore, check-db): they check it themselves.
    wait: seconds to wait for another writer (default safety.WAIT_SECONDS); a restore waits 0, since after the
    other writer it would replace what that writer has just written.
    Exit status 3 when another writer holds the file, 4 when the file is damaged or emptied.
    """
    if func is None:
        return lambda f: writes_database(f, check=check, wait=wait, program=program)

    @functools.wraps(func)
    def run(args) -> int:
        from . import safety

        path = db_file(args)
        if path is None:  # a server database: its own server arbitrates writers (no file lock)
            problem = server_problem(server_url(args), writes=True) if check else None
            if problem:
                print(f"Lỗi: {problem}", file=sys.stderr)
                return 4
            return func(args)
        name = program or f"lệnh python -m app {getattr(args, 'command', None) or func.__name__}"
        try:
            lock = safety.acquire_lock(path, wait=safety.WAIT_SECONDS if wait is None else wait, program=name)
        except safety.DatabaseLocked as exc:
            log.warning("%s refused: %s is locked by %s", name, path, exc.holder)
            print(f"Lỗi: {exc.for_command}", file=sys.stderr)
            return 3
        try:
            if check and getattr(args, "_checked_db", None) != path:  # before_command may have checked it
                problem = startup_problem(path)
                if problem:
                    print(f"Lỗi: {problem}", file=sys.stderr)
                    return 4
            return func(args)
        finally:
            lock.release()

    run.writes_database = True  # type: ignore[attr-defined]
    run.checks_database = True  # type: ignore[attr-defined]
    return run


def handles_damage(func):
    """A read-only command that must run on a damaged file (check-db, backup --list): no start-up check."""
    func.checks_database = True
    return func


def before_command(args) -> int | None:
    """For every command: the log, then the start-up check of the file unless the command does its own."""
    from . import safety

    try:
        safety.setup_logging()
        safety.install_log_excepthook()
    except OSError as exc:  # a read-only profile: the command still runs, without a log
        print(f"Lưu ý: không ghi được nhật ký ({exc}).", file=sys.stderr)
    func = getattr(args, "func", None)
    if func is None or getattr(func, "checks_database", False) or not hasattr(args, "db"):
        return None
    path = db_file(args)
    problem = startup_problem(path) if path is not None else server_problem(server_url(args), writes=False)
    if problem:
        print(f"Lỗi: {problem}", file=sys.stderr)
        return 4
    args._checked_db = path
    return None
