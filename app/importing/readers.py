"""Open a sheet file (.xlsx/.xlsm, .xls, .csv) and hand back its cells as Unicode text, numbers and dates.

Broken files never raise anything but ImportFileError, whose message is Vietnamese and names the file.
A sheet is read only as far as its data goes: a run of blank rows ends it (openpyxl's max_row can claim a
million rows that hold nothing).

(About 700 lines: one reader per format (.xlsx with a fast XML path, .xls, .csv in any encoding) behind one
interface, with what every format needs — legacy-font decoding, encrypted files, blank runs — beside the reader.)
"""

from __future__ import annotations

import csv
import unicodedata
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from app.common.errors import UserError
from app.common.safe_text import clean_text, decode_excel_escapes

from . import legacy, zip_guard

BLANK_RUN_LIMIT = 200       # this many empty rows in a row end a sheet (what follows is counted and reported)
MAX_ROWS = 200_000          # no commune has more members; protects against runaway files
MAX_COLUMNS = 256           # as wide as an .xls can be; anything further right is reported, not read

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


class ImportFileError(UserError):
    def __init__(self, file: str, message: str):
        super().__init__(message)
        self.file = file


@dataclass
class RawSheet:
    file: str                      # the file's name as the user knows it
    name: str                      # the sheet's name (decoded)
    rows: list[list] = field(default_factory=list)   # row i is sheet row i+1; trailing blanks dropped
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r0, r1, c0, c1), 0-based, inclusive
    encodings: dict[str, int] = field(default_factory=dict)  # how many cells were converted from each
    truncated: bool = False
    left_out: list[str] = field(default_factory=list)  # what was not read, and where (Vietnamese)
    hidden: bool = False           # hidden in the workbook (offices keep old copies so)


def _clean_row(values: list) -> list:
    while values and (values[-1] is None or values[-1] == ""):
        values.pop()
    return values[:MAX_COLUMNS]


def _clean_cells(rows: list[list]) -> None:
    """Text cells as the records keep them: Excel's _x0001_ escapes decoded, control characters and
    bidirectional overrides dropped (a U+0001 in one name stopped every report, issue 17)."""
    cache: dict[str, str] = {}
    for values in rows:
        for i, v in enumerate(values):
            if v.__class__ is str and not (v.isprintable() and "_x" not in v):
                clean = cache.get(v)
                if clean is None:
                    clean = cache[v] = clean_text(decode_excel_escapes(v))
                values[i] = clean


class _WideCells:
    """Remembers the leftmost column past MAX_COLUMNS that held something, to say so."""

    def __init__(self) -> None:
        self.first: int | None = None
        self.row: int | None = None

    def saw(self, col: int, row: int) -> None:
        if self.first is None or col < self.first:
            self.first, self.row = col, row

    def note(self, sheet: "RawSheet") -> None:
        if self.first is not None:
            sheet.left_out.append(f"Các cột từ cột {_column_letters(self.first)} ({self.first}) trở đi có dữ liệu "
                                  f"(ví dụ dòng {self.row}) nhưng không được đọc: chỉ đọc {MAX_COLUMNS} cột đầu.")


def _column_letters(index: int) -> str:
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _note_rows_after_blank_run(sheet: "RawSheet", first_blank: int, later_rows: list[int]) -> None:
    if later_rows:
        sheet.left_out.append(
            f"Sau {BLANK_RUN_LIMIT} dòng trống liền nhau (từ dòng {first_blank}), còn {len(later_rows)} dòng có "
            f"dữ liệu từ dòng {later_rows[0]} không được đọc; nếu đó là đảng viên, hãy xóa các dòng trống rồi "
            f"nhập lại.")


def _is_blank(values: list) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _needs_decoding(text: str) -> bool:
    return legacy.may_be_legacy(text) or not unicodedata.is_normalized("NFC", text)


