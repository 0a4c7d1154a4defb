"""Import wizard, step 1: the files, read on a worker, and the "as of" date of the list (detected from the
titles or file names, corrected by the clerk)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWizardPage)

from app.common.vnformat import fmt_int
from app.services.errors import DomainError

from .import_common import FILE_FILTER, WARN_STYLE, error_text
from .ops import Loader
from .widgets import ERROR_STYLE, DateField

if TYPE_CHECKING:
    from .import_wizard import ImportWizard



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
        self.status.setText(f"Không đọc được các tệp: {error_text(exc)}")
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
