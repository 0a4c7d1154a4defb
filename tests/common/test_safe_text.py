"""app/common/safe_text.py (issue 17)."""

import openpyxl
from hypothesis import given, strategies as st

from app.common.safe_text import clean_text, decode_excel_escapes, set_text_cell, xml_safe


def test_clean_text_keeps_what_the_clerk_wrote_but_control_characters():
    assert clean_text("Nguyễn\x01 Văn\u202e An") == "Nguyễn Văn An"
    assert clean_text("Dòng 1\r\nDòng 2") == "Dòng 1\nDòng 2"
    assert clean_text("Nguye\u0302\u0303n") == "Nguyễn"          # NFC
    assert decode_excel_escapes("A_x0001_B") == "A\x01B"


@given(st.text())
def test_xml_safe_output_is_always_writable(text):
    wb = openpyxl.Workbook()
    set_text_cell(wb.active["A1"], text)        # never raises IllegalCharacterError
    assert wb.active["A1"].data_type in ("s", "n")
    assert all(ch in "\t\n\r" or ord(ch) >= 32 for ch in xml_safe(text))


def test_formula_looking_text_is_stored_as_text(tmp_path):
    wb = openpyxl.Workbook()
    for i, text in enumerate(["=1+1", "+2", "-3", "@SUM(1)", "=HYPERLINK(\"x\")"], 1):
        set_text_cell(wb.active.cell(row=i, column=1), text)
    wb.save(tmp_path / "x.xlsx")
    back = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    assert [back.cell(row=i, column=1).data_type for i in range(1, 6)] == ["s"] * 5
    assert back["A1"].value == "=1+1"
