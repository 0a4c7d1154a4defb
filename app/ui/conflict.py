"""The answer to a save someone else got in first (services.versioning.EditConflict): the message says who and
when, and «Tải lại» shows their version; «Để sau» keeps what the clerk typed on screen (still unsaved)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from . import ask

RELOAD, LATER = "Tải lại", "Để sau"


def offer_reload(parent, title: str, exc) -> bool:
    """Show the conflict; True when the clerk chose «Tải lại»."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, exc.message, QMessageBox.StandardButton.NoButton, parent)
    reload_button = box.addButton(RELOAD, QMessageBox.ButtonRole.AcceptRole)
    later = box.addButton(LATER, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload_button)
    box.setEscapeButton(later)
    box.setInformativeText("«Để sau»: những gì anh/chị đã nhập vẫn còn trên màn hình, chưa được lưu.")
    return ask._exec(box) is reload_button
