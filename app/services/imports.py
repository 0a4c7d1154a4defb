"""Write a confirmed import plan, in one transaction after a backup copy; undo it as a whole.

The services own every write: the plan (app/importing) only says what each sheet row means. New members
go through the bulk path (built as plain objects, checked with the same event_rules the one-by-one actions
use, then written with one executemany per table); rows that touch existing members go through the
actions themselves (members.update_member, admit_member, evaluations.rate_member …).

Every record the import creates carries the batch's id (members, events, evaluations) and every field it
changes on an existing record is logged with its old value in import_changes, so undo_import can put the
database back as it was. (Writing and undoing stay in one module, ≈600 lines: they share the change log's
format. What the import reads is app/services/import_reads.py.)
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

from app.common import import_rows as R
from app.common.gcpause import collector_paused
from app.common.progress import Cancelled, Progress, drive
from app.common.text import fold as _fold_uncached
from app.models import (PERSON_FIELD_NAMES, Candidate, Evaluation, ImportBatch, ImportChange, Member, MemberEvent,
                        MemberSpan, Unit, UnitEvent)
from app.models import enums as E

from . import bulk, event_rules, lifecycle
from . import members as MS
from . import units as US
from .dates import year_end
from .errors import DomainError
from .evaluations import eligibility, is_locked, mark_not_rated, rate_member

fold = functools.lru_cache(maxsize=65536)(_fold_uncached)  # sheets repeat the same unit names thousands of times

PROGRESS_EVERY = 50
KEEP, SHEET, SKIP = "keep", "sheet", "skip"   # SKIP: the user unticked the row in the preview

_DATE_FIELDS = {"birth_date"}


@dataclass
class ImportResult:
    batch_id: int | None
    backup_path: str | None
    members_created: int = 0
    members_updated: int = 0
    members_unchanged: int = 0
    rows_skipped: int = 0
    units_created: int = 0
    evaluations_created: int = 0
    conflicts_left: int = 0
    problems: list[R.Problem] = field(default_factory=list)

    def counts(self) -> dict:
        return {"members_created": self.members_created, "members_updated": self.members_updated,
                "members_unchanged": self.members_unchanged, "rows_skipped": self.rows_skipped,
                "units_created": self.units_created, "evaluations_created": self.evaluations_created}

    def as_json(self) -> dict:
        out = self.counts()
        out["problems"] = [{"file": p.file, "sheet": p.sheet, "row": p.row, "column": p.column,
                            "message": p.message} for p in self.problems]
        return out


class ImportCancelled(Cancelled):
    """The clerk stopped the import; its one transaction was rolled back."""


def _to_json(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return json.dumps(value.isoformat())
    if isinstance(value, E.LabelledEnum):
        return json.dumps(value.value)
    return json.dumps(value, ensure_ascii=False)


def _from_json(name: str, text: str | None):
    if text is None:
        return None
    value = json.loads(text)
    if value is None:
        return None
    if name in _DATE_FIELDS:
        return date.fromisoformat(value)
    if name in MS.PERSON_ENUMS:
        return MS.PERSON_ENUMS[name](value)
    return value


def unit_key(name: str) -> str:
    """The name by which a sheet's unit is matched to one in the database: folded, without «Chi bộ»/«Đảng bộ»."""
    key = fold(name)
    for prefix in ("chi bo ", "dang bo "):
        if key.startswith(prefix):
            key = key[len(prefix):]
    return key.strip()


def _new_unit_kinds(name: str, plan) -> tuple[E.UnitKind, E.PlaceType | None]:
    """A unit the import creates: its level from how its name begins, its place type (Biểu 5) as the plan
    read it from the name or the clerk answered (app/common/vocab); None stays unknown, never a default."""
    from app.common.vocab import vocabularies
    from app.common.vocab.place_type import place_type_of_unit

    kind = vocabularies()["unit_kind"].lookup(name)
    if kind in (E.UnitKind.COMMUNE.value, E.UnitKind.SUB_COMMITTEE.value):
        kind = E.UnitKind.GRASSROOTS_COMMITTEE.value   # a đảng bộ under the commune's committee
    elif kind != E.UnitKind.GRASSROOTS_COMMITTEE.value and kind != E.UnitKind.GRASSROOTS_CELL.value:
        kind = E.UnitKind.CELL.value   # a chi bộ trực thuộc Đảng ủy xã: the commune's list holds these
    places = getattr(plan, "unit_place_types", {})
    place = places[name] if name in places else place_type_of_unit(name)
    return E.UnitKind(kind), E.PlaceType.from_value(place)


