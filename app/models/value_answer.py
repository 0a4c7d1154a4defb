"""What the clerk said a sheet's value means, once, for every later import (issue 11: asked once)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ValueAnswer(Base):
    __tablename__ = "value_answers"
    __table_args__ = (UniqueConstraint("field", "value_key", name="uq_value_answers_field_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    field: Mapped[str] = mapped_column(String(32))          # a vocabulary's name: "occupation_group", "rating" …
    value_key: Mapped[str] = mapped_column(String(255))     # the written form, folded (app.common.vocab.form_key)
    example: Mapped[str] = mapped_column(String(255))       # as the sheet wrote it, for the clerk to recognise
    meaning: Mapped[str | None] = mapped_column(String(64))  # the stored value; NULL: the clerk left it unknown
    answered_at: Mapped[datetime] = mapped_column(DateTime)
