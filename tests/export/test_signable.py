"""Reports and forms a secretary can sign (issue 12) and "unknown is not zero" (issue 11 §4).

Read back from the real .docx/.xlsx: the header names and place come from the settings; a fresh database
prints marked blanks and says which setting (by its Vietnamese label) to fill; every form's totals add up
(summed here from the cells, with rules written in this file); the text and the chart print one percentage;
a sheet without an occupation column gives a report and forms that say the figure is unknown.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from ..db_read import scalar
from .docx_read import all_xml_text, paragraphs

SAMPLES = Path("/work/shared/samples")
SHEET = SAMPLES / "DSDV_XaThanhLong_2023.xls"   # no Nghề nghiệp column


# --- settings ---------------------------------------------------------------------------------------

def test_settings_cli_lists_labels_and_sets_values(db_url, capsys):
    from app.cli import main
    from app.db import Database
    from app.services.settings import get_settings

    db_path = db_url  # --db takes a file or a server's URL
    Database(db_path).dispose()
    assert main(["settings", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    line = next(l for l in out.splitlines() if l.startswith("parent_body"))
    assert "Tên cấp ủy cấp trên trực tiếp" in line and "(chưa điền)" in line
    assert main(["settings", "--db", str(db_path), "parent_body=Đảng bộ tỉnh Lai Châu", "place_name=Bình Lư",
                 "population=18606", r"recipients=- Ban Tổ chức Tỉnh ủy,\n- Lưu VP."]) == 0
    db = Database(db_path)
    with db.session() as s:
        values = get_settings(s)
    db.dispose()
    assert values["parent_body"] == "Đảng bộ tỉnh Lai Châu" and values["place_name"] == "Bình Lư"
    assert values["population"] == "18606" and values["recipients"] == "- Ban Tổ chức Tỉnh ủy,\n- Lưu VP."
    # an unknown key or a bad number is refused, and nothing of that call is written
    capsys.readouterr()
    assert main(["settings", "--db", str(db_path), "signer_name=X", "margin_top_mm=hai mươi"]) == 1
    assert "Lề trên (mm)" in capsys.readouterr().err
    assert main(["settings", "--db", str(db_path), "doc_numbr=5"]) == 1
    db = Database(db_path)
    with db.session() as s:
        assert get_settings(s)["signer_name"] == ""
    db.dispose()


def test_settings_are_checked_by_the_36_hd_rules():
    from app.services.settings import DEFAULTS, check_settings

    good = dict(DEFAULTS, parent_body="ĐẢNG BỘ TỈNH LAI CHÂU", issuing_body="ĐẢNG ỦY XÃ BÌNH LƯ",
                place_name="Bình Lư", doc_number="25")
    assert check_settings(good) == []
    bad = dict(good, issuing_body="ĐẢNG ỦY XÃ", place_name="BÌNH LƯ", doc_symbol="bc-du", doc_number="25-BC",
               margin_left_mm="20", signer_on_behalf="BÍ THƯ")
    keys = {k for k, _ in check_settings(bad)}
    assert keys == {"issuing_body", "place_name", "doc_symbol", "doc_number", "margin_left_mm", "signer_on_behalf"}
    assert all("_" not in message.split(":")[0] for _, message in check_settings(bad))  # labels, not keys


def test_settings_are_suggested_from_the_commune_unit(db):
    from app.models.enums import UnitKind
    from app.services import units as U
    from app.services.settings import suggest_settings

    with db.transaction() as s:
        U.create_unit(s, name="Đảng bộ xã Thanh Long", kind=UnitKind.COMMUNE)
    with db.session() as s:
        assert suggest_settings(s) == {"commune_name": "Thanh Long", "place_name": "Thanh Long",
                                       "issuing_body": "ĐẢNG ỦY XÃ THANH LONG"}


def test_header_names_and_place_come_from_the_settings(fixture_db, tmp_path):
    from app.export.report import ReportRequest, build_report, run
    from app.services.settings import set_settings

    db, _ = fixture_db
    with db.transaction() as s:
        set_settings(s, {"parent_body": "Đảng bộ tỉnh Điện Biên", "issuing_body": "Đảng ủy xã Mường Phăng",
                         "place_name": "Mường Phăng", "commune_name": "Mường Phăng"})
    result = run(build_report(db, ReportRequest(kind="as_of", as_of=date(2025, 12, 31), doc_date=date(2026, 1, 6)),
                              tmp_path / "r.docx"))
    paras = paragraphs(result.path)
    assert "ĐẢNG BỘ TỈNH ĐIỆN BIÊN" in paras and "ĐẢNG ỦY XÃ MƯỜNG PHĂNG" in paras
    assert "Mường Phăng, ngày 06 tháng 01 năm 2026" in paras
    assert any("Ban Chấp hành Đảng bộ xã Mường Phăng báo cáo" in p for p in paras)


def test_a_fresh_database_prints_marked_blanks_and_names_the_settings(fixture_db, tmp_path):
    from sqlalchemy import delete

    from app.export.docx_writer import HEADER_BLANK
    from app.export.report import ReportRequest, build_report, run
    from app.models import Setting

    db, _ = fixture_db
    with db.transaction() as s:
        s.execute(delete(Setting))
    result = run(build_report(db, ReportRequest(kind="as_of", as_of=date(2025, 12, 31)), tmp_path / "r.docx"))
    paras = paragraphs(result.path)
    assert paras.count(HEADER_BLANK) == 2          # parent body and issuing body, to fill by hand
    assert "ĐẢNG BỘ TỈNH" not in paras and "ĐẢNG ỦY XÃ" not in paras  # no made-up name
    warnings = "\n".join(result.warnings)
    for label in ("Tên cấp ủy cấp trên trực tiếp", "Tên cơ quan ban hành văn bản", "Địa danh ghi trên văn bản",
                  "Số văn bản", "Họ tên người ký"):
        assert f"«{label}»" in warnings and "Cài đặt" in warnings
    assert not re.search(r"\b(parent_body|issuing_body|doc_number|place_name|signer_name)\b", warnings)


# --- forms that hold together -------------------------------------------------------------------------

def table_rows(ws, label_col=1, cols=(2, 3)):
    """[(label, [values])] of the table body, in order (the header and signature have no numbers)."""
    out = []
    for row in ws.iter_rows(min_row=1, values_only=True):
        label = row[label_col - 1]
        values = [row[c - 1] for c in cols]
        if isinstance(label, str) and any(isinstance(v, (int, float)) for v in values):
            out.append((label.strip(), [v if isinstance(v, (int, float)) else 0 for v in values]))
        elif isinstance(label, str):
            out.append((label.strip(), None))
    return out


def block_after(rows, heading, stop):
    """The rows between a heading and the next row whose label starts with one of `stop`."""
    i = next(i for i, (label, _) in enumerate(rows) if label == heading)
    out = []
    for label, values in rows[i + 1:]:
        if label.startswith(stop):
            break
        out.append((label, values))
    return out


def first(rows, label):
    return next(v for l, v in rows if l == label)


def add(rows):
    return [sum(v[i] for _, v in rows if v is not None) for i in range(2)]


def assert_form_sums(path):
    """Every total of Biểu 1, 2, 3, 4, 5, 6F equals the sum of its rows, from the cells."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    f1 = table_rows(wb["Biểu 1"])
    v = {label[:2]: values for label, values in f1 if values is not None}
    a, b, c, d = (first(f1, l) for l in ("A - Tổng số đảng viên cuối kỳ trước chuyển sang",
                                          "B - Đảng viên tăng trong kỳ", "C - Đảng viên giảm trong kỳ",
                                          "D - Đảng viên trong danh sách cuối kỳ báo cáo"))
    e = next((vals for l, vals in f1 if l.startswith("E - ")), [0, 0])
    for i in range(2):
        assert d[i] == a[i] + b[i] - c[i] + e[i]
        assert b[i] == first(f1, "1. Kết nạp")[i] + first(f1, "2. Chuyển đến")[i] + first(f1, "3. Phục hồi đảng tịch")[i]
    assert v  # the table was read

    for sheet, total_label, jobs_stop in (("Biểu 3", "a. Đảng viên đang làm việc và công tác", ("b. ",)),
                                          ("Biểu 2", "I. Tổng số đảng viên mới kết nạp", ("2. ",))):
        rows = table_rows(wb[sheet])
        heading = total_label if sheet == "Biểu 3" else "1. Nghề nghiệp"
        jobs = [(l, vals) for l, vals in block_after(rows, heading, jobs_stop) if not l.startswith("+")]
        assert add(jobs) == first(rows, total_label), (sheet, jobs)
        members = first(rows, "I. " + ("Đảng viên trong danh sách có đến cuối kỳ báo cáo" if sheet == "Biểu 3"
                                       else "Tổng số đảng viên mới kết nạp"))
        ages = [(l, vals) for l, vals in block_after(rows, "2. Tuổi đời:", ("- Tuổi bình quân",))]
        assert add(ages) == members, (sheet, ages)
        edu_heading = "4. Trình độ giáo dục phổ thông" if sheet == "Biểu 3" else "3. Trình độ giáo dục phổ thông"
        assert add(block_after(rows, edu_heading, ("4.", "5."))) == members
        if sheet == "Biểu 3":
            assert add(block_after(rows, "3. Thời gian kết nạp vào Đảng", ("4.",))) == members
            assert add(block_after(rows, "7. Trình độ lý luận chính trị", ("NGƯỜI",))) == members
            retired = first(rows, "b. Đảng viên đã nghỉ hưu và nghỉ công tác")
            assert [x + y for x, y in zip(first(rows, total_label), retired)] == members

    f5 = table_rows(wb["Biểu 5"], cols=(2, 3, 4, 5, 6, 7))
    top = [(l, vals[:2]) for l, vals in f5 if re.match(r"^\d+\. ", l) and vals is not None]
    total = first(f5, "Cộng (1+….+11)")
    for col in range(6):
        assert sum(vals[col] for l, vals in f5 if re.match(r"^\d+\. ", l) and vals) == total[col]
    for _l, vals in f5:
        if vals:
            assert vals[0] == vals[1] + vals[2]  # column 2 = 3 + 4
    assert top

    f6 = table_rows(wb["Biểu 6F"], label_col=2, cols=(3, 4))
    subject = first(f6, "Số lượng thuộc đối tượng phải kiểm điểm tự phê bình và phê bình")
    done = first(f6, "Số lượng đã kiểm điểm tự phê bình và phê bình")
    not_done = first(f6, "Số lượng chưa kiểm điểm tự phê bình và phê bình")
    assert [x + y for x, y in zip(done, not_done)] == subject
    reasons = block_after(f6, "Trong đó:", ("Số được gợi ý",))
    assert add(reasons) == not_done, reasons

    f4 = table_rows(wb["Biểu 4"], label_col=2, cols=(3, 4))
    ethnic = block_after(f4, "Dân tộc", ("Tôn giáo",))
    assert add(ethnic) == first(f4, "Tổng số đảng viên mới kết nạp") == first(f4, "Dân tộc")
    return wb


