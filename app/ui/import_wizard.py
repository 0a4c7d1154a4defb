"""The import wizard: last year's Excel sheets into the database (files → sheets → preview → confirm →
progress → result). The engine is app.importing; this module only shows it and collects the user's choices.

Reading and planning are reads, applying and undoing writes, all run off the UI thread (app/ui/ops.py) so the
window never freezes on a large sheet; the import and its undo go through the one serial write executor.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QFileDialog, QHBoxLayout, QLabel,
                               QListWidget, QListWidgetItem, QMessageBox, QProgressBar, QPushButton, QSpinBox,
                               QSplitter, QTableView, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
                               QWizard, QWizardPage)

from app.common.errors import UserError
from app.common.vnformat import fmt_int
from app.services.errors import DomainError

from .ask import confirm
from .ops import Loader, Op
from .widgets import ERROR_STYLE, DateField, RowsTableModel, setup_table

FILE_FILTER = "Bảng tính (*.xlsx *.xlsm *.xls *.csv);;Tất cả các tệp (*)"
WARN_STYLE = "color: #8a5a00;"
OK_STYLE = "color: #1b6e20;"
PAGE_FILES, PAGE_SHEETS, PAGE_PREVIEW, PAGE_CONFIRM, PAGE_PROGRESS, PAGE_RESULT = range(6)
PAGE_ANSWERS = 10   # between the preview and the confirmation, only when something was not understood
STATUS_COLORS = {"new": "#e6f4ea", "update": "#e8f0fe", "unchanged": None, "conflict": "#fff4e0",
                 "skipped": "#fde8e8"}
# the user's words for the statuses (the brief's list): short, lower case, as in the counts line
STATUS_WORDS = {"new": "mới", "update": "cập nhật", "unchanged": "không đổi", "conflict": "xung đột",
                "skipped": "bỏ qua"}
KEEP_TEXT, SHEET_TEXT = "Giữ như trong dữ liệu", "Lấy theo tệp"


def field_label(name: str | None) -> str:
    """Vietnamese name of an engine field ("rating_2023" → "Xếp loại 2023")."""
    if not name:
        return ""
    from app.importing import FIELD_LABELS
    from app.importing.plan import FIELD_NAMES_VI

    if name.startswith("rating_") and name[7:].isdigit():
        return f"Xếp loại {name[7:]}"
    return FIELD_NAMES_VI.get(name) or FIELD_LABELS.get(name) or name


def show_value(value) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _error_text(exc: Exception) -> str:
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return message
    text = str(exc)
    return text or type(exc).__name__


# --- page 1: files and the "as of" date ------------------------------------------------------------------

class FilesPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Bước 1/6 — Chọn tệp bảng tính")
        self.setSubTitle("Chọn một hoặc nhiều tệp danh sách đảng viên (.xlsx, .xlsm, .xls, .csv).")
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_button = QPushButton("Thêm tệp…")
        self.remove_button = QPushButton("Bỏ tệp đã chọn")
        self.add_button.clicked.connect(self.browse)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.refused = QLabel()
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet(ERROR_STYLE)
        self.refused.hide()
        self.as_of = DateField()
        self.as_of.textEdited.connect(self._date_edited)
        self.as_of_note = QLabel()
        self.as_of_note.setWordWrap(True)
        date_row = QHBoxLayout()
        date_row.addWidget(QLabel("Ngày chốt danh sách (tính đến ngày):"))
        date_row.addWidget(self.as_of)
        date_row.addStretch(1)
        explain = QLabel("Ngày chốt là ngày danh sách phản ánh: trạng thái không ghi ngày (dự bị, miễn sinh hoạt, "
                         "chuyển đi…) được ghi vào ngày này. Chương trình đọc ngày từ tiêu đề hoặc tên tệp; "
                         "hãy sửa nếu chưa đúng (dạng ngày/tháng/năm).")
        explain.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(row, 1)
        lay.addWidget(self.status)
        lay.addWidget(self.refused)
        lay.addLayout(date_row)
        lay.addWidget(self.as_of_note)
        lay.addWidget(explain)
        self.loader = Loader(wizard.db, self)
        self.paths: list[Path] = []
        self.read_paths: list[Path] | None = None   # the files `wizard.tables` were read from
        self.reading = False
        self.detected: date | None = None
        self.detected_source = ""
        self.user_date = False

    # files
    def browse(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Chọn tệp bảng tính", "", FILE_FILTER)
        self.add_files(names)

    def add_files(self, names) -> None:
        from app.importing import SUPPORTED_SUFFIXES

        refused = []
        for name in names:
            path = Path(name)
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                refused.append(path.name)
                continue
            if path not in self.paths:
                self.paths.append(path)
        self._fill_list()
        self.refused.setText("Không nhập được loại tệp này: " + ", ".join(refused)
                             + " (chỉ .xlsx, .xlsm, .xls, .csv)." if refused else "")
        self.refused.setVisible(bool(refused))
        self._read()

    def remove_selected(self) -> None:
        rows = sorted({self.list.row(i) for i in self.list.selectedItems()}, reverse=True)
        for r in rows:
            del self.paths[r]
        self._fill_list()
        self._read()

    def _fill_list(self) -> None:
        self.list.clear()
        for p in self.paths:
            item = QListWidgetItem(f"{p.name}    —    {p.parent}")
            item.setToolTip(str(p))
            self.list.addItem(item)

    def _read(self) -> None:
        from app.importing import read_workbooks

        self.wiz.tables = []
        self.read_paths = None
        if not self.paths:
            self.reading = False
            self.status.setText("Chưa chọn tệp nào.")
            self.status.setStyleSheet("")
            self.completeChanged.emit()
            return
        self.reading = True
        self.status.setStyleSheet("")
        self.status.setText("Đang đọc các tệp…")
        paths = list(self.paths)
        self.completeChanged.emit()
        self.loader.load("read", lambda _s: (paths, read_workbooks(paths)), self._read_done, self._read_failed)

    def _read_done(self, value) -> None:
        paths, tables = value
        self.reading = False
        self.read_paths = paths
        self.wiz.tables = tables
        usable = [t for t in tables if not t.skipped_reason]
        rows = sum(len(t.rows) for t in usable)
        self.status.setStyleSheet("" if usable else ERROR_STYLE)
        self.status.setText(f"Đã đọc {len(paths)} tệp: {len(usable)} trang có danh sách đảng viên "
                            f"({fmt_int(rows)} dòng), {len(tables) - len(usable)} trang bỏ qua."
                            if usable else "Không tìm thấy danh sách đảng viên nào trong các tệp đã chọn.")
        self._detect_date(usable)
        self.completeChanged.emit()

    def _read_failed(self, exc) -> None:
        self.reading = False
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(f"Không đọc được các tệp: {_error_text(exc)}")
        self.completeChanged.emit()

    # the as-of date
    def _detect_date(self, tables) -> None:
        found = [t.as_of for t in tables if t.as_of is not None]
        exact = [a for a in found if not a.year_only]
        pool = exact or found
        self.detected = None
        self.as_of_note.setStyleSheet("")
        if not pool:
            self.as_of_note.setStyleSheet(WARN_STYLE)
            self.as_of_note.setText("Không tìm thấy ngày chốt trong tiêu đề hay tên tệp: hãy nhập ngày.")
            if not self.user_date:
                self.as_of.clear()
            return
        values = sorted({a.value for a in pool})
        chosen = next(a for a in pool if a.value == values[-1])
        self.detected, self.detected_source = chosen.value, chosen.source
        if len(values) > 1:
            listed = ", ".join(v.strftime("%d/%m/%Y") for v in values)
            self.as_of_note.setStyleSheet(WARN_STYLE)
            self.as_of_note.setText(f"Các trang tính ghi ngày chốt khác nhau ({listed}); đã điền ngày muộn nhất. "
                                    "Hãy kiểm tra, hoặc nhập từng tệp riêng.")
        else:
            self.as_of_note.setText(f"Lấy từ {chosen.source}.")
        if not self.user_date:
            self.as_of.set_date(chosen.value)

    def _date_edited(self, _text) -> None:
        self.user_date = True

    def chosen_as_of(self) -> date | None:
        """The date typed or detected; raises DomainError when the text is not a date."""
        return self.as_of.value()

    def isComplete(self) -> bool:
        return bool(self.paths) and not self.reading and any(not t.skipped_reason for t in self.wiz.tables)

    def validatePage(self) -> bool:
        try:
            as_of = self.chosen_as_of()
        except DomainError as exc:
            self.as_of_note.setStyleSheet(ERROR_STYLE)
            self.as_of_note.setText(exc.message)
            self.as_of.setFocus()
            return False
        if as_of is None:
            self.as_of_note.setStyleSheet(ERROR_STYLE)
            self.as_of_note.setText("Chưa nhập ngày chốt danh sách (ngày/tháng/năm).")
            self.as_of.setFocus()
            return False
        if as_of > date.today():
            self.as_of_note.setStyleSheet(ERROR_STYLE)
            self.as_of_note.setText(f"Ngày chốt {as_of:%d/%m/%Y} ở sau hôm nay.")
            return False
        self.wiz.as_of = as_of
        self.wiz.as_of_source = (self.detected_source if as_of == self.detected and not self.user_date
                                 else "người dùng nhập")
        return True


# --- page 2: sheets and column mapping -------------------------------------------------------------------

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


# --- page 3: preview (a dry run) -------------------------------------------------------------------------

class RowsModel(RowsTableModel):
    HEADERS = ("Nhập", "Trạng thái", "Họ và tên", "Chi bộ", "Tệp", "Trang", "Dòng", "Thay đổi", "Vấn đề",
               "Ghép với")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.unticked: set[str] = set()

    @staticmethod
    def tickable(r) -> bool:
        return r.status in ("new", "update", "conflict")

    def flags(self, index):
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.tickable(self.rows[index.row()]):
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == 0 and self.tickable(r):
            return Qt.CheckState.Unchecked if r.key in self.unticked else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.BackgroundRole and col == 1:
            color = STATUS_COLORS.get(r.status)
            return QBrush(QColor(color)) if color else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 1:
                return STATUS_WORDS.get(r.status, r.status)
            if col == 2:
                return r.full_name
            if col == 3:
                return r.unit_name or ""
            if col == 4:
                return r.file
            if col == 5:
                return r.sheet
            if col == 6:
                return str(r.row)
            if col == 9:
                return r.match_reason
            if col == 7:
                parts = [f"{c.label}: {show_value(c.old)} → {show_value(c.new)}" for c in r.changes]
                parts += [f"{c.label} (xung đột): {show_value(c.old)} / {show_value(c.new)}" for c in r.conflicts]
                return "; ".join(parts)
            if col == 8:
                return "; ".join(p.message for p in r.problems)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        r = self.rows[index.row()]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.unticked.discard(r.key)
        else:
            self.unticked.add(r.key)
        self.dataChanged.emit(index, index)
        return True


class ProblemsModel(RowsTableModel):
    HEADERS = ("Mức", "Tệp", "Trang", "Dòng", "Cột", "Trường", "Nội dung")

    @property
    def problems(self) -> list:
        return self.rows

    def set_problems(self, problems) -> None:
        self.set_rows(problems)

    def cells(self, p) -> list[str]:
        return ["Lỗi" if p.severity == "error" else "Cảnh báo", p.file, p.sheet or "", str(p.row or ""),
                p.column or "", field_label(p.field), p.message]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        p = self.problems[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cells(p)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0 and p.severity == "error":
            return QBrush(QColor("#b00020"))
        return None


class ProblemsPanel(QWidget):
    """The problems, one line each, and the selected one written out in full below (messages are long)."""

    def __init__(self, model: ProblemsModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.view = QTableView()
        self.view.setModel(model)
        setup_table(self.view, (75, 190, 110, 50, 40, 130))
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.detail.fontMetrics().height() * 2 + 6)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_detail(cur.row()))
        model.modelReset.connect(lambda: self.show_detail(-1))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.detail)

    def show_detail(self, row: int) -> None:
        problems = self.model.problems
        if 0 <= row < len(problems):
            self.detail.setText(str(problems[row]) + (f" (trường: {field_label(problems[row].field)})"
                                                        if problems[row].field else ""))
        else:
            self.detail.setText("Chọn một dòng để xem đầy đủ." if problems else "")


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Bước 3/6 — Xem trước (chưa ghi gì)")
        self.setSubTitle("Kết quả thử: mỗi dòng sẽ thêm mới, cập nhật, không đổi, có xung đột hay bị bỏ qua. "
                         "Bỏ chọn ô «Nhập» để không nhập một dòng.")
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        self.filter = QComboBox()
        self.filter.addItem("Tất cả các dòng", None)
        for status, word in STATUS_WORDS.items():
            self.filter.addItem(f"Chỉ dòng {word}", status)
        self.filter.addItem("Chỉ dòng có vấn đề", "problems")
        self.filter.currentIndexChanged.connect(self._apply_filter)
        top = QHBoxLayout()
        top.addWidget(self.counts_label, 1)
        top.addWidget(self.filter)
        self.rows_model = RowsModel(self)
        self.rows_view = QTableView()
        self.rows_view.setModel(self.rows_model)
        setup_table(self.rows_view, (48, 80, 170, 160, 140, 100, 45, 220, 220))
        self.rows_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_conflicts(cur.row()))
        self.conflict_title = QLabel("Chọn một dòng «xung đột» để quyết định giữ hay lấy theo tệp từng trường.")
        self.conflict_title.setWordWrap(True)
        self.conflicts = QTableWidget(0, 4)
        self.conflicts.setHorizontalHeaderLabels(["Trường", "Trong dữ liệu hiện có", "Trong tệp", "Quyết định"])
        setup_table(self.conflicts, (170, 240, 240, 220), stretch_last=False)
        self.conflicts.verticalHeader().setDefaultSectionSize(self.conflicts.fontMetrics().height() + 14)
        self.conflicts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.keep_all = QPushButton("Giữ dữ liệu hiện có cho mọi xung đột")
        self.take_all = QPushButton("Lấy theo tệp cho mọi xung đột")
        self.keep_all.clicked.connect(lambda: self.resolve_all("keep"))
        self.take_all.clicked.connect(lambda: self.resolve_all("sheet"))
        bulk = QHBoxLayout()
        bulk.addWidget(self.keep_all)
        bulk.addWidget(self.take_all)
        bulk.addStretch(1)
        conflict_box = QWidget()
        cl = QVBoxLayout(conflict_box)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.conflict_title)
        cl.addWidget(self.conflicts, 1)
        cl.addLayout(bulk)
        rows_tab = QSplitter(Qt.Orientation.Vertical)
        rows_tab.addWidget(self.rows_view)
        rows_tab.addWidget(conflict_box)
        rows_tab.setStretchFactor(0, 3)
        rows_tab.setStretchFactor(1, 1)
        rows_tab.setSizes([330, 170])
        self.problems_model = ProblemsModel(self)
        self.problems_view = ProblemsPanel(self.problems_model)
        self.tabs = QTabWidget()
        self.tabs.addTab(rows_tab, "Các dòng")
        self.tabs.addTab(self.problems_view, "Vấn đề")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.error)
        lay.addWidget(self.tabs, 1)
        self.loader = Loader(wizard.db, self)
        self.plan = None
        self.planning = False
        self.choices: dict[str, dict[str, str]] = {}   # row key → {field: "keep" | "sheet"}

    def initializePage(self) -> None:
        from app.importing import plan_import

        self.plan = None
        self.wiz.plan = None
        self.planning = True
        self.error.hide()
        self.counts_label.setText("Đang lập kế hoạch nhập (chưa ghi gì)…")
        self.rows_model.set_rows([])
        self.problems_model.set_problems([])
        self.conflicts.setRowCount(0)
        tables, as_of, default_unit = list(self.wiz.tables), self.wiz.as_of, self.wiz.default_unit
        self.completeChanged.emit()
        answers = dict(self.wiz.answers)
        self.loader.load("plan", lambda s: plan_import(s, tables, as_of, default_unit=default_unit,
                                                       answers=answers),
                         self._planned, self._failed)

    def _planned(self, plan) -> None:
        self.planning = False
        self.plan = self.wiz.plan = plan
        self.choices = {k: v for k, v in self.choices.items() if any(r.key == k for r in plan.rows)}
        self.rows_model.unticked &= {r.key for r in plan.rows}
        self.rows_model.set_rows(plan.rows)
        self._apply_filter()
        problems = plan.all_problems()
        self.problems_model.set_problems(problems)
        errors = sum(1 for p in problems if p.severity == "error")
        self.tabs.setTabText(1, f"Vấn đề ({fmt_int(len(problems))}, {fmt_int(errors)} lỗi)")
        self.counts_label.setText(self.counts_text())
        if not any(r.status != "skipped" for r in plan.rows):
            unitless = any(p.field == "unit" for r in plan.rows for p in r.problems)
            self.error.setText("Không có dòng nào nhập được: xem thẻ «Vấn đề»."
                               + (" Trang tính không ghi chi bộ: hãy quay lại bước 2 và điền «Chi bộ cho các dòng "
                                  "không ghi chi bộ»." if unitless else ""))
            self.error.show()
        has_conflicts = any(r.status == "conflict" for r in plan.rows)
        self.keep_all.setEnabled(has_conflicts)
        self.take_all.setEnabled(has_conflicts)
        self.completeChanged.emit()

    def _failed(self, exc) -> None:
        self.planning = False
        self.counts_label.setText("")
        self.error.setText(f"Chưa lập được kế hoạch nhập: {_error_text(exc)}  Hãy quay lại bước 1 để sửa "
                           "ngày chốt hoặc bước 2 để sửa cách ghép cột.")
        self.error.show()
        self.completeChanged.emit()

    def status_counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUS_WORDS}
        for r in (self.plan.rows if self.plan else []):
            out[r.status] += 1
        return out

    def counts_text(self) -> str:
        plan = self.plan
        c = self.status_counts()
        text = " · ".join(f"{word}: <b>{fmt_int(c[s])}</b>" for s, word in STATUS_WORDS.items())
        extra = (f"Chi bộ sẽ tạo: <b>{fmt_int(len(plan.units_to_create))}</b> · "
                 f"Xếp loại sẽ ghi: <b>{fmt_int(plan.counts['evaluations_created'])}</b> · "
                 f"Ngày chốt: <b>{plan.as_of:%d/%m/%Y}</b> ({self.wiz.as_of_source or plan.as_of_source})")
        return f"{fmt_int(len(plan.rows))} dòng — {text}<br>{extra}"

    def _apply_filter(self) -> None:
        status = self.filter.currentData()
        for i, r in enumerate(self.rows_model.rows):
            shown = status is None or r.status == status or (status == "problems" and bool(r.problems))
            self.rows_view.setRowHidden(i, not shown)

    # conflicts
    @staticmethod
    def decisions(row) -> list[tuple[str, list]]:
        """The decisions a conflict row needs: a level's class follows its text, a date's precision follows
        the date (the engine decides both by one key), so each key is asked once."""
        from app.importing.plan import LINKED_FIELDS

        out: dict[str, list] = {}
        for c in row.conflicts:
            out.setdefault(LINKED_FIELDS.get(c.field, c.field), []).append(c)
        return list(out.items())

    def _show_conflicts(self, index: int) -> None:
        self.conflicts.setRowCount(0)
        rows = self.rows_model.rows
        if not (0 <= index < len(rows)) or not rows[index].conflicts:
            self.conflict_title.setText("Chọn một dòng «xung đột» để quyết định giữ hay lấy theo tệp từng trường.")
            return
        row = rows[index]
        self.conflict_title.setText(f"Xung đột của «{row.full_name}» ({row.sheet}, dòng {row.row}) — "
                                    f"{row.match_reason}. Chưa quyết định thì giữ dữ liệu hiện có.")
        decisions = self.decisions(row)
        self.conflicts.setRowCount(len(decisions))
        for r, (key, changes) in enumerate(decisions):
            main = next((c for c in changes if c.field == key), changes[0])
            label = field_label(key) if key.startswith("rating_") else main.label
            for c, text in enumerate((label, show_value(main.old), show_value(main.new))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.conflicts.setItem(r, c, item)
            combo = QComboBox()
            combo.addItem(KEEP_TEXT, "keep")
            combo.addItem(SHEET_TEXT, "sheet")
            combo.setCurrentIndex(combo.findData(self.choices.get(row.key, {}).get(key, "keep")))
            combo.currentIndexChanged.connect(
                lambda _i, combo=combo, key=key, row_key=row.key: self.resolve(row_key, key, combo.currentData()))
            self.conflicts.setCellWidget(r, 3, combo)

    def resolve(self, row_key: str, field: str, choice: str) -> None:
        self.choices.setdefault(row_key, {})[field] = choice

    def resolve_all(self, choice: str) -> None:
        for row in self.plan.rows if self.plan else []:
            for key, _changes in self.decisions(row):
                self.resolve(row.key, key, choice)
        self._show_conflicts(self.rows_view.currentIndex().row())

    def resolutions(self) -> dict:
        """In the engine's shape: {row key: "skip" | {field: "keep" | "sheet"}}."""
        out: dict = {key: dict(v) for key, v in self.choices.items() if v}
        for key in self.rows_model.unticked:
            out[key] = "skip"
        return out

    def isComplete(self) -> bool:
        return not self.planning and self.plan is not None and any(
            r.status != "skipped" and r.key not in self.rows_model.unticked for r in self.plan.rows)

    def validatePage(self) -> bool:
        self.wiz.resolutions = self.resolutions()
        return True

    def nextId(self) -> int:
        return PAGE_ANSWERS if self.plan is not None and self.plan.questions else PAGE_CONFIRM


