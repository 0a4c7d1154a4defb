"""Which of the 13 occupation groups of Biểu 2/3-BTCTW a member belongs to (DOMAIN.md §2), from what a record
says: the occupation now, the positions held (chức vụ), column 9 of the book ("Bộ đội, công an, hưu trí") and
the unit's place type. The import and the member form use this one function; the raw texts are always kept,
and None (not a guess) comes back when nothing decides: the import then asks the clerk.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.common.vocab import NONE, form_key
from app.common.vocab import occupation as O

# positions paid as such: they decide over a plain "Nông dân" or "Lao động tự do" in the occupation column
# (a trưởng thôn who farms is counted as người hoạt động không chuyên trách thôn, Biểu 3 II.1.a)
_PAID_POSITIONS = {O.COMMUNE_OFFICIAL, O.VILLAGE_WORKER, O.STATE_OFFICIAL, O.PARTY_OFFICIAL,
                   O.ENTERPRISE_MANAGER}
_PLAIN_OCCUPATIONS = {None, O.FARMER, O.OTHER, O.ENTERPRISE_WORKER}
# the members of a school's or a clinic's chi bộ work there; of the police and the army, serve there
_BY_PLACE = {"school": O.PUBLIC_EMPLOYEE, "health": O.PUBLIC_EMPLOYEE, "public_service": O.PUBLIC_EMPLOYEE,
             "private_service": O.PRIVATE_SERVICE_WORKER, "police": O.ARMED_FORCES, "military": O.ARMED_FORCES,
             "party_mass_org": O.COMMUNE_OFFICIAL, "state_agency": O.COMMUNE_OFFICIAL}


@dataclass(frozen=True)
class OccupationSuggestion:
    group: str | None          # an OccupationGroup value, or None when nothing decides
    reason: str                # Vietnamese: what decided ("theo nghề nghiệp «Giáo viên»")

    def __bool__(self) -> bool:
        return self.group is not None


def current_occupation(text: str | None) -> str | None:
    """The occupation now: the book stacks "before" and "now" in one cell (Mẫu 7-HSĐV col. 6); the last line."""
    if not text:
        return None
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[-1] if lines else None


def classify_occupation(occupation: str | None = None, positions: tuple | list = (),
                        column9: str | None = None, place_type: str | None = None) -> OccupationSuggestion:
    now = current_occupation(occupation)
    by_text = O.VOCAB.lookup(now) if now else None
    if by_text == NONE:
        by_text = None
    mark = O.COLUMN9.lookup(column9) if column9 and str(column9).strip() else None
    by_position, position_text = None, None
    for pos in positions or ():
        if not pos or not str(pos).strip():
            continue
        found = O.VOCAB.lookup(pos)
        if found is None and "bi thu chi bo" in form_key(pos) and place_type == "village":
            found = O.VILLAGE_WORKER   # the secretary of a village's chi bộ (không chuyên trách thôn)
        if found is not None and found != NONE:
            by_position, position_text = found, str(pos).strip()
            break
    if by_text == O.RETIRED:
        return OccupationSuggestion(O.RETIRED, f"theo nghề nghiệp «{now}»")
    if mark == O.RETIRED:
        return OccupationSuggestion(O.RETIRED, f"theo cột «Bộ đội, công an, hưu trí»: «{column9}»")
    if by_text in _PLAIN_OCCUPATIONS and by_position in _PAID_POSITIONS:
        return OccupationSuggestion(by_position, f"theo chức vụ «{position_text}»")
    if by_text is not None:
        return OccupationSuggestion(by_text, f"theo nghề nghiệp «{now}»")
    if now:
        # a text nobody understood is asked, not guessed from the unit
        if by_position is not None:
            return OccupationSuggestion(by_position, f"theo chức vụ «{position_text}»")
        return OccupationSuggestion(None, f"chưa hiểu nghề nghiệp «{now}»")
    if by_position is not None:
        return OccupationSuggestion(by_position, f"theo chức vụ «{position_text}»")
    if mark == O.ARMED_FORCES:
        return OccupationSuggestion(O.ARMED_FORCES, f"theo cột «Bộ đội, công an, hưu trí»: «{column9}»")
    if place_type in _BY_PLACE:
        from app.common.vocab.place_type import LABELS

        return OccupationSuggestion(_BY_PLACE[place_type], f"theo loại hình chi bộ «{LABELS[place_type]}»")
    return OccupationSuggestion(None, "chưa có nghề nghiệp")
