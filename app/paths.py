"""Where the program keeps its files: the user's data folder (%APPDATA%\\DangVu on Windows)."""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "DangVu"


def data_dir() -> Path:
    override = os.environ.get("DANGVU_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=True))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "dangvu.sqlite3"


def backups_dir(db_path: Path | None = None) -> Path:
    """Backups sit beside the database they belong to, so a --db file keeps its own history."""
    base = Path(db_path).parent if db_path else data_dir()
    path = base / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """resources/ beside the app package (source tree and installed program alike)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "resources", here / "resources"):
        if candidate.is_dir():
            return candidate
    return here.parent / "resources"
