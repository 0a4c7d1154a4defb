"""The clerk's marks on reminders: dismissed, postponed to a date, or a badge given earlier (no date known)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ReminderState(Base):
    __tablename__ = "reminder_states"
    __table_args__ = (UniqueConstraint("kind", "member_id", "subject", name="uq_reminder_states_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))        # services.reminders.KINDS
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(32))     # which instance: year, badge years, due day
    action: Mapped[str] = mapped_column(String(16))      # dismissed | postponed | badge_given
    until: Mapped[date | None] = mapped_column(Date)     # postponed: shown again from this day
    note: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
