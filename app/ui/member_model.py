"""The members table: all rows in memory, filtered and sorted in the model (100,000 rows, per keystroke).

A QSortFilterProxyModel calls filterAcceptsRow through Python once per row; at 100,000 rows that alone
costs a hundred milliseconds. So the model keeps an array of visible row indexes, and a keystroke costs at most
one vectorised pass: the search goes through a prefix index of the folded words (name, card number, CCCD: each
query word must begin a word of the row, "hung" finds "Hùng", "ng" finds "Nguyễn"; a prefix's rows are one
slice of the index), the rows of recent prefixes are kept (backspacing finds them again), and the other
filters' result is kept while only the text changes. The index is built on the worker that read the rows.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from contextlib import contextmanager
from itertools import chain
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor

from app.common.ethnicity import is_ethnic_minority
from app.common.text import fold
from app.models.enums import Gender, Standing
from app.services.dates import full_years
from app.services.age_groups import age_group

COL_NAME, COL_BIRTH, COL_GENDER, COL_ETHNICITY, COL_UNIT, COL_STANDING, COL_ADMITTED, COL_STATUS = range(8)
HEADERS = ("Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chi bộ", "Đảng viên", "Ngày vào Đảng", "Tình trạng")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

# status filter values
ON_ROLL, LEFT, ALL = "on_roll", "left", "all"
# above this many rows, typing waits for a pause before filtering (a fast typist's keystrokes come ~80 ms apart)
DEBOUNCE_ROWS, DEBOUNCE_MS = 5000, 120


def debounced_typing(model: "MemberTableModel", apply, parent):
    """A slot for textChanged: filters at once on a small list, after a pause in typing on a big one."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(DEBOUNCE_MS)
    timer.timeout.connect(apply)

    def typed(*_):
        if len(model.rows) > DEBOUNCE_ROWS:
            timer.start()
        else:
            timer.stop()
            apply()
    typed.timer = timer
    return typed


@dataclass
class MemberFilter:
    text: str = ""
    unit_ids: set[int] | None = None
    standing: Standing | None = None
    exempt: bool | None = None
    gender: Gender | None = None
    ethnic_minority: bool | None = None
    age_group: str | None = None
    status: str = ON_ROLL
    extra: dict = field(default_factory=dict)


def _status(r) -> str:
    if r.is_on_roll:
        return "Miễn sinh hoạt" if r.is_exempt else "Đang sinh hoạt"
    if r.left_kind is not None:
        return r.left_kind.label
    return "Không có tên trong danh sách"


@contextmanager
def long_lived_read():
    """Around a worker's read of a list the window keeps (100,000 rows and their index): no garbage collection
    while it is built, and what exists afterwards frozen out of later ones. A full collection scans every
    object and holds the GIL, so run on the worker it froze the UI thread 0.3–0.4 s per tab (issue 15, measured
    in bench_ui.py --tabs-db). Rows are plain tuples freed by their reference count when a list is replaced."""
    was_enabled = gc.isenabled()
    # first the young garbage (generations 0 and 1: a few milliseconds; a full collection here cost 115 ms of
    # UI stall at 100k), so the freeze below keeps out of reach mostly what the build itself leaves in cycles
    gc.collect(1)
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


