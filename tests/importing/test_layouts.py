"""Hand-made sheets, one per layout quirk the issue lists."""

from datetime import date, datetime

from app.importing import apply_plan, plan_import, read_workbooks, run
from app.importing import legacy as L
from app.importing.values import parse_sheet_date

from .helpers import on_roll_sql, scalar, sql, write_xlsx


def _plan(db, paths, as_of=None, **kw):
    tables = read_workbooks(paths)
    with db.session() as s:
        return tables, plan_import(s, tables, as_of, **kw)


def test_vni_and_tcvn3_fonts_mixed_per_cell(db, tmp_path):
    rows = [
        [L.unicode_to_tcvn3("danh sách đảng viên chi bộ thôn nà pồ")],
        [L.unicode_to_tcvn3("tính đến ngày 01/3/2026")],
        [],
        ["TT", L.unicode_to_vni("Họ tên đảng viên"), "Ngày sinh", L.unicode_to_vni("Giới tính"),
         L.unicode_to_vni("Dân tộc"), L.unicode_to_vni("Ghi chú")],
        [1, L.unicode_to_vni("Nguyễn Thị Hường"), "05-06-1970", L.unicode_to_vni("Nữ"), "Taøy", None],
        [2, L.unicode_to_tcvn3("Hoàng Văn Thụ"), "05.06.1971", "Nam", L.unicode_to_tcvn3("Nùng"),
         L.unicode_to_tcvn3("Miễn SH")],
        [3, "Lò Văn Pằng", 1965, "Nam", "H'Mông", "Nghỉ hưu"],
    ]
    fonts = {(1, 1): ".VnTimeH", (2, 1): ".VnTime", (4, 2): "VNI-Times", (4, 4): "VNI-Times", (4, 5): "VNI-Times",
             (4, 6): "VNI-Times", (5, 2): "VNI-Times", (5, 4): "VNI-Times", (5, 5): "VNI-Times",
             (6, 2): ".VnTime", (6, 5): ".VnTime", (6, 6): ".VnTime"}
    path = write_xlsx(tmp_path / "ds.xlsx", rows, fonts=fonts, title="Na Po")
    tables, plan = _plan(db, [path])
    assert plan.as_of == date(2026, 3, 1)
    by_name = {r.full_name: r for r in plan.rows}
    assert set(by_name) == {"Nguyễn Thị Hường", "Hoàng Văn Thụ", "Lò Văn Pằng"}
    assert by_name["Nguyễn Thị Hường"].person["ethnicity"] == "Tày"
    assert by_name["Lò Văn Pằng"].person["ethnicity"] == "Mông"
    assert by_name["Lò Văn Pằng"].person["birth_date_precision"].value == "year"
    assert by_name["Hoàng Văn Thụ"].person["birth_date"] == date(1971, 6, 5)
    assert by_name["Nguyễn Thị Hường"].unit_name == "Chi bộ thôn Nà Pồ"
    result = run(apply_plan(db, plan))
    assert result.members_created == 3
    on = on_roll_sql("2026-03-01")
    # states without their own date are known on the sheet's date, marked for review
    assert scalar(db, f"SELECT COUNT(*) {on} AND s.exempt = TRUE") == 1
    assert scalar(db, "SELECT COUNT(*) FROM member_events WHERE kind = 'exempted' AND needs_review = TRUE "
                           "AND event_date = '2026-03-01'") == 1
    assert scalar(db, "SELECT COUNT(*) FROM member_events WHERE kind = 'retired' AND needs_review = TRUE") == 1
    assert scalar(db, "SELECT birth_date_precision FROM members WHERE full_name = 'Lò Văn Pằng'") == "year"