def test_demo_forms_add_up_and_the_self_check_finds_nothing(demo_db, tmp_path):
    from app.export.forms import write_forms

    for start, end in ((date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 3, 2), date(2026, 3, 1))):
        result = write_forms(demo_db, start, end, tmp_path / f"f{start.month}.xlsx", doc_day=date(2026, 3, 10))
        assert not [w for w in result.warnings if w.startswith("Biểu tự kiểm tra")], result.warnings
        wb = assert_form_sums(result.path)
        # 6F: the last year whose reviews are recorded (2025), never the year not reviewed yet
        assert "NĂM 2025" in " ".join(str(c.value) for row in wb["Biểu 6F"].iter_rows() for c in row if c.value)


def test_the_self_check_names_a_broken_sum(demo_db, tmp_path):
    from app.export.doc_settings import DocSettings
    from app.export.forms import check_workbook, workbook_from_rows
    from app.services import statistics

    with demo_db.session() as s:
        data = statistics.form_rows(s, date(2025, 1, 1), date(2025, 12, 31))
    data["current"]["form6f"] = {"year": None}
    data["current"]["form1"]["admitted"] += 5   # a total that no longer equals its rows
    problems = check_workbook(workbook_from_rows(data, DocSettings()))
    assert any(p.startswith("Biểu 1, dòng «B - Đảng viên tăng trong kỳ», cột «Kỳ này»") for p in problems), problems


