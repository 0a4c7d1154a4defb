"""Hand-made Sổ danh sách đảng viên (Mẫu 7-HSĐV) files in the shapes offices keep them, and what they hold.

The commune below is small enough to count by hand; the counts are written out in BOOK_COUNTS and are
not computed from anything the program does.
"""

from __future__ import annotations

import csv
from pathlib import Path

HEADERS = ["Số TT", "Họ và tên\nHọ và tên khai sinh", "Nam, nữ, dân tộc, tôn giáo", "Quê quán",
           "Văn hoá, lý luận, CMNV, ngoại ngữ", "Nghề nghiệp trước khi vào Đảng, nghề nghiệp hiện nay",
           "Ngày vào Đảng, ngày chính thức", "Số thẻ đảng viên, số lý lịch", "Bộ đội, công an, hưu trí",
           "Ngày chuyển đi, đến đảng bộ cơ sở", "Ngày chuyển đến, ở đảng bộ cơ sở nào đến", "Ngày từ trần, lý do",
           "Ngày ra khỏi Đảng, hình thức ra khỏi Đảng", "Ghi chú"]

# (unit as the book writes it, members); each member: the facts of each of the 14 columns, line by line
EAST = "CHI BỘ THÔN ĐÔNG"
SCHOOL = "CHI BỘ TRƯỜNG THCS MINH TIẾN"
MEMBERS = {
    EAST: [
        dict(name=["NGUYỄN VĂN AN", "12/03/1960"], sex=["Nam", "Kinh", "Không"], home="Minh Tiến - Đại Từ",
             levels=["10/10", "Sơ cấp", "Trung cấp", ""], jobs=["Nông dân", "Hưu trí"],
             adm=["05/06/1990", "05/06/1991"], card="70805180", dossier="90302", service="Hưu trí",
             notes="Miễn SH từ 03/2024"),
        dict(name=["LÊ THỊ BÌNH", "1975"], sex=["Nữ", "Tày", "Không"], home="Minh Tiến - Đại Từ",
             levels=["12/12", "", "Đại học", "Tiếng Anh B"], jobs=["Học sinh", "Giáo viên"],
             adm=["10/10/2000", "10/10/2001"], card="70805181", dossier="90303"),
        dict(name=["HOÀNG VĂN CƯỜNG", "01/01/1970"], sex=["Nam", "Nùng", "Không"], home="Phú Thịnh - Đại Từ",
             levels=["12/12", "Trung cấp", "", ""], jobs=["Nông dân", "Nông dân"],
             adm=["02/02/1995", "02/02/1996"], card="70805182", dossier="90304",
             out=["15/03/2025", "Đảng ủy phường Tân Thịnh"]),
        dict(name=["TRẦN VĂN DŨNG", "20/05/1950"], sex=["Nam", "Kinh", "Phật giáo"], home="Minh Tiến - Đại Từ",
             levels=["7/10", "Sơ cấp", "", ""], jobs=["Bộ đội", "Hưu trí"],
             adm=["03/03/1975", "03/03/1976"], card="70805183", dossier="90305", service="Hưu",
             death=["10/08/2025", "Bệnh"]),
        dict(name=["PHẠM THỊ EM", "15/07/1998"], sex=["Nữ", "Kinh", "Không"], home="Minh Tiến - Đại Từ",
             levels=["12/12", "", "Cao đẳng", ""], jobs=["Sinh viên", "Kế toán"],
             adm=["20/04/2025", ""], card="", dossier="90399", notes="Dự bị"),
        dict(name=["ĐỖ VĂN PHÚC", "11/11/1985"], sex=["Nam", "Kinh", "Không"], home="Yên Lạc - Phú Thọ",
             levels=["12/12", "Trung cấp", "Đại học", ""], jobs=["Học sinh", "Cán bộ UBND xã"],
             adm=["01/09/2010", "01/09/2011"], card="60102233", dossier="4411",
             came=["01/06/2025", "Đảng ủy xã Yên Lạc, tỉnh Phú Thọ"]),
        dict(name=["VŨ VĂN GIANG", "1980"], sex=["Nam", "Mường", "Không"], home="Minh Tiến - Đại Từ",
             levels=["9/12", "", "", ""], jobs=["Nông dân", "Lao động tự do"],
             adm=["05/05/2005", "05/05/2006"], card="70805185", dossier="90307", left=["20/02/2025", "Xóa tên"]),
        dict(name=["BÙI VĂN HẢI", "03/03/1965"], sex=["Nam", "Kinh", "Không"], home="Minh Tiến - Đại Từ",
             levels=["10/10", "Sơ cấp", "", ""], jobs=["Nông dân", "Nông dân"],
             adm=["01/01/1990", "01/01/1991"], card="70805186", dossier="90308",
             out=["10/10/2023", "Đảng ủy xã Phú Thịnh"]),
    ],
    SCHOOL: [
        dict(name=["NGÔ THỊ HOA", "08/08/1990"], sex=["Nữ", "Kinh", "Công giáo"], home="Đồng Tâm - Đại Từ",
             levels=["12/12", "Trung cấp", "Đại học", "Tiếng Anh B"], jobs=["Sinh viên", "Giáo viên"],
             adm=["10/01/2015", "10/01/2016"], card="70805187", dossier="90309"),
        dict(name=["ĐINH VĂN KHOA", "09/09/1995"], sex=["Nam", "Tày", "Không"], home="Đồng Tâm - Đại Từ",
             levels=["12/12", "", "Đại học", ""], jobs=["Sinh viên", "Giáo viên"],
             adm=["05/12/2024", "05/12/2025"], card="70805188", dossier="90310"),
        dict(name=["LÝ THỊ LAN", "02/02/1988"], sex=["Nữ", "Dao", "Không"], home="Tân Lập - Đại Từ",
             levels=["12/12", "", "Cao đẳng", ""], jobs=["Học sinh", "Giáo viên"],
             adm=["15/05/2012", "15/05/2013"], card="70805189", dossier="90311",
             left=["01/07/2025", "Xin ra khỏi Đảng"]),
        dict(name=["MAI VĂN MINH", "07/07/1982"], sex=["Nam", "Kinh", "Không"], home="Tân Lập - Đại Từ",
             levels=["12/12", "Sơ cấp", "Đại học", ""], jobs=["Bộ đội", "Giáo viên"],
             adm=["03/02/2008", "03/02/2009"], card="50203344", dossier="7712",
             came=["01/03/2024", "Đảng bộ Quân sự tỉnh"]),
        dict(name=["TẠ VĂN NAM", "1970"], sex=["Nam", "Kinh", "Không"], home="Tân Lập - Đại Từ",
             levels=["12/12", "", "Đại học", ""], jobs=["Sinh viên", "Giáo viên"],
             adm=["04/04/1999", "04/04/2000"], card="70805190", dossier="90312", left=["15/09/2025", "Khai trừ"]),
        # dates that cannot all be true: moved away six years before being admitted — the clerk must look
        dict(name=["CAO VĂN OANH", "10/10/1996"], sex=["Nam", "Kinh", "Không"], home="Tân Lập - Đại Từ",
             levels=["12/12", "", "", ""], jobs=["Học sinh", "Giáo viên"],
             adm=["10/05/2025", ""], card="", dossier="", out=["11/06/2019", "Đảng ủy xã Phú Thịnh"],
             notes="Dự bị"),
    ],
}
CLASHING = "Cao Văn Oanh"

