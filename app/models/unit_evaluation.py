"""Year-end ratings of organisations and the lock on an approved year."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base
from .enums import NotRatedReason
from .types import enum_type


class UnitEvaluation(Base):
    __tablename__ = "unit_evaluations"
    __table_args__ = (UniqueConstraint("unit_id", "year", name="uq_unit_evaluations_unit_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    rating: Mapped[str | None] = mapped_column(String(8))
    not_rated_reason: Mapped[NotRatedReason | None] = mapped_column(enum_type(NotRatedReason))
    raw_text: Mapped[str | None] = mapped_column(String(128))
    entered_by: Mapped[str | None] = mapped_column(String(64))
    entered_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default=text("1"))  # see Member.version

    __mapper_args__ = {"version_id_col": version}


class YearLock(Base):
    """A year's evaluations are locked once approved; reopening keeps its reason (YearLockEntry)."""

    __tablename__ = "year_locks"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)


class YearLockEntry(Base):
    __tablename__ = "year_lock_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("year_locks.year", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # "lock" | "reopen"
    reason: Mapped[str | None] = mapped_column(Text)
    by: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
