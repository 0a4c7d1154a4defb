"""Recruitment: candidates (quần chúng ưu tú) through their stages, and yearly targets per unit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Timestamped
from .enums import CandidateStage
from .person import PersonFields
from .types import enum_type


class Candidate(PersonFields, Timestamped, Base):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    stage: Mapped[CandidateStage] = mapped_column(enum_type(CandidateStage), default=CandidateStage.INTRODUCED)
    introduced_on: Mapped[date | None] = mapped_column(Date)
    introduced_by: Mapped[str | None] = mapped_column(String(255))  # chi bộ, Đoàn, Hội …
    class_certificate_on: Mapped[date | None] = mapped_column(Date)
    class_certificate_number: Mapped[str | None] = mapped_column(String(64))
    dossier_on: Mapped[date | None] = mapped_column(Date)
    branch_resolution_on: Mapped[date | None] = mapped_column(Date)
    decision_on: Mapped[date | None] = mapped_column(Date)
    decision_number: Mapped[str | None] = mapped_column(String(64))
    ceremony_on: Mapped[date | None] = mapped_column(Date)
    readmission: Mapped[bool] = mapped_column(default=False)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))


class RecruitmentTarget(Base):
    __tablename__ = "recruitment_targets"
    __table_args__ = (UniqueConstraint("unit_id", "year", name="uq_recruitment_targets_unit_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    target: Mapped[int] = mapped_column(Integer)
