"""The SQL name search by word prefixes (member_search_words), kept on every write path (issue 15 item 4).

Expected results are counted here from the names as written, never from the search words table."""

import re
from datetime import date

from sqlalchemy import select, text

from app.importing import apply_plan, plan_import, read_workbooks, run, undo_import
from app.models import Member
from app.services import member_queries as Q, members as M

from ..importing.helpers import write_xlsx
from .factories import commune

NAMES = ["Nguyễn Văn Hùng", "Đặng Thị Lan", "Lò Thị Hương", "Trần Hùng Sơn", "Nguyễn Thị Thu Hằng",
         "Sùng A Chứ", "Hoàng Văn Dũng"]
# the same names folded by hand (accents off, đ -> d, lower case)
FOLDED = ["nguyen van hung", "dang thi lan", "lo thi huong", "tran hung son", "nguyen thi thu hang",
          "sung a chu", "hoang van dung"]


def _expected(query: str) -> list[str]:
    """Names whose folded words begin with every folded query word (query typed without accents here)."""
    words = query.split()
    return sorted(n for n, f in zip(NAMES, FOLDED) if all(re.search(rf"(^| ){re.escape(w)}", f) for w in words))


def _names(s, query):
    return sorted(r.full_name for r in Q.search_members(s, query, include_left=True, limit=100))


def _words_in_db(db):
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM member_search_words")).scalar()


def test_search_by_word_prefixes_with_accents_or_not(db):
    with db.transaction() as s:
        for n in NAMES:
            M.create_member(s, {"full_name": n, "birth_date": date(1980, 1, 1)})
    with db.session() as s:
        for query in ("hung", "hun", "h", "nguyen van", "thi", "dang", "lan", "nguyen thi thu", "s", "a chu",
                      "van d", "xyz", "ung", "guyen"):
            assert _names(s, query) == _expected(query), query
        assert _names(s, "Hùng") == ["Nguyễn Văn Hùng", "Trần Hùng Sơn"]
        assert _names(s, "ĐẶNG") == ["Đặng Thị Lan"]
        assert _names(s, "ung") == []  # inside a word: not a prefix
        assert _names(s, "") == sorted(NAMES)
    # one row per distinct word of each name, counted from the folded names
    assert _words_in_db(db) == sum(len(set(f.split())) for f in FOLDED)


def test_a_renamed_member_is_found_by_the_new_name_only(db):
    with db.transaction() as s:
        m = M.create_member(s, {"full_name": "Nguyễn Văn Hùng", "birth_date": date(1980, 1, 1)})
    with db.transaction() as s:
        M.update_member(s, m.id, {"full_name": "Nguyễn Văn Hải"})
    with db.session() as s:
        assert _names(s, "hung") == []
        assert _names(s, "hai") == ["Nguyễn Văn Hải"]
        assert _names(s, "nguyen van") == ["Nguyễn Văn Hải"]
    assert _words_in_db(db) == 3


def test_search_keeps_to_the_list_unless_asked(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        on = M.create_member(s, {"full_name": "Lò Văn Pha", "birth_date": date(1980, 1, 1)})
        M.record_on_roll(s, on.id, unit_id=a.id, on=date(2025, 7, 1))
        M.create_member(s, {"full_name": "Lò Văn Phúc", "birth_date": date(1980, 1, 1)})
    with db.session() as s:
        assert [r.full_name for r in Q.search_members(s, "lo van ph")] == ["Lò Văn Pha"]
        assert _names(s, "lo van ph") == ["Lò Văn Pha", "Lò Văn Phúc"]


def test_the_bulk_import_indexes_its_members_and_undo_removes_their_words(db, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [
        ["Họ và tên", "Ngày sinh", "Dân tộc", "Chi bộ", "Ngày vào Đảng", "Ngày chính thức"],
        ["Đàm Văn Lợi", "03/04/1950", "Tày", "Chi bộ thôn 1", "05/06/1975", "05/06/1976"],
        ["Hà Thị Mỷ", "03/04/1960", "Thái", "Chi bộ thôn 1", "05/06/1985", "05/06/1986"]])
    with db.session() as s:
        plan = plan_import(s, read_workbooks([path]), date(2024, 12, 31))
    result = run(apply_plan(db, plan))
    assert result.members_created == 2
    with db.session() as s:
        assert _names(s, "dam loi") == ["Đàm Văn Lợi"]
        assert _names(s, "my") == ["Hà Thị Mỷ"]
        assert len(s.scalars(select(Member.id)).all()) == 2
    assert _words_in_db(db) == 6  # dam van loi, ha thi my
    undo_import(db, result.batch_id)
    with db.session() as s:
        assert _names(s, "dam") == []
    assert _words_in_db(db) == 0  # gone with their members (ON DELETE CASCADE)
