"""Format of the written document (Hướng dẫn 36-HD/VPTW): A4, margins from the settings, Times New Roman in
every font slot, page numbers from page 2, and the template rules (unknown / unfilled placeholders)."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from app.export.doc_settings import DocSettings
from app.export.docx_writer import render_docx
from app.export.make_templates import TEMPLATE_NAMES, build_template, default_templates_dir
from app.export.report import ReportRequest, content_from_data, run, build_report
from app.services.errors import DomainError

from .docx_read import all_xml_text, paragraphs
from .sample_data import SETTINGS, data

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REQ = ReportRequest(kind="period_review", date_from=date(2025, 7, 1), date_to=date(2026, 3, 1),
                    title="Sơ kết thực hiện Nghị quyết số 21-NQ/TW", doc_date=date(2026, 3, 15),
                    narrative={"members": "Chất lượng đội ngũ đảng viên từng bước được nâng lên."})


def _render(tmp_path, settings=None, template=None, name="out.docx"):
    settings = DocSettings.from_mapping(settings or SETTINGS)
    content = content_from_data(data(), REQ, settings)
    template = template or default_templates_dir() / TEMPLATE_NAMES["period_review"]
    return render_docx(content, settings, template, tmp_path / name)


def test_a4_and_margins_from_settings(tmp_path):
    import docx
    from docx.shared import Mm

    result = _render(tmp_path, {**SETTINGS, "margin_top_mm": "25", "margin_left_mm": "35", "margin_right_mm": "20",
                                "margin_bottom_mm": "22"})
    section = docx.Document(str(result.path)).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert abs(section.top_margin - Mm(25)) < Mm(0.1)
    assert abs(section.left_margin - Mm(35)) < Mm(0.1)
    assert abs(section.right_margin - Mm(20)) < Mm(0.1)
    assert abs(section.bottom_margin - Mm(22)) < Mm(0.1)


def test_default_margins_are_20_20_30_15(tmp_path):
    import docx
    from docx.shared import Mm

    section = docx.Document(str(_render(tmp_path, {}).path)).sections[0]
    assert [round(x / Mm(1)) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                       section.right_margin)] == [20, 20, 30, 15]


def test_times_new_roman_in_every_font_slot(tmp_path):
    from lxml import etree

    result = _render(tmp_path)
    with zipfile.ZipFile(result.path) as z:
        for part in ("word/document.xml", "word/styles.xml", "word/header1.xml"):
            if part not in z.namelist():
                continue
            root = etree.fromstring(z.read(part))
            fonts = root.iter(f"{W}rFonts")
            for el in fonts:
                for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                    value = el.get(f"{W}{slot}")
                    assert value in (None, "Times New Roman"), (part, slot, value)
                assert el.get(f"{W}asciiTheme") is None
        doc = etree.fromstring(z.read("word/document.xml"))
        runs = [r for r in doc.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
        assert runs
        for r in runs:
            rfonts = r.find(f"{W}rPr/{W}rFonts")
            assert rfonts is not None and rfonts.get(f"{W}eastAsia") == "Times New Roman"
        styles = etree.fromstring(z.read("word/styles.xml"))
        default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        assert default.get(f"{W}ascii") == "Times New Roman" and default.get(f"{W}cs") == "Times New Roman"


def test_page_numbers_from_page_two(tmp_path):
    import docx

    result = _render(tmp_path)
    d = docx.Document(str(result.path))
    section = d.sections[0]
    assert section.different_first_page_header_footer  # <w:titlePg/>
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and "fldChar" in header_xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_header_block_is_a_borderless_two_column_table(tmp_path):
    import docx

    d = docx.Document(str(_render(tmp_path).path))
    first = d.element.body[0]
    assert first.tag == f"{W}tbl"
    header = d.tables[0]
    left, right = (c.text.split("\n") for c in header.rows[0].cells)
    assert left == ["ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG ỦY XÃ BÌNH LƯ", "*", "Số 125-BC/ĐU"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Bình Lư, ngày 15 tháng 3 năm 2026"]
    borders = header._tbl.tblPr.find(f"{W}tblBorders")
    assert all(el.get(f"{W}val") == "nil" for el in borders)
    party = header.rows[0].cells[1].paragraphs[0]
    assert party.runs[0].bold and party.runs[0].font.size.pt == 15
    assert party._p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None       # the line under it
    date_run = header.rows[0].cells[1].paragraphs[1].runs[0]
    assert date_run.italic
    issuing = header.rows[0].cells[0].paragraphs[1].runs[0]
    assert issuing.bold and issuing.font.size.pt == 14


def test_title_body_and_signature(tmp_path):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document(str(_render(tmp_path).path))
    paras = d.paragraphs
    title = next(p for p in paras if p.text == "BÁO CÁO")
    assert title.runs[0].bold and title.runs[0].font.size.pt == 16
    subject = next(p for p in paras if p.text == "Sơ kết thực hiện Nghị quyết số 21-NQ/TW")
    assert subject.runs[0].bold and subject.runs[0].font.size.pt == 14
    body = next(p for p in paras if p.text.startswith("- Về trình độ:"))
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and body.paragraph_format.first_line_indent > 0
    assert body.runs[0].font.size.pt == 14
    sig = d.tables[1]
    left, right = (c.text.split("\n") for c in sig.rows[0].cells)
    assert left == ["Nơi nhận:", "- Ban Thường vụ Tỉnh ủy (b/c),", "- Ban Tổ chức Tỉnh ủy (b/c),",
                    "- Các chi, đảng bộ trực thuộc xã,", "- Lưu VPĐU."]
    assert right[:2] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"] and right[-1] == "Tạ Thị Dung"
    noi_nhan = sig.rows[0].cells[0].paragraphs[0].runs[0]
    # Hướng dẫn 36-HD/VPTW (Party documents): "Nơi nhận:" 14, upright, underlined; the list 12, upright
    assert noi_nhan.font.size.pt == 14 and noi_nhan.underline and not noi_nhan.bold and not noi_nhan.italic
    listed = sig.rows[0].cells[0].paragraphs[1].runs[0]
    assert listed.font.size.pt == 12 and not listed.italic


def test_narrative_follows_its_section(tmp_path):
    paras = paragraphs(_render(tmp_path).path)
    i = paras.index("Chất lượng đội ngũ đảng viên từng bước được nâng lên.")
    assert paras[i - 1].startswith("Từ ngày 01/7/2025 đến ngày 01/3/2026, kết nạp 21 đảng viên")
    assert paras[i + 1].startswith("III. ")


def test_unfilled_placeholders_are_reported_and_printed_blank(tmp_path):
    settings = {k: v for k, v in SETTINGS.items() if k not in ("doc_number", "signer_name")}
    result = _render(tmp_path, settings)
    assert any("Số văn bản" in w for w in result.warnings)
    assert any("Họ tên người ký" in w for w in result.warnings)
    text = all_xml_text(result.path)
    assert "Số …-BC/ĐU" in paragraphs(result.path)
    assert "{{" not in text and "{%" not in text


def _edited_template(tmp_path, old: str, new: str) -> Path:
    """A copy of our template with one piece of text changed, the way a clerk edits it in Word."""
    src = default_templates_dir() / TEMPLATE_NAMES["period_review"]
    dest = tmp_path / "mau" / TEMPLATE_NAMES["period_review"]
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            blob = zin.read(item.filename)
            if item.filename == "word/document.xml":
                xml = blob.decode("utf-8")
                assert old in xml
                blob = xml.replace(old, new, 1).encode("utf-8")
            zout.writestr(item, blob)
    return dest


def test_unknown_placeholder_is_refused_by_name(tmp_path):
    tpl = _edited_template(tmp_path, "{{ subject }}", "{{ subject }} {{ ten_chi_bo }}")
    with pytest.raises(DomainError) as err:
        _render(tmp_path, template=tpl)
    assert "{{ ten_chi_bo }}" in str(err.value) and err.value.field == "template"
    assert not (tmp_path / "out.docx").exists()


def test_broken_placeholder_is_refused(tmp_path):
    tpl = _edited_template(tmp_path, "{{ subject }}", "{{ subject ")
    with pytest.raises(DomainError) as err:
        _render(tmp_path, template=tpl)
    assert "Mẫu báo cáo" in str(err.value)


def test_template_without_body_is_refused(tmp_path):
    tpl = _edited_template(tmp_path, "{{p body }}", "nội dung")
    with pytest.raises(DomainError) as err:
        _render(tmp_path, template=tpl)
    assert "{{p body }}" in str(err.value)


def test_the_clerks_own_template_folder_is_used(tmp_path, fixture_db):
    db, _ = fixture_db
    tpl = _edited_template(tmp_path, "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM ")
    folder = tpl.parent
    # the year-end template is the one looked up for a year-end report
    shutil.copy(tpl, folder / TEMPLATE_NAMES["year_end"])
    _edit_in_place(folder / TEMPLATE_NAMES["year_end"], "{{ title }}", "{{ title }} (BẢN CỦA XÃ)")
    from app.services import settings as settings_service

    with db.transaction() as s:
        settings_service.set_settings(s, {"template_dir": str(folder)})
    result = run(build_report(db, ReportRequest(kind="year_end", year=2025), tmp_path / "ye.docx"))
    assert "BÁO CÁO (BẢN CỦA XÃ)" in paragraphs(result.path)


def test_missing_template_folder_is_refused(tmp_path, fixture_db):
    db, _ = fixture_db
    from app.services import settings as settings_service

    with db.transaction() as s:
        settings_service.set_settings(s, {"template_dir": str(tmp_path / "khong-co")})
    with pytest.raises(DomainError) as err:
        run(build_report(db, ReportRequest(kind="year_end", year=2025), tmp_path / "ye.docx"))
    assert err.value.field == "template_dir"


def _edit_in_place(path: Path, old: str, new: str) -> None:
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            blob = zin.read(item.filename)
            if item.filename == "word/document.xml":
                blob = blob.decode("utf-8").replace(old, new, 1).encode("utf-8")
            zout.writestr(item, blob)
    tmp.replace(path)


def test_committed_templates_match_the_generator(tmp_path):
    """resources/templates/*.docx say what make_templates writes (so an edit of the script is not lost)."""
    for name in TEMPLATE_NAMES.values():
        fresh = build_template(tmp_path / name)
        committed = default_templates_dir() / name
        assert committed.exists()
        assert paragraphs(fresh) == paragraphs(committed)


def test_tables_shrink_to_wider_margins(tmp_path):
    import docx
    from docx.shared import Mm

    result = _render(tmp_path, {**SETTINGS, "margin_left_mm": "35", "margin_right_mm": "35"})
    d = docx.Document(str(result.path))
    text_width = Mm(210 - 35 - 35)
    for table in d.tables:
        cols = table._tbl.tblGrid.findall(f"{W}gridCol")
        total_twips = sum(int(c.get(f"{W}w")) for c in cols)
        assert Mm(total_twips / 56.7) <= text_width + Mm(0.5)
    assert d.inline_shapes and all(s.width <= text_width + Mm(0.1) for s in d.inline_shapes)


def test_document_ends_with_a_paragraph_without_appendix(tmp_path):
    import docx

    settings = DocSettings.from_mapping(SETTINGS)
    req = ReportRequest(kind="period_review", date_from=date(2025, 7, 1), date_to=date(2026, 3, 1), title="Sơ kết",
                        sections={"units"}, charts=set())
    content = content_from_data(data(), req, settings)
    result = render_docx(content, settings, default_templates_dir() / TEMPLATE_NAMES["period_review"],
                         tmp_path / "x.docx")
    body = [c for c in docx.Document(str(result.path)).element.body.iterchildren()]
    assert body[-1].tag == f"{W}sectPr" and body[-2].tag == f"{W}p"


def test_ampersand_and_angle_brackets_in_names_and_title(tmp_path):
    settings = {**SETTINGS, "issuing_body": "Đảng ủy Khối Cơ quan & Doanh nghiệp", "signer_name": "A <B>"}
    settings_obj = DocSettings.from_mapping(settings)
    req = ReportRequest(kind="period_review", date_from=date(2025, 7, 1), date_to=date(2026, 3, 1),
                        title="Sơ kết Nghị quyết <21> & Kết luận 80", narrative={"intro": "Mở đầu & <căn cứ>"})
    content = content_from_data(data(), req, settings_obj)
    result = render_docx(content, settings_obj, default_templates_dir() / TEMPLATE_NAMES["period_review"],
                         tmp_path / "amp.docx")
    paras = paragraphs(result.path)
    assert "ĐẢNG ỦY KHỐI CƠ QUAN & DOANH NGHIỆP" in paras
    assert "Sơ kết Nghị quyết <21> & Kết luận 80" in paras
    assert "A <B>" in paras and "Mở đầu & <căn cứ>" in paras
