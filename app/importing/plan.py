"""From sheet rows to a plan you can show: per row its status and every problem, nothing written.

Rows are matched to existing members by CCCD, then card number, then folded name + date of birth, and
become new / update / unchanged / conflict / skipped. A non-empty value is never overwritten with a
different one silently: such a field is a conflict the user resolves (keep or take the sheet's value).

(About 650 lines: matching, the field-by-field comparison and the per-row statuses are one decision made
row by row; reading the cells is row_reader.py's.)
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.common.errors import UserError
from app.common.names import name_problem
from app.common.import_rows import (CONFLICT, ERROR, LINKED_FIELDS, NEW, SKIPPED, UNCHANGED, UPDATE,  # noqa: F401
                                    WARNING, Problem)
from app.common.text import nfc
from app.models.enums import DatePrecision, OccupationGroup, Standing

from . import values as V
from .detect import AsOf, SheetTable
from .book_history import BookRowError
from .fields import FIELD_LABELS
from .row_reader import RowReader, fold, mapped_columns
from app.common.gcpause import collector_paused

STATUS_LABELS = {NEW: "Thêm mới", UPDATE: "Cập nhật", UNCHANGED: "Không đổi", CONFLICT: "Có xung đột",
                 SKIPPED: "Bỏ qua"}
PARTY_FOUNDED = date(1930, 2, 3)
LEAVING_STEPS = ("deceased", "transfer_out", "struck_off", "expelled", "resigned")

# person fields read from a sheet, in the order the preview shows them
PERSON_FIELDS = ("full_name", "other_name", "gender", "birth_date", "birth_date_precision", "ethnicity",
                 "religion", "birthplace", "residence", "national_id", "card_number", "dossier_number", "phone",
                 "occupation", "position_party", "position_government", "position_mass_org",
                 "general_education", "general_education_text", "professional_level", "professional_text",
                 "academic_text", "political_theory", "political_theory_text", "foreign_language", "it_skill",
                 "youth_union", "notes")
# a member field's Vietnamese name is the label of the sheet column it is read from (fields.FIELD_LABELS, the
# one list of import labels); the texts of the classified levels are read from their level's column
_READ_FROM_COLUMN = {"general_education_text": "general_education", "professional_level": "professional",
                     "professional_text": "professional", "academic_text": "academic",
                     "political_theory_text": "political_theory"}
FIELD_NAMES_VI = {**{name: FIELD_LABELS[name] for name in (*PERSON_FIELDS, "unit") if name in FIELD_LABELS},
                  **{name: FIELD_LABELS[column] for name, column in _READ_FROM_COLUMN.items()},
                  "birth_date_precision": FIELD_LABELS["birth_date"] + " (chỉ năm)"}

@dataclass
class HistoryStep:
    """One lifecycle action apply_plan will run through the services, in order."""

    kind: str                 # admit | confirm | on_roll | transfer_in | exempt | retired | LEAVING_STEPS
    on: date
    standing: Standing | None = None
    needs_review: bool = False
    note: str = ""
    place: str = ""           # where from / to (a transfer written in the book)
    admitted: date | None = None   # transfer_in: the admission elsewhere, from which party age counts


@dataclass
class FieldChange:
    field: str
    old: object
    new: object

    @property
    def label(self) -> str:
        return FIELD_NAMES_VI.get(self.field, self.field)


@dataclass
class PlannedRow:
    key: str                  # "file|sheet|row": the id resolutions refer to
    file: str
    sheet: str
    row: int
    status: str
    full_name: str = ""
    unit_name: str | None = None
    member_id: int | None = None
    person: dict = field(default_factory=dict)
    history: list[HistoryStep] = field(default_factory=list)
    ratings: dict[int, tuple[str | None, str | None, str]] = field(default_factory=dict)  # year: (rating, reason, raw)
    changes: list[FieldChange] = field(default_factory=list)        # fills of empty fields / new ratings
    conflicts: list[FieldChange] = field(default_factory=list)      # a non-empty value differs
    problems: list[Problem] = field(default_factory=list)
    match_reason: str = ""
    columns: dict[str, str] = field(default_factory=dict)           # field -> column letter (for messages)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class FileInfo:
    name: str
    path: str
    sha256: str
    size: int


@dataclass
class ImportPlan:
    as_of: date
    as_of_source: str
    tables: list[SheetTable]
    rows: list[PlannedRow]
    problems: list[Problem]               # file- and sheet-level problems (row problems sit on the rows)
    units_to_create: list[str]
    files: list[FileInfo]
    commune_name: str | None = None
    # values nothing understood, each asked once (issue 11); the answers given for this import, saved with it
    questions: list = field(default_factory=list)
    answers: dict = field(default_factory=dict)
    unit_place_types: dict = field(default_factory=dict)   # unit to create -> PlaceType value (None: unknown)

    def all_problems(self) -> list[Problem]:
        out = list(self.problems)
        for r in self.rows:
            out.extend(r.problems)
        return out

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> dict:
        return {
            "members_created": self.count(NEW),
            "members_updated": self.count(UPDATE),
            "members_unchanged": self.count(UNCHANGED),
            "members_conflict": self.count(CONFLICT),
            "rows_skipped": self.count(SKIPPED),
            "units_created": len(self.units_to_create),
            "evaluations_created": sum(1 for r in self.rows if r.status in (NEW, UPDATE, CONFLICT)
                                       for y, (rating, _reason, _raw) in r.ratings.items()
                                       if rating and (r.status == NEW or any(
                                           c.field == f"rating_{y}" for c in r.changes))),
        }


class PlanError(UserError):
    """The import cannot be planned at all (e.g. no 'as of' date); message in Vietnamese."""


# --- planning ----------------------------------------------------------------------------------------------

def file_info(path: str | Path) -> FileInfo:
    p = Path(path)
    h = hashlib.sha256()
    size = 0
    try:
        with open(p, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
                size += len(chunk)
    except OSError:
        pass
    return FileInfo(p.name, str(p), h.hexdigest(), size)


def decide_as_of(tables: list[SheetTable], as_of: date | None) -> tuple[date, str]:
    if as_of is not None:
        return as_of, "người dùng nhập"
    found = [t.as_of for t in tables if t.as_of is not None and not t.skipped_reason]
    if not found:
        raise PlanError("Không tìm thấy ngày chốt danh sách trong tiêu đề hay tên tệp; hãy nhập ngày "
                        "(«Tính đến ngày …», dòng lệnh: --as-of YYYY-MM-DD).")
    exact = [a for a in found if not a.year_only]
    pool = exact or found
    values = {a.value for a in pool}
    if len(values) > 1:
        listed = ", ".join(sorted(v.strftime("%d/%m/%Y") for v in values))
        raise PlanError(f"Các trang tính ghi ngày chốt khác nhau ({listed}); hãy nhập một ngày chốt chung "
                        "hoặc nhập từng tệp riêng.")
    chosen: AsOf = pool[0]
    return chosen.value, chosen.source


def _unit_key(name: str) -> str:
    from .store import unit_key

    return unit_key(name)


def _commune_from_titles(tables: list[SheetTable]) -> str | None:
    from .detect import nice_unit_name

    for t in tables:
        for part in t.title.split(" — "):
            # "ĐẢNG BỘ XÃ MINH TIẾN - CHI BỘ THÔN ĐÔNG": the commune is the first level named
            part = re.split(r"\s+[-–—]\s+|\s*[,;]\s*", part)[0]
            key = fold(part)
            if key.startswith("dang bo xa ") or key.startswith("dang bo phuong ") or key.startswith("dang bo thi tran"):
                return nice_unit_name(part)
    return None


def _same(old, new) -> bool:
    if isinstance(old, str) and isinstance(new, str):
        return nfc(old) == nfc(new)
    if hasattr(old, "value") and not isinstance(old, date):
        old = old.value
    if hasattr(new, "value") and not isinstance(new, date):
        new = new.value
    return old == new


def _empty(value) -> bool:
    return value is None or value == "" or value is False


def plan_import(session, tables: list[SheetTable], as_of: date | None = None,
                mapping_overrides: dict | None = None, *, default_unit: str | None = None,
                answers: dict | None = None) -> ImportPlan:
    """Plan the import of the tables against the database the session reads; writes nothing.

    mapping_overrides: {layout_key or "file|sheet": {column index: field or ("rating", year)}} — the
    wizard's corrections; they apply to every sheet of the same layout.
    answers: {field: {value as written: meaning or None}} — the clerk's answers to this import's questions
    (the wizard's page, the CLI's --answers file); the answers stored by earlier imports apply too.
    """
    with collector_paused():
        return _plan_import(session, tables, as_of, mapping_overrides, default_unit, answers)


def _plan_import(session, tables: list[SheetTable], as_of: date | None, mapping_overrides: dict | None,
                 default_unit: str | None, answers: dict | None = None) -> ImportPlan:
    from app.services.value_answers import load_answers

    from . import store
    from .questions import Resolver

    resolver = Resolver(load_answers(session), answers)

    for table in tables:
        if mapping_overrides:
            override = mapping_overrides.get(f"{table.file}|{table.sheet}") or mapping_overrides.get(table.layout_key)
            if override:
                table.set_mapping(override)
    as_of, source = decide_as_of(tables, as_of)
    existing = store.load_existing(session)
    problems: list[Problem] = []
    rows: list[PlannedRow] = []
    files: dict[str, FileInfo] = {}
    for table in tables:
        if table.path and table.path not in files:
            files[table.path] = file_info(table.path)
        if not table.include and not table.skipped_reason:
            problems.append(Problem(table.file, table.sheet, None, None, None,
                                    "Trang tính đang ẩn (thường là bản cũ): không nhập." if table.hidden
                                    else "Người dùng bỏ qua trang tính này.", WARNING))
            continue
        if table.skipped_reason:
            problems.append(Problem(table.file, table.sheet, None, None, None, table.skipped_reason,
                                    ERROR if not table.sheet else WARNING))
            continue
        if not table.field_columns("full_name") and not table.field_columns("given_name"):
            problems.append(Problem(table.file, table.sheet, None, None, "full_name",
                                    "Chưa có cột «Họ và tên»: trang tính không được nhập.", ERROR))
            continue
        for note in table.notes:
            problems.append(Problem(table.file, table.sheet, None, None, None, note, WARNING))
        mapped = mapped_columns(table)
        for data_row in table.rows:
            rows.append(_plan_row(table, data_row, as_of, existing, default_unit, mapped, resolver))
    _mark_duplicates(rows)
    units_to_create = []
    seen_units = set()
    for r in rows:
        if r.status in (SKIPPED, UNCHANGED) or not r.unit_name:
            continue  # an unchanged row writes nothing: its unit (perhaps dissolved since) is not recreated
        key = _unit_key(r.unit_name)
        if key not in existing.units_by_key and key not in seen_units:
            seen_units.add(key)
            units_to_create.append(r.unit_name)
    commune = _commune_from_titles(tables) if not existing.has_commune else None
    places = {name: _unit_place_type(name, resolver) for name in units_to_create}
    return ImportPlan(as_of, source, tables, rows, problems, units_to_create, list(files.values()), commune,
                      resolver.questions(), resolver.new_answers, places)


def _unit_place_type(name: str, resolver) -> str | None:
    """Biểu 5's row of a unit the import creates, from its name ("Chi bộ Trường …" → trường học), else asked."""
    from app.common.vocab.place_type import place_type_of_unit

    return resolver.meaning("place_type", name, f"tên chi bộ «{name}»", understood=place_type_of_unit(name))