# --- page 4: confirm --------------------------------------------------------------------------------------

class ConfirmPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Bước 4/6 — Xác nhận")
        self.setSubTitle("Đọc lại những gì sẽ được ghi, rồi bấm «Nhập vào dữ liệu».")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Nhập vào dữ liệu")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addStretch(1)

    def initializePage(self) -> None:
        self.summary.setText(self.summary_html())

    def summary_html(self) -> str:
        plan, res = self.wiz.plan, self.wiz.resolutions
        unticked = {k for k, v in res.items() if v == "skip"}
        by_status = {s: 0 for s in STATUS_WORDS}
        for r in plan.rows:
            if r.key not in unticked:
                by_status[r.status] += 1
        taken = kept = 0
        for r in plan.rows:
            if r.status != "conflict" or r.key in unticked:
                continue
            for key, _ in PreviewPage.decisions(r):
                if isinstance(res.get(r.key), dict) and res[r.key].get(key) == "sheet":
                    taken += 1
                else:
                    kept += 1
        files = ", ".join(f"«{f.name}»" for f in plan.files)
        items = [
            f"Thêm mới <b>{fmt_int(by_status['new'])}</b> đảng viên;",
            f"Cập nhật <b>{fmt_int(by_status['update'] + by_status['conflict'])}</b> đảng viên đã có "
            f"(điền các trường còn trống; {fmt_int(by_status['conflict'])} người có xung đột: "
            f"{fmt_int(taken)} trường lấy theo tệp, {fmt_int(kept)} trường giữ dữ liệu hiện có);",
            f"Không đổi <b>{fmt_int(by_status['unchanged'])}</b> dòng (đã có, giống hệt);",
            f"Bỏ qua <b>{fmt_int(by_status['skipped'] + len(unticked))}</b> dòng "
            f"({fmt_int(len(unticked))} dòng do bạn bỏ chọn);",
            f"Tạo <b>{fmt_int(len(plan.units_to_create))}</b> chi bộ mới"
            + (f": {', '.join(plan.units_to_create)};" if plan.units_to_create else ";"),
            f"Ghi khoảng <b>{fmt_int(plan.counts['evaluations_created'])}</b> kết quả xếp loại.",
        ]
        return (f"<p>Từ {files}, ngày chốt danh sách <b>{plan.as_of:%d/%m/%Y}</b>:</p><ul>"
                + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
                "<p><b>Trước khi ghi</b>, chương trình tạo một bản sao lưu tệp dữ liệu (thư mục «backups» cạnh "
                "tệp dữ liệu).</p>"
                "<p>Cả lần nhập là một giao dịch: nếu bạn bấm «Hủy nhập» giữa chừng hoặc có lỗi, không có gì được "
                "ghi. Sau khi nhập xong vẫn có thể <b>hoàn tác cả lần nhập</b>.</p>"
                "<p>Các trạng thái không ghi ngày (dự bị, miễn sinh hoạt, nghỉ hưu, chuyển đi, từ trần) được ghi vào "
                "ngày chốt và đánh dấu «cần xem lại».</p>")


