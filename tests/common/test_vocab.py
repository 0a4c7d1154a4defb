"""Every vocabulary understands every form written in it, as written and in the ways clerks vary it (issue 11)."""

import pytest

from app.common.vocab import NONE, form_key, vocabularies
from app.common.vocab.place_type import place_type_of_unit
from app.models import enums as E

VOCABS = vocabularies()
ENUM_OF = {"general_education": E.GeneralEducation, "professional": E.ProfessionalLevel,
           "political_theory": E.PoliticalTheory, "occupation_group": E.OccupationGroup, "gender": E.Gender,
           "unit_kind": E.UnitKind, "place_type": E.PlaceType}
FORMS = [(name, form, value) for name, v in VOCABS.items() for form, value in v.all_forms()]


def _spaced(form: str) -> str:
    """'HTTNV' -> 'H T T N V': how some sheets space out an abbreviation."""
    return " ".join(form_key(form).replace(" ", ""))


def _dotted(form: str) -> str:
    """'HTTNV' -> 'H.T.T.N.V.'"""
    return ".".join(form_key(form).replace(" ", "").upper()) + "."


def test_the_ten_fields_of_the_issue_have_a_table():
    assert set(VOCABS) == {"general_education", "professional", "political_theory", "rating", "occupation_group",
                           "gender", "ethnicity", "religion", "unit_kind", "place_type"}
    assert len(FORMS) > 1500


@pytest.mark.parametrize("name", sorted(VOCABS))
def test_no_form_means_two_things(name):
    assert VOCABS[name].clashes == []


@pytest.mark.parametrize("name,form,value", FORMS)
def test_every_form_round_trips(name, form, value):
    vocab = VOCABS[name]
    assert vocab.lookup(form) == value
    assert vocab.lookup(form.upper()) == value
    assert vocab.lookup(f"  {form.lower()} ") == value
    if form in [f for fs in vocab.forms.values() for f in fs]:
        key = form_key(form)
        if len(key.replace(" ", "")) <= 8 and " " not in key and key.isalpha():
            # short abbreviations: spaced and dotted forms are the same form
            assert vocab.lookup(_spaced(form)) == value, _spaced(form)
            assert vocab.lookup(_dotted(form)) == value, _dotted(form)


@pytest.mark.parametrize("name,value", [(n, v) for n, vocab in VOCABS.items() for v in vocab.forms])
def test_values_are_what_the_database_stores(name, value):
    if value == NONE:
        assert name in ("professional", "political_theory", "religion")
        return
    if name in ENUM_OF:
        assert ENUM_OF[name](value)
    elif name == "rating":
        assert value in {r.value for r in E.Rating} | {"exempt", "not_rated"}
    elif name == "ethnicity":
        from app.common.ethnicity import ETHNIC_GROUPS
        assert value in ETHNIC_GROUPS
    assert VOCABS[name].labels.get(value), (name, value)   # the clerk can be shown every value


# sibling fields: level words of professional training and political theory are one vocabulary
SHARED_LEVEL_WRITINGS = [("Sơ cấp", "elementary"), ("SC", "elementary"), ("S.C", "elementary"),
                         ("S/C", "elementary"), ("sơ cấp", "elementary"), ("SƠ CẤP", "elementary"),
                         ("Trung cấp", "intermediate"), ("TC", "intermediate"), ("T.C", "intermediate"),
                         ("T/C", "intermediate"), ("T C", "intermediate"), ("trung cap", "intermediate"),
                         ("Không", NONE), ("Chưa", NONE), ("-", NONE), ("0", NONE), ("Chưa qua đào tạo", NONE)]


@pytest.mark.parametrize("text,value", SHARED_LEVEL_WRITINGS)
def test_sibling_level_fields_understand_the_same_writings(text, value):
    assert VOCABS["professional"].lookup(text) == value
    assert VOCABS["political_theory"].lookup(text) == value


def test_a_shared_level_form_of_one_sibling_is_understood_by_the_other():
    pro, theory = VOCABS["professional"], VOCABS["political_theory"]
    for level in ("elementary", "intermediate", NONE):
        # the forms that name only the level, not political theory ("Trung cấp LLCT" is theory's own)
        generic = [f for f in theory.forms[level]
                   if not set(form_key(f).split()) & {"chinh", "tri", "llct", "ly", "luan", "tcct", "scct", "hc",
                                                      "tcllct", "sccllct", "tcct-hc", "lct"}
                   and "llct" not in form_key(f)]
        for form in generic:
            assert pro.lookup(form) == level, form
        for form in pro.forms[level]:
            key = form_key(form)
            if key in ("so cap", "sc", "trung cap", "tc", "s/c", "t/c") or level == NONE and form in theory.forms[NONE]:
                assert theory.lookup(form) == level, form


