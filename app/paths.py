"""Where the program keeps its files: the user's data folder (%APPDATA%\\DangVu on Windows)."""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "DangVu"


def make_private_dir(path: str | os.PathLike, *, tighten: bool = True) -> Path:
    """Create a folder private to the user (0700 on POSIX whatever the umask: personal records live in it);
    `tighten` also narrows an existing folder of ours. Windows: the user's profile ACL already does it."""
    path = Path(path)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if tighten and os.name != "nt":
        try:
            st = path.stat()
            if st.st_uid == os.getuid() and st.st_mode & 0o077:
                os.chmod(path, 0o700)
        except OSError:  # a folder on a FAT stick or of another user: left as it is
            pass
    return path


def make_private_file(path: str | os.PathLike) -> None:
    """0600 on POSIX (personal records); on Windows the profile's ACL already keeps other accounts out."""
    if os.name == "nt":
        return
    try:
        os.chmod(path, 0o600)
    except OSError:  # a FAT stick has no modes
        pass


def data_dir() -> Path:
    override = os.environ.get("DANGVU_DATA_DIR")
    if override:
        # a folder the clerk chose may hold other things: created private, never narrowed afterwards
        return make_private_dir(override, tighten=False)
    from platformdirs import user_data_dir

    return make_private_dir(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=True))


def default_db_path() -> Path:
    return data_dir() / "dangvu.sqlite3"


def backups_dir(db_path: Path | None = None) -> Path:
    """Backups sit beside the database they belong to, so a --db file keeps its own history."""
    base = Path(db_path).parent if db_path else data_dir()
    return make_private_dir(base / "backups")


def logs_dir() -> Path:
    return make_private_dir(data_dir() / "logs")


def resources_dir() -> Path:
    """resources/ beside the app package (source tree and installed program alike)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "resources", here / "resources"):
        if candidate.is_dir():
            return candidate
    return here.parent / "resources"