# --- page 5: progress -------------------------------------------------------------------------------------

class ProgressPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Bước 5/6 — Đang nhập")
        self.setSubTitle("Đang ghi vào dữ liệu. Bấm «Hủy nhập» để dừng: mọi thứ đã ghi trong lần này được bỏ đi.")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.message = QLabel("Chuẩn bị…")
        self.message.setWordWrap(True)
        self.cancel_button = QPushButton("Hủy nhập")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.message)
        lay.addLayout(row)
        lay.addStretch(2)
        self.op: Op | None = None
        self.finished = False

    def running(self) -> bool:
        return self.op is not None and not self.finished

    def initializePage(self) -> None:
        from app.services.imports import apply_plan

        self.finished = False
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, 0)
        db, plan, resolutions = self.wiz.db, self.wiz.plan, dict(self.wiz.resolutions)
        entered_by = _user_name()
        # apply_plan checks the token only inside its transaction, so a cancel can never undo a commit
        self.op = op = Op(self, lambda: apply_plan(db, plan, resolutions, entered_by=entered_by, cancel=op.token),
                          write=True)
        op.progress(self._progress).success(self._done).failure(self._failed).run()
        self.completeChanged.emit()

    def cancel(self) -> None:
        if self.running():
            self.op.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText("Đang hủy, bỏ những gì đã ghi trong lần này…")

    def _progress(self, item) -> None:
        if self.op is not None and self.op.cancelled:
            return
        self.bar.setRange(0, max(item.total, 1))
        self.bar.setValue(item.done)
        self.message.setText(item.what)

    def _done(self, result) -> None:
        self.wiz.result = result
        self.wiz.outcome = "late_cancel" if self.op.cancelled else "done"
        self.wiz.changed = True
        self._finish()

    def _failed(self, exc) -> None:
        from app.common.progress import Cancelled

        if isinstance(exc, Cancelled):
            self.wiz.result, self.wiz.outcome = None, "cancelled"
        else:
            if not isinstance(exc, UserError):
                from .error_dialog import log_bug

                log_bug(exc)   # a full disk or a bug: the result page says so, the log keeps the traceback
            self.wiz.result, self.wiz.outcome, self.wiz.error = None, "error", exc
        self._finish()

    def _finish(self) -> None:
        self.finished = True
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()
        self.wiz.next()

    def isComplete(self) -> bool:
        return self.finished


def _user_name() -> str | None:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some Windows setups; the import does not need one
        return None


# --- page 6: result ---------------------------------------------------------------------------------------

class ResultPage(QWizardPage):
    def nextId(self) -> int:
        return -1   # the last page, although the answers page has a higher id

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Bước 6/6 — Kết quả")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.undo_button = QPushButton("Hoàn tác lần nhập này")
        self.undo_button.clicked.connect(self.ask_undo)
        self.undo_status = QLabel()
        self.undo_status.setWordWrap(True)
        self.undo_bar = QProgressBar()
        self.undo_bar.setRange(0, 0)
        self.undo_bar.setMaximumWidth(160)
        self.undo_bar.hide()
        row = QHBoxLayout()
        row.addWidget(self.undo_button)
        row.addWidget(self.undo_bar)
        row.addWidget(self.undo_status, 1)
        self.problems_model = ProblemsModel(self)
        self.problems_view = ProblemsPanel(self.problems_model)
        self.problems_title = QLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addLayout(row)
        lay.addWidget(self.problems_title)
        lay.addWidget(self.problems_view, 1)
        self.undo_running = False
        self.undone: dict | None = None

    def initializePage(self) -> None:
        outcome, result = self.wiz.outcome, self.wiz.result
        self.undo_status.setText("")
        self.undone = None
        self.problems_view.setVisible(result is not None)
        if result is None:
            self.undo_button.hide()
            self.problems_model.set_problems([])
            self.problems_title.setText("")
            if outcome == "cancelled":
                self.setSubTitle("Đã hủy nhập.")
                self.summary.setText("<p><b>Đã hủy nhập: dữ liệu không thay đổi.</b> Không có đảng viên, chi bộ "
                                     "hay kết quả xếp loại nào được ghi.</p><p>Muốn nhập lại: đóng cửa sổ này và chọn "
                                     "«Nhập từ Excel…» trong menu Tệp.</p>")
            else:
                err = self.wiz.error
                self.setSubTitle("Không nhập được.")
                self.summary.setText(f"<p style='color:#b00020'><b>Không nhập được, dữ liệu không thay đổi.</b>"
                                     f"</p><p>{_escape(_error_text(err))}</p>")
            return
        self.undo_button.show()
        self.undo_button.setEnabled(result.batch_id is not None)
        self.setSubTitle("Đã nhập xong." if outcome == "done" else
                         "Đã nhập xong trước khi kịp hủy; có thể hoàn tác bằng nút dưới đây.")
        self.summary.setText(self.summary_html(result))
        self.problems_model.set_problems(result.problems)
        self.problems_title.setText(f"Các vấn đề ghi nhận khi nhập ({fmt_int(len(result.problems))}):")

    @staticmethod
    def summary_html(result) -> str:
        items = [f"Thêm mới <b>{fmt_int(result.members_created)}</b> đảng viên",
                 f"Cập nhật <b>{fmt_int(result.members_updated)}</b> đảng viên",
                 f"Không đổi <b>{fmt_int(result.members_unchanged)}</b>",
                 f"Bỏ qua <b>{fmt_int(result.rows_skipped)}</b> dòng",
                 f"Tạo <b>{fmt_int(result.units_created)}</b> chi bộ mới",
                 f"Ghi <b>{fmt_int(result.evaluations_created)}</b> kết quả xếp loại"]
        if result.conflicts_left:
            items.append(f"Giữ dữ liệu hiện có ở <b>{fmt_int(result.conflicts_left)}</b> trường xung đột")
        backup = (f"<p>Bản sao lưu trước khi nhập: <code>{_escape(result.backup_path)}</code></p>"
                  if result.backup_path else "")
        return ("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" + backup
                + f"<p>Lần nhập số {result.batch_id}.</p>")

    def ask_undo(self) -> None:
        if confirm(self, "Hoàn tác lần nhập",
                   "Bỏ toàn bộ những gì lần nhập này đã ghi (đảng viên thêm mới, các trường đã cập nhật, chi bộ và "
                   "kết quả xếp loại đã tạo)?", "Hoàn tác lần nhập", danger=True):
            self.undo()

    def undo(self) -> None:
        from app.services.imports import undo_import

        db, batch_id = self.wiz.db, self.wiz.result.batch_id
        self.undo_button.setEnabled(False)
        self.undo_running = True
        self.undo_bar.show()
        self.undo_status.setStyleSheet("")
        self.undo_status.setText("Đang hoàn tác lần nhập…")
        Op(self, lambda: undo_import(db, batch_id), write=True).success(self._undone).failure(self._undo_failed).run()

    def undoing(self) -> bool:
        return self.undo_running

    def _undone(self, value: dict) -> None:
        self.undo_running = False
        self.undo_bar.hide()
        self.undone = value
        self.wiz.changed = True
        self.undo_status.setStyleSheet(OK_STYLE)
        self.undo_status.setText(f"Đã hoàn tác: xóa {fmt_int(value['members_deleted'])} đảng viên, "
                                 f"{fmt_int(value['units_deleted'])} tổ chức đảng; khôi phục "
                                 f"{fmt_int(value['fields_restored'])} trường.")

    def _undo_failed(self, exc) -> None:
        self.undo_running = False
        self.undo_bar.hide()
        self.undone = {}
        self.undo_button.setEnabled(True)
        self.undo_status.setStyleSheet(ERROR_STYLE)
        self.undo_status.setText(f"Không hoàn tác được: {_error_text(exc)}")
        if not isinstance(exc, UserError):
            from .error_dialog import log_bug

            log_bug(exc)