class MemberIndex:
    """The rows and what filtering needs of them, built on the worker that read them (issue 15: at 100,000
    rows this is O(rows) Python; on the UI thread it froze the window for a second). Filter columns are numpy
    arrays, so a filter is a few vectorised passes; the search words' rows are one array grouped by word in
    sorted word order, so every word with a prefix is one contiguous slice of it (bisection on the words)."""

    def __init__(self, rows, today: date):
        self.rows = list(rows)
        n = len(self.rows)
        # folded name + card number + CCCD, each word once per row; then the rows grouped word by word
        word_rows: dict[str, list[int]] = {}
        for i, r in enumerate(self.rows):
            for w in set(f"{r.name_key} {r.card_number or ''} {r.national_id or ''}".split()):
                word_rows.setdefault(w, []).append(i)
        self.words: list[str] = sorted(word_rows)
        groups = [word_rows[w] for w in self.words]
        self.starts = np.zeros(len(groups) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, groups), dtype=np.int64, count=len(groups)), out=self.starts[1:])
        self.postings = np.fromiter(chain.from_iterable(groups), dtype=np.int32, count=int(self.starts[-1]))
        del word_rows, groups
        self.on_roll = np.fromiter((r.is_on_roll for r in self.rows), dtype=bool, count=n)
        self.exempt = np.fromiter((r.is_exempt for r in self.rows), dtype=bool, count=n)
        self.unit = np.fromiter((-1 if r.unit_id is None else r.unit_id for r in self.rows), dtype=np.int64, count=n)
        # computed once per distinct value (a few ethnicities, ~25,000 birth days for 100,000 people)
        self.minority = _per_value([r.ethnicity for r in self.rows], is_ethnic_minority, bool)
        births = [r.birth_date for r in self.rows]
        groups = _per_value(births, lambda d: age_group(full_years(d, today)) if d else None, object)
        # enum-like values as small codes: (value -> code, codes per row); a value no row has matches nothing
        self.codes = {"standing": _codes([r.standing for r in self.rows]),
                      "gender": _codes([r.gender for r in self.rows]), "age_group": _codes(list(groups))}
        self.position = {r.id: i for i, r in enumerate(self.rows)}

    def prefix_mask(self, prefix: str) -> np.ndarray:
        """Rows with a word starting with `prefix` (the words between prefix and prefix + U+FFFF)."""
        lo, hi = bisect_left(self.words, prefix), bisect_left(self.words, prefix + "\uffff")
        mask = np.zeros(len(self.rows), dtype=bool)
        mask[self.postings[self.starts[lo]:self.starts[hi]]] = True
        return mask

    def equal(self, name: str, value) -> np.ndarray:
        known, codes = self.codes[name]
        return codes == known.get(value, -2)


def _codes(values: list) -> tuple[dict, np.ndarray]:
    known = {v: k for k, v in enumerate(dict.fromkeys(values))}
    return known, np.fromiter(map(known.__getitem__, values), dtype=np.int16, count=len(values))


def _per_value(values: list, fn, dtype) -> np.ndarray:
    of = {v: fn(v) for v in dict.fromkeys(values)}
    return np.fromiter(map(of.__getitem__, values), dtype=dtype, count=len(values))


