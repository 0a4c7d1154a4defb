"""One vocabulary per classified field: every written form a sheet or a clerk uses, mapped to one value.

Each field's forms live in its own data module (general_education.py, rating.py …). A Vocabulary folds a cell
the same way for every field (accents, case, dots, spaces: "Đ.H", "ĐH", "Đ H" are one form), so a form one
column understands is understood by every column that holds the same kind of value (issue 11).

Values are the stable identifiers stored in the database (the enums' values, or a group's canonical name);
NONE is a known "none" ("Không", "Chưa qua đào tạo"), which is not the same as a value nobody understood:
`lookup` returns None for that, and the import asks the clerk (app/importing/questions.py).

Pure data and functions; every layer may use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from app.common.text import fold

NONE = "none"   # a known absence: "Không", "Chưa", "-"

_DOTS = re.compile(r"[.'’‘`´]")
_SEPARATORS = re.compile(r"[\s,;:()\[\]{}\-–—_+&*\"“”]+")


@lru_cache(maxsize=65536)
def form_key(text) -> str:
    """The folded form of a cell: 'Đ.H Sư phạm' -> 'dh su pham', 'H.T.T - NV' -> 'htt nv'. Slashes stay
    (grades: '12/12')."""
    if text is None:
        return ""
    key = fold(str(text))
    key = _DOTS.sub("", key)
    key = re.sub(r"\s*/\s*", "/", key)
    key = _SEPARATORS.sub(" ", key).strip(" /")
    if not key and str(text).strip():
        return "-"   # a cell of dashes or slashes only ("-", "—", "/"): one form, the clerk's "nothing"
    return key


def compact(key: str) -> str:
    return key.replace(" ", "")


@dataclass
class Vocabulary:
    """The written forms of one field's values.

    forms: value -> forms that are the whole cell ("HTTNV", "Hoàn thành tốt nhiệm vụ").
    prefixes: value -> forms that may begin a longer cell ("ĐH" in "ĐH Sư phạm"), longest wins.
    phrases: value -> forms found anywhere in a longer cell ("cử nhân" in "Bằng cử nhân luật"), longest wins.
    """

    name: str
    label: str
    forms: dict[str, tuple[str, ...]]
    prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)   # value -> what the clerk sees when choosing
    # phrases that decide before anything else, wherever they stand ("tư thục" in "Trường mầm non tư thục",
    # "nghỉ hưu" in "Giáo viên nghỉ hưu")
    overrides: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._exact: dict[str, str] = {}
        self._compact: dict[str, str] = {}
        self.clashes: list[tuple[str, str, str]] = []   # (form, value, other value): a table error
        for value, forms in self.forms.items():
            for form in forms:
                key = form_key(form)
                self._add(self._exact, key, value, form)
                self._add(self._compact, compact(key), value, form)
        self._prefixes = sorted(((form_key(f), v) for v, fs in self.prefixes.items() for f in fs),
                                key=lambda kv: -len(kv[0]))
        self._phrases = sorted(((form_key(f), v) for v, fs in self.phrases.items() for f in fs),
                               key=lambda kv: -len(kv[0]))
        self._overrides = sorted(((form_key(f), v) for v, fs in self.overrides.items() for f in fs),
                                 key=lambda kv: -len(kv[0]))

    def _add(self, table: dict, key: str, value: str, form: str) -> None:
        other = table.get(key)
        if other is not None and other != value:
            self.clashes.append((form, value, other))
        table.setdefault(key, value)

    def all_forms(self) -> list[tuple[str, str]]:
        """(form, value) for every whole-cell form and every prefix and phrase on its own."""
        out = [(f, v) for v, fs in self.forms.items() for f in fs]
        out += [(f, v) for v, fs in self.prefixes.items() for f in fs]
        out += [(f, v) for v, fs in self.phrases.items() for f in fs]
        out += [(f, v) for v, fs in self.overrides.items() for f in fs]
        return out

    def lookup(self, text) -> str | None:
        """The value a cell means, NONE for a known absence, None when not understood."""
        return _lookup(self, form_key(text))

    def __hash__(self) -> int:
        return id(self)


@lru_cache(maxsize=65536)
def _lookup(vocab: Vocabulary, key: str) -> str | None:
    if not key:
        return None
    found = vocab._exact.get(key)
    if found is not None:
        return found
    found = vocab._compact.get(compact(key))
    if found is not None:
        return found
    padded = f" {key} "
    for form, value in vocab._overrides:
        if f" {form} " in padded:
            return value
    for form, value in vocab._prefixes:
        if key == form or key.startswith(form + " ") or key.startswith(form + "/"):
            return value
    for form, value in vocab._phrases:
        if f" {form} " in padded:
            return value
    return None


# the negated and empty forms every "none"-able field shares
NONE_FORMS = ("Không", "Ko", "K", "Kh", "Không có", "Chưa", "Chưa có", "Chưa qua đào tạo", "Chưa đào tạo",
              "Chưa học", "0", "-", "--", "—", "/", "x/x", "Không qua đào tạo", "KQĐT", "Chưa qua ĐT")


@lru_cache(maxsize=1)   # asked for every classified cell of a sheet
def vocabularies() -> dict[str, Vocabulary]:
    """Every classified field's vocabulary, by field name (the names questions and answers use)."""
    from . import (ethnicity, general_education, occupation, place_type, political_theory, professional,
                   rating, religion, sex, unit_kind)

    return {v.name: v for v in (general_education.VOCAB, professional.VOCAB, political_theory.VOCAB,
                                rating.VOCAB, occupation.VOCAB, sex.VOCAB, ethnicity.VOCAB, religion.VOCAB,
                                unit_kind.VOCAB, place_type.VOCAB)}
