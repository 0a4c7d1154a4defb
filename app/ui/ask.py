"""Every question the program asks, in Vietnamese, with buttons named by what they do.

Qt's own buttons and dialogs speak English and PySide6 ships no Vietnamese translation of Qt, so
`install_vietnamese` loads a small translation of Qt's strings (resources/i18n/qt_vi.qm) (Yes/No/OK/Cancel, the file dialog);
the questions that matter do not say "Có / Không" but the action: "Phục hồi", "Xóa", "Khóa" (a clerk reads
the button, not the sentence above it). File dialogs are Qt's own, so they are Vietnamese whatever the
language of Windows is.

All boxes go through `_exec`, one place tests can answer in.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

# (context, English source) → Vietnamese; the contexts are Qt's own (QPlatformTheme: standard buttons)
_QT_STRINGS = {
    "QPlatformTheme": {"OK": "Đồng ý", "&OK": "Đồng ý", "Cancel": "Hủy", "&Cancel": "Hủy", "Yes": "Có",
                       "&Yes": "&Có", "No": "Không", "&No": "&Không", "Yes to &All": "Có với tất cả",
                       "N&o to All": "Không với tất cả", "Save": "Lưu", "&Save": "&Lưu", "Save All": "Lưu tất cả",
                       "Open": "Mở", "&Open": "&Mở", "Close": "Đóng", "&Close": "Đóng", "Discard": "Không lưu",
                       "Don't Save": "Không lưu", "Close without Saving": "Đóng, không lưu", "Apply": "Áp dụng",
                       "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định", "Help": "Trợ giúp",
                       "Abort": "Dừng", "Retry": "Thử lại", "Ignore": "Bỏ qua"},
    "QFileDialog": {"&Look in:": "&Tìm trong:", "Look in:": "Tìm trong:", "File &name:": "&Tên tệp:",
                    "Files of &type:": "&Loại tệp:", "&Open": "&Mở", "Open": "Mở", "&Save": "&Lưu",
                    "&Choose": "&Chọn", "Directory:": "Thư mục:", "&Delete": "&Xóa", "&Rename": "Đổi &tên",
                    "&New Folder": "Thư mục &mới", "New Folder": "Thư mục mới", "Create New Folder":
                    "Tạo thư mục mới", "Create a New Folder": "Tạo thư mục mới", "Back": "Lùi", "Forward": "Tới",
                    "Go back": "Lùi lại", "Go forward": "Tiến tới", "Parent Directory": "Thư mục cha",
                    "Go to the parent directory": "Lên thư mục cha", "List View": "Danh sách",
                    "Detail View": "Chi tiết", "Change to list view mode": "Xem dạng danh sách",
                    "Change to detail view mode": "Xem chi tiết", "All Files (*)": "Mọi tệp (*)",
                    "Show &hidden files": "Hiện tệp &ẩn", "Directories": "Thư mục", "Files": "Tệp",
                    "Find Directory": "Chọn thư mục", "Sidebar": "Lối tắt",
                    "List of places and bookmarks": "Các nơi thường dùng"},
    "QFileSystemModel": {"Name": "Tên", "Size": "Kích thước", "Type": "Loại", "Date Modified": "Ngày sửa",
                         "Computer": "Máy tính", "My Computer": "Máy tính"},
    "QAbstractFileIconProvider": {"Drive": "Ổ đĩa", "Folder": "Thư mục", "File": "Tệp"},
    "QLineEdit": {"&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "Cắ&t", "&Copy": "&Chép",
                  "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn hết"},
    "QWidgetTextControl": {"&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "Cắ&t", "&Copy": "&Chép",
                           "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn hết",
                           "Copy &Link Location": "Chép địa chỉ liên kết"},
}


QM_NAME = "qt_vi.qm"


def write_ts(path) -> None:
    """The strings above as a Qt .ts file; tools/make_qt_vi.py compiles it to resources/i18n/qt_vi.qm with
    lrelease (a Python QTranslator subclass would be simpler, but PySide6 crashes when Qt calls it from a
    worker thread)."""
    from xml.sax.saxutils import escape

    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<!DOCTYPE TS>', '<TS version="2.1" language="vi">']
    for context, strings in _QT_STRINGS.items():
        lines.append(f"<context><name>{context}</name>")
        for source, text in strings.items():
            lines.append(f"<message><source>{escape(source)}</source><translation>{escape(text)}</translation>"
                         "</message>")
        lines.append("</context>")
    lines.append("</TS>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


_translator: QTranslator | None = None


def install_vietnamese(app) -> bool:
    """Qt's own strings in Vietnamese from resources/i18n/qt_vi.qm (PySide6 ships no Vietnamese)."""
    global _translator
    if _translator is not None:
        return True
    from app.paths import resources_dir

    translator = QTranslator(app)
    if not translator.load(str(resources_dir() / "i18n" / QM_NAME)):
        return False
    app.installTranslator(translator)
    _translator = translator
    return True


