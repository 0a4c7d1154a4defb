"""Đánh giá: the year-end rating grid, keyboard first (1–4 rate and move down), live counts, the 20% warning,
organisations' ratings, and the lock of an approved year (reopened only with a reason that is kept)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QSpinBox, QSplitter, QTableView, QVBoxLayout, QWidget)

from app.common.vnformat import fmt_int, fmt_percent
from app.models.enums import Rating
from app.services import evaluations as ev, ui_queries, units as us
from app.services.errors import DomainError
from app.services.versioning import EditConflict

from .conflict import offer_reload
from .member_model import long_lived_read
from .ask import ask_save, confirm
from .widgets import Loader, RowsTableModel, SpecDialog, UnitCombo, setup_table, show_error

KEYS = {Qt.Key.Key_1: Rating.EXCELLENT, Qt.Key.Key_2: Rating.GOOD, Qt.Key.Key_3: Rating.DONE,
        Qt.Key.Key_4: Rating.FAILED}
assert {str(i): r for i, r in zip(range(1, 5), KEYS.values())} == ev.RATING_KEYS
CLEAR_KEYS = (Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
COL_NO, COL_NAME, COL_UNIT, COL_RATING, COL_NOTE = range(5)
GREY = QColor("#8a8a8a")
CHANGED = QColor("#fff3c4")


class RatingModel(RowsTableModel):
    """Rows of evaluations.rating_sheet; edits wait in `pending` until saved in one transaction."""

    HEADERS = ("STT", "Họ và tên", "Chi bộ", "Xếp loại", "Ghi chú")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pending: dict[int, str | None] = {}
        self.unit_names: dict[int, str] = {}
        self.locked = False
        self._saved: Counter = Counter()
        self._row_of_key: dict = {}

    def set_rows(self, rows, unit_names, keep: dict | None = None, tally=None) -> None:
        """keep: ratings typed and not saved, to show again over the new rows (after «Tải lại»); tally: the
        rows' tally() made on the worker that read them."""
        self.beginResetModel()
        self.rows = list(rows)
        self.unit_names = unit_names
        self.pending = {}
        for i, r in enumerate(self.rows if keep else ()):  # no pass over 100,000 rows when nothing is kept
            key = self.key_of(r)
            if key in keep and self.can_edit(i) and keep[key] != r.rating:
                self.pending[key] = keep[key]
        self._saved, self._row_of_key = tally if tally is not None else self.tally(self.rows)
        self.endResetModel()

    @classmethod
    def tally(cls, rows) -> tuple[Counter, dict]:
        """The saved ratings counted once per load (unit, rating) and the rows by key; the counts after each
        rating key are these adjusted by the few typed ratings (issue 15: two passes over 100,000 rows per key
        before). A pass over the rows: made on the worker for the members' sheet."""
        return Counter((r.unit_id, r.rating) for r in rows if r.can_rate), {cls.key_of(r): r for r in rows}

    def loaded_versions(self) -> dict:
        """The version of each changed rating as loaded (None: no rating then): the save checks them."""
        return {self.key_of(r): r.version for r in self.rows if self.key_of(r) in self.pending}

    @staticmethod
    def key_of(r) -> int:
        """What `pending` is keyed by: the member here, the unit in UnitRatingModel."""
        return r.member_id

    def rating_of(self, r) -> str | None:
        key = self.key_of(r)
        return self.pending[key] if key in self.pending else r.rating

    def can_edit(self, row: int) -> bool:
        return not self.locked and 0 <= row < len(self.rows) and self.rows[row].can_rate

    def set_rating(self, row: int, rating: Rating | None) -> bool:
        if not self.can_edit(row):
            return False
        r = self.rows[row]
        value = rating.value if rating else None
        if value == r.rating:
            self.pending.pop(self.key_of(r), None)
        else:
            self.pending[self.key_of(r)] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
        return True

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_NO:
                return index.row() + 1
            if col == COL_NAME:
                return r.full_name
            if col == COL_UNIT:
                return self.unit_names.get(r.unit_id, "")
            if col == COL_RATING:
                return self.rating_of(r) or ("" if r.can_rate else "Không xếp loại")
            return r.reason
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_RATING and self.rating_of(r):
            return Rating(self.rating_of(r)).label
        if role == Qt.ItemDataRole.ForegroundRole and not r.can_rate:
            return GREY
        if role == Qt.ItemDataRole.BackgroundRole and r.member_id in self.pending:
            return CHANGED
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_NO, COL_RATING):
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _by_unit(self) -> dict[int | None, Counter]:
        """Ratings shown (saved, or typed and not saved) of the rateable rows, per unit."""
        by_unit: dict[int | None, Counter] = {}
        for (unit_id, rating), n in self._saved.items():
            by_unit.setdefault(unit_id, Counter())[rating] += n
        for key, typed in self.pending.items():  # only rateable rows are ever typed into (can_edit)
            r = self._row_of_key[key]
            by_unit[r.unit_id][r.rating] -= 1
            by_unit[r.unit_id][typed] += 1
        return by_unit

    def counts(self):
        c = Counter()
        for per_unit in self._by_unit().values():
            c.update(per_unit)
        return sum(self._saved.values()), c

    def quota_problems(self) -> list[str]:
        """Quy định 124-QĐ/TW: HTXSNV ≤ 20% of those rated HTTNV or better, per unit (warning, not refusal)."""
        by_unit = self._by_unit()
        out = []
        for uid, c in by_unit.items():
            excellent = c[Rating.EXCELLENT.value]
            good = excellent + c[Rating.GOOD.value]
            if ev.exceeds_excellent_quota(excellent, good):
                out.append(f"{self.unit_names.get(uid, 'Chi bộ')}: {excellent}/{good} HTXSNV "
                           f"({fmt_percent(excellent, good)}), vượt {ev.EXCELLENT_QUOTA_PERCENT}% số HTTNV trở lên.")
        return out


