"""A small commune built through the real services, with hand-counted answers (see HAND_COUNTS).

Members on the list at 31/12/2025 (age then, group):
  M1  Nguyễn Văn An   m 1960 Kinh     A  adm 1985  THPT ĐH  TC-LLCT  retired, exempt since 2024   65 >60
  M2  Lò Thị Bình     f 1985 Thái     A  adm 2010  THPT CĐ  SC       farmer                       40 36-40
  M3  Vàng A Chu      m 1990 Mông     A  adm 2015  THCS  -  -        farmer, Tin Lành             35 31-35
  M4  Trần Thị Dung   f 1978 Kinh     B  adm 2005  THPT ĐH  TC       public employee              47 46-50
  M5  Phạm Văn Em     m 1970 Kinh     B  adm 1995  THPT ThS CC       public employee              55 51-55
  M6  Hoàng Thị Gấm   f 2000 Tày      B  adm 03/2025 (dự bị) THPT ĐH, youth union               25 18-30
  M7  Lý Văn Hải      m 1998 Dao      A  adm 09/2025 (dự bị) THCS, youth union, farmer          27 18-30
  M9  Bùi Thị Lan     f 1988 Mường    B  transferred in 04/2025 from another province THPT ĐH SC 37 36-40
  M11 Hà Văn Nam      m 1975 Thái     C  adm 2000, moved B→C 03/2025 THPT TC                   50 46-50
  M12 Đinh Thị Oanh   f 1995 Kinh     B  adm 07/2024, official 07/2025, THPT CĐ, youth union   30 18-30
  M13 Sùng A Páo      m 1992 Mông     A  adm 05/2024, official 05/2025, THCS, farmer            33 31-35
Left in 2025: M8 (died 10/5/2025), M10 (transferred out to another commune of the province 01/2/2025),
M14 (probationary, struck off 01/10/2025). Units: A village, B school (1970), C health founded 01/3/2025,
D cooperative dissolved 30/6/2025.
"""

from __future__ import annotations

from datetime import date

from app.models.enums import (DisciplineForm, Gender, GeneralEducation, OccupationGroup, PlaceType,
                              PoliticalTheory, ProfessionalLevel, RewardForm, TransferScope, UnitKind)

SETTINGS = {
    "parent_body": "Đảng bộ tỉnh Lai Châu", "issuing_body": "Đảng ủy xã Thanh Bình", "commune_name": "Thanh Bình",
    "place_name": "Thanh Bình", "signer_name": "Nguyễn Văn Bí", "doc_number": "12",
    "compiler_name": "Lê Thị Văn", "compiler_phone": "0912 345 678",
}

F, M = Gender.FEMALE, Gender.MALE
UPPER, LOWER = GeneralEducation.UPPER_SECONDARY, GeneralEducation.LOWER_SECONDARY
P = ProfessionalLevel
T = PoliticalTheory
O = OccupationGroup


def person(name, gender, born, ethnicity, occupation, education, professional=None, theory=None, **extra):
    return {"full_name": name, "gender": gender, "birth_date": born, "ethnicity": ethnicity,
            "occupation_group": occupation, "general_education": education, "professional_level": professional,
            "political_theory": theory, **extra}


