"""Small builders for test data, going through the real services (so the rules run too)."""

from datetime import date

from app.models.enums import Gender, PlaceType, UnitKind
from app.services import members as M, units as U


_SYLLABLES = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam"]


def made_up_name(i: int, family: str = "Nguyễn Văn") -> str:
    """A different name for every i below 1,000, with no digits (a name holds none: app/common/names.py)."""
    return f"{family} {_SYLLABLES[i // 100 % 10]} {_SYLLABLES[i // 10 % 10]} {_SYLLABLES[i % 10]}"


def commune(s, name="Thanh Bình"):
    root = U.create_unit(s, name=f"Đảng bộ xã {name}", kind=UnitKind.COMMUNE, founded_on=date(1960, 1, 1))
    a = U.create_unit(s, name="Chi bộ bản Nà Sla", kind=UnitKind.CELL, place_type=PlaceType.VILLAGE,
                      founded_on=date(1970, 1, 1))
    b = U.create_unit(s, name="Chi bộ Trường Tiểu học", kind=UnitKind.CELL, place_type=PlaceType.SCHOOL,
                      founded_on=date(1970, 1, 1))
    return root, a, b


def person(name="Nguyễn Văn Hùng", born=date(1990, 5, 10), gender=Gender.MALE, **extra):
    return {"full_name": name, "birth_date": born, "gender": gender, **extra}


def admitted(s, unit, name="Nguyễn Văn Hùng", born=date(1990, 5, 10), on=date(2015, 3, 2), official=True,
             **extra):
    m = M.admit_member(s, unit_id=unit.id, decision_date=on, ceremony_date=on, person=person(name, born, **extra))
    if official:
        from app.services.lifecycle import probation_end

        M.confirm_official(s, m.id, decision_date=probation_end(on))
    return m


def leaving_next_week_and_resting_till_tomorrow(s, today: date):
    """Issue 9's moving clock: a commune where "Lò Văn Đi" transfers out in 7 days, "Hà Thị Nghỉ"'s exemption
    ends tomorrow and "Trần Văn Ở" (in the second cell) stays. Returns (commune, cell a, cell b)."""
    from datetime import timedelta

    from app.models.enums import TransferScope

    root, a, b = commune(s)
    leaving = admitted(s, a, name="Lò Văn Đi").id
    resting = admitted(s, a, name="Hà Thị Nghỉ").id
    admitted(s, b, name="Trần Văn Ở")
    M.transfer_out(s, leaving, on=today + timedelta(days=7), scope=TransferScope.OTHER_PROVINCE, place="Tỉnh Lào Cai")
    M.exempt_member(s, resting, start=today - timedelta(days=30), end=today + timedelta(days=1), reason="Ốm")
    return root, a, b
