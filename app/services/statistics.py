"""Statistics: pure reads, as of any date or over any period, returning plain data.

Everything the official forms Biểu 1–7-BTCTW ask for, the structure figures of the seed reports, ratings by
year and recruitment against targets. Counting is done here once; the CLI, the window, the Word reports and
the Excel forms all read these numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.common.ethnicity import is_ethnic_minority, is_religious
from app.models import (Evaluation, Member, MemberEvent, MemberSpan, RecruitmentTarget, Unit, UnitEvaluation,
                        UnitEvent)
from app.models.enums import (GRASSROOTS_KINDS, AcademicTitle, CardReason, Gender, GeneralEducation,
                              MemberEventKind as K, OccupationGroup, PlaceType, PoliticalTheory,
                              ProfessionalLevel, Rating, RewardForm, Standing, TransferScope, UnitEventKind,
                              UnitKind)

from .dates import add_years, full_years, year_end

AGE_GROUPS = (("18-30", 0, 30), ("31-35", 31, 35), ("36-40", 36, 40), ("41-45", 41, 45), ("46-50", 46, 50),
              ("51-55", 51, 55), ("56-60", 56, 60), (">60", 61, 200))
# Biểu 3 §3: thời gian kết nạp vào Đảng
ADMISSION_PERIODS = (("before_1945_08_19", None, date(1945, 8, 18)),
                     ("1945_08_19_to_1954_07_20", date(1945, 8, 19), date(1954, 7, 20)),
                     ("1954_07_21_to_1975_04_30", date(1954, 7, 21), date(1975, 4, 30)),
                     ("from_1975_05_01", date(1975, 5, 1), None))
RATING_ORDER = (Rating.EXCELLENT, Rating.GOOD, Rating.DONE, Rating.FAILED)


@dataclass(frozen=True)
class RosterRow:
    member_id: int
    unit_id: int | None
    standing: Standing
    exempt: bool
    suspended: bool
    gender: Gender | None
    birth_date: date | None
    ethnicity: str | None
    religion: str | None
    youth_union: bool
    private_business_owner: bool
    foreign_spouse: bool
    occupation_group: OccupationGroup | None
    general_education: GeneralEducation | None
    professional_level: ProfessionalLevel | None
    academic_title: AcademicTitle | None
    political_theory: PoliticalTheory | None
    admitted_on: date | None


_ROSTER_COLUMNS = (Member.id, MemberSpan.unit_id, MemberSpan.standing, MemberSpan.exempt, MemberSpan.suspended,
                   Member.gender, Member.birth_date, Member.ethnicity, Member.religion, Member.youth_union,
                   Member.private_business_owner, Member.foreign_spouse, Member.occupation_group,
                   Member.general_education, Member.professional_level, Member.academic_title,
                   Member.political_theory, Member.admitted_on)


def _active_span(on: date):
    return and_(MemberSpan.valid_from <= on, or_(MemberSpan.valid_to.is_(None), MemberSpan.valid_to > on))


def roster(session: Session, on: date, unit_ids: list[int] | None = None) -> list[RosterRow]:
    """The commune's list on a date: official + probationary, without temporary transfers-in (DOMAIN §2)."""
    q = (select(*_ROSTER_COLUMNS).join(MemberSpan, MemberSpan.member_id == Member.id)
         .where(_active_span(on), MemberSpan.counted.is_(True)))
    if unit_ids is not None:
        q = q.where(MemberSpan.unit_id.in_(unit_ids))
    return [RosterRow(*r) for r in session.execute(q)]


