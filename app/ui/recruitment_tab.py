"""Kết nạp: candidates by stage, admission carrying their data over, targets per unit and year, probationers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QLabel,
                               QPushButton, QSpinBox, QTableView, QTabWidget, QVBoxLayout, QWidget)

from app.common.vnformat import fmt_int, fmt_percent
from app.models.enums import CandidateStage, Gender, GeneralEducation, OccupationGroup, UnitKind
from app.services import recruitment as rs, ui_queries, units as us
from app.services.dates import fmt_date
from app.services.errors import DomainError

from .member_actions import ACTION_BY_KEY, ActionDialog
from .ask import tell
from .ops import Loader
from .widgets import RowsTableModel, SpecDialog, setup_table


C_NAME, C_UNIT, C_STAGE, C_INTRODUCED, C_CLASS, C_DOSSIER, C_RESOLUTION, C_DECISION, C_INTRODUCERS = range(9)


class CandidateModel(RowsTableModel):
    HEADERS = ("Họ và tên", "Chi bộ", "Giai đoạn", "Giới thiệu", "Học lớp NTVĐ", "Hồ sơ", "NQ chi bộ",
               "QĐ kết nạp", "Người giới thiệu")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.full_name, r.unit_name, r.stage.label, fmt_date(r.introduced_on),
                    fmt_date(r.class_certificate_on), fmt_date(r.dossier_on), fmt_date(r.branch_resolution_on),
                    fmt_date(r.decision_on), r.introducers)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and r.stage in (CandidateStage.ADMITTED, CandidateStage.WITHDRAWN):
            return QColor("#777777")
        return None


T_UNIT, T_TARGET, T_ADMITTED, T_PLAN, T_MEMBERS, T_SHARE = range(6)


class TargetModel(RowsTableModel):
    """Chỉ tiêu per unit; the target cell is edited in place and saved by recruitment.set_target."""

    HEADERS = ("Tổ chức", "Chỉ tiêu", "Đã kết nạp", "% kế hoạch", "Đảng viên", "% so với đảng viên")

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.year = date.today().year
        self.error: str | None = None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if role == Qt.ItemDataRole.EditRole and col == T_TARGET:
                return r["target"]
            return ("    " * max(r["depth"] - 1, 0) + r["name"], fmt_int(r["target"]), fmt_int(r["admitted"]),
                    fmt_percent(r["admitted"], r["target"]), fmt_int(r["members"]),
                    fmt_percent(r["admitted"], r["members"], 2))[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole and col == T_TARGET:
            return "Nhấp đúp hoặc F2 để sửa chỉ tiêu"
        return None

    def flags(self, index):
        f = super().flags(index)
        if index.column() == T_TARGET:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or index.column() != T_TARGET:
            return False
        r = self.rows[index.row()]
        try:
            target = int(value)
            with self.db.transaction() as s:
                rs.set_target(s, r["unit_id"], self.year, target)
        except (ValueError, TypeError):
            self.error = "Chỉ tiêu phải là một số nguyên."
            self.dataChanged.emit(index, index)  # the totals line shows the refusal
            return False
        except DomainError as exc:
            self.error = exc.message
            self.dataChanged.emit(index, index)
            return False
        self.error = None
        r["target"] = target
        self.dataChanged.emit(index, index.siblingAtColumn(T_SHARE))
        return True


P_NAME, P_UNIT, P_ADMITTED, P_CEREMONY, P_END, P_STATUS = range(6)


class ProbationModel(RowsTableModel):
    HEADERS = ("Họ và tên", "Chi bộ", "Ngày QĐ kết nạp", "Ngày lễ kết nạp", "Hết 12 tháng dự bị", "Tình trạng")

    def __init__(self, parent=None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()

    def status(self, r) -> str:
        if r.probation_end is None:
            return ""
        days = (r.probation_end - self.today).days
        if days < 0:
            return f"Quá hạn {-days} ngày: chưa công nhận chính thức"
        if days == 0:
            return "Hết hạn hôm nay"
        return f"Còn {days} ngày"

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.full_name, r.unit_name, fmt_date(r.admitted_on), fmt_date(r.ceremony_on),
                    fmt_date(r.probation_end), self.status(r))[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and r.probation_end and r.probation_end < self.today:
            return QColor("#b00020")
        return None


def _table(model, widths) -> QTableView:
    view = QTableView()
    view.setModel(model)
    setup_table(view, widths)
    return view


CANDIDATE_FIELDS = (
    ("full_name", "Họ và tên", "text"), ("gender", "Giới tính", Gender), ("birth_date", "Ngày sinh", "date"),
    ("ethnicity", "Dân tộc", "ethnicity"), ("religion", "Tôn giáo", "text"), ("national_id", "Số CCCD", "text"),
    ("residence", "Nơi ở", "text"), ("occupation", "Nghề nghiệp", "text"),
    ("occupation_group", "Nhóm nghề nghiệp", OccupationGroup),
    ("general_education", "Giáo dục phổ thông", GeneralEducation),
    ("general_education_text", "   (ghi trong hồ sơ)", "text"), ("professional_text", "Chuyên môn", "text"),
    ("unit_id", "Chi bộ", "unit"), ("introduced_on", "Ngày được giới thiệu", "date"),
    ("introduced_by", "Tổ chức giới thiệu", "text"), ("class_certificate_on", "Ngày cấp giấy chứng nhận lớp NTVĐ", "date"),
    ("class_certificate_number", "Số giấy chứng nhận", "text"), ("dossier_on", "Ngày hoàn thiện hồ sơ", "date"),
    ("branch_resolution_on", "Ngày nghị quyết chi bộ", "date"), ("decision_on", "Ngày QĐ kết nạp", "date"),
    ("decision_number", "Số QĐ kết nạp", "text"), ("introducer_1", "Người giới thiệu thứ nhất", "text"),
    ("introducer_2", "Người giới thiệu thứ hai", "text"))
SPLIT = 12


class RecruitmentTab(QWidget):
    data_changed = Signal()
    open_member = Signal(int)

    def __init__(self, db, parent=None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.loader = Loader(db, self)
        self.units = []
        self.tabs = QTabWidget()
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)

        # candidates
        page = QWidget()
        pl = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.add_button = QPushButton("Thêm quần chúng… (Ctrl+N)")
        self.edit_button = QPushButton("Sửa…")
        self.admit_button = QPushButton("Kết nạp…")
        self.withdraw_button = QPushButton("Dừng xem xét…")
        self.show_closed = QCheckBox("Hiện cả người đã kết nạp, dừng xem xét")
        for w in (self.add_button, self.edit_button, self.admit_button, self.withdraw_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.show_closed)
        pl.addLayout(bar)
        self.candidates = CandidateModel(self)
        self.candidate_view = _table(self.candidates, (180, 250, 250, 90, 105, 90, 90, 90))
        pl.addWidget(self.candidate_view, 1)
        self.stage_counts = QLabel()
        self.stage_counts.setWordWrap(True)
        pl.addWidget(self.stage_counts)
        self.tabs.addTab(page, "Quần chúng ưu tú")

        # targets
        page = QWidget()
        pl = QVBoxLayout(page)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Năm"))
        self.year = QSpinBox()
        self.year.setRange(2000, self.today.year + 5)
        self.year.setValue(self.today.year)
        bar.addWidget(self.year)
        hint = QLabel("Nhấp đúp vào ô chỉ tiêu để sửa. Tỷ lệ so với đảng viên tính trên số đảng viên đầu năm.")
        hint.setWordWrap(True)
        bar.addWidget(hint, 1)
        pl.addLayout(bar)
        self.targets = TargetModel(db, self)
        self.target_view = _table(self.targets, (320, 80, 90, 100, 90))
        self.target_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                         | QAbstractItemView.EditTrigger.EditKeyPressed
                                         | QAbstractItemView.EditTrigger.AnyKeyPressed)
        pl.addWidget(self.target_view, 1)
        self.target_total = QLabel()
        self.target_total.setWordWrap(True)
        pl.addWidget(self.target_total)
        self.tabs.addTab(page, "Chỉ tiêu kết nạp")

        # probationers
        page = QWidget()
        pl = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.confirm_button = QPushButton("Công nhận chính thức…")
        bar.addWidget(self.confirm_button)
        self.probation_info = QLabel()
        bar.addWidget(self.probation_info, 1)
        pl.addLayout(bar)
        self.probation = ProbationModel(self, self.today)
        self.probation_view = _table(self.probation, (220, 260, 130, 130, 140))
        pl.addWidget(self.probation_view, 1)
        self.tabs.addTab(page, "Đảng viên dự bị")

        self.add_button.clicked.connect(self.new_item)
        self.edit_button.clicked.connect(self.edit_candidate)
        self.candidate_view.doubleClicked.connect(lambda _: self.edit_candidate())
        self.admit_button.clicked.connect(self.admit)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.show_closed.toggled.connect(self.refresh)
        self.year.valueChanged.connect(self.load_targets)
        self.targets.dataChanged.connect(self._target_totals)
        self.confirm_button.clicked.connect(self.confirm)
        self.probation_view.doubleClicked.connect(
            lambda idx: self.open_member.emit(self.probation.rows[idx.row()].member_id))

    def refresh(self, *_):
        include_closed = self.show_closed.isChecked()
        self.loader.load("lists", lambda s: (us.list_units(s),
                                             ui_queries.candidate_rows(s, include_closed=include_closed),
                                             ui_queries.probationers(s)), self._lists_loaded)

    def _lists_loaded(self, lists) -> None:
        self.units, candidates, probationers = lists
        self.candidates.set_rows(candidates)
        self.probation.set_rows(probationers)
        counts = {}
        for r in self.candidates.rows:
            counts[r.stage] = counts.get(r.stage, 0) + 1
        self.stage_counts.setText("Theo giai đoạn: " + "; ".join(f"{st.label}: {n}" for st, n in counts.items())
                                  if counts else "Chưa có quần chúng ưu tú nào đang được xem xét.")
        overdue = sum(1 for r in self.probation.rows if r.probation_end and r.probation_end < self.today)
        self.probation_info.setText(f"{len(self.probation.rows)} đảng viên dự bị; {overdue} đã hết 12 tháng chưa "
                                    "công nhận chính thức.")
        self.load_targets()

    def load_targets(self, *_):
        year = self.year.value()
        on = min(date(year, 12, 31), self.today)
        start = date(year, 1, 1)

        def work(s):
            progress = {p.unit_id: p for p in rs.progress(s, year)}
            now = us.list_units(s, on)
            base = {u.id: u.member_count for u in us.list_units(s, start)}
            rows = []
            for u in now:
                if u.kind == UnitKind.COMMUNE:
                    continue
                p = progress.get(u.id)
                rows.append({"unit_id": u.id, "name": u.name, "depth": u.depth, "target": p.target if p else 0,
                             "admitted": p.admitted if p else 0,
                             "members": base.get(u.id) or u.member_count})
            return rows

        self.targets.year = year
        self.loader.load("targets", work, self._targets_loaded)

    def _targets_loaded(self, rows) -> None:
        self.targets.set_rows(rows)
        self._target_totals()

    def _target_totals(self, *_):
        # only leaves add up: a đảng bộ's members already include its chi bộ
        parents = {r["unit_id"] for r in self.targets.rows} & {u.parent_id for u in self.units}
        leaves = [r for r in self.targets.rows if r["unit_id"] not in parents]
        target = sum(r["target"] for r in self.targets.rows)
        admitted = sum(r["admitted"] for r in self.targets.rows)
        members = sum(r["members"] for r in leaves)
        text = (f"Cả xã năm {self.targets.year}: kết nạp {fmt_int(admitted)}/{fmt_int(target)} quần chúng, đạt "
                f"{fmt_percent(admitted, target, 2)} kế hoạch năm và {fmt_percent(admitted, members, 2)} so với "
                f"tổng số đảng viên ({fmt_int(members)}).")
        if self.targets.error:
            text += f"\n⚠ {self.targets.error}"
        self.target_total.setText(text)

    # --- candidates ---
    def _leaf_units(self):
        return [u for u in self.units if u.kind != UnitKind.COMMUNE]

    def _current_candidate(self):
        idx = self.candidate_view.currentIndex()
        return self.candidates.rows[idx.row()] if idx.isValid() else None

    def _after(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def new_item(self) -> bool:
        self.tabs.setCurrentIndex(0)
        dialog = SpecDialog(self.db, "Thêm quần chúng ưu tú", CANDIDATE_FIELDS,
                            lambda s, v: rs.add_candidate(s, _clean(v)).id, self, units=self._leaf_units(),
                            split_at=SPLIT)
        self.last_dialog = dialog
        if dialog.exec():
            self._after()
            return True
        return False

    def edit_candidate(self) -> bool:
        row = self._current_candidate()
        if row is None:
            return False
        if row.stage == CandidateStage.ADMITTED and row.member_id:
            self.open_member.emit(row.member_id)
            return False
        with self.db.session() as s:
            data = ui_queries.candidate_record(s, row.id)
        fields = [(name, label, kind, data.get(name)) for name, label, kind in CANDIDATE_FIELDS]
        dialog = SpecDialog(self.db, f"Quần chúng ưu tú — {row.full_name}", fields,
                            lambda s, v: rs.update_candidate(s, row.id, _clean(v, keep_empty=True)).id, self,
                            units=self._leaf_units(), split_at=SPLIT)
        self.last_dialog = dialog
        if dialog.exec():
            self._after()
            return True
        return False

    def admit(self) -> bool:
        row = self._current_candidate()
        if row is None:
            tell(self, "Kết nạp", "Chọn một quần chúng trong danh sách trước.")
            return False
        fields = [("decision_date", "Ngày quyết định kết nạp", "date!", row.decision_on or self.today),
                  ("ceremony_date", "Ngày lễ kết nạp", "date", row.ceremony_on),
                  ("decision_number", "Số quyết định", "text", row.decision_number),
                  ("higher_approval", "QĐ của cấp trên (nếu trên 60 tuổi)", "text")]
        dialog = SpecDialog(self.db, f"Kết nạp — {row.full_name}", fields,
                            lambda s, v: rs.admit_candidate(s, row.id, **v).id, self,
                            note=f"{row.full_name} trở thành đảng viên dự bị của {row.unit_name or 'chi bộ'}; "
                                 "toàn bộ thông tin cá nhân được chuyển sang hồ sơ đảng viên.")
        self.last_dialog = dialog
        if dialog.exec():
            self.admitted_member_id = dialog.result_value
            self._after()
            on = dialog.field("decision_date").text()
            tell(self, "Đã kết nạp", f"Đã kết nạp đồng chí {row.full_name} vào Đảng (quyết định ngày {on}); "
                 f"là đảng viên dự bị của {row.unit_name or 'chi bộ'}. Hồ sơ đảng viên đã được lập ở tab Đảng viên.")
            return True
        return False

    def withdraw(self) -> bool:
        row = self._current_candidate()
        if row is None:
            return False
        dialog = SpecDialog(self.db, f"Dừng xem xét — {row.full_name}", [("reason", "Lý do", "long")],
                            lambda s, v: rs.withdraw_candidate(s, row.id, reason=v["reason"]), self)
        self.last_dialog = dialog
        if dialog.exec():
            self._after()
            return True
        return False

    # --- probationers ---
    def confirm(self) -> bool:
        idx = self.probation_view.currentIndex()
        if not idx.isValid():
            tell(self, "Công nhận chính thức", "Chọn một đảng viên dự bị trong danh sách trước.")
            return False
        r = self.probation.rows[idx.row()]
        dialog = ActionDialog(self.db, ACTION_BY_KEY["confirm"], r.member_id, r.full_name, [], self, today=self.today)
        self.last_dialog = dialog
        if dialog.exec():
            self._after()
            return True
        return False


def _clean(values: dict, keep_empty: bool = False) -> dict:
    out = dict(values)
    if not keep_empty:
        out = {k: v for k, v in out.items() if v not in (None, "")}
    return out
