"""What each tab prints: Tệp → In… (Ctrl+P) / Xuất Excel… act on the current tab's first printout; each tab's
list has a context menu with all of its printouts (In… / Lưu PDF… / Xuất Excel…).

`install(window)` hooks the tabs from outside (one line in main_window), reading the state each tab shows —
the members' filter and sort, the selected unit, the year — so that the tabs themselves stay unchanged.
The printouts are built by app/export/printouts.py and rendered by app/ui/printing.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QMenu, QMessageBox, QVBoxLayout

from app.export import printouts as P

from . import printing
from .member_model import MemberFilter


@dataclass
class Source:
    label: str
    build: Callable          # build(session, **asked) -> Printout
    ask: Callable | None = None  # ask(parent) -> dict of build's extra arguments, or None when cancelled


def run(tab, source: Source, action: str, parent=None, then: Callable | None = None):
    """action: preview | pdf | xlsx. The printout is built off the UI thread (a read operation, app/ui/ops.py:
    the official book of 20,000 members takes seconds); then the preview dialog opens, or the file is asked
    for and written, and `then` gets the dialog or the path. Returns the operation, or None when the clerk
    cancelled the questions asked first."""
    from .ops import Op

    parent = parent or tab
    asked = {}
    if source.ask is not None:
        asked = source.ask(parent)
        if asked is None:
            return None
    db = tab.db

    def build():
        with db.session() as s:
            return source.build(s, **asked)

    def built(printout):
        if op.cancelled:   # Hủy while it was being built: nothing was written, nothing is shown
            return
        result = _show(printout, action, parent)
        if then is not None:
            then(result)

    op = Op(parent, build).success(built).with_progress_dialog(f"Đang lập «{source.label}» để in…", parent)
    return op.run()


def _show(printout, action: str, parent):
    if action == "preview":
        dlg = printing.preview_dialog(printout, parent)
        dlg.open()
        return dlg
    if action == "pdf":
        return printing.save_pdf(printout, parent)
    return printing.save_xlsx(printout, parent)


def sources_of(tab) -> list[Source]:
    fn = getattr(tab, "print_sources", None)
    return fn() if fn is not None else []


def run_current(window, action: str):
    tab = window.current()
    sources = sources_of(tab)
    if not sources:
        QMessageBox.information(window, "In", "Thẻ này không có danh sách để in. Hãy chọn thẻ Đảng viên, Tổ chức, "
                                              "Đánh giá, Kết nạp hoặc Tổng quan.")
        return None
    return run(tab, sources[0], action, window)


def context_menu(tab, view, pos) -> QMenu:
    menu = QMenu(view)
    for source in sources_of(tab):
        menu.addSection(source.label)
        for text, action in (("In…", "preview"), ("Lưu PDF…", "pdf"), ("Xuất Excel…", "xlsx")):
            menu.addAction(text).triggered.connect(lambda _=False, s=source, a=action: run(tab, s, a))
    if pos is not None:
        menu.popup(view.viewport().mapToGlobal(pos))
    return menu


def _hook(tab, views, make_sources) -> None:
    tab.print_sources = lambda: make_sources(tab)
    for view in views:
        if view is None:
            continue
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda pos, v=view: context_menu(tab, v, pos))


def install(window) -> None:
    _hook(window.members, [getattr(window.members, "view", None)], member_sources)
    _hook(window.units, [getattr(window.units, "tree", None), getattr(window.units, "members_view", None)],
          unit_sources)
    _hook(window.evaluation, [getattr(window.evaluation, "view", None)], evaluation_sources)
    rec = window.recruitment
    _hook(rec, [getattr(rec, name, None) for name in ("candidate_view", "target_view", "probation_view")],
          recruitment_sources)
    _hook(window.home, [getattr(window.home, "view", None)], home_sources)


# --- per tab --------------------------------------------------------------------------------------------

def shown_member_columns(view) -> list[str]:
    """The member table's columns as the clerk sees them: visible ones, in their on-screen order."""
    header = view.horizontalHeader()
    keys = P.DEFAULT_MEMBER_COLUMNS  # the table's columns, by logical index (app/ui/member_model.HEADERS)
    logical = [header.logicalIndex(v) for v in range(header.count())]
    return [keys[i] for i in logical if i < len(keys) and not header.isSectionHidden(i)]