def build(db) -> dict:
    """Fill db (an app.db.Database) and return the member and unit ids by label."""
    from app.services import evaluations as E, members as MS, recruitment as R, settings as ST, units as U
    from app.services.lifecycle import probation_end

    ids = {}
    with db.transaction() as s:
        ST.set_settings(s, SETTINGS)
        U.create_unit(s, name="Đảng bộ xã Thanh Bình", kind=UnitKind.COMMUNE, founded_on=date(1960, 1, 1))
        A = U.create_unit(s, name="Chi bộ bản Nà Sla", kind=UnitKind.CELL, place_type=PlaceType.VILLAGE,
                          founded_on=date(1970, 1, 1))
        B = U.create_unit(s, name="Chi bộ Trường Tiểu học", kind=UnitKind.CELL, place_type=PlaceType.SCHOOL,
                          founded_on=date(1970, 1, 1))
        D = U.create_unit(s, name="Chi bộ Hợp tác xã", kind=UnitKind.CELL, place_type=PlaceType.COOPERATIVE,
                          founded_on=date(1990, 1, 1))
        ids.update(A=A.id, B=B.id, D=D.id)

        def admit(label, unit, on, p, official=True, confirm_on=None):
            m = MS.admit_member(s, unit_id=unit.id, decision_date=on, ceremony_date=on, person=p)
            if official:
                MS.confirm_official(s, m.id, decision_date=confirm_on or probation_end(on))
            ids[label] = m.id
            return m

        admit("M1", A, date(1985, 5, 1), person("Nguyễn Văn An", M, date(1960, 3, 10), "Kinh", O.RETIRED, UPPER,
                                                P.UNIVERSITY, T.INTERMEDIATE))
        admit("M2", A, date(2010, 3, 2), person("Lò Thị Bình", F, date(1985, 7, 20), "Thái", O.FARMER, UPPER,
                                                P.COLLEGE, T.ELEMENTARY))
        admit("M3", A, date(2015, 6, 1), person("Vàng A Chu", M, date(1990, 1, 15), "H'Mông", O.FARMER, LOWER,
                                                religion="Tin Lành"))
        admit("M4", B, date(2005, 9, 1), person("Trần Thị Dung", F, date(1978, 11, 30), "Kinh", O.PUBLIC_EMPLOYEE,
                                                UPPER, P.UNIVERSITY, T.INTERMEDIATE))
        admit("M5", B, date(1995, 4, 4), person("Phạm Văn Em", M, date(1970, 4, 4), "Kinh", O.PUBLIC_EMPLOYEE, UPPER,
                                                P.MASTER, T.ADVANCED))
        admit("M8", A, date(1975, 6, 1), person("Đỗ Văn Khánh", M, date(1950, 1, 1), "Kinh", O.RETIRED, UPPER))
        admit("M10", D, date(2008, 1, 1), person("Ngô Văn Minh", M, date(1982, 12, 12), "Kinh", O.FARMER, UPPER))
        admit("M11", B, date(2000, 1, 1), person("Hà Văn Nam", M, date(1975, 6, 6), "Thái", O.PUBLIC_EMPLOYEE, UPPER,
                                                 P.INTERMEDIATE))
        admit("M12", B, date(2024, 7, 1), person("Đinh Thị Oanh", F, date(1995, 10, 10), "Kinh", O.PUBLIC_EMPLOYEE,
                                                 UPPER, P.COLLEGE, youth_union=True), confirm_on=date(2025, 7, 1))
        admit("M13", A, date(2024, 5, 1), person("Sùng A Páo", M, date(1992, 3, 3), "Mông", O.FARMER, LOWER),
              confirm_on=date(2025, 5, 1))
        admit("M14", A, date(2024, 12, 1), person("Vừ Văn Quang", M, date(1993, 9, 9), "Mông", O.FARMER, LOWER),
              official=False)
        MS.exempt_member(s, ids["M1"], start=date(2024, 1, 1), reason="Tuổi cao, sức yếu")
        R.set_target(s, A.id, 2024, 2)
        R.set_target(s, A.id, 2025, 2)
        R.set_target(s, B.id, 2025, 2)

    with db.transaction() as s:
        # 2024 ratings: M1 exempt, M12 and M14 admitted under 6 months before the evaluation
        for label, rating in (("M2", "HTXSNV"), ("M3", "HTTNV"), ("M4", "HTTNV"), ("M5", "HTTNV"), ("M8", "HTTNV"),
                              ("M10", "HTNV"), ("M11", "HTTNV"), ("M13", "HTTNV")):
            E.rate_member(s, ids[label], 2024, rating)
        for unit, rating in ((ids["A"], "HTTNV"), (ids["B"], "HTXSNV"), (ids["D"], "HTTNV")):
            E.rate_unit(s, unit, 2024, rating)

    with db.transaction() as s:
        C = U.create_unit(s, name="Chi bộ Trạm y tế", kind=UnitKind.CELL, place_type=PlaceType.HEALTH,
                          founded_on=date(2025, 3, 1))
        ids["C"] = C.id
        MS.transfer_out(s, ids["M10"], on=date(2025, 2, 1), scope=TransferScope.SAME_PROVINCE, place="Xã Sơn Bình")
        U.dissolve_unit(s, ids["D"], on=date(2025, 6, 30))
        MS.move_member(s, ids["M11"], unit_id=C.id, on=date(2025, 3, 1))
        admit("M6", U.get_unit(s, ids["B"]), date(2025, 3, 1),
              person("Hoàng Thị Gấm", F, date(2000, 2, 2), "Tày", O.PUBLIC_EMPLOYEE, UPPER, P.UNIVERSITY,
                     youth_union=True), official=False)
        admit("M7", U.get_unit(s, ids["A"]), date(2025, 9, 15),
              person("Lý Văn Hải", M, date(1998, 8, 8), "Dao", O.FARMER, LOWER, youth_union=True), official=False)
        m9 = MS.transfer_in(s, unit_id=ids["B"], on=date(2025, 4, 1), scope=TransferScope.OTHER_PROVINCE,
                            place="Đảng bộ xã Tân Phong, tỉnh Điện Biên", admitted_on=date(2012, 1, 1),
                            person=person("Bùi Thị Lan", F, date(1988, 5, 5), "Mường", O.PUBLIC_EMPLOYEE, UPPER,
                                          P.UNIVERSITY, T.ELEMENTARY))
        ids["M9"] = m9.id
        MS.record_death(s, ids["M8"], on=date(2025, 5, 10))
        MS.strike_off(s, ids["M14"], on=date(2025, 10, 1), reason="Không được công nhận chính thức")
        MS.discipline_member(s, ids["M3"], on=date(2025, 8, 1), form=DisciplineForm.WARNING)
        MS.reward_member(s, ids["M4"], on=date(2025, 11, 20), form=RewardForm.COMMENDATION)
        MS.reward_member(s, ids["M5"], on=date(2025, 11, 20), form=RewardForm.CERTIFICATE_OF_MERIT)
        MS.award_badge(s, ids["M1"], on=date(2025, 5, 19), years=40)
        MS.award_badge(s, ids["M5"], on=date(2025, 5, 19), years=30)
        MS.issue_card(s, ids["M12"], on=date(2025, 9, 1), card_number="79012345")
        U.reward_unit(s, ids["A"], on=date(2025, 12, 20), form=RewardForm.COMMENDATION)

    with db.transaction() as s:
        for label, rating in (("M2", "HTXSNV"), ("M3", "HTTNV"), ("M4", "HTTNV"), ("M5", "HTXSNV"), ("M6", "HTTNV"),
                              ("M9", "HTTNV"), ("M11", "HTNV"), ("M12", "HTTNV"), ("M13", "KHTNV")):
            E.rate_member(s, ids[label], 2025, rating)
        for unit, rating in ((ids["A"], "HTXSNV"), (ids["B"], "HTTNV"), (ids["C"], "HTNV")):
            E.rate_unit(s, unit, 2025, rating)
    return ids
