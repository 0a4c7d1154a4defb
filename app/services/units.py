"""Organisations: create, rename, merge, dissolve — each by a dated decision — and the tree on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.common.text import fold, nfc
from app.models import Member, MemberEvent, MemberSpan, Unit, UnitEvent, UnitOfficer
from app.models.enums import MemberEventKind, OfficerRole, PlaceType, UnitEventKind, UnitKind

from . import lifecycle
from .statistics import members_by_unit_on
from .errors import DomainError, NotFound

# Which kinds may sit under which (DOMAIN §1): the commune committee holds TCCSĐ and chi bộ trực thuộc;
# a đảng bộ cơ sở may hold đảng bộ bộ phận and chi bộ; a đảng bộ bộ phận holds chi bộ.
ALLOWED_CHILDREN = {
    UnitKind.COMMUNE: {UnitKind.GRASSROOTS_COMMITTEE, UnitKind.GRASSROOTS_CELL, UnitKind.CELL},
    UnitKind.GRASSROOTS_COMMITTEE: {UnitKind.SUB_COMMITTEE, UnitKind.CELL},
    UnitKind.SUB_COMMITTEE: {UnitKind.CELL},
    UnitKind.GRASSROOTS_CELL: set(),
    UnitKind.CELL: set(),
}


@dataclass
class UnitInfo:
    id: int
    name: str
    kind: UnitKind
    place_type: PlaceType | None
    parent_id: int | None
    active_from: date | None
    active_to: date | None
    member_count: int | None = 0  # None: not counted (list_units(counted=False))
    depth: int = 0


def _info(u: Unit, count: int = 0, depth: int = 0) -> UnitInfo:
    return UnitInfo(u.id, u.name, u.kind, u.place_type, u.parent_id, u.active_from, u.active_to, count, depth)


def get_unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(f"Không tìm thấy tổ chức đảng mã {unit_id}.", "unit")
    return unit


def commune(session: Session) -> Unit | None:
    return session.scalars(select(Unit).where(Unit.kind == UnitKind.COMMUNE).order_by(Unit.id)).first()


def _check_active(unit: Unit, on: date, field: str = "unit") -> None:
    if not unit.is_active(on):
        raise DomainError(f"Tổ chức «{unit.name}» không còn hoạt động vào ngày {on:%d/%m/%Y}.", field)


def create_unit(session: Session, *, name: str, kind: UnitKind, parent_id: int | None = None,
                place_type: PlaceType | None = None, founded_on: date | None = None,
                decision_number: str | None = None, decision_date: date | None = None,
                notes: str | None = None) -> Unit:
    name = nfc(name)
    if not name:
        raise DomainError("Chưa nhập tên tổ chức đảng.", "name")
    kind = UnitKind.from_value(kind)
    if kind == UnitKind.COMMUNE:
        if parent_id is not None:
            raise DomainError("Đảng bộ xã là cấp cao nhất, không có tổ chức cấp trên.", "parent")
        if commune(session) is not None:
            raise DomainError("Cơ sở dữ liệu đã có Đảng bộ xã.", "kind")
    else:
        if parent_id is None:
            root = commune(session)
            if root is None:
                raise DomainError("Cần tạo Đảng bộ xã trước.", "parent")
            parent_id = root.id
        parent = get_unit(session, parent_id)
        if kind not in ALLOWED_CHILDREN[parent.kind]:
            raise DomainError(f"{kind.label} không thể trực thuộc {parent.kind.label.lower()} «{parent.name}».",
                              "kind")
        if founded_on:
            _check_active(parent, founded_on, "parent")
    duplicate = session.scalar(select(Unit.id).where(Unit.name_key == fold(name), Unit.parent_id == parent_id,
                                                     Unit.active_to.is_(None)))
    if duplicate:
        raise DomainError(f"Đã có tổ chức đảng tên «{name}» trong cùng cấp.", "name")
    unit = Unit(name=name, name_key=fold(name), kind=kind, parent_id=parent_id,
                place_type=PlaceType.from_value(place_type), active_from=founded_on, notes=notes)
    session.add(unit)
    session.flush()
    if founded_on:
        session.add(UnitEvent(unit_id=unit.id, kind=UnitEventKind.FOUNDED, event_date=founded_on,
                              decision_number=decision_number, decision_date=decision_date, new_name=name))
    session.flush()
    return unit


def update_unit(session: Session, unit_id: int, *, place_type: PlaceType | None = None,
                notes: str | None = None) -> Unit:
    unit = get_unit(session, unit_id)
    if place_type is not None:
        unit.place_type = PlaceType.from_value(place_type)
    if notes is not None:
        unit.notes = notes
    return unit


def rename_unit(session: Session, unit_id: int, *, new_name: str, on: date,
                decision_number: str | None = None, decision_date: date | None = None) -> Unit:
    unit = get_unit(session, unit_id)
    new_name = nfc(new_name)
    if not new_name:
        raise DomainError("Chưa nhập tên mới.", "new_name")
    _check_active(unit, on, "date")
    session.add(UnitEvent(unit_id=unit.id, kind=UnitEventKind.RENAMED, event_date=on, old_name=unit.name,
                          new_name=new_name, decision_number=decision_number, decision_date=decision_date))
    unit.name, unit.name_key = new_name, fold(new_name)
    session.flush()
    return unit


def _members_in(session: Session, unit_ids: list[int], on: date) -> list[Member]:
    q = (select(Member).join(MemberSpan).where(MemberSpan.unit_id.in_(unit_ids), MemberSpan.valid_from <= on,
                                               or_(MemberSpan.valid_to.is_(None), MemberSpan.valid_to > on)))
    return list(session.scalars(q).unique())


def _end_unit(unit: Unit, on: date) -> None:
    unit.active_to = on


def merge_unit(session: Session, unit_id: int, into_unit_id: int, *, on: date,
               decision_number: str | None = None, decision_date: date | None = None) -> Unit:
    """Sáp nhập: the unit ends and its members move to the receiving unit on the same day."""
    unit, target = get_unit(session, unit_id), get_unit(session, into_unit_id)
    if unit.id == target.id:
        raise DomainError("Không thể sáp nhập một tổ chức vào chính nó.", "into_unit")
    _check_active(unit, on, "date")
    _check_active(target, on, "into_unit")
    live_children = [c for c in unit.children if c.is_active(on)]
    if live_children:
        raise DomainError(f"«{unit.name}» còn {len(live_children)} tổ chức trực thuộc; hãy chuyển hoặc sáp nhập "
                          "các tổ chức đó trước.", "unit")
    for m in _members_in(session, [unit.id], on):
        m.events.append(MemberEvent(kind=MemberEventKind.MOVED, event_date=on, unit_id=target.id,
                                    decision_number=decision_number, decision_date=decision_date,
                                    reason=f"Sáp nhập {unit.name} vào {target.name}"))
        lifecycle.rebuild(m)
    session.add(UnitEvent(unit_id=unit.id, kind=UnitEventKind.MERGED, event_date=on, other_unit_id=target.id,
                          decision_number=decision_number, decision_date=decision_date))
    _end_unit(unit, on)
    session.flush()
    return unit


def dissolve_unit(session: Session, unit_id: int, *, on: date, decision_number: str | None = None,
                  decision_date: date | None = None, reason: str | None = None) -> Unit:
    """Giải thể: refused while members are still on the unit's list (they must be moved first)."""
    unit = get_unit(session, unit_id)
    _check_active(unit, on, "date")
    if unit.kind == UnitKind.COMMUNE:
        raise DomainError("Không thể giải thể Đảng bộ xã trong chương trình.", "unit")
    remaining = _members_in(session, [unit.id], on)
    if remaining:
        raise DomainError(f"«{unit.name}» còn {len(remaining)} đảng viên vào ngày {on:%d/%m/%Y}; hãy chuyển "
                          "sinh hoạt hoặc sáp nhập trước khi giải thể.", "unit")
    if any(c.is_active(on) for c in unit.children):
        raise DomainError(f"«{unit.name}» còn tổ chức trực thuộc đang hoạt động.", "unit")
    session.add(UnitEvent(unit_id=unit.id, kind=UnitEventKind.DISSOLVED, event_date=on, notes=reason,
                          decision_number=decision_number, decision_date=decision_date))
    _end_unit(unit, on)
    session.flush()
    return unit