class ColumnChooser(QDialog):
    def __init__(self, chosen: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("In danh sách đảng viên — chọn cột")
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Các cột in ra (theo thứ tự trên bảng):"))
        self.boxes = {}
        for key in list(chosen) + [k for k in P.MEMBER_COLUMNS if k not in chosen]:
            box = QCheckBox(P.MEMBER_COLUMNS[key][0])
            box.setChecked(key in chosen)
            box.setEnabled(key != "name")  # a list without names is no list
            self.boxes[key] = box
            lay.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def columns(self) -> list[str]:
        return [k for k, box in self.boxes.items() if box.isChecked()]


def member_sources(tab) -> list[Source]:
    model = tab.model
    ids = [model.row_at(i).id for i in range(model.rowCount())]
    shown = shown_member_columns(tab.view)
    note = f"(Danh sách đã lọc: {len(ids)} đảng viên)" if model.filter != MemberFilter() else None

    def ask(parent):
        dlg = ColumnChooser(shown, parent)
        return {"columns": dlg.columns()} if dlg.exec() == QDialog.DialogCode.Accepted else None

    out = [Source("Danh sách đảng viên (như đang lọc, sắp xếp)",
                  lambda s, columns=shown: P.members_printout(s, ids, columns=columns, filter_text=note), ask)]
    member_id = getattr(getattr(tab, "detail", None), "member_id", None)
    if member_id:
        out.append(Source(f"Phiếu đảng viên: {tab.detail.title.text()}",
                          lambda s: P.record_printout(s, member_id)))
    unit = tab.f_unit.value() if hasattr(tab, "f_unit") else None
    label = f"Sổ danh sách đảng viên — {tab.f_unit.currentText()}" if unit else "Sổ danh sách đảng viên (toàn Đảng bộ)"
    out.append(Source(label, lambda s: P.book_printout(s, as_of=date.today(), unit_id=unit)))
    return out


def unit_sources(tab) -> list[Source]:
    out = [Source("Danh sách tổ chức đảng, số đảng viên", lambda s: P.units_printout(s, date.today()))]
    unit_id = getattr(tab, "current_id", None)
    info = tab.info_of(unit_id) if unit_id is not None and hasattr(tab, "info_of") else None
    if info is not None:
        out.append(Source(f"Sổ danh sách đảng viên — {info.name}",
                          lambda s: P.book_printout(s, as_of=date.today(), unit_id=unit_id)))
        out.append(Source(f"Danh sách đảng viên — {info.name}",
                          lambda s: P.members_printout(s, unit_id=unit_id)))
    return out


def evaluation_sources(tab) -> list[Source]:
    year, unit = tab.year.value(), tab.unit.value()
    out = []
    if unit is not None:
        name = tab.unit.currentText()
        out.append(Source(f"Danh sách xếp loại năm {year} — {name}",
                          lambda s: P.rating_sheet_printout(s, year, unit)))
        out.append(Source(f"Danh sách để họp chi bộ (để trống) — {name}",
                          lambda s: P.rating_sheet_printout(s, year, unit, filled=False)))
    out.append(Source(f"Tổng hợp xếp loại năm {year} của Đảng bộ", lambda s: P.rating_summary_printout(s, year)))
    return out


def recruitment_sources(tab) -> list[Source]:
    year = tab.year.value()
    return [Source(f"Phát triển đảng viên: quần chúng ưu tú và chỉ tiêu năm {year}",
                   lambda s: P.recruitment_printout(s, year))]


def home_sources(tab) -> list[Source]:
    today = getattr(tab, "today", None) or date.today()
    return [Source("Việc cần làm: dự bị đến hạn, Huy hiệu Đảng, hết miễn sinh hoạt",
                   lambda s: P.reminders_printout(s, today))]