class _Decoder:
    """Decodes the text cells of one sheet: by font when known, else by the text and the sheet's majority."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def finish(self, cells: list[tuple[list, int, str, str | None]]) -> None:
        vote = legacy.SheetEncodingVote()
        for _row, _i, text, font in cells:
            if font is None or legacy.encoding_of_font(font) is None:
                vote.add(text)
        default = vote.default()
        for row, i, text, font in cells:
            decoded = legacy.decode_cell(text, font, default)
            if decoded != text:
                enc = legacy.encoding_of_font(font)
                name = enc[0] if enc else (default or legacy.guess_encoding(text)[0])
                self.counts[name] = self.counts.get(name, 0) + 1
            row[i] = decoded


def sniff_kind(path: Path, head: bytes) -> str:
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        return "xls"
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    return "unknown"


def read_file(path: str | Path) -> list[RawSheet]:
    path = Path(path)
    name = path.name
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise ImportFileError(name, f"Không tìm thấy tệp «{name}».") from None
    except OSError as exc:
        raise ImportFileError(name, f"Không mở được tệp «{name}»: {exc.strerror or exc}.") from None
    if not head:
        raise ImportFileError(name, f"Tệp «{name}» rỗng (0 byte), không có dữ liệu để nhập.")
    kind = sniff_kind(path, head)
    try:
        if kind == "xlsx":
            return _read_xlsx(path)
        if kind == "xls":
            return _read_xls(path)
        if kind == "csv":
            return _read_csv(path)
    except ImportFileError:
        raise
    except MemoryError:
        raise ImportFileError(name, f"Tệp «{name}» quá lớn, không đọc được.") from None
    except Exception as exc:  # noqa: BLE001 - any library failure on a broken file becomes one clear message
        raise ImportFileError(name, f"Tệp «{name}» bị hỏng hoặc không phải bảng tính Excel hợp lệ "
                                    f"({type(exc).__name__}).") from None
    raise ImportFileError(name, f"Tệp «{name}» không phải bảng tính (.xlsx, .xlsm, .xls, .csv); "
                                f"hãy mở bằng Excel và lưu lại dạng .xlsx.")


def _read_xlsx(path: Path) -> list[RawSheet]:
    import openpyxl

    name = path.name
    if not zipfile.is_zipfile(path):
        raise ImportFileError(name, f"Tệp «{name}» bị cắt cụt hoặc hỏng (không mở được như tệp nén .xlsx).")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            zip_guard.check_archive(zf, name)   # sizes before any parser: a small file can inflate to GBs
    except zip_guard.ArchiveRefused as exc:
        raise ImportFileError(name, str(exc)) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise ImportFileError(name, f"Tệp «{name}» bị cắt cụt hoặc hỏng (không mở được như tệp nén .xlsx).") from None
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise ImportFileError(name, f"Tệp «{name}» là văn bản Word, không phải bảng tính.")
        raise ImportFileError(name, f"Tệp «{name}» không phải bảng tính Excel (.xlsx).")
    try:
        fast = _read_xlsx_fast(path)
    except Exception:  # noqa: BLE001 - anything unusual is left to openpyxl, which reads it as it always did
        fast = None
    if fast is not None:
        return fast
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        fonts = getattr(wb, "_fonts", None) or []
        has_legacy_font = any(legacy.encoding_of_font(getattr(f, "name", None)) for f in fonts)
        sheets = []
        for ws in wb.worksheets:
            raw = _read_xlsx_sheet(name, ws, has_legacy_font)
            raw.hidden = (getattr(ws, "sheet_state", None) or "visible") != "visible"
            sheets.append(raw)
        return sheets
    finally:
        wb.close()


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _V, _IS = _MAIN_NS + "row", _MAIN_NS + "c", _MAIN_NS + "v", _MAIN_NS + "is"
_SI, _T, _R = _MAIN_NS + "si", _MAIN_NS + "t", _MAIN_NS + "r"
_COLUMN_INDEX: dict[str, int] = {}
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _column_index(letters: str) -> int:
    index = _COLUMN_INDEX.get(letters)
    if index is None:
        index = 0
        for ch in letters:
            index = index * 26 + (ord(ch.upper()) - 64)
        _COLUMN_INDEX[letters] = index
    return index


def _text_of(node) -> str:
    """The text of a shared or inline string: its plain text, then its rich-text runs (phonetic runs left
    out), as openpyxl's Text.content gives it."""
    if len(node) == 1 and node[0].tag == _T:   # plain text, no runs: nearly every cell
        return node[0].text or ""
    parts = []
    runs = []
    for child in node:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            t = child.find(_T)
            if t is not None:
                runs.append(t.text or "")
    return "".join(parts + runs)


