"""One rule for what may be a person's name (app/common/names.py, issue 17)."""

import pytest

from app.common.names import name_problem


@pytest.mark.parametrize("name", ["Nguyễn Văn An", "Lê Thị Mai-Anh", "Hờ A Dính", "Y Ngông Niê Kdăm", "Lò Văn Ún",
                                  "H'Mai Êban", "Đinh Thị Út", "Nguyễn T. Hà", "Ka Sô Liễng"])
def test_real_names_pass(name):
    assert name_problem(name) is None


@pytest.mark.parametrize("name, why", [
    ("A", "quá ngắn"), ("😀😀😀", "ký tự"), ("<script>alert()</script>", "ký tự"), ("Nguyễn Văn 3", "chữ số"),
    ("x" * 81, "dài"), ("a b c d e f g h", "hơn 7"), ("Nguyễn Văn " + "\u0301" * 5, "dấu chồng"),
    ("=HYPERLINK(\"x\")", "ký tự"), ("Lê\u202eVăn", "ký tự"), ("", "Chưa có"),
])
def test_what_is_not_a_name_is_said(name, why):
    problem = name_problem(name)
    assert problem and why in problem


def test_the_member_form_refuses_the_same(db):
    from app.services.errors import DomainError
    from app.services.members import create_member

    with db.transaction() as s, pytest.raises(DomainError) as err:
        create_member(s, {"full_name": "😀😀"})
    assert err.value.field == "full_name"
