"""Đảng viên: the searchable list (20,000 rows), filters, the grouped detail form and the lifecycle actions."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QGridLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QMessageBox, QPlainTextEdit,
                               QPushButton, QScrollArea, QSplitter, QTableView, QTabWidget, QToolButton,
                               QVBoxLayout, QWidget)

from app.models.enums import (AcademicTitle, Gender, GeneralEducation, OccupationGroup, PoliticalTheory,
                              ProfessionalLevel, Standing)
from app.services import member_queries, members as ms, ui_queries, units as us
from app.services.dates import fmt_date
from app.services.errors import DomainError
from app.services.statistics import AGE_GROUPS

from .member_actions import ACTIONS, ActionDialog
from .member_model import ALL, LEFT, ON_ROLL, MemberFilter, MemberTableModel
from .widgets import DateField, EnumCombo, Form, Loader, RowsTableModel, UnitCombo, ask_save, setup_table, show_error

# (field, label, kind) per group of the detail form; kinds: text, long, birth, bool, or an enum class
PERSONAL = (("full_name", "Họ và tên (*)", "text"), ("other_name", "Tên gọi khác", "text"),
            ("gender", "Giới tính", Gender), ("birth_date", "Ngày sinh", "birth"),
            ("birthplace", "Quê quán", "text"), ("residence", "Nơi ở hiện nay", "text"),
            ("ethnicity", "Dân tộc", "text"), ("religion", "Tôn giáo", "text"),
            ("national_id", "Số CCCD", "text"), ("phone", "Điện thoại", "text"),
            ("occupation", "Nghề nghiệp", "text"), ("occupation_group", "Nhóm nghề nghiệp", OccupationGroup),
            ("youth_union", "Đoàn viên TNCS Hồ Chí Minh", "bool"),
            ("private_business_owner", "Chủ doanh nghiệp tư nhân", "bool"),
            ("foreign_spouse", "Có vợ/chồng là người nước ngoài", "bool"), ("notes", "Ghi chú", "long"))
EDUCATION = (("general_education", "Giáo dục phổ thông", GeneralEducation),
             ("general_education_text", "   (ghi trong hồ sơ)", "text"),
             ("professional_level", "Chuyên môn nghiệp vụ", ProfessionalLevel),
             ("professional_text", "   (ghi trong hồ sơ)", "text"),
             ("academic_title", "Học hàm", AcademicTitle), ("academic_text", "Học vị, học hàm (ghi)", "text"),
             ("political_theory", "Lý luận chính trị", PoliticalTheory),
             ("political_theory_text", "   (ghi trong hồ sơ)", "text"),
             ("foreign_language", "Ngoại ngữ", "text"), ("it_skill", "Tin học", "text"))
PARTY = (("card_number", "Số thẻ đảng viên", "text"), ("dossier_number", "Số lý lịch", "text"),
         ("position_party", "Chức vụ Đảng", "text"), ("position_government", "Chức vụ chính quyền", "text"),
         ("position_mass_org", "Chức vụ đoàn thể", "text"), ("introducer_1", "Người giới thiệu thứ nhất", "text"),
         ("introducer_2", "Người giới thiệu thứ hai", "text"))
ALL_FIELDS = PERSONAL + EDUCATION + PARTY

ENTRY_ON_ROLL, ENTRY_TRANSFER_IN, ENTRY_ADMIT = "on_roll", "transfer_in", "admit"

TL_DATE, TL_EVENT, TL_DECISION, TL_DETAIL = range(4)


class TimelineModel(RowsTableModel):
    HEADERS = ("Ngày", "Sự kiện", "Số quyết định", "Chi tiết")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (fmt_date(r["date"]), r["label"], r["decision_number"], r["detail"])[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{r['label']} {r['decision_number']}\n{r['detail']}".strip()
            if r.get("needs_review"):
                tip += "\nCần kiểm tra lại (đọc từ ghi chú của bảng tính)"
            return tip
        return None


class MemberDetail(QWidget):
    """The grouped form of one member (or a new one), bound explicitly to a dict of fields."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.member_id: int | None = None
        self.original: dict = {}
        self._loading = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 0, 0, 0)
        self.title = QLabel("Chọn một đảng viên trong danh sách")
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.title.setWordWrap(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        lay.addWidget(self.title)
        lay.addWidget(self.state)

        self.entry_box = QGroupBox("Vào danh sách đảng viên của xã")
        ef = QFormLayout(self.entry_box)
        self.entry_kind = QComboBox()
        self.entry_kind.addItem("Có tên trong danh sách (nhập hồ sơ cũ)", ENTRY_ON_ROLL)
        self.entry_kind.addItem("Chuyển sinh hoạt đến", ENTRY_TRANSFER_IN)
        self.entry_kind.addItem("Kết nạp", ENTRY_ADMIT)
        self.entry_unit = UnitCombo()
        self.entry_date = DateField()
        self.entry_standing = EnumCombo(Standing, blank=None)
        self.entry_standing.set_value(Standing.OFFICIAL)
        self.entry_decision = QLineEdit()
        self.entry_error = QLabel()
        self.entry_error.setStyleSheet("color: #b00020;")
        self.entry_error.setWordWrap(True)
        ef.addRow("Hình thức", self.entry_kind)
        ef.addRow("Chi bộ", self.entry_unit)
        ef.addRow("Từ ngày", self.entry_date)
        ef.addRow("Đảng viên", self.entry_standing)
        ef.addRow("Số quyết định", self.entry_decision)
        ef.addRow(self.entry_error)
        self.entry_box.hide()
        lay.addWidget(self.entry_box)

        self.tabs = QTabWidget()
        self.forms: list[Form] = []
        self.widgets: dict[str, QWidget] = {}
        for title, spec in (("Cá nhân", PERSONAL), ("Học vấn, đào tạo", EDUCATION), ("Đảng", PARTY)):
            form = Form()
            for name, label, kind in spec:
                form.add(name, label, self._make(kind))
                self.widgets[name] = form.fields[name]
            if title == "Đảng":
                self.party_info = QLabel()
                self.party_info.setWordWrap(True)
                form.layout_.addRow(self.party_info)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            holder = QWidget()
            hl = QVBoxLayout(holder)
            hl.setContentsMargins(0, 0, 0, 0)
            hl.addWidget(form)
            hl.addStretch(1)
            scroll.setWidget(holder)
            self.tabs.addTab(scroll, title)
            self.forms.append(form)
        self.timeline = TimelineModel(self)
        tl = QWidget()
        tl_lay = QVBoxLayout(tl)
        self.timeline_view = QTableView()
        self.timeline_view.setModel(self.timeline)
        self.timeline_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        setup_table(self.timeline_view, (90, 150, 100))
        # a member has a few dozen events at most: wrapped rows are affordable here and show everything
        self.timeline_view.setWordWrap(True)
        self.timeline_view.setStyleSheet("QTableView::item { padding: 3px 2px; }")
        self.timeline_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        tl_lay.addWidget(self.timeline_view)
        self.delete_event_button = QPushButton("Xóa sự kiện nhập nhầm…")
        tl_lay.addWidget(self.delete_event_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.tabs.addTab(tl, "Quá trình")
        lay.addWidget(self.tabs, 1)
        self.setEnabled(False)

    def _make(self, kind):
        if kind == "text":
            w = QLineEdit()
            w.textEdited.connect(self._edited)
        elif kind == "long":
            w = QPlainTextEdit()
            w.setFixedHeight(60)
            w.setTabChangesFocus(True)
            w.textChanged.connect(self._edited)
        elif kind == "birth":
            w = DateField(allow_year_only=True)
            w.textEdited.connect(self._edited)
        elif kind == "bool":
            w = QCheckBox()
            w.toggled.connect(self._edited)
        else:
            w = EnumCombo(kind, blank="")
            w.currentIndexChanged.connect(self._edited)
        return w

    def _edited(self, *_):
        if not self._loading:
            self.changed.emit()

    def form_of(self, name: str) -> Form:
        return next(f for f in self.forms if name in f.fields)

    # --- binding ---
    def load(self, data: dict | None, timeline: list[dict] | None = None, units=None) -> None:
        self._loading = True
        new = data is None
        data = data or {}
        self.member_id = data.get("id")
        for name, _label, kind in ALL_FIELDS:
            w, value = self.widgets[name], data.get(name)
            if kind in ("text",):
                w.setText(value or "")
            elif kind == "long":
                w.setPlainText(value or "")
            elif kind == "birth":
                w.set_date(value, data.get("birth_date_precision") == "year" if value else False)
            elif kind == "bool":
                w.setChecked(bool(value))
            else:
                w.set_value(value)
        for f in self.forms:
            f.clear_errors()
        self.entry_error.clear()
        self.entry_box.setVisible(new)
        if new:
            self.title.setText("Đảng viên mới")
            self.state.setText("Nhập thông tin rồi bấm Lưu (Ctrl+S).")
            self.party_info.setText("")
            if units is not None:
                self.entry_unit.set_units([u for u in units if u.kind.value != "commune"])
            self.entry_date.set_date(date.today())
            self.entry_decision.clear()
        else:
            self.title.setText(data["full_name"])
            self.state.setText(_state_text(data))
            self.party_info.setText(_party_text(data))
        self.timeline.set_rows(timeline or [])
        self.timeline_view.resizeRowsToContents()
        self.original = self.collect(strict=False)
        self.setEnabled(True)
        self._loading = False

    def clear(self) -> None:
        """Nothing selected: an empty, disabled form."""
        self.load(None)
        self.title.setText("Chọn một đảng viên trong danh sách")
        self.state.clear()
        self.entry_box.hide()
        self.setEnabled(False)

    def collect(self, strict: bool = True) -> dict:
        out = {}
        for name, _label, kind in ALL_FIELDS:
            w = self.widgets[name]
            if kind == "text":
                out[name] = w.text().strip() or None
            elif kind == "long":
                out[name] = w.toPlainText().strip() or None
            elif kind == "birth":
                try:
                    value, year_only = w.parsed()
                except DomainError as exc:
                    if strict:
                        raise DomainError(exc.message, "birth_date") from None
                    value, year_only = w.text(), False
                out["birth_date"] = value
                out["birth_date_precision"] = "year" if year_only else "day"
            elif kind == "bool":
                out[name] = w.isChecked()
            else:
                out[name] = w.value()
        return out

    def changes(self) -> dict:
        now = self.collect()
        return {k: v for k, v in now.items() if self.original.get(k) != v}

    def is_dirty(self) -> bool:
        if not self.isEnabled():
            return False
        if self.member_id is None:
            return any(v for k, v in self.collect(strict=False).items() if k != "birth_date_precision")
        return self.collect(strict=False) != self.original

    def show_error(self, exc: DomainError) -> None:
        for form in self.forms:
            if exc.field in form.fields:
                self.tabs.setCurrentIndex(self.forms.index(form))
                form.show_error(exc)
                return
        if self.entry_box.isVisible():
            self.entry_error.setText(exc.message)
        else:
            self.forms[0].show_error(exc)
            self.tabs.setCurrentIndex(0)


def _state_text(d: dict) -> str:
    parts = []
    if d["is_on_roll"]:
        parts.append(f"{d['current_standing'].label if d['current_standing'] else ''} — {d['current_unit_name']}")
        if d["is_exempt"]:
            parts.append("miễn công tác và sinh hoạt đảng")
    elif d["left_kind"] is not None:
        parts.append(f"Đã ra khỏi danh sách: {d['left_kind'].label} ngày {fmt_date(d['left_on'])}")
    else:
        parts.append("Không có tên trong danh sách đảng viên của xã")
    return "; ".join(parts)


def _party_text(d: dict) -> str:
    rows = [("Ngày vào Đảng", d["admitted_on"]), ("Ngày lễ kết nạp", d["ceremony_on"]),
            ("Ngày chính thức", d["official_on"])]
    return "\n".join(f"{label}: {fmt_date(v)}" for label, v in rows if v)


class MembersTab(QWidget):
    data_changed = Signal()

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.loader = Loader(db, self)
        self.units = []
        self.loaded = False
        self._pending_open: int | None = None

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm theo họ tên, số thẻ, số CCCD — gõ có dấu hay không dấu đều được (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        ll.addWidget(self.search)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.f_unit = UnitCombo(blank="Mọi chi bộ")
        self.f_standing = EnumCombo(Standing, blank="Chính thức và dự bị")
        self.f_exempt = QComboBox()
        for text, value in (("Miễn SH: không lọc", None), ("Đang miễn sinh hoạt", True), ("Không miễn", False)):
            self.f_exempt.addItem(text, value)
        self.f_gender = EnumCombo(Gender, blank="Nam và nữ")
        self.f_minority = QComboBox()
        for text, value in (("Mọi dân tộc", None), ("Dân tộc thiểu số", True), ("Dân tộc Kinh", False)):
            self.f_minority.addItem(text, value)
        self.f_age = QComboBox()
        self.f_age.addItem("Mọi độ tuổi", None)
        for key, _, _ in AGE_GROUPS:
            self.f_age.addItem("Trên 60 tuổi" if key == ">60" else f"Từ {key.replace('-', ' đến ')} tuổi", key)
        self.f_status = QComboBox()
        for text, value in (("Đang có tên trong danh sách", ON_ROLL), ("Đã chuyển đi, ra khỏi Đảng, từ trần", LEFT),
                            ("Tất cả, kể cả người đã rời", ALL)):
            self.f_status.addItem(text, value)
        for i, w in enumerate((self.f_unit, self.f_standing, self.f_exempt, self.f_gender, self.f_minority,
                               self.f_age, self.f_status)):
            # the window must still fit a 1024-pixel-wide screen: filters may shrink, their popups do not
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(8)
            w.view().setMinimumWidth(w.view().sizeHintForColumn(0) + 30)
            grid.addWidget(w, i // 4, i % 4)
        self.f_reset = QPushButton("Bỏ lọc")
        grid.addWidget(self.f_reset, 1, 3)
        ll.addLayout(grid)
        self.model = MemberTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        setup_table(self.view, (165, 82, 64, 62, 170, 78, 106, 110))
        ll.addWidget(self.view, 1)
        self.count_label = QLabel()
        ll.addWidget(self.count_label)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("Thêm mới (Ctrl+N)")
        self.save_button = QPushButton("Lưu (Ctrl+S)")
        self.cancel_button = QPushButton("Hủy (Esc)")
        self.actions_button = QToolButton()
        self.actions_button.setText("Sự kiện đảng viên ▾")
        self.actions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.actions_menu = QMenu(self)
        self.action_items: dict[str, QAction] = {}
        for action in ACTIONS:
            item = self.actions_menu.addAction(action.title + "…")
            item.triggered.connect(lambda _=False, a=action: self.run_action(a.key))
            self.action_items[action.key] = item
        self.actions_button.setMenu(self.actions_menu)
        for b in (self.new_button, self.save_button, self.cancel_button, self.actions_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        rl.addLayout(buttons)
        self.detail = MemberDetail()
        rl.addWidget(self.detail, 1)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([880, 470])
        lay = QVBoxLayout(self)
        lay.addWidget(split)

        self.search.textChanged.connect(self.apply_filter)
        self.search.returnPressed.connect(self._search_to_list)
        for combo in (self.f_unit, self.f_standing, self.f_exempt, self.f_gender, self.f_minority, self.f_age,
                      self.f_status):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.f_reset.clicked.connect(self.reset_filters)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_button.clicked.connect(self.new_member)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel)
        self.detail.changed.connect(self._update_buttons)
        self.detail.delete_event_button.clicked.connect(self.delete_event)
        from PySide6.QtGui import QKeySequence, QShortcut

        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.detail)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.cancel)
        self._update_buttons()

    # --- loading ---
    def refresh(self) -> None:
        with self.db.session() as s:
            self.units = us.list_units(s)
        self.f_unit.set_units(self.units)
        self.count_label.setText("Đang tải danh sách…")
        self.loader.load("rows", lambda s: member_queries.list_member_rows(s), self._rows_loaded)

    def _rows_loaded(self, rows) -> None:
        current = self.detail.member_id
        self.model.set_rows(rows)
        self.loaded = True
        self._update_count()
        target = self._pending_open or current
        self._pending_open = None
        if target is not None:
            self.select_member(target, load=target != current, widen=False)

    def _update_count(self) -> None:
        self.count_label.setText(f"Hiển thị {self.model.rowCount():,} / {len(self.model.rows):,} người".replace(",", "."))

    # --- filtering ---
    def current_filter(self) -> MemberFilter:
        unit = self.f_unit.value()
        unit_ids = None
        if unit is not None:
            # a unit's list includes its sub-units (đảng bộ bộ phận, chi bộ)
            unit_ids = set(us.subtree_ids(self.units, unit))
        return MemberFilter(text=self.search.text(), unit_ids=unit_ids, standing=self.f_standing.value(),
                            exempt=self.f_exempt.currentData(), gender=self.f_gender.value(),
                            ethnic_minority=self.f_minority.currentData(), age_group=self.f_age.currentData(),
                            status=self.f_status.currentData())

    def apply_filter(self, *_):
        selected = self.detail.member_id
        self.model.set_filter(self.current_filter())
        self._update_count()
        if selected is not None:
            row = self.model.row_of(selected)
            if row is not None:
                self._select_row(row)

    def reset_filters(self) -> None:
        for combo in (self.f_unit, self.f_standing, self.f_exempt, self.f_gender, self.f_minority, self.f_age,
                      self.f_status):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()
        self.apply_filter()

    def _search_to_list(self) -> None:
        """Enter in the search box: to the list, first match selected and opened."""
        if self.model.rowCount():
            self.view.setFocus()
            self.view.setCurrentIndex(self.model.index(0, 0))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- selection and the detail form ---
    def _select_row(self, row: int) -> None:
        sm = self.view.selectionModel()
        sm.blockSignals(True)
        idx = self.model.index(row, 0)
        sm.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
                           | QItemSelectionModel.SelectionFlag.Rows)
        sm.blockSignals(False)
        self.view.scrollTo(idx)

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            return
        member_id = self.model.row_at(current.row()).id
        if member_id == self.detail.member_id:
            return
        if not self.maybe_leave():
            if previous.isValid():
                self._select_row(previous.row())
            return
        self.load_member(member_id)

    def load_member(self, member_id: int) -> None:
        with self.db.session() as s:
            data = ui_queries.member_record(s, member_id)
            timeline = member_queries.timeline(s, member_id)
        self.detail.load(data, timeline)
        self._update_buttons()

    def select_member(self, member_id: int, load: bool = True, widen: bool = True) -> None:
        """Show one member (from the home page, a unit, the evaluation grid): widen the filter if needed."""
        if not self.loaded:
            self._pending_open = member_id
            return
        row = self.model.row_of(member_id)
        if row is None and widen:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.f_status.setCurrentIndex(self.f_status.findData(ALL))
            self.reset_filters_keep_status()
            row = self.model.row_of(member_id)
        if row is not None:
            self._select_row(row)
        if load or self.detail.member_id != member_id:
            self.load_member(member_id)

    def reset_filters_keep_status(self) -> None:
        for combo in (self.f_unit, self.f_standing, self.f_exempt, self.f_gender, self.f_minority, self.f_age):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.apply_filter()

    def _update_buttons(self) -> None:
        dirty = self.detail.is_dirty()
        self.save_button.setEnabled(dirty)
        self.cancel_button.setEnabled(dirty or self.detail.member_id is None and self.detail.isEnabled())
        has = self.detail.member_id is not None
        self.actions_button.setEnabled(has)

    def new_member(self) -> None:
        if not self.maybe_leave():
            return
        self.view.selectionModel().clearSelection()
        self.detail.load(None, units=self.units)
        self.detail.tabs.setCurrentIndex(0)
        self.detail.widgets["full_name"].setFocus()
        self._update_buttons()

    def cancel(self) -> None:
        if self.detail.member_id is not None:
            self.load_member(self.detail.member_id)
        else:
            self.detail.clear()
        self._update_buttons()

    def save(self) -> bool:
        if not self.detail.isEnabled():
            return True
        for f in self.detail.forms:
            f.clear_errors()
        self.detail.entry_error.clear()
        try:
            if self.detail.member_id is None:
                member_id = self._create()
            else:
                changes = self.detail.changes()
                if not changes:
                    return True
                with self.db.transaction() as s:
                    ms.update_member(s, self.detail.member_id, changes)
                member_id = self.detail.member_id
        except DomainError as exc:
            self.detail.show_error(exc)
            return False
        self.detail.member_id = member_id
        self.load_member(member_id)
        self._pending_open = member_id
        self.data_changed.emit()
        return True

    def _create(self) -> int:
        d = self.detail
        data = {k: v for k, v in d.collect().items() if v not in (None, "") and v is not False}
        if "birth_date" not in data:
            data.pop("birth_date_precision", None)
        try:
            on = d.entry_date.value()
        except DomainError as exc:
            raise DomainError(exc.message, "entry") from None
        if on is None:
            raise DomainError("Chưa nhập ngày vào danh sách.", "entry")
        unit_id = d.entry_unit.value()
        kind = d.entry_kind.currentData()
        number = d.entry_decision.text().strip() or None
        with self.db.transaction() as s:
            if kind == ENTRY_ADMIT:
                member = ms.admit_member(s, unit_id=unit_id, decision_date=on, decision_number=number, person=data)
            elif kind == ENTRY_TRANSFER_IN:
                member = ms.transfer_in(s, unit_id=unit_id, on=on, person=data, decision_number=number,
                                        standing=d.entry_standing.value())
            else:
                member = ms.create_member(s, data)
                ms.record_on_roll(s, member.id, unit_id=unit_id, on=on, standing=d.entry_standing.value())
            return member.id

    def maybe_leave(self) -> bool:
        """Before the form shows something else: save, discard or stay (unsaved changes never lost silently)."""
        if not self.detail.is_dirty():
            return True
        from PySide6.QtWidgets import QMessageBox as MB

        answer = ask_save(self, f"Hồ sơ «{self.detail.title.text()}»")
        if answer == MB.StandardButton.Save:
            return self.save()
        if answer == MB.StandardButton.Discard:
            self.cancel()
            return True
        return False

    def run_action(self, key: str) -> bool:
        from .member_actions import ACTION_BY_KEY

        if self.detail.member_id is None or not self.maybe_leave():
            return False
        action = ACTION_BY_KEY[key]
        units = [u for u in self.units if u.kind.value != "commune"]
        dialog = ActionDialog(self.db, action, self.detail.member_id, self.detail.title.text(), units, self)
        self.last_dialog = dialog
        if dialog.exec():
            self.after_change(self.detail.member_id)
            return True
        return False

    def after_change(self, member_id: int) -> None:
        self.load_member(member_id)
        self._pending_open = member_id
        self.data_changed.emit()

    def delete_event(self) -> None:
        idx = self.detail.timeline_view.currentIndex()
        if not idx.isValid():
            QMessageBox.information(self, "Xóa sự kiện", "Chọn một dòng trong quá trình trước.")
            return
        row = self.detail.timeline.rows[idx.row()]
        answer = QMessageBox.question(self, "Xóa sự kiện", f"Xóa sự kiện «{row['label']}» ngày "
                                      f"{fmt_date(row['date'])}? Chỉ dùng khi đã nhập nhầm.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.db.transaction() as s:
                ms.delete_event(s, row["id"])
        except DomainError as exc:
            show_error(self, exc)
            return
        self.after_change(self.detail.member_id)
