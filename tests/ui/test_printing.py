"""Every printout rendered to PDF offscreen and read back (pdftotext, pdfinfo); the window's print actions.

The fixture commune is tests/export/fixture_db.py (hand-counted); the window tests use the demo database.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from app.export import printouts as P
from tests.export.conftest import _fixture_db_file, fixture_db  # noqa: F401 - the fixtures, shared
from tests.export.test_printouts import LEFT_2025, ON_ROLL_2025

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) needed")
SHOTS = Path("/tmp/h13-print")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_pages(path: Path) -> list[str]:
    return pdf_text(path).split("\f")[:-1]


def pdf_info(path: Path) -> dict:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def render(qapp, printout, path: Path) -> int:
    from app.ui.printing import write_pdf

    return write_pdf(printout, path)


def _header_ok(text: str) -> None:
    flat = " ".join(text.split())
    assert "ĐẢNG BỘ TỈNH LAI CHÂU" in flat and "ĐẢNG ỦY XÃ THANH BÌNH" in flat
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in flat


BUILDERS = {
    "members": lambda s, ids: P.members_printout(s, as_of=date(2026, 1, 5)),
    "book": lambda s, ids: P.book_printout(s, as_of=date(2025, 12, 31)),
    "record": lambda s, ids: P.record_printout(s, ids["M5"], as_of=date(2026, 1, 5)),
    "rating_sheet": lambda s, ids: P.rating_sheet_printout(s, 2025, ids["B"]),
    "rating_summary": lambda s, ids: P.rating_summary_printout(s, 2025),
    "reminders": lambda s, ids: P.reminders_printout(s, date(2026, 2, 15), days=30),
    "recruitment": lambda s, ids: P.recruitment_printout(s, 2025, as_of=date(2025, 12, 31)),
    "units": lambda s, ids: P.units_printout(s, date(2025, 12, 31)),
}
TITLES = {"members": "DANH SÁCH ĐẢNG VIÊN", "book": "SỔ DANH SÁCH ĐẢNG VIÊN", "record": "PHIẾU ĐẢNG VIÊN",
          "rating_sheet": "DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM 2025",
          "rating_summary": "TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2025",
          "reminders": "DANH SÁCH ĐẢNG VIÊN CẦN XEM XÉT", "recruitment": "DANH SÁCH PHÁT TRIỂN ĐẢNG VIÊN",
          "units": "DANH SÁCH TỔ CHỨC ĐẢNG TRỰC THUỘC"}
# who must appear, by hand from the fixture's story
NAMES = {"members": ON_ROLL_2025, "book": ON_ROLL_2025 + LEFT_2025, "record": ["Phạm Văn Em"],
         "rating_sheet": ["Trần Thị Dung", "Phạm Văn Em", "Hoàng Thị Gấm", "Bùi Thị Lan", "Đinh Thị Oanh"],
         "rating_summary": ["Chi bộ bản Nà Sla", "Chi bộ Trường Tiểu học", "Chi bộ Trạm y tế"],
         "reminders": ["Hoàng Thị Gấm"], "recruitment": ["Chi bộ bản Nà Sla", "Chi bộ Trường Tiểu học"],
         "units": ["Chi bộ bản Nà Sla", "Chi bộ Trường Tiểu học", "Chi bộ Trạm y tế"]}


@pytest.mark.parametrize("kind", list(BUILDERS))
def test_each_printout_to_pdf(qapp, fixture_db, tmp_path, kind):  # noqa: F811
    db, ids = fixture_db
    with db.session() as s:
        printout = BUILDERS[kind](s, ids)
    path = tmp_path / f"{kind}.pdf"
    pages = render(qapp, printout, path)
    text = pdf_text(path)
    flat = " ".join(text.split())
    assert " ".join(TITLES[kind].split()) in flat
    if kind == "rating_sheet":  # the chi bộ's own list: the đảng bộ above it, the chi bộ, signed by the chi bộ
        assert "ĐẢNG BỘ XÃ THANH BÌNH" in flat and "CHI BỘ TRƯỜNG TIỂU HỌC" in flat and "T/M CHI BỘ" in flat
    else:
        _header_ok(text)
    for name in NAMES[kind]:
        wanted = name.upper() if kind == "book" else name
        assert wanted in flat, (kind, name)
    assert len(pdf_pages(path)) == pages >= 1
    for i, page in enumerate(pdf_pages(path), 1):
        assert f"Trang {i}/{pages}" in page
    info = pdf_info(path)
    w, h = (float(x) for x in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert sorted((round(w), round(h))) == [595, 842]  # A4 in points (either way round)
    assert (w > h) == printout.is_landscape
    if SHOTS.exists():
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(path), str(SHOTS / f"pdf_{kind}")],
                       check=True)


def test_a_long_list_repeats_its_header_on_every_page(qapp, fixture_db, tmp_path):  # noqa: F811
    db, ids = fixture_db
    with db.session() as s:
        p = P.members_printout(s, as_of=date(2026, 1, 5))
    body = p.tables[0].rows
    p.tables[0].rows = [[n, *r[1:]] for n, r in enumerate(body * 30, 1)]  # 330 rows
    path = tmp_path / "long.pdf"
    pages = render(qapp, p, path)
    texts = pdf_pages(path)
    assert pages == len(texts) >= 6
    for i, page in enumerate(texts, 1):
        assert "Họ và tên" in page and "Ngày vào" in page, i        # the table header on every page
        assert f"Trang {i}/{pages}" in page
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in texts[0] and "ĐẢNG CỘNG SẢN VIỆT NAM" not in texts[1]
    numbers = [int(m) for t in texts for m in re.findall(r"^\s*(\d+)\s+\S", t, re.M)]
    assert [n for n in numbers if n <= 330][:330] == list(range(1, 331))  # every row once, in order
    assert "Tổng số: 11 đảng viên." in texts[-1] and "T/M ĐẢNG ỦY" in texts[-1]


def test_cli_writes_pdf_and_xlsx(fixture_db, tmp_path):  # noqa: F811
    import openpyxl

    from app.cli import main

    db, ids = fixture_db
    out_pdf, out_xlsx = tmp_path / "so.pdf", tmp_path / "xl.xlsx"
    assert main(["print", "book", "--db", str(db.path), "--unit", "truong tieu hoc", "--as-of", "31/12/2025",
                 "--out", str(out_pdf)]) == 0
    flat = " ".join(pdf_text(out_pdf).split())
    assert "SỔ DANH SÁCH ĐẢNG VIÊN" in flat and "CHI BỘ TRƯỜNG TIỂU HỌC" in flat and "BÙI THỊ LAN" in flat
    assert "LÒ THỊ BÌNH" not in flat  # of chi bộ bản Nà Sla
    assert main(["print", "ratings", "--db", str(db.path), "--unit", "Nà Sla", "--year", "2025",
                 "--out", str(out_xlsx)]) == 0
    ws = openpyxl.load_workbook(out_xlsx).worksheets[0]
    names = [r[1].value for r in ws.iter_rows() if isinstance(r[0].value, int) and r[1].value]
    # A on 31/12/2025 (rating sheet: members of the unit in the year): An, Bình, Chu, Hải, Khánh, Páo, Quang
    assert sorted(names) == sorted(["Nguyễn Văn An", "Lò Thị Bình", "Vàng A Chu", "Lý Văn Hải", "Đỗ Văn Khánh",
                                    "Sùng A Páo", "Vừ Văn Quang"])
    for kind in ("members", "reminders", "units", "recruitment"):
        assert main(["print", kind, "--db", str(db.path), "--out", str(tmp_path / f"{kind}.xlsx")]) == 0


def test_cli_refuses_an_unknown_unit_and_a_wrong_extension(fixture_db, tmp_path, capsys):  # noqa: F811
    from app.cli import main

    db, _ = fixture_db
    assert main(["print", "book", "--db", str(db.path), "--unit", "Không có", "--out", str(tmp_path / "a.pdf")]) == 1
    assert "Không có tổ chức đảng nào tên «Không có»" in capsys.readouterr().err
    assert main(["print", "book", "--db", str(db.path), "--unit", "chi bộ", "--out", str(tmp_path / "a.pdf")]) == 1
    assert "Có 4 tổ chức đảng khớp với «chi bộ»" in capsys.readouterr().err
    assert main(["print", "book", "--db", str(db.path), "--out", str(tmp_path / "a.doc")]) == 1
    assert not (tmp_path / "a.pdf").exists()


# --- the window --------------------------------------------------------------------------------------------

def _members_tab(window, qtbot):
    from tests.ui.conftest import wait_loaded

    window.tabs.setCurrentWidget(window.members)
    wait_loaded(qtbot, window.members)
    qtbot.waitUntil(lambda: window.members.loaded, timeout=15000)
    return window.members


def _shot(widget, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def test_ctrl_p_previews_the_member_list_as_filtered_and_sorted(window, qtbot, tmp_path, accept_column_chooser):
    from PySide6.QtCore import Qt
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from tests.ui.conftest import type_text

    tab = _members_tab(window, qtbot)
    type_text(tab.search, "nguyen")
    tab.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # by date of birth, youngest first
    shown = [tab.model.row_at(i).full_name for i in range(tab.model.rowCount())]
    assert 3 < len(shown) < len(tab.model.rows)
    assert window.print_preview_action.shortcut().toString() == "Ctrl+P"
    window.print_preview_action.trigger()  # the members list asks which columns: accept what is shown
    qtbot.waitUntil(lambda: bool(window.findChildren(QPrintPreviewDialog)), timeout=30000)   # built on a worker
    dlg = next(w for w in window.findChildren(QPrintPreviewDialog))
    qtbot.waitUntil(dlg.isVisible, timeout=5000)
    qtbot.wait(300)
    _shot(dlg, "preview_members.png")
    dlg.close()
    # the same list saved as .xlsx: the rows in the window's order
    import openpyxl

    from app.ui import print_menu

    source = print_menu.sources_of(tab)[0]
    source.ask = None
    out = tmp_path / "ds.xlsx"
    from app.ui import printing

    with tab.db.session() as s:
        printing.save_xlsx(source.build(s), tab, out)
    ws = openpyxl.load_workbook(out).worksheets[0]
    names = [r[1].value for r in ws.iter_rows() if isinstance(r[0].value, int)]
    assert names == shown
    headers = next([c.value for c in r] for r in ws.iter_rows() if r[0].value == "STT")
    assert headers == ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chi bộ", "Đảng viên",
                       "Ngày vào Đảng", "Tình trạng"]


@pytest.fixture
def accept_column_chooser(monkeypatch):
    from PySide6.QtWidgets import QDialog

    from app.ui import print_menu

    monkeypatch.setattr(print_menu.ColumnChooser, "exec", lambda self: QDialog.DialogCode.Accepted)


def test_hidden_columns_are_not_printed(window, qtbot, accept_column_chooser):
    from app.ui import print_menu

    tab = _members_tab(window, qtbot)
    tab.view.horizontalHeader().hideSection(2)   # Giới tính
    tab.view.horizontalHeader().moveSection(4, 1)  # Chi bộ second
    src = print_menu.sources_of(tab)[0]
    asked = src.ask(tab)
    assert asked["columns"] == ["name", "unit", "birth", "ethnicity", "standing", "admitted", "status"]


def test_every_tab_has_a_print_context_menu_and_the_book_previews(window, qtbot, accept_column_chooser):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from app.ui import print_menu

    _members_tab(window, qtbot)
    for tab, view in ((window.members, window.members.view), (window.units, window.units.tree),
                      (window.evaluation, window.evaluation.view), (window.recruitment, window.recruitment.candidate_view),
                      (window.home, window.home.view)):
        menu = print_menu.context_menu(tab, view, None)
        texts = [a.text() for a in menu.actions()]
        assert texts.count("In…") == texts.count("Xuất Excel…") == texts.count("Lưu PDF…") >= 1, tab
        menu.deleteLater()
    book = next(s for s in print_menu.sources_of(window.members) if s.label.startswith("Sổ danh sách"))
    shown = []
    print_menu.run(window.members, book, "preview", window, then=shown.append)   # built on a worker
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    dlg = shown[0]
    assert isinstance(dlg, QPrintPreviewDialog)
    qtbot.waitUntil(dlg.isVisible, timeout=5000)
    qtbot.wait(300)
    _shot(dlg, "preview_book.png")
    assert dlg.printer_.pageLayout().pageSize().id() == dlg.printer_.pageLayout().pageSize().PageSizeId.A4
    dlg.close()


def test_the_current_tab_saves_a_pdf_from_the_file_menu(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / "xep-loai.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    window.tabs.setCurrentWidget(window.evaluation)
    from tests.ui.conftest import wait_loaded

    wait_loaded(qtbot, window.evaluation)
    window.print_pdf_action.trigger()
    year = window.evaluation.year.value()
    qtbot.waitUntil(out.exists, timeout=30000)   # built on a worker, then written
    assert out.exists() and f"TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM {year}" in " ".join(
        pdf_text(out).split())


def test_word_report_print_button_says_what_the_system_offers(tmp_path, monkeypatch):
    from app.ui import printing

    doc = tmp_path / "bc.docx"
    doc.write_bytes(b"x")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert "LibreOffice" in printing.system_print(doc)
