"""Import wizard, step 3: the dry run: every row with its status (new, update, unchanged, conflict,
skipped), the problems, and the clerk's choice per conflicting field. Nothing is written here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QTableView,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget, QWizardPage)

from app.common.vnformat import fmt_int

from .import_common import (KEEP_TEXT, PAGE_ANSWERS, PAGE_CONFIRM, SHEET_TEXT, STATUS_COLORS, STATUS_WORDS,
                            ProblemsModel, ProblemsPanel, error_text, field_label, show_value)
from .ops import Loader
from .widgets import ERROR_STYLE, RowsTableModel, setup_table

if TYPE_CHECKING:
    from .import_wizard import ImportWizard



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
        self.error.setText(f"Chưa lập được kế hoạch nhập: {error_text(exc)}  Hãy quay lại bước 1 để sửa "
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
