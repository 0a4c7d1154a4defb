"""Party organisations (tổ chức đảng) and their dated history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped
from .enums import DisciplineForm, OfficerRole, PlaceType, RewardForm, UnitEventKind, UnitKind
from .types import enum_type


class Unit(Timestamped, Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    name_key: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[UnitKind] = mapped_column(enum_type(UnitKind))
    place_type: Mapped[PlaceType | None] = mapped_column(enum_type(PlaceType))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    # Cached from the unit's events (founded / dissolved / merged / transferred out) so that
    # "units on date D" is one indexed query; the events stay the source of truth.
    active_from: Mapped[date | None] = mapped_column(Date)
    active_to: Mapped[date | None] = mapped_column(Date)  # exclusive: the unit no longer exists that day
    notes: Mapped[str | None] = mapped_column(Text)

    parent: Mapped["Unit | None"] = relationship(remote_side="Unit.id", back_populates="children")
    children: Mapped[list["Unit"]] = relationship(back_populates="parent")
    events: Mapped[list["UnitEvent"]] = relationship(
        back_populates="unit", order_by="UnitEvent.event_date", foreign_keys="UnitEvent.unit_id",
        cascade="all, delete-orphan")
    officers: Mapped[list["UnitOfficer"]] = relationship(back_populates="unit", cascade="all, delete-orphan")

    def is_active(self, on: date) -> bool:
        return (self.active_from is None or self.active_from <= on) and (
            self.active_to is None or on < self.active_to)


class UnitEvent(Timestamped, Base):
    __tablename__ = "unit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    kind: Mapped[UnitEventKind] = mapped_column(enum_type(UnitEventKind))
    event_date: Mapped[date] = mapped_column(Date)
    decision_number: Mapped[str | None] = mapped_column(String(64))
    decision_date: Mapped[date | None] = mapped_column(Date)
    old_name: Mapped[str | None] = mapped_column(String(255))
    new_name: Mapped[str | None] = mapped_column(String(255))
    # merged into / transferred from or to
    other_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    other_place: Mapped[str | None] = mapped_column(String(255))
    reward_form: Mapped[RewardForm | None] = mapped_column(enum_type(RewardForm))
    discipline_form: Mapped[DisciplineForm | None] = mapped_column(enum_type(DisciplineForm))
    notes: Mapped[str | None] = mapped_column(Text)

    unit: Mapped[Unit] = relationship(back_populates="events", foreign_keys=[unit_id])


class UnitOfficer(Timestamped, Base):
    """Secretary, deputy and committee members of a unit for a term (nhiệm kỳ)."""

    __tablename__ = "unit_officers"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    name: Mapped[str] = mapped_column(String(255))
    role: Mapped[OfficerRole] = mapped_column(enum_type(OfficerRole))
    term: Mapped[str | None] = mapped_column(String(32))  # "2025–2030"
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    unit: Mapped[Unit] = relationship(back_populates="officers")
