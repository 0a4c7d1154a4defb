"""The "Sao lưu / Phục hồi" dialog: the backups of the open database with dates, kinds and sizes; back up
now; restore the selected one (checked first, the current data kept as another backup). A database on the
office's server has its own kinds (pg_dump or a logical copy into a SQLite file: app/backup_server.py)."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from app import backup, backup_server
from app.common.vnformat import fmt_int
from app.db import Database, migrate

log = logging.getLogger(__name__)

COL_DATE, COL_REASON, COL_KIND, COL_SIZE, COL_FILE = range(5)
HEADERS = ["Ngày giờ", "Lý do", "Loại", "Dung lượng", "Tệp"]


def size_text(n: int) -> str:
    return f"{fmt_int(max(1, round(n / 1024)))} KB"


class BackupDialog(QDialog):
    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self.restored = False
        self.setWindowTitle("Sao lưu / Phục hồi")
        lay = QVBoxLayout(self)
        # what the backups belong to: the SQLite file, or the server database's URL
        self.target = db.path if db.path is not None else db.url
        self.server = backup_server.is_server(self.target)
        if db.path is None and not self.server:
            lay.addWidget(QLabel("Sao lưu chỉ làm được với tệp dữ liệu SQLite hoặc máy chủ PostgreSQL."))
            self.table = None
            return
        folder = backup.backups_dir(self.target)
        if self.server:
            tool = backup_server.find_tool("pg_dump")
            how = (f"bằng pg_dump ({tool})" if tool else
                   "bằng cách sao chép từng bảng vào một tệp SQLite (máy này không có pg_dump)")
            what = (f"Dữ liệu trên máy chủ: <b>{backup_server.target_for(self.target).describe()}</b><br>"
                    f"Máy này sao lưu {how}. ")
        else:
            what = f"Tệp dữ liệu: <b>{db.path}</b><br>"
        intro = QLabel(f"{what}Các bản sao lưu nằm trong: {folder}<br>"
                       "Chương trình tự sao lưu khi đóng (mỗi ngày một lần), trước khi nâng cấp dữ liệu, "
                       "nhập dữ liệu và phục hồi; giữ 30 bản mới nhất và mỗi tháng một bản.")
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(intro)

        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_FILE, QHeaderView.ResizeMode.Stretch)
        for col in (COL_DATE, COL_REASON, COL_KIND, COL_SIZE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        lay.addWidget(self.table)

        buttons = QHBoxLayout()
        self.backup_button = QPushButton("Sao lưu ngay")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("Phục hồi bản đã chọn…")
        self.restore_button.clicked.connect(self.restore_selected)
        self.copy_button = QPushButton("Lưu một bản ra thư mục, USB…")
        self.copy_button.clicked.connect(lambda: self.save_copy_to())
        self.folder_button = QPushButton("Mở thư mục sao lưu")
        self.folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(backup.backups_dir(self.target)))))
        close = QPushButton("Đóng")
        close.clicked.connect(self.accept)
        for b in (self.backup_button, self.copy_button, self.restore_button, self.folder_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lay.addLayout(buttons)
        self.status = QLabel("")
        lay.addWidget(self.status)
        if db.read_only:
            self.restore_button.setEnabled(False)
            self.restore_button.setToolTip("Cửa sổ này đang ở chế độ chỉ xem: không phục hồi được.")
        self.resize(860, 460)
        self.reload()

    # --- data ---
    def reload(self) -> None:
        self.items = backup.list_backups(self.target)
        self.table.setRowCount(len(self.items))
        for row, info in enumerate(self.items):
            cells = [f"{info.created:%d/%m/%Y %H:%M:%S}", info.reason_label, info.kind_label, size_text(info.size),
                     info.path.name]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == COL_SIZE:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        if self.items:
            self.table.selectRow(0)
        self.status.setText(f"{fmt_int(len(self.items))} bản sao lưu." if self.items else "Chưa có bản sao lưu nào.")
        self._selection_changed()

    def selected(self) -> backup.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and not self.db.read_only)

    # --- actions ---
    def backup_now(self) -> None:
        """A write operation (app/ui/ops.py): after an import or an undo still running, never beside one."""
        from .ops import Op

        self.backup_button.setEnabled(False)
        self.status.setText("Đang sao lưu…")
        Op(self, lambda: backup.iter_backup(self.target, "manual"), write=True) \
            .progress(lambda step: self.status.setText(step.what)) \
            .success(self._backed_up).failure(self._backup_failed).run()

    def _backed_up(self, path: Path) -> None:
        self.backup_button.setEnabled(True)
        self.reload()
        self.status.setText(f"Đã sao lưu vào {path.name} ({backup.kind_label(path)}).")

    def _backup_failed(self, exc) -> None:
        from .ops import show_failure

        self.backup_button.setEnabled(True)
        self.status.setText("Chưa sao lưu được.")
        if isinstance(exc, backup.BackupError):
            QMessageBox.warning(self, "Sao lưu", str(exc))
        else:
            show_failure(self, exc)

    def save_copy_to(self, folder: str | None = None) -> Path | None:
        """A checked copy in a folder the clerk chooses (a USB stick): a backup beside the database is lost
        with the computer."""
        from .ask import choose_folder

        folder = folder or choose_folder(self, "Chọn thư mục hoặc USB để lưu bản sao")
        if not folder:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.server:
                target = backup_server.target_for(self.target)
                dest, _note = backup_server.write_backup(target, Path(folder) / f"{target.stem}-"
                                                         f"{datetime.now():%Y%m%d-%H%M%S}")
                problem = backup.backup_problem(dest)
                problems = [problem] if problem else []
            else:
                dest = Path(folder) / f"{Path(self.db.path).stem}-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
                backup.copy_database(Path(self.db.path), dest)
                problems = backup.integrity_problems(dest)
        except (OSError, sqlite3.Error, backup.BackupError) as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "Sao lưu", f"Không lưu được bản sao vào {folder}: {exc}")
            return None
        QApplication.restoreOverrideCursor()
        if problems:
            dest.unlink(missing_ok=True)
            QMessageBox.warning(self, "Sao lưu", f"Bản sao trong {folder} bị lỗi khi kiểm tra: {problems[0]}")
            return None
        self.status.setText(f"Đã lưu bản sao vào {dest}.")
        return dest

    def restore_question(self, info: backup.BackupInfo) -> str:
        """What the restore gives back and what it takes away (the import batches after the backup)."""
        return ("Phục hồi dữ liệu từ bản sao lưu này?\n\n" + backup.restore_summary(self.target, info.path))

    def confirm_restore(self, info: backup.BackupInfo) -> bool:
        from .ask import confirm

        return confirm(self, "Phục hồi dữ liệu", self.restore_question(info), "Phục hồi", danger=True)

    def restore_selected(self, confirm=None) -> bool:
        info = self.selected()
        if info is None or self.db.read_only:
            return False
        if not (confirm or self.confirm_restore)(info):
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # every pooled connection closes, so the file can be replaced (Windows refuses an open file)
            self.db.dispose()
            kept = backup.restore_backup(self.target, info.path)
            # a backup from an older version of the program gets the newer schema
            migrate(self.db.engine, self.db.url)
        except backup.BackupError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "Phục hồi dữ liệu", str(exc))
            return False
        QApplication.restoreOverrideCursor()
        self.restored = True
        self.reload()
        where = f"\nDữ liệu trước khi phục hồi được giữ tại {kept.name}." if kept else ""
        self.status.setText(f"Đã phục hồi từ bản {info.created:%d/%m/%Y %H:%M}.{where}")
        QMessageBox.information(self, "Phục hồi dữ liệu", self.status.text())
        return True


def open_backup_dialog(db: Database, parent=None) -> BackupDialog:
    return BackupDialog(db, parent)
