"""A corpus of broken and hostile sheet files, made here (issue 17): every family a fault campaign found.

`make_corpus(folder)` writes the files and returns one `Case` per file. Nothing here is real people's data:
names, numbers and places are made up. Bombs are small on disk and inflate to gigabytes; they are built
by hand (a zip written with struct, a deflate stream repeated after full flushes) so that making one
costs a few seconds and no memory.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Tôn giáo", "Ngày vào Đảng",
          "Ngày chính thức", "Chi bộ", "Số CCCD"]

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hữu", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Oanh", "Phúc"]


@dataclass
class Case:
    path: Path
    family: str
    bomb: bool = False        # run in a process of its own (it must be refused within bounded memory)


def _people(n: int, rnd: random.Random) -> list[list]:
    rows = []
    for i in range(1, n + 1):
        name = f"{rnd.choice(FAMILY_NAMES)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
        born = f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(1950, 1995)}"
        admitted = f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(2000, 2015)}"
        official = admitted[:6] + str(int(admitted[6:]) + 1)
        rows.append([i, name, born, rnd.choice(["Nam", "Nữ"]), "Kinh", "Không", admitted, official,
                     f"Chi bộ Thôn {rnd.randint(1, 4)}", f"0{rnd.randint(10**10, 10**11 - 1)}"])
    return rows


def _workbook():
    import openpyxl

    wb = openpyxl.Workbook()
    return wb, wb.active


def _saved(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _excel_escape(value):
    """Control characters as Excel stores them in a sheet's XML (`_x0001_`): openpyxl refuses them raw."""
    if not isinstance(value, str):
        return value
    return "".join(f"_x{ord(ch):04X}_" if (ord(ch) < 32 and ch not in "\t\n\r") or 0xD800 <= ord(ch) < 0xE000
                   else ch for ch in value)


def _xlsx_bytes(rows: list[list], *, title: str = "DS đảng viên") -> bytes:
    wb, ws = _workbook()
    ws.title = "Sheet1"
    ws.append([title])
    ws.append(HEADER)
    for r in rows:
        ws.append([_excel_escape(v) for v in r])
    return _saved(wb)


