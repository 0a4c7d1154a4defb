"""What the import wizard's pages share: the page ids, the words and colours of the row statuses, how an
engine field and a value are shown, and the problems table (the preview's and the result's)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget


from .widgets import RowsTableModel, setup_table


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


def error_text(exc: Exception) -> str:
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return message
    text = str(exc)
    return text or type(exc).__name__


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


def escape(text) -> str:
    import html

    return html.escape(str(text or ""))