def _round1(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def age_group(age: int) -> str:
    for key, low, high in AGE_GROUPS:
        if low <= age <= high:
            return key
    return "18-30"


def _age_stats(births: list[date], on: date) -> tuple[dict, float | None, int]:
    groups = {key: 0 for key, _, _ in AGE_GROUPS}
    ages = [full_years(b, on) for b in births]
    for a in ages:
        groups[age_group(a)] += 1
    average = _round1(sum(ages) / len(ages)) if ages else None
    return groups, average, len(ages)


def _enum_counts(values, enum_cls, none_key: str) -> dict:
    out = {m.value: 0 for m in enum_cls}
    out[none_key] = 0
    for v in values:
        out[v.value if v is not None else none_key] += 1
    return out


def structure(rows: list[RosterRow], on: date) -> dict:
    """Counts of a list of members: the figures of seed 003 §2.1 and Biểu 3-BTCTW part I/II."""
    births = [r.birth_date for r in rows if r.birth_date]
    groups, average, known = _age_stats(births, on)
    retired = [r for r in rows if r.occupation_group == OccupationGroup.RETIRED]
    occupation = Counter(r.occupation_group.value for r in rows
                         if r.occupation_group and r.occupation_group != OccupationGroup.RETIRED)
    periods = {key: 0 for key, _, _ in ADMISSION_PERIODS}
    periods["unknown"] = 0
    for r in rows:
        if r.admitted_on is None:
            periods["unknown"] += 1
            continue
        for key, start, end in ADMISSION_PERIODS:
            if (start is None or r.admitted_on >= start) and (end is None or r.admitted_on <= end):
                periods[key] += 1
                break
    general = _enum_counts((r.general_education for r in rows), GeneralEducation, "unknown")
    professional = _enum_counts((r.professional_level for r in rows), ProfessionalLevel, "none")
    theory = _enum_counts((r.political_theory for r in rows), PoliticalTheory, "none")
    return {
        "members": len(rows),
        "female": sum(1 for r in rows if r.gender == Gender.FEMALE),
        "male": sum(1 for r in rows if r.gender == Gender.MALE),
        "probationary": sum(1 for r in rows if r.standing == Standing.PROBATIONARY),
        "official": sum(1 for r in rows if r.standing == Standing.OFFICIAL),
        "ethnic_minority": sum(1 for r in rows if is_ethnic_minority(r.ethnicity)),
        "religious": sum(1 for r in rows if is_religious(r.religion)),
        "youth_union": sum(1 for r in rows if r.youth_union),
        "private_business_owner": sum(1 for r in rows if r.private_business_owner),
        "foreign_spouse": sum(1 for r in rows if r.foreign_spouse),
        "exempt_from_activity": sum(1 for r in rows if r.exempt),
        "suspended": sum(1 for r in rows if r.suspended),
        "working": len(rows) - len(retired),
        "retired": len(retired),
        "retired_exempt": sum(1 for r in retired if r.exempt),
        "occupation": {g.value: occupation.get(g.value, 0) for g in OccupationGroup if g != OccupationGroup.RETIRED}
        | {"unknown": sum(1 for r in rows if r.occupation_group is None)},
        "age_groups": groups,
        "age_unknown": len(rows) - known,
        "average_age": average,
        "admission_periods": periods,
        "general_education": general,
        "professional": professional,
        "academic_title": {t.value: sum(1 for r in rows if r.academic_title == t) for t in AcademicTitle},
        "political_theory": theory,
        "ethnicities": dict(Counter(r.ethnicity or "Chưa rõ" for r in rows).most_common()),
    }


def units_on(session: Session, on: date) -> dict:
    """Organisations on a date. `total` = units directly under the commune committee (seed 003 counts 54)."""
    units = [u for u in session.scalars(select(Unit)) if u.is_active(on)]
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


def ratings_by_year(session: Session, years: list[int] | None = None, as_of: date | None = None) -> dict:
    """Members' ratings per year; `subject` = on the list at 31/12 (or the as-of date), `not_rated` = the rest."""
    q = select(Evaluation.year, Evaluation.rating, func.count()).where(Evaluation.rating.is_not(None))
    if years:
        q = q.where(Evaluation.year.in_(years))
    counts: dict[int, Counter] = {}
    for year, rating, n in session.execute(q.group_by(Evaluation.year, Evaluation.rating)):
        counts.setdefault(year, Counter())[rating] = n
    out = {}
    for year in sorted(set(counts) | set(years or [])):
        if as_of is not None and year > as_of.year:
            continue
        c = counts.get(year, Counter())
        rated = sum(c.values())
        on = year_end(year) if as_of is None else min(year_end(year), as_of)
        subject = session.scalar(select(func.count()).select_from(MemberSpan).where(
            _active_span(on), MemberSpan.counted.is_(True)))
        entry = {"rated": rated}
        entry.update({r.value: c.get(r.value, 0) for r in RATING_ORDER})
        entry["good_or_better"] = entry["HTXSNV"] + entry["HTTNV"]
        entry["subject"] = max(subject, rated)
        entry["not_rated"] = entry["subject"] - rated
        out[str(year)] = entry
    return out


def unit_ratings_by_year(session: Session, years: list[int] | None = None, as_of: date | None = None) -> dict:
    q = select(UnitEvaluation.year, UnitEvaluation.rating, func.count()).where(UnitEvaluation.rating.is_not(None))
    if years:
        q = q.where(UnitEvaluation.year.in_(years))
    counts: dict[int, Counter] = {}
    for year, rating, n in session.execute(q.group_by(UnitEvaluation.year, UnitEvaluation.rating)):
        counts.setdefault(year, Counter())[rating] = n
    out = {}
    for year in sorted(set(counts) | set(years or [])):
        if as_of is not None and year > as_of.year:
            continue
        c = counts.get(year, Counter())
        rated = sum(c.values())
        subject = units_on(session, year_end(year))["total"]
        entry = {"rated": rated}
        entry.update({r.value: c.get(r.value, 0) for r in RATING_ORDER})
        entry["good_or_better"] = entry["HTXSNV"] + entry["HTTNV"]
        entry["subject"] = max(subject, rated)
        entry["not_rated"] = entry["subject"] - rated
        out[str(year)] = entry
    return out


def snapshot(session: Session, as_of: date) -> dict:
    """The as-of statistics (CLI `stats --json`): structure, units and ratings up to that date."""
    rows = roster(session, as_of)
    data = {"as_of": as_of.isoformat()}
    data.update(structure(rows, as_of))
    data["units"] = units_on(session, as_of)
    data["ratings"] = ratings_by_year(session, as_of=as_of)
    data["unit_ratings"] = unit_ratings_by_year(session, as_of=as_of)
    return data


# ---- periods: Biểu 1, 2, 4, 7 and recruitment -------------------------------------------------------------

def previous_period(start: date, end: date) -> tuple[date, date]:
    """The same period of the previous year (the forms' 'cùng kỳ năm trước')."""
    return add_years(start, -1), add_years(end, -1)


def _events(session: Session, kinds, start: date, end: date):
    return list(session.scalars(select(MemberEvent).where(MemberEvent.kind.in_(list(kinds)),
                                                          MemberEvent.event_date.between(start, end))))


def movement(session: Session, start: date, end: date) -> dict:
    """Biểu 1-BTCTW: the list at the end of the previous period, what came in, what went out, the end."""
    evs = _events(session, (K.ADMITTED, K.TRANSFERRED_IN, K.RESTORED, K.DECEASED, K.EXPELLED, K.STRUCK_OFF,
                            K.RESIGNED, K.TRANSFERRED_OUT, K.ON_ROLL), start, end)
    official = [e for e in evs if not e.temporary]

    def n(kind, scope=None, **flags):
        return sum(1 for e in official if e.kind == kind and (scope is None or e.scope == scope)
                   and all(getattr(e, k) == v for k, v in flags.items()))

    begin = len(roster(session, start - timedelta(days=1)))
    finish = len(roster(session, end))
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
    q = (select(Member, MemberEvent).join(MemberEvent, MemberEvent.member_id == Member.id)
         .where(MemberEvent.kind == K.ADMITTED, MemberEvent.event_date.between(start, end)))
    pairs = session.execute(q).all()
    rows = [RosterRow(m.id, e.unit_id, Standing.PROBATIONARY, False, False, m.gender, m.birth_date, m.ethnicity,
                      m.religion, m.youth_union, m.private_business_owner, m.foreign_spouse, m.occupation_group,
                      m.general_education, m.professional_level, m.academic_title, m.political_theory, e.event_date)
            for m, e in pairs]
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
    data["readmitted"] = sum(1 for m, e in pairs
                             if any(x.kind == K.ADMITTED and x.event_date < e.event_date for x in m.events))
    data["by_unit"] = dict(Counter(e.unit_id for _, e in pairs))
    data["by_ethnicity"] = {}
    data["by_religion"] = {}
    for m, _ in pairs:
        eth = m.ethnicity or "Chưa rõ"
        slot = data["by_ethnicity"].setdefault(eth, {"total": 0, "female": 0})
        slot["total"] += 1
        slot["female"] += m.gender == Gender.FEMALE
        if is_religious(m.religion):
            slot = data["by_religion"].setdefault(m.religion, {"total": 0, "female": 0})
            slot["total"] += 1
            slot["female"] += m.gender == Gender.FEMALE
    units = units_on(session, end)
    admitting = {e.unit_id for _, e in pairs}
    grassroots = [u for u in session.scalars(select(Unit).where(Unit.kind.in_(list(GRASSROOTS_KINDS))))
                  if u.is_active(end)]
    from .units import descendants

    data["grassroots_committees"] = units["grassroots_committees"]
    data["grassroots_cells"] = units["grassroots_cells"]
    data["grassroots_committees_admitting"] = sum(
        1 for u in grassroots if u.kind == UnitKind.GRASSROOTS_COMMITTEE and admitting & set(descendants(session, u.id)))
    data["grassroots_cells_admitting"] = sum(
        1 for u in grassroots if u.kind == UnitKind.GRASSROOTS_CELL and u.id in admitting)
    return data


def place_table(session: Session, on: date) -> dict:
    """Biểu 5-BTCTW: organisations and members by type of place. A unit without a type takes its parent's."""
    units = [u for u in session.scalars(select(Unit)) if u.is_active(on)]
    by_id = {u.id: u for u in units}

    def place(u: Unit) -> PlaceType:
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
    for r in roster(session, on):
        u = by_id.get(r.unit_id)
        if u is not None:
            table[place(u).value]["members"] += 1
    return table


def review_table(session: Session, year: int) -> dict:
    """Biểu 6F-BTCTW: who had to take part in the year's self-criticism review, who did, who did not and why."""
    end = year_end(year)
    rows = roster(session, end)
    rated = set(session.scalars(select(Evaluation.member_id).where(Evaluation.year == year,
                                                                   Evaluation.rating.is_not(None))))
    new_cutoff = date(year, 6, 30)
    not_rated = [r for r in rows if r.member_id not in rated]
    units = units_on(session, end)
    unit_rated = session.scalar(select(func.count()).select_from(UnitEvaluation).where(
        UnitEvaluation.year == year, UnitEvaluation.rating.is_not(None))) or 0
    founded = session.scalar(select(func.count()).select_from(UnitEvent).where(
        UnitEvent.kind == UnitEventKind.FOUNDED, UnitEvent.event_date.between(date(year, 1, 1), end))) or 0
    return {
        "year": year,
        "units_subject": units["total"], "units_reviewed": unit_rated,
        "units_not_reviewed": max(units["total"] - unit_rated, 0), "units_newly_founded": founded,
        "members_subject": len(rows), "members_reviewed": len(rows) - len(not_rated),
        "members_not_reviewed": len(not_rated),
        "members_new_under_6_months": sum(1 for r in not_rated if r.admitted_on and r.admitted_on > new_cutoff),
        "members_exempt": sum(1 for r in not_rated if r.exempt),
        "members_suspended": sum(1 for r in not_rated if r.suspended),
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
    member_rewards = Counter(e.reward_form.value for e in evs if e.kind == K.REWARDED and e.reward_form)
    from .members import BADGE_YEARS

    return {
        "grassroots_rewarded": dict(grass), "sub_committees_rewarded": dict(subs), "cells_rewarded": dict(cells),
        "members_rewarded": dict(member_rewards),
        "badges": {str(y): sum(1 for e in evs if e.kind == K.BADGE_AWARDED and e.badge_years == y)
                   for y in BADGE_YEARS},
        "cards_issued": sum(1 for e in evs if e.kind == K.CARD_ISSUED),
        "cards_reissued_lost": sum(1 for e in evs if e.kind == K.CARD_REISSUED and e.card_reason == CardReason.LOST),
        "cards_reissued_damaged": sum(1 for e in evs if e.kind == K.CARD_REISSUED
                                      and e.card_reason == CardReason.DAMAGED),
        "temporary_out": sum(1 for e in evs if e.kind == K.TRANSFERRED_OUT and e.temporary),
        "temporary_in": sum(1 for e in evs if e.kind == K.TRANSFERRED_IN and e.temporary),
        "official_out": sum(1 for e in evs if e.kind == K.TRANSFERRED_OUT and not e.temporary),
        "official_in": sum(1 for e in evs if e.kind == K.TRANSFERRED_IN and not e.temporary),
        "rewards_total": sum(member_rewards.values()),
    }


def discipline_summary(session: Session, start: date, end: date) -> dict:
    evs = _events(session, (K.DISCIPLINED,), start, end)
    unit_rows = session.execute(select(UnitEvent.discipline_form).where(
        UnitEvent.kind == UnitEventKind.DISCIPLINED, UnitEvent.event_date.between(start, end))).scalars().all()
    return {"members": dict(Counter(e.discipline_form.value for e in evs if e.discipline_form)),
            "members_total": len(evs),
            "units": dict(Counter(f.value for f in unit_rows if f)), "units_total": len(unit_rows)}


def recruitment(session: Session, start: date, end: date) -> dict:
    """Admissions against the targets of the years in the period and against the membership at its start."""
    admitted = new_members(session, start, end)
    years = list(range(start.year, end.year + 1))
    target = session.scalar(select(func.coalesce(func.sum(RecruitmentTarget.target), 0))
                            .where(RecruitmentTarget.year.in_(years))) or 0
    base = len(roster(session, start - timedelta(days=1)))
    return {"admitted": admitted["members"], "target": int(target), "membership_base": base,
            "breakdown": admitted}


def form_rows(session: Session, start: date, end: date) -> dict:
    """All data behind Biểu 1–7 for a period and the same period of the previous year."""
    prev = previous_period(start, end)

    def one(s: date, e: date) -> dict:
        return {"form1": movement(session, s, e), "form2": new_members(session, s, e),
                "form3": structure(roster(session, e), e), "form5": place_table(session, e),
                "form6f": review_table(session, e.year), "form7": work_table(session, s, e)}

    return {"current": one(start, end), "previous": one(*prev), "start": start, "end": end,
            "previous_start": prev[0], "previous_end": prev[1]}