# counted by hand from MEMBERS (the list on 31/12/2025 and on 31/12/2024; Biểu 1 for 2025)
BOOK_COUNTS = {
    "members": 7,            # An, Bình, Em, Phúc | Hoa, Khoa, Minh
    "members_prev_year_end": 10,   # An, Bình, Cường, Dũng, Giang | Hoa, Khoa, Lan, Minh, Nam
    "per_unit": {"Chi bộ thôn Đông": 4, "Chi bộ trường THCS Minh Tiến": 3},
    "probationary": 1,       # Em (Khoa confirmed 05/12/2025)
    "probationary_prev": 1,  # Khoa
    "female": 3,             # Bình, Em, Hoa
    "exempt": 1,             # An
    "movement_2025": {"admitted": 1, "transferred_in": 1, "transferred_out": 1, "deceased": 1, "struck_off": 1,
                      "resigned": 1, "expelled": 1},
    "book_rows": 14,
}
TITLE_AS_OF = "Tính đến ngày 31/12/2025"


def member_cells(m: dict, digits: int | None) -> list[list[str]]:
    """The member's 14 columns as lists of lines; the card column as `digits` columns of digits (or one)."""
    def lines(key, n):
        v = m.get(key) or [""] * n
        return list(v) + [""] * (n - len(v))

    card_lines = [m.get("card", ""), m.get("dossier", "")]
    cols = [lines("name", 2), lines("sex", 3), [m.get("home", "")], lines("levels", 4), lines("jobs", 2),
            lines("adm", 2)]
    if digits:
        for k in range(digits):
            cells = []
            for number in card_lines:
                pad = number.rjust(digits) if number else " " * digits
                cells.append(pad[k].strip())
            cols.append(cells)
    else:
        cols.append(card_lines)
    cols += [[m.get("service", "")], lines("out", 2), lines("came", 2), lines("death", 2), lines("left", 2),
             [m.get("notes", "")]]
    return cols