def backup_database(db) -> str | None:
    """A checked copy before the import (issue 6: backups before every import), named and pruned like the rest."""
    from app import backup

    server = db.path is None and str(db.url).startswith("postgresql")  # the office server (issue 16)
    if not server and (db.path is None or not Path(db.path).exists()):
        return None
    try:
        return str(backup.create_backup(db.url if server else Path(db.path), "import"))
    except backup.EmptyDatabase:  # the first import into a new file: there is nothing yet to keep
        return None


def _resolution(resolutions: dict | None, row, field_name: str) -> str:
    if not resolutions:
        return KEEP
    choice = resolutions.get(row.key)
    if isinstance(choice, dict):
        return choice.get(field_name, choice.get("*", KEEP))
    return choice or KEEP


def apply_plan(db, plan, resolutions: dict | None = None, *, entered_by: str | None = None, cancel=None):
    """Generator: yields Progress while writing, and finally an ImportResult (also the return value).

    plan: an app.importing.plan.ImportPlan (rows with a status from app.common.import_rows, their person
    fields, history steps and ratings).

    resolutions: {row key: "sheet" | "keep" | "skip" | {field: "sheet" | "keep"}}; an unresolved conflict
    keeps the database's value; "skip" leaves the row out. `cancel()` returning True stops the import and
    rolls everything back.
    """
    total = len(plan.rows)
    yield Progress(0, total, "Sao lưu cơ sở dữ liệu trước khi nhập…")
    backup = backup_database(db)
    result = ImportResult(None, backup)
    result.problems = list(plan.problems)
    with db.transaction() as s:
        batch = ImportBatch(created_at=datetime.now(), as_of=plan.as_of,
                            files_json=json.dumps([{"name": f.name, "sha256": f.sha256, "size": f.size}
                                                   for f in plan.files], ensure_ascii=False),
                            counts_json="{}", backup_path=backup)
        s.add(batch)
        s.flush()
        result.batch_id = batch.id

        def log(table: str, row_id: int, name: str, old=None, new=None):
            s.add(ImportChange(batch_id=batch.id, table_name=table, row_id=row_id, field=name,
                               old_value=_to_json(old), new_value=_to_json(new)))

        units: dict[str, int] = {}
        for unit in s.query(Unit).all():
            if unit.kind != E.UnitKind.COMMUNE and unit.active_to is None:
                units.setdefault(unit_key(unit.name), unit.id)
        if US.commune(s) is None:
            root = US.create_unit(s, name=plan.commune_name or "Đảng bộ xã", kind=E.UnitKind.COMMUNE)
            log("units", root.id, "__created__")
        for name in plan.units_to_create:
            if unit_key(name) in units:
                continue
            kind, place = _new_unit_kinds(name, plan)
            unit = US.create_unit(s, name=name, kind=kind, place_type=place)
            units[unit_key(name)] = unit.id
            log("units", unit.id, "__created__")
            result.units_created += 1

        if getattr(plan, "answers", None):
            # what the clerk said the sheet's values mean: kept with this import for every later one
            from .value_answers import save_answers

            save_answers(s, plan.answers)
        unit_objects = {u.id: u for u in s.query(Unit).all()}
        unticked = {k for k, v in (resolutions or {}).items() if v == SKIP}
        for row in plan.rows:
            if row.key in unticked:
                result.rows_skipped += 1
                result.problems.append(R.Problem(row.file, row.sheet, row.row, None, None,
                                                 "Người dùng bỏ qua dòng này.", R.WARNING))
        new_rows = [r for r in plan.rows if r.status == R.NEW and r.key not in unticked]
        other_rows = [r for r in plan.rows if r.status != R.NEW and r.key not in unticked]
        done = 0
        for done in _bulk_new_members(s, new_rows, units, unit_objects, plan, batch.id, result, entered_by,
                                      cancel):
            if done % (PROGRESS_EVERY * 10) == 0:
                yield Progress(done, total, f"Đang nhập dòng {done}/{total}…")
        for row in other_rows:
            done += 1
            if cancel is not None and cancel():
                raise ImportCancelled("Đã hủy nhập; cơ sở dữ liệu không thay đổi.")
            if done % PROGRESS_EVERY == 0:
                yield Progress(done, total, f"Đang nhập dòng {done}/{total}…")
            if row.status == R.SKIPPED:
                result.rows_skipped += 1
                result.problems.extend(row.problems)
                continue
            if row.status == R.UNCHANGED:
                result.members_unchanged += 1
                result.problems.extend(row.problems)
                continue
            unit_id = units.get(unit_key(row.unit_name or ""))
            savepoint = s.begin_nested()
            try:
                created_evals = _apply_row(s, row, unit_id, plan, batch.id, resolutions, log, result, entered_by)
                savepoint.commit()
                result.evaluations_created += created_evals
            except DomainError as exc:
                savepoint.rollback()
                result.rows_skipped += 1
                result.problems.extend(row.problems)
                result.problems.append(R.Problem(row.file, row.sheet, row.row, row.columns.get(exc.field or ""),
                                                 exc.field, f"Không nhập được: {exc.message}", R.ERROR))
        # keep the problems in the order of the sheets, whichever path wrote the row
        order = {r.key: i for i, r in enumerate(plan.rows)}
        result.problems.sort(key=lambda p: (p.row is not None, order.get(f"{p.file}|{p.sheet}|{p.row}", -1)))
        batch.counts_json = json.dumps(result.counts(), ensure_ascii=False)
        s.flush()
    yield Progress(total, total, "Đã nhập xong.")
    yield result
    return result