@pytest.mark.parametrize("text,value", [
    ("ĐH Sư phạm", "university"), ("Cử nhân Luật", "university"), ("Kỹ sư nông nghiệp", "university"),
    ("TC Y sĩ", "intermediate"), ("CĐ Sư phạm", "college"), ("ThS Quản lý giáo dục", "master"),
    ("Đ.H Nông lâm", "university"), ("Đại học tại chức", "university"), ("Trung cấp kế toán", "intermediate"),
    ("Bác sĩ CKI", "university"), ("BSCKI", "master"), ("Sơ cấp thú y", "elementary"),
])
def test_professional_texts_with_a_speciality(text, value):
    assert VOCABS["professional"].lookup(text) == value


@pytest.mark.parametrize("text,value", [
    ("12/12", "upper_secondary"), ("12/12 BTVH", "upper_secondary"), ("9/12", "lower_secondary"),
    ("7/10", "lower_secondary"), ("10/10", "upper_secondary"), ("5/12", "primary"), ("4/10", "primary"),
    ("5/10", "lower_secondary"), ("8/10", "upper_secondary"), ("8/12", "lower_secondary"), ("12", "upper_secondary"),
    ("5", None), ("9", None), ("8", None), ("Tốt nghiệp 12/12", "upper_secondary"), ("Lớp 7/10", "lower_secondary"),
    ("PTTH", "upper_secondary"), ("Cấp III", "upper_secondary"), ("cấp 2", "lower_secondary"),
])
def test_general_education_grades(text, value):
    assert VOCABS["general_education"].lookup(text) == value


@pytest.mark.parametrize("text,value", [
    ("Không hoàn thành nhiệm vụ", "KHTNV"), ("K.HTNV", "KHTNV"), ("Không HT", "KHTNV"), ("KHT NV", "KHTNV"),
    ("H.T.T", "HTTNV"), ("HTT NV", "HTTNV"), ("HT tốt NV", "HTTNV"), ("Hoàn thành tốt n.vụ", "HTTNV"),
    ("HTXS NV", "HTXSNV"), ("Hoàn thành XSNV", "HTXSNV"), ("HTTNV (đề nghị khen)", "HTTNV"),
    ("Miễn SH từ 2020", "exempt"), ("Đủ tư cách, hoàn thành tốt nhiệm vụ", "HTTNV"), ("HT", "HTNV"),
])
def test_rating_writings(text, value):
    assert VOCABS["rating"].lookup(text) == value


@pytest.mark.parametrize("name,value", [
    ("Chi bộ Trường Tiểu học Bản Chu", "school"), ("Chi bộ trường Mầm non Minh Tiến", "school"),
    ("Đảng bộ Bệnh viện Đa khoa huyện", "health"), ("Chi bộ Trạm Y tế xã", "health"),
    ("Chi bộ Công an xã", "police"), ("Chi bộ Quân sự xã", "military"), ("Chi bộ Agribank chi nhánh Đại Từ", "soe_100"),
    ("Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn", "soe_100"), ("Chi bộ thôn Nà Sla", "village"),
    ("Chi bộ bản Cầu Đá", "village"), ("Chi bộ Tổ dân phố số 3", "village"), ("Chi bộ xóm Đồng", "village"),
    ("Chi bộ Cơ quan UBND xã", "state_agency"), ("Chi bộ Khối Đảng - đoàn thể", "party_mass_org"),
    ("Chi bộ Công ty cổ phần chè Minh Tiến", "joint_stock"), ("Chi bộ Công ty TNHH Minh Phát", "llc"),
    ("Chi bộ HTX nông nghiệp Tân Lập", "cooperative"), ("Chi bộ Trường Mầm non tư thục Hoa Sen", "private_service"),
    ("Chi bộ Bưu điện", "soe_100"), ("Chi bộ cơ sở Điện lực Đại Từ", "soe_100"),
    ("Chi bộ Trung tâm Dịch vụ nông nghiệp", "public_service"), ("Chi bộ Cơ quan", None), ("Chi bộ 5", None),
])
def test_place_type_from_the_unit_name(name, value):
    assert place_type_of_unit(name) == value


@pytest.mark.parametrize("name,kind", [
    ("Chi bộ thôn Nà Sla", "cell"), ("Đảng bộ Bệnh viện", "grassroots_committee"),
    ("Chi bộ cơ sở Điện lực", "grassroots_cell"), ("Đảng bộ bộ phận Khối cơ quan", "sub_committee"),
    ("Đảng bộ xã Minh Tiến", "commune"), ("ĐBCS Trường THPT", "grassroots_committee"),
])
def test_unit_kind_from_the_name(name, kind):
    assert VOCABS["unit_kind"].lookup(name) == kind
