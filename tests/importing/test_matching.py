"""A member is one person: a card number or a CCCD shared by two different names never merges or drops
either of them (issue 10 item 2). Real .xlsx files, a real SQLite file, independent SQL."""

from __future__ import annotations

from datetime import date

from app.importing import apply_plan, plan_import, read_workbooks, run

from .helpers import sql, write_xlsx

HEAD = ["STT", "Họ và tên", "Ngày sinh", "Chi bộ", "Số thẻ đảng viên", "Số CCCD", "Ngày vào Đảng"]


def _plan(db, path):
    tables = read_workbooks([path], remembered={})
    with db.session() as s:
        return plan_import(s, tables, date(2025, 12, 31))


def test_one_card_number_on_two_names_in_one_file_keeps_both(db, tmp_path):
    path = write_xlsx(tmp_path / "ds.xlsx", [HEAD,
        [1, "Nguyễn Văn An", "12/03/1960", "Chi bộ thôn Đông", "70805180", None, "05/06/1990"],
        [2, "Lê Văn Bình", "01/01/1970", "Chi bộ thôn Đông", "70805180", None, "05/06/1995"],
        [3, "NGUYỄN VĂN AN", "12/03/1960", "Chi bộ thôn Đông", "70805180", None, "05/06/1990"],
        [4, "Trần Thị Cúc", "02/02/1980", "Chi bộ thôn Đông", "0", "000000000000", "05/06/2005"],
        [5, "Hà Thị Duyên", "03/03/1981", "Chi bộ thôn Đông", "0", "000000000000", "05/06/2006"]])
    plan = _plan(db, path)
    status = {r.row: r.status for r in plan.rows}
    # An twice (the same name, upper case the second time) is one person; Bình is another one
    assert status == {2: "new", 3: "new", 4: "skipped", 5: "new", 6: "new"}
    binh = next(r for r in plan.rows if r.row == 3)
    assert "card_number" not in binh.person
    assert any("trùng với Nguyễn Văn An" in p.message and p.column == "E" for p in binh.problems)
    run(apply_plan(db, plan))
    # placeholders ("0", twelve zeros) are blanks, not numbers that make two people one
    assert sql(db, "SELECT full_name, card_number, national_id FROM members ORDER BY id") == [
        ("Nguyễn Văn An", "70805180", None), ("Lê Văn Bình", None, None), ("Trần Thị Cúc", None, None),
        ("Hà Thị Duyên", None, None)]


def test_a_card_number_already_on_record_for_another_name_is_a_new_person(db, tmp_path):
    first = write_xlsx(tmp_path / "a.xlsx", [HEAD,
        [1, "Nguyễn Văn An", "12/03/1960", "Chi bộ thôn Đông", "70805180", None, "05/06/1990"]])
    run(apply_plan(db, _plan(db, first)))
    second = write_xlsx(tmp_path / "b.xlsx", [HEAD,
        [1, "Lê Văn Bình", "01/01/1970", "Chi bộ thôn Đông", "70805180", None, "05/06/1995"],
        [2, "Nguyễn Văn An", "12/03/1960", "Chi bộ thôn Đông", "70805180", None, "05/06/1990"]])
    plan = _plan(db, second)
    binh, an = plan.rows
    assert binh.status == "new" and binh.member_id is None and "card_number" not in binh.person
    assert any("đã có ở đồng chí Nguyễn Văn An" in p.message for p in binh.problems)
    assert an.status == "unchanged" and an.member_id is not None
    run(apply_plan(db, plan))
    assert sql(db, "SELECT full_name, card_number FROM members ORDER BY id") == [
        ("Nguyễn Văn An", "70805180"), ("Lê Văn Bình", None)]