BULK_CHUNK = 1000


def _bulk_new_members(s, rows, units, unit_objects, plan, batch_id, result, entered_by, cancel):
    """New members in chunks: built and validated in memory with the services' own rules, then flushed
    together (one flush per chunk instead of several per row: 10,000 rows in seconds, not minutes).

    Generator of the number of rows done.
    """
    taken_nid = {n for (n,) in s.query(Member.national_id).filter(Member.national_id.isnot(None)).all()}
    taken_card = {c for (c,) in s.query(Member.card_number).filter(Member.card_number.isnot(None)).all()}
    locked: dict[int, bool] = {}
    now = datetime.now()
    # ids from the database before the rows are written (events and spans name their member's id): see
    # bulk.NewIds for why they cannot collide with another writer's on either backend
    next_id = bulk.NewIds(s)

    def build_and_write(chunk):
        members, events, spans, evaluations = [], [], [], []
        for row in chunk:
            if cancel is not None and cancel():
                raise ImportCancelled("Đã hủy nhập; cơ sở dữ liệu không thay đổi.")
            try:
                member, m_events, m_spans, view = _build_member(row, units, unit_objects, batch_id, taken_nid,
                                                                taken_card, next_id)
            except DomainError as exc:
                result.rows_skipped += 1
                result.problems.extend(row.problems)
                result.problems.append(R.Problem(row.file, row.sheet, row.row, row.columns.get(exc.field or ""),
                                                 exc.field, f"Không nhập được: {exc.message}", R.ERROR))
                continue
            result.members_created += 1
            result.problems.extend(row.problems)
            members.append(_row_dict(member, Member))
            events.extend(_row_dict(ev, MemberEvent) for ev in m_events)
            spans.extend(dict(sp.__dict__) for sp in m_spans)  # every column set by lifecycle.derive
            for year, (rating, reason, raw) in sorted(row.ratings.items()):
                if year not in locked:
                    locked[year] = is_locked(s, year)
                if rating:
                    elig = eligibility(view, year)
                    problem = None
                    if locked[year]:
                        problem = f"kết quả đánh giá năm {year} đã khóa."
                    elif not elig.can_rate:
                        problem = elig.message
                    if problem:
                        result.problems.append(R.Problem(row.file, row.sheet, row.row,
                                                         row.columns.get(f"rating_{year}"), "rating",
                                                         f"Không ghi xếp loại năm {year}: {problem}", R.WARNING))
                        continue
                    evaluations.append(dict(
                        id=next_id("evaluations"), member_id=member.id, year=year, rating=rating,
                        not_rated_reason=None, unit_id=elig.unit_id, raw_text=raw, entered_by=entered_by,
                        entered_at=now, import_batch_id=batch_id))
                    result.evaluations_created += 1
                elif reason == "exempt" and not locked[year] and date(year, 12, 31) >= plan.as_of:
                    evaluations.append(dict(
                        id=next_id("evaluations"), member_id=member.id, year=year, rating=None,
                        not_rated_reason=E.NotRatedReason.EXEMPT, unit_id=None, raw_text=raw,
                        entered_by=entered_by, entered_at=now, import_batch_id=batch_id))
        # one executemany per table, without the ORM's unit of work (it cost more than all the rest)
        for table, rows_ in (("members", members), ("member_events", events), ("member_spans", spans),
                             ("evaluations", evaluations)):
            bulk.insert_rows(s, table, rows_)

    done = 0
    for start in range(0, len(rows), BULK_CHUNK):
        chunk = rows[start:start + BULK_CHUNK]
        with collector_paused():
            build_and_write(chunk)
        done += len(chunk)
        yield done