_name_problem = functools.lru_cache(maxsize=65536)(name_problem)   # names repeat across a commune's sheets


def _plan_row(table: SheetTable, data_row, as_of: date, existing, default_unit: str | None,
              mapped: list[tuple] | None = None, resolver=None) -> PlannedRow:
    reader = RowReader(table, data_row, as_of, mapped, resolver)
    person, extra = reader.read()
    key = f"{table.file}|{table.sheet}|{data_row.number}"
    pr = PlannedRow(key, table.file, table.sheet, data_row.number, SKIPPED, columns=reader.columns)
    pr.problems = reader.problems

    def fail(message: str, field_name: str | None = None, column: str | None = None) -> PlannedRow:
        pr.status = SKIPPED
        pr.problems.append(Problem(table.file, table.sheet, data_row.number, column, field_name, message, ERROR))
        return pr

    name = person.get("full_name")
    if not name:
        filled = [v for v in data_row.values if v not in (None, "")]
        return fail("Dòng không có họ và tên: không nhập." if len(filled) > 1 else
                    "Dòng không phải đảng viên (chỉ có một ô): bỏ qua.", "full_name",
                    reader.columns.get("full_name"))
    problem = _name_problem(name)
    if problem:
        return fail(f"{problem.rstrip('.')}: không nhập.", "full_name", reader.columns.get("full_name"))
    pr.full_name = name
    marks = extra["gender_marks"]
    if marks and "gender" not in person:
        person["gender"] = marks[0]
    elif marks and person.get("gender") and person["gender"] != marks[0]:
        pr.problems.append(Problem(table.file, table.sheet, data_row.number, None, "gender",
                                   "Cột giới tính và cột Nam/Nữ không khớp nhau.", WARNING))
    person = {k: v for k, v in person.items() if v is not None}
    for field_name, label in (("national_id", "Số CCCD"), ("card_number", "Số thẻ đảng viên")):
        if field_name in person and not _real_number(person[field_name]):
            # "0", "00000000": the clerk's way of writing "none yet" — not a number two people could share
            pr.problems.append(Problem(table.file, table.sheet, data_row.number, reader.columns.get(field_name),
                                       field_name, f"{label} «{person.pop(field_name)}» không phải số thật: để "
                                       "trống.", WARNING))
    pr.person = person
    pr.unit_name = extra["unit"] or data_row.group_unit or table.unit_name or default_unit
    if pr.unit_name and not fold(pr.unit_name).startswith(("chi bo", "dang bo")):
        pr.unit_name = f"Chi bộ {pr.unit_name}"
    if not pr.unit_name:
        return fail("Không biết đảng viên sinh hoạt ở chi bộ nào (không có cột chi bộ, tên trang tính hay dòng "
                    "tiêu đề ghi chi bộ).", "unit")

    states = extra["states"]
    _occupation_group(reader, person, extra, pr.unit_name, states)
    standing = extra["standing"]
    if standing is None and V.STATE_PROBATIONARY in states:
        standing = V.STATE_PROBATIONARY
    admitted = extra["admitted"][0] if extra["admitted"] else None
    official = extra["official"][0] if extra["official"] else None
    if standing is None:
        if official is not None:
            standing = V.STATE_OFFICIAL
        elif admitted is not None and not admitted.year_only:
            from app.services.lifecycle import probation_end
            standing = V.STATE_PROBATIONARY if probation_end(admitted.value) > as_of else V.STATE_OFFICIAL
        else:
            standing = V.STATE_OFFICIAL
    sheet_standing = Standing.PROBATIONARY if standing == V.STATE_PROBATIONARY else Standing.OFFICIAL
    pr.ratings = {y: r for y, r in extra["ratings"].items()}
    for year in list(pr.ratings):
        if year > as_of.year:
            pr.problems.append(Problem(table.file, table.sheet, data_row.number, reader.columns.get(f"rating_{year}"),
                                       "rating", f"Xếp loại năm {year} sau ngày chốt {as_of:%d/%m/%Y}: bỏ qua.",
                                       WARNING))
            del pr.ratings[year]
    try:
        pr.history = _history(pr, person, admitted, official, sheet_standing, states, as_of, table, data_row, extra)
    except BookRowError as exc:
        return fail(exc.message, exc.field, reader.columns.get(exc.field))

    if any(step.kind == "retired" for step in pr.history):
        person["occupation_group"] = OccupationGroup.RETIRED   # as the retirement step will record it
    match, reason = existing.match(person)
    if match is not None and reason in _NUMBER_KEYS and fold(match.full_name) != fold(name):
        # one number, two names: a different person, never merged into the one on record (issue 10 item 2)
        field_name = _NUMBER_KEYS[reason]
        number = person.pop(field_name)
        born = f", sinh {match.birth_date:%d/%m/%Y}" if match.birth_date else ""
        pr.problems.append(Problem(table.file, table.sheet, data_row.number, reader.columns.get(field_name),
                                   field_name, f"{reason} {number} đã có ở đồng chí {match.full_name}{born} — tên "
                                   f"khác nên nhập là người khác, không ghi {reason.lower()} cho người này; cần xem "
                                   "lại.", WARNING))
        match, reason = existing.match(person)
        if match is not None and fold(match.full_name) != fold(name):
            match = None
    if match is None:
        pr.status = NEW
        _drop_unratable(pr)
        return pr
    pr.member_id, pr.match_reason = match.id, reason
    _compare(pr, match, existing)
    return pr


