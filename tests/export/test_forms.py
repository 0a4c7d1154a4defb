"""Biểu 1–7-BTCTW in one workbook: the statistics service's figures on the official rows, with the same
period of the previous year (hand-counted on tests/export/fixture_db.py)."""

from __future__ import annotations

from datetime import date

import pytest

from app.export.forms import write_forms_xlsx
from app.services.errors import DomainError

SHEETS = ["Biểu 1", "Biểu 2", "Biểu 3", "Biểu 4", "Biểu 5", "Biểu 6F", "Biểu 7"]


@pytest.fixture
def workbook(fixture_db, tmp_path):
    from openpyxl import load_workbook

    db, _ = fixture_db
    path = write_forms_xlsx(db, date(2025, 1, 1), date(2025, 12, 31), tmp_path / "bieu.xlsx",
                            doc_day=date(2026, 1, 10))
    return load_workbook(path), db


def rows_of(ws, label_col=1):
    """{label: (this period, same period last year, %)} for the table rows."""
    out = {}
    for row in ws.iter_rows(min_row=1, values_only=True):
        label = row[label_col - 1]
        if isinstance(label, str) and label not in out:
            out[label] = tuple(row[label_col:label_col + 3])
    return out


def test_every_form_has_its_sheet_and_print_setup(workbook):
    wb, _ = workbook
    assert wb.sheetnames == SHEETS
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.orientation == "portrait"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert "ĐẢNG BỘ TỈNH LAI CHÂU" in texts and "ĐẢNG ỦY XÃ THANH BÌNH" in texts
        assert "NGƯỜI LẬP BIỂU" in texts and "T/M ĐẢNG ỦY" in texts and "BÍ THƯ" in texts
        assert "Lê Thị Văn" in texts and "Nguyễn Văn Bí" in texts and "ĐT: 0912 345 678" in texts
        assert "Thanh Bình, ngày 10 tháng 01 năm 2026" in texts
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Times New Roman"}


def test_form1_this_year_and_last_year(workbook):
    wb, _ = workbook
    r = rows_of(wb["Biểu 1"])
    assert r["Tiêu chí"][:3] == ("Thực hiện", None, "(%) kỳ này so với cùng kỳ năm trước")
    # 2025: 11 at the start, +2 admitted +1 in (other province), -1 died -1 struck off (probationary) -1 out
    # 2024: 8 at the start (M1–5, M8, M10, M11), +3 admitted (M12, M13, M14)
    assert r["A - Tổng số đảng viên cuối kỳ trước chuyển sang"] == (11, 8, 137.5)
    assert r["B - Đảng viên tăng trong kỳ"] == (3, 3, 100.0)
    assert r["1. Kết nạp"] == (2, 3, 66.7)
    assert r["a. Tỉnh khác chuyển đến"][:2] == (1, 0)
    assert r["a. Tỉnh khác chuyển đến"][2] is None     # nothing last year: no percentage
    assert r["C - Đảng viên giảm trong kỳ"][:2] == (3, 0)
    assert r["1. Từ trần"][:2] == (1, 0)
    assert r["3. Xóa tên"][:2] == (1, 0)
    assert r["Trong đó: Đảng viên dự bị"][:2] == (1, 0)
    assert r["b. Chuyển đi xã khác trong tỉnh"][:2] == (1, 0)
    assert r["D - Đảng viên trong danh sách cuối kỳ báo cáo"] == (11, 11, 100.0)


def test_forms_equal_the_statistics_service(workbook):
    from app.services import statistics

    wb, db = workbook
    with db.session() as s:
        data = statistics.form_rows(s, date(2025, 1, 1), date(2025, 12, 31))
    cur, prev = data["current"], data["previous"]
    f1 = rows_of(wb["Biểu 1"])
    for label, key in (("1. Kết nạp", "admitted"), ("2. Chuyển đến", "transferred_in"), ("1. Từ trần", "deceased"),
                       ("2. Khai trừ", "expelled"), ("4. Xin ra khỏi Đảng", "resigned"),
                       ("5. Chuyển đi", "transferred_out"), ("D - Đảng viên trong danh sách cuối kỳ báo cáo", "closing")):
        assert f1[label][:2] == (cur["form1"][key], prev["form1"][key]), label
    f3 = rows_of(wb["Biểu 3"])
    assert f3["I. Đảng viên trong danh sách có đến cuối kỳ báo cáo"][:2] == (cur["form3"]["members"],
                                                                             prev["form3"]["members"])
    assert f3["- Dự bị"][:2] == (cur["form3"]["probationary"], prev["form3"]["probationary"])
    assert f3["- Tuổi bình quân"][:2] == (cur["form3"]["average_age"], prev["form3"]["average_age"])
    f2 = rows_of(wb["Biểu 2"])
    assert f2["I. Tổng số đảng viên mới kết nạp"][:2] == (cur["form2"]["members"], prev["form2"]["members"])
    f7 = rows_of(wb["Biểu 7"])
    assert f7["- Huy hiệu Đảng 30 năm"][:2] == (cur["form7"]["badges"]["30"], prev["form7"]["badges"]["30"])