_COLUMNS_CACHE: dict = {}


def _row_dict(obj, model) -> dict:
    """Column values of a record built in memory (every column, for bulk.insert_rows), with the columns'
    Python defaults filled in (bulk inserts skip the ORM's default handling); created_at is left to the
    database's own default."""
    table = model.__table__
    template = _COLUMNS_CACHE.get(table.name)
    if template is None:
        template = {c.key: c.default.arg if c.default is not None and getattr(c.default, "is_scalar", False)
                    else None for c in table.columns if c.key not in ("created_at", "updated_at")}
        _COLUMNS_CACHE[table.name] = template
    out = template.copy()
    for key, value in obj.__dict__.items():  # the values set: unset ones keep the column's default
        if value is not None and key in template:
            out[key] = value
    return out


class _NewMember:
    """A new member before it is written: plain attributes, so the services' apply_person_fields and
    checks run on it without the ORM's attribute instrumentation (which cost more than the checks)."""


for _col in Member.__table__.columns:
    setattr(_NewMember, _col.key, None)


class _Event:
    """A member event before it is written: the plain attributes lifecycle.derive and the services' checks
    read (an ORM object per event costs more than the rest of the import)."""

    def __init__(self, **values):
        self.__dict__.update(values)


for _col in MemberEvent.__table__.columns:
    setattr(_Event, _col.key, None)
_Event.temporary = _Event.needs_review = False


_LEAVING_STEPS = {"deceased": E.MemberEventKind.DECEASED, "transfer_out": E.MemberEventKind.TRANSFERRED_OUT,
                  "struck_off": E.MemberEventKind.STRUCK_OFF, "expelled": E.MemberEventKind.EXPELLED,
                  "resigned": E.MemberEventKind.RESIGNED}


