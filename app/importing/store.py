"""What the importer needs to know about the database, read once through the services and indexed here."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from app.common.text import fold as _fold_uncached
from app.models.enums import UnitKind
from app.services.import_reads import known_records
from app.services.imports import unit_key  # noqa: F401 - the planner looks it up here

# sheets repeat the same words thousands of times (units, levels, ethnic groups)
fold = functools.lru_cache(maxsize=65536)(_fold_uncached)


@dataclass
class Existing:
    # members and units are the services' records, read only
    members: dict[int, object] = field(default_factory=dict)
    by_national_id: dict[str, object] = field(default_factory=dict)
    by_card: dict[str, object] = field(default_factory=dict)
    by_name_birth: dict[tuple[str, object], object] = field(default_factory=dict)
    by_name_year: dict[tuple[str, int], list] = field(default_factory=dict)
    units_by_key: dict[str, object] = field(default_factory=dict)
    unit_names: dict[int, str] = field(default_factory=dict)
    evaluations: dict[tuple[int, int], str | None] = field(default_factory=dict)
    event_kinds: dict[int, set[str]] = field(default_factory=dict)
    has_commune: bool = False

    def unit_name(self, unit_id: int | None) -> str | None:
        return self.unit_names.get(unit_id) if unit_id else None

    def match(self, person: dict) -> tuple[object | None, str]:
        """By CCCD, then card number, then folded name + date of birth (issue: matching existing records)."""
        nid = person.get("national_id")
        if nid and nid in self.by_national_id:
            return self.by_national_id[nid], "Số CCCD"
        card = person.get("card_number")
        if card and card in self.by_card:
            return self.by_card[card], "Số thẻ đảng viên"
        name = fold(person.get("full_name"))
        birth = person.get("birth_date")
        if name and birth:
            m = self.by_name_birth.get((name, birth))
            if m is not None:
                return m, "Họ tên và ngày sinh"
            # a year-only date on either side matches the same name born that year, when only one such exists
            same_year = self.by_name_year.get((name, birth.year), [])
            if len(same_year) == 1:
                return same_year[0], "Họ tên và năm sinh"
        return None, ""


def load_existing(session) -> Existing:
    ex = Existing()
    known = known_records(session)
    for unit in known.units:
        ex.unit_names[unit.id] = unit.name
        if unit.kind == UnitKind.COMMUNE:
            ex.has_commune = True
            continue
        if unit.active_to is None:
            ex.units_by_key.setdefault(unit_key(unit.name), unit)
    for m in known.members:
        ex.members[m.id] = m
        if m.national_id:
            ex.by_national_id[m.national_id] = m
        if m.card_number:
            ex.by_card[m.card_number] = m
        if m.birth_date:
            ex.by_name_birth[(m.name_key, m.birth_date)] = m
            ex.by_name_year.setdefault((m.name_key, m.birth_date.year), []).append(m)
    for member_id, year, rating in known.ratings:
        ex.evaluations[(member_id, year)] = rating
    for member_id, kind in known.event_kinds:
        ex.event_kinds.setdefault(member_id, set()).add(str(kind))
    return ex
