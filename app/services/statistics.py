"""Statistics: pure reads, as of any date or over any period, returning plain data.

Everything the official forms Biểu 1–7-BTCTW ask for, the structure figures of the seed reports, ratings by
year and recruitment against targets. Counting is done here once; the CLI, the window, the Word reports and
the Excel forms all read these numbers.

(About 900 lines on purpose: the snapshot, the forms and the reports must count with the same building blocks
— who is on the list on a day, ages from cut-off dates, the structure GROUP BY — or their figures drift apart.)
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import NamedTuple
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import (Date, Integer, String, and_, bindparam, case, func, literal_column, or_, select,
                        type_coerce)
from sqlalchemy.orm import Session

from app.common.ethnicity import is_ethnic_minority, is_religious
from app.common.gcpause import collector_paused
from app.models import (Evaluation, Member, MemberEvent, MemberSpan, RecruitmentTarget, Unit, UnitEvaluation,
                        UnitEvent)
from app.models.enums import (GRASSROOTS_KINDS, AcademicTitle, CardReason, Gender, GeneralEducation,
                              MemberEventKind as K, OccupationGroup, PlaceType, PoliticalTheory,
                              ProfessionalLevel, Rating, RewardForm, Standing, TransferScope, UnitEventKind,
                              UnitKind)

from .dates import add_years, full_years, year_end

from .age_groups import AGE_GROUPS, age_group  # noqa: F401 - the one table of age groups (Biểu 2/3)
# Biểu 3 §3: thời gian kết nạp vào Đảng
ADMISSION_PERIODS = (("before_1945_08_19", None, date(1945, 8, 18)),
                     ("1945_08_19_to_1954_07_20", date(1945, 8, 19), date(1954, 7, 20)),
                     ("1954_07_21_to_1975_04_30", date(1954, 7, 21), date(1975, 4, 30)),
                     ("from_1975_05_01", date(1975, 5, 1), None))
RATING_ORDER = (Rating.EXCELLENT, Rating.GOOD, Rating.DONE, Rating.FAILED)


class RosterRow(NamedTuple):
    """One member on the list on a date. Enum fields hold the stored values (str enums compare equal)."""

    member_id: int
    unit_id: int | None
    standing: str
    exempt: bool
    suspended: bool
    gender: str | None
    birth_date: date | None
    ethnicity: str | None
    religion: str | None
    youth_union: bool
    private_business_owner: bool
    foreign_spouse: bool
    occupation_group: str | None
    general_education: str | None
    professional_level: str | None
    academic_title: str | None
    political_theory: str | None
    admitted_on: date | None


# SQLAlchemy Core with named columns, portable to PostgreSQL. The stored values are read as they are (dates as
# ISO text in SQLite, enums as their values: `type_coerce`), because at 20,000 members per-value type processing
# costs more than the counting; dates are parsed once each through a memo.
def _stored(column, kind=String):
    return type_coerce(column, kind).label(column.key)


_SPAN = MemberSpan.__table__.c
_MEMBER = Member.__table__.c
_SPAN_COLUMNS = (_stored(_SPAN.valid_from), _stored(_SPAN.valid_to), _SPAN.member_id, _SPAN.unit_id,
                 _stored(_SPAN.standing), type_coerce(_SPAN.exempt, Integer).label("exempt"),
                 type_coerce(_SPAN.suspended, Integer).label("suspended"))
_MEMBER_COLUMNS = (_stored(_MEMBER.gender), _stored(_MEMBER.birth_date), _MEMBER.ethnicity, _MEMBER.religion,
                   type_coerce(_MEMBER.youth_union, Integer).label("youth_union"),
                   type_coerce(_MEMBER.private_business_owner, Integer).label("private_business_owner"),
                   type_coerce(_MEMBER.foreign_spouse, Integer).label("foreign_spouse"),
                   _stored(_MEMBER.occupation_group), _stored(_MEMBER.general_education),
                   _stored(_MEMBER.professional_level), _stored(_MEMBER.academic_title),
                   _stored(_MEMBER.political_theory), _stored(_MEMBER.admitted_on))


def _alive_on(day: date):
    """A counted span alive on the day (valid_to is exclusive)."""
    return and_(_SPAN.valid_from <= day, or_(_SPAN.valid_to.is_(None), _SPAN.valid_to > day))


def _iso(value, _cache: dict = {}) -> date | None:  # noqa: B006 - a deliberate memo of parsed dates
    if value is None or isinstance(value, date):
        return value
    parsed = _cache.get(value)
    if parsed is None:
        parsed = _cache[value] = date.fromisoformat(str(value)[:10])
    return parsed


class Census:
    """The counted spans alive on the given dates, with their members' fields, as rows: what roster() lists.
    The figures are not counted from these rows any more but by the database (structures_on); one read serves
    several dates. Without `dates`, every counted span is read (any date may then be asked).
    """

    def __init__(self, session: Session, dates: list[date] | None = None):
        self._dates = set(dates) if dates else None
        q = select(*_SPAN_COLUMNS).where(_SPAN.counted.is_(True))
        if self._dates:
            # alive at some time between the first and the last date: one range (on() picks each day exactly)
            first, last = min(self._dates), max(self._dates)
            q = q.where(_SPAN.valid_from <= last, or_(_SPAN.valid_to.is_(None), _SPAN.valid_to > first))
        conn = session.connection()
        self._spans = conn.execute(q).all()
        # SQLite hands dates back as ISO text, which compares in date order: no need to parse them
        self._text_dates = bool(self._spans) and isinstance(self._spans[0][0], str)
        wanted = {r[2] for r in self._spans}
        mq = select(_MEMBER.id, *_MEMBER_COLUMNS)
        # members and spans read apart and joined here: in SQLite twice as fast as the JOIN's row look-ups
        self._members = {r[0]: (r[1], _iso(r[2]), *r[3:13], _iso(r[13])) for r in conn.execute(mq).all()
                         if r[0] in wanted}  # all(): one fetch, not a fetchone() per row
        self._cache: dict[date, list[tuple]] = {}

    def on(self, day: date, unit_ids=None) -> list[tuple]:
        """The list on a day, as tuples laid out like RosterRow (positional: the counting loops unpack them)."""
        if self._dates is not None and day not in self._dates:
            raise ValueError(f"census read for {sorted(self._dates)}, not {day}")
        rows = self._cache.get(day)
        if rows is None:
            members = self._members
            d = day.isoformat() if self._text_dates else day
            rows = self._cache[day] = [(m, u, st, ex, su) + members[m] for a, b, m, u, st, ex, su in self._spans
                                       if a <= d and (b is None or b > d)]
        if unit_ids is not None:
            wanted = set(unit_ids)
            rows = [r for r in rows if r[ROW_UNIT] in wanted]
        return rows


# positions in a roster row (RosterRow's fields)
ROW_MEMBER, ROW_UNIT = 0, 1


def roster(session: Session, on: date, unit_ids: list[int] | None = None) -> list[RosterRow]:
    """The commune's list on a date: official + probationary, without temporary transfers-in (DOMAIN §2)."""
    rows = Census(session, [on]).on(on, unit_ids)
    return [RosterRow._make(r) for r in sorted(rows, key=lambda r: r[ROW_MEMBER])]



