"""Tổ chức: the tree of units with member counts; found, rename, merge, dissolve by dated decisions.

Dissolved and merged units stay in the database (reports count units as of a date); they are shown on request.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QSplitter, QTableView, QTreeView, QVBoxLayout, QWidget)

from app.models.enums import PlaceType, UnitKind
from app.services import ui_queries, units as us
from app.services.dates import fmt_date

from .member_model import MemberTableModel
from .ops import Loader
from .widgets import RowsTableModel, SpecDialog, setup_table

COL_NAME, COL_KIND, COL_PLACE, COL_MEMBERS, COL_FROM, COL_TO = range(6)
HEADERS = ("Tổ chức đảng", "Cấp", "Loại hình", "Đảng viên", "Thành lập", "Kết thúc")
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class UnitEventsModel(RowsTableModel):
    HEADERS = ("Ngày", "Sự kiện", "Số quyết định", "Ngày quyết định", "Ghi chú")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        e = self.rows[index.row()]
        return (fmt_date(e["date"]), e["label"], e["decision_number"], fmt_date(e["decision_date"]),
                e["note"])[index.column()]


def _events(session, unit_id: int) -> list[dict]:
    names = {u.id: u.name for u in us.list_units(session, include_ended=True)}
    out = []
    for e in us.unit_events(session, unit_id):
        note = []
        if e.old_name and e.new_name and e.old_name != e.new_name:
            note.append(f"«{e.old_name}» → «{e.new_name}»")
        if e.other_unit_id:
            note.append(f"vào {names.get(e.other_unit_id, '')}")
        if e.reward_form:
            note.append(e.reward_form.label)
        if e.discipline_form:
            note.append(e.discipline_form.label)
        if e.notes:
            note.append(e.notes)
        out.append({"date": e.event_date, "label": e.kind.label, "decision_number": e.decision_number or "",
                    "decision_date": e.decision_date, "note": "; ".join(note)})
    return out


class UnitsTab(QWidget):
    data_changed = Signal()
    open_member = Signal(int)

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.loader = Loader(db, self)
        self.units = []
        self.all_units = []
        self.shown: tuple[int, str | None] | None = None   # (unit id, its notes) of the details on screen
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.add_button = QPushButton("Thành lập mới…")
        self.edit_button = QPushButton("Sửa…")
        self.rename_button = QPushButton("Đổi tên…")
        self.merge_button = QPushButton("Sáp nhập…")
        self.dissolve_button = QPushButton("Giải thể…")
        for b in (self.add_button, self.edit_button, self.rename_button, self.merge_button, self.dissolve_button):
            bar.addWidget(b)
        bar.addStretch(1)
        ll.addLayout(bar)
        self.show_ended = QCheckBox("Hiện cả tổ chức đã giải thể, sáp nhập")
        ll.addWidget(self.show_ended)
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(list(HEADERS))
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        ll.addWidget(self.tree, 1)
        self.total = QLabel()
        ll.addWidget(self.total)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("Chọn một tổ chức")
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.title.setWordWrap(True)
        self.info = QLabel()
        self.info.setWordWrap(True)
        rl.addWidget(self.title)
        rl.addWidget(self.info)
        rl.addWidget(QLabel("Lịch sử tổ chức"))
        self.events = UnitEventsModel(self)
        self.events_view = QTableView()
        self.events_view.setModel(self.events)
        setup_table(self.events_view)
        self.events_view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.events_view.setMaximumHeight(150)
        rl.addWidget(self.events_view)
        self.members_label = QLabel("Đảng viên")
        rl.addWidget(self.members_label)
        self.members = MemberTableModel(self)
        self.members_view = QTableView()
        self.members_view.setModel(self.members)
        setup_table(self.members_view, (170, 85, 62, 62, 130, 80, 100))
        self.members_view.doubleClicked.connect(
            lambda idx: self.open_member.emit(self.members.row_at(idx.row()).id))
        rl.addWidget(self.members_view, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([640, 700])
        lay = QVBoxLayout(self)
        lay.addWidget(split)

        self.show_ended.toggled.connect(self.refresh)
        self.tree.selectionModel().currentRowChanged.connect(self._selected)
        self.add_button.clicked.connect(self.new_item)
        self.edit_button.clicked.connect(self.edit_unit)
        self.rename_button.clicked.connect(self.rename_unit)
        self.merge_button.clicked.connect(self.merge_unit)
        self.dissolve_button.clicked.connect(self.dissolve_unit)
        self.current_id: int | None = None
        self._enable()

    def refresh(self, *_):
        ended = self.show_ended.isChecked()
        self.loader.load("units", lambda s: (us.list_units(s), us.list_units(s, include_ended=True) if ended else None),
                         self._units_loaded)

    def _units_loaded(self, lists) -> None:
        self.units, everything = lists
        self.all_units = everything if everything is not None else self.units
        self.model.removeRows(0, self.model.rowCount())
        items: dict[int, QStandardItem] = {}
        today = date.today()
        for u in self.all_units:
            ended = u.active_to is not None and u.active_to <= today
            row = [QStandardItem(u.name), QStandardItem(u.kind.label),
                   QStandardItem(u.place_type.label if u.place_type else ""),
                   QStandardItem(str(u.member_count)), QStandardItem(fmt_date(u.active_from)),
                   QStandardItem(fmt_date(u.active_to))]
            row[COL_MEMBERS].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for it in row:
                it.setData(u.id, UNIT_ID_ROLE)
                if ended:
                    it.setForeground(Qt.GlobalColor.gray)
            parent = items.get(u.parent_id)
            (parent.appendRow if parent is not None else self.model.appendRow)(row)
            items[u.id] = row[0]
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col, w in ((COL_KIND, 120), (COL_PLACE, 195), (COL_MEMBERS, 75), (COL_FROM, 85), (COL_TO, 85)):
            self.tree.setColumnWidth(col, w)
        ended = self.show_ended.isChecked()
        # the kind is in the name ("Chi bộ …", "Đảng bộ …") and on the right; dates matter for past units
        self.tree.setColumnHidden(COL_KIND, True)
        self.tree.setColumnHidden(COL_FROM, not ended)
        self.tree.setColumnHidden(COL_TO, not ended)
        root = next((u for u in self.units if u.kind == UnitKind.COMMUNE), None)
        direct = sum(1 for u in self.units if root is not None and u.parent_id == root.id)
        self.total.setText(f"{direct} tổ chức trực thuộc Đảng ủy xã; {root.member_count if root else 0} đảng viên "
                           f"(đến ngày {today:%d/%m/%Y}).")
        if self.current_id is not None:
            self.select_unit(self.current_id)
        self._enable()

    def select_unit(self, unit_id: int) -> None:
        matches = self.model.match(self.model.index(0, 0), UNIT_ID_ROLE, unit_id, 1,
                                   Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly)
        if matches:
            self.tree.setCurrentIndex(matches[0])
            self.tree.scrollTo(matches[0])

    def _selected(self, current, _previous=None):
        if not current.isValid():
            return
        unit_id = current.siblingAtColumn(0).data(UNIT_ID_ROLE)
        self.current_id = unit_id
        self._enable()
        self.loader.load("unit", lambda s: (_events(s, unit_id), ui_queries.unit_members(s, unit_id),
                                            us.get_unit(s, unit_id).notes),
                         lambda details: self._show_unit(unit_id, *details))

    def _show_unit(self, unit_id: int, events: list[dict], members, notes: str | None) -> None:
        info = self.info_of(unit_id)
        if info is None or unit_id != self.current_id:
            return
        self.shown = (unit_id, notes)
        self.title.setText(info.name)
        parent = self.info_of(info.parent_id)
        lines = [info.kind.label + (f" — trực thuộc {parent.name}" if parent else "")]
        if info.place_type:
            lines.append(f"Loại hình: {info.place_type.label}")
        if info.active_to:
            lines.append(f"Đã thôi hoạt động từ ngày {fmt_date(info.active_to)}.")
        self.info.setText("\n".join(lines))
        self.events.set_rows(events)
        self.events_view.resizeColumnsToContents()
        self.events_view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.members.set_rows(members)
        self.members_label.setText(f"Đảng viên đang sinh hoạt ({len(members)}, kể cả tổ chức trực thuộc)")
        self._enable()

    def info_of(self, unit_id):
        return next((u for u in self.all_units if u.id == unit_id), None) or \
            next((u for u in self.units if u.id == unit_id), None)

    def _enable(self) -> None:
        info = self.info_of(self.current_id) if self.current_id else None
        live = info is not None and info.active_to is None
        not_root = live and info.kind != UnitKind.COMMUNE
        # «Sửa» edits the notes read with the details: only once those of this unit are on screen
        self.edit_button.setEnabled(info is not None and self.shown is not None and self.shown[0] == info.id)
        self.rename_button.setEnabled(live)
        self.merge_button.setEnabled(not_root)
        self.dissolve_button.setEnabled(not_root)

    def _done(self, dialog, select=None) -> bool:
        self.last_dialog = dialog
        if dialog.exec():
            if select is not None:
                self.current_id = select(dialog.result_value)
            self.refresh()
            self.data_changed.emit()
            return True
        return False

    def _parents(self):
        return [u for u in self.units if u.kind in (UnitKind.COMMUNE, UnitKind.GRASSROOTS_COMMITTEE,
                                                    UnitKind.SUB_COMMITTEE)]

    def new_item(self) -> bool:
        today = date.today()
        has_root = any(u.kind == UnitKind.COMMUNE for u in self.units)
        kinds = [k for k in UnitKind if k != UnitKind.COMMUNE] if has_root else [UnitKind.COMMUNE]
        current = self.info_of(self.current_id)
        parent = current.id if current and current.kind != UnitKind.CELL and current.active_to is None else None
        fields = [("name", "Tên tổ chức", "text"), ("kind", "Cấp", (UnitKind, kinds), UnitKind.CELL),
                  ("place_type", "Loại hình", PlaceType)]
        if has_root:
            fields.append(("parent_id", "Trực thuộc", "unit", parent))
        fields += [("founded_on", "Ngày thành lập", "date!", today), ("decision_number", "Số quyết định", "text"),
                   ("decision_date", "Ngày quyết định", "date"), ("notes", "Ghi chú", "long")]

        def perform(s, v):
            return us.create_unit(s, **v).id

        dialog = SpecDialog(self.db, "Thành lập tổ chức đảng", fields, perform, self, units=self._parents(),
                            aliases={"parent": "parent_id"} if has_root else {})
        return self._done(dialog, select=lambda uid: uid)

    def edit_unit(self) -> bool:
        info = self.info_of(self.current_id)
        if info is None or self.shown is None or self.shown[0] != info.id:
            return False
        notes = self.shown[1]
        fields = [("place_type", "Loại hình", PlaceType, info.place_type), ("notes", "Ghi chú", "long", notes)]

        def perform(s, v):
            return us.update_unit(s, info.id, place_type=v["place_type"], notes=v["notes"] or "")

        dialog = SpecDialog(self.db, f"Sửa thông tin — {info.name}", fields, perform, self,
                            note="Tên tổ chức đổi bằng «Đổi tên…» (có quyết định), để lịch sử được giữ lại.")
        return self._done(dialog)

    def rename_unit(self) -> bool:
        info = self.info_of(self.current_id)
        if info is None:
            return False
        fields = [("new_name", "Tên mới", "text", info.name), ("on", "Từ ngày", "date!", date.today()),
                  ("decision_number", "Số quyết định", "text"), ("decision_date", "Ngày quyết định", "date")]
        dialog = SpecDialog(self.db, f"Đổi tên — {info.name}", fields,
                            lambda s, v: us.rename_unit(s, info.id, **v), self, aliases={"date": "on"})
        return self._done(dialog)

    def merge_unit(self) -> bool:
        info = self.info_of(self.current_id)
        if info is None:
            return False
        targets = [u for u in self.units if u.id != info.id and u.kind != UnitKind.COMMUNE]
        fields = [("into_unit_id", "Sáp nhập vào", "unit"), ("on", "Từ ngày", "date!", date.today()),
                  ("decision_number", "Số quyết định", "text"), ("decision_date", "Ngày quyết định", "date")]
        dialog = SpecDialog(self.db, f"Sáp nhập — {info.name}", fields,
                            lambda s, v: us.merge_unit(s, info.id, v.pop("into_unit_id"), **v), self, units=targets,
                            aliases={"date": "on", "into_unit": "into_unit_id"},
                            note="Đảng viên của tổ chức được chuyển sang tổ chức nhận sáp nhập từ cùng ngày.")
        return self._done(dialog)

    def dissolve_unit(self) -> bool:
        info = self.info_of(self.current_id)
        if info is None:
            return False
        fields = [("on", "Từ ngày", "date!", date.today()), ("decision_number", "Số quyết định", "text"),
                  ("decision_date", "Ngày quyết định", "date"), ("reason", "Lý do", "text")]
        dialog = SpecDialog(self.db, f"Giải thể — {info.name}", fields,
                            lambda s, v: us.dissolve_unit(s, info.id, **v), self, aliases={"date": "on"},
                            note="Tổ chức giải thể vẫn được lưu (báo cáo tính số tổ chức theo ngày).")
        return self._done(dialog)
