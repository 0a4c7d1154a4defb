"""Party members, their dated events, and the state spans derived from those events."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped
from .enums import (CardReason, DisciplineForm, MemberEventKind, NotRatedReason, RewardForm, Standing,
                    TransferScope)
from .person import PersonFields
from .types import enum_type


class Member(PersonFields, Timestamped, Base):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("national_id", name="uq_members_national_id"),
        UniqueConstraint("card_number", name="uq_members_card_number"),
        # covers the statistics' join of the list with its members (services.statistics): SQLite reads this narrow
        # index instead of the wide rows, twice as fast at 20,000 members
        Index("ix_members_census", "id", "gender", "birth_date", "ethnicity", "religion", "youth_union",
              "private_business_owner", "foreign_spouse", "occupation_group", "general_education",
              "professional_level", "academic_title", "political_theory", "admitted_on"),
        # members admitted before a day: the badges due (services.reminders)
        Index("ix_members_admitted_on", "admitted_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_number: Mapped[str | None] = mapped_column(String(32))
    dossier_number: Mapped[str | None] = mapped_column(String(32))  # số lý lịch
    position_party: Mapped[str | None] = mapped_column(String(255))
    position_government: Mapped[str | None] = mapped_column(String(255))
    position_mass_org: Mapped[str | None] = mapped_column(String(255))

    # Cached from the events by services.lifecycle.rebuild_state, for the list view and reminders;
    # statistics on a date read the spans instead.
    admitted_on: Mapped[date | None] = mapped_column(Date)       # decision date: party age counts from it
    ceremony_on: Mapped[date | None] = mapped_column(Date)
    official_on: Mapped[date | None] = mapped_column(Date)
    current_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    current_standing: Mapped[Standing | None] = mapped_column(enum_type(Standing))
    is_on_roll: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    is_exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    left_kind: Mapped[MemberEventKind | None] = mapped_column(enum_type(MemberEventKind))
    left_on: Mapped[date | None] = mapped_column(Date)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    # Two clerks editing one record (issue 16): every ORM update checks and bumps the version, so a save made
    # on a record someone else saved since it was opened is refused (services.versioning), never lost silently.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default=text("1"))
    updated_by: Mapped[str | None] = mapped_column(String(64))  # who saved last (services.versioning.current_clerk)

    __mapper_args__ = {"version_id_col": version}

    events: Mapped[list["MemberEvent"]] = relationship(
        back_populates="member", cascade="all, delete-orphan",
        order_by="(MemberEvent.event_date, MemberEvent.id)")
    spans: Mapped[list["MemberSpan"]] = relationship(cascade="all, delete-orphan",
                                                     order_by="MemberSpan.valid_from")


class MemberEvent(Timestamped, Base):
    """One thing that happened to a member, on a date, usually by a decision."""

    __tablename__ = "member_events"
    __table_args__ = (Index("ix_member_events_kind_date", "kind", "event_date"),
                      # a member's events of a kind (first admission, highest badge) without a sort
                      Index("ix_member_events_member_kind", "member_id", "kind", "event_date"))

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MemberEventKind] = mapped_column(enum_type(MemberEventKind))
    event_date: Mapped[date] = mapped_column(Date)  # the day it takes effect
    decision_number: Mapped[str | None] = mapped_column(String(64))
    decision_date: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(255))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))  # unit joined (admit, transfer in, move)
    standing: Mapped[Standing | None] = mapped_column(enum_type(Standing))  # standing on arrival (on roll / in)
    ceremony_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)  # exemption or temporary transfer planned end
    temporary: Mapped[bool] = mapped_column(Boolean, default=False)
    scope: Mapped[TransferScope | None] = mapped_column(enum_type(TransferScope))
    place: Mapped[str | None] = mapped_column(String(255))  # from / to where
    reason: Mapped[str | None] = mapped_column(Text)
    discipline_form: Mapped[DisciplineForm | None] = mapped_column(enum_type(DisciplineForm))
    reward_form: Mapped[RewardForm | None] = mapped_column(enum_type(RewardForm))
    card_reason: Mapped[CardReason | None] = mapped_column(enum_type(CardReason))
    card_number: Mapped[str | None] = mapped_column(String(32))
    badge_years: Mapped[int | None] = mapped_column(Integer)
    was_probationary: Mapped[bool | None] = mapped_column(Boolean)
    higher_approval: Mapped[str | None] = mapped_column(String(255))  # over-60 admission: higher decision
    introducers: Mapped[str | None] = mapped_column(String(512))
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)  # states read from a sheet's notes
    source: Mapped[str | None] = mapped_column(String(255))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    entered_by: Mapped[str | None] = mapped_column(String(64))

    member: Mapped[Member] = relationship(back_populates="events")


class MemberSpan(Base):
    """A period during which a member's place in the commune was constant.

    Derived from the events (never edited by hand) so that "who was on the list on date D" is one indexed
    query for every statistic. valid_to is exclusive; NULL means still so.
    """

    __tablename__ = "member_spans"
    __table_args__ = (Index("ix_member_spans_period", "valid_from", "valid_to"),
                      # the spans that end between two days (lifecycle.refresh_current_state)
                      Index("ix_member_spans_valid_to", "valid_to"),
                      # the few probationary spans (reminders, probationers) without reading the others
                      Index("ix_member_spans_standing", "standing", "valid_from", "valid_to"),
                      # the few spans not on the list (statistics.count_on_many takes them off the counts):
                      # partial, WHERE counted IS false, as migration 0007 makes it — the condition is not
                      # written here because naming a dialect's option loads that dialect (PostgreSQL's
                      # adds ~0.1–0.5 s to every start on SQLite); tests/test_migrations.py checks it
                      Index("ix_member_spans_uncounted", "valid_from", "valid_to"))

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    standing: Mapped[Standing] = mapped_column(enum_type(Standing))
    # temporary transfers-in are managed here but counted by their home organisation (DOMAIN §2)
    counted: Mapped[bool] = mapped_column(Boolean, default=True)
    exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)


class Evaluation(Base):
    """A member's year-end rating (đánh giá, xếp loại chất lượng), or why they were not rated."""

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("member_id", "year", name="uq_evaluations_member_year"),
                      Index("ix_evaluations_year", "year"),
                      Index("ix_evaluations_year_rating", "year", "rating"),  # ratings GROUP BY year, rating
                      # "has a rating that year", asked per member on the list by Biểu 6F (statistics): covering
                      Index("ix_evaluations_member_year_rating", "member_id", "year", "rating"))

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    rating: Mapped[str | None] = mapped_column(String(8))  # Rating value; None when not rated
    not_rated_reason: Mapped[NotRatedReason | None] = mapped_column(enum_type(NotRatedReason))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    raw_text: Mapped[str | None] = mapped_column(String(128))  # as an old sheet wrote it ("Tốt")
    entered_by: Mapped[str | None] = mapped_column(String(64))
    entered_at: Mapped[datetime | None] = mapped_column(DateTime)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default=text("1"))  # see Member.version

    __mapper_args__ = {"version_id_col": version}