def _occupation_group(reader: RowReader, person: dict, extra: dict, unit_name: str | None, states) -> None:
    """Biểu 2/3's occupation group from the occupation now, the positions, column 9 of the book and the unit
    (app/common/occupation_classifier.py); what nothing decides is asked, by the occupation's text."""
    from app.common.occupation_classifier import classify_occupation, current_occupation
    from app.common.vocab.place_type import place_type_of_unit

    if V.STATE_RETIRED in states:
        # "Nghỉ hưu" in the notes: the import records the retirement itself (Biểu 3 part b.)
        person["occupation_group"] = OccupationGroup.RETIRED
        return
    mark = extra.get("service_mark") or extra.get("book", {}).get("service_mark")
    positions = (person.get("position_government"), person.get("position_party"), person.get("position_mass_org"))
    found = classify_occupation(person.get("occupation"), positions, mark, place_type_of_unit(unit_name))
    group = found.group
    if group is None and current_occupation(person.get("occupation")):
        col = next((c for c, _i, key, _l in reader.mapped if key == "occupation"), None)
        group = reader.meaning(col, "occupation_group", current_occupation(person["occupation"]), understood=None)
    if group:
        person["occupation_group"] = OccupationGroup(group)


def _history(pr, person, admitted, official, sheet_standing, states, as_of, table, data_row, extra):
    from app.services.dates import full_years, year_end
    from app.services.event_rules import admission_age_ok
    from app.services.lifecycle import probation_end

    steps: list[HistoryStep] = []
    problems = pr.problems
    col_adm = extra["admitted"][1] if extra["admitted"] else None

    def warn(message, field_name=None, col=None):
        problems.append(Problem(table.file, table.sheet, data_row.number,
                                col.where if col is not None else None, field_name, message, WARNING))

    plausible = False
    if admitted is not None:
        birth = person.get("birth_date")
        if admitted.year_only:
            warn(f"Ngày vào Đảng chỉ ghi năm ({admitted}); ghi nhận có tên trong danh sách ngày chốt.",
                 "admitted_on", col_adm)
        elif admitted.value > as_of:
            warn(f"Ngày vào Đảng {admitted} sau ngày chốt {as_of:%d/%m/%Y}; ghi nhận có tên trong danh sách "
                 "ngày chốt, cần xem lại.", "admitted_on", col_adm)
        elif admitted.value < PARTY_FOUNDED:
            warn(f"Ngày vào Đảng {admitted} trước ngày thành lập Đảng; cần xem lại.", "admitted_on", col_adm)
        elif not admission_age_ok(birth, admitted.value):  # the rule admit_member applies (Điều lệ, Điều 1)
            warn(f"Tuổi khi vào Đảng là {full_years(birth, admitted.value)} (ngày sinh {birth:%d/%m/%Y}, vào Đảng "
                 f"{admitted}); ghi nhận có tên trong danh sách ngày chốt, cần xem lại.", "admitted_on", col_adm)
        else:
            plausible = True
    if table.layout == "book":
        # the book carries the history itself (DOMAIN §8): its dated steps, with dates that clash refused
        from .book_history import book_steps

        def at(field_name):
            return next((c for c in table.columns if c.field == field_name), None)

        if official is not None and not official.year_only and official.value > as_of and extra["standing"] is None:
            sheet_standing = Standing.PROBATIONARY   # the book writes the official date ahead: not yet on the date
        exemption = extra["book"].get("exemption_note")
        if exemption:
            states = list(states) + [st for st in V.states_in_note(exemption) if st not in states]
        return book_steps(extra["book"], admitted, plausible, official, sheet_standing, states,
                          exemption or person.get("notes"),
                          as_of, lambda message, f: warn(message, f, at(f)),
                          lambda kind, on, **kw: HistoryStep(kind, on, **kw))
    standing_at_as_of = None
    if plausible:
        steps.append(HistoryStep("admit", admitted.value))
        standing_at_as_of = Standing.PROBATIONARY
        end = probation_end(admitted.value)
        if official is not None and not official.year_only and end <= official.value <= as_of:
            steps.append(HistoryStep("confirm", official.value))
            standing_at_as_of = Standing.OFFICIAL
        elif official is not None and official.value < end:
            col = extra["official"][1]
            warn(f"Ngày chính thức {official} chưa đủ 12 tháng dự bị kể từ ngày vào Đảng {admitted}; cần xem lại.",
                 "official_on", col)
        if standing_at_as_of != sheet_standing:
            steps.append(HistoryStep("on_roll", as_of, sheet_standing, True,
                                     f"Trang tính ghi là {sheet_standing.label.lower()} vào ngày chốt"))
    else:
        first = as_of
        rated_years = [y for y, (rating, _r, _t) in pr.ratings.items() if rating]
        if rated_years:
            # rated in that year's review, so already on the list at its end (DOMAIN §3)
            first = min(as_of, year_end(min(rated_years)))
        if first == as_of and (V.STATE_DECEASED in states or V.STATE_TRANSFERRED_OUT in states):
            # listed, but gone by the sheet's date: on the list the day before, leaving on that date
            from datetime import timedelta
            first = as_of - timedelta(days=1)
        steps.append(HistoryStep("on_roll", first, sheet_standing,
                                 sheet_standing == Standing.PROBATIONARY or first != as_of,
                                 "Có tên trong danh sách theo trang tính"))
    review_note = "Ghi chú trong trang tính, chưa có ngày riêng: ghi nhận vào ngày chốt"
    if V.STATE_EXEMPT in states:
        steps.append(HistoryStep("exempt", as_of, needs_review=True, note=review_note))
    if V.STATE_RETIRED in states:
        steps.append(HistoryStep("retired", as_of, needs_review=True, note=review_note))
    if V.STATE_DECEASED in states:
        steps.append(HistoryStep("deceased", as_of, needs_review=True, note=review_note))
    elif V.STATE_TRANSFERRED_OUT in states:
        steps.append(HistoryStep("transfer_out", as_of, needs_review=True, note=review_note))
    return steps


