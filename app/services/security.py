"""The optional start-up password: stored only as a salted scrypt hash in the settings table.

It keeps a casual user of the shared office PC out of personal records; it does not encrypt the file
(anyone who copies the file or a backup can read it with another tool). SQLCipher would, at the cost of a
compiled SQLite for Windows and of every backup needing the key: not done (issue 18 item 7).
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
# What a stored hash may ask for. The cost parameters sit in the file, so someone who edits it could ask for
# N=2^40 and hang the start for hours; anything outside these bounds is refused before scrypt runs.
MIN_N, MAX_N = 2 ** 10, 2 ** 18
MAX_R, MAX_P = 16, 2
MAX_WORK = MAX_N * 8 * MAX_P   # N·r·p: at most ~4 times today's cost
MAX_SALT, MIN_DIGEST, MAX_DIGEST = 64, 16, 64
NOT_ENCRYPTED = ("Mật khẩu này chỉ ngăn người khác mở chương trình trên máy này;\n"
                 "nó KHÔNG mã hóa tệp dữ liệu: ai chép được tệp dữ liệu hoặc một bản sao lưu\n"
                 "vẫn đọc được bằng công cụ khác. Hãy giữ máy và các bản sao lưu ở nơi\n"
                 "chỉ người có trách nhiệm dùng được.")


class TamperedPassword(DomainError):
    """The stored hash asks for a cost no program of ours writes: the file was edited."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P,
                  salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash`, so the cost can be raised later without breaking stored hashes."""
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def _parameters(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    """(n, r, p, salt, digest) of a stored hash; None when it is not one; TamperedPassword when out of bounds."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return None
        n, r, p = int(n), int(r), int(p)
        salt_b, digest_b = base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)
    except (ValueError, TypeError):
        return None
    if not (MIN_N <= n <= MAX_N and n & (n - 1) == 0 and 1 <= r <= MAX_R and 1 <= p <= MAX_P
            and n * r * p <= MAX_WORK and 128 * n * r <= _MAXMEM // 2
            and 1 <= len(salt_b) <= MAX_SALT and MIN_DIGEST <= len(digest_b) <= MAX_DIGEST):
        raise TamperedPassword(
            f"Mật khẩu khi mở lưu trong tệp dữ liệu có tham số bất thường (N={n}, r={r}, p={p}): có thể tệp đã bị "
            "sửa bằng công cụ khác. Chương trình không thử mật khẩu với tham số này (có thể treo máy nhiều giờ). "
            "Hãy phục hồi một bản sao lưu từ trước đó, hoặc nhờ người có chuyên môn xem tệp.",
            field="password")
    return n, r, p, salt_b, digest_b


def check_hash(password: str, stored: str) -> bool:
    """True when `password` matches; False for a wrong password or a value that is no hash of ours;
    TamperedPassword when the stored cost is out of bounds (checked before any work is done)."""
    params = _parameters(stored)
    if params is None:
        return False
    n, r, p, salt, expected = params
    try:
        actual = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM,
                                dklen=len(expected))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)


def check_stored(session: Session) -> None:
    """Raise TamperedPassword at start, before the clerk is asked for a password that could not be checked."""
    stored = _stored(session)
    if stored is not None:
        _parameters(stored)


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
    if len(new_password.strip()) < MIN_LENGTH:
        # six spaces are no password: counted without the blanks at either end
        raise DomainError(f"Mật khẩu mới phải có ít nhất {MIN_LENGTH} ký tự, không tính dấu cách ở đầu và cuối "
                          "(không được để trống hay chỉ có dấu cách).", field="new_password")
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
