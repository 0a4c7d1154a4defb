"""The clerk's answers to "what does this value mean?", kept in the database and used by every later import
(issue 11: whatever is not understood is asked once). An answer whose meaning is None says "leave it unknown":
the value is not asked again, and stays unknown — never a default.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.common.vocab import NONE, form_key, vocabularies
from app.models import ValueAnswer

from .errors import DomainError


def allowed_meanings(field: str) -> dict[str, str]:
    """{stored value: Vietnamese label} the clerk may choose for a field."""
    vocab = vocabularies().get(field)
    if vocab is None:
        raise DomainError(f"Không có trường «{field}» để trả lời.", "field")
    return dict(vocab.labels)


def load_answers(session: Session) -> dict[str, dict[str, str | None]]:
    """{field: {folded written form: meaning or None}}."""
    out: dict[str, dict[str, str | None]] = {}
    for field, key, meaning in session.execute(select(ValueAnswer.field, ValueAnswer.value_key,
                                                      ValueAnswer.meaning)):
        out.setdefault(field, {})[key] = meaning
    return out


def save_answers(session: Session, answers: dict[str, dict[str, str | None]]) -> int:
    """Record {field: {written form: meaning or None}}; a later answer for the same form replaces the earlier.

    Refused, whole, when a field or a meaning is not one the program knows (the message names both)."""
    rows = []
    for field, by_text in answers.items():
        labels = allowed_meanings(field)
        for text, meaning in by_text.items():
            key = form_key(text)
            if not key:
                raise DomainError(f"Trường «{vocabularies()[field].label}»: giá trị trống không cần trả lời.", field)
            if meaning is not None and meaning not in labels:
                raise DomainError(f"Trường «{vocabularies()[field].label}», giá trị «{text}»: «{meaning}» không phải "
                                  f"một lựa chọn ({', '.join(labels)}).", field)
            rows.append((field, key, str(text)[:255], meaning))
    now = datetime.now().replace(microsecond=0)
    for field, key, example, meaning in rows:
        row = session.scalars(select(ValueAnswer).where(ValueAnswer.field == field,
                                                        ValueAnswer.value_key == key)).first()
        if row is None:
            session.add(ValueAnswer(field=field, value_key=key, example=example, meaning=meaning, answered_at=now))
        else:
            row.meaning, row.example, row.answered_at = meaning, example, now
    session.flush()
    return len(rows)


def read_answers_file(data) -> dict[str, dict[str, str | None]]:
    """The CLI's --answers file: {field: {written form: meaning or null}}; refused with a message if malformed."""
    if not isinstance(data, dict):
        raise DomainError("Tệp trả lời phải là một đối tượng JSON {trường: {giá trị: nghĩa}}.", "answers")
    out: dict[str, dict[str, str | None]] = {}
    for field, by_text in data.items():
        if not isinstance(by_text, dict):
            raise DomainError(f"Tệp trả lời, trường «{field}»: phải là {{giá trị: nghĩa}}.", "answers")
        labels = allowed_meanings(field)
        out[field] = {str(k): (None if v is None else str(v)) for k, v in by_text.items()}
        for text, meaning in out[field].items():
            if meaning is not None and meaning not in labels:
                raise DomainError(f"Tệp trả lời, trường «{vocabularies()[field].label}», giá trị «{text}»: "
                                  f"«{meaning}» không phải một lựa chọn ({', '.join(labels)}).", field)
    return out


__all__ = ["NONE", "allowed_meanings", "load_answers", "read_answers_file", "save_answers"]
