"""The optional start-up password: stored only as a salted scrypt hash in the settings table.

It keeps a casual user of the shared office PC out of personal records; it does not encrypt the file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from sqlalchemy.orm import Session

from app.models import Setting

from .errors import DomainError

PASSWORD_KEY = "security.startup_password"
MIN_LENGTH = 6
# scrypt cost as OWASP's password storage cheat sheet suggests (N=2^17, r=8, p=1): ~0.3 s on an office PC
SCRYPT_N = 2 ** 17
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
_MAXMEM = 256 * 1024 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P,
                  salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash`, so the cost can be raised later without breaking stored hashes."""
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def check_hash(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                p=int(p), maxmem=_MAXMEM, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _stored(session: Session) -> str | None:
    row = session.get(Setting, PASSWORD_KEY)
    return row.value if row is not None and row.value else None


def has_password(session: Session) -> bool:
    return _stored(session) is not None


def verify_password(session: Session, password: str) -> bool:
    """True when no password is set, or when `password` matches the stored hash."""
    stored = _stored(session)
    return stored is None or check_hash(password, stored)


def set_password(session: Session, new_password: str, *, current_password: str | None = None) -> None:
    """Set or change the start-up password; changing it needs the current one."""
    stored = _stored(session)
    if stored is not None and not check_hash(current_password or "", stored):
        raise DomainError("Mật khẩu hiện tại không đúng.", field="current_password")
    if len(new_password) < MIN_LENGTH:
        raise DomainError(f"Mật khẩu mới phải có ít nhất {MIN_LENGTH} ký tự.", field="new_password")
    row = session.get(Setting, PASSWORD_KEY)
    if row is None:
        session.add(Setting(key=PASSWORD_KEY, value=hash_password(new_password)))
    else:
        row.value = hash_password(new_password)


def clear_password(session: Session, current_password: str) -> None:
    """Turn the start-up password off; needs the current one."""
    stored = _stored(session)
    if stored is None:
        return
    if not check_hash(current_password, stored):
        raise DomainError("Mật khẩu hiện tại không đúng.", field="current_password")
    session.delete(session.get(Setting, PASSWORD_KEY))
