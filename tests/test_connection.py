"""app/connection.py: the office server's fields ↔ URL, the password in the keyring and never in the settings
file, and `app.db.url_for` choosing the saved server only when neither --db nor DANGVU_DB_URL says."""

from __future__ import annotations

import json

import pytest

from app import connection
from app.db import url_for

from .pg_helpers import memory_keyring  # noqa: F401 - fixture

SECRET = "mật:khẩu@/ 1%"


def test_fields_round_trip_through_the_url_with_awkward_characters():
    conn = connection.check_fields(" 192.168.1.10 ", "5433", "đảng vụ", "văn phòng")
    url = conn.url(SECRET)
    assert url.startswith("postgresql+psycopg://")
    assert SECRET not in url  # quoted, so ':' '@' '/' in it cannot break the URL
    back, password = connection.parse_url(url)
    assert back == connection.ServerConnection("192.168.1.10", "đảng vụ", "văn phòng", 5433)
    assert password == SECRET
    shown = connection.display_url(url)
    assert "***" in shown and "mật" not in shown and shown.endswith("@192.168.1.10:5433/%C4%91%E1%BA%A3ng%20v%E1%BB%A5")
    assert connection.parse_url(conn.url())[1] is None


@pytest.mark.parametrize("fields, word", [
    (("", "5432", "dangvu", "vp"), "Máy chủ"),
    (("may chu", "5432", "dangvu", "vp"), "Máy chủ"),
    (("10.0.0.1", "năm", "dangvu", "vp"), "Cổng"),
    (("10.0.0.1", "70000", "dangvu", "vp"), "Cổng 70000"),
    (("10.0.0.1", "5432", " ", "vp"), "Cơ sở dữ liệu"),
    (("10.0.0.1", "5432", "dangvu", ""), "Người dùng"),
])
def test_a_bad_field_is_named(fields, word):
    with pytest.raises(connection.ConnectionSettingsError, match=word):
        connection.check_fields(*fields)


def test_saved_server_keeps_the_password_in_the_keyring_only(memory_keyring, monkeypatch, tmp_path):
    monkeypatch.delenv("DANGVU_DB_URL", raising=False)
    local = url_for(None)
    assert local.startswith("sqlite:///") and local.endswith("dangvu.sqlite3")

    conn = connection.check_fields("office-pc", "5432", "dangvu", "vanphong")
    path = connection.save_connection(conn, SECRET)

    raw = path.read_bytes()
    assert SECRET.encode() not in raw and b"password" not in raw.lower()
    assert json.loads(raw) == {"backend": "postgresql", "host": "office-pc", "database": "dangvu",
                               "user": "vanphong", "port": 5432}
    assert memory_keyring.store == {("dangvu", "vanphong@office-pc:5432/dangvu"): SECRET}
    assert oct(path.stat().st_mode & 0o777) == "0o600"

    url = url_for(None)
    assert connection.parse_url(url) == (conn, SECRET)
    # --db and DANGVU_DB_URL still win over the saved server
    assert url_for(tmp_path / "x.sqlite3") == f"sqlite:///{(tmp_path / 'x.sqlite3').resolve()}"
    monkeypatch.setenv("DANGVU_DB_URL", "sqlite:///elsewhere.sqlite3")
    assert url_for(None) == "sqlite:///elsewhere.sqlite3"
    monkeypatch.delenv("DANGVU_DB_URL")

    # a URL typed without its password (DANGVU_DB_URL, --db) takes the keyring's for that server
    typed = conn.url()
    assert connection.parse_url(url_for(typed)) == (conn, SECRET)
    other = connection.check_fields("office-pc", "5432", "khac", "vanphong").url()
    assert url_for(other) == other

    connection.use_local_file()  # «Dùng tệp trên máy này»
    assert url_for(None) == local
    assert connection.saved_connection() is None


def test_no_keyring_on_the_pc_means_no_password_not_a_crash(monkeypatch):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        conn = connection.check_fields("office-pc", "5432", "dangvu", "vanphong")
        with pytest.raises(connection.ConnectionSettingsError, match="keyring"):
            connection.save_connection(conn, SECRET)
        connection.save_connection(conn, None)  # a server that needs no password (trust on the LAN)
        assert connection.get_password(conn) is None
        monkeypatch.delenv("DANGVU_DB_URL", raising=False)
        assert url_for(None) == conn.url()
    finally:
        keyring.set_keyring(previous)


@pytest.mark.parametrize("content", ["{not json", '{"backend": "mysql"}', '{"backend": "postgresql", "host": ""}'])
def test_a_damaged_settings_file_is_said_never_replaced_by_the_local_file(monkeypatch, content, tmp_path):
    """A clerk of a server office must not type into a new empty local file because a setting broke."""
    monkeypatch.delenv("DANGVU_DB_URL", raising=False)
    connection.settings_path().write_text(content, encoding="utf-8")
    with pytest.raises(connection.ConnectionSettingsError, match="connection.json bị hỏng"):
        url_for(None)
    assert url_for(tmp_path / "x.sqlite3").startswith("sqlite:///")  # --db still opens a file
