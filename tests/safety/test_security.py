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


def _store(path, value):
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE settings SET value = ? WHERE key = ?", (value, security.PASSWORD_KEY))
    conn.close()


@pytest.mark.parametrize("n, r, p", [(2 ** 40, 8, 1), (2 ** 17, 10 ** 6, 1), (2 ** 17, 8, 10 ** 4), (3000, 8, 1),
                                     (2 ** 18, 16, 2), (2, 1, 1)])
def test_tampered_cost_parameters_are_refused_before_any_work(data_dir, monkeypatch, n, r, p):
    from app.ui import startup_checks

    from .test_startup_flow import Script

    path = data_dir / "d.sqlite3"
    db = Database(path)
    with db.transaction() as s:
        security.set_password(s, "mật khẩu xã")
    db.dispose()
    conn = sqlite3.connect(path)
    (stored,) = conn.execute("select value from settings where key = ?", (security.PASSWORD_KEY,)).fetchone()
    conn.close()
    _, _, _, _, salt, digest = stored.split("$")
    _store(path, f"scrypt${n}${r}${p}${salt}${digest}")

    def no_scrypt(*a, **k):
        raise AssertionError("scrypt must not run with tampered parameters")

    monkeypatch.setattr(security.hashlib, "scrypt", no_scrypt)
    db = Database(path)
    with db.session() as s:
        with pytest.raises(security.TamperedPassword, match="tham số bất thường"):
            security.verify_password(s, "mật khẩu xã")
    db.dispose()
    # at start: the clerk is told, and the program does not open (nor ask for a password it cannot check)
    script = Script(passwords=["mật khẩu xã"])
    assert startup_checks.open_database(path, script) is None
    assert [k for k, _ in script.asked] == ["info"] and f"N={n}" in script.asked[0][1]


@pytest.mark.parametrize("blank", ["", "      ", "\t\t\t\t\t\t", "  ab   ", " \u00a0 \u00a0  \u00a0"])
def test_blank_or_whitespace_passwords_are_refused(data_dir, blank):
    db = Database(data_dir / "d.sqlite3")
    with pytest.raises(DomainError, match="dấu cách"):
        with db.transaction() as s:
            security.set_password(s, blank)
    with db.session() as s:
        assert not security.has_password(s)
    db.dispose()


def test_the_password_dialog_says_plainly_the_file_is_not_encrypted(qtbot, data_dir, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from app.ui import startup_checks

    labels = []
    monkeypatch.setattr(QInputDialog, "getText", lambda parent, title, label, *a, **k: labels.append(label)
                        or ("", False))
    db = Database(data_dir / "d.sqlite3")
    assert not startup_checks.change_password(db)
    db.dispose()
    assert len(labels) == 1 and "KHÔNG mã hóa tệp dữ liệu" in labels[0] and "Mật khẩu mới" in labels[0]
