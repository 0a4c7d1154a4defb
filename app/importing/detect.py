"""Finding the member table in a sheet: title rows, a one- or two-row header, the data, and its end.

Totals ("Tổng cộng", "Tổng số", "Cộng") and signature blocks ("T/M", "BÍ THƯ", "Người lập biểu") end the
table; anything after them is left out. The unit comes from a column, else from a group row inside the
table ("I. Chi bộ thôn A"), else from the title row or the sheet's name.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from app.common.text import fold as _fold_uncached, nfc

from .fields import FIELD_LABELS, header_key, is_year_text, match_header
from .readers import RawSheet, cell_text

HEADER_SCAN_ROWS = 40
_FOOTER = re.compile(r"^(tong cong|tong so|trong so:|cong\b(?!\s*[a-z])|cong:|t/m|tm\.? |tm dang uy|tm chi uy|tm chi bo|bi thu|"
                     r"pho bi thu|nguoi lap|nguoi lap bieu|nguoi ghi|xac nhan|thu truong|ky ten|"
                     r"noi nhan|danh sach co|danh sach nay)")
_GROUP = re.compile(r"^(?:[ivxlc]+|\d+|[a-z])?[.)/\- ]*\s*((?:chi bo|dang bo|to dang)\b.*)$")
_AS_OF = re.compile(r"(?:tinh den|den ngay|tinh toi|thoi diem|chot ngay|tinh den het)\D{0,12}"
                    r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})")
_AS_OF_WORDS = re.compile(r"(?:tinh den|den)\s*ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_YEAR_IN_TEXT = re.compile(r"\bnam (19[89]\d|20\d\d)\b")
_FILE_DATE = re.compile(r"(?<!\d)(\d{1,2})[._\-](\d{1,2})[._\-](\d{4})(?!\d)"
                        r"|(?<!\d)(\d{4})[._\-](\d{1,2})[._\-](\d{1,2})(?!\d)")
_FILE_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
_GENERIC_SHEET = re.compile(r"^(sheet|trang tinh|bang tinh|page|data|ds|danh sach|dsdv|tong hop|tonghop|so|so dsdv|"
                            r"so danh sach|so danh sach dang vien|so dang vien|"
                            r"danh sach dang vien|bieu|mau|du lieu|csv)[\s_.\-]*\d*$")
UNIT_PREFIXES = ("chi bo", "dang bo")
_ADMISSION_CHILDREN = {"du bi": "admitted_on", "ket nap": "admitted_on", "vao dang": "admitted_on",
                       "ngay ket nap": "admitted_on", "chinh thuc": "official_on", "ngay chinh thuc": "official_on",
                       "cong nhan chinh thuc": "official_on"}

# sheets repeat the same words thousands of times (units, levels, ethnic groups)
fold = functools.lru_cache(maxsize=65536)(_fold_uncached)


@dataclass
class ColumnMap:
    index: int                 # 0-based column
    header: str                # the header text as shown ("Năm sinh / Nữ")
    field: str | None          # None: the column is not imported
    confidence: float
    year: int | None = None    # for rating columns
    # a line of a stacked cell (the book, DOMAIN §8): `index` is the line's place in DataRow.values, `source`
    # the sheet column it is written in, `line` its line (0-based) of `lines`
    source: int | None = None
    line: int | None = None
    lines: int = 1
    span: int = 1              # narrow columns it covers (the card number, one digit per cell)
    # a tick column under a merged header ("Chuyên môn" over TC | CĐ | ĐH): a mark in it means this value
    mark_value: str | None = None

    @property
    def letter(self) -> str:
        return column_letter(self.index if self.source is None else self.source)

    @property
    def where(self) -> str:
        """Where the clerk finds it: "E", "E, dòng 2" or "H–O, dòng 1"."""
        if self.source is None:
            return self.letter
        cols = self.letter if self.span <= 1 else f"{self.letter}–{column_letter(self.source + self.span - 1)}"
        return cols if self.lines <= 1 else f"{cols}, dòng {self.line + 1}"

    @property
    def label(self) -> str:
        if self.field is None:
            return "(không nhập)"
        label = FIELD_LABELS.get(self.field, self.field)
        return f"Xếp loại {self.year}" if self.field == "rating" and self.year else label


@dataclass
class DataRow:
    number: int                # 1-based row number in the sheet
    values: list
    group_unit: str | None = None


@dataclass
class AsOf:
    value: date
    source: str                # Vietnamese: where it was read ("tiêu đề", "tên tệp (chỉ có năm)")
    year_only: bool = False


@dataclass
class SheetTable:
    file: str
    sheet: str
    path: str = ""
    columns: list[ColumnMap] = field(default_factory=list)
    header_rows: tuple[int, ...] = ()
    rows: list[DataRow] = field(default_factory=list)
    unit_name: str | None = None       # from the title or the sheet's name
    as_of: AsOf | None = None
    title: str = ""
    skipped_reason: str | None = None  # the sheet holds no member table (or the file could not be read)
    include: bool = True               # the user may leave a sheet out of the import
    notes: list[str] = field(default_factory=list)  # what was left out (totals, signature), in Vietnamese
    encodings: dict[str, int] = field(default_factory=dict)
    end_reason: str = ""
    layout: str = "table"              # "book": the Sổ danh sách đảng viên, its columns are stacked lines
    hidden: bool = False               # a hidden sheet (old copies): not imported unless the clerk asks

    @property
    def layout_key(self) -> str:
        """Same headers in the same places → same key: a mapping the user corrected is reused for it."""
        text = "|".join(f"{c.index}:{header_key(c.header)}" if c.source is None else
                        f"{c.index}:{c.source}:{header_key(c.header)}" for c in self.columns)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

    def field_columns(self, name: str) -> list[ColumnMap]:
        return [c for c in self.columns if c.field == name]

    def set_mapping(self, mapping: dict[int, tuple[str | None, int | None] | str | None]) -> None:
        """The user's correction: {column index: field} or {column index: (\"rating\", year)}."""
        by_index = {c.index: c for c in self.columns}
        for index, target in mapping.items():
            col = by_index.get(int(index))
            if col is None:
                continue
            if isinstance(target, (tuple, list)):
                col.field, col.year = target[0], target[1]
            else:
                col.field, col.year = target, (col.year if target == "rating" else None)
            col.confidence = 1.0