# --- one number, one base --------------------------------------------------------------------------------

def test_text_and_chart_print_the_same_percentages(demo_db):
    from app.export.charts import ratings_chart_labels
    from app.export.report import ReportRequest, content_from_data, gather_data
    from app.export.sentences import pct

    request = ReportRequest(kind="year_end", year=2025)
    with demo_db.session() as s:
        data = gather_data(s, request)
    content = content_from_data(data, request, {})
    assert [c for c in content.charts() if c.key == "ratings"], "the ratings chart was drawn"
    r = data.member_ratings[-1]
    paragraph = next(t for t in content.all_sentences() if t.startswith(f"Năm {r.year} tổng số đảng viên"))
    m = re.search(r"hoàn thành tốt nhiệm vụ: (\d+)/(\d+) đảng viên, chiếm ([\d,]+%); trong đó (\d+) đảng viên hoàn "
                  r"thành xuất sắc nhiệm vụ, chiếm ([\d,]+%); xếp loại hoàn thành nhiệm vụ: (\d+)/\d+ đảng viên, "
                  r"chiếm ([\d,]+%)", paragraph)
    good, rated, good_pct, excellent, excellent_pct, done, done_pct = m.groups()
    labels = ratings_chart_labels(r)
    # the chart's HTXSNV label is the sentence's figure, over the sentence's base (HTTNV or better)
    assert labels[0] == excellent_pct == pct(int(excellent), int(good))
    assert labels[2] == done_pct == pct(int(done), int(rated))
    assert good_pct == pct(int(good), int(rated))