def reward_unit(session: Session, unit_id: int, *, on: date, form, decision_number: str | None = None,
                decided_by: str | None = None) -> UnitEvent:
    from app.models.enums import RewardForm

    unit = get_unit(session, unit_id)
    ev = UnitEvent(unit_id=unit.id, kind=UnitEventKind.REWARDED, event_date=on,
                   reward_form=RewardForm.from_value(form), decision_number=decision_number, notes=decided_by)
    session.add(ev)
    session.flush()
    return ev


def discipline_unit(session: Session, unit_id: int, *, on: date, form, decision_number: str | None = None,
                    reason: str | None = None) -> UnitEvent:
    from app.models.enums import UNIT_DISCIPLINE_FORMS, DisciplineForm

    unit = get_unit(session, unit_id)
    form = DisciplineForm.from_value(form)
    if form not in UNIT_DISCIPLINE_FORMS:
        raise DomainError(f"Hình thức «{form.label}» không áp dụng cho tổ chức đảng "
                          "(chỉ khiển trách, cảnh cáo, giải tán).", "discipline_form")
    ev = UnitEvent(unit_id=unit.id, kind=UnitEventKind.DISCIPLINED, event_date=on, discipline_form=form,
                   decision_number=decision_number, notes=reason)
    session.add(ev)
    session.flush()
    return ev