def test_two_row_merged_header_groups_totals_and_signature(db, tmp_path):
    rows = [
        ["ĐẢNG BỘ XÃ BÌNH LƯ", None, None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"],
        ["DANH SÁCH ĐẢNG VIÊN", None, None, None, None, None],
        ["(Tính đến ngày 31/12/2025)"],
        ["STT", "Họ và tên", "Ngày, tháng, năm sinh", None, "Đánh giá, xếp loại", None, "Ghi chú"],
        [None, None, "Nam", "Nữ", "Năm 2024", "Năm 2025", None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        ["I", "Chi bộ thôn Phiêng Hoi"],
        [1, "Sầm Văn Ích", datetime(1960, 1, 2), None, "Tốt", "HTXSNV", None],
        [2, "Lò Thị Én", None, 25000, "HTT", "Hoàn thành tốt nhiệm vụ", None],
        [],
        ["II", "Chi bộ Trạm Y tế"],
        [1, "Vàng Văn Sử", "12/05/1980", None, "KHTNV", "HTNV", "Từ trần"],
        [2, "Giàng A Lử", "1/1/1985", None, None, None, "Chuyển đi"],
        [None, "Cộng: 4 đồng chí"],
        [None, None, None, None, "T/M CHI ỦY"],
        [None, None, None, None, "BÍ THƯ"],
        [None, "Nguyễn Văn Ký"],
    ]
    path = write_xlsx(tmp_path / "dsdv.xlsx", rows, merges=["C4:D4", "E4:F4", "A4:A5", "B4:B5", "G4:G5"])
    tables, plan = _plan(db, [path])
    t = tables[0]
    assert t.header_rows == (4, 5)
    fields = {c.letter: (c.field, c.year) for c in t.columns}
    assert fields["C"] == ("male", None) and fields["D"] == ("female", None)
    assert fields["E"] == ("rating", 2024) and fields["F"] == ("rating", 2025)
    assert [r.full_name for r in plan.rows] == ["Sầm Văn Ích", "Lò Thị Én", "Vàng Văn Sử", "Giàng A Lử"]
    assert [r.unit_name for r in plan.rows] == ["Chi bộ thôn Phiêng Hoi"] * 2 + ["Chi bộ Trạm Y tế"] * 2
    assert plan.rows[1].person["gender"].value == "female"
    # Excel serial 25000 read as a date (25569 is 1/1/1970)
    assert plan.rows[1].person["birth_date"] == date(1968, 6, 11)
    assert plan.commune_name == "Đảng bộ xã Bình Lư"
    result = run(apply_plan(db, plan))
    assert result.members_created == 4
    on = on_roll_sql("2025-12-31")
    assert scalar(db, f"SELECT COUNT(*) {on}") == 2   # died / moved away on the sheet's date
    assert scalar(db, "SELECT COUNT(*) FROM member_events WHERE kind IN ('deceased', 'transferred_out') "
                           "AND needs_review = TRUE") == 2
    assert sql(db, "SELECT year, rating, raw_text FROM evaluations ORDER BY member_id, year")[:2] == \
        [(2024, "HTTNV", "Tốt"), (2025, "HTXSNV", "HTXSNV")]


def test_matching_conflicts_and_duplicates(db, tmp_path):
    first = write_xlsx(tmp_path / "a_2025.xlsx", [
        ["Họ và tên", "Ngày sinh", "Số CCCD", "Dân tộc", "Chi bộ", "Nơi ở"],
        ["Nguyễn Văn An", "01/01/1980", "001080000001", "Kinh", "Chi bộ 1", None],
        ["Trần Thị Bình", "02/02/1982", None, "Tày", "Chi bộ 1", "Thôn 2"],
    ])
    _t, plan = _plan(db, [first], date(2025, 12, 31))
    run(apply_plan(db, plan))
    second = write_xlsx(tmp_path / "b.xlsx", [
        ["Họ và tên", "Ngày sinh", "Số CCCD", "Dân tộc", "Chi bộ", "Nơi ở"],
        ["Nguyễn Văn An", "01/01/1980", "001080000001", "Kinh", "Chi bộ 1", "Thôn 9"],   # fills an empty field
        ["TRẦN THỊ BÌNH", "02/02/1982", None, "Nùng", "Chi bộ 1", "Thôn 2"],          # conflict: ethnicity
        ["Trần Thị Bình", "02/02/1982", None, "Nùng", "Chi bộ 1", "Thôn 2"],          # duplicate in the file
        ["Lê Văn Cường", "03/03/1990", None, "Kinh", "Chi bộ 1", None],                # new
    ])
    _t, plan = _plan(db, [second], date(2025, 12, 31))
    statuses = [r.status for r in plan.rows]
    assert statuses == ["update", "conflict", "skipped", "new"]
    conflict = plan.rows[1]
    assert conflict.match_reason == "Họ tên và ngày sinh"
    assert [(c.field, c.old, c.new) for c in conflict.conflicts] == [("ethnicity", "Tày", "Nùng")]
    msg = [p for p in conflict.problems if p.field == "ethnicity"][0]
    assert msg.column == "D" and msg.row == 3 and "Tày" in msg.message and msg.file == "b.xlsx"
    assert "Trùng với" in plan.rows[2].problems[-1].message
    # unresolved: the database keeps its value; resolved to the sheet: it is replaced and logged
    run(apply_plan(db, plan, {conflict.key: {"ethnicity": "sheet"}}))
    assert scalar(db, "SELECT ethnicity FROM members WHERE full_name = 'Trần Thị Bình'") == "Nùng"
    assert scalar(db, "SELECT residence FROM members WHERE full_name = 'Nguyễn Văn An'") == "Thôn 9"
    assert scalar(db, "SELECT COUNT(*) FROM import_changes WHERE field = 'ethnicity' AND "
                           "old_value = '\"Tày\"'") == 1
    from app.importing import undo_import
    batch = scalar(db, "SELECT MAX(id) FROM import_batches")
    undo_import(db, batch)
    assert scalar(db, "SELECT ethnicity FROM members WHERE full_name = 'Trần Thị Bình'") == "Tày"
    assert scalar(db, "SELECT residence FROM members WHERE full_name = 'Nguyễn Văn An'") is None
    assert scalar(db, "SELECT COUNT(*) FROM members") == 2


def test_csv_and_mapping_override(db, tmp_path):
    path = tmp_path / "ds_2024.csv"
    path.write_text("Họ tên;Sinh năm;Cột lạ\nĐinh Văn Hải;1975;Chi bộ thôn 3\n", encoding="utf-8")
    tables, plan = _plan(db, [path])
    assert plan.rows[0].status == "skipped"  # no unit known
    key = tables[0].layout_key
    tables, plan = _plan(db, [path], mapping_overrides={key: {2: "unit"}})
    assert plan.rows[0].status == "new" and plan.rows[0].unit_name == "Chi bộ thôn 3"
    assert plan.as_of == date(2024, 12, 31)


def test_date_forms():
    assert parse_sheet_date("05-06-1970").value == date(1970, 6, 5)
    assert parse_sheet_date("05.06.1970").value == date(1970, 6, 5)
    assert parse_sheet_date("5/6/1970").value == date(1970, 6, 5)
    assert parse_sheet_date(25569.0).value == date(1970, 1, 1)
    y = parse_sheet_date("1970")
    assert y.year_only and str(y) == "1970"
    assert parse_sheet_date(datetime(1970, 6, 5)).value == date(1970, 6, 5)


def test_corrected_mapping_is_remembered_for_the_same_layout(db, tmp_path):
    from app.importing import remember_mapping

    rows = [["Họ và tên", "Ngày sinh", "Cột phụ"], ["Đinh Văn Hải", "1975", "Chi bộ thôn 3"]]
    first = write_xlsx(tmp_path / "a_2024.xlsx", rows)
    tables = read_workbooks([first])
    assert tables[0].columns[2].field != "unit"
    tables[0].set_mapping({2: "unit"})
    remember_mapping(tables[0])
    second = write_xlsx(tmp_path / "b_2024.xlsx", rows + [["Lò Văn Hà", "1980", "Chi bộ thôn 4"]])
    tables, plan = _plan(db, [second])
    assert tables[0].columns[2].field == "unit"
    assert [r.unit_name for r in plan.rows] == ["Chi bộ thôn 3", "Chi bộ thôn 4"]


def test_split_name_and_admission_subcolumns(db, tmp_path):
    rows = [
        ["DANH SÁCH ĐẢNG VIÊN CHI BỘ THÔN KHUỔI LUNG (Tính đến ngày 30/6/2025)"],
        ["STT", "Họ và tên", None, "Năm sinh", "Ngày vào Đảng", None, "Đảng viên dự bị", "Dân tộc"],
        [None, "Họ đệm", "Tên", None, "Dự bị", "Chính thức", None, None],
        [1, "Hoàng Văn", "Sáng", "1965", "12/03/1990", "15/03/1991", None, "Tày"],
        [2, "Triệu Thị", "Mai", "1999", "01/02/2025", None, "x", "Dao"],
    ]
    path = write_xlsx(tmp_path / "kl.xlsx", rows, merges=["B2:C2", "E2:F2"])
    tables, plan = _plan(db, [path])
    fields = {c.letter: c.field for c in tables[0].columns}
    assert fields["B"] == "family_name" and fields["C"] == "given_name"
    assert fields["E"] == "admitted_on" and fields["F"] == "official_on" and fields["G"] == "standing"
    assert [r.full_name for r in plan.rows] == ["Hoàng Văn Sáng", "Triệu Thị Mai"]
    assert plan.rows[0].unit_name == "Chi bộ thôn Khuổi Lung"
    assert [s.kind for s in plan.rows[0].history] == ["admit", "confirm"]
    run(apply_plan(db, plan))
    on = on_roll_sql("2025-06-30")
    assert dict(sql(db, f"SELECT m.full_name, s.standing {on}")) == {
        "Hoàng Văn Sáng": "official", "Triệu Thị Mai": "probationary"}
    assert scalar(db, "SELECT admitted_on FROM members WHERE full_name = 'Hoàng Văn Sáng'") == "1990-03-12"


def test_csv_in_windows_1258_is_normalised(db, tmp_path):
    import unicodedata

    text = "Họ và tên,Ngày sinh,Chi bộ\nNguyễn Thị Huệ,12/5/1960,Chi bộ thôn Bản Chu\n"
    path = tmp_path / "ds_2025.csv"
    # Excel on Vietnamese Windows writes code page 1258: base letters followed by combining tone marks
    tones = "\u0300\u0301\u0303\u0309\u0323"
    cp1258_form = ""
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        cp1258_form += unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        cp1258_form += "".join(p for p in parts if p in tones)
    path.write_bytes(cp1258_form.encode("cp1258"))
    _tables, plan = _plan(db, [path])
    assert plan.rows[0].full_name == "Nguyễn Thị Huệ"
    assert unicodedata.is_normalized("NFC", plan.rows[0].full_name)
    assert plan.rows[0].unit_name == "Chi bộ thôn Bản Chu"


def test_state_note_on_an_existing_member_is_an_update_and_undoable(db, tmp_path):
    from app.importing import undo_import

    first = write_xlsx(tmp_path / "a.xlsx", [["Họ và tên", "Ngày sinh", "Chi bộ", "Ngày vào Đảng"],
                                             ["Đàm Văn Lợi", "03/04/1950", "Chi bộ thôn 1", "05/06/1975"]])
    _t, plan = _plan(db, [first], date(2024, 12, 31))
    run(apply_plan(db, plan))
    second = write_xlsx(tmp_path / "b.xlsx", [["Họ và tên", "Ngày sinh", "Chi bộ", "Ghi chú"],
                                              ["Đàm Văn Lợi", "03/04/1950", "Chi bộ thôn 1", "Miễn SH"]])
    _t, plan = _plan(db, [second], date(2025, 12, 31))
    row = plan.rows[0]
    assert row.status == "update" and [s.kind for s in row.history] == ["exempt"]
    result = run(apply_plan(db, plan))
    assert result.members_updated == 1
    assert scalar(db, "SELECT COUNT(*) FROM member_events WHERE kind = 'exempted' AND needs_review = TRUE "
                           "AND event_date = '2025-12-31'") == 1
    assert scalar(db, "SELECT is_exempt FROM members") in (0, 1)
    assert scalar(db, f"SELECT COUNT(*) {on_roll_sql('2025-12-31')} AND s.exempt = TRUE") == 1
    undo_import(db, result.batch_id)
    assert scalar(db, "SELECT COUNT(*) FROM member_events WHERE kind = 'exempted'") == 0
    assert scalar(db, f"SELECT COUNT(*) {on_roll_sql('2025-12-31')} AND s.exempt = TRUE") == 0
    assert scalar(db, "SELECT notes FROM members") is None  # the note the import filled is undone too
    assert scalar(db, "SELECT admitted_on FROM members") == "1975-06-05"


def test_ratings_the_rules_refuse_are_reported_in_the_preview(db, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [
        ["Họ và tên", "Ngày sinh", "Chi bộ", "Ngày vào Đảng", "Xếp loại 2024", "Xếp loại 2025", "Ghi chú"],
        ["Mã Văn Tư", "01/01/1990", "Chi bộ 1", "15/08/2025", None, "HTT", None],     # admitted after 30/6
        ["Hà Thị Năm", "01/01/1950", "Chi bộ 1", "01/01/1980", "HTT", "HTT", "Miễn SH"],
    ])
    _t, plan = _plan(db, [path], date(2025, 12, 31))
    assert plan.rows[0].ratings == {}
    assert "chưa đủ 6 tháng" in plan.rows[0].problems[-1].message and plan.rows[0].problems[-1].column == "F"
    assert set(plan.rows[1].ratings) == {2024}  # exempt from the sheet's date: 2025 not rated
    counted = plan.counts["evaluations_created"]
    result = run(apply_plan(db, plan))
    assert counted == result.evaluations_created == 1
    assert scalar(db, "SELECT COUNT(*) FROM evaluations WHERE rating IS NOT NULL") == 1


def test_a_level_and_its_class_are_one_decision(db, tmp_path):
    first = write_xlsx(tmp_path / "a.xlsx", [["Họ và tên", "Ngày sinh", "Chi bộ", "Văn hóa"],
                                             ["Vi Văn Sáu", "01/01/1970", "Chi bộ 1", "7/10"]])
    _t, plan = _plan(db, [first], date(2025, 12, 31))
    run(apply_plan(db, plan))
    second = write_xlsx(tmp_path / "b.xlsx", [["Họ và tên", "Ngày sinh", "Chi bộ", "Văn hóa"],
                                              ["Vi Văn Sáu", "01/01/1970", "Chi bộ 1", "12/12"]])
    _t, plan = _plan(db, [second], date(2025, 12, 31))
    row = plan.rows[0]
    assert row.status == "conflict"
    assert {c.field for c in row.conflicts} == {"general_education_text", "general_education"}
    assert len([p for p in row.problems if p.field and p.field.startswith("general_education")]) == 1
    run(apply_plan(db, plan))  # unresolved: both kept
    assert sql(db, "SELECT general_education_text, general_education FROM members") == \
        [("7/10", "lower_secondary")]
    _t, plan = _plan(db, [second], date(2025, 12, 31))
    run(apply_plan(db, plan, {plan.rows[0].key: {"general_education_text": "sheet"}}))
    assert sql(db, "SELECT general_education_text, general_education FROM members") == \
        [("12/12", "upper_secondary")]
    # same class, another text ("10/10" is THPT like "12/12"): the text alone is the conflict
    third = write_xlsx(tmp_path / "c.xlsx", [["Họ và tên", "Ngày sinh", "Chi bộ", "Văn hóa"],
                                             ["Vi Văn Sáu", "01/01/1970", "Chi bộ 1", "10/10"]])
    _t, plan = _plan(db, [third], date(2025, 12, 31))
    run(apply_plan(db, plan, {plan.rows[0].key: "sheet"}))
    assert sql(db, "SELECT general_education_text, general_education FROM members") == \
        [("10/10", "upper_secondary")]


def test_user_leaves_out_a_sheet_and_a_row(db, tmp_path):
    path = write_xlsx(tmp_path / "two_2025.xlsx", [["Họ và tên", "Năm sinh", "Chi bộ"],
                                                   ["Lê Văn Một", 1970, "Chi bộ 1"], ["Lê Văn Hai", 1971, "Chi bộ 1"]],
                      sheets={"Khác": ([["Họ và tên", "Năm sinh", "Chi bộ"], ["Lê Văn Ba", 1972, "Chi bộ 2"]],
                                       None, None, [])})
    tables = read_workbooks([path])
    tables[1].include = False
    with db.session() as s:
        plan = plan_import(s, tables, date(2025, 12, 31))
    assert [r.full_name for r in plan.rows] == ["Lê Văn Một", "Lê Văn Hai"]
    result = run(apply_plan(db, plan, {plan.rows[1].key: "skip"}))
    assert result.members_created == 1 and result.rows_skipped == 1
    assert sql(db, "SELECT full_name FROM members") == [("Lê Văn Một",)]