@functools.lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _texts(row: list) -> list[str]:
    return [cell_text(v).strip() for v in row]


def _header_score(row: list) -> tuple[float, bool]:
    score, has_name, fields = 0.0, False, set()
    for v in row:
        if not isinstance(v, str):
            continue
        m = match_header(v)
        if m.field and m.confidence >= 0.6 and (m.field, m.year) not in fields:
            fields.add((m.field, m.year))
            score += m.confidence
            has_name = has_name or m.field in ("full_name", "given_name", "family_name")
    return score, has_name


def _is_numbering_row(row: list) -> bool:
    """The "(1) (2) (3) …" or "1 2 3 …" row printed under a header."""
    texts = [t for t in _texts(row) if t]
    if len(texts) < 3:
        return False
    nums = []
    for t in texts:
        m = re.fullmatch(r"\(?(\d{1,2})\)?", t)
        if not m:
            return False
        nums.append(int(m.group(1)))
    return nums == sorted(nums) and nums[0] in (0, 1)


def find_header(rows: list[list]) -> tuple[int, int] | None:
    """(first, last) 0-based header rows, or None when no row names the members' names."""
    best, best_score = None, 0.0
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score, has_name = _header_score(row)
        if has_name and score >= 1.6 and score > best_score:
            best, best_score = r, score
    if best is None:
        return None
    last = best
    if best + 1 < len(rows):
        nxt = rows[best + 1]
        if _is_sub_header(rows[best], nxt):
            last = best + 1
    return best, last


