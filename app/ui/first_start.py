"""First start on an empty database: where to begin (Nhập từ Excel, the units, the help), over the home page.

A separate widget put at the top of Tổng quan by the main window, so the home tab itself stays as it is."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout


class FirstStartPanel(QFrame):
    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.setObjectName("firstStart")
        self.setStyleSheet("#firstStart { background: #fff8e1; border: 1px solid #e0c060; border-radius: 4px; }")
        lay = QVBoxLayout(self)
        title = QLabel("Tệp dữ liệu này chưa có đảng viên nào. Bắt đầu từ đâu?")
        title.setStyleSheet("font-size: 15px; font-weight: bold;")
        text = QLabel(
            "<b>1. Nhập từ Excel</b> — nếu xã đã có danh sách đảng viên trong bảng tính (.xlsx, .xls): "
            "chương trình đọc tổ chức, đảng viên, kết quả đánh giá và cho xem trước khi ghi.<br>"
            "<b>2. Hoặc nhập tay</b> — lập Đảng bộ xã và các chi bộ ở tab <i>Tổ chức</i>, rồi thêm đảng viên "
            "ở tab <i>Đảng viên</i> (Ctrl+N) với ngày vào Đảng, ngày chính thức theo hồ sơ.<br>"
            "<b>3. Cài đặt</b> (<i>Tệp → Cài đặt…</i>): tên cấp ủy, địa danh, người ký báo cáo. Xem thêm: "
            "<i>Trợ giúp → Hướng dẫn sử dụng</i> (F1).")
        text.setWordWrap(True)
        lay.addWidget(title)
        lay.addWidget(text)
        buttons = QHBoxLayout()
        self.import_button = QPushButton("Nhập từ Excel… (Ctrl+I)")
        self.import_button.clicked.connect(window.open_import)
        self.units_button = QPushButton("Lập tổ chức đảng…")
        self.units_button.clicked.connect(lambda: (window.tabs.setCurrentWidget(window.units),
                                                   window.units.new_item()))
        self.settings_button = QPushButton("Cài đặt…")
        self.settings_button.clicked.connect(window.open_settings)
        self.help_button = QPushButton("Hướng dẫn sử dụng (F1)")
        self.help_button.clicked.connect(window.show_help)
        for b in (self.import_button, self.units_button, self.settings_button, self.help_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)


def database_is_empty(db) -> bool:
    from app.services import member_queries

    with db.session() as s:
        return member_queries.member_count(s) == 0


def update_first_start(window) -> None:
    """Show the panel on Tổng quan while there is no member; hide it once there is one."""
    panel = getattr(window, "first_start", None)
    empty = database_is_empty(window.db)
    if empty and panel is None:
        panel = window.first_start = FirstStartPanel(window)
        window.home.layout().insertWidget(0, panel)
    if panel is not None:
        panel.setVisible(empty)