def _add_row(sheet: RawSheet, values: list, blank_run: int) -> int | None:
    """Append a row; returns the new count of blank rows in a row, or None when the sheet has ended (a long
    blank run, or MAX_ROWS: a sheet with a million empty rows must not be read to its end)."""
    if _is_blank(values):
        sheet.rows.append([])
        blank_run += 1
        return None if blank_run >= BLANK_RUN_LIMIT else blank_run
    sheet.rows.append(values)
    if len(sheet.rows) >= MAX_ROWS:
        sheet.truncated = True
        return None
    return 0


def _finish_sheet(sheet: RawSheet, decoder, pending) -> RawSheet:
    """Decode the legacy-encoded cells, clean the rows and drop the blank tail."""
    decoder.finish(pending)
    sheet.encodings = decoder.counts
    sheet.rows = [_clean_row(v) for v in sheet.rows]
    _clean_cells(sheet.rows)
    while sheet.rows and not sheet.rows[-1]:
        sheet.rows.pop()
    return sheet


def _read_xlsx_fast(path: Path) -> list[RawSheet] | None:
    """The same cell values as openpyxl's read-only mode, parsed with lxml (a third of openpyxl's time on a
    10,000-row sheet, issue 3). Workbook, relationships and styles are still read by openpyxl (small parts,
    and the date formats must be recognised exactly as openpyxl does); the shared strings and the sheets'
    cells are read here. Returns None when the file needs the font-aware path (legacy fonts)."""
    from lxml import etree
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import SHARED_STRINGS

    reader = ExcelReader(path, read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        wb = reader.wb
        apply_stylesheet(reader.archive, wb)
        fonts = getattr(wb, "_fonts", None) or []
        if any(legacy.encoding_of_font(getattr(f, "name", None)) for f in fonts):
            return None
        strings: list[str] = []
        ct = reader.package.find(SHARED_STRINGS)
        if ct is not None:
            with reader.archive.open(ct.PartName[1:]) as src:
                for _event, si in etree.iterparse(src, events=("end",), tag=_SI, huge_tree=True):
                    strings.append(_text_of(si).replace("x005F_", ""))
                    si.clear()
        sheets = []
        for sheet, rel in reader.parser.find_sheets():
            if rel.target not in reader.valid_files or "chartsheet" in rel.Type:
                continue
            with reader.archive.open(rel.target) as src:
                raw = _read_xlsx_sheet_fast(path.name, sheet.name, src, strings, wb, etree)
            raw.hidden = (getattr(sheet, "state", None) or "visible") != "visible"
            sheets.append(raw)
        return sheets
    finally:
        reader.archive.close()


def _read_xlsx_sheet_fast(file: str, title: str, src, strings: list[str], wb, etree) -> RawSheet:
    from openpyxl.utils.datetime import from_ISO8601, from_excel

    sheet = RawSheet(file=file, name=legacy.decode_cell(title))
    decoder = _Decoder()
    pending: list[tuple[list, int, str, str | None]] = []
    rows = sheet.rows
    date_formats, timedelta_formats, epoch = wb._date_formats, wb._timedelta_formats, wb.epoch
    needs: dict[str, bool] = {}   # shared strings repeat (units, levels, ratings): checked once each
    column_of = _COLUMN_INDEX
    style_kind: dict[str, tuple[bool, bool]] = {}   # style id -> (a date format, a duration format)
    blank_run = 0
    row_counter = 0
    ended = False
    wide = _WideCells()
    events = etree.iterparse(src, events=("end",), tag=_ROW, huge_tree=True)
    for _event, row in events:
        r = row.get("r")
        if r is not None:
            try:
                number = int(r)
            except ValueError:
                number = int(float(r))
        else:
            number = row_counter + 1
        if number <= row_counter:  # a row out of order: openpyxl's read-only mode passes over it
            row.clear()
            continue
        # rows the file leaves out are blank rows, as openpyxl yields them
        while row_counter + 1 < number:
            row_counter += 1
            blank_run += 1
            rows.append([])
            if blank_run >= BLANK_RUN_LIMIT:
                ended = True
                break
        if ended:
            later = [number] if "".join(row.itertext()).strip() else []
            row.clear()
            _note_rows_after_blank_run(sheet, len(rows) - BLANK_RUN_LIMIT + 1, later + _xml_rows_with_data(events))
            break
        row_counter = number
        values: list = []
        col_counter = 0
        for c in row:
            if c.tag != _CELL:
                continue
            ref = c.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                col = column_of.get(letters) or _column_index(letters)
                if col < 1:
                    raise ValueError(f"cell reference {ref!r}")   # left to openpyxl
            else:
                col = col_counter + 1
            col_counter = col
            if col > MAX_COLUMNS:
                if len(c):
                    wide.saw(col, number)
                continue
            t = c.get("t")
            value = None
            if t == "inlineStr":
                node = c.find(_IS)
                if node is not None:
                    value = _text_of(node)
            else:
                text = None
                for child in c:
                    if child.tag == _V:
                        text = child.text
                        break
                if not text:
                    continue
                if t is None or t == "n":
                    value = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
                    style = c.get("s")
                    if style:
                        kind = style_kind.get(style)
                        if kind is None:
                            kind = style_kind[style] = (int(style) in date_formats,
                                                        int(style) in timedelta_formats)
                        if kind[0]:
                            try:
                                value = from_excel(value, epoch, timedelta=kind[1])
                            except (OverflowError, ValueError):
                                value = "#VALUE!"
                elif t == "s":
                    value = strings[int(text)]
                elif t == "b":
                    value = bool(int(text))
                elif t == "d":
                    try:
                        value = from_ISO8601(text)
                    except ValueError:   # "0000-01-01T00:00:00": left as text, refused in its own cell
                        value = text
                else:  # "str" (a formula's text), "e" (an error such as #N/A)
                    value = text
            if value is None:
                continue
            n = len(values)
            if n == col - 1:
                values.append(value)
            elif n < col - 1:
                values.extend([None] * (col - 1 - n))
                values.append(value)
            else:  # a cell repeated in the file: the later one wins, as in openpyxl
                values[col - 1] = value
        _forget(row)
        for i, v in enumerate(values):
            if v.__class__ is str:
                decode = needs.get(v)
                if decode is None:
                    decode = needs[v] = bool(v) and not v.isascii() and _needs_decoding(v)
                if decode:
                    pending.append((values, i, v, None))
        blank_run = _add_row(sheet, values, blank_run)
        if blank_run is None:
            if not sheet.truncated:
                _note_rows_after_blank_run(sheet, len(rows) - BLANK_RUN_LIMIT + 1, _xml_rows_with_data(events))
            break
    wide.note(sheet)
    return _finish_sheet(sheet, decoder, pending)


def _forget(row) -> None:
    """A parsed row and the rows before it leave memory: iterparse keeps them in the tree otherwise."""
    row.clear()
    while row.getprevious() is not None:
        del row.getparent()[0]


def _xml_rows_with_data(events, limit: int = MAX_ROWS) -> list[int]:
    """The numbers of the rows with any text among the rest of a sheet's rows (nothing is kept)."""
    found: list[int] = []
    for n, (_event, row) in enumerate(events):
        if "".join(row.itertext()).strip():
            r = row.get("r")
            found.append(int(r) if r and r.isdigit() else -1)
        _forget(row)
        if n >= limit:
            break
    return found


def _read_xlsx_sheet(file: str, ws, has_legacy_font: bool) -> RawSheet:
    sheet = RawSheet(file=file, name=legacy.decode_cell(ws.title))
    decoder = _Decoder()
    pending: list[tuple[list, int, str, str | None]] = []
    blank_run = 0
    wide = _WideCells()
    if has_legacy_font:
        iterator = ws.iter_rows()
    else:
        iterator = ws.iter_rows(values_only=True)
    for number, row in enumerate(iterator, 1):
        if len(row) > MAX_COLUMNS:
            extra = [getattr(v, "value", v) for v in row[MAX_COLUMNS:]]
            hit = next((i for i, v in enumerate(extra) if v not in (None, "")), None)
            if hit is not None:
                wide.saw(MAX_COLUMNS + 1 + hit, number)
        if has_legacy_font:
            values = []
            for i, cell in enumerate(row[:MAX_COLUMNS]):
                v = getattr(cell, "value", None)
                if isinstance(v, str) and v and not v.isascii():
                    font = cell.font.name if cell.font is not None else None
                    pending.append((values, i, v, font))
                elif isinstance(v, str) and v and legacy.encoding_of_font(
                        getattr(getattr(cell, "font", None), "name", None)) == (legacy.TCVN3, True):
                    v = v.upper()  # .VnTimeH shows even plain letters as capitals
                values.append(v)
        else:
            values = list(row[:MAX_COLUMNS])
            for i, v in enumerate(values):
                if isinstance(v, str) and v and not v.isascii() and _needs_decoding(v):
                    pending.append((values, i, v, None))
        blank_run = _add_row(sheet, values, blank_run)
        if blank_run is None:
            if not sheet.truncated:
                later = [n for n, rest in enumerate(iterator, number + 1)
                         if not _is_blank([getattr(v, "value", v) for v in rest])]
                _note_rows_after_blank_run(sheet, number - BLANK_RUN_LIMIT + 1, later)
            break
    wide.note(sheet)
    return _finish_sheet(sheet, decoder, pending)


class _Discard(io.TextIOBase):
    def write(self, text: str) -> int:
        return len(text)


_XLRD_LOG = _Discard()


def _read_xls(path: Path) -> list[RawSheet]:
    import xlrd

    name = path.name
    try:
        # xlrd writes its warnings to standard output, which must stay one JSON document with --json
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=_XLRD_LOG)
    except xlrd.biffh.XLRDError as exc:
        _check_encrypted_ole(path, name)
        text = str(exc).lower()
        if "encrypt" in text or "password" in text:
            raise ImportFileError(name, f"Tệp «{name}» được đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi "
                                        "nhập lại.") from None
        if "unsupported format" in text or "expected bof" in text:
            _check_encrypted_ole(path, name)
            raise ImportFileError(name, f"Tệp «{name}» không phải bảng tính Excel 97–2003 hợp lệ.") from None
        raise ImportFileError(name, f"Tệp «{name}» bị hỏng: {exc}.") from None
    except NotImplementedError:
        # xlrd cannot read formatting of some old BIFF versions: read without fonts
        book = xlrd.open_workbook(str(path), on_demand=True, logfile=_XLRD_LOG)
    except Exception:  # noqa: BLE001
        _check_encrypted_ole(path, name)
        raise
    try:
        sheets = []
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            raw = _read_xls_sheet(name, book, sh)
            raw.hidden = bool(getattr(sh, "visibility", 0))
            sheets.append(raw)
            book.unload_sheet(index)
        return sheets
    finally:
        book.release_resources()