def _build_member(row, units, unit_objects, batch_id, taken_nid, taken_card, next_id):
    """A new member with the events the plan lists, checked with event_rules — the rules admit_member,
    confirm_official, record_on_roll … apply, event by event and then the whole history — not yet written.

    Returns (member, events, spans, eligibility view)."""
    K = E.MemberEventKind
    member = _NewMember()
    MS.apply_person_fields(member, dict(row.person), member_fields=True)
    if member.national_id and member.national_id in taken_nid:
        raise DomainError(f"Số CCCD {member.national_id} đã có ở một đảng viên khác.", "national_id")
    if member.card_number and member.card_number in taken_card:
        raise DomainError(f"Số thẻ đảng viên {member.card_number} đã có ở một đảng viên khác.", "card_number")
    unit_id = units.get(unit_key(row.unit_name or ""))
    unit = unit_objects.get(unit_id)
    if unit is None:
        raise DomainError("Không xác định được chi bộ.", "unit")
    source = f"Nhập từ {row.file}"
    events: list[_Event] = []
    member.events = events  # what event_rules reads (not a column: never written)
    for step in row.history:
        if step.kind == "admit":
            ev = _Event(kind=K.ADMITTED, event_date=step.on, decision_date=step.on, ceremony_date=step.on,
                        unit_id=unit_id, source=source)
        elif step.kind == "confirm":
            # Điều lệ Đảng, Điều 5: official from the day the 12 months end, whatever the decision's date
            ceremony = events[-1].ceremony_date if events and events[-1].kind == K.ADMITTED else None
            ev = _Event(kind=K.CONFIRMED_OFFICIAL, decision_date=step.on,
                        event_date=lifecycle.probation_end(ceremony) if ceremony else step.on)
        elif step.kind == "on_roll":
            ev = _Event(kind=K.ON_ROLL, event_date=step.on, unit_id=unit_id, standing=step.standing,
                        needs_review=step.needs_review, source=source)
        elif step.kind == "exempt":
            ev = _Event(kind=K.EXEMPTED, event_date=step.on, reason=step.note, needs_review=True, source=source)
        elif step.kind == "retired":
            member.occupation_group = E.OccupationGroup.RETIRED
            ev = _Event(kind=K.RETIRED, event_date=step.on, needs_review=True, source=source)
        elif step.kind == "transfer_in":
            # from the book: came from another đảng bộ on that date (Biểu 1, chuyển đến)
            ev = _Event(kind=K.TRANSFERRED_IN, event_date=step.on, unit_id=unit_id, standing=step.standing,
                        place=step.place or None, needs_review=step.needs_review, source=source)
        elif step.kind in _LEAVING_STEPS:
            standing = event_rules.standing_before(events, step.on)
            if step.kind == "expelled":
                # khai trừ is a discipline and a leaving, as discipline_member records it
                disc = _Event(kind=K.DISCIPLINED, event_date=step.on, source=source, reason=step.note or None,
                              discipline_form=E.DisciplineForm.EXPULSION)
                event_rules.check_event(member, disc, None)
                events.append(disc)
            ev = _Event(kind=_LEAVING_STEPS[step.kind], event_date=step.on, needs_review=step.needs_review,
                        source=source, reason=step.note or None, place=step.place or None,
                        was_probationary=standing == E.Standing.PROBATIONARY)
        else:
            raise DomainError(f"Bước «{step.kind}» không có trong quy trình nhập.", None)
        event_rules.check_event(member, ev, unit if ev.unit_id is not None else None)
        events.append(ev)
    member.id = next_id("members")
    for ev in events:
        # numbered in the order they happened, so same-day events replay in that order
        ev.id, ev.member_id, ev.import_batch_id = next_id("member_events"), member.id, batch_id
    # the whole sequence, as every action checks it (nothing before birth, after death, off the list)
    d = event_rules.check_history(member)
    # the cached state lifecycle.rebuild keeps on the member
    member.admitted_on, member.ceremony_on, member.official_on = d.admitted_on, d.ceremony_on, d.official_on
    came = next((st for st in row.history if st.kind == "transfer_in" and st.admitted), None)
    if member.admitted_on is None and came is not None:
        # admitted elsewhere: party age counts from that decision, kept from the book (DOMAIN §2)
        member.admitted_on = member.ceremony_on = came.admitted
    member.current_unit_id, member.current_standing = d.current_unit_id, d.current_standing
    member.is_on_roll, member.is_exempt = d.is_on_roll, d.is_exempt
    member.left_kind, member.left_on = d.left_kind, d.left_on
    member.import_batch_id = batch_id
    spans = [SimpleNamespace(id=next_id("member_spans"), member_id=member.id, valid_from=a, valid_to=b, unit_id=u,
                             standing=st, counted=counted, exempt=exempt, suspended=suspended)
             for a, b, u, st, counted, exempt, suspended in d.spans]
    if member.national_id:
        taken_nid.add(member.national_id)
    if member.card_number:
        taken_card.add(member.card_number)
    view = SimpleNamespace(id=member.id, spans=spans, admitted_on=member.admitted_on)
    return member, events, spans, view


# the member fields a sheet may change (the plan also lists units, ratings and states among its changes)
_MEMBER_FIELDS = frozenset(PERSON_FIELD_NAMES) | frozenset(MS.MEMBER_EXTRA_FIELDS)