class MemberTableModel(QAbstractTableModel):
    PREFIXES_KEPT = 64  # the rows of recent search prefixes (100 KB each at 100,000 rows): backspacing is free

    def __init__(self, parent=None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.index_ = MemberIndex([], self.today)
        self.rows: list = []
        self.visible = np.zeros(0, dtype=np.int64)
        self.filter = MemberFilter()
        self._sort = (COL_NAME, Qt.SortOrder.AscendingOrder)
        self._ranks: dict[int, np.ndarray] = {}       # column -> each row's place in that column's order
        self._prefixes: dict[str, np.ndarray] = {}
        self._others = None  # (the filters other than the text, the mask of rows they pass)
        self._texts: dict[int, tuple] = {}  # row -> its shown texts, for the rows painted so far

    # --- data in ---
    def set_rows(self, rows) -> None:
        """Rows read on this thread (small lists: a unit's members); the big list comes via set_index."""
        self.set_index(MemberIndex(rows, self.today))

    def set_index(self, index: MemberIndex) -> None:
        """The model swap: the index was built on the worker; here only the filter's vectorised passes."""
        self.beginResetModel()
        self.index_, self.rows = index, index.rows
        self._others, self._prefixes, self._ranks, self._texts = None, {}, {}, {}
        self.visible = self._compute()
        self._apply_sort()
        self.endResetModel()

    def set_filter(self, flt: MemberFilter) -> None:
        self.filter = flt
        visible = self._compute()
        # a reset costs nothing per row here: fixed row heights, no resize to contents, no per-row Python
        self.beginResetModel()
        self.visible = visible
        self._apply_sort()
        self.endResetModel()

    def _prefix_rows(self, prefix: str) -> np.ndarray:
        kept = self._prefixes
        mask = kept.get(prefix)
        if mask is None:
            mask = kept[prefix] = self.index_.prefix_mask(prefix)
            if len(kept) > self.PREFIXES_KEPT:
                del kept[next(iter(kept))]   # the oldest
        return mask

    def _passing_others(self) -> np.ndarray:
        """Rows passing every filter but the text; kept while only the text changes."""
        f, ix = self.filter, self.index_
        others = (frozenset(f.unit_ids) if f.unit_ids is not None else None, f.standing, f.exempt, f.gender,
                  f.ethnic_minority, f.age_group, f.status)
        if self._others is not None and self._others[0] == others:
            return self._others[1]
        mask = np.ones(len(ix.rows), dtype=bool)
        if f.status != ALL:
            mask &= ix.on_roll == (f.status == ON_ROLL)
        if f.unit_ids is not None:
            mask &= np.isin(ix.unit, np.fromiter(f.unit_ids, dtype=np.int64, count=len(f.unit_ids)))
        if f.standing is not None:
            mask &= ix.equal("standing", f.standing)
        if f.exempt is not None:
            mask &= ix.exempt == f.exempt
        if f.gender is not None:
            mask &= ix.equal("gender", f.gender)
        if f.ethnic_minority is not None:
            mask &= ix.minority == f.ethnic_minority
        if f.age_group is not None:
            mask &= ix.equal("age_group", f.age_group)
        self._others = (others, mask)
        return mask

    def _compute(self) -> np.ndarray:
        """The visible rows in index (name) order: the other filters' mask AND each query word's prefix mask."""
        mask = self._passing_others()
        words = set(fold(self.filter.text).split())
        if words:
            mask = mask.copy()
            for w in words:
                mask &= self._prefix_rows(w)
        return np.flatnonzero(mask)

    # --- sorting (rows arrive in Vietnamese name order already) ---
    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        if column != COL_NAME:  # index order is name order
            rank = self._ranks.get(column)
            if rank is None:  # once per column and list: a click on a header
                rows = self.rows
                by = sorted(range(len(rows)), key=lambda i: (self._sort_value(rows[i], column), i))
                rank = self._ranks[column] = np.empty(len(rows), dtype=np.int64)
                rank[by] = np.arange(len(rows))
            self.visible = self.visible[np.argsort(rank[self.visible], kind="stable")]
        if order == Qt.SortOrder.DescendingOrder:
            self.visible = self.visible[::-1]

    def _sort_value(self, r, column):
        if column == COL_BIRTH:
            return r.birth_date or date.min
        if column == COL_ADMITTED:
            return r.admitted_on or date.min
        return fold(self._display(r, column))

    # --- Qt model ---
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def row_at(self, row: int):
        return self.rows[self.visible[row]]

    def row_of(self, member_id: int) -> int | None:
        i = self.index_.position.get(member_id)
        if i is None:
            return None
        found = np.flatnonzero(self.visible == i)
        return int(found[0]) if len(found) else None

    def _display(self, r, column) -> str:
        if column == COL_NAME:
            return r.full_name
        if column == COL_BIRTH:
            return r.birth_text
        if column == COL_GENDER:
            return r.gender.label if r.gender else ""
        if column == COL_ETHNICITY:
            return r.ethnicity or ""
        if column == COL_UNIT:
            return r.unit_name
        if column == COL_STANDING:
            return r.standing.label if r.standing else ""
        if column == COL_ADMITTED:
            return r.admitted_on.strftime("%d/%m/%Y") if r.admitted_on else ""
        if column == COL_STATUS:
            return _status(r)
        return ""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # asked for ~7 roles per painted cell (one Python call each): the unused ones answered before any
        # lookup, a row's texts made once and kept until the list changes
        if role == _DISPLAY:
            i = self.visible[index.row()]
            texts = self._texts.get(i)
            if texts is None:
                if len(self._texts) > 5000:  # scrolled through a long list: keep memory flat
                    self._texts.clear()
                r = self.rows[i]
                texts = self._texts[i] = tuple(self._display(r, c) for c in range(len(HEADERS)))
            return texts[index.column()]
        if role == _FOREGROUND:
            return None if self.rows[self.visible[index.row()]].is_on_roll else _GREY
        if role == SORT_ROLE:
            return self._sort_value(self.rows[self.visible[index.row()]], index.column())
        if role == ROW_ROLE:
            return self.rows[self.visible[index.row()]]
        return None


_GREY = QColor("#777777")
_DISPLAY, _FOREGROUND = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole
