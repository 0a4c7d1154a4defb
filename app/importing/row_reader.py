"""One sheet row read into the person's fields (text, dates, levels, the book's stacked columns), with a
Problem for every cell that could not be read; the plan (plan.py) decides what the row means."""

from __future__ import annotations

import functools
from datetime import date

from app.common.import_rows import WARNING, Problem
from app.common.text import fold as _fold_uncached, nfc
from app.common.vocab import NONE
from app.models.enums import Gender, GeneralEducation, PoliticalTheory, ProfessionalLevel, Rating

from . import values as V
from .book_history import BOOK_HISTORY_FIELDS
from .detect import SheetTable, column_letter
from .fields import FIELD_LABELS


TEXT_FIELDS = {"other_name": "other_name", "religion": "religion", "birthplace": "birthplace",
               "residence": "residence", "dossier_number": "dossier_number", "phone": "phone",
               "occupation": "occupation", "position_party": "position_party",
               "position_government": "position_government", "position_mass_org": "position_mass_org",
               "foreign_language": "foreign_language", "it_skill": "it_skill", "notes": "notes",
               "academic": "academic_text"}

UNSET = object()
# sheet field -> (vocabulary, classified person field, text person field, enum)
LEVELS = {"general_education": ("general_education", "general_education", "general_education_text",
                                GeneralEducation),
          "professional": ("professional", "professional_level", "professional_text", ProfessionalLevel),
          "political_theory": ("political_theory", "political_theory", "political_theory_text", PoliticalTheory)}

# sheets repeat the same words thousands of times (units, levels, ethnic groups)
fold = functools.lru_cache(maxsize=65536)(_fold_uncached)


def title_case_name(name: str) -> str:
    if name.isupper() and len(name) > 3:
        return " ".join(w.capitalize() for w in name.lower().split(" "))
    return name


def mapped_columns(table: SheetTable) -> list[tuple]:
    """(column, index, field key for messages, column letter) of the columns a row is read from: worked
    out once per sheet instead of once per cell."""
    return [(c, c.index, c.field if c.field != "rating" else f"rating_{c.year}", c.where)
            for c in table.columns if c.field is not None and c.field != "seq"]


class RowReader:
    def __init__(self, table: SheetTable, row, as_of: date, mapped: list[tuple] | None = None, resolver=None):
        from .questions import Resolver

        self.table, self.row, self.as_of = table, row, as_of
        self.resolver = resolver if resolver is not None else Resolver()
        self.key = f"{table.file}|{table.sheet}|{row.number}"
        self.mapped = mapped if mapped is not None else mapped_columns(table)
        self.problems: list[Problem] = []
        self.columns: dict[str, str] = {}

    def problem(self, col, field_name, message, severity=WARNING):
        self.problems.append(Problem(self.table.file, self.table.sheet, self.row.number,
                                     col.where if col is not None else None, field_name, message,
                                     severity))

    def value(self, col):
        vals = self.row.values
        return vals[col.index] if col.index < len(vals) else None

    def read(self) -> tuple[dict, dict]:
        """(person fields, extra: unit, admitted, official, standing, states, ratings)."""
        person: dict = {}
        extra: dict = {"ratings": {}, "states": [], "unit": None, "admitted": None, "official": None,
                       "standing": None, "gender_marks": [], "family_name": None, "given_name": None, "book": {}}
        vals = self.row.values
        n = len(vals)
        for col, index, key, letter in self.mapped:
            raw = vals[index] if index < n else None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            self.columns.setdefault(key, letter)
            try:
                self._read_cell(col, raw, person, extra)
            except V.ValueProblem as exc:
                self.problem(col, col.field, f"{FIELD_LABELS.get(col.field, col.field)}: {exc}")
        if not person.get("full_name") and extra["given_name"]:
            # "Họ và đệm" | "Tên" in two columns, as many sheets sort by the given name
            joined = " ".join(p for p in (extra["family_name"], extra["given_name"]) if p)
            person["full_name"] = title_case_name(joined)
            self.columns.setdefault("full_name", self.columns.get("given_name", ""))
        return person, extra

    def _read_cell(self, col, raw, person: dict, extra: dict) -> None:
        f = col.field
        if col.mark_value is not None:
            # a tick under "TC" of a merged "Chuyên môn": the sub-header is the value
            if not V.is_mark(raw):
                return
            raw = col.mark_value
        if f in BOOK_HISTORY_FIELDS:
            extra["book"][f] = V.parse_text(raw)   # the book's history columns: read by book_history
            return
        if f == "full_name":
            name = V.parse_text(raw)
            if name and not isinstance(raw, (int, float)):
                person["full_name"] = title_case_name(name)
        elif f in ("gender", "ethnicity", "religion") and self._identity(col, raw, person):
            return
        elif f == "gender":
            gender = self.meaning(col, "gender", raw)
            person["gender"] = Gender(gender) if gender else None
        elif f in ("male", "female"):
            gender = Gender.MALE if f == "male" else Gender.FEMALE
            if V.is_mark(raw):
                extra["gender_marks"].append(gender)
                return
            d = V.parse_sheet_date(raw)
            if d is not None:
                extra["gender_marks"].append(gender)
                self._birth(col, d, person)
        elif f == "birth_date":
            d = V.parse_sheet_date(raw)
            if d is not None:
                self._birth(col, d, person)
        elif f == "ethnicity":
            # a group nobody knows is kept as written (and asked): the text is all the record has
            group = self.meaning(col, "ethnicity", raw)
            person["ethnicity"] = group or V.parse_ethnicity(raw)
        elif f == "religion":
            text = V.parse_text(raw)
            religion = self.meaning(col, "religion", text)
            person["religion"] = None if religion == NONE else religion or text
        elif f == "national_id":
            person["national_id"] = V.parse_national_id(raw)
        elif f == "card_number":
            person["card_number"] = V.parse_card_number(raw)
        elif f in LEVELS:
            # the text is kept as written; its level is the vocabulary's, the clerk's answer, or unknown
            text = V.parse_text(raw)
            name, level_field, text_field, enum = LEVELS[f]
            level = self.meaning(col, name, text)
            if level == NONE:
                return   # "Không", "Chưa qua đào tạo": none, as the record says
            person[text_field] = text
            person[level_field] = enum(level) if level else None
        elif f == "youth_union":
            person["youth_union"] = V.is_mark(raw)
        elif f == "admitted_on":
            extra["admitted"] = (V.parse_sheet_date(raw), col)
        elif f == "official_on":
            if V.is_mark(raw):
                extra["standing"] = extra["standing"] or V.STATE_OFFICIAL
                return
            extra["official"] = (V.parse_sheet_date(raw), col)
        elif f == "unit":
            extra["unit"] = V.parse_text(raw)
        elif f == "standing":
            # a tick under "Đảng viên dự bị" marks a probationer
            extra["standing"] = V.STATE_PROBATIONARY if V.is_mark(raw) else V.parse_standing(raw)
        elif f in ("family_name", "given_name"):
            text = V.parse_text(raw)
            if text and not isinstance(raw, (int, float)):
                extra[f] = text
        elif f == "notes":
            text = V.parse_text(raw)
            person["notes"] = text
            extra["states"].extend(s for s in V.states_in_note(text) if s not in extra["states"])
        elif f == "rating":
            if col.year is None:
                self.problem(col, f, "Cột xếp loại không ghi năm; hãy chọn năm trong bước ghép cột.")
                return
            try:
                rating, text = V.parse_rating(raw)
            except V.ValueProblem:
                # not understood: asked once; until answered the year stays unrated, never a default
                text = V.parse_text(raw)
                answer = self.meaning(col, "rating", text)
                if answer is None:
                    return
                rating = answer if answer in (V.EXEMPT, V.NOT_RATED) else Rating(answer)
            if rating == V.EXEMPT:
                if V.STATE_EXEMPT not in extra["states"]:
                    extra["states"].append(V.STATE_EXEMPT)
                extra["ratings"][col.year] = (None, "exempt", text)
            elif rating == V.NOT_RATED:
                if text and "du bi" in fold(text) and V.STATE_PROBATIONARY not in extra["states"]:
                    extra["states"].append(V.STATE_PROBATIONARY)
            elif rating is not None:
                extra["ratings"][col.year] = (rating.value, None, text)
        elif f == "service_mark":
            extra["service_mark"] = V.parse_text(raw)
        elif f in TEXT_FIELDS:
            person[TEXT_FIELDS[f]] = V.parse_text(raw)

    def where(self, col) -> str:
        parts = [self.table.file]
        if self.table.sheet:
            parts.append(f"trang «{self.table.sheet}»")
        parts.append(f"dòng {self.row.number}")
        letter = getattr(col, "where", None) or (column_letter(col.index) if col is not None else None)
        if letter:
            parts.append(f"cột {letter}")
        return ", ".join(parts)

    def meaning(self, col, field_name: str, text, understood=UNSET):
        """What a classified cell means (vocabulary, then the clerk's answers); None, and asked, when unknown."""
        kwargs = {} if understood is UNSET else {"understood": understood}
        return self.resolver.meaning(field_name, text, lambda: self.where(col), self.key, **kwargs)

    def _identity(self, col, raw, person: dict) -> bool:
        """One cell holding sex, ethnic group and religion ("Nam Kinh Không"): each part to its field."""
        if not isinstance(raw, str):
            return False
        parts = V.split_identity(raw)
        if len([k for k in parts if k != "rest"]) < 2:
            return False
        if "rest" in parts:
            self.problem(col, col.field, f"Ô «{nfc(raw)}»: phần «{parts['rest']}» không phải giới tính, dân tộc "
                                         "hay tôn giáo; bỏ qua phần đó.")
        if "gender" in parts:
            person["gender"] = Gender(parts["gender"])
        if "ethnicity" in parts:
            person["ethnicity"] = parts["ethnicity"]
        if "religion" in parts:
            person["religion"] = None if parts["religion"] == NONE else parts["religion"]
        return True

    def _birth(self, col, d: V.SheetDate, person: dict) -> None:
        age = self.as_of.year - d.value.year
        if age < 16 or age > 115:
            self.problem(col, "birth_date", f"Ngày sinh {d} không hợp lý (tuổi {age} vào ngày chốt); bỏ qua.")
            return
        if "birth_date" in person and person["birth_date"] != d.value:
            self.problem(col, "birth_date", f"Hai ngày sinh khác nhau trên cùng dòng; dùng {d}.")
        person["birth_date"] = d.value
        person["birth_date_precision"] = d.precision