def _apply_row(s, row, unit_id, plan, batch_id, resolutions, log, result: ImportResult, entered_by) -> int:
    created_evals = 0
    if row.status == R.NEW:
        member = MS.create_member(s, {k: v for k, v in row.person.items()})
        member.import_batch_id = batch_id
        log("members", member.id, "__created__")
        old_event_ids: set[int] = set()
    else:
        member = s.get(Member, row.member_id)
        old_event_ids = {e.id for e in member.events}
        changes = {c.field: c.new for c in row.changes if c.field in _MEMBER_FIELDS}
        for c in row.conflicts:
            decided_by = R.LINKED_FIELDS.get(c.field, c.field)
            if c.field in _MEMBER_FIELDS and _resolution(resolutions, row, decided_by) == SHEET:
                changes[c.field] = c.new
            elif c.field in _MEMBER_FIELDS and decided_by == c.field:
                result.conflicts_left += 1
        # a level's class follows its text: a class is not taken from the sheet when its text is kept
        differing = {c.field for c in row.changes + row.conflicts}
        for cls_field, text_field in R.LINKED_FIELDS.items():
            if cls_field in changes and text_field in differing and text_field not in changes:
                changes.pop(cls_field)
        if changes:
            for name, new in changes.items():
                log("members", member.id, name, getattr(member, name), new)
            MS.update_member(s, member.id, changes)
        for c in row.conflicts:
            if c.field == "unit" and _resolution(resolutions, row, "unit") == SHEET and unit_id:
                MS.move_member(s, member.id, unit_id=unit_id, on=plan.as_of)
    for step in row.history:
        if step.kind == "admit":
            MS.admit_member(s, member_id=member.id, unit_id=unit_id, decision_date=step.on,
                            source=f"Nhập từ {row.file}")
        elif step.kind == "confirm":
            MS.confirm_official(s, member.id, decision_date=step.on)
        elif step.kind == "on_roll":
            MS.record_on_roll(s, member.id, unit_id=unit_id, on=step.on, standing=step.standing,
                              needs_review=step.needs_review, source=f"Nhập từ {row.file}",
                              import_batch_id=batch_id)
        elif step.kind == "exempt":
            MS.exempt_member(s, member.id, start=step.on, needs_review=True, reason=step.note,
                             source=f"Nhập từ {row.file}", import_batch_id=batch_id)
        elif step.kind == "retired":
            MS.mark_retired(s, member.id, on=step.on, needs_review=True, source=f"Nhập từ {row.file}")
        elif step.kind == "deceased":
            MS.record_death(s, member.id, on=step.on, needs_review=True, source=f"Nhập từ {row.file}",
                            reason=step.note)
        elif step.kind == "transfer_out":
            ev = MS.transfer_out(s, member.id, on=step.on, place=step.place or None)
            ev.needs_review, ev.source = step.needs_review, f"Nhập từ {row.file}"
        elif step.kind == "transfer_in":
            MS.transfer_in(s, member_id=member.id, unit_id=unit_id, on=step.on, standing=step.standing,
                           place=step.place or None, admitted_on=step.admitted)
        elif step.kind in ("struck_off", "expelled", "resigned"):
            action = {"struck_off": MS.strike_off, "expelled": MS.expel, "resigned": MS.resign}[step.kind]
            action(s, member.id, on=step.on, reason=step.note or None)
    for ev in member.events:
        if ev.id not in old_event_ids or ev.id is None:
            ev.import_batch_id = batch_id
    for year, (rating, reason, raw) in sorted(row.ratings.items()):
        existing = s.query(Evaluation).filter_by(member_id=member.id, year=year).one_or_none()
        if existing is not None:
            if not rating or existing.rating == rating:
                continue
            if _resolution(resolutions, row, f"rating_{year}") != SHEET:
                result.conflicts_left += 1
                continue
            log("evaluations", existing.id, "rating", existing.rating, rating)
            log("evaluations", existing.id, "raw_text", existing.raw_text, raw)
            existing.rating, existing.raw_text = rating, raw
            continue
        if rating:
            try:
                ev = rate_member(s, member.id, year, rating, raw_text=raw, import_batch_id=batch_id,
                                 entered_by=entered_by, check_lock=False)
            except DomainError as exc:  # not on the list that year, exempt, too new …
                result.problems.append(R.Problem(row.file, row.sheet, row.row, row.columns.get(f"rating_{year}"),
                                                 "rating", f"Không ghi xếp loại năm {year}: {exc.message}",
                                                 R.WARNING))
                continue
            created_evals += 1
        elif reason == "exempt" and year_end(year) >= plan.as_of:
            ev = mark_not_rated(s, member.id, year, E.NotRatedReason.EXEMPT, raw_text=raw, entered_by=entered_by)
            ev.import_batch_id = batch_id
    if row.status == R.NEW:
        result.members_created += 1
    elif row.status in (R.UPDATE, R.CONFLICT):
        result.members_updated += 1
    result.problems.extend(row.problems)
    s.flush()
    return created_evals


def run(generator):
    """Drive a progress generator to its end and return its final value (for the CLI and tests)."""
    return drive(generator)


class UndoError(DomainError):
    """A refused undo (already undone, a later import stands, a created member is now referred to)."""