def _raw_xlsx(sheet_xml: bytes, *, shared: bytes | None = None, styles: bytes | None = None,
              extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal valid .xlsx around a given sheet part (and optional shared strings / styles)."""
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
          '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
          'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.spreadsheetml.worksheet+xml"/>')
    optional = [(name, kind, f"rId{i}") for i, (name, kind, data) in enumerate(
        (("sharedStrings", "sharedStrings", shared), ("styles", "styles", styles)), 2) if data is not None]
    for name, kind, _rid in optional:
        ct += (f'<Override PartName="/xl/{name}.xml" ContentType="application/vnd.openxmlformats-'
               f'officedocument.spreadsheetml.{kind}+xml"/>')
    ct += "</Types>"
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
          'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
          '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wb_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
               'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
               'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>')
    for name, kind, rid in optional:
        wb_rels += (f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/{kind}" Target="{name}.xml"/>')
    wb_rels += "</Relationships>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", wb)
        zf.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            zf.writestr("xl/sharedStrings.xml", shared)
        if styles is not None:
            zf.writestr("xl/styles.xml", styles)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


SHEET_OPEN = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main"><sheetData>')
SHEET_CLOSE = b"</sheetData></worksheet>"


def _header_row_xml() -> bytes:
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(HEADER))
    return f'<row r="1">{cells}</row>'.encode()


class _Bomb:
    """One zip part whose inflated content is head + body*repeat + tail, deflated after full flushes so the
    compressed body is made once and written `repeat` times."""

    def __init__(self, name: str, head: bytes, body: bytes, repeat: int, tail: bytes, declared: int | None = None):
        self.name, self.head, self.body, self.repeat, self.tail = name, head, body, repeat, tail
        self.declared = declared

    def write(self, out) -> tuple[int, int, int]:
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        crc = zlib.crc32(self.head)
        size = len(self.head)
        written = 0
        data = comp.compress(self.head) + comp.flush(zlib.Z_FULL_FLUSH)
        out.write(data)
        written += len(data)
        block = comp.compress(self.body) + comp.flush(zlib.Z_FULL_FLUSH)
        # the same input after a full flush deflates to the same bytes: check once, then repeat
        again = comp.compress(self.body) + comp.flush(zlib.Z_FULL_FLUSH)
        assert again == block or not block
        chunk_crc_input = self.body
        out.write(block)
        out.write(again)
        written += len(block) + len(again)
        crc = zlib.crc32(chunk_crc_input, crc)
        crc = zlib.crc32(chunk_crc_input, crc)
        size += 2 * len(self.body)
        for _ in range(self.repeat - 2):
            out.write(block)
            written += len(block)
            crc = zlib.crc32(chunk_crc_input, crc)
            size += len(self.body)
        data = comp.compress(self.tail) + comp.flush()
        out.write(data)
        written += len(data)
        crc = zlib.crc32(self.tail, crc)
        size += len(self.tail)
        return crc & 0xFFFFFFFF, written, size


def _write_bomb_xlsx(path: Path, bomb: _Bomb, *, shared: bool = False, styles: bool = False) -> None:
    """A .xlsx whose parts are the small valid ones of _raw_xlsx, with `bomb` replacing one of them."""
    template = _raw_xlsx(SHEET_OPEN + _header_row_xml() + SHEET_CLOSE,
                         shared=b"<sst/>" if shared else None, styles=b"<styleSheet/>" if styles else None)
    src = zipfile.ZipFile(io.BytesIO(template))
    entries = []
    with open(path, "wb") as out:
        for info in src.infolist():
            offset = out.tell()
            if info.filename == bomb.name:
                name = info.filename.encode()
                out.write(b"\0" * (30 + len(name)))   # header written after the data is known
                crc, csize, usize = bomb.write(out)
                end = out.tell()
                declared = usize if bomb.declared is None else bomb.declared
                out.seek(offset)
                out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, csize,
                                      min(declared, 0xFFFFFFFE), len(name), 0) + name)
                out.seek(end)
                entries.append((name, crc, csize, min(declared, 0xFFFFFFFE), offset))
            else:
                data = src.read(info.filename)
                comp = zlib.compressobj(6, zlib.DEFLATED, -15)
                cdata = comp.compress(data) + comp.flush()
                name = info.filename.encode()
                crc = zlib.crc32(data) & 0xFFFFFFFF
                out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(cdata), len(data),
                                      len(name), 0) + name + cdata)
                entries.append((name, crc, len(cdata), len(data), offset))
        cd_start = out.tell()
        for name, crc, csize, usize, offset in entries:
            out.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, csize, usize,
                                  len(name), 0, 0, 0, 0, 0, offset) + name)
        cd_size = out.tell() - cd_start
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), cd_size, cd_start, 0))


def _bombs(folder: Path) -> list[Case]:
    cases = []
    sheet = "xl/worksheets/sheet1.xml"
    mib = 1 << 20
    specs = [
        # one giant cell: 1.5 GB of text in one inline string
        ("bomb-giant-cell.xlsx", _Bomb(sheet, SHEET_OPEN + _header_row_xml() + b'<row r="2"><c r="B2" t="inlineStr">'
                                       b"<is><t>", b"A" * mib, 1536, b"</t></is></c></row>" + SHEET_CLOSE), {}),
        # one row of millions of cells
        ("bomb-wide-row.xlsx", _Bomb(sheet, SHEET_OPEN + _header_row_xml() + b'<row r="2">',
                                     b"<c><v>1</v></c>" * 65536, 1500, b"</row>" + SHEET_CLOSE), {}),
        # millions of rows
        ("bomb-many-rows.xlsx", _Bomb(sheet, SHEET_OPEN + _header_row_xml(),
                                      b'<row><c t="inlineStr"><is><t>Nguyen Van An</t></is></c></row>' * 16384, 1500, SHEET_CLOSE), {}),
        # plain whitespace inside the sheet
        ("bomb-whitespace.xlsx", _Bomb(sheet, SHEET_OPEN + _header_row_xml(), b" " * mib, 2048, SHEET_CLOSE), {}),
        # a bloated shared strings part
        ("bomb-shared-strings.xlsx", _Bomb("xl/sharedStrings.xml",
                                           b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                                           b'spreadsheetml/2006/main">', b"<si><t>Nguyen Van An</t></si>" * 32768,
                                           1500, b"</sst>"), {"shared": True}),
        # a bloated styles part
        ("bomb-styles.xlsx", _Bomb("xl/styles.xml", b'<?xml version="1.0"?><styleSheet xmlns="http://schemas.'
                                   b'openxmlformats.org/spreadsheetml/2006/main"><fonts>',
                                   b'<font><name val="Times New Roman"/></font>' * 16384, 2000,
                                   b"</fonts></styleSheet>"), {"styles": True}),
        # a part that declares 1 KB and inflates to 1 GB (the central directory lies)
        ("bomb-lying-size.xlsx", _Bomb(sheet, SHEET_OPEN + _header_row_xml(), b" " * mib, 1024, SHEET_CLOSE,
                                       declared=1024), {}),
    ]
    for name, bomb, kw in specs:
        path = folder / name
        _write_bomb_xlsx(path, bomb, **kw)
        cases.append(Case(path, "bomb", bomb=True))
    return cases


def _xls_bytes(rows: list[list]) -> bytes | None:
    try:
        import xlwt  # noqa: F401 - only when the test environment has it
    except ImportError:
        return None
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("DSDV")
    for c, h in enumerate(HEADER):
        ws.write(0, c, h)
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    return _saved(wb)


def make_corpus(folder: Path, shared_samples: Path | None = None, seed: int = 17) -> list[Case]:
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def put(name: str, data: bytes, family: str) -> None:
        p = folder / name
        p.write_bytes(data)
        cases.append(Case(p, family))

    good_xlsx = _xlsx_bytes(_people(40, rnd))
    good_csv = ("\n".join(",".join(HEADER) for _ in range(1)) + "\n" + "\n".join(
        ",".join(str(v) for v in row) for row in _people(40, rnd)) + "\n").encode("utf-8")
    good_xls = None
    if shared_samples is not None:
        xls = sorted(shared_samples.glob("*.xls"))
        if xls:
            good_xls = xls[0].read_bytes()
    originals = {"xlsx": good_xlsx, "csv": good_csv}
    if good_xls:
        originals["xls"] = good_xls

    # truncated: cut at many offsets
    for ext, data in originals.items():
        for k, frac in enumerate((0.01, 0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.97, 0.995)):
            put(f"truncated-{k:02d}.{ext}", data[:max(1, int(len(data) * frac))], "truncated")
    # random bytes, with and without a valid magic number
    for k in range(12):
        blob = bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 20000)))
        ext = ("xlsx", "xls", "csv")[k % 3]
        magic = {0: b"PK\x03\x04", 1: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 2: b""}[k % 3] if k % 2 else b""
        put(f"random-{k:02d}.{ext}", magic + blob, "random")
    # bit flips in valid files
    for ext, data in originals.items():
        for k in range(25):
            put(f"bitflip-{k:02d}.{ext}", _flipped(data, rnd, 12), "bitflip")
    # bad XML and entities
    bad_xml = {
        "xxe-file": b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>',
        "xxe-http": b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>',
        "laughs": b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;'
                  b'&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;'
                  b'&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;'
                  b'&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]><worksheet xmlns="http://schemas.'
                  b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr">'
                  b'<is><t>&g;</t></is></c></row></sheetData></worksheet>',
        "unclosed": SHEET_OPEN + b'<row r="1"><c r="A1" t="inlineStr"><is><t>STT',
        "garbage": b"\x00\x01\x02 not xml at all <<<>>>",
        "wrong-root": b'<?xml version="1.0"?><html><body>hello</body></html>',
        "bad-ref": SHEET_OPEN + b'<row r="1"><c r="1A" t="inlineStr"><is><t>x</t></is></c></row>' + SHEET_CLOSE,
        "bad-row-number": SHEET_OPEN + b'<row r="abc"><c t="inlineStr"><is><t>x</t></is></c></row>' + SHEET_CLOSE,
        "huge-row-number": SHEET_OPEN + _header_row_xml() + b'<row r="99999999999"><c><v>1</v></c></row>'
                           + SHEET_CLOSE,
        "bad-shared-index": SHEET_OPEN + _header_row_xml() + b'<row r="2"><c r="B2" t="s"><v>999999</v></c></row>'
                            + SHEET_CLOSE,
        "bad-number": SHEET_OPEN + _header_row_xml() + b'<row r="2"><c r="C2"><v>1e999999</v></c></row>'
                      + SHEET_CLOSE,
        "nan-number": SHEET_OPEN + _header_row_xml() + b'<row r="2"><c r="C2"><v>nan</v></c></row>' + SHEET_CLOSE,
        "deep-nesting": SHEET_OPEN + b"<x>" * 5000 + b"</x>" * 5000 + SHEET_CLOSE,
        "utf16-declared": '<?xml version="1.0" encoding="UTF-16"?><worksheet/>'.encode("utf-16"),
        "iso-date-year0": SHEET_OPEN + _header_row_xml() + b'<row r="2"><c r="B2" t="inlineStr"><is><t>Le Van A'
                          b'</t></is></c><c r="C2" t="d"><v>0000-01-01T00:00:00</v></c></row>' + SHEET_CLOSE,
        "iso-date-bad": SHEET_OPEN + _header_row_xml() + b'<row r="2"><c r="B2" t="inlineStr"><is><t>Le Van A'
                        b'</t></is></c><c r="C2" t="d"><v>2020-13-45T99:99:99</v></c></row>' + SHEET_CLOSE,
    }
    for k, (name, xml) in enumerate(bad_xml.items()):
        put(f"badxml-{name}.xlsx", _raw_xlsx(xml), "badxml")
    put("badxml-missing-sheet-part.xlsx", _strip_part(good_xlsx, "xl/worksheets/sheet1.xml"), "badxml")
    put("badxml-missing-workbook.xlsx", _strip_part(good_xlsx, "xl/workbook.xml"), "badxml")
    put("badxml-missing-content-types.xlsx", _strip_part(good_xlsx, "[Content_Types].xml"), "badxml")
    # renamed files
    docx = _docx_bytes()
    for ext in ("xlsx", "xls", "csv"):
        put(f"renamed-docx.{ext}", docx, "renamed")
        put(f"renamed-pdf.{ext}", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "renamed")
        put(f"renamed-png.{ext}", b"\x89PNG\r\n\x1a\n" + bytes(200), "renamed")
        put(f"renamed-zip-empty.{ext}", _empty_zip(), "renamed")
    put("renamed-xlsx-as.xls", good_xlsx, "renamed")
    put("renamed-xlsx-as.csv", good_xlsx, "renamed")
    put("renamed-csv-as.xlsx", good_csv, "renamed")
    if good_xls:
        put("renamed-xls-as.xlsx", good_xls, "renamed")
        put("renamed-xls-as.csv", good_xls, "renamed")
    put("empty.xlsx", b"", "renamed")
    put("empty.csv", b"", "renamed")
    # password-protected
    enc = _encrypted(good_xlsx)
    if enc:
        put("password.xlsx", enc, "password")
        put("password-as.xls", enc, "password")
    # formulas and formula-looking text
    formula_texts = ["=cmd|' /C calc'!A0", "=WEBSERVICE(\"http://127.0.0.1:9/\")", "=HYPERLINK(\"x\",\"y\")",
                     "+1+1", "-2+3", "@SUM(1)", "=1/0", "\t=1+1", "\r=2+2"]
    for k, text in enumerate(formula_texts):
        rows = _people(5, rnd)
        rows[1][1] = text
        rows[2][5] = text           # religion
        rows[3][8] = text           # unit name
        put(f"formula-text-{k:02d}.xlsx", _xlsx_bytes(rows), "formula")
        put(f"formula-text-{k:02d}.csv", _csv(rows), "formula")
    put("formula-cells.xlsx", _xlsx_with_formulas(), "formula")
    # impossible dates
    bad_dates = ["0000", "0000-01-01T00:00:00", "31/02/2020", "99/99/9999", "00/00/0000", "32/13/1990",
                 "29/02/2023", "1/1/10000", "-5", "9999999", "1e10", "01/01/0001", "31/12/9999", "năm 1990",
                 "0/0/0", "2020-02-30", "12/2020/05", "-1/-1/-1"]
    for k, text in enumerate(bad_dates):
        rows = _people(4, rnd)
        rows[0][2] = text
        rows[1][6] = text
        rows[2][7] = text
        put(f"date-{k:02d}.xlsx", _xlsx_bytes(rows), "date")
        put(f"date-{k:02d}.csv", _csv(rows), "date")
    for k, serial in enumerate((-1, 0, 2958466, 10**9, 1e300, float("inf"))):
        put(f"date-serial-{k:02d}.xlsx", _xlsx_date_serial(serial), "date")
    # control and hostile text
    hostile = ["Nguyễn\x01Văn An", "Trần\x00Thị Bình", "\u202eLê Văn Cường", "😀😀😀", "A", "x" * 40000,
               "Phạm \x0bVăn\x0c Dũng", "\ufeffHoàng Văn E", "Vũ\u200bThị G", "<script>alert(1)</script>",
               "Đỗ Văn \ud800H" if False else "Đỗ Văn H\x1f", "Bùi\x7fVăn K", "\u0000", "   ", "Lê\r\nVăn\r\nM",
               "Nguyễn Văn " + "\u0301" * 500, "Hồ Thị \U000E0041N"]
    for k, text in enumerate(hostile):
        rows = _people(4, rnd)
        rows[0][1] = text
        rows[1][5] = text           # religion
        rows[2][8] = text           # unit
        rows[3][4] = text           # ethnicity
        put(f"hostile-{k:02d}.xlsx", _xlsx_bytes(rows), "hostile")
        put(f"hostile-{k:02d}.csv", _csv(rows), "hostile")
    # duplicates
    rows = _people(6, rnd)
    rows[1] = list(rows[0])
    rows[1][0] = 2
    put("dup-same-person.xlsx", _xlsx_bytes(rows), "duplicates")
    rows = _people(6, rnd)
    rows[2][9] = rows[0][9]
    put("dup-same-cccd.xlsx", _xlsx_bytes(rows), "duplicates")
    rows = _people(6, rnd)
    for r in rows:
        r[9] = ""
        r[1] = "Nguyễn Văn An"
        r[2] = "01/01/1970"
    put("dup-all-same.xlsx", _xlsx_bytes(rows), "duplicates")
    put("dup-all-same.csv", _csv(rows), "duplicates")
    # odd layouts
    put("layout-header-only.xlsx", _xlsx_bytes([]), "layout")
    put("layout-no-header.xlsx", _xlsx_plain([[1, "Nguyễn Văn An", "01/01/1970"]] * 5), "layout")
    put("layout-empty-sheet.xlsx", _xlsx_plain([]), "layout")
    put("layout-one-cell.xlsx", _xlsx_plain([["Họ và tên"]]), "layout")
    put("layout-many-sheets.xlsx", _xlsx_many_sheets(60), "layout")
    put("layout-far-column.xlsx", _xlsx_far_column(), "layout")
    put("layout-after-blank-run.xlsx", _xlsx_after_blank_run(), "layout")
    put("layout-numbers-as-names.xlsx", _xlsx_bytes([[i, 12345, 1970, 1, 2, 3, 4, 5, 6, 7] for i in range(5)]),
        "layout")
    put("layout-header-twice.xlsx", _xlsx_bytes([HEADER] + _people(3, rnd) + [HEADER]), "layout")
    put("layout-merged-all.xlsx", _xlsx_merged_all(), "layout")
    # CSV encodings
    text = good_csv.decode("utf-8")
    put("csv-utf16.csv", text.encode("utf-16"), "csv")
    put("csv-utf16le-nobom.csv", text.encode("utf-16-le"), "csv")
    put("csv-utf8-bom.csv", b"\xef\xbb\xbf" + good_csv, "csv")
    put("csv-cp1258.csv", text.encode("cp1258", errors="replace"), "csv")
    put("csv-latin1-line.csv", good_csv + "Lê Văn Ôn, café\n".encode("latin-1", errors="replace"), "csv")
    put("csv-nul-byte.csv", good_csv[:200] + b"\x00" + good_csv[200:], "csv")
    put("csv-semicolon.csv", text.replace(",", ";").encode(), "csv")
    put("csv-tab.csv", text.replace(",", "\t").encode(), "csv")
    put("csv-cr-only.csv", text.replace("\n", "\r").encode(), "csv")
    put("csv-quotes-unbalanced.csv", good_csv.replace(b",", b',"', 7), "csv")
    put("csv-one-huge-line.csv", b"Ho va ten," + b"x" * 3_000_000 + b"\n", "csv")
    put("csv-many-columns.csv", (",".join(f"c{i}" for i in range(5000)) + "\n").encode() * 3, "csv")
    put("csv-binary.csv", bytes(range(256)) * 40, "csv")
    put("csv-tcvn3.csv", "STT,Hä vµ tªn,Ngµy sinh\n1,NguyÔn V¨n Hïng,01/01/1970\n".encode("latin-1"), "csv")
    # a few of the family made as .xls where the test environment can write them
    xls = _xls_bytes(_people(10, rnd))
    if xls:
        put("xls-plain.xls", xls, "xls")
        for k in range(10):
            put(f"xls-bitflip-{k:02d}.xls", _flipped(xls, rnd, 8), "bitflip")
    # huge but honest sheets: many rows, many columns
    put("huge-rows.xlsx", _xlsx_bytes(_people(12000, rnd)), "huge")
    put("huge-rows.csv", _csv(_people(12000, rnd)), "huge")
    wide = [HEADER + [f"Cột {i}" for i in range(300)]] + [r + list(range(300)) for r in _people(50, rnd)]
    put("huge-wide.xlsx", _xlsx_plain(wide), "huge")
    put("huge-wide.csv", _csv([r for r in wide[1:]]), "huge")
    cases.extend(_bombs(folder))
    return cases


def _flipped(data: bytes, rnd: random.Random, most: int) -> bytes:
    b = bytearray(data)
    for _ in range(rnd.randint(1, most)):
        i = rnd.randrange(len(b))
        b[i] ^= 1 << rnd.randrange(8)
    return bytes(b)


def _csv(rows: list[list]) -> bytes:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode("utf-8", errors="surrogatepass")


def _strip_part(data: bytes, part: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != part:
                out.writestr(info, src.read(info.filename))
    return buf.getvalue()


def _empty_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w"):
        pass
    return buf.getvalue()


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("Họ và tên")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _encrypted(data: bytes) -> bytes | None:
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        return None
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("matkhau", out)
    return out.getvalue()


def _xlsx_plain(rows: list[list]) -> bytes:
    wb, ws = _workbook()
    for r in rows:
        ws.append(r)
    return _saved(wb)


def _xlsx_with_formulas() -> bytes:
    wb, ws = _workbook()
    ws.append(HEADER)
    ws.append([1, '=CONCATENATE("Nguyễn ","Văn An")', "=DATE(1970,1,1)", "Nam", "Kinh", "Không",
               "=TODAY()", "=1/0", "Chi bộ 1", "=REPT(\"9\",12)"])
    return _saved(wb)


def _xlsx_date_serial(serial) -> bytes:
    wb, ws = _workbook()
    ws.append(HEADER)
    ws.append([1, "Nguyễn Văn An", serial, "Nam", "Kinh", "Không", serial, None, "Chi bộ 1", None])
    ws["C2"].number_format = "dd/mm/yyyy"
    ws["G2"].number_format = "dd/mm/yyyy"
    return _saved(wb)


def _xlsx_many_sheets(n: int) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for i in range(n):
        ws = wb.active if i == 0 else wb.create_sheet(f"S{i}")
        ws.append(HEADER)
        ws.append([1, f"Nguyễn Văn {GIVEN[i % len(GIVEN)]} {i}", "01/01/1970", "Nam", "Kinh", "Không",
                   "01/01/2000", "01/01/2001", f"Chi bộ {i}", None])
    return _saved(wb)


def _xlsx_far_column() -> bytes:
    """The CCCD in column 93 (a real sheet had it there)."""
    wb, ws = _workbook()
    ws.append(HEADER[:9])
    ws.cell(row=1, column=93, value="Số CCCD")
    for i in range(3):
        ws.append([i + 1, f"Nguyễn Văn {GIVEN[i]}", "01/01/1970", "Nam", "Kinh", "Không", "01/01/2000",
                   "01/01/2001", "Chi bộ 1"])
        ws.cell(row=i + 2, column=93, value=f"0011900{i:05d}")
    return _saved(wb)


def _xlsx_after_blank_run() -> bytes:
    """Members after 250 blank rows: read on, or say what was left out."""
    wb, ws = _workbook()
    ws.append(HEADER)
    ws.append([1, "Nguyễn Văn An", "01/01/1970", "Nam", "Kinh", "Không", "01/01/2000", "01/01/2001", "Chi bộ 1"])
    ws.cell(row=260, column=1, value=2)
    ws.cell(row=260, column=2, value="Trần Thị Bình")
    ws.cell(row=260, column=3, value="02/02/1972")
    return _saved(wb)


def _xlsx_merged_all() -> bytes:
    wb, ws = _workbook()
    ws.append(HEADER)
    ws.merge_cells("A1:J40")
    return _saved(wb)
