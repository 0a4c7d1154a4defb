"""Several clerks, one database (issue 16 part 3): a save never overwrites silently what someone else saved.

Optimistic versioning: members, their ratings and the organisations' ratings carry a `version` that every ORM
update checks and bumps (`version_id_col`, app/models). The window keeps the version it loaded; a save passes
it back, and when the row has moved on since, the save is refused with EditConflict, naming who saved first
and when, and the window offers «Tải lại». The check reads the row `FOR UPDATE` (PostgreSQL: the row stays
ours until the commit, so a concurrent save waits and then sees our version; SQLite has one writer at a time
and ignores the clause), and the UPDATE itself is `… WHERE version = ?`, so even a save that slipped between
the check and the write is refused by the database (StaleDataError), not lost.

Who: the clerk's name set for the session (`session.info["clerk"]`, e.g. from the program's settings), else
DANGVU_CLERK, else the OS login and the machine's name ("lan@VP-02").
"""

from __future__ import annotations

import getpass
import os
import socket
from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.exc import StaleDataError

from app.models import Member

from .errors import DomainError

CLERK_LIMIT = 64  # Member.updated_by, Evaluation.entered_by


class EditConflict(DomainError):
    """A save refused because someone else saved the same record after this clerk opened it.

    keys: what was in conflict (member ids on a rating sheet), so the window can reload those and keep the rest
    of what the clerk typed."""

    def __init__(self, message: str, *, keys: tuple = (), saved_by: str | None = None,
                 saved_at: datetime | None = None):
        super().__init__(message, "version")
        self.keys = tuple(keys)
        self.saved_by = saved_by
        self.saved_at = saved_at


RELOAD_HINT = "Thay đổi của anh/chị chưa được lưu. Bấm \"Tải lại\" để xem bản mới rồi sửa lại."


def current_clerk(session: Session | None = None) -> str:
    """Who is saving: the name given for the session, DANGVU_CLERK, or login@machine (never empty)."""
    name = session.info.get("clerk") if session is not None else None
    name = name or os.environ.get("DANGVU_CLERK")
    if not name:
        try:
            user = getpass.getuser()
        except Exception:  # noqa: BLE001 - no login name on some Windows setups: the machine still says where
            user = "?"
        name = f"{user}@{socket.gethostname() or '?'}"
    return name[:CLERK_LIMIT]


def who_when(by: str | None, at: datetime | None) -> str:
    """«lan — máy VP-02, 09:14 02/12/2026»: the clerk and machine from login@machine, the local time."""
    if by and "@" in by:
        user, _, host = by.rpartition("@")
        who = f"{user} — máy {host}"
    else:
        who = by or "không rõ người lưu"
    return f"{who}, {at:%H:%M %d/%m/%Y}" if at else who


def check_version(loaded: int | None, current: int | None, message: str, *, by: str | None,
                  at: datetime | None, keys: tuple = ()) -> None:
    """Refuse when the row's version is not the one the clerk loaded (None: there was no row then)."""
    if loaded != current:
        raise EditConflict(message, keys=keys, saved_by=by, saved_at=at)


def member_conflict_message(name: str, by: str | None, at: datetime | None) -> str:
    return (f"Hồ sơ của đồng chí {name} đã được người khác lưu trước ({who_when(by, at)}) sau khi anh/chị mở ra. "
            f"{RELOAD_HINT}")


def flush_checked(session: Session, message: str) -> None:
    """Flush; a row whose version moved on under us (a save between our check and our UPDATE) is a conflict."""
    try:
        session.flush()
    except StaleDataError:
        raise EditConflict(message) from None


@event.listens_for(Member, "before_update")
def _stamp_member(_mapper, _connection, member: Member) -> None:
    """Every ORM update of a member records who saved it and when (the conflict message names them).

    The local time of the saving PC, as the rating's entered_at: the clerks of one office share a clock."""
    session = object_session(member)
    if session is None or not session.is_modified(member, include_collections=False):
        return
    member.updated_by = current_clerk(session)
    member.updated_at = datetime.now().replace(microsecond=0)