class UnitRatingModel(RatingModel):
    HEADERS = ("STT", "Tổ chức đảng", "Cấp", "Xếp loại")

    @classmethod
    def tally(cls, rows) -> tuple[Counter, dict]:  # a few hundred organisations: counted directly (counts below)
        return Counter(), {}

    @staticmethod
    def key_of(r) -> int:
        return r.unit_id

    def can_edit(self, row):
        return not self.locked and 0 <= row < len(self.rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (index.row() + 1, "    " * max(r.depth - 1, 0) + r.name, r.kind.label, self.rating_of(r) or "")[col]
        if role == Qt.ItemDataRole.BackgroundRole and r.unit_id in self.pending:
            return CHANGED
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_NO, COL_RATING):
            return Qt.AlignmentFlag.AlignCenter
        return None

    def counts(self):
        return len(self.rows), Counter(self.rating_of(r) for r in self.rows)


class RatingView(QTableView):
    """Keys 1–4 rate the current row and move to the next row that can be rated; 0/Delete clear it."""

    rated = Signal()

    def keyPressEvent(self, event) -> None:
        model = self.model()
        row = self.currentIndex().row()
        key = Qt.Key(event.key())
        if key in KEYS or key in CLEAR_KEYS:
            if model.set_rating(row, KEYS.get(key)):
                if key in KEYS:
                    self._move_from(row)
                self.rated.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def _move_from(self, row: int) -> None:
        model = self.model()
        nxt = row + 1
        while nxt < model.rowCount() and not model.can_edit(nxt):
            nxt += 1
        if nxt < model.rowCount():
            self.setCurrentIndex(model.index(nxt, COL_RATING))


def _default_year(today: date) -> int:
    # the year-end review happens in November–January: before November the last finished year is meant
    return today.year if today.month >= 11 else today.year - 1


def _grid(view: QTableView, widths) -> None:
    setup_table(view, widths)
    view.setAlternatingRowColors(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)


