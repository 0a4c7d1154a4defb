"""The book every chi ủy / đảng ủy keeps: Sổ danh sách đảng viên (Mẫu 7-HSĐV, DOMAIN §8), on any date.

One entry per member who was on the list of the unit (or of the commune) on or before the date: members who
left stay in the book with the date and the form of leaving. Each of the 14 columns is a list of lines,
stacked top to bottom as the paper book's thin lines are; a line at its place stays empty when the fact is
unknown, so that the lines under it keep their meaning (trailing empty lines are dropped).

Facts dated after `as_of` (a later transfer, death, official date, badge) are not in that day's book.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Member, MemberEvent, MemberSpan, Unit
from app.models.enums import (LEFT_PARTY_EVENTS, DatePrecision, GeneralEducation, MemberEventKind as K,
                              OccupationGroup, PoliticalTheory, ProfessionalLevel)

from .dates import fmt_date
from .units import descendants, list_units

BOOK_HEADERS = (
    "Số TT",
    "Họ và tên\nHọ và tên khai sinh\nNgày sinh",
    "Nam, nữ\nDân tộc\nTôn giáo",
    "Quê quán",
    "Văn hoá\nLý luận\nCMNV\nNgoại ngữ",
    "Nghề nghiệp trước khi vào Đảng\nNghề nghiệp hiện nay",
    "Ngày vào Đảng\nNgày chính thức",
    "Số thẻ đảng viên\nSố lý lịch\nSố Huy hiệu Đảng",
    "Bộ đội, công an, hưu trí",
    "Ngày chuyển đi\nĐến đảng bộ cơ sở",
    "Ngày chuyển đến\nỞ đảng bộ cơ sở nào đến",
    "Ngày từ trần\nLý do",
    "Ngày ra khỏi Đảng\nHình thức ra khỏi Đảng",
    "Ghi chú",
)


@dataclass(frozen=True)
class BookEntry:
    member_id: int
    unit_id: int | None        # the unit on the date, or the last one before the member left
    unit_name: str
    on_roll: bool              # still on the list on the date
    columns: tuple             # 14 lists of lines; columns[0] is the number within the book

    def column(self, n: int) -> list[str]:
        """Column n as the book numbers them (1 … 14)."""
        return self.columns[n - 1]


def _lines(*values) -> list[str]:
    out = ["" if v is None else str(v) for v in values]
    while out and not out[-1]:
        out.pop()
    return out


# the book's narrow columns write the levels short, as clerks do ("THPT", "Trung cấp"); the record's own
# text ("12/12", "ĐH Sư phạm") is preferred when there is one
SHORT = {GeneralEducation.LOWER_SECONDARY: "THCS", GeneralEducation.UPPER_SECONDARY: "THPT",
         ProfessionalLevel.ELEMENTARY: "Sơ cấp", PoliticalTheory.ADVANCED: "Cao cấp"}


def _label(enum_value, text):
    if text:
        return text
    return None if enum_value is None else SHORT.get(enum_value, enum_value.label)


def _unit_at(spans: list, as_of: date) -> tuple[int | None, bool]:
    """(unit, on roll) on the date: the span holding it, else the last span that ended before it.
    spans: (valid_from, valid_to, unit_id), all starting on or before the date."""
    last = max(spans)
    return last[2], last[1] is None or last[1] > as_of


# the member fields the book prints, read as plain rows (20,000 ORM objects with their events take ~10x longer)
_FIELDS = ("id", "full_name", "other_name", "birth_date", "birth_date_precision", "gender", "ethnicity", "religion",
           "birthplace", "general_education", "general_education_text", "political_theory", "political_theory_text",
           "professional_level", "professional_text", "foreign_language", "occupation", "occupation_group",
           "admitted_on", "official_on", "card_number", "dossier_number", "notes", "sort_key")
_EVENT_FIELDS = ("member_id", "kind", "event_date", "end_date", "place", "reason", "decision_number", "badge_years")


class _Row:
    __slots__ = _FIELDS

    def __init__(self, values):
        for k, v in zip(_FIELDS, values):
            setattr(self, k, v)


def _entry(m: _Row, events: list, as_of: date, unit_names: dict, number: int, unit_id, on_roll) -> BookEntry:
    """events: this member's (kind, event_date, end_date, place, reason, decision_number, badge_years) in date
    order, all of them (those after the date are ignored here)."""
    dated = [e for e in events if e[1] <= as_of]
    last = {}
    for e in dated:  # date order: the last of each kind wins
        last[e[0]] = e
    birth = fmt_date(m.birth_date, m.birth_date_precision == DatePrecision.YEAR)
    birth_name = m.other_name if m.other_name and m.other_name != m.full_name else None
    badge = last.get(K.BADGE_AWARDED)
    badge_text = (badge[5] or f"Huy hiệu {badge[6]} năm") if badge else None
    card = m.card_number
    cards = (K.CARD_ISSUED, K.CARD_REISSUED)
    if card and any(e[0] in cards for e in events) and not any(e[0] in cards for e in dated):
        card = None  # the card was issued after the date
    service = None
    if m.occupation_group == OccupationGroup.ARMED_FORCES:
        service = "Bộ đội, công an"
    elif m.occupation_group == OccupationGroup.RETIRED or K.RETIRED in last:
        service = "Hưu trí"
    out_ev, in_ev = last.get(K.TRANSFERRED_OUT), last.get(K.TRANSFERRED_IN)
    if out_ev and in_ev and in_ev[1] > out_ev[1] and on_roll:
        out_ev = None  # came back after leaving: the book shows the arrival
    death = last.get(K.DECEASED)
    left = max((e for e in dated if e[0] in LEFT_PARTY_EVENTS), key=lambda e: e[1], default=None)
    notes = []
    exempt = last.get(K.EXEMPTED)
    ended = last.get(K.EXEMPTION_ENDED)
    if exempt and not (ended and ended[1] >= exempt[1]) and (exempt[2] is None or exempt[2] > as_of):
        notes.append(f"Miễn sinh hoạt từ {fmt_date(exempt[1])}" + (f" đến {fmt_date(exempt[2])}" if exempt[2] else ""))
    if m.notes:
        notes.append(m.notes)
    admitted = m.admitted_on if m.admitted_on and m.admitted_on <= as_of else None
    official = m.official_on if m.official_on and m.official_on <= as_of else None
    columns = (
        [str(number)],
        _lines(m.full_name.upper(), birth_name, birth),
        _lines(m.gender.label if m.gender else None, m.ethnicity, m.religion),
        _lines(m.birthplace),
        _lines(_label(m.general_education, m.general_education_text),
               _label(m.political_theory, m.political_theory_text),
               _label(m.professional_level, m.professional_text), m.foreign_language),
        # the occupation before joining is not kept: its line stays empty, the present one is the second
        # (the record's own words only: the statistics group's label read back would become the occupation)
        _lines(None, m.occupation),
        _lines(fmt_date(admitted), fmt_date(official)),
        _lines(card, m.dossier_number, badge_text),
        _lines(service),
        _lines(fmt_date(out_ev[1]), out_ev[3]) if out_ev else [],
        _lines(fmt_date(in_ev[1]), in_ev[3]) if in_ev else [],
        _lines(fmt_date(death[1]), death[4]) if death else [],
        _lines(fmt_date(left[1]), left[0].label) if left else [],
        notes,
    )
    return BookEntry(m.id, unit_id, unit_names.get(unit_id, ""), on_roll, columns)


def book_entries(session: Session, *, as_of: date, unit_id: int | None = None) -> list[BookEntry]:
    """The book on a date, for one unit (with its sub-units) or the whole commune.

    Ordered by unit (the tree's order) then by Vietnamese name; numbered 1 … n through the book."""
    scope = set(descendants(session, unit_id)) if unit_id is not None else None
    spans: dict[int, list] = {}
    for mid, start, end, uid in session.execute(
            select(MemberSpan.member_id, MemberSpan.valid_from, MemberSpan.valid_to, MemberSpan.unit_id)
            .where(MemberSpan.valid_from <= as_of)):
        spans.setdefault(mid, []).append((start, end, uid))
    placed = {mid: _unit_at(ss, as_of) for mid, ss in spans.items()}
    if scope is not None:
        placed = {mid: p for mid, p in placed.items() if p[0] in scope}
    events: dict[int, list] = {}
    for row in session.execute(select(*(getattr(MemberEvent, f) for f in _EVENT_FIELDS))
                               .order_by(MemberEvent.event_date, MemberEvent.id)):
        if row[0] in placed:
            events.setdefault(row[0], []).append(row[1:])
    order = {u.id: i for i, u in enumerate(list_units(session, as_of, include_ended=True))}
    unit_names = dict(session.execute(select(Unit.id, Unit.name)).all())
    members = [_Row(r) for r in session.execute(select(*(getattr(Member, f) for f in _FIELDS))) if r[0] in placed]
    members.sort(key=lambda m: (order.get(placed[m.id][0], len(order)), m.sort_key))
    return [_entry(m, events.get(m.id, []), as_of, unit_names, n, *placed[m.id]) for n, m in enumerate(members, 1)]