def count_on(session: Session, on: date) -> int:
    return count_on_many(session, [on])[on]


def count_on_many(session: Session, dates: list[date]) -> dict[date, int]:
    """How many were on the list on each date.

    On the list on day d = the spans begun by d − the spans ended by d − the uncounted spans alive on d: a span
    ends after it begins (lifecycle.derive closes a span only at a later event, valid_to exclusive), so a span
    that has ended had begun. The first two are ranges of an index read without the table (the period index,
    the valid_to index), the ranges between consecutive days read once each; the uncounted spans (few: DOMAIN
    §2's temporary attendance) are read whole from their partial index and counted here — asked per day, the
    planner could prefer the period index and the table rows when the partial one is empty and has no
    statistics. At 100,000 members five year-ends cost ~40 ms, where testing every span against every day
    took ~450 ms."""
    dates = sorted(set(dates))
    if not dates:
        return {}

    def n(*where):
        return select(func.count()).select_from(MemberSpan.__table__).where(*where).scalar_subquery()

    terms, prev = [], None
    for d in dates:
        terms += [n(*([] if prev is None else [_SPAN.valid_from > prev]), _SPAN.valid_from <= d),
                  n(*([] if prev is None else [_SPAN.valid_to > prev]), _SPAN.valid_to <= d)]
        prev = d
    conn = session.connection()
    row = conn.execute(select(*terms)).one()
    uncounted = conn.execute(select(_stored(_SPAN.valid_from), _stored(_SPAN.valid_to))
                             .where(_SPAN.counted.is_(False))).all()
    out, begun, ended = {}, 0, 0
    for i, d in enumerate(dates):
        begun += row[2 * i]
        ended += row[2 * i + 1]
        day = d.isoformat() if uncounted and isinstance(uncounted[0][0], str) else d
        away = sum(1 for a, b in uncounted if a <= day and (b is None or day < b))
        out[d] = begun - ended - away
    return out


def exempt_on(session: Session, day: date) -> set[int]:
    """The members on the list on a day who are exempt from party work (from the spans alone)."""
    return set(session.connection().execute(select(_SPAN.member_id).where(
        _SPAN.counted.is_(True), _alive_on(day), _SPAN.exempt.is_(True))).scalars())


def not_rated_on(session: Session, day: date, year: int) -> list[tuple[int, bool, bool, date | None]]:
    """(member id, exempt, suspended, admitted on) of those on the list on the day without a rating for the
    year: the anti-join done by the database, so only the few not rated are read (Biểu 6F's reasons)."""
    ev = Evaluation.__table__.c
    rated = (select(ev.member_id).where(ev.member_id == _SPAN.member_id, ev.year == int(year),
                                        ev.rating.is_not(None)).exists())
    q = (select(_SPAN.member_id, _SPAN.exempt, _SPAN.suspended, _MEMBER.admitted_on)
         .select_from(MemberSpan.__table__).join(Member.__table__, _MEMBER.id == _SPAN.member_id)
         .where(_SPAN.counted.is_(True), _alive_on(day), ~rated).order_by(_SPAN.member_id))
    return [tuple(r) for r in session.connection().execute(q)]


