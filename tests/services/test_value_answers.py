"""The clerk's answers are kept, replace earlier ones, and are refused whole when one is not a choice."""

import pytest

from app.services.errors import DomainError
from app.services.value_answers import load_answers, read_answers_file, save_answers

from ..db_read import sql


def test_saved_answers_are_loaded_by_folded_form(db):
    with db.transaction() as s:
        assert save_answers(s, {"occupation_group": {"Cấp dưỡng": "other", "Giám đốc": None},
                                "rating": {"Loại A": "HTTNV"}}) == 3
    with db.session() as s:
        answers = load_answers(s)
    assert answers == {"occupation_group": {"cap duong": "other", "giam doc": None}, "rating": {"loai a": "HTTNV"}}
    rows = sql(db, "SELECT field, value_key, example, meaning FROM value_answers ORDER BY id")
    assert rows == [("occupation_group", "cap duong", "Cấp dưỡng", "other"),
                    ("occupation_group", "giam doc", "Giám đốc", None), ("rating", "loai a", "Loại A", "HTTNV")]


def test_a_later_answer_replaces_the_earlier(db):
    with db.transaction() as s:
        save_answers(s, {"rating": {"Loại A": "HTTNV"}})
    with db.transaction() as s:
        save_answers(s, {"rating": {"LOẠI A": "HTXSNV"}})
    assert sql(db, "SELECT COUNT(*), MAX(meaning) FROM value_answers") == [(1, "HTXSNV")]


def test_a_wrong_meaning_refuses_the_whole_answer_set(db):
    with pytest.raises(DomainError) as exc:
        with db.transaction() as s:
            save_answers(s, {"rating": {"Loại A": "HTTNV"}, "occupation_group": {"X": "astronaut"}})
    assert "astronaut" in exc.value.message and "Nhóm nghề nghiệp" in exc.value.message
    assert sql(db, "SELECT COUNT(*) FROM value_answers") == [(0,)]
    with pytest.raises(DomainError):
        read_answers_file({"no_such_field": {}})
    with pytest.raises(DomainError):
        read_answers_file(["not", "a", "dict"])
