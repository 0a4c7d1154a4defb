"""Import wizard, step 2: the sheets found in the files and, for each, which column goes into which field
(the clerk's corrections are remembered for files of the same layout)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QSpinBox, QSplitter, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget, QWizardPage)

from app.common.vnformat import fmt_int

from .import_common import show_value
from .ops import Loader
from .widgets import ERROR_STYLE, setup_table

if TYPE_CHECKING:
    from .import_wizard import ImportWizard



SHEET_HEADERS = ["Nhập", "Tệp", "Trang tính", "Chi bộ (nhận ra)", "Dòng tiêu đề", "Số dòng", "Ghi chú"]
MAP_HEADERS = ["Cột", "Tiêu đề trong tệp", "Ví dụ (dòng đầu)", "Nhập vào trường", "Năm", "Độ tin cậy"]


class SheetsPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Bước 2/6 — Các trang tính và cách ghép cột")
        self.setSubTitle("Kiểm tra bảng nhận ra ở mỗi trang tính và sửa cột nào nhập vào trường nào. "
                         "Cách ghép bạn sửa được nhớ cho các tệp cùng mẫu.")
        self.sheets = QTableWidget(0, len(SHEET_HEADERS))
        self.sheets.setHorizontalHeaderLabels(SHEET_HEADERS)
        setup_table(self.sheets, (50, 200, 130, 180, 105, 70))
        self.sheets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sheets.currentCellChanged.connect(lambda row, *_: self._show_mapping(row))
        self.sheets.itemChanged.connect(self._include_changed)
        self.mapping_title = QLabel()
        self.mapping_title.setWordWrap(True)
        self.mapping = QTableWidget(0, len(MAP_HEADERS))
        self.mapping.setHorizontalHeaderLabels(MAP_HEADERS)
        setup_table(self.mapping, (45, 210, 170, 240, 80))
        self.mapping.verticalHeader().setDefaultSectionSize(self.mapping.fontMetrics().height() + 14)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(ERROR_STYLE)
        self.default_unit = QComboBox()
        self.default_unit.setEditable(True)
        self.default_unit.setMinimumWidth(280)
        self.default_unit.lineEdit().setPlaceholderText("(không bắt buộc)")
        unit_row = QHBoxLayout()
        unit_row.addWidget(QLabel("Chi bộ cho các dòng không ghi chi bộ:"))
        unit_row.addWidget(self.default_unit)
        unit_row.addStretch(1)
        lower = QWidget()
        low = QVBoxLayout(lower)
        low.setContentsMargins(0, 0, 0, 0)
        low.addWidget(self.mapping_title)
        from app.ui.stacked_mapping import StackedColumnsPanel

        self.stacked = StackedColumnsPanel()   # the book's columns that stack several facts (DOMAIN §8)
        low.addWidget(self.stacked)
        low.addWidget(self.mapping, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.sheets)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addLayout(unit_row)
        lay.addWidget(self.warning)
        self.loader = Loader(wizard.db, self)
        self.tables = []          # the sheets shown, in the order of the list
        self.current = None
        self.edited: set[int] = set()   # id() of tables whose mapping the user changed
        self._filling = False

    def initializePage(self) -> None:
        self.tables = list(self.wiz.tables)
        self.loader.load("units", _unit_names, self._units_loaded, lambda _exc: None)
        self._filling = True
        self.sheets.setRowCount(len(self.tables))
        for r, t in enumerate(self.tables):
            usable = not t.skipped_reason
            check = QTableWidgetItem()
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if usable:
                check.setFlags(flags | Qt.ItemFlag.ItemIsUserCheckable)
                check.setCheckState(Qt.CheckState.Checked if t.include else Qt.CheckState.Unchecked)
            else:
                check.setFlags(flags)
                check.setText("—")
            self.sheets.setItem(r, 0, check)
            header = ", ".join(str(n) for n in t.header_rows) if t.header_rows else ""
            note = (f"Bỏ qua: {t.skipped_reason}" if t.skipped_reason
                    else "; ".join(t.notes) or t.end_reason or "")
            unit = t.unit_name or ("(theo cột / dòng nhóm)" if usable else "")
            count = fmt_int(len(t.rows)) if usable else ""
            for c, text in enumerate((t.file, t.sheet or "(cả tệp)", unit, header, count, note), start=1):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if not usable:
                    item.setForeground(QBrush(QColor("#8a5a00")))
                self.sheets.setItem(r, c, item)
        self._filling = False
        first = next((r for r, t in enumerate(self.tables) if not t.skipped_reason), 0)
        if self.tables:
            self.sheets.setCurrentCell(first, 1)
        self._show_mapping(first)
        self._check()

    def _units_loaded(self, names) -> None:
        text = self.default_unit.currentText()
        self.default_unit.blockSignals(True)
        self.default_unit.clear()
        self.default_unit.addItem("")
        self.default_unit.addItems(names)
        self.default_unit.setEditText(text)
        self.default_unit.blockSignals(False)

    def _include_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0:
            return
        t = self.tables[item.row()]
        t.include = item.checkState() == Qt.CheckState.Checked
        self._check()

    def set_included(self, row: int, include: bool) -> None:
        self.sheets.item(row, 0).setCheckState(Qt.CheckState.Checked if include else Qt.CheckState.Unchecked)

    def _show_mapping(self, row: int) -> None:
        from app.importing import FIELD_LABELS

        self.mapping.setRowCount(0)
        if not (0 <= row < len(self.tables)):
            self.current = None
            self.mapping_title.setText("")
            return
        t = self.current = self.tables[row]
        self.stacked.show_table(t)
        if t.skipped_reason:
            self.mapping_title.setText(f"«{t.sheet or t.file}» không được nhập: {t.skipped_reason}")
            return
        self.mapping_title.setText(f"Ghép cột của trang «{t.sheet}» ({t.file}): tiêu đề ở dòng "
                                   f"{', '.join(map(str, t.header_rows))}, {fmt_int(len(t.rows))} dòng dữ liệu.")
        first = t.rows[0].values if t.rows else []
        self.mapping.setRowCount(len(t.columns))
        for r, col in enumerate(t.columns):
            sample = first[col.index] if col.index < len(first) else None
            for c, text in enumerate((col.where, col.header, show_value(sample) if sample not in (None, "") else "")):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.mapping.setItem(r, c, item)
            combo = QComboBox()
            combo.addItem("(không nhập)", None)
            for name, label in FIELD_LABELS.items():
                combo.addItem(label, name)
            combo.setCurrentIndex(max(combo.findData(col.field), 0))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            year = QSpinBox()
            year.setRange(1950, 2100)
            year.setValue(col.year or (self.wiz.as_of or date.today()).year)
            year.setVisible(col.field == "rating")
            combo.currentIndexChanged.connect(lambda _i, t=t, col=col, r=r: self._mapping_changed(t, col, r))
            year.valueChanged.connect(lambda _v, t=t, col=col, r=r: self._mapping_changed(t, col, r))
            self.mapping.setCellWidget(r, 3, combo)
            # inside a holder: the view shows its cell widgets again on every layout, so hide the child
            holder = QWidget()
            hl = QHBoxLayout(holder)
            hl.setContentsMargins(0, 0, 0, 0)
            hl.addWidget(year)
            self.mapping.setCellWidget(r, 4, holder)
            conf = QTableWidgetItem("" if col.field is None else f"{round(col.confidence * 100)}%")
            if col.field is not None and col.confidence < 0.8:
                conf.setForeground(QBrush(QColor("#b00020")))
                conf.setToolTip("Chưa chắc chắn: hãy kiểm tra cột này.")
            self.mapping.setItem(r, 5, conf)
        if any(c.source is not None for c in t.columns):
            self.mapping.resizeColumnToContents(0)   # "E, dòng 4": a line of a stacked column

    def combo(self, row: int) -> QComboBox:
        return self.mapping.cellWidget(row, 3)

    def year_box(self, row: int) -> QSpinBox:
        return self.mapping.cellWidget(row, 4).findChild(QSpinBox)

    def _mapping_changed(self, t, col, row: int) -> None:
        field = self.combo(row).currentData()
        year_box = self.year_box(row)
        year_box.setVisible(field == "rating")
        target = ("rating", year_box.value()) if field == "rating" else field
        t.set_mapping({col.index: target})
        self.stacked.show_table(t)
        self.edited.add(id(t))
        self.mapping.item(row, 5).setText("bạn chọn" if field else "")
        self.mapping.item(row, 5).setForeground(QBrush(QColor("#1b6e20")))
        self._check()

    def _check(self) -> None:
        included = [t for t in self.tables if not t.skipped_reason and t.include]
        if not included:
            self.warning.setText("Chưa chọn trang tính nào để nhập.")
        else:
            nameless = [t.sheet for t in included if not t.field_columns("full_name")
                        and not t.field_columns("given_name")]
            self.warning.setText("Trang chưa có cột «Họ và tên» sẽ không được nhập: " + ", ".join(nameless)
                                 if nameless else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return any(not t.skipped_reason and t.include for t in self.tables)

    def validatePage(self) -> bool:
        from app.importing import remember_mapping

        for t in self.tables:
            if id(t) in self.edited:
                try:
                    remember_mapping(t)
                except OSError:
                    pass  # remembering is a convenience; the import itself does not depend on it
        self.edited.clear()
        self.wiz.default_unit = " ".join(self.default_unit.currentText().split()) or None
        return True


def _unit_names(session) -> list[str]:
    """Existing units a sheet without a unit column can be put under (the commune itself is not a cell)."""
    from app.models.enums import UnitKind
    from app.services.units import list_units

    return [u.name for u in list_units(session) if u.kind != UnitKind.COMMUNE]
