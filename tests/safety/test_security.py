"""The optional start-up password: salted scrypt hash in the settings table, never the password."""

from __future__ import annotations

import sqlite3

import pytest

from app.db import Database
from app.services import security
from app.services.errors import DomainError


def test_password_is_stored_only_as_a_salted_scrypt_hash(data_dir):
    path = data_dir / "d.sqlite3"
    db = Database(path)
    with db.transaction() as s:
        assert not security.has_password(s)
        assert security.verify_password(s, "anything")  # no password: start freely
        security.set_password(s, "mật khẩu xã 2025")
    db.dispose()
    raw = path.read_bytes() + (path.parent / (path.name + "-wal")).read_bytes() \
        if (path.parent / (path.name + "-wal")).exists() else path.read_bytes()
    assert "mật khẩu".encode() not in raw
    conn = sqlite3.connect(path)
    (stored,) = conn.execute("select value from settings where key = ?", (security.PASSWORD_KEY,)).fetchone()
    conn.close()
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2 ** 17, 8, 1)
    import base64
    import hashlib

    # the stored hash is scrypt over the password with the stored salt (checked with hashlib directly)
    assert base64.b64decode(digest) == hashlib.scrypt("mật khẩu xã 2025".encode(), salt=base64.b64decode(salt),
                                                      n=2 ** 17, r=8, p=1, maxmem=256 * 2 ** 20, dklen=32)
    db = Database(path)
    with db.transaction() as s:
        assert security.has_password(s)
        assert security.verify_password(s, "mật khẩu xã 2025")
        assert not security.verify_password(s, "mat khau xa 2025")
        assert not security.verify_password(s, "")
    db.dispose()


def test_same_password_gets_a_different_salt():
    assert security.hash_password("abcdef", n=2 ** 10) != security.hash_password("abcdef", n=2 ** 10)


def test_change_and_clear_need_the_current_password(data_dir):
    db = Database(data_dir / "d.sqlite3")
    with db.transaction() as s:
        security.set_password(s, "abcdef")
    with pytest.raises(DomainError) as err:
        with db.transaction() as s:
            security.set_password(s, "ghijkl", current_password="sai")
    assert err.value.field == "current_password" and "không đúng" in str(err.value)
    with pytest.raises(DomainError, match="ít nhất 6 ký tự") as err:
        with db.transaction() as s:
            security.set_password(s, "ngắn", current_password="abcdef")
    with db.transaction() as s:
        security.set_password(s, "ghijkl", current_password="abcdef")
    with db.transaction() as s:
        assert security.verify_password(s, "ghijkl")
        with pytest.raises(DomainError):
            security.clear_password(s, "abcdef")
    with db.transaction() as s:
        security.clear_password(s, "ghijkl")
    with db.transaction() as s:
        assert not security.has_password(s)
    db.dispose()


def test_a_malformed_stored_value_never_lets_anyone_in():
    assert not security.check_hash("x", "plain-text-password")
    assert not security.check_hash("x", "scrypt$notanumber$8$1$AA==$AA==")