def _exec(box: QMessageBox):
    """Show the box and return the button clicked (tests replace this one function)."""
    box.exec()
    return box.clickedButton()


def confirm(parent: QWidget | None, title: str, text: str, action: str, *, cancel: str = "Quay lại",
            danger: bool = False, details: str | None = None) -> bool:
    """A yes/no question whose yes-button says the action ("Xóa", "Phục hồi", "Khóa"); No is the default
    when the action cannot be undone."""
    box = QMessageBox(QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no if danger else yes)
    box.setEscapeButton(no)
    if details:
        box.setInformativeText(details)
    return _exec(box) is yes


SAVE, DISCARD, STAY = "save", "discard", "stay"


def ask_save(parent, what: str) -> QMessageBox.StandardButton:
    """Lưu / Không lưu / Quay lại, for unsaved changes (answers as QMessageBox standard buttons)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Chưa lưu", f"{what} có thay đổi chưa lưu. Lưu lại?",
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel, parent)
    box.button(QMessageBox.StandardButton.Save).setText("Lưu")
    box.button(QMessageBox.StandardButton.Discard).setText("Không lưu")
    box.button(QMessageBox.StandardButton.Cancel).setText("Quay lại")
    clicked = _exec(box)
    return box.standardButton(clicked) if clicked is not None else QMessageBox.StandardButton.Cancel


def ask_discard(parent, what: str) -> bool:
    """Esc or Hủy over typed data: throw it away only when the clerk says so."""
    return confirm(parent, "Bỏ dữ liệu đã nhập?", f"{what}: những gì đã nhập chưa được lưu. Bỏ đi?",
                   "Bỏ dữ liệu đã nhập", cancel="Quay lại nhập tiếp", danger=True)


def tell(parent, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    _exec(box)


# --- file dialogs: Qt's own (not the system's), labelled in Vietnamese ---------------------------------

def _file_dialog(parent, title: str, folder: str, filter_: str) -> QFileDialog:
    d = QFileDialog(parent, title, folder, filter_)
    d.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    for label, text in ((QFileDialog.DialogLabel.LookIn, "Tìm trong:"),
                        (QFileDialog.DialogLabel.FileName, "Tên tệp:"),
                        (QFileDialog.DialogLabel.FileType, "Loại tệp:"),
                        (QFileDialog.DialogLabel.Reject, "Hủy")):
        d.setLabelText(label, text)
    return d


def _exec_file(d: QFileDialog) -> list[str]:
    """Run a file dialog; the chosen paths (tests replace this one function)."""
    return d.selectedFiles() if d.exec() else []


def open_files(parent, title: str, filter_: str, folder: str = "", many: bool = True) -> list[str]:
    d = _file_dialog(parent, title, folder, filter_)
    d.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    d.setFileMode(QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile)
    d.setLabelText(QFileDialog.DialogLabel.Accept, "Mở")
    return _exec_file(d)


def save_file(parent, title: str, default: str, filter_: str) -> str | None:
    d = _file_dialog(parent, title, "", filter_)
    d.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    d.selectFile(default)
    d.setLabelText(QFileDialog.DialogLabel.Accept, "Lưu")
    chosen = _exec_file(d)
    return chosen[0] if chosen else None


def choose_folder(parent, title: str, folder: str = "") -> str | None:
    d = _file_dialog(parent, title, folder, "")
    d.setFileMode(QFileDialog.FileMode.Directory)
    d.setOption(QFileDialog.Option.ShowDirsOnly, True)
    d.setLabelText(QFileDialog.DialogLabel.Accept, "Chọn thư mục này")
    d.setLabelText(QFileDialog.DialogLabel.FileName, "Thư mục:")
    chosen = _exec_file(d)
    return chosen[0] if chosen else None
