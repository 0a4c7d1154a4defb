"""«Hoàn thiện dữ liệu»: what the records still lack (after an import above all), each line opening a grid
where the clerk fills many rows at once — select rows, pick a value or take the suggestions, save: one
transaction (app.services.completion)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from app.common.vnformat import fmt_int
from app.models.enums import OccupationGroup, PlaceType
from app.services import completion as C
from app.services.errors import DomainError

from .ops import Loader
from .widgets import ERROR_STYLE, DateField, EnumCombo, setup_table

_ENUM = {C.OCCUPATION: OccupationGroup, C.PLACE: PlaceType}
_HEADERS = {
    C.OCCUPATION: ["Họ và tên", "Chi bộ", "Nghề nghiệp, chức vụ", "Gợi ý", "Nhóm nghề nghiệp"],
    C.BIRTH: ["Họ và tên", "Chi bộ", "Ghi chú", "", "Ngày sinh"],
    C.EXEMPTION: ["Họ và tên", "Chi bộ", "Lý do, ghi chú", "Đang ghi (ngày chốt)", "Ngày bắt đầu miễn"],
    C.PLACE: ["Tên tổ chức", "Trực thuộc", "Cấp", "Gợi ý", "Loại hình cơ sở"],
}
COL_VALUE = 4


def _label(enum_cls, value) -> str:
    if value is None:
        return ""
    return enum_cls(value).label if enum_cls is not None else value.strftime("%d/%m/%Y")


class CompletionGrid(QDialog):
    """The rows one line counts; the last column is what will be saved."""

    def __init__(self, db, key: str, parent=None):
        super().__init__(parent)
        self.db, self.key = db, key
        self.enum = _ENUM.get(key)
        self.setWindowTitle(f"Hoàn thiện dữ liệu — {C.LABELS[key]}")
        self.rows: list[C.CompletionRow] = []
        self.values: dict[int, object] = {}
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(_HEADERS[key])
        setup_table(self.table, (190, 150, 230, 200, 220))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.picker = EnumCombo(self.enum, blank="— chọn —") if self.enum else DateField()
        self.assign = QPushButton("Gán cho các dòng đã chọn")
        self.assign.clicked.connect(self.assign_selected)
        self.take = QPushButton("Nhận gợi ý cho các dòng đã chọn")
        self.take.clicked.connect(self.take_suggestions)
        self.take.setVisible(self.enum is not None)
        self.clear = QPushButton("Bỏ giá trị đã gán")
        self.clear.clicked.connect(self.clear_selected)
        tools = QHBoxLayout()
        tools.addWidget(QLabel("Giá trị:"))
        tools.addWidget(self.picker, 1)
        tools.addWidget(self.assign)
        tools.addWidget(self.take)
        tools.addWidget(self.clear)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Đóng")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addLayout(tools)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.resize(1040, 600)
        self.loader = Loader(db, self)
        self.loading = True
        self.note.setText("Đang tải…")
        self.loader.load("rows", lambda s: C.completion_rows(s, key), self._loaded)

    def _loaded(self, rows) -> None:
        self.loading = False
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            suggestion = _label(self.enum, row.suggestion) if self.enum else _label(None, row.value)
            cells = (row.name, row.unit, row.known, suggestion, "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(row.reason if c == 3 and row.reason else text)
                self.table.setItem(r, c, item)
        self.note.setText(f"<b>{fmt_int(len(rows))}</b> dòng. Chọn nhiều dòng (Shift, Ctrl), chọn giá trị rồi "
                          "«Gán cho các dòng đã chọn»; chỉ các dòng đã gán được lưu, tất cả trong một lần ghi.")

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def set_value(self, r: int, value) -> None:
        row = self.rows[r]
        if value is None:
            self.values.pop(row.id, None)
        else:
            self.values[row.id] = value
        self.table.item(r, COL_VALUE).setText(_label(self.enum, value))

    def _picked(self):
        if self.enum is not None:
            value = self.picker.value()
            return getattr(value, "value", value)   # Qt hands the enum back as its str value
        return self.picker.value()

    def assign_selected(self) -> None:
        self.error.setText("")
        try:
            value = self._picked()
        except DomainError as exc:
            self.error.setText(exc.message)
            return
        if value is None:
            self.error.setText("Chưa chọn giá trị để gán.")
            return
        for r in self.selected_rows():
            self.set_value(r, value)

    def take_suggestions(self) -> None:
        for r in self.selected_rows():
            if self.rows[r].suggestion is not None:
                self.set_value(r, self.rows[r].suggestion)

    def clear_selected(self) -> None:
        for r in self.selected_rows():
            self.set_value(r, None)

    def save(self) -> None:
        if not self.values:
            self.error.setText("Chưa gán giá trị cho dòng nào.")
            return
        values = dict(self.values)
        try:
            with self.db.transaction() as s:
                self.saved = C.fill_in(s, self.key, values)
        except DomainError as exc:
            self.error.setText(f"Chưa lưu gì: {exc.message}")
            return
        self.accept()


class CompletionDialog(QDialog):
    """The list: one line per thing lacking, with how many; a line opens its grid."""

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.changed = False
        self.setWindowTitle("Hoàn thiện dữ liệu")
        self.intro = QLabel("Những thông tin các biểu thống kê cần mà hồ sơ còn thiếu. Chọn một dòng để điền "
                            "cho nhiều người cùng lúc.")
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Còn thiếu", "Số lượng"])
        setup_table(self.table, (420, 90))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(lambda r, _c: self.open_line(r))
        self.open_button = QPushButton("Điền…")
        self.open_button.clicked.connect(lambda: self.open_line(self.table.currentRow()))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        self.resize(620, 300)
        self.lines: list[C.CompletionLine] = []
        self.loader = Loader(db, self)
        self.refresh()

    def refresh(self) -> None:
        self.loader.load("lines", C.completion_lines, self._loaded)

    def _loaded(self, lines) -> None:
        self.lines = lines
        self.table.setRowCount(len(lines))
        for r, line in enumerate(lines):
            self.table.setItem(r, 0, QTableWidgetItem(line.label))
            count = QTableWidgetItem(fmt_int(line.count))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(r, 1, count)
        if lines and self.table.currentRow() < 0:
            self.table.setCurrentCell(next((i for i, l in enumerate(lines) if l.count), 0), 0)

    def open_line(self, r: int) -> CompletionGrid | None:
        if not (0 <= r < len(self.lines)) or not self.lines[r].count:
            return None
        grid = CompletionGrid(self.db, self.lines[r].key, self)
        if grid.exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            self.refresh()
        return grid


def open_completion(parent, db, *, only_if_lacking: bool = False) -> bool:
    """Show the list (after an import: only when something is lacking); True when something was filled in."""
    if only_if_lacking:
        with db.session() as s:
            if not any(line.count for line in C.completion_lines(s)):
                return False
    dialog = CompletionDialog(db, parent)
    dialog.exec()
    return dialog.changed


__all__ = ["CompletionDialog", "CompletionGrid", "open_completion"]