def _drop_unratable(pr: PlannedRow) -> None:
    """Ratings the year-end rules refuse for a new member's history (DOMAIN §3; the rules are
    services.evaluations.rating_refusal's), so the preview says so and the dry run counts what the import
    will write."""
    from app.services.evaluations import rating_refusal

    entry = min((s.on for s in pr.history if s.kind in ("admit", "on_roll", "transfer_in")), default=None)
    admitted = next((s.on for s in pr.history if s.kind == "admit"), None)
    exempt = next((s.on for s in pr.history if s.kind == "exempt"), None)
    leave = next((s.on for s in pr.history if s.kind in LEAVING_STEPS), None)
    for year in sorted(pr.ratings):
        rating, _reason, raw = pr.ratings[year]
        if not rating:
            continue
        end = date(year, 12, 31)
        # the sheet's history at 31/12: no suspension is ever read from a sheet
        on_list = entry is not None and entry <= end and (leave is None or leave > end)
        refused = rating_refusal(year, on_list=on_list, exempt=exempt is not None and exempt <= end,
                                 suspended=False, admitted_on=admitted)
        if refused:
            del pr.ratings[year]
            pr.problems.append(Problem(pr.file, pr.sheet, pr.row, pr.columns.get(f"rating_{year}"), "rating",
                                       f"Không ghi xếp loại năm {year} («{raw}»): {refused[1]}.", WARNING))


