"""Reports written from a real database (tests/export/fixture_db.py) carry the hand-counted figures."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.export.report import ReportRequest, ReportResult, build_report, report_content, run
from app.services.errors import DomainError

from .docx_read import all_xml_text, paragraphs

DOC_DAY = date(2026, 1, 15)


def _build(db, tmp_path, request, name="r.docx", **kw):
    result = run(build_report(db, request, tmp_path / name, **kw))
    assert isinstance(result, ReportResult) and result.path.exists()
    return result, paragraphs(result.path)


def test_year_end_report_sentences(fixture_db, tmp_path):
    db, _ = fixture_db
    req = ReportRequest(kind="year_end", year=2025, doc_date=DOC_DAY)
    result, paras = _build(db, tmp_path, req)
    expected = [
        # I. units: A (village), B (school), C (health, founded 01/3/2025); D dissolved 30/6/2025
        "Tính đến ngày 31/12/2025, Đảng bộ xã Thanh Bình có 03 tổ chức đảng trực thuộc, trong đó: 0 đảng bộ cơ sở, "
        "0 chi bộ cơ sở; 03 chi bộ trực thuộc Đảng ủy (gồm 01 chi bộ thôn, bản, tổ dân phố, 01 chi bộ trường học, "
        "01 chi bộ y tế) với 11 đảng viên.",
        "Từ ngày 01/1/2025 đến ngày 31/12/2025, Đảng ủy đã quyết định thành lập 01 tổ chức đảng (Chi bộ Trạm y tế); "
        "giải thể 01 tổ chức đảng (Chi bộ Hợp tác xã).",
        # II. members: 11 at the start (M1–5, M8, M10–14) and 11 at the end; M6, M7 probationary
        "- Về số lượng đảng viên: Tính đến ngày 31/12/2025, Đảng bộ xã Thanh Bình có 11 đảng viên, không thay đổi "
        "so với thời điểm ngày 01/1/2025 (11 đảng viên); trong đó 09 đảng viên chính thức, 02 đảng viên dự bị.",
        "- Về trình độ: về học vấn: 03 THCS (đạt 27,3%), 08 THPT (đạt 72,7%); về chuyên môn nghiệp vụ: 01 trung "
        "cấp (đạt 9,1%), 02 cao đẳng (đạt 18,2%), 04 đại học (đạt 36,4%), 01 thạc sĩ (đạt 9,1%); về LLCT: 02 sơ cấp "
        "(đạt 18,2%), 02 trung cấp (đạt 18,2%), 01 cử nhân, cao cấp (đạt 9,1%).",
        "- Về cơ cấu theo giới tính, nghề nghiệp, độ tuổi, dân tộc, tôn giáo...: 05 nữ (đạt 45,5%). Có 10 đang làm "
        # M1's exemption reads «Tuổi cao, sức yếu»: a health exemption (seed 000 splits them by reason)
        "việc và công tác (đạt 90,9%) và 01 đảng viên nghỉ hưu và nghỉ công tác (đạt 9,1%); 01 đảng viên được miễn "
        "công tác và sinh hoạt đảng (chiếm 9,1%), trong đó miễn vì lý do sức khỏe, tuổi cao 01. Từ 18-30 tuổi 03 đảng viên (đạt 27,3%), từ 31-35 tuổi 02 đảng viên "
        "(đạt 18,2%), từ 36-40 tuổi 02 đảng viên (đạt 18,2%), từ 41-45 tuổi 0 đảng viên (đạt 0%), từ 46-50 tuổi 02 "
        "đảng viên (đạt 18,2%), từ 51-55 tuổi 01 đảng viên (đạt 9,1%), từ 56-60 tuổi 0 đảng viên (đạt 0%), trên 60 "
        "tuổi 01 đảng viên (đạt 9,1%); tuổi bình quân 40,4. Có 07 đảng viên dân tộc thiểu số (đạt 63,6%), có 01 "
        "đảng viên theo đạo (đạt 9,1%), 03 đảng viên là đoàn viên Đoàn TNCS Hồ Chí Minh (đạt 27,3%).",
        "Từ ngày 01/1/2025 đến ngày 31/12/2025, kết nạp 02 đảng viên; tiếp nhận 01 đảng viên chuyển đến (tỉnh khác "
        "01, xã khác trong tỉnh 0). Giảm 03 đảng viên, gồm: từ trần 01, khai trừ 0, xóa tên 01 (trong đó 01 đảng "
        "viên dự bị), xin ra khỏi Đảng 0, chuyển sinh hoạt đi 01 (tỉnh khác 0, xã khác trong tỉnh 01). Đầu kỳ có "
        "11 đảng viên, cuối kỳ có 11 đảng viên.",
        # III. ratings 2025: units A HTXSNV, B HTTNV, C HTNV; members 2 HTXSNV, 5 HTTNV, 1 HTNV, 1 KHTNV;
        # M1 (exempt) and M7 (admitted 15/9/2025) not rated
        "- Năm 2025 có 02/03 chi, đảng bộ trực thuộc được xếp loại hoàn thành tốt nhiệm vụ trở lên (tỷ lệ 66,7%); "
        "trong đó, có 01 chi, đảng bộ hoàn thành xuất sắc nhiệm vụ (tỷ lệ 50%); hoàn thành nhiệm vụ 01 chi, đảng bộ "
        "(không có chi, đảng bộ xếp loại không hoàn thành nhiệm vụ).",
        "Năm 2025 tổng số đảng viên của Đảng bộ là 11 đồng chí. Trong đó, có 09 đồng chí tham gia đánh giá, xếp "
        "loại, đạt 81,8%; 02 đồng chí không tham gia đánh giá, chiếm 18,2% do thuộc diện miễn công tác, sinh hoạt "
        "hoặc là đảng viên mới kết nạp dưới 06 tháng. Kết quả đánh giá, xếp loại chất lượng như sau: Xếp loại hoàn "
        "thành tốt nhiệm vụ: 07/09 đảng viên, chiếm 77,8%; trong đó 02 đảng viên hoàn thành xuất sắc nhiệm vụ, "
        "chiếm 28,6%; xếp loại hoàn thành nhiệm vụ: 01/09 đảng viên, chiếm 11,1%; xếp loại không hoàn thành nhiệm "
        "vụ: 01/09 đảng viên, chiếm 11,1%.",
        # IV. recruitment: target 2 (A) + 2 (B); admitted M6, M7; 11 members on 31/12/2024
        "- Năm 2025 đã kết nạp 02/04 quần chúng vào Đảng, đạt 50% kế hoạch năm và 18,18% so với tổng số đảng viên đầu năm (11 đảng viên).",
        "- Từ ngày 01/1/2025 đến ngày 31/12/2025, Đảng ủy đã xem xét, kết nạp 02 đảng viên mới, trong đó: nữ 01/02 "
        "(chiếm 50%); đoàn viên thanh niên 02/02 (chiếm 100%); dân tộc thiểu số 02/02 (chiếm 100%).",
        # V. discipline M3; rewards unit A, M4, M5; badges M1 (40), M5 (30); card M12; M9 in, M10 out
        "- Trong kỳ, đã thi hành kỷ luật 01 đảng viên bằng hình thức cảnh cáo.",
        "- Trong kỳ, đã khen thưởng 01 tập thể chi, đảng bộ (giấy khen 01) và 02 đảng viên (bằng khen 01, giấy "
        "khen 01); tặng Huy hiệu Đảng cho 02 đảng viên (30 năm: 01, 40 năm: 01).",
        "- Phát 01 thẻ đảng viên cho đảng viên chính thức; cấp lại, đổi 0 thẻ (do mất 0, do hỏng 0). Giới thiệu "
        "chuyển sinh hoạt đảng chính thức đi 01 lượt, tiếp nhận 01 lượt; chuyển sinh hoạt tạm thời đi 0 lượt, "
        "tiếp nhận 0 lượt.",
    ]
    for sentence in expected:
        assert sentence in paras, sentence
    headings = [p for p in paras if re.match(r"[IVX]+\. ", p)]
    assert headings == ["I. TÌNH HÌNH TỔ CHỨC ĐẢNG", "II. TÌNH HÌNH ĐỘI NGŨ ĐẢNG VIÊN",
                        "III. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN",
                        "IV. CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN",
                        "V. CÔNG TÁC KHEN THƯỞNG, KỶ LUẬT VÀ NGHIỆP VỤ CÔNG TÁC ĐẢNG VIÊN"]
    # the header block and the signature come from the settings table
    for text in ("ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG ỦY XÃ THANH BÌNH", "*", "Số 12-BC/ĐU", "ĐẢNG CỘNG SẢN VIỆT NAM",
                 "Thanh Bình, ngày 15 tháng 01 năm 2026", "BÁO CÁO",
                 "Kết quả công tác xây dựng tổ chức đảng và đảng viên năm 2025", "Nơi nhận:",
                 "- Ban Tổ chức Tỉnh ủy (b/c),", "- Lưu VP Đảng ủy.", "T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Bí",
                 "PHỤ LỤC 1", "XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN"):
        assert text in paras, text
    xml = all_xml_text(result.path)
    assert "{{" not in xml and "{%" not in xml and "}}" not in xml


def test_year_end_appendix_tables(fixture_db, tmp_path):
    import docx

    db, _ = fixture_db
    result, _ = _build(db, tmp_path, ReportRequest(kind="year_end", year=2025, doc_date=DOC_DAY))
    doc = docx.Document(str(result.path))
    tables = {t.rows[0].cells[1].text: t for t in doc.tables if len(t.rows[0].cells) > 2}
    ratings = next(t for t in doc.tables if len(t.rows) > 2 and t.rows[1].cells[-2].text == "Năm 2025" and
                   any(r.cells[1].text == "Xếp loại đảng viên" for r in t.rows))
    rows = {(r.cells[0].text, r.cells[1].text): [c.text for c in r.cells[2:-1]] for r in ratings.rows}
    # seed 001's two-row heading: KẾT QUẢ ĐẠT ĐƯỢC over the years
    assert [c.text for c in ratings.rows[0].cells] == ["STT", "NỘI DUNG", "KẾT QUẢ ĐẠT ĐƯỢC", "KẾT QUẢ ĐẠT ĐƯỢC",
                                                       "Ghi chú"]
    assert [c.text for c in ratings.rows[1].cells[2:-1]] == ["Năm 2024", "Năm 2025"]
    assert rows[("I", "Xếp loại tổ chức đảng")] == ["03", "03"]
    assert rows[("II", "Xếp loại đảng viên")] == ["08", "09"]
    member_rows = [r for r in ratings.rows][9:]
    assert member_rows[2].cells[1].text == "- Hoàn thành xuất sắc nhiệm vụ"
    assert [c.text for c in member_rows[2].cells[2:-1]] == ["01", "02"]    # HTXSNV 2024, 2025
    assert [c.text for c in member_rows[3].cells[2:-1]] == ["06", "05"]    # HTTNV
    assert [c.text for c in member_rows[6].cells[2:-1]] == ["03", "02"]    # not rated
    by_unit = next(t for t in doc.tables if t.rows[0].cells[1].text == "Chi, đảng bộ trực thuộc")
    body = {r.cells[1].text: r.cells[2].text for r in by_unit.rows[1:]}
    assert body == {"Chi bộ bản Nà Sla": "05", "Chi bộ Trạm y tế": "01", "Chi bộ Trường Tiểu học": "05", "Cộng": "11"}
    assert tables  # appendix tables exist


def test_period_review_writes_each_year_and_the_narrative(fixture_db, tmp_path):
    db, _ = fixture_db
    req = ReportRequest(kind="period_review", date_from=date(2024, 1, 1), date_to=date(2025, 12, 31),
                        title="Sơ kết 02 năm thực hiện Nghị quyết số 21-NQ/TW", doc_date=DOC_DAY,
                        narrative={"intro": "Thực hiện Công văn số 825-CV/TU của Ban Thường vụ Tỉnh ủy, Ban Thường "
                                            "vụ Đảng ủy xã báo cáo như sau:",
                                   "ratings": "Chất lượng đánh giá ngày càng thực chất.",
                                   "proposals": "Đề nghị cấp trên hỗ trợ kinh phí sinh hoạt chi bộ."})
    _, paras = _build(db, tmp_path, req)
    assert "Sơ kết 02 năm thực hiện Nghị quyết số 21-NQ/TW" in paras
    assert ("Thực hiện Công văn số 825-CV/TU của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Đảng ủy xã báo cáo như sau:"
            in paras)
    # 2024: 8 rated (M2 HTXSNV; M3, M4, M5, M8, M11, M13 HTTNV; M10 HTNV), 11 on the list
    assert ("- Năm 2024 có 07/08 đồng chí hoàn thành tốt nhiệm vụ trở lên, đạt 87,5%; trong đó 01 đồng chí hoàn "
            "thành xuất sắc nhiệm vụ, chiếm 14,3%; 01 đồng chí hoàn thành nhiệm vụ, chiếm 12,5%; không có đồng chí "
            "nào không hoàn thành nhiệm vụ; 03 đồng chí không tham gia đánh giá, xếp loại.") in paras
    assert ("- Năm 2025 có 07/09 đồng chí hoàn thành tốt nhiệm vụ trở lên, đạt 77,8%; trong đó 02 đồng chí hoàn "
            "thành xuất sắc nhiệm vụ, chiếm 28,6%; 01 đồng chí hoàn thành nhiệm vụ, chiếm 11,1%; 01 đồng chí không "
            "hoàn thành nhiệm vụ, chiếm 11,1%; 02 đồng chí không tham gia đánh giá, xếp loại.") in paras
    assert ("- Năm 2024 có 03/03 chi, đảng bộ trực thuộc được xếp loại hoàn thành tốt nhiệm vụ trở lên (tỷ lệ 100%); "
            "trong đó, có 01 chi, đảng bộ hoàn thành xuất sắc nhiệm vụ (tỷ lệ 33,3%); hoàn thành nhiệm vụ 0 chi, đảng "
            "bộ (không có chi, đảng bộ xếp loại không hoàn thành nhiệm vụ).") in paras
    # 2024: M12, M13, M14 admitted against a target of 2; 8 members on 31/12/2023
    assert ("- Năm 2024 đã kết nạp 03/02 quần chúng vào Đảng, đạt 150% kế hoạch năm và 37,50% so với tổng số "
            "đảng viên đầu năm (08 đảng viên).") in paras
    assert ("- Từ ngày 01/1/2024 đến ngày 31/12/2025, Đảng ủy đã xem xét, kết nạp 05 đảng viên mới, trong đó: nữ "
            "02/05 (chiếm 40%); đoàn viên thanh niên 03/05 (chiếm 60%); dân tộc thiểu số 04/05 (chiếm 80%).") in paras
    # the clerk's text follows the section it belongs to, before the next heading
    i = paras.index("Chất lượng đánh giá ngày càng thực chất.")
    assert paras[i + 1].startswith("IV. ")
    assert "VI. ĐỀ XUẤT, KIẾN NGHỊ" in paras
    assert paras[paras.index("VI. ĐỀ XUẤT, KIẾN NGHỊ") + 1] == "Đề nghị cấp trên hỗ trợ kinh phí sinh hoạt chi bộ."


def test_as_of_report_counts_the_list_on_that_day(fixture_db, tmp_path):
    db, _ = fixture_db
    req = ReportRequest(kind="as_of", as_of=date(2025, 5, 31), doc_date=DOC_DAY,
                        sections={"units", "members", "ratings", "appendix"})
    _, paras = _build(db, tmp_path, req)
    # on 31/5/2025: M8 died (10/5) and M10 left (1/2); M6, M9 arrived; M12 and M14 still probationary
    # a year before, 31/5/2024: M1–5, M8, M10, M11 and M13 (admitted 01/5/2024) = 9
    assert ("- Về số lượng đảng viên: Tính đến ngày 31/5/2025, Đảng bộ xã Thanh Bình có 11 đảng viên; so với cùng kỳ "
            "năm trước (ngày 31/5/2024: 09 đảng viên), tăng 02 đảng viên; trong đó 08 đảng viên chính thức, 03 đảng "
            "viên dự bị.") in paras
    assert ("Tính đến ngày 31/5/2025, Đảng bộ xã Thanh Bình có 04 tổ chức đảng trực thuộc, trong đó: 0 đảng bộ cơ "
            "sở, 0 chi bộ cơ sở; 04 chi bộ trực thuộc Đảng ủy (gồm 01 chi bộ thôn, bản, tổ dân phố, 01 chi bộ trường "
            "học, 01 chi bộ y tế, 01 chi bộ hợp tác xã) với 11 đảng viên.") in paras
    # the latest evaluation finished by 31/5/2025 is 2024's
    assert any(p.startswith("Năm 2024 tổng số đảng viên của Đảng bộ là 11 đồng chí. Trong đó, có 08 đồng chí") for p in paras)
    assert not any("Năm 2025" in p for p in paras)
    assert not any(p.startswith("IV. ") for p in paras)


def test_switched_off_sections_are_left_out(fixture_db, tmp_path):
    db, _ = fixture_db
    req = ReportRequest(kind="year_end", year=2025, doc_date=DOC_DAY, sections={"ratings"}, charts=set())
    result, paras = _build(db, tmp_path, req)
    assert [p for p in paras if re.match(r"[IVX]+\. ", p)] == [
        "I. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN"]
    assert not any(p.startswith("PHỤ LỤC") for p in paras)
    import docx

    assert not docx.Document(str(result.path)).inline_shapes


def test_report_content_gives_the_ui_sentences_and_chart_pngs(fixture_db):
    db, _ = fixture_db
    with db.session() as session:
        content = report_content(session, ReportRequest(kind="year_end", year=2025))
    assert [s.key for s in content.sections] == ["units", "members", "ratings", "recruitment", "discipline"]
    charts = content.charts()
    assert sorted(c.key for c in charts) == ["age", "ratings", "recruitment", "units"]
    assert all(c.png.startswith(b"\x89PNG") for c in charts)
    assert any("02/04 quần chúng" in s for s in content.all_sentences())


def test_progress_then_result(fixture_db, tmp_path):
    db, _ = fixture_db
    steps = list(build_report(db, ReportRequest(kind="year_end", year=2025), tmp_path / "x.docx"))
    assert [type(s).__name__ for s in steps][-1] == "ReportResult"
    assert [s.done for s in steps[:-1]] == sorted(s.done for s in steps[:-1])


@pytest.mark.parametrize("request_, field", [
    (ReportRequest(kind="period_review", date_from=date(2025, 1, 1), date_to=date(2025, 6, 30)), "title"),
    (ReportRequest(kind="period_review", date_from=date(2025, 6, 1), date_to=date(2025, 1, 1), title="x"),
     "date_from"),
    (ReportRequest(kind="as_of"), "as_of"),
    (ReportRequest(kind="monthly"), "kind"),
    (ReportRequest(kind="year_end", year=2025, sections={"gossip"}), "sections"),
])
def test_bad_requests_are_refused_in_vietnamese(fixture_db, tmp_path, request_, field):
    db, _ = fixture_db
    with pytest.raises(DomainError) as err:
        list(build_report(db, request_, tmp_path / "bad.docx"))
    assert err.value.field == field
    assert not (tmp_path / "bad.docx").exists()


def test_quota_warning_comes_with_the_report(fixture_db, tmp_path):
    # 2025: 2 HTXSNV of 7 HTTNV-or-better = 28,6% > 20%
    db, _ = fixture_db
    result, _ = _build(db, tmp_path, ReportRequest(kind="year_end", year=2025, doc_date=DOC_DAY))
    assert result.warnings == ["Năm 2025: 2/7 đảng viên hoàn thành xuất sắc nhiệm vụ (28,6%), vượt 20% số hoàn "
                               "thành tốt nhiệm vụ trở lên."]


def test_an_empty_database_still_gives_a_document_and_forms(db, tmp_path):
    from app.export import write_forms_xlsx

    result, paras = _build(db, tmp_path, ReportRequest(kind="year_end", year=2025, doc_date=DOC_DAY))
    assert "BÁO CÁO" in paras
    assert "Chưa có kết quả xếp loại đảng viên trong kỳ." not in paras  # no ratings at all: no ratings section
    assert any("Chưa điền «Họ tên người ký»" in w for w in result.warnings)
    assert write_forms_xlsx(db, date(2025, 1, 1), date(2025, 12, 31), tmp_path / "b.xlsx").exists()


def test_unwritable_folder_is_a_message(fixture_db, tmp_path):
    db, _ = fixture_db
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(DomainError) as err:
        run(build_report(db, ReportRequest(kind="year_end", year=2025), blocker / "r.docx"))
    assert err.value.field == "out"
