"""Tổng quan: today's counts, the reminders and two charts (painted by Qt: app/ui/bar_chart.py).

The reminders come grouped, one line per kind and unit with its count (after an import: "Chưa đánh giá năm
trước — Chi bộ bản Nà Sla — 58 người", not 58 lines); opening a group reads its members (on a worker), where
the clerk opens a record, dismisses or postpones items, or marks badges as given earlier.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QSplitter, QStackedWidget, QTableView,
                               QVBoxLayout, QWidget)

from app.common.vnformat import fmt_decimal, fmt_int
from app.services.age_groups import AGE_GROUPS, age_label
from app.services.dates import fmt_date

from .bar_chart import BarChart
from .ops import Loader
from .widgets import RowsTableModel, setup_table

KIND_LABELS = {"probation_overdue": "Quá hạn công nhận chính thức", "probation_due": "Sắp hết 12 tháng dự bị",
               "exemption_expired": "Hết hạn miễn sinh hoạt", "badge_due": "Huy hiệu Đảng",
               "not_rated": "Chưa đánh giá năm trước"}
COL_KIND, COL_NAME, COL_DUE, COL_MESSAGE = range(4)
COL_G_KIND, COL_G_UNIT, COL_G_COUNT, COL_G_DUE = range(4)
POSTPONE_DAYS = 30
AGE_LABELS = {key: age_label(key, "short") for key, _, _ in AGE_GROUPS}


class _KindModel(RowsTableModel):
    """Rows with a reminder `kind`: the overdue probations in red. Subclasses give the cells and the tip."""

    def cells(self, row) -> tuple:
        raise NotImplementedError

    def tip(self, row) -> str:
        raise NotImplementedError

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(r)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tip(r)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and r.kind == "probation_overdue":
            from PySide6.QtGui import QColor

            return QColor("#b00020")
        return None

    RIGHT: tuple = ()


class ReminderGroupModel(_KindModel):
    HEADERS = ("Việc", "Tổ chức", "Số người", "Hạn sớm nhất")
    RIGHT = (COL_G_COUNT,)

    def cells(self, g) -> tuple:
        return (KIND_LABELS.get(g.kind, g.kind), g.unit_name or "(chưa rõ tổ chức)", fmt_int(g.count),
                fmt_date(g.due))

    def tip(self, g) -> str:
        return "Nhấp đúp (hoặc Enter) để xem danh sách."


class ReminderModel(_KindModel):
    HEADERS = ("Việc", "Đảng viên", "Hạn", "Nội dung")

    def cells(self, r) -> tuple:
        return KIND_LABELS.get(r.kind, r.kind), r.full_name, fmt_date(r.due), r.message

    def tip(self, r) -> str:
        return r.message


def _card(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    lay = QVBoxLayout(frame)
    value = QLabel("…")
    value.setStyleSheet("font-size: 24px; font-weight: bold; color: #8b0000;")
    caption = QLabel(title)
    caption.setWordWrap(True)
    lay.addWidget(value)
    lay.addWidget(caption)
    return frame, value


def _counts(session, today: date):
    from app.services.statistics import list_figures_on
    from app.services.units import list_units

    return list_figures_on(session, today), list_units(session, today)


def _groups(session, today: date):
    from app.services.reminders import reminder_groups

    return reminder_groups(session, today)


def _lines(session, today: date, group):
    from app.services.reminders import reminders

    return reminders(session, today, kind=group.kind, unit_id=group.unit_id)


class HomeTab(QWidget):
    open_member = Signal(int)

    def __init__(self, db, parent=None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.loader = Loader(db, self)
        self.snapshot = None
        lay = QVBoxLayout(self)
        self.heading = QLabel(f"Số liệu đến ngày {self.today:%d/%m/%Y}")
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        lay.addWidget(self.heading)
        cards = QHBoxLayout()
        self.values = {}
        for key, title in (("members", "Đảng viên"), ("probationary", "Đảng viên dự bị"),
                           ("units", "Tổ chức đảng trực thuộc"), ("exempt", "Miễn công tác, sinh hoạt đảng"),
                           ("female", "Đảng viên nữ"), ("minority", "Dân tộc thiểu số")):
            frame, value = _card(title)
            self.values[key] = value
            cards.addWidget(frame)
        lay.addLayout(cards)

        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        self.reminder_title = QLabel("Việc cần làm")
        self.reminder_title.setStyleSheet("font-weight: bold;")
        tl.addWidget(self.reminder_title)
        self.pages = QStackedWidget()
        # page 0: the groups
        self.groups = ReminderGroupModel(self)
        self.group_view = QTableView()
        self.group_view.setModel(self.groups)
        setup_table(self.group_view)
        self.group_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.group_view.setColumnWidth(COL_G_KIND, 240)
        self.group_view.setColumnWidth(COL_G_COUNT, 80)
        self.group_view.horizontalHeader().setSectionResizeMode(COL_G_UNIT, QHeaderView.ResizeMode.Stretch)
        self.group_view.doubleClicked.connect(self._open_group)
        self.group_view.activated.connect(self._open_group)
        first = QWidget()
        fl = QVBoxLayout(first)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(self.group_view)
        hint = QLabel("Mỗi dòng là một loại việc của một tổ chức. Nhấp đúp (hoặc Enter) để xem danh sách.")
        hint.setStyleSheet("color: #555;")
        fl.addWidget(hint)
        self.pages.addWidget(first)
        # page 1: the members of one group
        self.reminders = ReminderModel(self)
        self.view = QTableView()
        self.view.setModel(self.reminders)
        setup_table(self.view)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setColumnWidth(COL_KIND, 200)
        self.view.setColumnWidth(COL_NAME, 190)
        self.view.setColumnWidth(COL_DUE, 90)
        self.view.horizontalHeader().setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._open)
        self.view.activated.connect(self._open)
        second = QWidget()
        sl = QVBoxLayout(second)
        sl.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.back_button = QPushButton("← Các nhóm việc")
        self.back_button.clicked.connect(self.show_groups)
        self.group_title = QLabel("")
        self.group_title.setStyleSheet("font-weight: bold;")
        bar.addWidget(self.back_button)
        bar.addWidget(self.group_title, 1)
        sl.addLayout(bar)
        sl.addWidget(self.view)
        actions = QHBoxLayout()
        self.dismiss_button = QPushButton("Bỏ qua")
        self.dismiss_button.setToolTip("Không nhắc việc này nữa (các dòng đã chọn).")
        self.postpone_button = QPushButton(f"Nhắc lại sau {POSTPONE_DAYS} ngày")
        self.badge_button = QPushButton("Đã trao Huy hiệu trước đây")
        self.badge_button.setToolTip("Hồ sơ chưa ghi Huy hiệu này nhưng đảng viên đã được trao (không rõ ngày): "
                                     "không nhắc nữa.")
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.postpone_button.clicked.connect(self.postpone_selected)
        self.badge_button.clicked.connect(self.mark_badges_selected)
        for b in (self.dismiss_button, self.postpone_button, self.badge_button):
            actions.addWidget(b)
        actions.addStretch(1)
        hint2 = QLabel("Nhấp đúp một dòng để mở hồ sơ; chọn nhiều dòng (Ctrl+A) để xử lý cùng lúc.")
        hint2.setStyleSheet("color: #555;")
        actions.addWidget(hint2)
        sl.addLayout(actions)
        self.pages.addWidget(second)
        tl.addWidget(self.pages)
        self.current_group = None
        split.addWidget(top)
        self.charts = QWidget()
        self.chart_layout = QGridLayout(self.charts)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        # painted by Qt from the snapshot (app/ui/bar_chart.py): a resize repaints, nothing is read again
        self.unit_chart = BarChart(horizontal=True, color="#b22222")
        self.age_chart = BarChart(horizontal=False, color="#c8a200")
        self.chart_views = [self.unit_chart, self.age_chart]
        for col, chart in enumerate(self.chart_views):
            chart.set_message("Đang tải số liệu…")
            self.chart_layout.addWidget(chart, 0, col)
        self.chart_layout.setColumnStretch(0, 3)
        self.chart_layout.setColumnStretch(1, 2)
        split.addWidget(self.charts)
        split.setSizes([260, 330])
        lay.addWidget(split, 1)
        self.groups_loaded = False

    def refresh(self) -> None:
        """Two reads side by side (each on a worker, in its own session): the reminder groups (the longer) and
        the counts with the units, which fill the cards and the charts as soon as they arrive."""
        self.heading.setText(f"Số liệu đến ngày {self.today:%d/%m/%Y}")
        self.reminder_title.setText("Việc cần làm (đang tải…)")
        self.groups_loaded = False
        today = self.today
        self.loader.load("groups", lambda s: _groups(s, today), self._groups_loaded)
        self.loader.load("home", lambda s: _counts(s, today), self._loaded)

    def data_shown(self) -> bool:
        """The counts and the reminder groups are in, and both charts have painted their bars (or, with no member,
        say so)."""
        return self.snapshot is not None and self.groups_loaded and \
            all(chart.painted or not chart.bars for chart in self.chart_views)

    def _loaded(self, result) -> None:
        snap, units = result
        self.snapshot = snap
        v = self.values
        v["members"].setText(fmt_int(snap["members"]))
        v["probationary"].setText(fmt_int(snap["probationary"]))
        v["units"].setText(fmt_int(snap["units"]["total"]))
        v["exempt"].setText(fmt_int(snap["exempt_from_activity"]))
        v["female"].setText(fmt_int(snap["female"]))
        v["minority"].setText(fmt_int(snap["ethnic_minority"]))
        self._draw(snap, units)

    def _groups_loaded(self, groups) -> None:
        self.groups_loaded = True
        self.groups.set_rows(groups)
        total = sum(g.count for g in groups)
        self.reminder_title.setText(f"Việc cần làm ({fmt_int(total)} việc, {fmt_int(len(groups))} nhóm)")
        if self.current_group is not None:
            still = [g for g in groups if (g.kind, g.unit_id) == (self.current_group.kind, self.current_group.unit_id)]
            if still:
                self._show_group(still[0])
            else:
                self.show_groups()

    # --- the groups and their lines ---
    def _open_group(self, index) -> None:
        if index.isValid():
            self._show_group(self.groups.rows[index.row()])

    def _show_group(self, group) -> None:
        self.current_group = group
        self.group_title.setText(f"{KIND_LABELS.get(group.kind, group.kind)} — "
                                 f"{group.unit_name or '(chưa rõ tổ chức)'} ({fmt_int(group.count)} người)")
        self.badge_button.setVisible(group.kind == "badge_due")
        self.reminders.set_rows([])
        self.pages.setCurrentIndex(1)
        self.loader.load("lines", lambda s: _lines(s, self.today, group), self.reminders.set_rows)

    def show_groups(self) -> None:
        self.current_group = None
        self.pages.setCurrentIndex(0)

    def _open(self, index) -> None:
        if index.isValid():
            self.open_member.emit(self.reminders.rows[index.row()].member_id)

    def selected_items(self) -> list:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.reminders.rows[r] for r in rows]

    def _mark(self, action) -> None:
        items = self.selected_items()
        if not items:
            QMessageBox.information(self, "Việc cần làm", "Chọn một hoặc nhiều dòng trước.")
            return
        from app.services.errors import DomainError

        try:
            with self.db.transaction() as s:
                action(s, items)
        except DomainError as exc:
            QMessageBox.warning(self, "Việc cần làm", str(exc))
            return
        self.refresh()

    def dismiss_selected(self) -> None:
        from app.services.reminders import dismiss_reminders

        self._mark(lambda s, items: dismiss_reminders(s, [(r.kind, r.member_id, r.subject) for r in items]))

    def postpone_selected(self) -> None:
        from datetime import timedelta

        from app.services.reminders import postpone_reminders

        until = self.today + timedelta(days=POSTPONE_DAYS)
        self._mark(lambda s, items: postpone_reminders(s, [(r.kind, r.member_id, r.subject) for r in items],
                                                       until=until, today=self.today))

    def mark_badges_selected(self) -> None:
        from app.services.reminders import mark_badges_given

        self._mark(lambda s, items: mark_badges_given(s, [(r.member_id, int(r.subject)) for r in items
                                                          if r.kind == "badge_due"]))

    def _draw(self, snap, units) -> None:
        if not snap["members"]:
            # nothing to draw: an empty chart would show axes of −0.04 … 0.04
            for chart in self.chart_views:
                chart.set_message("Chưa có đảng viên: biểu đồ hiện khi đã có dữ liệu.")
            return
        self.unit_chart.set_bars("Đảng viên theo tổ chức trực thuộc", unit_bars(units))
        groups = snap["age_groups"]
        average = snap["average_age"]
        self.age_chart.set_bars(
            f"Cơ cấu độ tuổi (tuổi bình quân {fmt_decimal(average) if average else '–'})",
            [(AGE_LABELS.get(k, k), c) for k, c in groups.items()])


def unit_bars(units) -> list[tuple[str, int]]:
    """The units directly under the commune's committee, the largest first (the chart shows those that fit)."""
    root = next((u for u in units if u.depth == 0), None)
    direct = sorted((u for u in units if root is not None and u.parent_id == root.id),
                    key=lambda u: u.member_count, reverse=True)
    return [(_short(u.name), u.member_count) for u in direct]


def _short(name: str) -> str:
    for prefix in ("Chi bộ ", "Đảng bộ "):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return name if len(name) <= 28 else name[:27] + "…"
