"""Đảng viên: the searchable list (20,000 rows), filters, the grouped detail form and the lifecycle actions.

(About 780 lines: one screen whose list, form and action buttons share the selected member and its unsaved
edits; the table model and the lifecycle dialogs live in their own modules.)
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QGridLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QMessageBox, QPlainTextEdit,
                               QPushButton, QScrollArea, QSplitter, QTableView, QTabWidget, QToolButton,
                               QVBoxLayout, QWidget)

from app.models.enums import (AcademicTitle, Gender, GeneralEducation, OccupationGroup, PoliticalTheory,
                              ProfessionalLevel, Standing, TransferScope)
from app.services import evaluations, member_queries, members as ms, ui_queries, units as us
from app.services.dates import fmt_date
from app.services.errors import DomainError
from app.services.statistics import AGE_GROUPS
from app.services.versioning import EditConflict

from .member_actions import ACTIONS, ActionDialog
from .ask import ask_discard, ask_save, confirm, tell
from .conflict import offer_reload
from .member_model import (ALL, LEFT, ON_ROLL, MemberFilter, MemberIndex, MemberTableModel, debounced_typing,
                           long_lived_read)
from .widgets import (UNIT_PROMPT, DateField, EnumCombo, Form, Loader, RowsTableModel, UnitCombo, field_changed_signal,
                      make_field, setup_table, show_error)

# (field, label, kind) per group of the detail form; kinds: text, long, birth, bool, or an enum class
PERSONAL = (("full_name", "Họ và tên (*)", "text"), ("other_name", "Tên gọi khác", "text"),
            ("gender", "Giới tính", Gender), ("birth_date", "Ngày sinh", "birth"),
            ("birthplace", "Quê quán", "text"), ("residence", "Nơi ở hiện nay", "text"),
            ("ethnicity", "Dân tộc", "ethnicity"), ("religion", "Tôn giáo", "text"),
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


class RatingHistoryModel(RowsTableModel):
    HEADERS = ("Năm", "Xếp loại", "Chi bộ", "Ghi trong bảng tính")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.rows[index.row()]
        return (str(r.year), r.rating, r.unit_name, r.raw_text or "")[index.column()]


class MemberDetail(QWidget):
    """The grouped form of one member (or a new one), bound explicitly to a dict of fields."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.member_id: int | None = None
        self.record: dict = {}
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

        self.entry_box = QGroupBox("Lịch sử đảng và ngày vào danh sách của xã")
        ebl = QVBoxLayout(self.entry_box)
        ebl.setContentsMargins(6, 4, 6, 4)
        self.entry_kind = QComboBox()
        for text, key in (("Đảng viên đã có, nhập từ hồ sơ, sổ danh sách", ENTRY_ON_ROLL),
                          ("Chuyển sinh hoạt đến từ nơi khác", ENTRY_TRANSFER_IN), ("Kết nạp mới", ENTRY_ADMIT)):
            self.entry_kind.addItem(text, key)
        self.entry = Form()
        self.entry.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.entry.add("kind", "Hình thức", self.entry_kind)
        self.entry_unit = self.entry.add("unit_id", "Chi bộ (*)", UnitCombo(blank=UNIT_PROMPT))
        self.entry_admitted = self.entry.add("admitted_on", "Ngày vào Đảng (*)", DateField())
        self.entry_ceremony = self.entry.add("ceremony_on", "Ngày lễ kết nạp", DateField())
        self.entry_official = self.entry.add("official_on", "Ngày chính thức", DateField())
        self.entry_date = self.entry.add("event_date", "Có tên từ ngày (*)", DateField())
        self.entry_scope = self.entry.add("scope", "Chuyển đến từ (*)", EnumCombo(TransferScope, blank=""))
        self.entry_place = self.entry.add("place", "Nơi đi (tổ chức đảng) (*)", QLineEdit())
        self.entry_decision = self.entry.add("decision_number", "Số quyết định", QLineEdit())
        self.entry.aliases.update({"unit": "unit_id", "decision_date": "admitted_on", "date": "event_date",
                                   "entry": "event_date"})
        self.entry_hint = QLabel()
        self.entry_hint.setWordWrap(True)
        self.entry_hint.setStyleSheet("color: #555;")
        ebl.addWidget(self.entry)
        ebl.addWidget(self.entry_hint)
        self.entry_error = self.entry.general_error
        self.entry_kind.currentIndexChanged.connect(self._entry_kind_changed)
        for w in (self.entry_admitted, self.entry_ceremony, self.entry_official, self.entry_date,
                  self.entry_place, self.entry_decision):
            w.textEdited.connect(self._edited)
        self.entry_unit.currentIndexChanged.connect(self._edited)
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
        from .occupation_hint import attach_occupation_hint

        self.occupation_hint = attach_occupation_hint(self.widgets)   # a suggestion the clerk confirms
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
        self.ratings = RatingHistoryModel(self)
        self.ratings_view = QTableView()
        self.ratings_view.setModel(self.ratings)
        setup_table(self.ratings_view, (50, 230))
        self.tabs.addTab(self.ratings_view, "Đánh giá")
        lay.addWidget(self.tabs, 1)
        self.setEnabled(False)

    def _make(self, kind):
        w = make_field(kind)
        field_changed_signal(w).connect(self._edited)
        return w

    def _entry_kind_changed(self, *_) -> None:
        kind = self.entry_kind.currentData()
        shown = {ENTRY_ON_ROLL: ("unit_id", "admitted_on", "ceremony_on", "official_on", "event_date",
                                 "decision_number"),
                 ENTRY_TRANSFER_IN: ("unit_id", "admitted_on", "ceremony_on", "official_on", "event_date", "scope",
                                     "place", "decision_number"),
                 ENTRY_ADMIT: ("unit_id", "admitted_on", "ceremony_on", "decision_number")}[kind]
        for name in self.entry.fields:
            if name != "kind":
                self.entry.layout_.setRowVisible(self.entry.fields[name].parentWidget(), name in shown)
        labels = {ENTRY_ON_ROLL: ("Ngày vào Đảng (*)", "Có tên từ ngày (*)", "Số quyết định"),
                  ENTRY_TRANSFER_IN: ("Ngày vào Đảng (*)", "Ngày chuyển đến (*)", "Số giấy giới thiệu"),
                  ENTRY_ADMIT: ("Ngày quyết định kết nạp (*)", "", "Số quyết định kết nạp")}[kind]
        for name, text in zip(("admitted_on", "event_date", "decision_number"), labels):
            label = self.entry.layout_.labelForField(self.entry.fields[name].parentWidget())
            if label is not None and text:
                label.setText(text)
        self.entry_hint.setText({
            ENTRY_ON_ROLL: "Các ngày ghi theo hồ sơ (kết nạp ở đâu, năm nào cũng được); để trống ngày chính "
                           "thức nếu còn dự bị. «Có tên từ ngày»: thống kê của xã tính từ ngày này.",
            ENTRY_TRANSFER_IN: "Ngày vào Đảng, ngày chính thức ghi theo hồ sơ chuyển đến. Để trống ngày chính "
                               "thức nếu còn là đảng viên dự bị.",
            ENTRY_ADMIT: "Đảng viên dự bị từ ngày quyết định kết nạp; công nhận chính thức sau 12 tháng.",
        }[kind])

    def _edited(self, *_):
        if not self._loading:
            self.changed.emit()

    def form_of(self, name: str) -> Form:
        return next(f for f in self.forms if name in f.fields)

    # --- binding ---
    def load(self, data: dict | None, timeline: list[dict] | None = None, units=None, ratings=None) -> None:
        self._loading = True
        new = data is None
        data = data or {}
        self.member_id = data.get("id")
        self.record = data
        for name, _label, kind in ALL_FIELDS:
            w, value = self.widgets[name], data.get(name)
            if kind in ("text", "ethnicity"):
                w.setText(value or "")
            elif kind == "long":
                w.setPlainText(value or "")
            elif kind == "birth":
                w.set_date(value, data.get("birth_date_precision") == "year" if value else False)
            elif kind == "bool":
                w.setChecked(bool(value))
            else:
                w.set_value(value)
        for f in (*self.forms, self.entry):
            f.clear_errors()
        self.entry_box.setVisible(new)
        if new:
            self.title.setText("Đảng viên mới")
            self.state.setText("Nhập thông tin rồi bấm Lưu (Ctrl+S).")
            self.party_info.setText("")
            if units is not None:
                self.entry_unit.set_units([u for u in units if u.kind.value != "commune"])
            # never a silent default: the clerk chooses the chi bộ and types the dates of the dossier
            self.entry_unit.setCurrentIndex(0)
            self.entry_kind.setCurrentIndex(0)
            self._entry_kind_changed()
            for w in (self.entry_admitted, self.entry_ceremony, self.entry_official, self.entry_date,
                      self.entry_place, self.entry_decision):
                w.clear()
            self.entry_scope.setCurrentIndex(0)
        else:
            self.title.setText(data["full_name"])
            self.state.setText(_state_text(data))
            self.party_info.setText(_party_text(data))
        self.timeline.set_rows(timeline or [])
        self.ratings.set_rows(ratings or [])
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
            if kind in ("text", "ethnicity"):
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
            typed = any(w.text().strip() for w in (self.entry_admitted, self.entry_ceremony, self.entry_official,
                                                    self.entry_date, self.entry_place, self.entry_decision))
            return typed or any(v for k, v in self.collect(strict=False).items() if k != "birth_date_precision")
        return self.collect(strict=False) != self.original

    def show_error(self, exc: DomainError) -> None:
        if self.entry_box.isVisible() and (exc.field in self.entry.fields or exc.field in self.entry.aliases):
            self.entry.show_error(exc)
            return
        for form in self.forms:
            if exc.field in form.fields:
                self.tabs.setCurrentIndex(self.forms.index(form))
                form.show_error(exc)
                return
        if self.entry_box.isVisible():
            self.entry.show_error(DomainError(exc.message, None))
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
        self._syncing = False

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
        for text, value in (("Đang sinh hoạt", ON_ROLL), ("Đã chuyển đi, ra khỏi Đảng, từ trần", LEFT),
                            ("Tất cả, kể cả người đã rời", ALL)):
            self.f_status.addItem(text, value)
        for w in (self.f_unit, self.f_standing, self.f_exempt, self.f_gender, self.f_minority, self.f_age,
                  self.f_status):
            # the window must still fit a 1024-pixel-wide screen: filters may shrink, their popups do not
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(8)
            w.view().setMinimumWidth(w.view().sizeHintForColumn(0) + 30)
        self.f_reset = QPushButton("Bỏ lọc")
        self.filter_grid, self._filter_columns = grid, 0
        self._place_filters(4)
        ll.addLayout(grid)
        left.installEventFilter(self)
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
        self.actions_button.setText("Sự kiện ▾")
        self.actions_button.setToolTip("Sự kiện đảng viên: công nhận chính thức, chuyển sinh hoạt, miễn sinh hoạt …")
        self.actions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.actions_menu = QMenu(self)
        self.action_items: dict[str, QAction] = {}
        for action in ACTIONS:
            item = self.actions_menu.addAction(action.title + "…")
            item.triggered.connect(lambda _=False, a=action: self.run_action(a.key))
            self.action_items[action.key] = item
        self.actions_button.setMenu(self.actions_menu)
        self.actions_menu.aboutToShow.connect(self._offer_actions)
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

        self.search.textChanged.connect(debounced_typing(self.model, self.apply_filter, self))
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

    def _place_filters(self, columns: int) -> None:
        """Four filters a row on a wide list, three on a narrow one (1024 px): their texts are never cut."""
        if columns == self._filter_columns:
            return
        self._filter_columns = columns
        widgets = (self.f_unit, self.f_standing, self.f_exempt, self.f_gender, self.f_minority, self.f_age,
                   self.f_status, self.f_reset)
        for w in widgets:
            self.filter_grid.removeWidget(w)
        for i, w in enumerate(widgets):
            self.filter_grid.addWidget(w, i // columns, i % columns)

    def eventFilter(self, obj, event) -> bool:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.Resize:
            # the widest filter text decides: four a row only when each fits
            needed = max(w.fontMetrics().horizontalAdvance(w.itemText(i)) + 40
                         for w in (self.f_standing, self.f_exempt, self.f_status) for i in range(w.count())
                         if i == w.currentIndex())
            self._place_filters(4 if obj.width() >= 4 * needed + 20 else 3)
        return False

    # --- loading ---
    def refresh(self) -> None:
        self.count_label.setText("Đang tải danh sách…")
        today = self.model.today
        # the units, the rows and their search index all on the worker (issue 15: 100,000 rows)

        def read(s):
            with long_lived_read():
                return us.list_units(s, counted=False), MemberIndex(member_queries.list_member_rows(s), today)

        self.loader.load("rows", read, self._rows_loaded)

    def _rows_loaded(self, loaded) -> None:
        self.units, index = loaded
        self.f_unit.set_units(self.units)
        current = self.detail.member_id
        self.model.filter = self.current_filter()
        self.model.set_index(index)
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
        self.sync_highlight()

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
        """Highlight a row without treating it as the clerk's choice (no load, no question)."""
        idx = self.model.index(row, 0)
        self._syncing = True
        try:
            self.view.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._syncing = False
        self.view.scrollTo(idx)

    def highlighted_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).id if rows else None

    def sync_highlight(self) -> None:
        """The highlighted row is always the open record, or nothing when the record is new or not in the list.

        Editing one person while the list shows another is the worst error a records program can make; every
        path that keeps the form (Quay lại, a refused save, Hủy/Esc, a filter) ends here."""
        target = self.detail.member_id if self.detail.isEnabled() else None
        row = self.model.row_of(target) if target is not None else None
        if row is not None:
            if self.highlighted_id() != target or self.view.currentIndex().row() != row:
                self._select_row(row)
            return
        self._syncing = True
        try:
            # the current index goes too: otherwise clicking that row again would not count as a choice
            self.view.selectionModel().setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
        finally:
            self._syncing = False

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        member_id = self.model.row_at(current.row()).id
        if member_id == self.detail.member_id:
            return
        if not self.maybe_leave():
            self.sync_highlight()
            # a mouse press selects the clicked row after this signal: put the highlight back afterwards too
            QTimer.singleShot(0, self.sync_highlight)
            return
        self.load_member(member_id)

    def load_member(self, member_id: int) -> None:
        with self.db.session() as s:
            data = ui_queries.member_record(s, member_id)
            timeline = member_queries.timeline(s, member_id)
            ratings = evaluations.member_ratings(s, member_id)
        self.detail.load(data, timeline, ratings=ratings)
        self._update_buttons()

    def select_member(self, member_id: int, load: bool = True, widen: bool = True) -> None:
        """Show one member (from the home page, a unit, the evaluation grid): widen the filter if needed."""
        if not self.loaded:
            self._pending_open = member_id
            return
        if member_id != self.detail.member_id and not self.maybe_leave():
            self.sync_highlight()
            return
        row = self.model.row_of(member_id)
        if row is None and widen:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.f_status.setCurrentIndex(self.f_status.findData(ALL))
            self.reset_filters_keep_status()
            row = self.model.row_of(member_id)
        if load or self.detail.member_id != member_id:
            self.load_member(member_id)
        self.sync_highlight()

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

    def _offer_actions(self) -> None:
        """Only the events the member's state allows (Công nhận chính thức only to a probationer …)."""
        from .member_actions import allowed

        state = self.detail.record if self.detail.member_id is not None else None
        for action in ACTIONS:
            self.action_items[action.key].setVisible(allowed(action, state))

    def new_member(self) -> None:
        if not self.maybe_leave():
            return
        self.detail.load(None, units=self.units)
        self.sync_highlight()
        self.detail.tabs.setCurrentIndex(0)
        self.detail.widgets["full_name"].setFocus()
        self._update_buttons()

    def cancel(self) -> bool:
        """Hủy / Esc: typed data is thrown away only when the clerk says so."""
        if self.detail.is_dirty():
            what = "Đảng viên mới" if self.detail.member_id is None else f"Hồ sơ «{self.detail.title.text()}»"
            if not ask_discard(self, what):
                return False
        self._discard()
        return True

    def _discard(self) -> None:
        if self.detail.member_id is not None:
            self.load_member(self.detail.member_id)
        else:
            self.detail.clear()
        self.sync_highlight()
        self._update_buttons()

    def save(self) -> bool:
        if not self.detail.isEnabled():
            return True
        for f in (*self.detail.forms, self.detail.entry):
            f.clear_errors()
        try:
            if self.detail.member_id is None:
                member_id = self._create()
            else:
                changes = self.detail.changes()
                if not changes:
                    return True
                with self.db.transaction() as s:
                    ms.update_member(s, self.detail.member_id, changes,
                                     loaded_version=self.detail.record.get("version"))
                member_id = self.detail.member_id
        except EditConflict as exc:
            # another clerk saved this record after it was opened (issue 16): never overwrite it silently
            if offer_reload(self, "Hồ sơ đã được người khác lưu", exc):
                self.load_member(self.detail.member_id)
                self._update_buttons()
            return False
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
        e = d.entry
        kind = d.entry_kind.currentData()
        unit_id = d.entry_unit.value()
        if unit_id is None:
            raise DomainError("Chưa chọn chi bộ.", "unit_id")
        admitted, ceremony = e.read_date("admitted_on"), e.read_date("ceremony_on")
        number = d.entry_decision.text().strip() or None
        with self.db.transaction() as s:
            if kind == ENTRY_ADMIT:
                if admitted is None:
                    raise DomainError("Chưa nhập ngày quyết định kết nạp.", "admitted_on")
                member = ms.admit_member(s, unit_id=unit_id, decision_date=admitted, ceremony_date=ceremony,
                                         decision_number=number, person=data)
            else:
                member = ms.enter_member(s, person=data, unit_id=unit_id, on=e.read_date("event_date"),
                                         admitted_on=admitted, ceremony_on=ceremony,
                                         official_on=e.read_date("official_on"),
                                         transferred=kind == ENTRY_TRANSFER_IN, scope=d.entry_scope.value(),
                                         place=d.entry_place.text().strip() or None, decision_number=number)
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
            self._discard()
            return True
        return False

    def run_action(self, key: str) -> bool:
        from .member_actions import ACTION_BY_KEY

        if self.detail.member_id is None or not self.maybe_leave():
            return False
        action = ACTION_BY_KEY[key]
        units = [u for u in self.units if u.kind.value != "commune"]
        who = f"Đảng viên: {self.detail.title.text()}\n{self.detail.state.text()}"
        dialog = ActionDialog(self.db, action, self.detail.member_id, self.detail.title.text(), units, self,
                              who=who)
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
            tell(self, "Xóa sự kiện", "Chọn một dòng trong quá trình trước.")
            return
        row = self.detail.timeline.rows[idx.row()]
        if not confirm(self, "Xóa sự kiện", f"Xóa sự kiện «{row['label']}» ngày {fmt_date(row['date'])} "
                       f"của đồng chí {self.detail.title.text()}?", "Xóa sự kiện", danger=True,
                       details="Chỉ dùng khi đã nhập nhầm; không hoàn tác được."):
            return
        try:
            with self.db.transaction() as s:
                ms.delete_event(s, row["id"])
        except DomainError as exc:
            show_error(self, exc)
            return
        self.after_change(self.detail.member_id)
