"""The import wizard: last year's Excel sheets into the database (files → sheets → preview → confirm →
progress → result). The engine is app.importing; this module only shows it and collects the user's choices.

Reading and planning are reads, applying and undoing writes, all run off the UI thread (app/ui/ops.py) so the
window never freezes on a large sheet; the import and its undo go through the one serial write executor.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt  # noqa: F401  (tests read W.Qt)
from PySide6.QtWidgets import QApplication, QWizard

from .import_common import (PAGE_ANSWERS, PAGE_CONFIRM, PAGE_FILES, PAGE_PREVIEW, PAGE_PROGRESS,  # noqa: F401
                            PAGE_RESULT, PAGE_SHEETS, STATUS_WORDS)
from .import_files_page import FilesPage
from .import_preview_page import PreviewPage
from .import_run_pages import ConfirmPage, ProgressPage, ResultPage
from .import_sheets_page import SheetsPage


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

