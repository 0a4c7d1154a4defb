"""Hand-made report figures (seed 003's numbers where it gives them) for the writers' tests."""

from __future__ import annotations

from datetime import date

from app.export.data import (Awards, Movement, NewMembers, RatingYear, RecruitmentYear, ReportData, Snapshot,
                             UnitChanges)

SETTINGS = {
    "parent_body": "Đảng bộ tỉnh Lai Châu", "issuing_body": "Đảng ủy xã Bình Lư", "commune_name": "Bình Lư",
    "place_name": "Bình Lư", "signer_name": "Tạ Thị Dung", "signer_title": "Phó Bí thư",
    "signer_on_behalf": "T/M Ban Thường vụ", "doc_number": "125",
    "recipients": "- Ban Thường vụ Tỉnh ủy (b/c),\n- Ban Tổ chức Tỉnh ủy (b/c),\n- Các chi, đảng bộ trực thuộc xã,\n- Lưu VPĐU.",
}


def snapshot(on: date = date(2026, 3, 1)) -> Snapshot:
    return Snapshot(
        as_of=on, members=861, female=383, probationary=25, ethnic_minority=282, religious=2, youth_union=60,
        exempt=36, working=740, retired=121,
        age_groups={"18-30": 42, "31-35": 95, "36-40": 178, "41-45": 225, "46-50": 119, "51-55": 50, "56-60": 38,
                    ">60": 114},
        average_age=44.6,
        general_education={"primary": 37, "lower_secondary": 159, "upper_secondary": 665},
        professional={"elementary": 217, "intermediate": 110, "college": 54, "university": 460, "master": 20},
        political_theory={"elementary": 298, "intermediate": 199, "advanced": 30},
        units_by_kind={"grassroots_committee": 3, "grassroots_cell": 7, "cell": 44},
        cells_by_place={"village": 35, "school": 8, "health": 1},
        members_by_unit=[(f"Chi bộ bản {i}", 12 + i % 9) for i in range(1, 36)]
        + [(f"Chi bộ Trường {i}", 15) for i in range(1, 9)] + [("Chi bộ Trạm y tế", 10)]
        + [(f"Đảng bộ cơ sở {i}", 20) for i in range(1, 4)] + [(f"Chi bộ cơ sở {i}", 8) for i in range(1, 8)],
    )


def data(kind: str = "period_review") -> ReportData:
    start, end = date(2025, 7, 1), date(2026, 3, 1)
    if kind == "year_end":
        start, end = date(2025, 1, 1), date(2025, 12, 31)
    d = ReportData(date_from=None if kind == "as_of" else start, date_to=end, snapshot=snapshot(end))
    if kind != "as_of":
        d.movement = Movement(start, end, opening=755, admitted=21, in_other_province=3, in_same_province=92,
                              restored=0, deceased=4, expelled=0, struck_off=2, struck_off_probationary=1, resigned=0,
                              out_other_province=1, out_same_province=3, closing=861)
        d.unit_changes = UnitChanges(founded=["Chi bộ Phòng giao dịch NHCSXH", "Chi bộ Agribank Bình Lư"],
                                     dissolved=["Chi bộ Trạm Khuyến nông", "Chi bộ Trung tâm Văn hóa"])
        d.awards = Awards(member_discipline={"warning": 1}, unit_rewards={"commendation": 4},
                          member_rewards={"commendation": 77}, badges={30: 3, 40: 5}, cards_issued=12,
                          cards_reissued_lost=1, cards_reissued_damaged=1, official_in=95, official_out=4)
    d.member_ratings = [RatingYear(2024, total=840, excellent=120, good=680, done=6, failed=2, not_rated_other=32),
                        RatingYear(2025, total=882, excellent=139, good=664, done=4, failed=1, not_rated_exempt=74)]
    d.unit_ratings = [RatingYear(2024, total=54, excellent=10, good=42, done=2),
                      RatingYear(2025, total=54, excellent=11, good=43)]
    if kind == "as_of":
        d.member_ratings, d.unit_ratings = d.member_ratings[-1:], d.unit_ratings[-1:]
    d.recruitment = [RecruitmentYear(2025, target=30, admitted=28, members_total=755),
                     RecruitmentYear(2026, target=32, admitted=5, members_total=861, until=date(2026, 3, 1))]
    d.new_members = NewMembers(total=21, female=13, ethnic_minority=7, youth_union=9,
                               occupation={"farmer": 7, "commune_official": 5, "public_employee": 9})
    d.new_members_by_year = [NewMembers(label="Năm 2025", total=28, female=15, ethnic_minority=9, youth_union=12,
                                        occupation={"farmer": 10, "public_employee": 18}),
                             NewMembers(label="Đến 01/3/2026", total=5, female=3, ethnic_minority=2, youth_union=1,
                                        occupation={"farmer": 5})]
    return d
