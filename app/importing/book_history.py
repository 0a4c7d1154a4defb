"""The history a book row carries (Mẫu 7-HSĐV columns 7, 10–14) as dated steps for the services.

Members who left stay in the book with the date and form of leaving; members who came in carry the date
and the organisation they came from. These are events, not notes (DOMAIN §2 Lifecycle, §8): the list on any
earlier date, "cùng kỳ năm trước" and Biểu 1's increases and decreases follow from them. A row whose dates
cannot all be true (leaving before joining) is not imported: the clerk is told which dates clash.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from app.common.text import fold
from app.models.enums import Standing

from . import values as V

BOOK_HISTORY_FIELDS = ("moved_out_on", "moved_out_to", "moved_in_on", "moved_in_from", "died_on", "death_reason",
                       "left_on", "left_form", "service_mark", "occupation_before", "badge_number", "exemption_note")
# Điều lệ Đảng, Điều 8 and Quy định 24-QĐ/TW: the three ways of leaving other than death and transfer
_LEAVE_FORMS = (("xoa ten", "struck_off"), ("khai tru", "expelled"), ("xin ra", "resigned"),
                ("ra khoi dang", "resigned"))
_LEAVE_LABELS = {"transfer_out": "chuyển đi", "deceased": "từ trần", "struck_off": "xóa tên",
                 "expelled": "khai trừ", "resigned": "xin ra khỏi Đảng"}
_EXEMPT_FROM = re.compile(r"mien\b.*?\btu\s+(?:ngay\s+|thang\s+)?(\d{1,2}\s*[/.\-]\s*(?:\d{1,2}\s*[/.\-]\s*)?\d{4})")


def leave_form(text: str | None) -> str | None:
    key = fold(text or "")
    for words, kind in _LEAVE_FORMS:
        if words in key:
            return kind
    return None


def exemption_start(note: str | None) -> V.SheetDate | None:
    """"Miễn SH từ 11/2020", "Miễn công tác và SHĐ từ 05/08/2023" → the date the exemption began."""
    m = _EXEMPT_FROM.search(fold(note or ""))
    if not m:
        return None
    try:
        return V.parse_sheet_date(m.group(1).replace(" ", ""))
    except V.ValueProblem:
        return None


class BookRowError(Exception):
    """The row's dates cannot all be true; message in Vietnamese."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


