"""Header spellings → fields, and cell values → typed values (DOMAIN.md §2, §3)."""

from datetime import date

import pytest

from app.importing.fields import match_header
from app.importing.values import (ValueProblem, classify_general_education, classify_political_theory,
                                  classify_professional, parse_ethnicity, parse_gender, parse_national_id,
                                  parse_rating, parse_sheet_date, states_in_note)
from app.models.enums import GeneralEducation as G, PoliticalTheory as T, ProfessionalLevel as P


@pytest.mark.parametrize("header,field,year", [
    ("Họ và tên", "full_name", None), ("HỌ VÀ TÊN", "full_name", None), ("Ho va ten", "full_name", None),
    ("Họ tên đảng viên", "full_name", None), ("Ngày, tháng, năm sinh", "birth_date", None),
    ("Năm sinh", "birth_date", None), ("Văn hóa", "general_education", None),
    ("Học vấn", "general_education", None), ("LLCT", "political_theory", None),
    ("Lý luận chính trị", "political_theory", None), ("Sinh hoạt tại chi bộ", "unit", None),
    ("Chi bộ", "unit", None), ("Xếp loại 2021", "rating", 2021), ("Đánh giá năm 2022", "rating", 2022),
    ("Xếp loại chất lượng năm 2024", "rating", 2024), ("Ngày vào Đảng", "admitted_on", None),
    ("Ngày kết nạp", "admitted_on", None), ("Ngày công nhận chính thức", "official_on", None),
    ("Số thẻ đảng viên", "card_number", None), ("Số CCCD", "national_id", None),
    ("Số CMND/CCCD", "national_id", None), ("Quê quán", "birthplace", None), ("Nơi ở hiện nay", "residence", None),
    ("Dân tộc", "ethnicity", None), ("Tôn giáo", "religion", None), ("Ghi chú", "notes", None),
    ("Giới tính", "gender", None), ("Nam", "male", None), ("Nữ", "female", None), ("TT", "seq", None),
    ("Trình độ chuyên môn", "professional", None), ("Nghề nghiệp", "occupation", None),
])
def test_header_spellings(header, field, year):
    m = match_header(header)
    assert (m.field, m.year) == (field, year)
    assert m.confidence >= 0.9


def test_header_confidence_is_lower_for_a_partial_match():
    m = match_header("Họ và tên (ghi theo giấy khai sinh)")
    assert m.field == "full_name" and 0.5 < m.confidence < 0.9
    assert match_header("Tổng số").field is None


@pytest.mark.parametrize("text,level", [
    ("12/12", G.UPPER_SECONDARY), ("10/10", G.UPPER_SECONDARY), ("9/12", G.LOWER_SECONDARY),
    ("7/10", G.LOWER_SECONDARY), ("5/12", G.PRIMARY), ("4/10", G.PRIMARY), ("8/10", G.UPPER_SECONDARY),
    ("6/12", G.LOWER_SECONDARY), ("11/12", G.UPPER_SECONDARY), ("THPT", G.UPPER_SECONDARY),
])
def test_general_education(text, level):
    assert classify_general_education(text) == level


@pytest.mark.parametrize("text,level", [
    ("ĐH Sư phạm", P.UNIVERSITY), ("Cử nhân Luật", P.UNIVERSITY), ("Kỹ sư nông nghiệp", P.UNIVERSITY),
    ("TC Y sĩ", P.INTERMEDIATE), ("CĐ Sư phạm", P.COLLEGE), ("ThS Quản lý giáo dục", P.MASTER),
    ("Tiến sĩ", P.DOCTOR), ("Sơ cấp", P.ELEMENTARY), ("Trung cấp", P.INTERMEDIATE),
])
def test_professional(text, level):
    assert classify_professional(text) == level


@pytest.mark.parametrize("text,level", [("Cao cấp", T.ADVANCED), ("Cử nhân", T.ADVANCED),
                                        ("Trung cấp", T.INTERMEDIATE), ("Sơ cấp", T.ELEMENTARY), ("Không", None)])
