"""Screenshots of every tab at 1366×768 on a demo database, into out/screenshots/ (not in git).

They are for looking at (clipped Vietnamese text, overlaps); the test checks that each was drawn.
"""

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication

from .conftest import SCREENSHOTS, in_dialog, wait_loaded

OUT = Path(os.environ.get("DANGVU_SCREENSHOTS", SCREENSHOTS))


def _save(widget, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    path = OUT / f"{name}.png"
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 10_000
    return path


def test_screenshot_every_tab(window, qtbot):
    window.resize(1366, 768)
    names = ["1_tong_quan", "2_to_chuc", "3_dang_vien", "4_danh_gia", "5_ket_nap", "6_bao_cao"]
    for index, name in enumerate(names[:window.tabs.count()]):
        window.tabs.setCurrentIndex(index)
        tab = window.tabs.widget(index)
        wait_loaded(qtbot, tab)
        if tab is window.units:
            busy = max((u for u in tab.units if u.kind.value == "cell"), key=lambda u: u.member_count)
            tab.select_unit(busy.id)
            wait_loaded(qtbot, tab)
        if tab is window.home:
            qtbot.waitUntil(window.home.data_shown, timeout=15000)
        if tab is window.members:
            qtbot.waitUntil(lambda: window.members.loaded, timeout=15000)
            window.members.select_member(window.members.model.row_at(3).id)
        qtbot.wait(50)
        assert window.size().width() == 1366
        _save(window, name)
    members = window.members
    window.tabs.setCurrentWidget(members)
    for i, name in ((1, "3b_hoc_van"), (2, "3c_dang"), (3, "3d_qua_trinh")):
        members.detail.tabs.setCurrentIndex(i)
        _save(window, name)
    recruitment = window.recruitment
    window.tabs.setCurrentWidget(recruitment)
    for i, name in ((1, "5b_chi_tieu"), (2, "5c_du_bi")):
        recruitment.tabs.setCurrentIndex(i)
        wait_loaded(qtbot, recruitment)
        _save(window, name)


def test_screenshot_dialogs(window, qtbot):
    window.tabs.setCurrentWidget(window.members)
    wait_loaded(qtbot, window.members)
    qtbot.waitUntil(lambda: window.members.loaded, timeout=15000)
    window.members.select_member(window.members.model.row_at(0).id)

    def shoot(name):
        def fill(dialog):
            dialog.adjustSize()
            _save(dialog, name)
            dialog.reject()
        return fill

    in_dialog(qtbot, lambda: window.members.run_action("transfer_out"), shoot("d1_chuyen_di"))
    window.tabs.setCurrentWidget(window.recruitment)
    wait_loaded(qtbot, window.recruitment)
    in_dialog(qtbot, window.recruitment.new_item, shoot("d2_quan_chung"))
    window.tabs.setCurrentWidget(window.units)
    in_dialog(qtbot, window.units.new_item, shoot("d3_thanh_lap"))
    from app.ui.main_window import AboutDialog

    about = AboutDialog(window.db, window)
    about.show()
    _save(about, "d4_gioi_thieu")