class EvaluationTab(QWidget):
    data_changed = Signal()
    open_member = Signal(int)

    def __init__(self, db, parent=None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.loader = Loader(db, self)
        self.today = today or date.today()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Năm"))
        self.year = QSpinBox()
        self.year.setRange(1990, self.today.year + 1)
        self.year.setValue(_default_year(self.today))
        bar.addWidget(self.year)
        bar.addWidget(QLabel("Tổ chức"))
        self.unit = UnitCombo(blank="Toàn Đảng bộ xã")
        self.unit.setMinimumWidth(260)
        bar.addWidget(self.unit)
        self.save_button = QPushButton("Lưu (Ctrl+S)")
        self.lock_button = QPushButton("Khóa kết quả năm…")
        self.reopen_button = QPushButton("Mở lại…")
        for b in (self.save_button, self.lock_button, self.reopen_button):
            bar.addWidget(b)
        bar.addStretch(1)
        self.lock_label = QLabel()
        self.lock_label.setWordWrap(True)
        bar.addWidget(self.lock_label)

        self.model = RatingModel(self)
        self.view = RatingView()
        self.view.setModel(self.model)
        _grid(self.view, (45, 200, 190, 80))
        self.view.doubleClicked.connect(lambda idx: self.open_member.emit(self.model.rows[idx.row()].member_id))
        self.unit_model = UnitRatingModel(self)
        self.unit_view = RatingView()
        self.unit_view.setModel(self.unit_model)
        _grid(self.unit_view, (40, 270, 125, 70))

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.members_title = QLabel("Đảng viên")
        self.members_title.setStyleSheet("font-weight: bold;")
        ll.addWidget(self.members_title)
        ll.addWidget(self.view, 1)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        ll.addWidget(self.counts)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b00020;")
        ll.addWidget(self.warnings)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        t = QLabel("Tổ chức đảng")
        t.setStyleSheet("font-weight: bold;")
        rl.addWidget(t)
        rl.addWidget(self.unit_view, 1)
        self.unit_counts = QLabel()
        self.unit_counts.setWordWrap(True)
        rl.addWidget(self.unit_counts)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([800, 540])

        help_text = QLabel("Bàn phím: 1 = HTXSNV, 2 = HTTNV, 3 = HTNV, 4 = KHTNV (xếp loại rồi xuống dòng dưới); "
                           "0 hoặc Delete = xóa; Ctrl+S = lưu. Dòng màu xám: không xếp loại (xem cột Ghi chú).")
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: #444;")
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(help_text)
        lay.addWidget(split, 1)

        self.year.valueChanged.connect(self._scope_changed)
        self.unit.currentIndexChanged.connect(self._scope_changed)
        self.view.rated.connect(self._update_counts)
        self.unit_view.rated.connect(self._update_counts)
        self.save_button.clicked.connect(self.save)
        self.lock_button.clicked.connect(self.lock)
        self.reopen_button.clicked.connect(self.reopen)
        self._scope = (self.year.value(), self.unit.value())
        self._keep = None  # ratings typed to show again after «Tải lại» (members, units)

    # --- loading ---
    def refresh(self) -> None:
        # read on the worker like the sheet itself (issue 15: no database read on the UI thread)
        self.members_title.setText("Đảng viên (đang tải…)")
        self.loader.load("units", lambda s: us.list_units(s, counted=False), self._units_loaded)

    def _units_loaded(self, units) -> None:
        self.unit.set_units(units)
        self._unit_names = {u.id: u.name for u in units}
        self.load()

    def load(self) -> None:
        year, unit_id = self.year.value(), self.unit.value()
        self._scope = (year, unit_id)
        self.members_title.setText("Đảng viên (đang tải…)")

        def work(s):
            with long_lived_read():
                return self._read(s, year, unit_id)

        self.loader.load("sheet", work, self._loaded)

    @staticmethod
    def _read(s, year, unit_id):
        rows = ev.rating_sheet(s, year, unit_id)
        return (rows, RatingModel.tally(rows), ui_queries.unit_rating_sheet(s, year), ev.is_locked(s, year),
                ui_queries.lock_history(s, year), us.list_units(s, include_ended=True, counted=False))

    def _loaded(self, result) -> None:
        rows, tally, unit_rows, locked, history, all_units = result
        names = {u.id: u.name for u in all_units}
        unit_id = self._scope[1]
        if unit_id is not None:
            scope = set(us.subtree_ids(all_units, unit_id))
            unit_rows = [u for u in unit_rows if u.unit_id in scope]
        self.model.locked = self.unit_model.locked = locked
        keep_members, keep_units = self._keep or ({}, {})
        self._keep = None
        self.model.set_rows(rows, names, keep_members, tally)
        self.unit_model.set_rows(unit_rows, names, keep_units)
        self.members_title.setText(f"Đảng viên — năm {self._scope[0]}")
        self._history = history
        self._update_lock(locked, history)
        self._update_counts()
        first = next((i for i, r in enumerate(rows) if r.can_rate), 0)
        if rows:
            self.view.setCurrentIndex(self.model.index(first, COL_RATING))
            if self.isVisible() and not self.year.hasFocus() and not self.unit.hasFocus():
                self.view.setFocus()  # keyboard first: the clerk can type 1–4 at once

    def _update_lock(self, locked: bool, history) -> None:
        last_reopen = next((h for h in reversed(history) if h.action == "reopen"), None)
        if locked:
            text = "🔒 Đã khóa: không sửa được."
        else:
            text = "Chưa khóa."
            if last_reopen is not None:
                text += f" Mở lại ngày {last_reopen.at:%d/%m/%Y}: {last_reopen.reason}"
        self.lock_label.setText(text)
        self.lock_button.setEnabled(not locked)
        self.reopen_button.setEnabled(locked)
        self.save_button.setEnabled(not locked)

    def _update_counts(self) -> None:
        total, c = self.model.counts()
        rated = sum(n for k, n in c.items() if k)
        parts = [f"Đã xếp loại {fmt_int(rated)}/{fmt_int(total)} đảng viên thuộc diện đánh giá"]
        for r in Rating:
            parts.append(f"{r.value}: {c[r.value]} ({fmt_percent(c[r.value], rated)})")
        good = c[Rating.EXCELLENT.value] + c[Rating.GOOD.value]
        parts.append(f"HTTNV trở lên: {fmt_int(good)}/{fmt_int(rated)} ({fmt_percent(good, rated)})")
        not_rated = len(self.model.rows) - total
        parts.append(f"không xếp loại: {not_rated}")
        if self.model.pending or self.unit_model.pending:
            parts.append(f"chưa lưu: {len(self.model.pending) + len(self.unit_model.pending)}")
        self.counts.setText("; ".join(parts) + ".")
        self.warnings.setText("\n".join("⚠ " + w for w in self.model.quota_problems()))
        utotal, uc = self.unit_model.counts()
        urated = sum(n for k, n in uc.items() if k)
        text = f"Đã xếp loại {urated}/{utotal} tổ chức; " + "; ".join(
            f"{r.value}: {uc[r.value]} ({fmt_percent(uc[r.value], urated)})" for r in Rating) + "."
        excellent = uc[Rating.EXCELLENT.value]
        good = excellent + uc[Rating.GOOD.value]
        # the same 20% ceiling applies to organisations (Quy định 124-QĐ/TW)
        if ev.exceeds_excellent_quota(excellent, good):
            text += (f"\n⚠ {excellent}/{good} tổ chức HTXSNV ({fmt_percent(excellent, good)}), "
                     f"vượt {ev.EXCELLENT_QUOTA_PERCENT}% số HTTNV trở lên.")
        self.unit_counts.setText(text)

    # --- scope changes keep unsaved ratings safe ---
    def _scope_changed(self, *_):
        if (self.year.value(), self.unit.value()) == self._scope:
            return
        if not self.maybe_leave():
            year, unit_id = self._scope
            for w in (self.year, self.unit):
                w.blockSignals(True)
            self.year.setValue(year)
            self.unit.set_value(unit_id)
            for w in (self.year, self.unit):
                w.blockSignals(False)
            return
        self.load()

    def is_dirty(self) -> bool:
        return bool(self.model.pending or self.unit_model.pending)

    def maybe_leave(self) -> bool:
        if not self.is_dirty():
            return True
        answer = ask_save(self, f"Kết quả đánh giá năm {self._scope[0]}")
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.model.pending.clear()
            self.unit_model.pending.clear()
            return True
        return False

    def save(self) -> bool:
        if not self.is_dirty():
            return True
        year = self._scope[0]
        members_loaded, units_loaded = self.model.loaded_versions(), self.unit_model.loaded_versions()
        stage = "members"
        try:
            with self.db.transaction() as s:
                warnings = ev.rate_members(s, year, dict(self.model.pending),
                                           loaded=members_loaded) if self.model.pending else []
                stage = "units"
                for unit_id, rating in self.unit_model.pending.items():
                    ev.rate_unit(s, unit_id, year, rating, loaded_version=units_loaded[unit_id])
        except EditConflict as exc:
            # another clerk saved these ratings, or locked the year, after the sheet was opened (issue 16)
            if offer_reload(self, "Kết quả đánh giá đã thay đổi", exc):
                conflicted = set(exc.keys)
                members = {k: v for k, v in self.model.pending.items()
                           if not (stage == "members" and k in conflicted)}
                units = {k: v for k, v in self.unit_model.pending.items()
                         if not (stage == "units" and k in conflicted)}
                self._keep = (members, units)  # the rest of what was typed stays, still unsaved
                self.load()
            return False
        except DomainError as exc:
            show_error(self, exc)
            return False
        self.model.pending.clear()
        self.unit_model.pending.clear()
        self.saved_warnings = [w.message for w in warnings]
        self.load()
        self.data_changed.emit()
        return True

    def lock(self) -> None:
        if not self.maybe_leave():
            return
        year = self._scope[0]
        with self.db.session() as s:
            rateable = [r for r in ev.rating_sheet(s, year) if r.can_rate]
        unrated = sum(1 for r in rateable if not r.rating)
        # the whole commune's year is locked, not only the unit shown: count them all
        if unrated:
            state = (f"Mới xếp loại {len(rateable) - unrated:,} / {len(rateable):,} đảng viên; "
                     f"còn {unrated:,} người chưa xếp loại.").replace(",", ".")
        else:
            state = f"Đã xếp loại đủ {len(rateable):,} đảng viên.".replace(",", ".")
        if not confirm(self, "Khóa kết quả đánh giá",
                       f"Khóa kết quả đánh giá năm {year} (đã được cấp trên phê duyệt)?\n\n{state}",
                       f"Khóa năm {year}", danger=bool(unrated),
                       details="Sau khi khóa, chỉ mở lại được khi ghi rõ lý do."):
            return
        self.do_lock()

    def do_lock(self) -> bool:
        try:
            with self.db.transaction() as s:
                ev.lock_year(s, self._scope[0])
        except DomainError as exc:
            show_error(self, exc)
            return False
        self.load()
        return True

    def reopen(self) -> bool:
        year = self._scope[0]
        dialog = SpecDialog(self.db, f"Mở lại kết quả đánh giá năm {year}", [("reason", "Lý do mở lại", "long")],
                            lambda s, v: ev.reopen_year(s, year, reason=v["reason"] or ""), self,
                            note="Lý do được lưu lại cùng kết quả đánh giá.")
        self.last_dialog = dialog
        if dialog.exec():
            self.load()
            return True
        return False

