"""The official book, Sổ danh sách đảng viên (Mẫu 7-HSĐV, DOMAIN.md §8), as offices keep it in Excel.

Each of its 14 columns stacks several facts, top to bottom (name over date of birth; sex, ethnic group and
religion; …). A book comes in two physical shapes, both read here into the same thing:
- one row per member, the facts on lines inside the cell (line breaks);
- four physical rows per member, the number (Số TT) only on the first row.
The card number may be written one digit per cell across narrow columns under one merged header, the
dossier number on the second line; a row of column numbers (1 … 14, or "(1) … (37)") sits under the header;
section rows ("CHI BỘ THÔN ĐÔNG" across the columns) name the unit of the members under them.

The result is an ordinary SheetTable whose columns are *lines*: one ColumnMap per (sheet column, line),
with `source` and `line` saying where it sits, so the plan reads them like any other column, problems name
the sheet column, and the wizard can show "column 5 → four fields" and let the clerk correct each line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import values as V
from .detect import (ColumnMap, DataRow, SheetTable, _first_text, _is_numbering_row as _is_numbering, _texts,
                     as_of_from_file_name, as_of_from_texts, column_letter, group_unit_of, is_footer,
                     unit_from_title)
from .fields import header_key
from .readers import RawSheet, cell_text

HEADER_SCAN_ROWS = 40
MAX_LINES_PER_MEMBER = 6   # four thin lines in the paper book; a few sheets add one or two


@dataclass(frozen=True)
class BookColumn:
    key: str
    words: tuple[tuple[str, ...], ...]   # any of these word sets, all present in the folded header
    lines: tuple[str, ...]               # the field each line holds, top to bottom
    title: str                           # Vietnamese, as the book prints it


# Mẫu 7-HSĐV, column by column (DOMAIN.md §8). Words are whole words of the folded header.
BOOK_COLUMNS: tuple[BookColumn, ...] = (
    BookColumn("seq", (("so", "tt"), ("stt",), ("tt",)), ("seq",), "Số TT"),
    BookColumn("name", (("ho", "ten"),), ("full_name", "other_name", "birth_date"), "Họ và tên"),
    BookColumn("sex", (("nam", "nu", "dan", "toc"),), ("gender", "ethnicity", "religion"),
               "Nam, nữ, dân tộc, tôn giáo"),
    BookColumn("home", (("que", "quan"),), ("birthplace",), "Quê quán"),
    BookColumn("levels", (("van", "hoa", "ly", "luan"), ("van", "hoa", "cmnv"), ("van", "hoa", "ngoai", "ngu")),
               ("general_education", "political_theory", "professional", "foreign_language"),
               "Văn hoá, lý luận, CMNV, ngoại ngữ"),
    BookColumn("jobs", (("nghe", "nghiep", "truoc"),), ("occupation_before", "occupation"),
               "Nghề nghiệp trước khi vào Đảng, nghề nghiệp hiện nay"),
    BookColumn("admission", (("vao", "dang", "chinh", "thuc"),), ("admitted_on", "official_on"),
               "Ngày vào Đảng, ngày chính thức"),
    BookColumn("card", (("so", "the"),), ("card_number", "dossier_number", "badge_number"),
               "Số thẻ đảng viên, số lý lịch, số Huy hiệu Đảng"),
    BookColumn("service", (("bo", "doi", "cong", "an"), ("huu", "tri", "bo", "doi")), ("service_mark",),
               "Bộ đội, công an, hưu trí"),
    BookColumn("out", (("chuyen", "di"),), ("moved_out_on", "moved_out_to"), "Ngày chuyển đi, đến đảng bộ cơ sở"),
    BookColumn("in", (("chuyen", "den"),), ("moved_in_on", "moved_in_from"),
               "Ngày chuyển đến, ở đảng bộ cơ sở nào đến"),
    BookColumn("death", (("tu", "tran"),), ("died_on", "death_reason"), "Ngày từ trần, lý do"),
    BookColumn("left", (("ra", "khoi", "dang"),), ("left_on", "left_form"),
               "Ngày ra khỏi Đảng, hình thức ra khỏi Đảng"),
    # exemption and notes (DOMAIN §8): a line about the exemption ("Miễn sinh hoạt từ …") is a state, the rest
    # the member's notes
    BookColumn("notes", (("ghi", "chu"),), ("exemption_note", "notes"), "Ghi chú"),
)
_BY_KEY = {c.key: c for c in BOOK_COLUMNS}
DATE_FIELDS = {"birth_date", "admitted_on", "official_on", "moved_out_on", "moved_in_on", "died_on", "left_on"}
# the columns that only the book has: a header row naming at least these many is the book's
_BOOK_ONLY = ("sex", "levels", "jobs", "admission", "out", "in", "death", "left")
_RELIGIONS = ("phat giao", "cong giao", "thien chua", "tin lanh", "cao dai", "hoa hao", "hoi giao", "dao phat")
_SEQ = re.compile(r"^\(?(\d{1,4})\)?[.)]?$")


def _words(text) -> set[str]:
    return set(header_key(text).replace("/", " ").split())


def book_column_of(text) -> BookColumn | None:
    """The book column a header names (whole words only), or None."""
    words = _words(text)
    if not words:
        return None
    for col in BOOK_COLUMNS:
        if col.key == "seq":
            if header_key(text) in ("so tt", "stt", "tt", "so thu tu"):
                return col
            continue
        for group in col.words:
            if all(w in words for w in group):
                return col
    return None


def _find_header(rows: list[list]) -> tuple[int, dict[int, BookColumn]] | None:
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found: dict[int, BookColumn] = {}
        seen: set[str] = set()
        for c, v in enumerate(row):
            if not isinstance(v, str) or not v.strip():
                continue
            col = book_column_of(v)
            if col is not None and col.key not in seen:
                found[c] = col
                seen.add(col.key)
        if "name" in seen and sum(1 for k in _BOOK_ONLY if k in seen) >= 3:
            return r, found
    return None


def _is_sub_header(row: list, header: dict[int, BookColumn]) -> bool:
    """A row of short labels under the header (Họ đệm | Tên, Nam | Nữ, TC | CĐ | ĐH): no member's row."""
    texts = [cell_text(v).strip() for v in row if v not in (None, "")]
    texts = [t for t in texts if t]
    if not texts or _is_numbering(row):
        return False
    return all(len(t) <= 14 and not any(ch.isdigit() for ch in t) for t in texts) and len(texts) >= 2