def _joined(cells: list[str]) -> str | None:
    while cells and not cells[-1]:
        cells = cells[:-1]
    return "\n".join(cells) if cells else None


def header_rows(digits: int | None, numbering: str = "plain") -> tuple[list, list]:
    head = list(HEADERS[:7]) + [HEADERS[7]] + ([None] * (digits - 1) if digits else []) + list(HEADERS[8:])
    nums = []
    for i in range(14):
        label = str(i + 1) if numbering == "plain" else f"({i + 1})"
        nums.append(label)
        if i == 7 and digits:
            nums += [None] * (digits - 1)
    return head, nums


def book_rows(units: list[str], *, digits: int | None = 8, four_rows: bool = False, sections: bool = False,
              title: list[str] | None = None, numbering: str = "plain", signature: bool = False) -> list[list]:
    """The sheet's rows (values), in the book's layout."""
    head, nums = header_rows(digits, numbering)
    rows: list[list] = [[t] for t in (title or [])] + [[None], head, nums]
    for unit in units:
        if sections:
            rows.append([unit])
        for seq, m in enumerate(MEMBERS[unit], start=1):
            cols = member_cells(m, digits)
            if four_rows:
                for line in range(4):
                    row = [seq if line == 0 else None]
                    row += [c[line] if line < len(c) and c[line] else None for c in cols]
                    rows.append(row)
            else:
                rows.append([seq] + [_joined(c) for c in cols])
    if signature:
        rows += [[None], [None, None, None, None, None, None, None, None, None, None, "T/M CHI ỦY"],
                 [None, None, None, None, None, None, None, None, None, None, "BÍ THƯ"]]
    return rows


def write_book_xlsx(path: Path, sheets: list[dict]) -> Path:
    """sheets: [{name, rows, hidden?, digits?}] — the card header merged over its digit columns."""
    import openpyxl
    from openpyxl.styles import Alignment

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for spec in sheets:
        ws = wb.create_sheet(spec["name"])
        for r, row in enumerate(spec["rows"], start=1):
            for c, v in enumerate(row, start=1):
                if v is not None:
                    cell = ws.cell(r, c, v)
                    if isinstance(v, str) and "\n" in v:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        digits = spec.get("digits")
        if digits:
            head_row = next(r for r, row in enumerate(spec["rows"], start=1) if row and row[0] == "Số TT")
            ws.merge_cells(start_row=head_row, start_column=8, end_row=head_row, end_column=8 + digits - 1)
        if spec.get("hidden"):
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def write_book_csv(path: Path, rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])
    return path


def write_book_xls(path: Path, sheets: list[dict]) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    wrap = xlwt.easyxf("alignment: wrap on, vert top")
    for spec in sheets:
        ws = wb.add_sheet(spec["name"])
        for r, row in enumerate(spec["rows"]):
            for c, v in enumerate(row):
                if v is not None:
                    ws.write(r, c, v, wrap)
        if spec.get("hidden"):
            ws.visibility = 1
    wb.save(str(path))
    return path