def _check_encrypted_ole(path: Path, name: str) -> None:
    """A password-protected .xlsx is an OLE container holding EncryptionInfo and EncryptedPackage."""
    try:
        data = path.read_bytes()[:1 << 20]
    except OSError:
        return
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        raise ImportFileError(name, f"Tệp «{name}» được đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi nhập lại.")


def _read_xls_sheet(file: str, book, sh) -> RawSheet:
    import xlrd

    sheet = RawSheet(file=file, name=legacy.decode_cell(sh.name))
    sheet.merged = [(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in getattr(sh, "merged_cells", [])]
    decoder = _Decoder()
    pending = []
    fonts = book.font_list if book.formatting_info else []
    xfs = book.xf_list if book.formatting_info else []
    blank_run = 0
    ncols = min(sh.ncols, MAX_COLUMNS)
    wide = _WideCells()
    for r in range(min(sh.nrows, MAX_ROWS)):
        if sh.ncols > MAX_COLUMNS:
            extra = sh.row_values(r, MAX_COLUMNS)
            hit = next((i for i, v in enumerate(extra) if v not in (None, "")), None)
            if hit is not None:
                wide.saw(MAX_COLUMNS + 1 + hit, r + 1)
        values: list = []
        for c in range(ncols):
            cell = sh.cell(r, c)
            t, v = cell.ctype, cell.value
            if t in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                v = None
            elif t == xlrd.XL_CELL_DATE:
                try:
                    v = xlrd.xldate_as_datetime(v, book.datemode)
                except (xlrd.xldate.XLDateError, ValueError, OverflowError):
                    pass
            elif t == xlrd.XL_CELL_ERROR:
                v = None
            elif t == xlrd.XL_CELL_BOOLEAN:
                v = bool(v)
            elif t == xlrd.XL_CELL_TEXT and v:
                font = None
                if xfs and cell.xf_index is not None and cell.xf_index < len(xfs):
                    fi = xfs[cell.xf_index].font_index
                    font = fonts[fi].name if fi < len(fonts) else None
                if not v.isascii():
                    pending.append((values, c, v, font))
                elif legacy.encoding_of_font(font) == (legacy.TCVN3, True):
                    v = v.upper()
            values.append(v)
        blank_run = _add_row(sheet, values, blank_run)
        if blank_run is None:
            if not sheet.truncated:
                later = [n + 1 for n in range(r + 1, min(sh.nrows, MAX_ROWS))
                         if not _is_blank(sh.row_values(n, 0, ncols))]
                _note_rows_after_blank_run(sheet, r + 2 - BLANK_RUN_LIMIT, later)
            break
    wide.note(sheet)
    return _finish_sheet(sheet, decoder, pending)


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of Vietnamese/Latin text is NUL."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) > 0.3 * len(even) or odd.count(0) > 0.3 * len(odd)


def _decode_csv(data: bytes, name: str) -> tuple[str, list[str]]:
    """The CSV's text and what was done to get it (a stray NUL, lines in another code page), per line."""
    notes: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data[:4096]):
        for enc in ("utf-16", "utf-16-le"):
            try:
                return data.decode(enc), notes
            except UnicodeDecodeError:
                continue
        raise ImportFileError(name, f"Tệp «{name}» không phải văn bản CSV (mã UTF-16 hỏng).")
    if b"\x00" in data:
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        notes.append(f"Tệp có {data.count(0)} ký tự NUL (mã 0), đầu tiên ở dòng {line}: đã bỏ đi.")
        data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8-sig"), notes
    except UnicodeDecodeError:
        pass
    # mostly UTF-8 with a few lines pasted from elsewhere: decode line by line, not the whole file as cp1258
    lines = data.split(b"\n")
    good = bad = 0
    for raw in lines:
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad += 1
    if good <= bad:
        # Excel on Vietnamese Windows saves CSV in the ANSI code page 1258
        return data.decode("cp1258", errors="replace"), notes
    out, odd = [], []
    for i, raw in enumerate(lines, 1):
        try:
            out.append(raw.decode("utf-8-sig" if i == 1 else "utf-8"))
        except UnicodeDecodeError:
            out.append(raw.decode("cp1258", errors="replace"))
            odd.append(i)
    notes.append(f"{len(odd)} dòng không phải mã UTF-8 như phần còn lại (dòng {', '.join(map(str, odd[:10]))}"
                 f"{' …' if len(odd) > 10 else ''}): đã đọc theo bảng mã Windows-1258, hãy kiểm tra lại.")
    return "\n".join(out), notes


