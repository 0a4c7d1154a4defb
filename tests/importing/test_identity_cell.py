"""One cell holding sex, ethnic group and religion (Mẫu 7-HSĐV column 3) is split, never read as a religion."""

import pytest

from app.importing.values import parse_religion, split_identity


@pytest.mark.parametrize("cell,expected", [
    ("Nam Kinh Không", {"gender": "male", "ethnicity": "Kinh", "religion": "none"}),
    ("Nam\nKinh\nKhông", {"gender": "male", "ethnicity": "Kinh", "religion": "none"}),
    ("Nữ\nSán Dìu\nKhông", {"gender": "female", "ethnicity": "Sán Dìu", "religion": "none"}),
    ("Nữ, Tày, Phật giáo", {"gender": "female", "ethnicity": "Tày", "religion": "Phật giáo"}),
    ("Nam - H'Mông - Tin lành", {"gender": "male", "ethnicity": "Mông", "religion": "Tin lành"}),
    ("Nữ Khơ Me Phật giáo Hòa Hảo", {"gender": "female", "ethnicity": "Khơ Me", "religion": "Phật giáo Hòa Hảo"}),
    ("Nam Kinh Thiên chúa", {"gender": "male", "ethnicity": "Kinh", "religion": "Công giáo"}),
    ("Nam Kinh", {"gender": "male", "ethnicity": "Kinh"}),
    ("Nữ Lạ Không", {"gender": "female", "religion": "none", "rest": "Lạ"}),
])
def test_split(cell, expected):
    assert split_identity(cell) == expected


def test_religion_alone():
    assert parse_religion("Không") == (None, True)
    assert parse_religion("Đạo Phật") == ("Phật giáo", True)
    assert parse_religion("Đạo Lạ") == ("Đạo Lạ", False)