def book_steps(book: dict, admitted: V.SheetDate | None, admitted_ok: bool, official: V.SheetDate | None,
               sheet_standing: Standing, states: list[str], notes: str | None, as_of: date, warn, step):
    """The steps of one book row, in date order.

    book: the raw lines of the history columns ({field: text}); admitted_ok: the admission date passed the
    plan's checks (age 18–60, after 1930 …); warn(message, field): a warning on the row; step(kind, on, **kw):
    makes a HistoryStep. Raises BookRowError for dates that clash.
    """
    from app.services.lifecycle import probation_end

    def when(field_name: str) -> date | None:
        raw = book.get(field_name)
        if not raw:
            return None
        try:
            d = V.parse_sheet_date(raw)
        except V.ValueProblem as exc:
            warn(f"{_LABEL[field_name]}: {exc}", field_name)
            return None
        return d.value if d else None

    moved_in = when("moved_in_on")
    exits: list[tuple[date | None, str, str]] = []   # (date, kind, place or reason)
    out_on = when("moved_out_on")
    if out_on or book.get("moved_out_to"):
        exits.append((out_on, "transfer_out", book.get("moved_out_to") or ""))
    died_on = when("died_on")
    if died_on or book.get("death_reason"):
        exits.append((died_on, "deceased", book.get("death_reason") or ""))
    left_on = when("left_on")
    if left_on or book.get("left_form"):
        kind = leave_form(book.get("left_form"))
        if kind is None:
            warn(f"Hình thức ra khỏi Đảng «{book.get('left_form') or ''}» không rõ (xóa tên, khai trừ hay xin ra "
                 "khỏi Đảng); ghi nhận là xóa tên, cần xem lại.", "left_form")
            kind = "struck_off"
        exits.append((left_on, kind, book.get("left_form") or ""))
    for i, (on, kind, text) in enumerate(exits):
        if on is None:
            warn(f"Ghi {_LEAVE_LABELS[kind]} nhưng không có ngày; ghi nhận vào ngày chốt {as_of:%d/%m/%Y}, cần xem lại.",
                 _DATE_FIELD[kind])
            exits[i] = (as_of, kind, text)
    exits.sort(key=lambda e: e[0])

    steps = []
    # who they were on arrival: probationary while the 12 months from the ceremony run (Điều lệ Đảng, Điều 5)
    if moved_in is not None:
        final_exits = [e for e in exits if e[0] >= moved_in]
        earlier = [e for e in exits if e[0] < moved_in]
        if earlier and all(k == "transfer_out" for _d, k, _t in earlier) and admitted_ok and admitted.value < earlier[0][0]:
            # admitted here, moved away, came back: all three are in the book
            steps += _admission(admitted, official, as_of, step, probation_end)
            for on, kind, text in earlier:
                steps.append(step("transfer_out", on, place=text))
        elif earlier:
            on, kind, _t = earlier[0]
            raise BookRowError(f"Ngày {_LEAVE_LABELS[kind]} {on:%d/%m/%Y} trước ngày chuyển đến {moved_in:%d/%m/%Y}: "
                               "các ngày trong sổ mâu thuẫn, dòng này không được nhập — hãy xem lại sổ.",
                               _DATE_FIELD[kind])
        standing = Standing.OFFICIAL
        if official is not None and not official.year_only and official.value > moved_in:
            standing = Standing.PROBATIONARY
        elif official is None and admitted is not None and not admitted.year_only \
                and probation_end(admitted.value) > moved_in:
            standing = Standing.PROBATIONARY
        steps.append(step("transfer_in", moved_in, standing=standing, place=book.get("moved_in_from") or "",
                          admitted=admitted.value if admitted is not None and admitted.value <= moved_in else None))
        if standing == Standing.PROBATIONARY and official is not None and official.value > moved_in:
            if official.value <= as_of:
                steps.append(step("confirm", official.value))
        exits = final_exits
        entry = moved_in
    elif admitted_ok:
        steps += _admission(admitted, official, as_of, step, probation_end)
        entry = admitted.value
    else:
        # no admission date we can use: on the list from the sheet's date, or the day before it leaves
        entry = as_of
        if exits and exits[0][0] <= as_of:
            entry = exits[0][0] - timedelta(days=1)
        steps.append(step("on_roll", entry, standing=sheet_standing, needs_review=True,
                          note="Có tên trong sổ danh sách đảng viên"))
    if exits:
        on, kind, text = exits[0]
        if on < entry or (on == entry and steps and steps[-1].kind != "on_roll"):
            raise BookRowError(f"Ngày {_LEAVE_LABELS[kind]} {on:%d/%m/%Y} không sau ngày "
                               f"{'chuyển đến' if moved_in else 'vào Đảng'} {entry:%d/%m/%Y}: các ngày trong sổ "
                               "mâu thuẫn, dòng này không được nhập — hãy xem lại sổ.", _DATE_FIELD[kind])
        for other_on, other_kind, _t in exits[1:]:
            warn(f"Sổ ghi cả {_LEAVE_LABELS[kind]} ({on:%d/%m/%Y}) và {_LEAVE_LABELS[other_kind]} "
                 f"({other_on:%d/%m/%Y}); ghi nhận {_LEAVE_LABELS[kind]}, cần xem lại.", _DATE_FIELD[other_kind])
        leave = (on, kind, text)
    else:
        leave = None
    # exemption, retirement: states of someone on the list, before they leave
    last_day = leave[0] if leave else None
    if V.STATE_EXEMPT in states:
        start = exemption_start(notes)
        if start is not None and start.value <= as_of:
            on = max(start.value, entry)
            if last_day is None or on < last_day:
                steps.append(step("exempt", on, needs_review=start.year_only,
                                  note=f"Ghi chú trong sổ: «{notes}»"))
        elif last_day is None or as_of < last_day:
            steps.append(step("exempt", as_of, needs_review=True,
                              note="Ghi chú trong sổ, chưa có ngày riêng: ghi nhận vào ngày chốt"))
    retired = V.STATE_RETIRED in states or "huu" in fold(book.get("service_mark") or "").split()
    if retired:
        on = as_of if last_day is None or as_of < last_day else max(entry, last_day - timedelta(days=1))
        steps.append(step("retired", on, needs_review=True,
                          note="Cột «Bộ đội, công an, hưu trí» / ghi chú trong sổ: ghi nhận vào ngày chốt"))
    if leave is None or leave[0] > as_of:
        # on the list on the sheet's date: the book's standing then (a "Dự bị" note, an official date) wins
        official_then = any(s.kind == "confirm" or (s.kind in ("transfer_in", "on_roll")
                                                    and s.standing == Standing.OFFICIAL) for s in steps)
        if (Standing.OFFICIAL if official_then else Standing.PROBATIONARY) != sheet_standing:
            steps.append(step("on_roll", as_of, standing=sheet_standing, needs_review=True,
                              note=f"Sổ ghi là {sheet_standing.label.lower()} vào ngày chốt"))
    if leave is not None:
        on, kind, text = leave
        if kind == "transfer_out":
            steps.append(step("transfer_out", on, place=text))
        else:
            steps.append(step(kind, on, note=text))
    steps.sort(key=lambda s: s.on)   # stable: same-day steps keep the order above
    return steps


def _admission(admitted, official, as_of, step, probation_end):
    steps = [step("admit", admitted.value)]
    end = probation_end(admitted.value)
    if official is not None and not official.year_only and end <= official.value <= as_of:
        steps.append(step("confirm", official.value))
    return steps


_LABEL = {"moved_out_on": "Ngày chuyển đi", "moved_in_on": "Ngày chuyển đến", "died_on": "Ngày từ trần",
          "left_on": "Ngày ra khỏi Đảng"}
_DATE_FIELD = {"transfer_out": "moved_out_on", "deceased": "died_on", "struck_off": "left_on",
               "expelled": "left_on", "resigned": "left_on"}