def _located_csv_rows(reader, name: str):
    """csv.Error (a field over the module's limit, a NUL) names the line, not just the file."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError(name, f"Tệp «{name}», dòng {reader.line_num}: không đọc được ({exc}); một ô "
                                        f"dài bất thường hoặc tệp không phải CSV.") from None
        yield row


def _read_csv(path: Path) -> list[RawSheet]:
    name = path.name
    data = path.read_bytes()
    text, notes = _decode_csv(data, name)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    sheet = RawSheet(file=name, name=Path(name).stem, left_out=notes)
    decoder = _Decoder()
    pending = []
    blank_run = 0
    wide = _WideCells()
    reader = _located_csv_rows(csv.reader(io.StringIO(text), dialect), name)
    for number, row in enumerate(reader, 1):
        if len(row) > MAX_COLUMNS:
            hit = next((i for i, v in enumerate(row[MAX_COLUMNS:]) if v.strip()), None)
            if hit is not None:
                wide.saw(MAX_COLUMNS + 1 + hit, number)
        # spaces trimmed, line breaks kept: a stacked cell's empty first line keeps the next lines in place
        values = [v.strip(" \t") if v.strip() else None for v in row[:MAX_COLUMNS]]
        for i, v in enumerate(values):
            if v and not v.isascii() and _needs_decoding(v):
                pending.append((values, i, v, None))
        blank_run = _add_row(sheet, values, blank_run)
        if blank_run is None:
            if not sheet.truncated:
                later = [n for n, rest in enumerate(reader, number + 1) if any(v.strip() for v in rest)]
                _note_rows_after_blank_run(sheet, number - BLANK_RUN_LIMIT + 1, later)
            break
    wide.note(sheet)
    return [_finish_sheet(sheet, decoder, pending)]


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if (value.hour, value.minute) == (0, 0) else str(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
