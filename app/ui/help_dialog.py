"""Trợ giúp → Hướng dẫn sử dụng (F1): a short Vietnamese guide, read from resources/help/, offline."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from app.paths import resources_dir

HELP_FILE = "huong-dan.html"


class HelpDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Hướng dẫn sử dụng")
        lay = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        path = resources_dir() / "help" / HELP_FILE
        if path.is_file():
            self.browser.setSource(QUrl.fromLocalFile(str(path)))
        else:
            self.browser.setHtml(f"<p>Không tìm thấy tệp hướng dẫn {path}.</p>")
        lay.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        # fits a 1024×768 screen with room for the taskbar
        self.resize(760, 600)