def test_political_theory(text, level):
    assert classify_political_theory(text) == level


@pytest.mark.parametrize("text,code", [
    ("HTXSNV", "HTXSNV"), ("HTXS", "HTXSNV"), ("Hoàn thành xuất sắc nhiệm vụ", "HTXSNV"),
    ("HTTNV", "HTTNV"), ("HTT", "HTTNV"), ("Tốt", "HTTNV"), ("Hoàn thành tốt nhiệm vụ", "HTTNV"),
    ("Hoàn thành tốt NV", "HTTNV"), ("HTNV", "HTNV"), ("HT", "HTNV"), ("Hoàn thành nhiệm vụ", "HTNV"),
    ("KHTNV", "KHTNV"), ("Không hoàn thành nhiệm vụ", "KHTNV"),
])
def test_ratings(text, code):
    rating, raw = parse_rating(text)
    assert rating.value == code and raw == text


def test_rating_exempt_and_unknown():
    assert parse_rating("Miễn SH")[0] == "exempt"
    assert parse_rating(None) == (None, None)
    with pytest.raises(ValueProblem):
        parse_rating("Loại A+")


@pytest.mark.parametrize("text,name", [("H'Mông", "Mông"), ("HMông", "Mông"), ("Mông", "Mông"), ("Mèo", "Mông"),
                                       ("Tày", "Tày"), ("TÀY", "Tày"), ("Khơ-me", "Khơ Me"), ("Khmer", "Khơ Me"), ("Ê-đê", "Ê Đê"),
                                       ("Sán Dìu", "Sán Dìu"), ("Lạ", "Lạ")])
def test_ethnic_spellings(text, name):
    assert parse_ethnicity(text) == name


def test_imported_ethnic_names_are_the_ones_the_database_stores():
    """A sheet's spelling must compare equal to the stored value, or a re-import shows a false change."""
    from app.common.ethnicity import ETHNIC_GROUPS
    from app.models import Member
    from app.services.members import apply_person_fields

    for name in ETHNIC_GROUPS + ("Khmer", "H'Mông", "Mèo", "Ê-đê", "Bru-Vân Kiều"):
        stored = Member()
        apply_person_fields(stored, {"full_name": "Lò Văn An", "ethnicity": name})
        assert parse_ethnicity(name) == stored.ethnicity, name


def test_notes_carry_states():
    assert states_in_note("Miễn SH từ 2020") == ("exempt",)
    assert states_in_note("Đảng viên dự bị") == ("probationary",)
    assert states_in_note("Đã chuyển đi xã khác") == ("transferred_out",)
    assert states_in_note("Từ trần 3/2024") == ("deceased",)
    assert states_in_note("Nghỉ hưu, miễn sinh hoạt") == ("exempt", "retired")
    assert states_in_note("Bí thư chi bộ") == ()


def test_dates_and_numbers():
    assert parse_sheet_date("12/5/60").value == date(1960, 5, 12)
    assert parse_sheet_date("25569").value == date(1970, 1, 1)  # a serial number kept as text
    assert parse_sheet_date("ngày 03 tháng 02 năm 1990").value == date(1990, 2, 3)
    with pytest.raises(ValueProblem):
        parse_sheet_date("31/02/1999")
    with pytest.raises(ValueProblem):
        parse_sheet_date("không rõ")
    assert parse_gender("nữ").value == "female" and parse_gender("NAM").value == "male"
    assert parse_national_id(1080000001.0) == "001080000001"  # a number cell lost the zeros
    assert parse_national_id(31080000001) == "031080000001"
    assert parse_national_id("001 080 000 001") == "001080000001"
    assert parse_national_id("012345678") == "012345678"  # old 9-digit CMND
    with pytest.raises(ValueProblem):
        parse_national_id("1080000001")  # typed as text: a digit is missing, not a zero lost