def set_officer(session: Session, unit_id: int, *, name: str, role: OfficerRole, term: str | None = None,
                member_id: int | None = None, start_date: date | None = None) -> UnitOfficer:
    unit = get_unit(session, unit_id)
    if not nfc(name):
        raise DomainError("Chưa nhập họ tên.", "name")
    officer = UnitOfficer(unit_id=unit.id, name=nfc(name), role=OfficerRole.from_value(role), term=term,
                          member_id=member_id, start_date=start_date)
    session.add(officer)
    session.flush()
    return officer


def list_units(session: Session, on: date | None = None, include_ended: bool = False,
               counted: bool = True) -> list[UnitInfo]:
    """The tree in display order (depth-first), with members counted on the date. counted=False: the tree
    alone, member_count None (not known: the count reads the spans, 0.2–0.4 s at 100,000 members, that a
    unit picker does not need)."""
    on = on or date.today()
    units = list(session.scalars(select(Unit)))
    counts = members_by_unit_on(session, [on])[on] if counted else {}
    by_parent: dict[int | None, list[Unit]] = {}
    for u in units:
        if include_ended or u.is_active(on):
            by_parent.setdefault(u.parent_id, []).append(u)
    out: list[UnitInfo] = []

    def walk(parent_id, depth):
        kids = sorted(by_parent.get(parent_id, []), key=lambda u: (u.kind != UnitKind.COMMUNE, u.name_key))
        for u in kids:
            info = _info(u, counts.get(u.id, 0), depth)
            out.append(info)
            walk(u.id, depth + 1)
            # a unit's total includes its sub-units (đảng bộ bộ phận, chi bộ)
    walk(None, 0)
    if not counted:
        for info in out:
            info.member_count = None
        return out
    totals = {i.id: i.member_count for i in out}
    for info in reversed(out):
        if info.parent_id in totals:
            totals[info.parent_id] += totals[info.id]
    for info in out:
        info.member_count = totals[info.id]
    return out


def unit_events(session: Session, unit_id: int) -> list[UnitEvent]:
    return list(session.scalars(select(UnitEvent).where(UnitEvent.unit_id == unit_id)
                                .order_by(UnitEvent.event_date, UnitEvent.id)))


def descendants(session: Session, unit_id: int) -> list[int]:
    return subtree_ids(session.execute(select(Unit.id, Unit.parent_id)).all(), unit_id)


def subtree_ids(units, root_id: int) -> list[int]:
    """The unit and every unit under it, at any depth (a đảng bộ's list includes its chi bộ), from any rows
    with `id` and `parent_id` — the one walk down the tree, for services and tabs alike."""
    children: dict[int | None, list[int]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u.id)
    out, stack = [], [root_id]
    while stack:
        uid = stack.pop()
        out.append(uid)
        stack.extend(children.get(uid, []))
    return out
