"""The import wizard: last year's Excel sheets into the database (files → sheets → preview → confirm →
progress → result). The engine is app.importing; this module only shows it and collects the user's choices."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard


class ImportWizard(QWizard):
    """Work in progress."""

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Nhập dữ liệu từ Excel")


def open_import_wizard(parent, db) -> bool:
    """Run the wizard modally; True when something was imported or undone (the caller refreshes)."""
    wizard = ImportWizard(db, parent)
    wizard.exec()
    return bool(getattr(wizard, "changed", False))
