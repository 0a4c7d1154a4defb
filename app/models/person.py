"""Personal fields shared by members and recruitment candidates (carried over at admission)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .enums import (AcademicTitle, DatePrecision, Gender, GeneralEducation, OccupationGroup, PoliticalTheory,
                    ProfessionalLevel)
from .types import enum_type


class PersonFields:
    full_name: Mapped[str] = mapped_column(String(255))
    other_name: Mapped[str | None] = mapped_column(String(255))
    # folded (accent- and case-free) name for search; Vietnamese sort string for ORDER BY
    name_key: Mapped[str] = mapped_column(String(255), index=True)
    # byte by byte on PostgreSQL too, whatever the server's language (migration 0006_pg_sort_order)
    sort_key: Mapped[str] = mapped_column(String(600).with_variant(String(600, collation="C"), "postgresql"),
                                          index=True)
    gender: Mapped[Gender | None] = mapped_column(enum_type(Gender))
    birth_date: Mapped[date | None] = mapped_column(Date)
    # records sometimes hold only the year of birth: kept as 1 January with precision "year"
    birth_date_precision: Mapped[DatePrecision] = mapped_column(enum_type(DatePrecision),
                                                                default=DatePrecision.DAY)
    birthplace: Mapped[str | None] = mapped_column(String(255))
    residence: Mapped[str | None] = mapped_column(String(255))
    ethnicity: Mapped[str | None] = mapped_column(String(64))
    religion: Mapped[str | None] = mapped_column(String(64))
    national_id: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(32))

    occupation: Mapped[str | None] = mapped_column(String(255))
    occupation_group: Mapped[OccupationGroup | None] = mapped_column(enum_type(OccupationGroup))
    youth_union: Mapped[bool] = mapped_column(Boolean, default=False)
    private_business_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    foreign_spouse: Mapped[bool] = mapped_column(Boolean, default=False)

    # each level: the classified value used in statistics and the text as the record writes it
    general_education: Mapped[GeneralEducation | None] = mapped_column(enum_type(GeneralEducation))
    general_education_text: Mapped[str | None] = mapped_column(String(64))
    professional_level: Mapped[ProfessionalLevel | None] = mapped_column(enum_type(ProfessionalLevel))
    professional_text: Mapped[str | None] = mapped_column(String(255))
    academic_title: Mapped[AcademicTitle | None] = mapped_column(enum_type(AcademicTitle))
    academic_text: Mapped[str | None] = mapped_column(String(128))
    political_theory: Mapped[PoliticalTheory | None] = mapped_column(enum_type(PoliticalTheory))
    political_theory_text: Mapped[str | None] = mapped_column(String(128))
    foreign_language: Mapped[str | None] = mapped_column(String(128))
    it_skill: Mapped[str | None] = mapped_column(String(128))

    introducer_1: Mapped[str | None] = mapped_column(String(255))
    introducer_2: Mapped[str | None] = mapped_column(String(255))
    notes: Mapped[str | None] = mapped_column(Text)


PERSON_FIELD_NAMES = (
    "full_name", "other_name", "gender", "birth_date", "birth_date_precision", "birthplace", "residence",
    "ethnicity", "religion", "national_id", "phone", "occupation", "occupation_group", "youth_union",
    "private_business_owner", "foreign_spouse", "general_education", "general_education_text",
    "professional_level", "professional_text", "academic_title", "academic_text", "political_theory",
    "political_theory_text", "foreign_language", "it_skill", "introducer_1", "introducer_2", "notes",
)