def _is_sub_header(top: list, nxt: list) -> bool:
    texts = [(i, t) for i, t in enumerate(_texts(nxt)) if t]
    if not texts or _is_numbering_row(nxt):
        return False
    # a data row has a name in the name column; a sub-header has short labels (Nam, Nữ, 2022, Đảng, …)
    for i, t in texts:
        if any(ch.isdigit() for ch in t) and is_year_text(t) is None:
            return False
        if len(t) > 40:
            return False
    known = sum(1 for _, t in texts if match_header(t).field or is_year_text(t) or _level_of(t))
    return known >= max(1, len(texts) // 2)


_LEVEL_FIELDS = ("general_education", "professional", "political_theory")


def _level_of(text: str, field_name: str | None = None):
    """The level a short sub-header names (TC, CĐ, ĐH, SC, CC, THCS …) for the field over it."""
    from . import values as V

    if not text or len(text) > 14:
        return None
    classify = {"general_education": V.classify_general_education, "professional": V.classify_professional,
                "political_theory": V.classify_political_theory}
    fields = (field_name,) if field_name else _LEVEL_FIELDS
    return next((classify[f](text) for f in fields if f in classify and classify[f](text)), None)


def _forward_fill(top: list, sub: list, merged: list[tuple[int, int, int, int]], r: int) -> list[str]:
    """Parent header text for each column of the sub-header row (merged cells span several columns)."""
    width = max(len(top), len(sub))
    tops = _texts(top) + [""] * (width - len(top))
    subs = _texts(sub) + [""] * (width - len(sub))
    parents = list(tops)
    for r0, r1, c0, c1 in merged:
        if r0 <= r <= r1 and c0 < width:
            for c in range(c0, min(c1 + 1, width)):
                parents[c] = tops[c0]
    last = ""
    for c in range(width):
        if tops[c]:
            last = tops[c]
        elif subs[c] and not parents[c]:
            parents[c] = last
    return parents


def map_columns(rows: list[list], first: int, last: int, merged=()) -> list[ColumnMap]:
    top = rows[first]
    if last == first:
        cols = []
        for i, t in enumerate(_texts(top)):
            if not t:
                continue
            m = match_header(t)
            cols.append(ColumnMap(i, t, m.field if m.confidence >= 0.5 else None, m.confidence, m.year))
        return _dedupe(cols)
    sub = rows[last]
    parents = _forward_fill(top, sub, list(merged), first)
    subs = _texts(sub) + [""] * (len(parents) - len(sub))
    cols = []
    for i, (parent, child) in enumerate(zip(parents, subs)):
        if not parent and not child:
            continue
        shown = f"{parent} / {child}" if parent and child and parent != child else (child or parent)
        pm, cm = match_header(parent), match_header(child)
        year = is_year_text(child)
        if cm.field in ("male", "female") and child:
            col = ColumnMap(i, shown, cm.field, 1.0 if pm.field in ("birth_date", "gender", None) else 0.7)
        elif pm.field in ("admitted_on", "official_on") and header_key(child) in _ADMISSION_CHILDREN:
            # "Ngày vào Đảng" over "Dự bị" | "Chính thức": the two dates of the admission
            col = ColumnMap(i, shown, _ADMISSION_CHILDREN[header_key(child)], 1.0)
        elif pm.field == "full_name" and header_key(child) in ("ho", "ho dem", "ho va dem", "ten"):
            col = ColumnMap(i, shown, "given_name" if header_key(child) == "ten" else "family_name", 1.0)
        elif pm.field in _LEVEL_FIELDS and child and _level_of(child, pm.field):
            # a tick under "TC" of "Chuyên môn" means trung cấp (the level's name is the sub-header)
            col = ColumnMap(i, shown, pm.field, 1.0, mark_value=child)
        elif year and pm.field == "rating":
            col = ColumnMap(i, shown, "rating", pm.confidence, year)
        elif child and cm.field and cm.confidence >= 0.8:
            col = ColumnMap(i, shown, cm.field, cm.confidence, cm.year)
        elif child and parent:
            both = match_header(f"{parent} {child}")
            if both.field and both.confidence >= 0.8:
                col = ColumnMap(i, shown, both.field, both.confidence, both.year)
            elif pm.field and pm.field not in ("rating",):
                col = ColumnMap(i, shown, pm.field, pm.confidence * 0.8, pm.year)
            else:
                col = ColumnMap(i, shown, None, 0.0)
        else:
            m = pm if parent else cm
            col = ColumnMap(i, shown, m.field if m.confidence >= 0.5 else None, m.confidence, m.year)
        cols.append(col)
    return _dedupe(cols)


def _dedupe(cols: list[ColumnMap]) -> list[ColumnMap]:
    """Two columns claiming one field: the more confident keeps it (ratings differ by year)."""
    seen: dict[tuple, ColumnMap] = {}
    for col in cols:
        if col.field is None or col.field in ("male", "female") or col.mark_value:
            continue
        key = (col.field, col.year)
        other = seen.get(key)
        if other is None:
            seen[key] = col
        elif col.confidence > other.confidence:
            other.field, other.confidence = None, 0.0
            seen[key] = col
        else:
            col.field, col.confidence = None, 0.0
    return cols


def _first_text(values: list) -> str:
    for v in values:
        if isinstance(v, str) and v.strip():
            return v.strip()
    return ""


def is_footer(values: list) -> bool:
    text = fold(_first_text(values))
    return bool(text) and bool(_FOOTER.match(text))


def group_unit_of(values: list, name_index: int | None) -> str | None:
    """"I. Chi bộ thôn A" alone on a row inside the table names the unit of the rows that follow."""
    texts = []
    for i, v in enumerate(values):
        if v not in (None, "") and str(v).strip():
            texts.append((i, v))
            if len(texts) > 2:
                return None   # a member's row: more than a number and a name
    if not texts:
        return None
    if len(texts) == 2 and not re.fullmatch(r"[IVXLC]+|\d+|[A-Za-z]", cell_text(texts[0][1]).strip(" .")):
        return None
    text = cell_text(texts[-1][1]).strip()
    m = _GROUP.match(fold(text))
    if not m:
        return None
    # keep the original spelling of the unit's name from the matched position on
    start = len(fold(text)) - len(m.group(1))
    return nice_unit_name(text[start:])


_VOWELS = set("aeiouy")
# names of kinds of school and office written as one name: only the first word takes a capital
_PHRASES = {("mam", "non"), ("tieu", "hoc"), ("trung", "hoc"), ("hoc", "co"), ("co", "so"), ("pho", "thong"),
            ("hoc", "pho"), ("y", "te"), ("cong", "an"), ("bo", "co"), ("quan", "su"), ("hop", "tac"), ("tac", "xa")}


def _is_acronym(word: str) -> bool:
    """THCS, HĐND, MTTQ, CNTT, HTX: a Vietnamese word always has a vowel, an abbreviation often none."""
    letters = fold(word)
    return len(letters) >= 2 and letters.isalpha() and not (set(letters) & _VOWELS)


def nice_unit_name(text: str) -> str:
    """'CHI BỘ THÔN BẢN CHU' → 'Chi bộ thôn Bản Chu', 'CHI BỘ TRƯỜNG THCS MINH TIẾN' → 'Chi bộ trường THCS Minh
    Tiến' (the party writes a unit's kind in lower case, the place's name with capitals, abbreviations in
    capitals); a mixed-case name is kept as written."""
    text = nfc(text).strip(" .:-")
    if text.isupper():
        upper = text.split(" ")
        words = text.lower().split(" ")
        out = []
        for i, w in enumerate(words):
            if _is_acronym(upper[i]):
                out.append(upper[i])
            elif i == 0:
                out.append(w.capitalize())
            elif i in (1,) and fold(" ".join(words[:2])) in ("chi bo", "dang bo"):
                out.append(w)
            elif i == 2 and fold(w) in ("thon", "ban", "xom", "to", "khu", "truong", "tram", "ap", "khoi", "cum",
                                        "lang", "buon"):
                out.append(w)   # the kind of place: "Chi bộ thôn Bản Chu"
            elif fold(w) in ("xa", "bo"):
                out.append(w)
            elif (fold(words[i - 1]), fold(w)) in _PHRASES:
                out.append(w)
            else:
                out.append(w.capitalize())
        text = " ".join(out)
    elif text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


_ABOVE_COMMUNE = re.compile(r"^(tinh|huyen|thanh pho|thi xa|quan(?! su| doi| khu))\b")


def unit_from_title(title_rows: list[str], sheet_name: str) -> str | None:
    sheet_key = fold(sheet_name)
    generic = bool(_GENERIC_SHEET.match(sheet_key)) or not sheet_key
    # a title may name several levels ("ĐẢNG BỘ XÃ A", "ĐẢNG BỘ TRƯỜNG B", "CHI BỘ LỚP C"): the lowest, the
    # unit itself, is the chi bộ when one is named
    for prefix in UNIT_PREFIXES:
        for text in title_rows:
            key = fold(text)
            pos = key.rfind(prefix + " ")
            if pos < 0:
                continue
            rest_key = key[pos + len(prefix) + 1:].strip()
            rest_key = re.split(r"[\s(,;:\-]+(?:nam|tinh den|tinh toi|den ngay|ngay)\b|\(", rest_key)[0].strip()
            if not rest_key or rest_key.startswith("xa ") and pos == 0 and prefix == "dang bo":
                continue  # "ĐẢNG BỘ XÃ …" is the commune itself, the header's top-left line
            if prefix == "dang bo" and _ABOVE_COMMUNE.match(rest_key):
                continue  # the levels above the commune (the parent body over the issuing one)
            if not generic and rest_key == sheet_key:
                # the sheet's name keeps the proper capitals that an upper-case title row has lost
                return f"{'Chi bộ' if prefix == 'chi bo' else 'Đảng bộ'} {sheet_name.strip()}"
            original = text[pos + len(prefix) + 1: pos + len(prefix) + 1 + len(rest_key)]
            return nice_unit_name(f"{text[pos:pos + len(prefix)]} {original}")
    if not generic:
        if sheet_key.startswith(UNIT_PREFIXES):
            return nice_unit_name(sheet_name)
        return f"Chi bộ {sheet_name.strip()}"
    return None


def as_of_from_texts(texts: list[str]) -> AsOf | None:
    for text in texts:
        key = fold(text)
        m = _AS_OF.search(key) or _AS_OF_WORDS.search(key)
        if m:
            d, mo, y = (int(g) for g in m.groups())
            try:
                return AsOf(date(y, mo, d), "tiêu đề của trang tính")
            except ValueError:
                continue
    for text in texts:
        m = _YEAR_IN_TEXT.search(fold(text))
        if m:
            return AsOf(date(int(m.group(1)), 12, 31), "năm ghi ở tiêu đề (lấy ngày 31/12)", year_only=True)
    return None


def as_of_from_file_name(name: str) -> AsOf | None:
    stem = name.rsplit(".", 1)[0]
    m = _FILE_DATE.search(stem)
    if m:
        try:
            if m.group(1):
                return AsOf(date(int(m.group(3)), int(m.group(2)), int(m.group(1))), "tên tệp")
            return AsOf(date(int(m.group(4)), int(m.group(5)), int(m.group(6))), "tên tệp")
        except ValueError:
            pass
    years = _FILE_YEAR.findall(stem)
    if years:
        return AsOf(date(int(years[-1]), 12, 31), "năm trong tên tệp (lấy ngày 31/12)", year_only=True)
    return None


def detect_table(raw: RawSheet, path: str = "") -> SheetTable:
    from .book_layout import find_book, read_book

    if raw.rows:
        book = find_book(raw)
        if book is not None:
            table = read_book(raw, book, path)
            header_texts = _texts(raw.rows[book.header_row])
            return _check_kind(table, [t for row in raw.rows[:book.header_row] for t in _texts(row) if t],
                               header_texts, raw)
    table = _detect_plain(raw, path)
    if table.skipped_reason is None:
        first = table.header_rows[0] - 1
        titles = [t for row in raw.rows[:first] for t in _texts(row) if t]
        headers = [t for r in table.header_rows for t in _texts(raw.rows[r - 1])]
        table = _check_kind(table, titles, headers, raw)
    elif raw.rows:
        # no "Họ và tên" header: still say so when it is plainly a youth list or a dues ledger
        from .list_kind import not_a_party_list

        texts = [t for row in raw.rows[:HEADER_SCAN_ROWS] for t in _texts(row) if t]
        why = not_a_party_list(texts[:6], texts, 1, 1)
        if why:
            table.skipped_reason = why
    table.hidden = raw.hidden
    return table


def _check_kind(table: SheetTable, titles: list[str], headers: list[str], raw: RawSheet) -> SheetTable:
    from .list_kind import not_a_party_list

    table.hidden = raw.hidden
    name_cols = [c.index for c in table.columns if c.field == "full_name"] or \
        [c.index for c in table.columns if c.field == "given_name"]
    named = sum(1 for r in table.rows if any(i < len(r.values) and r.values[i] not in (None, "") and
                                             str(r.values[i]).strip() for i in name_cols))
    why = not_a_party_list(titles, headers, named, len(table.rows))
    if why:
        table.skipped_reason = why
    return table


def _detect_plain(raw: RawSheet, path: str = "") -> SheetTable:
    table = SheetTable(file=raw.file, sheet=raw.name, path=path, encodings=dict(raw.encodings))
    rows = raw.rows
    if not rows:
        table.skipped_reason = "Trang tính trống."
        return table
    header = find_header(rows)
    if header is None:
        table.skipped_reason = "Không tìm thấy bảng danh sách đảng viên (không có dòng tiêu đề cột «Họ và tên»)."
        return table
    first, last = header
    table.header_rows = tuple(range(first + 1, last + 2))
    table.columns = map_columns(rows, first, last, raw.merged)
    title_texts = [t for row in rows[:first] for t in _texts(row) if t]
    table.title = " — ".join(title_texts[:4])
    table.unit_name = unit_from_title(title_texts, raw.name)
    name_cols = table.field_columns("full_name") or table.field_columns("given_name")
    name_index = name_cols[0].index if name_cols else None
    header_keys = [header_key(t) for t in _texts(rows[first])]
    group = None
    start = last + 1
    if start < len(rows) and _is_numbering_row(rows[start]):
        start += 1
    after_texts: list[str] = []
    end_reason = "hết dữ liệu"
    for r in range(start, len(rows)):
        values = rows[r]
        if not values or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if is_footer(values):
            end_reason = f"dòng {r + 1}: «{_first_text(values)[:40]}»"
            after_texts = [t for row in rows[r:] for t in _texts(row) if t]
            table.notes.append(f"Bỏ qua từ dòng {r + 1} trở đi (dòng tổng cộng / chữ ký: "
                               f"«{_first_text(values)[:40]}»).")
            break
        if name_index is not None and name_index < len(values) and isinstance(values[name_index], str) \
                and header_key(values[name_index]) == header_keys[name_index] and \
                [header_key(t) for t in _texts(values)][:len(header_keys)] == header_keys:
            continue  # the header repeated at the top of a printed page
        g = group_unit_of(values, name_index)
        if g is not None:
            group = g
            continue
        table.rows.append(DataRow(r + 1, values, group))
    table.end_reason = end_reason
    table.as_of = as_of_from_texts(title_texts) or as_of_from_texts(
        [t for t in after_texts if "tinh den" in fold(t)]) or as_of_from_file_name(raw.file)
    if raw.truncated:
        table.notes.append("Trang tính quá dài: chỉ đọc phần đầu.")
    table.notes.extend(raw.left_out)
    return table
