"""Which database this PC opens when neither --db nor DANGVU_DB_URL says: the office's PostgreSQL server
chosen in Tệp → Kết nối máy chủ…, or the SQLite file in the user's data folder (the default).

The server's address (host, port, database, user) is kept in `connection.json` in the data folder; the
password never is: it lives in the OS keyring (Windows Credential Manager, the Secret Service on Linux)
under the service "dangvu", so a copied settings file or a backup of the data folder carries no password.
No Qt and no SQLAlchemy here: `app.db.url_for` reads it before anything is opened.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from . import paths
from .common.errors import UserError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "dangvu"
FILE_NAME = "connection.json"
DEFAULT_PORT = 5432
DRIVER = "postgresql+psycopg"


class ConnectionSettingsError(UserError, ValueError):
    """A field of the server connection that cannot be used; the message is Vietnamese and names the field."""


@dataclass(frozen=True)
class ServerConnection:
    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT

    @property
    def keyring_user(self) -> str:
        """The keyring entry's name: one password per role on one server (two offices, two entries)."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str | None = None) -> str:
        """The SQLAlchemy URL (psycopg 3). The password is only ever in memory, never in the settings file."""
        secret = f":{quote(password, safe='')}" if password else ""
        return f"{DRIVER}://{quote(self.user, safe='')}{secret}@{_host_part(self.host)}:{self.port}/" \
               f"{quote(self.database, safe='')}"

    def describe(self) -> str:
        return f"cơ sở dữ liệu {self.database} trên máy chủ {self.host}:{self.port} (người dùng {self.user})"


def _host_part(host: str) -> str:
    return f"[{host}]" if ":" in host else host  # an IPv6 address


def check_fields(host: str, port: str | int, database: str, user: str) -> ServerConnection:
    """The dialog's fields as a connection, or ConnectionSettingsError naming the field."""
    host, database, user = host.strip(), database.strip(), user.strip()
    if not host:
        raise ConnectionSettingsError("Chưa nhập Máy chủ (tên hoặc địa chỉ IP của máy chủ trong cơ quan).")
    if any(c in host for c in " /@?#"):
        raise ConnectionSettingsError(f"Máy chủ «{host}» không hợp lệ: chỉ gõ tên hoặc địa chỉ IP, ví dụ "
                                      "192.168.1.10.")
    try:
        number = int(str(port).strip())
    except ValueError:
        raise ConnectionSettingsError(f"Cổng «{port}» phải là một số (thường là {DEFAULT_PORT}).") from None
    if not 1 <= number <= 65535:
        raise ConnectionSettingsError(f"Cổng {number} không hợp lệ (từ 1 đến 65535; thường là {DEFAULT_PORT}).")
    if not database:
        raise ConnectionSettingsError("Chưa nhập Cơ sở dữ liệu (tên đã tạo trên máy chủ, ví dụ dangvu).")
    if not user:
        raise ConnectionSettingsError("Chưa nhập Người dùng (tên đăng nhập đã tạo trên máy chủ).")
    return ServerConnection(host=host, database=database, user=user, port=number)


def parse_url(url: str) -> tuple[ServerConnection, str | None]:
    """A postgresql URL back into its fields and its password (None when the URL has none)."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgresql"):
        raise ConnectionSettingsError(f"Địa chỉ {display_url(url)} không phải của máy chủ PostgreSQL.")
    conn = check_fields(parts.hostname or "", parts.port or DEFAULT_PORT, unquote(parts.path.lstrip("/")),
                        unquote(parts.username or ""))
    return conn, (unquote(parts.password) if parts.password is not None else None)


def display_url(url: str) -> str:
    """A URL fit to show or log: the password replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rpartition("@")
    user = netloc[0].split(":", 1)[0]
    return url.replace(parts.netloc, f"{user}:***@{netloc[2]}", 1)


def is_server_url(url: str) -> bool:
    return url.startswith("postgresql")


# --- the settings file (no password) ---------------------------------------------------------------------

def settings_path() -> Path:
    return paths.data_dir() / FILE_NAME


def saved_connection() -> ServerConnection | None:
    """The server this PC was pointed at, or None (the local SQLite file). A damaged file is an error, never
    a silent fall-back: a clerk of a server office would otherwise type into a new, empty local file."""
    path = settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.error("connection settings %s unreadable: %s", path, exc)
        raise ConnectionSettingsError(_damaged(path, str(exc))) from exc
    if not isinstance(data, dict) or data.get("backend") not in ("postgresql", "sqlite"):
        raise ConnectionSettingsError(_damaged(path, "không rõ dùng máy chủ hay tệp trên máy"))
    if data["backend"] == "sqlite":
        return None
    try:
        return check_fields(str(data.get("host", "")), data.get("port", DEFAULT_PORT),
                            str(data.get("database", "")), str(data.get("user", "")))
    except ConnectionSettingsError as exc:
        raise ConnectionSettingsError(_damaged(path, str(exc))) from exc


def _damaged(path: Path, why: str) -> str:
    return (f"Tệp cài đặt kết nối {path} bị hỏng ({why}). Hãy mở lại bằng lệnh có --db, hoặc xóa tệp này để "
            "dùng tệp dữ liệu trên máy này, rồi chọn lại trong Tệp → Kết nối máy chủ….")


def save_connection(conn: ServerConnection, password: str | None) -> Path:
    """Point this PC at the server: the fields in the settings file, the password in the keyring."""
    if password:
        set_password(conn, password)
    data = {"backend": "postgresql", **asdict(conn)}
    return _write(data)


def use_local_file() -> Path:
    """«Dùng tệp trên máy này»: back to the SQLite file (the keyring entry stays, for going back later)."""
    return _write({"backend": "sqlite"})


def _write(data: dict) -> Path:
    path = settings_path()
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
    paths.make_private_file(tmp)
    os.replace(tmp, path)
    return path


# --- the keyring ---------------------------------------------------------------------------------------

def get_password(conn: ServerConnection) -> str | None:
    """The stored password, or None (none stored, or no keyring on this PC: the server may not need one)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, conn.keyring_user)
    except KeyringError as exc:
        log.debug("keyring unavailable for %s: %s", conn.keyring_user, exc)  # said when saving, not each read
        return None


def set_password(conn: ServerConnection, password: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, conn.keyring_user, password)
    except KeyringError as exc:
        raise ConnectionSettingsError(
            "Máy này không có nơi cất mật khẩu an toàn (keyring), nên không lưu được mật khẩu máy chủ. Trên "
            "Windows đó là Credential Manager; trên Linux cần dịch vụ Secret Service (gnome-keyring). "
            f"Chi tiết: {exc}") from exc


def with_stored_password(url: str) -> str:
    """A server URL given without a password (DANGVU_DB_URL, --db) gets the one the keyring holds for that
    user, server and database, if any; any other URL is returned as it is."""
    if not is_server_url(url) or urlsplit(url).password is not None:
        return url
    try:
        conn, _ = parse_url(url)
    except ConnectionSettingsError:
        return url  # the driver will say what is wrong with it
    password = get_password(conn)
    if not password:
        return url  # libpq may still find one (~/.pgpass, PGPASSWORD)
    parts = urlsplit(url)
    user, _, host = parts.netloc.rpartition("@")
    return url.replace(parts.netloc, f"{user}:{quote(password, safe='')}@{host}", 1)


def saved_url() -> str | None:
    """What `app.db.url_for` uses when no --db and no DANGVU_DB_URL is given: the saved server with its
    password from the keyring, or None for the local file."""
    conn = saved_connection()
    if conn is None:
        return None
    return conn.url(get_password(conn))