def _round1(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def structure(rows: list[RosterRow], on: date) -> dict:
    """Counts of a list of members: the figures of seed 003 §2.1 and Biểu 3-BTCTW part I/II.

    One pass over the rows: at 20,000 members a pass per figure would cost most of the 0.5 s budget. Rows hold
    the stored values (plain strings), as the census reads them.
    """
    groups = {key: 0 for key, _, _ in AGE_GROUPS}
    periods = {key: 0 for key, _, _ in ADMISSION_PERIODS}
    periods["unknown"] = 0
    general = {m.value: 0 for m in GeneralEducation} | {"unknown": 0}
    professional = {m.value: 0 for m in ProfessionalLevel} | {"none": 0}
    theory_counts = {m.value: 0 for m in PoliticalTheory} | {"none": 0}
    occupation = {g.value: 0 for g in OccupationGroup if g != OccupationGroup.RETIRED} | {"unknown": 0}
    titles = {t.value: 0 for t in AcademicTitle}
    ethnicities = Counter()
    age_sum = age_known = 0
    retired_value = OccupationGroup.RETIRED.value
    bounds = [(key, start, end) for key, start, end in ADMISSION_PERIODS]
    age_keys = [age_group(n) for n in range(121)]
    since_1975 = ADMISSION_PERIODS[-1][1]
    minority_of: dict = {}
    religious_of: dict = {}
    female = male = probationary = minorities = religious = youths = owners = spouses = exempts = 0
    suspensions = retired = retired_exempt = 0
    for (_mid, _unit, standing, exempt, suspended, gender, b, ethnicity, religion, youth, owner, spouse, occ,
         edu, prof, title, theory, a) in rows:
        if gender == "female":
            female += 1
        elif gender == "male":
            male += 1
        if standing == "probationary":
            probationary += 1
        minority = minority_of.get(ethnicity)
        if minority is None:
            minority = minority_of[ethnicity] = is_ethnic_minority(ethnicity)
        if minority:
            minorities += 1
        faith = religious_of.get(religion)
        if faith is None:
            faith = religious_of[religion] = is_religious(religion)
        if faith:
            religious += 1
        if youth:
            youths += 1
        if owner:
            owners += 1
        if spouse:
            spouses += 1
        if exempt:
            exempts += 1
        if suspended:
            suspensions += 1
        if occ == retired_value:
            retired += 1
            if exempt:
                retired_exempt += 1
        else:
            occupation[occ if occ is not None else "unknown"] += 1
        if b is not None:
            age = on.year - b.year - ((on.month, on.day) < (b.month, b.day))
            groups[age_keys[age] if 0 <= age < len(age_keys) else ">60"] += 1
            age_sum += age
            age_known += 1
        if a is None:
            periods["unknown"] += 1
        elif a >= since_1975:  # nearly everyone: test the newest period first
            periods["from_1975_05_01"] += 1
        else:
            for key, start, end in bounds:
                if (start is None or a >= start) and (end is None or a <= end):
                    periods[key] += 1
                    break
        general[edu or "unknown"] += 1
        professional[prof or "none"] += 1
        theory_counts[theory or "none"] += 1
        if title is not None:
            titles[title] += 1
        ethnicities[ethnicity or "Chưa rõ"] += 1
    n = len(rows)
    return {
        "members": n, "female": female, "male": male, "probationary": probationary,
        "official": n - probationary, "ethnic_minority": minorities, "religious": religious,
        "youth_union": youths, "private_business_owner": owners,
        "foreign_spouse": spouses, "exempt_from_activity": exempts, "suspended": suspensions,
        "working": n - retired, "retired": retired, "retired_exempt": retired_exempt,
        "occupation": occupation, "age_groups": groups, "age_unknown": n - age_known,
        "average_age": _round1(age_sum / age_known) if age_known else None,
        "admission_periods": periods, "general_education": general, "professional": professional,
        "academic_title": titles, "political_theory": theory_counts, "ethnicities": dict(ethnicities.most_common()),
    }


# ---- the structure counted in the database ---------------------------------------------------------------
# One GROUP BY over the counted spans joined with their members, by (the dates a span is alive on, ethnicity,
# religion): every figure is a conditional sum, so the database hands back a few dozen rows however many
# members there are. Ethnicity and religion are free text the clerk typed ("H'Mông", "HMông"); whether one is
# a minority or a religion is decided in Python (app.common.ethnicity) on the few distinct values. Ages are
# counted from cut-off dates computed here (born on or before the cut-off = at least k full years old), which
# SQLite and PostgreSQL compare alike: no date functions in SQL.

_MAX_AGE = 120  # ages 0..120 are counted exactly in SQL; anything else is looked up row by row (a mistyped date)


def _years_before(day: date, years: int) -> date:
    """The last birth date of someone `years` full years old on `day` (29/2 falls back to 28/2)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


def _flag(condition):
    """How many rows meet the condition. An aggregate FILTER, not SUM(CASE …): the database then steps the
    count only for the rows that match (most of the ~90 figures match few rows), a third less work per row in
    SQLite (3.30+) and the same on PostgreSQL."""
    return func.count().filter(condition)


def _age_tree(born, cut, low: int, high: int):
    """The age in full years (known to lie in low..high) by halving: seven comparisons, not 120. The ages at
    the leaves are written into the statement, not bound: every bound parameter costs its compilation."""
    if low == high:
        return literal_column(str(int(low)), Integer)
    mid = (low + high + 1) // 2
    return case((born <= cut(mid), _age_tree(born, cut, mid, high)), else_=_age_tree(born, cut, low, mid - 1))


def _day(i: int):
    return bindparam(f"day_{i}", type_=Date)


def _cut(i: int, years: int):
    return bindparam(f"cut_{i}_{years}", type_=Date)


def _alive_param(i: int):
    """A counted span alive on the i-th day of the query (valid_to is exclusive)."""
    return and_(_SPAN.valid_from <= _day(i), or_(_SPAN.valid_to.is_(None), _SPAN.valid_to > _day(i)))


def _age_columns(i: int) -> list:
    """Per age group, ages known, their sum and the births outside 0..120 years, on the i-th day."""
    born, day = _MEMBER.birth_date, _day(i)

    def cut(k):
        return _cut(i, k)

    in_range = and_(born <= day, born > cut(_MAX_AGE + 1))
    cols = []
    for key, low, high in AGE_GROUPS:
        if key == ">60":  # as before: a birth after the day (a negative age) is counted with the oldest
            cols.append(_flag(or_(born <= cut(low), born > day)))
        else:
            cols.append(_flag(and_(born <= cut(low), born > cut(high + 1))))
    cols.append(_flag(born.is_not(None)))
    cols.append(func.sum(_age_tree(born, cut, 0, _MAX_AGE)).filter(in_range))
    cols.append(_flag(and_(born.is_not(None), ~in_range)))
    return cols


def _day_params(days: list[date]) -> dict:
    params = {}
    for i, d in enumerate(days):
        params[f"day_{i}"] = d
        params.update({f"cut_{i}_{k}": _years_before(d, k) for k in range(_MAX_AGE + 2)})
    return params


def _value_columns(column, values) -> list:
    return [_flag(column == v) for v in values] + [_flag(column.is_(None))]


_GENERAL = [m.value for m in GeneralEducation]
_PROFESSIONAL = [m.value for m in ProfessionalLevel]
_THEORY = [m.value for m in PoliticalTheory]
_OCCUPATIONS = [g.value for g in OccupationGroup if g != OccupationGroup.RETIRED]
_TITLES = [t.value for t in AcademicTitle]


@functools.lru_cache(maxsize=1)
def _fixed_columns() -> tuple:
    """The date-free sums, in the order _add_fixed reads them (built once, shared by the statements)."""
    m, s = _MEMBER, _SPAN
    retired = m.occupation_group == OccupationGroup.RETIRED.value
    since_1975 = ADMISSION_PERIODS[-1][1]
    cols = [func.count(), _flag(m.gender == Gender.FEMALE.value), _flag(m.gender == Gender.MALE.value),
            _flag(s.standing == Standing.PROBATIONARY.value), _flag(m.youth_union.is_(True)),
            _flag(m.private_business_owner.is_(True)), _flag(m.foreign_spouse.is_(True)), _flag(s.exempt.is_(True)),
            _flag(s.suspended.is_(True)), _flag(retired), _flag(and_(retired, s.exempt.is_(True)))]
    cols += [_flag(m.admitted_on.is_(None)), _flag(m.admitted_on >= since_1975)]
    for _key, start, end in ADMISSION_PERIODS[:-1]:
        cols.append(_flag(and_(*([m.admitted_on >= start] if start else []), m.admitted_on <= end)))
    cols += _value_columns(m.general_education, _GENERAL) + _value_columns(m.professional_level, _PROFESSIONAL)
    cols += _value_columns(m.political_theory, _THEORY) + _value_columns(m.occupation_group, _OCCUPATIONS)
    cols += [_flag(m.academic_title == v) for v in _TITLES]
    return tuple(cols)


_N_FIXED = len(_fixed_columns())
_N_AGE = len(AGE_GROUPS) + 3


def _empty_structure() -> dict:
    return {"members": 0, "female": 0, "male": 0, "probationary": 0, "youth_union": 0,
            "private_business_owner": 0, "foreign_spouse": 0, "exempt_from_activity": 0, "suspended": 0,
            "retired": 0, "retired_exempt": 0, "ethnic_minority": 0, "religious": 0,
            "admission_periods": {key: 0 for key, _, _ in ADMISSION_PERIODS} | {"unknown": 0},
            "general_education": {v: 0 for v in _GENERAL} | {"unknown": 0},
            "professional": {v: 0 for v in _PROFESSIONAL} | {"none": 0},
            "political_theory": {v: 0 for v in _THEORY} | {"none": 0},
            "occupation": {v: 0 for v in _OCCUPATIONS} | {"unknown": 0},
            "academic_title": {v: 0 for v in _TITLES}, "ethnicities": Counter(),
            "age_groups": {key: 0 for key, _, _ in AGE_GROUPS}, "_age_known": 0, "_age_sum": 0, "_age_odd": 0}


def _add_fixed(d: dict, ethnicity, religion, sums) -> None:
    n = sums[0]
    it = iter(sums)
    for key in ("members", "female", "male", "probationary", "youth_union", "private_business_owner",
                "foreign_spouse", "exempt_from_activity", "suspended", "retired", "retired_exempt"):
        d[key] += next(it) or 0
    periods = d["admission_periods"]
    periods["unknown"] += next(it) or 0
    periods["from_1975_05_01"] += next(it) or 0
    for key, _, _ in ADMISSION_PERIODS[:-1]:
        periods[key] += next(it) or 0
    for field, values, missing in (("general_education", _GENERAL, "unknown"), ("professional", _PROFESSIONAL, "none"),
                                   ("political_theory", _THEORY, "none"), ("occupation", _OCCUPATIONS, "unknown")):
        for v in (*values, missing):
            d[field][v] += next(it) or 0
    for v in _TITLES:
        d["academic_title"][v] += next(it) or 0
    if is_ethnic_minority(ethnicity):
        d["ethnic_minority"] += n
    if is_religious(religion):
        d["religious"] += n
    d["ethnicities"][ethnicity or "Chưa rõ"] += n


def _add_ages(d: dict, sums) -> None:
    for (key, _, _), n in zip(AGE_GROUPS, sums):
        d["age_groups"][key] += n or 0
    known, total, odd = sums[len(AGE_GROUPS):]
    d["_age_known"] += known or 0
    d["_age_sum"] += total or 0
    d["_age_odd"] += odd or 0


def _odd_ages(conn, day: date) -> int:
    """The sum of the ages outside 0..120 on a day (a birth date typed wrong), counted one by one."""
    born = _MEMBER.birth_date
    q = (select(born).join(MemberSpan.__table__, _SPAN.member_id == _MEMBER.id)
         .where(_SPAN.counted.is_(True), _alive_on(day), born.is_not(None),
                or_(born > day, born <= _years_before(day, _MAX_AGE + 1))))
    return sum(full_years(b, day) for b in conn.execute(q).scalars())


_N_REVIEW = 4  # per review day: not rated, … admitted after 30/6, … exempt, … suspended (Biểu 6F)


@functools.lru_cache(maxsize=4)
def _structure_query(reviewed: bool = False, by_unit: bool = False):
    """The statement for one day, built once (it has some 1,500 nodes: building it costs more than running it
    at 1,000 members); the day and the age cut-offs are its parameters. With `reviewed`, the year's ratings
    are joined too (a unique key: at most one row per span) for Biểu 6F's not-rated counts.

    One statement per day, not one pass over the spans alive on any of the days: the forms' two periods are a
    year apart, and after a reorganisation every member has a span on each side of it — one pass read both
    (200,000 rows at 100,000 members) and evaluated both days' ~20 age sums on each. With `by_unit` the groups
    are per unit too (Biểu 5's members per unit, from the same pass: a few hundred groups instead of a
    dozen cost the database next to nothing)."""
    cols = _age_columns(0)
    q = (MemberSpan.__table__.join(Member.__table__, _MEMBER.id == _SPAN.member_id))
    if reviewed:
        ev = Evaluation.__table__.alias("rated")
        q = q.outerjoin(ev, and_(ev.c.member_id == _SPAN.member_id, ev.c.year == bindparam("year", type_=Integer),
                                 ev.c.rating.is_not(None)))
        not_rated = ev.c.member_id.is_(None)
        cols += [_flag(not_rated), _flag(and_(not_rated, _MEMBER.admitted_on > bindparam("new", type_=Date))),
                 _flag(and_(not_rated, _SPAN.exempt.is_(True))), _flag(and_(not_rated, _SPAN.suspended.is_(True)))]
    keys = [_MEMBER.ethnicity, _MEMBER.religion] + ([_SPAN.unit_id] if by_unit else [literal_column("NULL")])
    return (select(*keys, *_fixed_columns(), *cols)
            .select_from(q)
            .where(_SPAN.counted.is_(True), _alive_param(0))
            .group_by(*keys[:3 if by_unit else 2]))


def structures_on(session: Session, days: list[date], reviews: dict[date, int] | None = None,
                  by_unit: bool = False) -> dict[date, dict]:
    """structure() of the list on each day, counted by the database (the forms ask for this year's and last
    year's).

    `reviews` {day: year}: also count, of those on the list that day, who has no rating for the year (Biểu 6F),
    returned under the key "_not_rated" as (not rated, admitted after 30/6, exempt, suspended).
    `by_unit`: also how many on the list in each unit, a Counter under "_by_unit"."""
    reviews = reviews or {}
    conn = session.connection()
    result = {}
    for d in sorted(set(days) | set(reviews)):
        out = _empty_structure()
        params = _day_params([d])
        if d in reviews:
            params["year"] = int(reviews[d])
            params["new"] = date(int(reviews[d]), 6, 30)  # admitted after 30/6: under six months at the review
        not_rated = [0] * _N_REVIEW
        units = Counter()
        ages = 3 + _N_FIXED
        for row in conn.execute(_structure_query(d in reviews, by_unit), params):
            _add_fixed(out, row[0], row[1], row[3:ages])
            units[row[2]] += row[3]
            _add_ages(out, row[ages:ages + _N_AGE])
            if d in reviews:
                not_rated = [a + (b or 0) for a, b in zip(not_rated, row[ages + _N_AGE:])]
        result[d] = _finish_structure(out, d, conn)
        if by_unit:
            result[d]["_by_unit"] = units
        if d in reviews:
            result[d]["_not_rated"] = tuple(not_rated)
    return result


def _finish_structure(d: dict, day: date, conn) -> dict:
    known, total, odd = d.pop("_age_known"), d.pop("_age_sum"), d.pop("_age_odd")
    if odd:
        total += _odd_ages(conn, day)
    n = d["members"]
    # the same keys, in the same order, as structure() over rows
    return {
        "members": n, "female": d["female"], "male": d["male"], "probationary": d["probationary"],
        "official": n - d["probationary"], "ethnic_minority": d["ethnic_minority"], "religious": d["religious"],
        "youth_union": d["youth_union"], "private_business_owner": d["private_business_owner"],
        "foreign_spouse": d["foreign_spouse"], "exempt_from_activity": d["exempt_from_activity"],
        "suspended": d["suspended"], "working": n - d["retired"], "retired": d["retired"],
        "retired_exempt": d["retired_exempt"], "occupation": d["occupation"], "age_groups": d["age_groups"],
        "age_unknown": n - known, "average_age": _round1(total / known) if known else None,
        "admission_periods": d["admission_periods"], "general_education": d["general_education"],
        "professional": d["professional"], "academic_title": d["academic_title"],
        "political_theory": d["political_theory"],
        # most first; equal counts by name (the database's group order is no order)
        "ethnicities": dict(sorted(d["ethnicities"].items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def structure_on(session: Session, day: date) -> dict:
    """structure() of the list on a day, counted by the database."""
    return structures_on(session, [day])[day]


def members_by_unit_on(session: Session, days: list[date]) -> dict[date, Counter]:
    """How many on the list in each unit on each day: one GROUP BY over the spans (no member read)."""
    days = sorted(set(days))
    if not days:
        return {}
    sums = [_flag(_alive_on(d)) for d in days]
    # grouped by an expression, not the bare column: SQLite would otherwise walk the whole unit_id index to
    # skip the sort, where the date range reads a year's spans (a sort of a few dozen groups costs nothing)
    unit = (_SPAN.unit_id + 0).label("unit")
    q = (select(unit, *sums).where(_SPAN.counted.is_(True), _SPAN.valid_from <= days[-1],
                                   or_(_SPAN.valid_to.is_(None), _SPAN.valid_to > days[0]))
         .group_by(unit))
    out = {d: Counter() for d in days}
    for unit_id, *counts in session.connection().execute(q):
        for d, n in zip(days, counts):
            if n:
                out[d][unit_id] += n
    return out


class _UnitRow(NamedTuple):
    id: int
    parent_id: int | None
    kind: UnitKind
    place_type: PlaceType | None
    active_from: date | None
    active_to: date | None

    def is_active(self, on: date) -> bool:
        return (self.active_from is None or self.active_from <= on) and (self.active_to is None or on < self.active_to)


def _units(session: Session) -> list[_UnitRow]:
    """The organisations as light rows (no ORM objects: statistics only read them)."""
    u = Unit.__table__.c  # Core: a command that only reads statistics never configures the ORM's mappers
    return [_UnitRow(*r) for r in session.connection().execute(select(u.id, u.parent_id, u.kind, u.place_type,
                                                                      u.active_from, u.active_to))]


def units_on(session: Session, on: date) -> dict:
    """Organisations on a date. `total` = units directly under the commune committee (seed 003 counts 54)."""
    units = [u for u in _units(session) if u.is_active(on)]
    root = next((u for u in units if u.kind == UnitKind.COMMUNE), None)
    direct = [u for u in units if root is not None and u.parent_id == root.id]
    non_root = [u for u in units if u.kind != UnitKind.COMMUNE]
    return {
        "total": len(direct),
        "all_levels": len(non_root),
        "grassroots": sum(1 for u in direct if u.kind in GRASSROOTS_KINDS),
        "grassroots_committees": sum(1 for u in direct if u.kind == UnitKind.GRASSROOTS_COMMITTEE),
        "grassroots_cells": sum(1 for u in direct if u.kind == UnitKind.GRASSROOTS_CELL),
        "direct_cells": sum(1 for u in direct if u.kind == UnitKind.CELL),
        "sub_committees": sum(1 for u in non_root if u.kind == UnitKind.SUB_COMMITTEE),
        "cells_under_grassroots": sum(1 for u in non_root if u.kind == UnitKind.CELL and u not in direct),
        "by_kind": {k.value: sum(1 for u in non_root if u.kind == k) for k in UnitKind if k != UnitKind.COMMUNE},
        "direct_cells_by_place": {p.value: sum(1 for u in direct if u.kind == UnitKind.CELL and u.place_type == p)
                                  for p in PlaceType},
        "by_place": {p.value: sum(1 for u in direct if u.place_type == p) for p in PlaceType},
    }


def unit_changes(session: Session, start: date, end: date) -> dict:
    """Units founded, merged, renamed, dissolved in a period (with names, for the report's sentences)."""
    rows = session.execute(select(UnitEvent.kind, Unit.name, UnitEvent.old_name, UnitEvent.new_name,
                                  UnitEvent.event_date, UnitEvent.decision_number)
                           .join(Unit, Unit.id == UnitEvent.unit_id)
                           .where(UnitEvent.event_date.between(start, end)).order_by(UnitEvent.event_date)).all()
    out = {k.value: [] for k in (UnitEventKind.FOUNDED, UnitEventKind.MERGED, UnitEventKind.RENAMED,
                                 UnitEventKind.DISSOLVED, UnitEventKind.TRANSFERRED_IN, UnitEventKind.TRANSFERRED_OUT)}
    for kind, name, old, new, on, number in rows:
        if kind.value in out:
            out[kind.value].append({"name": name, "old_name": old, "new_name": new, "date": on.isoformat(),
                                    "decision_number": number})
    return out


def _rating_counts(session: Session, model, years: list[int] | None, as_of: date | None) -> dict[int, Counter]:
    model = model.__table__.c
    q = select(model.year, model.rating, func.count()).where(model.rating.is_not(None))
    if years:
        q = q.where(model.year.in_(years))
    counts: dict[int, Counter] = {}
    for year, rating, n in session.connection().execute(q.group_by(model.year, model.rating)):
        counts.setdefault(year, Counter())[rating] = n
    wanted = [y for y in sorted(set(counts) | set(years or [])) if as_of is None or y <= as_of.year]
    return {y: counts.get(y, Counter()) for y in wanted}


def _rating_entry(c: Counter, subject: int) -> dict:
    rated = sum(c.values())
    entry = {"rated": rated}
    entry.update({r.value: c.get(r.value, 0) for r in RATING_ORDER})
    entry["good_or_better"] = entry["HTXSNV"] + entry["HTTNV"]
    entry["subject"] = max(subject, rated)
    entry["not_rated"] = entry["subject"] - rated
    return entry


def ratings_by_year(session: Session, years: list[int] | None = None, as_of: date | None = None) -> dict:
    """Members' ratings per year; `subject` = on the list at 31/12 (or the as-of date), `not_rated` = the rest."""
    counts = _rating_counts(session, Evaluation, years, as_of)
    ends = {y: year_end(y) if as_of is None else min(year_end(y), as_of) for y in counts}
    subjects = count_on_many(session, list(ends.values()))
    return {str(y): _rating_entry(c, subjects[ends[y]]) for y, c in counts.items()}


def unit_ratings_by_year(session: Session, years: list[int] | None = None, as_of: date | None = None) -> dict:
    """Organisations' ratings per year; `subject` = units directly under the commune committee at 31/12."""
    counts = _rating_counts(session, UnitEvaluation, years, as_of)
    return {str(y): _rating_entry(c, units_on(session, year_end(y))["total"]) for y, c in counts.items()}


def snapshot(session: Session, as_of: date) -> dict:
    """The as-of statistics (CLI `stats --json`): structure, units and ratings up to that date."""
    with collector_paused():  # tens of thousands of live tuples, no cycles: the collector only adds pauses
        return _snapshot(session, as_of)


def list_figures_on(session: Session, day: date) -> dict:
    """The structure of the list and the units on a day: Tổng quan's cards and charts (the snapshot adds the
    ratings of every year, which Tổng quan does not show: 0.15 s of it at 100,000 members)."""
    data = structure_on(session, day)
    data["units"] = units_on(session, day)
    return data


def _snapshot(session: Session, as_of: date) -> dict:
    data = {"as_of": as_of.isoformat()}
    data.update(list_figures_on(session, as_of))
    data["ratings"] = ratings_by_year(session, as_of=as_of)
    data["unit_ratings"] = unit_ratings_by_year(session, as_of=as_of)
    return data


# ---- periods: Biểu 1, 2, 4, 7 and recruitment -------------------------------------------------------------

def previous_period(start: date, end: date) -> tuple[date, date]:
    """The same period of the previous year (the forms' 'cùng kỳ năm trước')."""
    return add_years(start, -1), add_years(end, -1)


def _events(session: Session, kinds, start: date, end: date):
    """The period's events counted by the database per distinct (kind, temporary, scope, …): a few dozen rows
    with attribute access like the model and their number in `n` (at 100,000 members the opening balances of
    one day alone are 100,000 events: read one by one they cost seconds)."""
    e = MemberEvent.__table__.c
    keys = (e.kind, e.temporary, e.scope, e.was_probationary, e.reward_form, e.badge_years, e.card_reason,
            e.discipline_form)
    return session.connection().execute(
        select(*keys, func.count().label("n"))
        .where(e.kind.in_(list(kinds)), e.event_date.between(start, end)).group_by(*keys)).all()


def movement(session: Session, start: date, end: date) -> dict:
    """Biểu 1-BTCTW: the list at the end of the previous period, what came in, what went out, the end."""
    evs = _events(session, (K.ADMITTED, K.TRANSFERRED_IN, K.RESTORED, K.DECEASED, K.EXPELLED, K.STRUCK_OFF,
                            K.RESIGNED, K.TRANSFERRED_OUT), start, end)
    official = [e for e in evs if not e.temporary]

    def n(kind, scope=None, **flags):
        return sum(e.n for e in official if e.kind == kind and (scope is None or e.scope == scope)
                   and all(getattr(e, k) == v for k, v in flags.items()))

    counts = count_on_many(session, [start - timedelta(days=1), end])
    begin, finish = counts[start - timedelta(days=1)], counts[end]
    data = {
        "start": start.isoformat(), "end": end.isoformat(),
        "opening": begin,
        "admitted": n(K.ADMITTED),
        "transferred_in": n(K.TRANSFERRED_IN),
        "transferred_in_other_province": n(K.TRANSFERRED_IN, TransferScope.OTHER_PROVINCE),
        "transferred_in_same_province": n(K.TRANSFERRED_IN, TransferScope.SAME_PROVINCE),
        "restored": n(K.RESTORED),
        "deceased": n(K.DECEASED),
        "expelled": n(K.EXPELLED),
        "struck_off": n(K.STRUCK_OFF),
        "struck_off_probationary": n(K.STRUCK_OFF, was_probationary=True),
        "resigned": n(K.RESIGNED),
        "transferred_out": n(K.TRANSFERRED_OUT),
        "transferred_out_other_province": n(K.TRANSFERRED_OUT, TransferScope.OTHER_PROVINCE),
        "transferred_out_same_province": n(K.TRANSFERRED_OUT, TransferScope.SAME_PROVINCE),
        "closing": finish,
    }
    data["increase"] = data["admitted"] + data["transferred_in"] + data["restored"]
    data["decrease"] = (data["deceased"] + data["expelled"] + data["struck_off"] + data["resigned"]
                        + data["transferred_out"])
    # opening balances recorded from sheets in the period are neither increases nor decreases
    data["unexplained"] = finish - (begin + data["increase"] - data["decrease"])
    return data


def new_members(session: Session, start: date, end: date) -> dict:
    """Biểu 2-BTCTW: members admitted in the period, analysed as on their admission date."""
    # Core and the stored values, as Census reads them (no ORM rows, no per-value enum processing: ~3,700
    # admissions a year at 100,000 members took 0.24 s through the ORM)
    e = MemberEvent.__table__.c
    q = (select(_MEMBER.id, e.unit_id, *_MEMBER_COLUMNS[:-1], _stored(e.event_date))
         .select_from(Member.__table__).join(MemberEvent.__table__, e.member_id == _MEMBER.id)
         .where(e.kind == K.ADMITTED, e.event_date.between(start, end)))
    rows = [RosterRow(r[0], r[1], Standing.PROBATIONARY.value, False, False, r[2], _iso(r[3]), *r[4:14],
                      _iso(r[14])) for r in session.connection().execute(q)]
    groups = {key: 0 for key, _, _ in AGE_GROUPS}
    ages = []
    for r in rows:
        if r.birth_date:
            a = full_years(r.birth_date, r.admitted_on)
            ages.append(a)
            groups[age_group(a)] += 1
    data = structure(rows, end)
    data["age_groups"] = groups  # age at admission, not at the end of the period
    data["average_age"] = _round1(sum(ages) / len(ages)) if ages else None
    first_admission = dict(session.execute(
        select(MemberEvent.member_id, func.min(MemberEvent.event_date)).where(
            MemberEvent.kind == K.ADMITTED, MemberEvent.member_id.in_([r.member_id for r in rows]))
        .group_by(MemberEvent.member_id)).all()) if rows else {}
    data["readmitted"] = sum(1 for r in rows if first_admission.get(r.member_id, r.admitted_on) < r.admitted_on)
    data["by_unit"] = dict(Counter(r.unit_id for r in rows))
    data["by_ethnicity"] = {}
    data["by_religion"] = {}
    for r in rows:
        slot = data["by_ethnicity"].setdefault(r.ethnicity or "Chưa rõ", {"total": 0, "female": 0})
        slot["total"] += 1
        slot["female"] += r.gender == Gender.FEMALE
        if is_religious(r.religion):
            slot = data["by_religion"].setdefault(r.religion, {"total": 0, "female": 0})
            slot["total"] += 1
            slot["female"] += r.gender == Gender.FEMALE
    units = units_on(session, end)
    admitting = {r.unit_id for r in rows}
    all_units = _units(session)
    grassroots = [u for u in all_units if u.kind in GRASSROOTS_KINDS and u.is_active(end)]
    from .units import subtree_ids

    data["grassroots_committees"] = units["grassroots_committees"]
    data["grassroots_cells"] = units["grassroots_cells"]
    data["grassroots_committees_admitting"] = sum(
        1 for u in grassroots if u.kind == UnitKind.GRASSROOTS_COMMITTEE and admitting & set(subtree_ids(all_units, u.id)))
    data["grassroots_cells_admitting"] = sum(
        1 for u in grassroots if u.kind == UnitKind.GRASSROOTS_CELL and u.id in admitting)
    return data


def place_table(session: Session, on: date, by_unit: Counter | None = None) -> dict:
    """Biểu 5-BTCTW: organisations and members by type of place. A unit without a type takes its parent's.
    `by_unit`: the list's members per unit on the day, when the caller has counted them already."""
    units = [u for u in _units(session) if u.is_active(on)]
    by_id = {u.id: u for u in units}

    def place(u: _UnitRow) -> PlaceType:
        while u is not None:
            if u.place_type is not None:
                return u.place_type
            u = by_id.get(u.parent_id)
        return PlaceType.OTHER

    table = {p.value: {"grassroots_committees": 0, "grassroots_cells": 0, "sub_committees": 0, "cells": 0,
                       "members": 0} for p in PlaceType}
    for u in units:
        row = table[place(u).value]
        if u.kind == UnitKind.GRASSROOTS_COMMITTEE:
            row["grassroots_committees"] += 1
        elif u.kind == UnitKind.GRASSROOTS_CELL:
            row["grassroots_cells"] += 1
        elif u.kind == UnitKind.SUB_COMMITTEE:
            row["sub_committees"] += 1
        elif u.kind == UnitKind.CELL:
            row["cells"] += 1
    place_of = {u.id: place(u).value for u in units}
    if by_unit is None:
        by_unit = members_by_unit_on(session, [on])[on]
    for unit_id, n in by_unit.items():
        key = place_of.get(unit_id)
        if key is not None:
            table[key]["members"] += n
    return table


def review_table(session: Session, year: int, counted: dict | None = None) -> dict:
    """Biểu 6F-BTCTW: who had to take part in the year's self-criticism review, who did, who did not and why.
    `counted`: structures_on()'s figures for 31/12 of the year with its review counts, when already read."""
    end = year_end(year)
    if counted is None or "_not_rated" not in counted:
        counted = structures_on(session, [end], {end: year})[end]
    subject = counted["members"]
    not_rated, new, exempt, suspended = counted["_not_rated"]
    units = units_on(session, end)
    unit_rated = session.scalar(select(func.count()).select_from(UnitEvaluation).where(
        UnitEvaluation.year == year, UnitEvaluation.rating.is_not(None))) or 0
    founded = session.scalar(select(func.count()).select_from(UnitEvent).where(
        UnitEvent.kind == UnitEventKind.FOUNDED, UnitEvent.event_date.between(date(year, 1, 1), end))) or 0
    return {
        "year": year,
        "units_subject": units["total"], "units_reviewed": unit_rated,
        "units_not_reviewed": max(units["total"] - unit_rated, 0), "units_newly_founded": founded,
        "members_subject": subject, "members_reviewed": subject - not_rated,
        "members_not_reviewed": not_rated,
        "members_new_under_6_months": new,
        "members_exempt": exempt,
        "members_suspended": suspended,
    }


def work_table(session: Session, start: date, end: date) -> dict:
    """Biểu 7-BTCTW: rewards, badges, party cards and transfers in the period."""
    evs = _events(session, (K.REWARDED, K.BADGE_AWARDED, K.CARD_ISSUED, K.CARD_REISSUED, K.TRANSFERRED_IN,
                            K.TRANSFERRED_OUT), start, end)
    unit_rewards = session.execute(select(Unit.kind, Unit.parent_id, UnitEvent.reward_form)
                                   .join(Unit, Unit.id == UnitEvent.unit_id)
                                   .where(UnitEvent.kind == UnitEventKind.REWARDED,
                                          UnitEvent.event_date.between(start, end))).all()
    grass = Counter(f.value for kind, _, f in unit_rewards if kind in GRASSROOTS_KINDS and f)
    subs = Counter(f.value for kind, _, f in unit_rewards if kind == UnitKind.SUB_COMMITTEE and f)
    cells = Counter(f.value for kind, _, f in unit_rewards if kind == UnitKind.CELL and f)
    member_rewards = Counter()
    for e in evs:
        if e.kind == K.REWARDED and e.reward_form:
            member_rewards[e.reward_form.value] += e.n
    from .members import BADGE_YEARS

    def count(kind, **fields):
        return sum(e.n for e in evs if e.kind == kind and all(getattr(e, k) == v for k, v in fields.items()))

    return {
        "grassroots_rewarded": dict(grass), "sub_committees_rewarded": dict(subs), "cells_rewarded": dict(cells),
        "members_rewarded": dict(member_rewards),
        "badges": {str(y): count(K.BADGE_AWARDED, badge_years=y) for y in BADGE_YEARS},
        "cards_issued": count(K.CARD_ISSUED),
        "cards_reissued_lost": count(K.CARD_REISSUED, card_reason=CardReason.LOST),
        "cards_reissued_damaged": count(K.CARD_REISSUED, card_reason=CardReason.DAMAGED),
        "temporary_out": count(K.TRANSFERRED_OUT, temporary=True),
        "temporary_in": count(K.TRANSFERRED_IN, temporary=True),
        "official_out": count(K.TRANSFERRED_OUT, temporary=False),
        "official_in": count(K.TRANSFERRED_IN, temporary=False),
        "rewards_total": sum(member_rewards.values()),
    }


def discipline_summary(session: Session, start: date, end: date) -> dict:
    evs = _events(session, (K.DISCIPLINED,), start, end)
    unit_rows = session.execute(select(UnitEvent.discipline_form).where(
        UnitEvent.kind == UnitEventKind.DISCIPLINED, UnitEvent.event_date.between(start, end))).scalars().all()
    members = Counter()
    for e in evs:
        if e.discipline_form:
            members[e.discipline_form.value] += e.n
    return {"members": dict(members), "members_total": sum(e.n for e in evs),
            "units": dict(Counter(f.value for f in unit_rows if f)), "units_total": len(unit_rows)}


def recruitment(session: Session, start: date, end: date) -> dict:
    """Admissions against the targets of the years in the period and against the membership at its start."""
    admitted = new_members(session, start, end)
    years = list(range(start.year, end.year + 1))
    target = session.scalar(select(func.coalesce(func.sum(RecruitmentTarget.target), 0))
                            .where(RecruitmentTarget.year.in_(years))) or 0
    base = count_on(session, start - timedelta(days=1))
    return {"admitted": admitted["members"], "target": int(target), "membership_base": base,
            "breakdown": admitted}


def form_rows(session: Session, start: date, end: date) -> dict:
    """All data behind Biểu 1–7 for a period and the same period of the previous year."""
    prev = previous_period(start, end)

    def one(s: date, e: date) -> dict:
        review_end = year_end(e.year)
        return {"form1": movement(session, s, e), "form2": new_members(session, s, e),
                "form3": _public(counted[e]), "form5": place_table(session, e, by_unit[e]),
                "form6f": review_table(session, e.year, counted[review_end]), "form7": work_table(session, s, e)}

    # each period's list counted in one pass: the structure, the year-end review's not-rated, members per unit
    counted = structures_on(session, [end, prev[1]], {year_end(end.year): end.year,
                                                      year_end(prev[1].year): prev[1].year}, by_unit=True)
    by_unit = {d: counted[d]["_by_unit"] for d in (end, prev[1])}
    return {"current": one(start, end), "previous": one(*prev), "start": start, "end": end,
            "previous_start": prev[0], "previous_end": prev[1]}


def _public(figures: dict) -> dict:
    return {k: v for k, v in figures.items() if not k.startswith("_")}
