"""The wizard's mapping step on the official book: stacked columns shown as the facts they hold, a line's
meaning corrected by the clerk and remembered for the layout (real files, real widgets offscreen)."""

from __future__ import annotations

import os
from pathlib import Path

from app.importing import load_remembered, read_workbooks
from app.ui import import_wizard as W

from tests.importing import book_fixtures as F

from .test_import_wizard import wizard  # noqa: F401 - the same wizard fixture

OUT = Path(os.environ.get("DANGVU_SCREENSHOTS", "/tmp/h10-book"))


def test_stacked_columns_are_shown_and_a_line_can_be_remapped(qtbot, wizard, tmp_path):
    path = F.write_book_xlsx(tmp_path / "so_2025.xlsx", [
        {"name": "thôn Đông", "digits": 8, "rows": F.book_rows([F.EAST], title=[F.TITLE_AS_OF])},
        {"name": "bản cũ", "digits": 8, "rows": F.book_rows([F.EAST], title=[F.TITLE_AS_OF]), "hidden": True}])
    page = wizard.files_page
    page.add_files([str(path)])
    qtbot.waitUntil(page.isComplete, timeout=20000)
    wizard.next()
    sheets = wizard.sheets_page
    # the hidden sheet is listed, not ticked, and says why
    assert sheets.sheets.rowCount() == 2
    assert sheets.sheets.item(1, 0).checkState() == W.Qt.CheckState.Unchecked
    assert "ẩn" in sheets.sheets.item(1, 6).text()
    summary = sheets.stacked.summary()
    assert sheets.stacked.isVisible()
    assert "Cột E «Văn hoá, lý luận, CMNV, ngoại ngữ» → Giáo dục phổ thông · Lý luận chính trị · " \
           "Chuyên môn nghiệp vụ · Ngoại ngữ" in summary
    assert any(s.startswith("Cột H–O «Số thẻ đảng viên, số lý lịch» → Số thẻ đảng viên · Số lý lịch") for s in summary)
    # each line is a row of the mapping table, named by its sheet column and line
    table = sheets.tables[0]
    row = next(r for r, c in enumerate(table.columns) if c.field == "foreign_language")
    assert sheets.mapping.item(row, 0).text() == "E, dòng 4"
    OUT.mkdir(parents=True, exist_ok=True)
    sheets.grab().save(str(OUT / "book_mapping.png"))
    # the clerk says line 4 of column E is the computer skill, not the language
    combo = sheets.combo(row)
    combo.setCurrentIndex(combo.findData("it_skill"))
    assert table.columns[row].field == "it_skill"
    assert any("Tin học" in s for s in sheets.stacked.summary())
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: not preview.planning, timeout=20000)
    assert load_remembered()[table.layout_key][row] == ("it_skill", None)
    again = read_workbooks([path])
    assert again[0].columns[row].field == "it_skill"