def _compare(pr: PlannedRow, member, existing) -> None:
    for name, new in pr.person.items():
        old = getattr(member, name, None)
        if _same(old, new):
            continue
        if name == "birth_date_precision" and _same(old, DatePrecision.DAY) and new == DatePrecision.YEAR:
            continue  # the database knows the full date; the sheet only the year
        if name == "birth_date" and member.birth_date and pr.person.get("birth_date_precision") == DatePrecision.YEAR \
                and member.birth_date.year == new.year:
            continue
        if name == "religion" and isinstance(old, str) and _religion_of(old) == new:
            continue  # "Tin Lành" on record, "Tin lành" as the vocabulary writes it: the same religion
        if _empty(old) and name in _TEXT_OF_LEVEL and _same(getattr(member, _TEXT_OF_LEVEL[name], None),
                                                            pr.person.get(_TEXT_OF_LEVEL[name])) \
                and pr.person.get(_TEXT_OF_LEVEL[name]) is not None:
            continue  # the level's own name ("THPT") for a level the record already has: nothing new
        if _empty(old):
            pr.changes.append(FieldChange(name, old, new))
        else:
            pr.conflicts.append(FieldChange(name, old, new))
    unit_key = _unit_key(pr.unit_name or "")
    current = existing.unit_name(member.current_unit_id)
    if member.current_unit_id and current and _unit_key(current) != unit_key:
        pr.conflicts.append(FieldChange("unit", current, pr.unit_name))
    for year, (rating, reason, raw) in pr.ratings.items():
        old = existing.evaluations.get((member.id, year))
        if old is None:
            if rating:
                pr.changes.append(FieldChange(f"rating_{year}", None, rating))
        elif rating and old != rating:
            pr.conflicts.append(FieldChange(f"rating_{year}", old, rating))
    # the history of an existing member is kept; only states it does not know yet are added
    known = existing.event_kinds.get(member.id, set())
    kept = []
    for step in pr.history:
        if step.kind == "exempt" and not member.is_exempt and "exempted" not in known:
            kept.append(step)
            pr.changes.append(FieldChange("state_exempt", None, True))
        elif step.kind == "retired" and "retired" not in known and not _same(
                getattr(member, "occupation_group", None), "retired"):
            kept.append(step)
            pr.changes.append(FieldChange("state_retired", None, True))
        elif step.kind == "confirm" and member.official_on is None and "confirmed_official" not in known \
                and member.admitted_on is not None:
            kept.append(step)   # confirmed since the last sheet (the book's official date)
            pr.changes.append(FieldChange("state_official", None, True))
        elif step.kind in LEAVING_STEPS and member.is_on_roll:
            # a leaving the record does not know yet (this year's book after last year's)
            kept.append(step)
            pr.changes.append(FieldChange(f"state_{step.kind}", None, True))
    if not member.is_on_roll and not member.events:
        kept = pr.history  # a personal record without membership yet: the sheet brings it
        pr.changes.append(FieldChange("state_on_roll", None, True))
    pr.history = kept
    pr.status = CONFLICT if pr.conflicts else UPDATE if pr.changes else UNCHANGED
    shown = {c.field for c in pr.conflicts}
    for c in pr.conflicts:
        if LINKED_FIELDS.get(c.field) in shown:
            continue  # reported with the text (or date) it follows
        pr.problems.append(Problem(pr.file, pr.sheet, pr.row, pr.columns.get(c.field if not c.field.endswith("_text")
                                                                              else c.field[:-5]),
                                   c.field, f"{c.label}: cơ sở dữ liệu ghi «{_show(c.old)}», trang tính ghi "
                                            f"«{_show(c.new)}» — cần chọn giữ hay thay.", WARNING))


