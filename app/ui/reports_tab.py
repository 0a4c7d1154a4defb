"""Tab "Báo cáo": preview figures, write the narrative, export Word / biểu thống kê (skeleton)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class ReportsTab(QWidget):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
