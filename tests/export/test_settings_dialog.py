"""«Cài đặt» in the window (pytest-qt, offscreen): a fresh database's report warns about the blank header
and the warning opens the dialog; the dialog suggests, checks, previews and saves in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

SHOTS = Path("/tmp/h12-reports-shots")


@pytest.fixture
def fresh_db(fixture_db):
    """The export fixture's commune with every setting removed (a database no one has set up)."""
    from sqlalchemy import delete

    from app.models import Setting

    db, _ = fixture_db
    with db.transaction() as s:
        s.execute(delete(Setting))
    return db


def _settings_values(db) -> dict:
    from app.services.settings import get_settings

    with db.session() as s:
        return get_settings(s)


def test_a_fresh_databases_report_warns_and_the_warning_opens_the_settings(qtbot, fresh_db, tmp_path,
                                                                           monkeypatch):
    import docx

    from app.export.docx_writer import HEADER_BLANK
    from app.ui.reports_tab import ReportsTab
    from app.ui.settings_dialog import SettingsDialog

    tab = ReportsTab(fresh_db)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    tab.show()
    tab.refresh()
    qtbot.waitUntil(lambda: not tab.loader.busy(), timeout=10000)
    tab.set_kind("as_of")
    tab.as_of.setDate(date(2025, 12, 31))
    out = tmp_path / "bao_cao.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), a[-1])))
    tab.export_docx()
    qtbot.waitUntil(lambda: tab.last_path == out and tab.docx_button.isEnabled(), timeout=60000)

    texts = [p.text for p in docx.Document(str(out)).paragraphs] + [
        p.text for t in docx.Document(str(out)).tables for c in t._cells for p in c.paragraphs]
    assert HEADER_BLANK in texts
    assert tab.warnings_label.isVisible() and "Tên cơ quan ban hành văn bản" in tab.warnings_label.text()
    assert "issuing_body" not in tab.warnings_label.text()
    assert tab.settings_button.isVisible()

    seen = []

    def fill():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog) and w.isVisible())
        seen.append(dialog)
        dialog.set_value("parent_body", "Đảng bộ tỉnh Lai Châu")
        dialog.set_value("issuing_body", "Đảng ủy xã Thanh Bình")
        dialog.set_value("place_name", "Thanh Bình")
        assert "ĐẢNG BỘ TỈNH LAI CHÂU" in dialog.preview.text()   # previewed in upper case
        dialog.save()

    QTimer.singleShot(300, fill)
    assert tab.open_settings() is True
    assert seen and not tab.settings_button.isVisible()
    values = _settings_values(fresh_db)
    assert values["parent_body"] == "Đảng bộ tỉnh Lai Châu" and values["place_name"] == "Thanh Bình"


def test_the_dialog_suggests_checks_previews_and_sets_unit_kinds(qtbot, fresh_db):
    from app.models.enums import PlaceType, UnitKind
    from app.services import units as U
    from app.ui.settings_dialog import SettingsDialog, needs_settings

    with fresh_db.transaction() as s:
        root = U.commune(s)
        root.name = "Đảng bộ xã Thanh Bình"
    assert needs_settings(fresh_db)
    dialog = SettingsDialog(fresh_db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.suggest_button.isEnabled()
    dialog.fill_suggestions()
    assert dialog.value("issuing_body") == "ĐẢNG ỦY XÃ THANH BÌNH" and dialog.value("place_name") == "Thanh Bình"
    dialog.set_value("place_name", "THANH BÌNH")
    assert "Địa danh ghi trên văn bản viết chữ in thường" in dialog.checks.text()
    dialog.set_value("place_name", "Thanh Bình")
    dialog.set_value("parent_body", "Đảng bộ tỉnh Lai Châu")
    assert "Chưa điền «Họ tên người ký»" in dialog.checks.text()
    dialog.set_value("signer_name", "Nguyễn Văn Bí")
    dialog.set_value("doc_number", "12")
    assert "đúng thể thức" in dialog.checks.text()

    # the units page: a cell made a chi bộ cơ sở, and its place type set
    table = dialog.units_table
    row = next(r for r in range(table.rowCount()) if "thôn A" in table.item(r, 0).text() or r == 0)
    unit_name = table.item(row, 0).text().strip()
    kind_box, place_box = table.cellWidget(row, 1), table.cellWidget(row, 2)
    kind_box.setCurrentIndex(kind_box.findData(UnitKind.GRASSROOTS_CELL.value))
    place_box.setCurrentIndex(place_box.findData(PlaceType.POLICE.value))
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.resize(1180, 720)
    dialog.grab().save(str(SHOTS / "settings_document.png"))
    dialog.tabs.setCurrentIndex(1)
    dialog.grab().save(str(SHOTS / "settings_units.png"))
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with fresh_db.session() as s:
        unit = next(u for u in U.list_units(s) if u.name == unit_name)
        assert unit.kind == UnitKind.GRASSROOTS_CELL and unit.place_type == PlaceType.POLICE
    assert _settings_values(fresh_db)["issuing_body"] == "ĐẢNG ỦY XÃ THANH BÌNH"
    assert not needs_settings(fresh_db)
