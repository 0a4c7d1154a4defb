"""The start-up integrity check begun at once, beside the imports (app/ui/main_window.run).

`PRAGMA quick_check` reads the whole file: 0.2 s at 20,000 members, 1.2 s at 100,000 (the weekly full
integrity_check about five times that). It needs only sqlite3, so it runs on its own thread while SQLAlchemy and
the services are imported (≈ 0.6 s), instead of after them. open_database (app/ui/startup_checks.py) still takes
the write lock first and uses this result only when it checked the very file it opens; otherwise it checks
itself, as before. Imports nothing heavy: the window makes it before SQLAlchemy is loaded.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


class EarlyCheck:
    def __init__(self, db_path):
        self.path: Path | None = None
        self._result = None
        self._thread = threading.Thread(target=self._run, args=(db_path,), daemon=True, name="integrity")
        self._thread.start()

    def _run(self, db_path) -> None:
        try:
            self.path = _likely_file(db_path)
            if self.path is not None:
                from app import safety

                self._result = safety.check_integrity(self.path)
        except Exception:  # noqa: BLE001 — open_database checks again itself and reports what is wrong
            self.path, self._result = None, None

    def result_for(self, path: Path):
        """The check's IntegrityResult when it checked `path`, else None (the caller checks itself)."""
        self._thread.join()
        if self.path is None or self._result is None or self.path != Path(path).resolve():
            return None
        return self._result


def _likely_file(db_path) -> Path | None:
    """The local file app.db.url_for will name, when that is known without importing it; None for a server
    (a URL, DANGVU_DB_URL, a saved connection) — no file to check."""
    if db_path is not None:
        text = str(db_path)
        return None if "://" in text else Path(text).resolve()
    if os.environ.get("DANGVU_DB_URL"):
        return None
    from app import connection, paths

    if connection.saved_connection() is not None:
        return None
    return paths.default_db_path().resolve()
