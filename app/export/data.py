"""The figures a report is written from, as plain data.

`app.export.source` fills these from the statistics service; tests and previews may build them by hand.
Keys of the dicts are the enum values of app.models.enums (GeneralEducation, ProfessionalLevel,
PoliticalTheory, UnitKind, PlaceType, OccupationGroup, DisciplineForm, RewardForm) and AGE_GROUPS below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.services.age_groups import AGE_GROUPS as _AGE_BANDS, age_label

# Biểu 2/3-BTCTW age rows; age is completed years at the report date (DOMAIN §5)
# (the groups themselves: app/services/age_groups.py; the first opens the sentence, so it is capitalised)
AGE_GROUPS: tuple[tuple[str, str], ...] = tuple(
    (key, label[:1].upper() + label[1:] if i == 0 else label)
    for i, (key, label) in enumerate((key, age_label(key)) for key, _, _ in _AGE_BANDS))


@dataclass
class Snapshot:
    """The membership as of one date (Biểu 3, seed 003 §2.1)."""

    as_of: date
    members: int = 0
    female: int = 0
    probationary: int = 0
    ethnic_minority: int = 0
    religious: int = 0
    youth_union: int = 0
    private_owner: int = 0
    exempt: int = 0
    working: int = 0
    retired: int = 0
    age_groups: dict[str, int] = field(default_factory=dict)
    age_unknown: int = 0            # no birth date: in no age group
    average_age: float | None = None
    general_education: dict[str, int] = field(default_factory=dict)   # "unknown": not written
    professional: dict[str, int] = field(default_factory=dict)
    political_theory: dict[str, int] = field(default_factory=dict)
    occupation: dict[str, int] = field(default_factory=dict)          # "unknown": group not known
    # exempt members by the reason of their exemption: health / temporary / unknown (seed 000)
    exempt_by_reason: dict[str, int] = field(default_factory=dict)
    units_by_kind: dict[str, int] = field(default_factory=dict)
    # chi bộ trực thuộc by place type (seed 003: 35 bản, 08 trường học, 01 trạm y tế)
    cells_by_place: dict[str, int] = field(default_factory=dict)
    members_by_unit: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Movement:
    """Biểu 1-BTCTW over a period."""

    date_from: date
    date_to: date
    opening: int = 0
    admitted: int = 0
    in_other_province: int = 0
    in_same_province: int = 0
    restored: int = 0
    deceased: int = 0
    expelled: int = 0
    struck_off: int = 0
    struck_off_probationary: int = 0
    resigned: int = 0
    out_other_province: int = 0
    out_same_province: int = 0
    closing: int = 0
    # opening + in - out - closing: non-zero when opening balances were recorded inside the period
    unexplained: int = 0

    @property
    def transferred_in(self) -> int:
        return self.in_other_province + self.in_same_province

    @property
    def transferred_out(self) -> int:
        return self.out_other_province + self.out_same_province

    @property
    def increase(self) -> int:
        return self.admitted + self.transferred_in + self.restored

    @property
    def decrease(self) -> int:
        return self.deceased + self.expelled + self.struck_off + self.resigned + self.transferred_out


@dataclass
class UnitChanges:
    founded: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    dissolved: list[str] = field(default_factory=list)
    transferred_in: list[str] = field(default_factory=list)
    transferred_out: list[str] = field(default_factory=list)


@dataclass
class RatingYear:
    """Year-end ratings of members or of units (DOMAIN §3)."""

    year: int
    total: int = 0          # members (units) that existed: rated + not rated
    excellent: int = 0
    good: int = 0
    done: int = 0
    failed: int = 0
    not_rated_exempt: int = 0
    not_rated_new: int = 0
    not_rated_suspended: int = 0
    not_rated_other: int = 0
    not_rated_unknown: int = 0   # no reason recorded and none the member's state shows

    @property
    def rated(self) -> int:
        return self.excellent + self.good + self.done + self.failed

    @property
    def good_or_better(self) -> int:
        return self.excellent + self.good

    @property
    def not_rated(self) -> int:
        return (self.not_rated_exempt + self.not_rated_new + self.not_rated_suspended + self.not_rated_other
                + self.not_rated_unknown)


@dataclass
class NewMembers:
    """Breakdown of the members admitted in a period (Biểu 2/4, seed 001 Phụ lục 2)."""

    label: str = ""
    total: int = 0
    female: int = 0
    ethnic_minority: int = 0
    religious: int = 0
    youth_union: int = 0
    private_owner: int = 0
    readmitted: int = 0
    occupation: dict[str, int] = field(default_factory=dict)
    age_groups: dict[str, int] = field(default_factory=dict)
    average_age: float | None = None
    general_education: dict[str, int] = field(default_factory=dict)
    professional: dict[str, int] = field(default_factory=dict)


@dataclass
class RecruitmentYear:
    year: int
    target: int = 0
    admitted: int = 0
    members_total: int = 0      # the membership the rate is measured against (end of the year or period)
    until: date | None = None   # set when the period ends before 31/12 of that year
    since: date | None = None   # set when the period starts after 01/01 of that year


@dataclass
class Awards:
    """Discipline, rewards, badges, cards and transfers of a period (Biểu 7, seed 000/003)."""

    member_discipline: dict[str, int] = field(default_factory=dict)   # DisciplineForm value -> count
    unit_discipline: dict[str, int] = field(default_factory=dict)
    unit_rewards: dict[str, int] = field(default_factory=dict)          # RewardForm value -> count
    member_rewards: dict[str, int] = field(default_factory=dict)
    badges: dict[int, int] = field(default_factory=dict)                # badge years -> count
    cards_issued: int = 0
    cards_reissued_lost: int = 0
    cards_reissued_damaged: int = 0
    temp_out: int = 0
    temp_in: int = 0
    official_out: int = 0
    official_in: int = 0


@dataclass
class ReportData:
    date_from: date | None
    date_to: date
    snapshot: Snapshot
    movement: Movement | None = None
    unit_changes: UnitChanges = field(default_factory=UnitChanges)
    member_ratings: list[RatingYear] = field(default_factory=list)
    unit_ratings: list[RatingYear] = field(default_factory=list)
    recruitment: list[RecruitmentYear] = field(default_factory=list)
    new_members: NewMembers | None = None
    new_members_by_year: list[NewMembers] = field(default_factory=list)
    awards: Awards | None = None
    # (the same day a year before, members then): "cùng kỳ năm trước"; None when the history is not known
    year_before: tuple[date, int] | None = None