def undo_import(db, batch_id: int) -> dict:
    """Put back everything the batch changed, as one transaction; returns counts of what was undone."""
    counts = {"members_deleted": 0, "fields_restored": 0, "events_deleted": 0, "evaluations_deleted": 0,
              "units_deleted": 0}
    with db.transaction() as s:
        batch = s.get(ImportBatch, batch_id)
        if batch is None:
            raise UndoError(f"Không tìm thấy lần nhập số {batch_id}.")
        if batch.undone_at is not None:
            raise UndoError(f"Lần nhập số {batch_id} đã được hoàn tác lúc {batch.undone_at:%H:%M %d/%m/%Y}.")
        later = s.query(ImportBatch).filter(ImportBatch.id > batch_id, ImportBatch.undone_at.is_(None)).count()
        if later:
            raise UndoError("Có lần nhập sau lần này chưa hoàn tác; hãy hoàn tác các lần nhập sau trước.")
        changes = s.query(ImportChange).filter_by(batch_id=batch_id).order_by(ImportChange.id.desc()).all()
        logged_members = {c.row_id for c in changes if c.table_name == "members" and c.field == "__created__"}
        created_units = [c.row_id for c in changes if c.table_name == "units" and c.field == "__created__"]
        kept = bulk.members_kept_by_other_records(s, batch_id, logged_members)
        if kept:
            raise UndoError("Không hoàn tác được: đảng viên do lần nhập này thêm đã được dùng ở nơi khác "
                            f"(cấp ủy, quần chúng được kết nạp): {', '.join(kept[:5])}"
                            f"{'…' if len(kept) > 5 else ''}. Hãy gỡ các liên kết đó trước.")
        # the rows the batch created, a statement per table (one ORM delete per member took ~20 s for 10,000),
        # before any member is loaded into the session, so nothing in it goes stale
        deleted = bulk.delete_import_batch_rows(s, batch_id, logged_members)
        counts["members_deleted"] = deleted["members"]
        counts["events_deleted"] = deleted["events"]
        counts["evaluations_deleted"] = deleted["evaluations"]
        touched: set[int] = set(deleted["touched"])
        # newest change first, so a field changed twice ends with its oldest value
        old_fields: dict[int, dict] = {}
        for c in changes:
            if c.field == "__created__":
                continue
            if c.table_name == "members":
                old_fields.setdefault(c.row_id, {})[c.field] = _from_json(c.field, c.old_value)
            elif c.table_name == "evaluations":
                ev = s.get(Evaluation, c.row_id)
                if ev is not None:
                    setattr(ev, c.field, _from_json(c.field, c.old_value))
                    counts["fields_restored"] += 1
        for member_id, values in old_fields.items():
            if s.get(Member, member_id) is None:
                continue
            # the action that edits a member: normalises the values and keeps the name's search keys with them
            MS.apply_person_fields(s.get(Member, member_id), values, member_fields=True)
            touched.add(member_id)
            counts["fields_restored"] += len(values)
        s.flush()
        for member_id in touched:
            m = s.get(Member, member_id)
            if m is None:
                continue
            s.refresh(m)  # its events were deleted with a statement, behind the session's back
            lifecycle.rebuild(m)
        s.flush()
        for unit_id in created_units:
            unit = s.get(Unit, unit_id)
            if unit is None:
                continue
            in_use = s.query(Member).filter_by(current_unit_id=unit_id).count() or \
                s.query(MemberEvent).filter_by(unit_id=unit_id).count() or \
                s.query(MemberSpan).filter_by(unit_id=unit_id).count() or \
                s.query(Evaluation).filter_by(unit_id=unit_id).count() or \
                s.query(UnitEvent).filter_by(other_unit_id=unit_id).count() or \
                s.query(Candidate).filter_by(unit_id=unit_id).count() or \
                s.query(Unit).filter_by(parent_id=unit_id).count()
            if not in_use:
                s.delete(unit)
                counts["units_deleted"] += 1
                s.flush()
        batch.undone_at = datetime.now()
    return counts


def list_batches(db) -> list[dict]:
    with db.session() as s:
        out = []
        for b in s.query(ImportBatch).order_by(ImportBatch.id.desc()).all():
            out.append({"id": b.id, "created_at": b.created_at, "as_of": b.as_of,
                        "files": json.loads(b.files_json or "[]"), "counts": json.loads(b.counts_json or "{}"),
                        "backup_path": b.backup_path, "undone_at": b.undone_at})
        return out