def _religion_of(text: str) -> str | None:
    from app.common.vocab import vocabularies

    return vocabularies()["religion"].lookup(text)


_TEXT_OF_LEVEL = {text: level for level, text in LINKED_FIELDS.items() if text.endswith("_text")}


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    label = getattr(value, "label", None)
    if label:
        return label
    return str(value)


_NUMBER_KEYS = {"Số CCCD": "national_id", "Số thẻ đảng viên": "card_number"}


def _real_number(text: str | None) -> bool:
    """A placeholder ("0", "00000000", "-", "x") is a blank, not a number two people can share."""
    return bool(text) and any(ch.isalnum() and ch != "0" for ch in text) and fold(text) not in ("x", "khong", "chua")


def _row_identity(pr: PlannedRow) -> list[str]:
    keys = []
    p = pr.person
    if _real_number(p.get("national_id")):
        keys.append("cccd:" + p["national_id"])
    if _real_number(p.get("card_number")):
        keys.append("card:" + p["card_number"])
    if p.get("birth_date"):
        keys.append(f"name:{fold(p.get('full_name'))}|{p['birth_date'].isoformat()}")
    return keys


def _mark_duplicates(rows: list[PlannedRow]) -> None:
    """A person listed twice is imported once; one number on two different names is two people (the later
    one without the number, and the clerk told): a collision never drops someone (issue 10 item 2)."""
    seen: dict[str, PlannedRow] = {}
    for pr in rows:
        if pr.status == SKIPPED:
            continue
        for key in _row_identity(pr):
            first = seen.get(key)
            if first is not None and not key.startswith("name:") and fold(first.full_name) != fold(pr.full_name):
                field_name = "national_id" if key.startswith("cccd:") else "card_number"
                label = "Số CCCD" if field_name == "national_id" else "Số thẻ đảng viên"
                number = pr.person.pop(field_name, None)
                pr.changes = [c for c in pr.changes if c.field != field_name]
                pr.conflicts = [c for c in pr.conflicts if c.field != field_name]
                pr.problems.append(Problem(pr.file, pr.sheet, pr.row, pr.columns.get(field_name), field_name,
                                           f"{label} {number} trùng với {first.full_name} ({first.file}, trang "
                                           f"«{first.sheet}», dòng {first.row}) — tên khác nên là người khác; "
                                           f"không ghi {label.lower()} cho người này, cần xem lại.", WARNING))
                continue
            if first is not None:
                pr.status = SKIPPED
                pr.problems.append(Problem(pr.file, pr.sheet, pr.row, None, "full_name",
                                           f"Trùng với {first.file}, trang «{first.sheet}», dòng {first.row} "
                                           f"({first.full_name}): dòng này không được nhập.", ERROR))
                break
        else:
            for key in _row_identity(pr):
                seen[key] = pr