def _escape(text) -> str:
    import html

    return html.escape(str(text or ""))


# --- the wizard -------------------------------------------------------------------------------------------

class ImportWizard(QWizard):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.tables = []
        self.as_of: date | None = None
        self.as_of_source = ""
        self.plan = None
        self.resolutions: dict = {}
        self.answers: dict = {}   # {field: {value as written: meaning}}: the answers page's, saved with the import
        self.default_unit: str | None = None
        self.result = None
        self.outcome = ""
        self.error = None
        self.changed = False
        self.setWindowTitle("Nhập dữ liệu từ Excel")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "Tiếp theo >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Quay lại")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Đóng")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Xong")
        self.files_page = FilesPage(self)
        self.sheets_page = SheetsPage(self)
        self.preview_page = PreviewPage(self)
        self.confirm_page = ConfirmPage(self)
        self.progress_page = ProgressPage(self)
        self.result_page = ResultPage(self)
        for page_id, page in enumerate((self.files_page, self.sheets_page, self.preview_page, self.confirm_page,
                                        self.progress_page, self.result_page)):
            self.setPage(page_id, page)
        from .import_answers_page import AnswersPage

        self.answers_page = AnswersPage(self, PAGE_CONFIRM)
        self.setPage(PAGE_ANSWERS, self.answers_page)
        self.setStartId(PAGE_FILES)
        self.setMinimumSize(900, 600)
        # fits a 1024×768 screen (commune offices still have them), roomier where there is room
        screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
        avail = screen.availableGeometry() if screen is not None else None
        width, height = (avail.width() - 24, avail.height() - 48) if avail is not None else (1100, 720)
        self.resize(min(1100, width), min(720, height))

    def busy(self) -> bool:
        return self.progress_page.running() or self.result_page.undoing()

    def reject(self) -> None:
        # closing while the import runs means "cancel it": the rollback must finish before the window goes
        if self.progress_page.running():
            self.progress_page.cancel()
            return
        if self.result_page.undoing():
            return
        super().reject()

    def done(self, code: int) -> None:
        if self.busy():
            return
        super().done(code)


def open_import_wizard(parent, db) -> bool:
    """Run the wizard modally over the window's database; True when something was imported or undone (the
    caller then refreshes its tabs)."""
    wizard = ImportWizard(db, parent)
    wizard.exec()
    return wizard.changed
