"""Values a sheet holds that no vocabulary understands, gathered per field to be asked once (issue 11).

The planner asks a `Resolver` what each classified cell means: the field's vocabulary first, then the clerk's
stored answers (app.services.value_answers), then the answers given for this import; what is still unknown is
recorded as a `Question` — each distinct written form once, with how many rows hold it and one example — and
the value stays unknown (never a default) until someone answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.common.vocab import NONE, form_key, vocabularies

_MISSING = object()
# the order the wizard and the CLI list the fields in
FIELD_ORDER = ("occupation_group", "rating", "general_education", "professional", "political_theory", "gender",
               "ethnicity", "religion", "place_type", "unit_kind")


@dataclass
class Question:
    field: str
    key: str                  # form_key of the written value: what the answer is stored under
    text: str                 # the value as first written
    rows: int = 0
    example: str = ""         # "tệp, trang «…», dòng N, cột C"
    row_keys: list[str] = field(default_factory=list)

    @property
    def field_label(self) -> str:
        return vocabularies()[self.field].label

    def choices(self) -> dict[str, str]:
        return dict(vocabularies()[self.field].labels)

    def as_dict(self) -> dict:
        return {"field": self.field, "field_label": self.field_label, "value": self.text, "rows": self.rows,
                "example": self.example, "choices": self.choices()}


class Resolver:
    """What a classified value means, for one plan; collects the questions."""

    def __init__(self, stored: dict[str, dict[str, str | None]] | None = None,
                 given: dict[str, dict[str, str | None]] | None = None):
        self.answers: dict[str, dict[str, str | None]] = {f: dict(v) for f, v in (stored or {}).items()}
        # answers given for this import (the wizard's page, the CLI's --answers file) are keyed by the text
        self.new_answers: dict[str, dict[str, str | None]] = {}
        for f, by_text in (given or {}).items():
            for text, meaning in by_text.items():
                self.answers.setdefault(f, {})[form_key(text)] = meaning
                self.new_answers.setdefault(f, {})[text] = meaning
        self._questions: dict[tuple[str, str], Question] = {}

    def answered(self, field_name: str, text) -> object:
        """The stored or given answer (a value, NONE, or None for "leave unknown"), or _MISSING."""
        return self.answers.get(field_name, {}).get(form_key(text), _MISSING)

    def meaning(self, field_name: str, text, where="", row_key: str | None = None,
                understood: str | None = _MISSING) -> str | None:
        """The value (or NONE) the text means; None while nobody knows, and the question is recorded.

        understood: what the field's own reading made of it, when that is more than a table look-up (the
        occupation classifier, a unit's name); by default the vocabulary's look-up. where: the example's
        place, or a function giving it (worked out only for a new question)."""
        if text is None or not str(text).strip():
            return None
        found = vocabularies()[field_name].lookup(text) if understood is _MISSING else understood
        if found is not None:
            return found
        answer = self.answered(field_name, text)
        if answer is not _MISSING:
            return answer
        key = form_key(text)
        q = self._questions.get((field_name, key))
        if q is None:
            example = where() if callable(where) else where
            q = self._questions[(field_name, key)] = Question(field_name, key, str(text).strip(), example=example)
        q.rows += 1
        if row_key is not None:
            q.row_keys.append(row_key)
        return None

    def questions(self) -> list[Question]:
        order = {f: i for i, f in enumerate(FIELD_ORDER)}
        return sorted(self._questions.values(), key=lambda q: (order.get(q.field, 99), -q.rows, q.key))


def is_none(value) -> bool:
    return value == NONE