def test_form3_structure_hand_counts(workbook):
    wb, _ = workbook
    r = rows_of(wb["Biểu 3"])
    # end of 2025: 11 members, 5 women, 2 probationary (M6, M7); end of 2024: 11, 3 women (M2, M4, M12),
    # 3 probationary (M12, M13, M14)
    assert r["I. Đảng viên trong danh sách có đến cuối kỳ báo cáo"] == (11, 11, 100.0)
    assert r["Trong đó: - Nữ"] == (5, 3, 166.7)
    assert r["- Dự bị"] == (2, 3, 66.7)
    assert r["- Dân tộc thiểu số"][0] == 7
    assert r["- Người theo tôn giáo"][0] == 1
    assert r["a. Đảng viên đang làm việc và công tác"][0] == 10
    assert r["b. Đảng viên đã nghỉ hưu và nghỉ công tác"][0] == 1
    assert r["Trong đó: Được miễn công tác và sinh hoạt đảng"][0] == 1
    assert r["- Người làm nông, lâm, ngư nghiệp"][0] == 4
    assert r["- Viên chức trong các đơn vị sự nghiệp công lập"][0] == 6
    assert r["- Từ 18 - 30 tuổi"][0] == 3
    assert r["- Trên 60 tuổi"][0] == 1
    assert r["- Tuổi bình quân"][0] == 40.4
    assert r["- Trung học phổ thông"][0] == 8
    assert r["- Thạc sỹ"][0] == 1
    assert r["- Cao cấp, cử nhân"][0] == 1
    # the "no data kept" rows stay empty rather than a false 0
    r2 = rows_of(wb["Biểu 2"])
    assert r2["- Quần chúng vi phạm chính sách KHHGĐ"] == (None, None, None)


def test_form4_5_6f_7(workbook):
    wb, _ = workbook
    f4 = rows_of(wb["Biểu 4"], label_col=2)
    assert f4["Tổng số đảng viên mới kết nạp"][:3] == (2, 1, 100.0)
    assert f4["Tày"][:2] == (1, 1) and f4["Dao"][:2] == (1, 0)
    assert f4["Tày"][2] == 50.0

    ws5 = wb["Biểu 5"]
    f5 = {row[0]: row[1:] for row in ws5.iter_rows(values_only=True) if isinstance(row[0], str)}
    # columns: TCCSĐ total, ĐBCS, CBCS, ĐB bộ phận, chi bộ trực thuộc, members
    assert f5["1. Xã"] == (0, 0, 0, 0, 1, 5)
    assert f5["6. Đơn vị sự nghiệp, gồm:"] == (0, 0, 0, 0, 2, 6)
    assert f5["9. Doanh nghiệp và hợp tác xã"] == (0, 0, 0, 0, 0, 0)   # the cooperative's cell was dissolved
    assert f5["Cộng (1+….+11)"] == (0, 0, 0, 0, 3, 11)

    f6 = rows_of(wb["Biểu 6F"], label_col=2)
    assert f6["Số lượng thuộc đối tượng phải kiểm điểm tự phê bình và phê bình"][:2] == (3, 11)
    assert f6["Số lượng đã kiểm điểm tự phê bình và phê bình"][:2] == (3, 9)
    assert f6["Số lượng chưa kiểm điểm tự phê bình và phê bình"][:2] == (0, 2)
    assert f6["- Đảng viên mới kết nạp dưới 6 tháng"][1] == 1
    assert f6["- Đảng viên được miễn công tác và sinh hoạt đảng"][1] == 1
    # unit C was founded in 2025 but rated: it is not among the units not reviewed ("Trong đó" of row 3)
    assert f6["- Số tập thể thành lập mới"][0] == 0

    f7 = rows_of(wb["Biểu 7"])
    assert f7["2. Số đảng viên được khen, chia ra:"][:2] == (2, 0)
    assert f7["- Huy hiệu Đảng 30 năm"][:2] == (1, 0)
    assert f7["- Huy hiệu Đảng 40 năm"][:2] == (1, 0)
    assert f7["II. Tặng huy hiệu đảng trong năm"][:2] == (2, 0)
    assert f7["1. Số thẻ đảng viên được phát cho đảng viên chính thức"][:2] == (1, 0)
    assert f7["d) Số chi bộ trực thuộc đảng bộ cơ sở được khen, chia ra:"][:2] == (1, 0)


def test_bad_period_and_bad_name(fixture_db, tmp_path):
    db, _ = fixture_db
    with pytest.raises(DomainError):
        write_forms_xlsx(db, date(2025, 12, 31), date(2025, 1, 1), tmp_path / "b.xlsx")
    with pytest.raises(DomainError) as err:
        write_forms_xlsx(db, date(2025, 1, 1), date(2025, 12, 31), tmp_path / "b.xls")
    assert err.value.field == "out"
    assert not list(tmp_path.glob("*.xls*"))
