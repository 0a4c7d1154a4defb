"""Tệp → «Kết nối máy chủ…»: point this PC at the office's PostgreSQL server (host, port, database, user,
password), try the connection and say in Vietnamese what failed, or go back to the SQLite file on this PC.

The password goes to the OS keyring (app/connection.py), never to a file; the rest to `connection.json` in
the data folder. The choice takes effect when the program opens the database next (the open window keeps the
database it has: its tabs, workers and unsaved edits belong to it).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout)

from app import connection
from app.connection import ConnectionSettingsError, ServerConnection

log = logging.getLogger(__name__)

TITLE = "Kết nối máy chủ"


class ConnectDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.last_probe = None
        saved = connection.saved_connection()
        lay = QVBoxLayout(self)
        intro = QLabel("Khi nhiều người cùng nhập liệu từ nhiều máy, dữ liệu nằm trên một máy chủ PostgreSQL trong "
                       "cơ quan (Trợ giúp → Hướng dẫn sử dụng, «Nhiều máy dùng chung một máy chủ»). Mật khẩu "
                       "được cất trong kho mật khẩu của hệ điều hành, không ghi vào tệp nào.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.host = QLineEdit(saved.host if saved else "")
        self.host.setPlaceholderText("ví dụ 192.168.1.10 hoặc may-chu-van-phong")
        self.port = QLineEdit(str(saved.port if saved else connection.DEFAULT_PORT))
        self.database = QLineEdit(saved.database if saved else "dangvu")
        self.user = QLineEdit(saved.user if saved else "")
        self.password = QLineEdit(connection.get_password(saved) or "" if saved else "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Máy chủ:", self.host)
        form.addRow("Cổng:", self.port)
        form.addRow("Cơ sở dữ liệu:", self.database)
        form.addRow("Người dùng:", self.user)
        form.addRow("Mật khẩu:", self.password)
        lay.addLayout(form)
        self.status = QLabel(f"Đang dùng: {saved.describe()}." if saved else
                             "Đang dùng: tệp dữ liệu trên máy này.")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setMinimumHeight(60)
        lay.addWidget(self.status)

        buttons = QHBoxLayout()
        self.test_button = QPushButton("Thử kết nối")
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = QPushButton("Lưu và dùng máy chủ này")
        self.save_button.clicked.connect(self.save)
        self.local_button = QPushButton("Dùng tệp trên máy này")
        self.local_button.clicked.connect(self.use_local)
        cancel = QPushButton("Hủy")
        cancel.clicked.connect(self.reject)
        for b in (self.test_button, self.save_button, self.local_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        lay.addLayout(buttons)
        self.resize(620, 360)

    # --- the fields ---
    def fields(self) -> ServerConnection:
        return connection.check_fields(self.host.text(), self.port.text(), self.database.text(), self.user.text())

    def url(self) -> str:
        """The URL the fields give, password included (in memory only)."""
        return self.fields().url(self.password.text() or None)

    def _say(self, text: str, bad: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if bad else "")

    # --- actions ---
    def test_connection(self, create_schema=None) -> bool:
        """«Thử kết nối»: True when the program can open this database (after creating its schema when the
        clerk agrees). `create_schema` answers the question in tests."""
        from app.db import _head_in_files  # the program's newest revision, read from the migration files
        from app.services import server_db

        try:
            conn = self.fields()
        except ConnectionSettingsError as exc:
            self._say(str(exc), bad=True)
            return False
        self._say("Đang thử kết nối…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()
        try:
            probe = server_db.probe(conn.url(self.password.text() or None), _head_in_files(),
                                    where=f"{conn.host}:{conn.port}", database=conn.database)
        finally:
            QApplication.restoreOverrideCursor()
        self.last_probe = probe
        if probe.status == server_db.NOT_MIGRATED:
            self._say(probe.message)
            ask = create_schema or self._ask_create
            if not ask(probe.message):
                return False
            return self._create_schema(conn)
        self._say(probe.message, bad=probe.status not in (server_db.OK, server_db.OLD_SCHEMA))
        return probe.status in (server_db.OK, server_db.OLD_SCHEMA)

    def _ask_create(self, text: str) -> bool:
        from .ask import confirm

        return confirm(self, TITLE, text, "Tạo cấu trúc dữ liệu")

    def _create_schema(self, conn: ServerConnection) -> bool:
        from app.db import Database

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            Database(conn.url(self.password.text() or None)).engine.dispose()  # migrated to head
        except Exception as exc:  # noqa: BLE001 - e.g. the role may not create tables: say so
            log.exception("creating the schema on %s failed", conn.describe())
            self._say(f"Không tạo được cấu trúc dữ liệu trên máy chủ (không có gì bị ghi dở): {exc}", bad=True)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self._say(f"Đã tạo cấu trúc dữ liệu trong {conn.describe()}. Có thể lưu và dùng máy chủ này.")
        return True

    def save(self, confirm_untested=None) -> bool:
        """«Lưu và dùng máy chủ này»: tried first; saved anyway only when the clerk says so."""
        try:
            conn = self.fields()
        except ConnectionSettingsError as exc:
            self._say(str(exc), bad=True)
            return False
        if not self.test_connection():
            from .ask import confirm

            ask = confirm_untested or (lambda text: confirm(self, TITLE, text, "Vẫn lưu", danger=True))
            if not ask(f"{self.status.text()}\n\nVẫn lưu kết nối này? Chương trình sẽ không mở được dữ liệu cho "
                       "đến khi kết nối được."):
                return False
        try:
            connection.save_connection(conn, self.password.text() or None)
        except ConnectionSettingsError as exc:
            self._say(str(exc), bad=True)
            return False
        log.info("connection saved: %s", conn.describe())
        self._say(f"Đã lưu: {conn.describe()}. Đóng và mở lại chương trình để dùng.")
        self.accept()
        return True

    def use_local(self) -> None:
        """Back to the SQLite file in this PC's data folder."""
        connection.use_local_file()
        log.info("connection: back to the local file")
        self._say("Đã chọn tệp dữ liệu trên máy này. Đóng và mở lại chương trình để dùng.")
        self.accept()


def open_connect_dialog(parent=None) -> bool:
    """True when the clerk changed where this PC's data is."""
    return ConnectDialog(parent).exec() == QDialog.DialogCode.Accepted