# --- unknown is not zero (issue 11 §4) -----------------------------------------------------------------------

def _import_the_sheet(db):
    from app.importing import apply_plan, plan_import, read_workbooks

    tables = read_workbooks([SHEET])
    with db.session() as s:
        plan = plan_import(s, tables, None)
    for _ in apply_plan(db, plan):
        pass


@pytest.fixture
def sample_db(_fixture_db_file, backend, tmp_path, request):
    if not SHEET.exists():
        pytest.skip("the shared sample sheets are not here")
    db, _ = _fixture_db_file.copy("sample12", backend, _import_the_sheet, tmp_path, request)
    request.addfinalizer(db.dispose)
    return db


def test_a_sheet_without_occupations_gives_a_report_and_forms_that_say_so(sample_db, tmp_path):
    from openpyxl import load_workbook

    from app.export.forms import write_forms
    from app.export.report import ReportRequest, build_report, run

    expected = json.loads((SAMPLES / "DSDV_XaThanhLong_2023.expected.json").read_text(encoding="utf-8"))
    n = expected["members"]
    # the sheet has no occupation column: whoever the import could not place from the unit's kind (the police
    # cell, the school's) has no group — counted here straight from the database
    unknown = scalar(sample_db, "SELECT COUNT(*) FROM members WHERE occupation_group IS NULL")
    assert 0 < unknown <= n
    report = run(build_report(sample_db, ReportRequest(kind="as_of", as_of=date(2023, 12, 31)), tmp_path / "r.docx"))
    forms = write_forms(sample_db, date(2023, 1, 1), date(2023, 12, 31), tmp_path / "f.xlsx")
    text = all_xml_text(report.path)
    body = "\n".join(paragraphs(report.path))
    assert f"chưa đủ thông tin nghề nghiệp của {unknown:02d} đảng viên" in body.lower()
    assert "0 đảng viên nghỉ hưu" not in body and "đang làm việc và công tác (đạt 100%)" not in body
    assert "Chưa phân loại nghề nghiệp" in text                     # the appendix's remainder line
    assert any("nghề nghiệp" in w for w in report.warnings)

    wb = assert_form_sums(forms.path)
    f3 = table_rows(wb["Biểu 3"])
    assert first(f3, "- Chưa phân loại nghề nghiệp")[0] == unknown
    assert first(f3, "I. Đảng viên trong danh sách có đến cuối kỳ báo cáo")[0] == n
    assert any("nghề nghiệp" in w for w in forms.warnings)
    assert not [w for w in forms.warnings if w.startswith("Biểu tự kiểm tra")]
    assert load_workbook(forms.path)["Biểu 6F"]["A4"].value.endswith("NĂM 2023")