@dataclass
class BookSheet:
    """What the book's header says: where each book column starts and which narrow columns it spans."""
    header_row: int                    # 0-based
    data_start: int                    # 0-based first row after the header, sub-header and numbering rows
    spans: list[tuple[int, list[int], BookColumn]]   # (first sheet column, its sheet columns, book column)
    numbered: bool                     # a row of column numbers under the header
    headers: dict[int, str] = None     # sheet column -> its header text, one line


def find_book(raw: RawSheet) -> BookSheet | None:
    found = _find_header(raw.rows)
    if found is None:
        return None
    r, header = found
    rows = raw.rows
    start = r + 1
    numbered = False
    sub: list | None = None
    while start < len(rows) and start <= r + 3:
        if _is_numbering(rows[start]):
            numbered, start = True, start + 1
            break
        if _is_sub_header(rows[start], header):
            sub = sub or rows[start]
            start += 1
            continue
        break
    starts = sorted(header)
    head = rows[r]
    width = max(len(x) for x in rows[r:r + 40]) if rows[r:r + 40] else len(head)
    spans = []
    for i, c in enumerate(starts):
        nxt = starts[i + 1] if i + 1 < len(starts) else width
        cols = [c]
        if header[c].key == "card" or (sub is not None and header[c].key == "name"):
            # one digit per cell under one merged header: every column up to the next named one; "Họ đệm" |
            # "Tên" under a merged "Họ và tên"
            for k in range(c + 1, nxt):
                if k < len(head) and head[k] not in (None, "") and str(head[k]).strip():
                    break
                if header[c].key == "name" and not (k < len(sub) and sub[k] not in (None, "")):
                    break
                cols.append(k)
        spans.append((c, cols, header[c]))
    headers = {c: " / ".join(x.strip() for x in cell_text(head[c]).splitlines() if x.strip()) for c in starts}
    return BookSheet(r, start, spans, numbered, headers)


def _seq_of(values: list, seq_col: int | None) -> int | None:
    if seq_col is None or seq_col >= len(values):
        return None
    v = values[seq_col]
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return int(v) if float(v).is_integer() and v > 0 else None
    m = _SEQ.match(str(v).strip())
    return int(m.group(1)) if m else None


def _cell_lines(value) -> list[str]:
    if value is None:
        return []
    if value.__class__ is not str:
        value = cell_text(value)
    elif "\n" not in value and "\r" not in value:
        return [value.strip()]        # nearly every cell of a four-row book, and every one-fact cell
    return [t.strip() for t in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def member_lines(group: list[list], cols: list[int]) -> list[list[str]]:
    """The lines of each sheet column of one member: from the line breaks of a one-row member, or one line
    per physical row of a four-row member (blank lines kept, so line 3 stays line 3)."""
    out = []
    single = group[0] if len(group) == 1 else None
    for c in cols:
        if single is not None:
            lines = _cell_lines(single[c] if c < len(single) else None)
        else:
            lines = []
            for row in group:
                cell = _cell_lines(row[c] if c < len(row) else None)
                lines.extend(cell if cell else [""])
        while lines and not lines[-1]:
            lines.pop()
        out.append(lines)
    return out


_DATE_SHAPE = re.compile(r"^\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}$|^\d{4}$|^\d{1,2}\s*[/.\-]\s*\d{4}$")


def _is_date_line(text: str) -> bool:
    if _DATE_SHAPE.match(text):
        return True               # dd/mm/yyyy, a year, mm/yyyy: the shapes the book writes
    if not any(ch.isdigit() for ch in text):
        return False              # a name, a place, a form of leaving
    try:
        return V.parse_sheet_date(text) is not None
    except V.ValueProblem:
        return bool(re.fullmatch(r"[\d/.\-\s]+", text))


def align_lines(lines: list[str], fields: tuple[str, ...]) -> list[str | None]:
    """Each field's line. A column of facts of one kind (sex, ethnic group, religion; the four levels) is read
    by place, blank lines keeping the places. A column mixing dates and words is read by kind, so that a
    missing fact does not shift the rest: a date goes to the next date field, a text to the next text field
    ("NGUYỄN VĂN AN / 12/03/1960": no birth name, so the date is the date of birth; "Xóa tên" alone in
    column 13 is the form of leaving, not its date)."""
    out: list[str | None] = [None] * len(fields)
    if not lines:
        return out
    if not _mixed(fields):
        for i in range(min(len(lines), len(fields))):
            out[i] = lines[i] or None
        extra = [t for t in lines[len(fields):] if t]
        if extra:
            last = len(fields) - 1
            out[last] = "; ".join([x for x in (out[last],) if x] + extra)
        return out
    pos = 0
    for text in (t for t in lines if t):
        is_date = _is_date_line(text)
        k = pos
        while k < len(fields) and (fields[k] in DATE_FIELDS) != is_date:
            k += 1
        if k >= len(fields):
            k = min(pos, len(fields) - 1)
        out[k] = text if out[k] is None else f"{out[k]}; {text}"
        pos = k + 1
    return out


@functools.lru_cache(maxsize=64)
def _mixed(fields: tuple[str, ...]) -> bool:
    return len({f in DATE_FIELDS for f in fields}) > 1


def split_sex_line(text: str) -> list[str | None]:
    """"Nam Kinh Không" (one line): sex, ethnic group, religion by words."""
    words = [w for w in re.split(r"[\s,;/\-]+", text) if w]
    if not words:
        return [None, None, None]
    gender = None
    if V.parse_gender(words[0]) is not None:
        gender, words = words[0], words[1:]
    religion = None
    if words:
        tail2 = " ".join(words[-2:])
        from app.common.text import fold

        if len(words) >= 2 and fold(tail2) in _RELIGIONS:
            religion, words = tail2, words[:-2]
        elif fold(words[-1]) in ("khong", "ko", "-"):
            religion, words = words[-1], words[:-1]
    ethnicity = " ".join(words) or None
    return [gender, ethnicity, religion]


def digits_line(lines_per_col: list[list[str]], line: int) -> str | None:
    """The number written one digit per cell: the cells' `line`-th lines joined (right-aligned numbers
    leave the first cells of a shorter number empty)."""
    parts = []
    for lines in lines_per_col:
        if len(lines_per_col) == 1:
            return lines[line] if line < len(lines) and lines[line] else None
        if line < len(lines) and lines[line]:
            parts.append(lines[line])
    text = "".join(parts).strip()
    return text or None


def virtual_columns(book: BookSheet) -> list[tuple[int, int, str, str]]:
    """(sheet column, line, header shown, field) for each line of each book column, in order."""
    out = []
    for first, cols, bc in book.spans:
        title = (book.headers or {}).get(first) or bc.title
        for k, f in enumerate(bc.lines):
            shown = title if len(bc.lines) == 1 else f"{title} — dòng {k + 1}/{len(bc.lines)}"
            out.append((first, k, shown, f))
    return out


def member_values(book: BookSheet, group: list[list]) -> list[str | None]:
    """One member's facts in the order of virtual_columns."""
    out: list[str | None] = []
    single = group[0] if len(group) == 1 else None
    width = len(single) if single is not None else 0
    for first, cols, bc in book.spans:
        if single is not None and len(cols) == 1 and len(bc.lines) == 1:
            # a one-fact column of a one-row member (Số TT, Quê quán, Ghi chú …): the cell itself
            v = single[first] if first < width else None
            if v is not None and v.__class__ is not str:
                v = cell_text(v)
            out.append(v.strip() or None if v is not None and "\n" not in v else
                       "; ".join(t for t in _cell_lines(v) if t) or None if v is not None else None)
            continue
        per_col = member_lines(group, cols)
        if bc.key == "card":
            out.extend(digits_line(per_col, k) for k in range(len(bc.lines)))
            continue
        lines = per_col[0]
        if bc.key == "name" and len(per_col) > 1:
            # "Họ đệm" | "Tên" in two cells: the name is both first lines
            first = " ".join(x[0] for x in per_col if x and x[0])
            lines = [first] + lines[1:] if lines else [first]
        if bc.key == "seq":
            out.append(lines[0] if lines else None)
            continue
        if bc.key == "notes":
            exempt = [t for t in lines if t and V.STATE_EXEMPT in V.states_in_note(t)]
            rest = [t for t in lines if t and t not in exempt]
            out.extend(["; ".join(exempt) or None, "; ".join(rest) or None])
            continue
        if bc.key == "sex" and len([x for x in lines if x]) == 1:
            out.extend(split_sex_line(next(x for x in lines if x)))
            continue
        out.extend(align_lines(lines, bc.lines))
    return out


def rows_per_member(rows: list[list], start: int, seq_col: int | None) -> int:
    """Physical rows per member: the commonest step between numbered rows (1, or 4 as in the paper book)."""
    if seq_col is None:
        return 1
    numbered = [r for r in range(start, len(rows)) if rows[r] and _seq_of(rows[r], seq_col) is not None]
    steps: dict[int, int] = {}
    for a, b in zip(numbered, numbered[1:]):
        steps[b - a] = steps.get(b - a, 0) + 1
    if not steps:
        return 1
    step = max(steps, key=lambda k: (steps[k], -k))
    return max(1, min(step, MAX_LINES_PER_MEMBER))


def _is_blank(values: list) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def read_book(raw: RawSheet, book: BookSheet, path: str = ""):
    """The book as a SheetTable: one DataRow per member (its first physical row's number), the columns its
    lines. Section rows set the unit of the members under them; totals and signatures end it."""
    table = SheetTable(file=raw.file, sheet=raw.name, path=path, encodings=dict(raw.encodings))
    table.layout = "book"
    rows = raw.rows
    table.header_rows = tuple(range(book.header_row + 1, book.data_start + 1))
    spans = {first: (cols, bc) for first, cols, bc in book.spans}
    for i, (source, line, shown, f) in enumerate(virtual_columns(book)):
        cols, spec = spans[source]
        table.columns.append(ColumnMap(i, shown, f, 1.0, None, source=source, line=line, lines=len(spec.lines),
                                       span=len(cols)))
    title_texts = [t for row in rows[:book.header_row] for t in _texts(row) if t]
    table.title = " — ".join(title_texts[:4])
    table.unit_name = unit_from_title(title_texts, raw.name)
    seq_col = next((first for first, _c, bc in book.spans if bc.key == "seq"), None)
    name_col = next((first for first, _c, bc in book.spans if bc.key == "name"), None)
    size = rows_per_member(rows, book.data_start, seq_col)
    groups: list[tuple[int, list[list], str | None]] = []
    group_unit = None
    after_texts: list[str] = []
    end_reason = "hết dữ liệu"
    current: list[list] | None = None
    for r in range(book.data_start, len(rows)):
        values = rows[r]
        open_group = current is not None and len(current) < size
        if not values or _is_blank(values):
            if open_group:
                current.append([])   # a thin line left empty keeps the next lines in their places
            continue
        numbered = _seq_of(values, seq_col) is not None
        first_col = next((i for i, v in enumerate(values) if v not in (None, "") and str(v).strip()), 0)
        at_left = first_col <= (name_col or 1)
        if not numbered and (not open_group or at_left) and is_footer(values):
            end_reason = f"dòng {r + 1}: «{_first_text(values)[:40]}»"
            after_texts = [t for row in rows[r:] for t in _texts(row) if t]
            table.notes.append(f"Bỏ qua từ dòng {r + 1} trở đi (dòng tổng cộng / chữ ký: "
                               f"«{_first_text(values)[:40]}»).")
            break
        if not numbered and _is_numbering(values):
            continue  # the column numbers repeated at the top of a printed page
        if not numbered and at_left:
            g = group_unit_of(values, name_col)
            if g is not None:
                group_unit, current = g, None
                continue
        if numbered or not open_group:
            current = [values]
            groups.append((r + 1, current, group_unit))
        else:
            current.append(values)
    table.rows = [DataRow(number, member_values(book, group), unit) for number, group, unit in groups]
    if any(unit for _n, _g, unit in groups) and not any(("chi bo" in header_key(t) or "dang bo" in header_key(t))
                                                         for t in title_texts):
        table.unit_name = None   # the section rows name the units, not the sheet's name
    table.end_reason = end_reason
    table.as_of = as_of_from_texts(title_texts) or as_of_from_texts(
        [t for t in after_texts if "tinh den" in header_key(t)]) or as_of_from_file_name(raw.file)
    if size > 1:
        table.notes.append(f"Sổ danh sách đảng viên: mỗi đảng viên {size} dòng, số thứ tự ở dòng đầu.")
    if raw.truncated:
        table.notes.append("Trang tính quá dài: chỉ đọc phần đầu.")
    return table


def stacked_groups(table) -> list[tuple[str, str, list[tuple[int, str, str]]]]:
    """For the wizard: each sheet column that stacks several facts, with what each line is read as —
    ("E", "Văn hoá, lý luận, CMNV, ngoại ngữ", [(1, "Giáo dục phổ thông", "12/12"), …])."""
    first = table.rows[0].values if table.rows else []
    out: dict[int, tuple[str, str, list]] = {}
    for col in table.columns:
        if col.source is None or col.lines <= 1:
            continue
        letters = column_letter(col.source) if col.span <= 1 else \
            f"{column_letter(col.source)}–{column_letter(col.source + col.span - 1)}"
        header = col.header.rsplit(" — dòng ", 1)[0]
        entry = out.setdefault(col.source, (letters, header, []))
        sample = first[col.index] if col.index < len(first) and first[col.index] is not None else ""
        entry[2].append((col.line + 1, col.label, str(sample)))
    return list(out.values())
