"""The import wizard's step for values nothing understood (issue 11): each distinct value once per field, with
how many rows hold it and an example; the clerk picks its meaning or leaves it unknown. The answers are
saved with the import and used by every later one; an untouched value stays unknown and is asked again."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTableWidget, QTableWidgetItem, \
    QVBoxLayout, QWizardPage

from app.common.vnformat import fmt_int

from .ops import Loader
from .widgets import ERROR_STYLE, setup_table

UNANSWERED = "__unanswered__"
UNANSWERED_TEXT = "— Chưa trả lời (hỏi lại lần sau) —"
LEAVE_UNKNOWN_TEXT = "Để chưa rõ (không hỏi lại)"
HEADERS = ["Trường", "Giá trị trong tệp", "Số dòng", "Ví dụ", "Nghĩa là"]
COL_MEANING = 4


class AnswersPage(QWizardPage):
    def __init__(self, wizard, next_id: int):
        super().__init__()
        self.wiz = wizard
        self.next_id = next_id
        self.setTitle("Bước 3b/6 — Giá trị chưa hiểu (hỏi một lần)")
        self.setSubTitle("Những giá trị dưới đây chương trình chưa hiểu. Chọn nghĩa của từng giá trị; câu trả lời "
                         "được lưu và dùng cho mọi lần nhập sau. Giá trị chưa trả lời để «chưa rõ», không bị coi "
                         "là một giá trị nào.")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        setup_table(self.table, (150, 190, 60, 340, 280))
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.leave_all = QPushButton("Để chưa rõ tất cả giá trị chưa trả lời")
        self.leave_all.clicked.connect(self.leave_rest_unknown)
        self.status = QLabel()
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.leave_all)
        bottom.addWidget(self.status, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)
        self.questions: list = []
        self.loader = Loader(wizard.db, self)
        self.planning = False
        self.planned_with: dict | None = None

    def nextId(self) -> int:
        return self.next_id

    def initializePage(self) -> None:
        plan = self.wiz.plan
        self.questions = list(getattr(plan, "questions", []) or [])
        self.planned_with = None
        self.status.setText("")
        self.table.setRowCount(len(self.questions))
        given = getattr(self.wiz, "answers", {}) or {}
        for r, q in enumerate(self.questions):
            for c, text in enumerate((q.field_label, q.text, fmt_int(q.rows), q.example)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
            combo = QComboBox()
            combo.addItem(UNANSWERED_TEXT, UNANSWERED)
            combo.addItem(LEAVE_UNKNOWN_TEXT, None)
            for value, label in q.choices().items():
                combo.addItem(label, value)
            previous = given.get(q.field, {}).get(q.text, UNANSWERED)
            combo.setCurrentIndex(max(combo.findData(previous), 0))
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(r, COL_MEANING, combo)
        fields = len({q.field for q in self.questions})
        self.summary.setText(f"<b>{fmt_int(len(self.questions))}</b> giá trị chưa hiểu trong {fmt_int(fields)} "
                             f"trường, ở <b>{fmt_int(sum(q.rows for q in self.questions))}</b> ô.")

    def combo(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, COL_MEANING)

    def choose(self, row: int, meaning) -> None:
        """Pick a meaning (a stored value, or None for "leave unknown") for the question on that row."""
        combo = self.combo(row)
        combo.setCurrentIndex(combo.findData(meaning))

    def leave_rest_unknown(self) -> None:
        for r in range(self.table.rowCount()):
            if self.combo(r).currentData() == UNANSWERED:
                self.choose(r, None)

    def _changed(self, _index: int) -> None:
        self.planned_with = None
        self.status.setText("")

    def answers(self) -> dict[str, dict[str, str | None]]:
        """{field: {value as written: meaning or None}} for the questions answered on this page."""
        out: dict[str, dict[str, str | None]] = {}
        for r, q in enumerate(self.questions):
            meaning = self.combo(r).currentData()
            if meaning != UNANSWERED:
                out.setdefault(q.field, {})[q.text] = meaning
        return out

    def isComplete(self) -> bool:
        return not self.planning

    def validatePage(self) -> bool:
        answers = self.answers()
        merged = {f: dict(v) for f, v in (getattr(self.wiz, "answers", {}) or {}).items()}
        for f, by_text in answers.items():
            merged.setdefault(f, {}).update(by_text)
        if self.planned_with == merged:
            return True
        if not any(answers.values()):
            self.wiz.answers = merged
            return True
        # the answers change what rows mean: plan again (on the worker), then go on
        from app.importing import plan_import

        self.wiz.answers = merged
        tables, as_of, default_unit = list(self.wiz.tables), self.wiz.as_of, self.wiz.default_unit
        self.planning = True
        self.status.setStyleSheet("")
        self.status.setText("Đang áp dụng các câu trả lời (chưa ghi gì)…")
        self.completeChanged.emit()
        self.loader.load("replan", lambda s: plan_import(s, tables, as_of, default_unit=default_unit,
                                                         answers=merged),
                         lambda plan: self._replanned(plan, merged), self._failed)
        return False

    def _replanned(self, plan, merged) -> None:
        self.planning = False
        self.wiz.plan = plan
        self.planned_with = merged
        self.completeChanged.emit()
        self.wiz.next()

    def _failed(self, exc) -> None:
        self.planning = False
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(f"Chưa áp dụng được các câu trả lời: {exc}")
        self.completeChanged.emit()
