"""The official statistical forms Biểu 1, 2, 3, 4, 5, 6F and 7-BTCTW in one .xlsx, a sheet each.

The figures are the statistics service's (`statistics.form_rows`), for the period and for the same period
of the previous year; this module only lays them out on the official rows (official-forms.md).

(About 800 lines: seven forms of ~100 lines each, written by the same few sheet helpers — header, signature
block, period columns — so that every form looks the way the level above expects.)
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.common.safe_text import set_text_cell
from app.services.age_groups import AGE_GROUPS, age_label
from app.services.errors import DomainError
from app.services.event_rules import BADGE_YEARS

from .doc_settings import DocSettings
from .docx_helpers import doc_date_text

FONT = "Times New Roman"
OCCUPATION_ROWS = (
    ("state_official", "- Cán bộ, công chức cơ quan Nhà nước tính từ cấp huyện trở lên"),
    ("party_official", "- Cán bộ, công chức cơ quan Đảng, Mặt trận Tổ quốc, đoàn thể chính trị - xã hội tính từ "
                       "cấp huyện trở lên"),
    ("commune_official", "- Cán bộ, công chức; người hoạt động không chuyên trách ở xã, phường, thị trấn"),
    ("village_worker", "- Người hoạt động không chuyên trách thôn, tổ dân phố, bản (ấp, khóm)"),
    ("public_employee", "- Viên chức trong các đơn vị sự nghiệp công lập"),
    ("private_service_worker", "- Người lao động trong các đơn vị sự nghiệp ngoài công lập"),
    (("enterprise_manager", "enterprise_staff", "enterprise_worker"),
     "- Lãnh đạo, quản lý và lao động trong các doanh nghiệp, chia ra:"),
    ("enterprise_manager", "+ Người lãnh đạo, quản lý doanh nghiệp"),
    ("enterprise_staff", "+ Nhân viên, người gián tiếp sản xuất"),
    ("enterprise_worker", "+ Công nhân, lao động trực tiếp sản xuất"),
    ("farmer", "- Người làm nông, lâm, ngư nghiệp"),
    ("armed_forces", "- Sỹ quan, chiến sỹ quân đội và công an (lực lượng vũ trang)"),
    ("university_student", "- Sinh viên"),
    ("pupil", "- Học sinh"),
    ("other", "- Khác (lao động hợp đồng, tự do…)"),
)
AGE_ROWS = tuple((key, age_label(key, "form")) for key, _, _ in AGE_GROUPS)
EDUCATION_ROWS = (("literate", "- Biết đọc, biết viết chữ quốc ngữ"), ("primary", "- Tiểu học"),
                  ("lower_secondary", "- Trung học cơ sở"), ("upper_secondary", "- Trung học phổ thông"))
PROFESSIONAL_ROWS = (("elementary", "- Công nhân kỹ thuật, nhân viên nghiệp vụ, sơ cấp"), ("intermediate", "- Trung cấp"),
                     ("college", "- Cao đẳng"), ("university", "- Đại học"), ("master", "- Thạc sỹ"),
                     ("doctor", "- Tiến sỹ"))
TITLE_ROWS = (("associate_professor", "- Phó Giáo sư"), ("professor", "- Giáo sư"))
THEORY_ROWS = (("elementary", "- Sơ cấp"), ("intermediate", "- Trung cấp"), ("advanced", "- Cao cấp, cử nhân"))
ADMISSION_ROWS = (("before_1945_08_19", "- Trước 19/8/1945"),
                  ("1945_08_19_to_1954_07_20", "- Từ 19/8/1945 đến 20/7/1954"),
                  ("1954_07_21_to_1975_04_30", "- Từ 21/7/1954 đến 30/4/1975"),
                  ("from_1975_05_01", "- Từ 01/5/1975 đến nay"))


def _get(d: dict, path):
    """A value from the service's dict: a key, a (key, subkey) path, a tuple of paths to add, or None
    (no data kept for that row: the cell stays empty rather than showing a false 0)."""
    if path is None:
        return None
    if isinstance(path, list):
        values = [_get(d, p) for p in path]
        return sum(v for v in values if v is not None)
    if isinstance(path, tuple):
        cur = d
        for key in path:
            if not isinstance(cur, dict) or key not in cur:
                return 0
            cur = cur[key]
        return cur
    return d.get(path, 0)


def _group(prefix: str, rows, remainder: tuple[str, str] | None = None) -> list:
    """The official rows of a breakdown; `remainder` = (key, label) of the row that holds what no official
    row takes (unknown, not trained): printed when it is not zero, so the block adds up to its total."""
    out = []
    for key, label in rows:
        if isinstance(key, tuple):
            out.append((label, [(prefix, k) for k in key], False))
        else:
            out.append((label, (prefix, key), False))
    if remainder is not None:
        out.append((remainder[1], (prefix, remainder[0]), False, OPTIONAL))
    return out


OPTIONAL = "optional"   # a row of our own (a remainder): printed only when it holds something
JOB_REST = ("unknown", "- Chưa phân loại nghề nghiệp")
AGE_REST = ("unknown", "- Chưa rõ ngày sinh")
EDU_REST = ("unknown", "- Chưa rõ trình độ giáo dục phổ thông")
TRAINED_REST = ("none", "- Chưa qua đào tạo hoặc chưa rõ")
ADMISSION_REST = ("unknown", "- Chưa rõ ngày vào Đảng")


def _key(path):
    return tuple(path) if isinstance(path, list) else path


def _top_jobs(prefix="occupation"):
    """The occupation rows that partition the working members (the enterprise line stands for its + rows)."""
    out = []
    for key, _label in OCCUPATION_ROWS:
        if isinstance(key, tuple):
            out.append(tuple((prefix, k) for k in key))
        elif key not in ("enterprise_manager", "enterprise_staff", "enterprise_worker"):
            out.append((prefix, key))
    return out + [(prefix, "unknown")]


def _block(prefix, rows, rest):
    return [(prefix, k) for k, _ in rows] + [(prefix, rest[0])]


# the sums every comparison form must keep: (total row, [rows that add up to it; "-" subtracts])
FORM1_CHECKS = [
    ("increase", ["admitted", "transferred_in", "restored"]),
    ("transferred_in", ["transferred_in_other_province", "transferred_in_same_province"]),
    ("decrease", ["deceased", "expelled", "struck_off", "resigned", "transferred_out"]),
    ("transferred_out", ["transferred_out_other_province", "transferred_out_same_province"]),
    ("closing", ["opening", "increase", ("-", "decrease"), "unexplained"]),
]
ENTERPRISE = tuple(("occupation", k) for k in ("enterprise_manager", "enterprise_staff", "enterprise_worker"))
FORM2_CHECKS = [
    ("members", _top_jobs() + ["retired"]),
    (ENTERPRISE, list(ENTERPRISE)),
    ("members", _block("age_groups", AGE_ROWS, AGE_REST)),
    ("members", _block("general_education", EDUCATION_ROWS, EDU_REST)),
    ("members", _block("professional", PROFESSIONAL_ROWS, TRAINED_REST)),
]
FORM3_CHECKS = [
    ("members", ["working", "retired"]),
    ("working", _top_jobs()),
    (ENTERPRISE, list(ENTERPRISE)),
    ("members", _block("age_groups", AGE_ROWS, AGE_REST)),
    ("members", _block("admission_periods", ADMISSION_ROWS, ADMISSION_REST)),
    ("members", _block("general_education", EDUCATION_ROWS, EDU_REST)),
    ("members", _block("professional", PROFESSIONAL_ROWS, TRAINED_REST)),
    ("members", _block("political_theory", THEORY_ROWS, TRAINED_REST)),
]


def form1_rows():
    return [
        ("A - Tổng số đảng viên cuối kỳ trước chuyển sang", "opening", True),
        ("B - Đảng viên tăng trong kỳ", "increase", True),
        ("1. Kết nạp", "admitted", False),
        ("2. Chuyển đến", "transferred_in", False),
        ("a. Tỉnh khác chuyển đến", "transferred_in_other_province", False),
        ("b. Xã khác trong tỉnh chuyển đến", "transferred_in_same_province", False),
        ("3. Phục hồi đảng tịch", "restored", False),
        ("C - Đảng viên giảm trong kỳ", "decrease", True),
        ("1. Từ trần", "deceased", False),
        ("2. Khai trừ", "expelled", False),
        ("3. Xóa tên", "struck_off", False),
        ("Trong đó: Đảng viên dự bị", "struck_off_probationary", False),
        ("4. Xin ra khỏi Đảng", "resigned", False),
        ("5. Chuyển đi", "transferred_out", False),
        ("a. Chuyển đi tỉnh khác", "transferred_out_other_province", False),
        ("b. Chuyển đi xã khác trong tỉnh", "transferred_out_same_province", False),
        # lists put on the roll from a sheet in the period are neither an increase nor a decrease
        ("E - Chênh lệch do danh sách nhập từ tệp trong kỳ (không phải tăng, giảm)", "unexplained", False, OPTIONAL),
        ("D - Đảng viên trong danh sách cuối kỳ báo cáo", "closing", True),
    ]


def form2_rows():
    return ([("I. Tổng số đảng viên mới kết nạp", "members", True),
             ("- Dân tộc thiểu số", "ethnic_minority", False),
             ("- Đoàn viên Đoàn TNCS Hồ Chí Minh", "youth_union", False),
             ("- Chủ doanh nghiệp tư nhân", "private_business_owner", False),
             ("- Quần chúng vi phạm chính sách KHHGĐ", None, False),
             ("- Có quan hệ hôn nhân với người nước ngoài", "foreign_spouse", False),
             ("- Kết nạp lại", "readmitted", False),
             ("II. Phân tích đảng viên mới kết nạp", None, True),
             ("1. Nghề nghiệp", None, True)]
            + _group("occupation", OCCUPATION_ROWS, JOB_REST)
            # the form has no row for them: named, so the block adds up to the total
            + [("- Nghỉ hưu, nghỉ công tác", "retired", False, OPTIONAL)]
            + [("2. Tuổi đời:", None, True)] + _group("age_groups", AGE_ROWS, AGE_REST)
            + [("- Tuổi bình quân", "average_age", False), ("3. Trình độ giáo dục phổ thông", None, True)]
            + _group("general_education", EDUCATION_ROWS, EDU_REST)
            + [("4. Trình độ chuyên môn nghiệp vụ", None, True)]
            + _group("professional", PROFESSIONAL_ROWS, TRAINED_REST)
            + [("5. Chức danh khoa học", None, True)] + _group("academic_title", TITLE_ROWS)
            + [("III. Số tổ chức cơ sở đảng có đến cuối kỳ báo cáo", None, True),
               ("1. Đảng bộ cơ sở", "grassroots_committees", False),
               ("Trong đó: + Có kết nạp đảng viên", "grassroots_committees_admitting", False),
               ("+ Không còn quần chúng", None, False),
               ("2. Chi bộ cơ sở", "grassroots_cells", False),
               ("Trong đó: + Có kết nạp đảng viên", "grassroots_cells_admitting", False),
               ("+ Không còn quần chúng", None, False)])


def form3_rows():
    return ([("I. Đảng viên trong danh sách có đến cuối kỳ báo cáo", "members", True),
             ("Trong đó: - Nữ", "female", False),
             ("- Dự bị", "probationary", False),
             ("- Dân tộc thiểu số", "ethnic_minority", False),
             ("- Người theo tôn giáo", "religious", False),
             ("- Đoàn viên Đoàn TNCS Hồ Chí Minh", "youth_union", False),
             ("- Chủ doanh nghiệp tư nhân", "private_business_owner", False),
             ("- Có quan hệ hôn nhân với người nước ngoài", "foreign_spouse", False),
             ("II. Phân tích đội ngũ đảng viên", None, True),
             ("1. Nghề nghiệp", None, True),
             ("a. Đảng viên đang làm việc và công tác", "working", True)]
            + _group("occupation", OCCUPATION_ROWS, JOB_REST)
            + [("b. Đảng viên đã nghỉ hưu và nghỉ công tác", "retired", True),
               ("Trong đó: Được miễn công tác và sinh hoạt đảng", "retired_exempt", False),
               ("2. Tuổi đời:", None, True)] + _group("age_groups", AGE_ROWS, AGE_REST)
            + [("- Tuổi bình quân", "average_age", False), ("3. Thời gian kết nạp vào Đảng", None, True)]
            + _group("admission_periods", ADMISSION_ROWS, ADMISSION_REST)
            + [("4. Trình độ giáo dục phổ thông", None, True)]
            + _group("general_education", EDUCATION_ROWS, EDU_REST)
            + [("5. Trình độ chuyên môn nghiệp vụ", None, True)]
            + _group("professional", PROFESSIONAL_ROWS, TRAINED_REST)
            + [("6. Chức danh khoa học", None, True)] + _group("academic_title", TITLE_ROWS)
            + [("7. Trình độ lý luận chính trị", None, True)]
            + _group("political_theory", THEORY_ROWS, TRAINED_REST))


def form7_rows():
    def forms(prefix, keys):
        return [(label, (prefix, key), False) for key, label in keys]

    flag, merit, comm = ("flag", "- Tặng cờ"), ("certificate_of_merit", "- Tặng bằng khen"), \
        ("commendation", "- Tặng giấy khen")
    return ([("I. Khen thưởng tổ chức đảng và đảng viên trong năm", None, True),
             ("1. Khen thưởng tổ chức đảng", None, True),
             ("a) Số tổ chức đảng cấp trên trực tiếp cơ sở được khen, chia ra:", None, False),
             ("- Tặng cờ", None, False), ("- Tặng bằng khen", None, False),
             ("b) Số tổ chức cơ sở đảng được khen, chia ra:",
              [("grassroots_rewarded", k) for k in ("flag", "certificate_of_merit", "commendation")], False)]
            + forms("grassroots_rewarded", (flag, merit, comm))
            + [("c) Số đảng bộ bộ phận trực thuộc đảng ủy cơ sở được khen, chia ra:",
                [("sub_committees_rewarded", k) for k in ("certificate_of_merit", "commendation")], False)]
            + forms("sub_committees_rewarded", (merit, comm))
            + [("d) Số chi bộ trực thuộc đảng bộ cơ sở được khen, chia ra:",
                [("cells_rewarded", k) for k in ("certificate_of_merit", "commendation")], False)]
            + forms("cells_rewarded", (merit, comm))
            + [("2. Số đảng viên được khen, chia ra:",
                [("members_rewarded", k) for k in ("certificate_of_merit", "commendation")], True)]
            + forms("members_rewarded", (merit, comm))
            + [("II. Tặng huy hiệu đảng trong năm", [("badges", str(y)) for y in BADGE_YEARS], True)]
            + [(f"- Huy hiệu Đảng {y} năm", ("badges", str(y)), False) for y in BADGE_YEARS]
            + [("III. Phát thẻ đảng viên trong năm", None, True),
               ("1. Số thẻ đảng viên được phát cho đảng viên chính thức", "cards_issued", False),
               ("2. Số thẻ đảng viên được cấp lại cho đảng viên do mất", "cards_reissued_lost", False),
               ("3. Số thẻ đảng viên được đổi lại cho đảng viên do bị hỏng", "cards_reissued_damaged", False),
               ("IV. Giới thiệu sinh hoạt Đảng trong năm", None, True),
               ("1. Số lượt đảng viên chuyển sinh hoạt đảng tạm thời", ["temporary_out", "temporary_in"], False),
               ("- Giới thiệu chuyển đi", "temporary_out", False),
               ("- Tiếp nhận chuyển đến", "temporary_in", False),
               ("2. Số lượt đảng viên chuyển sinh hoạt đảng chính thức", ["official_out", "official_in"], False),
               ("- Giới thiệu chuyển đi", "official_out", False),
               ("- Tiếp nhận chuyển đến", "official_in", False),
               ("3. Một số nội dung liên quan đến giới thiệu sinh hoạt đảng", None, True),
               ("- Số đảng viên nơi khác chuyển sinh hoạt đảng đến chưa đúng quy định", None, False),
               ("- Số đảng viên giới thiệu sinh hoạt đảng đi chưa đúng quy định", None, False),
               ("- Số trường hợp phát hiện giả mạo qua giới thiệu sinh hoạt đảng", None, False)])


# Biểu 5: official rows -> the PlaceType values they gather
FORM5_ROWS = (
    ("1. Xã", ["village"], True), ("2. Phường", [], True), ("3. Thị trấn", [], True),
    ("4. Cơ quan Đảng, MTTQ, đoàn thể CT-XH", ["party_mass_org"], True),
    ("5. Cơ quan Nhà nước", ["state_agency"], True),
    ("6. Đơn vị sự nghiệp, gồm:", ["school", "health", "public_service", "private_service"], True),
    ("a) Công lập", ["school", "health", "public_service"], False),
    ("b) Ngoài công lập", ["private_service"], False),
    ("7. Quân đội", ["military"], True), ("8. Công an", ["police"], True),
    ("9. Doanh nghiệp và hợp tác xã", ["soe_100", "soe_50", "soe_minor", "joint_stock", "private_enterprise", "llc",
                                       "partnership", "foreign_invested", "cooperative"], True),
    ("a) Doanh nghiệp có vốn Nhà nước", ["soe_100", "soe_50", "soe_minor"], False),
    ("- Nhà nước nắm giữ 100% vốn điều lệ", ["soe_100"], False),
    ("- Nhà nước nắm giữ từ 50% vốn điều lệ trở lên", ["soe_50"], False),
    ("- Nhà nước nắm giữ dưới 50% vốn điều lệ", ["soe_minor"], False),
    ("b) Doanh nghiệp ngoài khu vực Nhà nước", ["joint_stock", "private_enterprise", "llc", "partnership",
                                                "foreign_invested"], False),
    ("- Công ty Cổ phần", ["joint_stock"], False), ("- Doanh nghiệp tư nhân", ["private_enterprise"], False),
    ("- Công ty trách nhiệm hữu hạn", ["llc"], False), ("- Công ty hợp danh", ["partnership"], False),
    ("- Doanh nghiệp có vốn nước ngoài", ["foreign_invested"], False),
    ("c) Hợp tác xã", ["cooperative"], False),
    ("10. Tổ chức cơ sở đảng ở ngoài nước", ["abroad"], True),
    ("11. Loại hình cơ sở khác*", ["other"], True),
)
FORM5_TOP_LEVEL = [r for r in FORM5_ROWS if r[2]]


class _Sheet:
    """Shared layout of a form sheet: header lines, title, table with borders, signature block, A4 setup."""

    def __init__(self, wb, name: str, code: str, title: str, period: str, settings: DocSettings,
                 widths: list[float], doc_day: date):
        self.ws = wb.create_sheet(name)
        self.settings = settings
        self.widths = widths
        self.ncols = len(widths)
        self.doc_day = doc_day
        from openpyxl.utils import get_column_letter

        for i, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        self.row = 1
        self.at: dict = {}          # row key -> sheet row, for the self-check
        self.checks: list = []      # (total key, [keys]) the sheet must keep
        self.value_cols: list[int] = []
        from .docx_writer import HEADER_BLANK

        self._cell(1, 1, settings.parent_body.upper() or HEADER_BLANK, bold=False)
        self._cell(2, 1, settings.issuing_body.upper() or HEADER_BLANK, bold=True)
        self._cell(1, self.ncols, code, bold=True, align="right")
        self._cell(2, self.ncols, "BAN TỔ CHỨC", bold=False, align="right")
        self._merged(4, title, bold=True, size=13)
        self._merged(5, period, italic=True)
        self.row = 7

    def _font(self, bold=False, italic=False, size=12):
        from openpyxl.styles import Font

        return Font(name=FONT, size=size, bold=bold, italic=italic)

    def _cell(self, row, col, value, bold=False, italic=False, align="left", size=12, border=False, wrap=False):
        from openpyxl.styles import Alignment, Border, Side

        c = self.ws.cell(row=row, column=col)
        set_text_cell(c, value)   # unit names and labels from sheets: text, never a formula (issue 17)
        c.font = self._font(bold, italic, size)
        c.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
        if border:
            thin = Side(style="thin", color="000000")
            c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        return c

    def _merged(self, row, text, bold=False, italic=False, size=12):
        self.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=self.ncols)
        self._cell(row, 1, text, bold=bold, italic=italic, align="center", size=size)

    def header(self, rows: list[list[str | None]], merges: list[tuple[int, int, int, int]]):
        """rows of header texts (None = part of a merge); merges as (r0, c0, r1, c1) relative to the header."""
        start = self.row
        self.header_row = start + len(rows) - 2 if len(rows) > 1 else start
        for i, texts in enumerate(rows):
            for j, text in enumerate(texts, start=1):
                self._cell(start + i, j, text, bold=True, align="center", border=True, wrap=True)
        for r0, c0, r1, c1 in merges:
            self.ws.merge_cells(start_row=start + r0, start_column=c0, end_row=start + r1, end_column=c1)
        # wrapped header texts need the height Excel does not compute for merged cells
        for i in range(len(rows) - 1):
            self.ws.row_dimensions[start + i].height = 33
        self.row = start + len(rows)
        self.ws.print_title_rows = f"{start}:{self.row - 1}"

    def line(self, values: list, bold=False, key=None):
        from openpyxl.styles import Alignment

        if key is not None:
            self.at.setdefault(key, self.row)

        for j, v in enumerate(values, start=1):
            align = "left" if j == self._label_col else "center"
            c = self._cell(self.row, j, v, bold=bold, align=align, border=True, wrap=(j == self._label_col))
            if isinstance(v, float):
                c.number_format = "0.0"
            if j == self._label_col and isinstance(v, str):
                indent = _indent(v)
                c.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=indent)
                # Excel and LibreOffice do not grow a row for wrapped text written by a program
                per_line = max(10, int(self.widths[j - 1] * 1.2) - 2 * indent)
                lines = -(-len(v) // per_line)
                if lines > 1:
                    self.ws.row_dimensions[self.row].height = 15.5 * lines
        self.row += 1

    _label_col = 1
    header_row = 7

    def note(self, text: str) -> None:
        """A line under the table (what a row holds that the official label does not say)."""
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=self.ncols)
        self._cell(self.row, 1, text, italic=True, wrap=True)
        self.ws.row_dimensions[self.row].height = 15.5 * max(1, -(-len(text) // int(sum(self.widths) * 1.1)))
        self.row += 1

    def finish(self):
        """Place and date, then NGƯỜI LẬP BIỂU (left) and the head of the issuing body (right)."""
        s = self.settings
        r = self.row + 1
        half = max(1, self.ncols // 2)
        self.ws.merge_cells(start_row=r, start_column=half + 1, end_row=r, end_column=self.ncols)
        self._cell(r, half + 1, doc_date_text(s.place_name or "…", self.doc_day), italic=True, align="center")
        r += 1
        self.ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=half)
        self._cell(r, 1, "NGƯỜI LẬP BIỂU", bold=True, align="center")
        self.ws.merge_cells(start_row=r, start_column=half + 1, end_row=r, end_column=self.ncols)
        self._cell(r, half + 1, s.signer_on_behalf.upper(), bold=True, align="center")
        r += 1
        self.ws.merge_cells(start_row=r, start_column=half + 1, end_row=r, end_column=self.ncols)
        self._cell(r, half + 1, s.signer_title.upper(), bold=True, align="center")
        r += 4
        self.ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=half)
        self._cell(r, 1, s.compiler_name or "", bold=True, align="center")
        self.ws.merge_cells(start_row=r, start_column=half + 1, end_row=r, end_column=self.ncols)
        self._cell(r, half + 1, s.signer_name or "", bold=True, align="center")
        if s.compiler_phone:
            r += 1
            self.ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=half)
            self._cell(r, 1, f"ĐT: {s.compiler_phone}", align="center")
        self._page_setup()

    def _page_setup(self):
        ws = self.ws
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait"
        ws.page_setup.fitToWidth = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        # a form a little longer than a page is shrunk onto one (no three rows on a page of their own); a long
        # one flows on, its header rows repeated (print_title_rows). Rows print at ~12.75 pt unless set.
        usable = (297 - self.settings.margin_top_mm - self.settings.margin_bottom_mm - 12) * 72 / 25.4
        total = sum(ws.row_dimensions[r].height or 12.75 for r in range(1, ws.max_row + 1))
        ws.page_setup.fitToHeight = 1 if total <= usable * 1.6 else 0
        mm = 1 / 25.4
        ws.page_margins.top = self.settings.margin_top_mm * mm
        ws.page_margins.bottom = self.settings.margin_bottom_mm * mm
        ws.page_margins.left = min(self.settings.margin_left_mm, 20) * mm
        ws.page_margins.right = self.settings.margin_right_mm * mm
        ws.print_options.horizontalCentered = True
        ws.oddFooter.center.text = "Trang &P/&N"
        ws.oddFooter.center.font = FONT


def _indent(label: str) -> int:
    """The official forms' hierarchy: I./A - at the margin, 1. one step in, a./- two, + three."""
    text = label.strip()
    if text.startswith("+") or text.startswith("- Tặng"):  # Biểu 7: the forms of reward under a) … d)
        return 3
    if text.startswith("-") or text[:2] in ("a.", "b.", "c.", "d.", "a)", "b)", "c)", "d)") or text.startswith("Trong đó"):
        return 2
    if text[:1].isdigit():
        return 1
    return 0


def percent_of(current, previous):
    """(%) kỳ này so với cùng kỳ năm trước, one decimal half up; empty when last year had none."""
    from app.common.vnformat import percent_value

    if current is None or previous in (None, 0):
        return None
    return float(percent_value(current, previous))


def _comparison_sheet(wb, name, code, title, period, settings, rows, cur: dict, prev: dict, doc_day, checks=None):
    sh = _Sheet(wb, name, code, title, period, settings, [58, 12, 13, 15], doc_day)
    sh.header([["Tiêu chí", "Thực hiện", None, "(%) kỳ này so với cùng kỳ năm trước"],
               [None, "Kỳ này", "Cùng kỳ năm trước", None],
               ["A", "1", "2", "3 = 1/2"]],
              [(0, 1, 1, 1), (0, 2, 0, 3), (0, 4, 1, 4)])
    sh.value_cols = [2, 3]
    sh.checks = list(checks or [])
    for label, path, bold, *opts in rows:
        a, b = _get(cur, path), _get(prev, path)
        if path is None:
            sh.line([label, None, None, None], bold=bold)
            continue
        if OPTIONAL in opts and not a and not b:
            continue
        sh.line([label, a, b, percent_of(a, b)], bold=bold, key=_key(path))
    sh.finish()
    return sh


def _period_text(start: date, end: date) -> str:
    from .sentences import dmy

    return f"(Từ ngày {dmy(start)} đến ngày {dmy(end)}; cùng kỳ năm trước: cùng khoảng thời gian của năm trước)"


def _with_remainders(d: dict) -> dict:
    """The remainder rows' figures the service does not name: members without a birth date (age groups)."""
    d = dict(d)
    if "age_groups" in d and "members" in d:
        d["age_groups"] = {**d["age_groups"], "unknown": d["members"] - sum(d["age_groups"].values())}
    return d


def workbook_from_rows(form_data: dict, settings: DocSettings, doc_day: date | None = None):
    """Pure: an openpyxl Workbook from the service's `form_rows` result. The self-check of every sum the
    forms keep is left on `wb.checked_sheets` for `check_workbook`."""
    from openpyxl import Workbook

    start, end = form_data["start"], form_data["end"]
    cur, prev = form_data["current"], form_data["previous"]
    doc_day = doc_day or date.today()
    year = end.year
    wb = Workbook()
    wb.remove(wb.active)
    period = _period_text(start, end)
    sheets = [
        _comparison_sheet(wb, "Biểu 1", "Biểu số 1-BTCTW", f"THỐNG KÊ TĂNG, GIẢM ĐẢNG VIÊN NĂM {year}", period,
                          settings, form1_rows(), cur["form1"], prev["form1"], doc_day, FORM1_CHECKS),
        _comparison_sheet(wb, "Biểu 2", "Biểu số 2-BTCTW", f"THỐNG KÊ ĐẢNG VIÊN MỚI KẾT NẠP NĂM {year}", period,
                          settings, form2_rows(), _with_remainders(cur["form2"]), _with_remainders(prev["form2"]),
                          doc_day, FORM2_CHECKS),
        _comparison_sheet(wb, "Biểu 3", "Biểu số 3-BTCTW", f"THỐNG KÊ ĐẢNG VIÊN NĂM {year}", period,
                          settings, form3_rows(), _with_remainders(cur["form3"]), _with_remainders(prev["form3"]),
                          doc_day, FORM3_CHECKS),
        _form4(wb, cur["form2"], settings, period.split(";")[0] + ")", year, doc_day),
        _form5(wb, cur["form5"], settings, year, end, doc_day, form_data.get("unplaced_units", [])),
        _form6f(wb, cur["form6f"], settings, doc_day),
        _comparison_sheet(wb, "Biểu 7", "Biểu số 7-BTCTW", f"THỐNG KÊ VỀ NGHIỆP VỤ CÔNG TÁC ĐẢNG VIÊN NĂM {year}",
                          period, settings, form7_rows(), cur["form7"], prev["form7"], doc_day),
    ]
    for ws in wb.worksheets:
        ws.sheet_view.showGridLines = False
    wb.checked_sheets = sheets
    return wb


def _form4(wb, form2: dict, settings, period, year, doc_day):
    sh = _Sheet(wb, "Biểu 4", "Biểu số 4-BTCTW", f"ĐẢNG VIÊN MỚI KẾT NẠP CHIA THEO DÂN TỘC VÀ TÔN GIÁO NĂM {year}",
                period, settings, [8, 44, 16, 16, 14], doc_day)
    sh._label_col = 2
    sh.header([["TT", "Tên dân tộc, tôn giáo", "Đảng viên chia theo dân tộc, tôn giáo", None, "Tỷ lệ (%)"],
               [None, None, "Tổng số", "Trong đó: nữ", None]],
              [(0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 4), (0, 5, 1, 5)])
    sh.value_cols = [3, 4]
    total = form2.get("members", 0)
    sh.line(["", "Tổng số đảng viên mới kết nạp", total, form2.get("female", 0), 100.0 if total else None], bold=True,
            key="total")
    ethnic_keys = []
    for roman, title, key in (("I", "Dân tộc", "by_ethnicity"), ("II", "Tôn giáo", "by_religion")):
        groups = form2.get(key, {})
        sh.line([roman, title, sum(g["total"] for g in groups.values()),
                 sum(g["female"] for g in groups.values()), None], bold=True, key=key)
        for i, (name, g) in enumerate(sorted(groups.items(), key=lambda kv: (-kv[1]["total"], kv[0])), start=1):
            share = percent_of(g["total"] * 1, total) if total else None
            sh.line([i, name, g["total"], g["female"], share], key=(key, name))
            if key == "by_ethnicity":
                ethnic_keys.append((key, name))
    # every new member has an ethnic group (or «Chưa rõ»): the rows add up to the total
    sh.checks = [("total", ["by_ethnicity"]), ("by_ethnicity", ethnic_keys)]
    sh.finish()
    return sh


FORM5_CHECKS = [
    ("Cộng (1+….+11)", [r[0] for r in FORM5_TOP_LEVEL]),
    ("6. Đơn vị sự nghiệp, gồm:", ["a) Công lập", "b) Ngoài công lập"]),
    ("9. Doanh nghiệp và hợp tác xã", ["a) Doanh nghiệp có vốn Nhà nước", "b) Doanh nghiệp ngoài khu vực Nhà nước",
                                       "c) Hợp tác xã"]),
    ("a) Doanh nghiệp có vốn Nhà nước", ["- Nhà nước nắm giữ 100% vốn điều lệ",
                                         "- Nhà nước nắm giữ từ 50% vốn điều lệ trở lên",
                                         "- Nhà nước nắm giữ dưới 50% vốn điều lệ"]),
    ("b) Doanh nghiệp ngoài khu vực Nhà nước", ["- Công ty Cổ phần", "- Doanh nghiệp tư nhân",
                                                "- Công ty trách nhiệm hữu hạn", "- Công ty hợp danh",
                                                "- Doanh nghiệp có vốn nước ngoài"]),
]


def _form5(wb, form5: dict, settings, year, end, doc_day, unplaced: list[str]):
    from .sentences import dmy

    sh = _Sheet(wb, "Biểu 5", "Biểu số 5-BTCTW",
                f"THỐNG KÊ TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN TRONG CÁC LOẠI HÌNH CƠ SỞ NĂM {year}",
                f"(Có đến ngày {dmy(end)})", settings, [40, 10, 11, 11, 11, 11, 12], doc_day)
    sh.header([["Loại hình tổ chức cơ sở đảng", "Số tổ chức cơ sở đảng", None, None,
                "Tổ chức đảng trực thuộc Đảng bộ cơ sở", None, "Tổng số đảng viên"],
               [None, "Tổng số", "Chia ra", None, "Chia ra", None, None],
               [None, None, "Đảng bộ cơ sở", "Chi bộ cơ sở", "Đảng bộ bộ phận", "Chi bộ trực thuộc", None],
               ["A", "2 (=3+4)", "3", "4", "5", "6", "7"]],
              [(0, 1, 2, 1), (0, 2, 0, 4), (1, 2, 2, 2), (1, 3, 1, 4), (0, 5, 0, 6), (1, 5, 1, 6), (0, 7, 2, 7)])
    sh.value_cols = [2, 3, 4, 5, 6, 7]
    sh.checks = list(FORM5_CHECKS)
    sh.column_checks = [(2, [3, 4])]   # column 2 = 3 + 4 on every row

    def sums(places):
        keys = ("grassroots_committees", "grassroots_cells", "sub_committees", "cells", "members")
        return {k: sum(form5.get(p, {}).get(k, 0) for p in places) for k in keys}

    def line(label, places, bold):
        s = sums(places)
        sh.line([label, s["grassroots_committees"] + s["grassroots_cells"], s["grassroots_committees"],
                 s["grassroots_cells"], s["sub_committees"], s["cells"], s["members"]], bold=bold, key=label)

    for label, places, bold in FORM5_ROWS:
        line(label, places, bold)
    everything = sorted({p for _, places, _ in FORM5_TOP_LEVEL for p in places})
    line("Cộng (1+….+11)", everything, True)
    if unplaced:
        shown = ", ".join(unplaced[:6]) + (f" và {len(unplaced) - 6} tổ chức khác" if len(unplaced) > 6 else "")
        sh.note(f"* Gồm {len(unplaced)} tổ chức đảng chưa được xác định loại hình: {shown}.")
    sh.finish()
    return sh


def _form6f(wb, f: dict, settings, doc_day):
    """Biểu 6F for the last year whose reviews are recorded (f["year"]); says so when none are."""
    year = f.get("year")
    sh = _Sheet(wb, "Biểu 6F", "Biểu số 6F-BTCTW",
                f"THỐNG KÊ KẾT QUẢ KIỂM ĐIỂM TỰ PHÊ BÌNH VÀ PHÊ BÌNH NĂM {year or '…'}",
                f"(Năm {year})" if year else "(Chưa nhập kết quả kiểm điểm, đánh giá năm nào)", settings,
                [6, 54, 13, 13, 14], doc_day)
    sh._label_col = 2
    sh.header([["TT", "Nội dung", "Tập thể", "Đảng viên", "Ghi chú"]], [])
    sh.value_cols = [3, 4]
    rows = [
        ("1", "Số lượng thuộc đối tượng phải kiểm điểm tự phê bình và phê bình", "units_subject", "members_subject", True),
        ("2", "Số lượng đã kiểm điểm tự phê bình và phê bình", "units_reviewed", "members_reviewed", True),
        ("3", "Số lượng chưa kiểm điểm tự phê bình và phê bình", "units_not_reviewed", "members_not_reviewed", True),
        ("", "Trong đó:", None, None, False),
        ("", "- Số tập thể thành lập mới", "units_newly_founded", None, False),
        ("", "- Đảng viên mới kết nạp dưới 6 tháng", None, "members_new_under_6_months", False),
        ("", "- Đảng viên được miễn công tác và sinh hoạt đảng", None, "members_exempt", False),
        ("", "- Đảng viên bị đình chỉ sinh hoạt đảng", None, "members_suspended", False),
        # our own rows: what the records do not explain (never folded into a reason, never dropped)
        ("", "- Miễn sinh hoạt theo ghi chú trong tệp nhập, chưa rõ từ ngày nào", None,
         "members_exempt_unknown_start", OPTIONAL),
        ("", "- Lý do khác hoặc chưa ghi lý do", "units_other", "members_other", OPTIONAL),
        ("4", "Số được gợi ý kiểm điểm", None, None, True),
        ("", "Trong đó:", None, None, False),
        ("", "- Thuộc diện ban thường vụ cấp ủy cấp tỉnh quản lý", None, None, False),
        ("", "- Thuộc diện ban thường vụ cấp ủy cấp huyện quản lý", None, None, False),
        ("", "- Thuộc diện đảng ủy cơ sở quản lý", None, None, False),
    ]
    for tt, label, unit_key, member_key, bold in rows:
        u = f.get(unit_key) if unit_key and year else None
        m = f.get(member_key) if member_key and year else None
        if bold == OPTIONAL:
            if not (u or m):
                continue
            bold = False
        note = None
        if member_key == "members_exempt_unknown_start":
            note = "có thể đã miễn trước 31/12"
        sh.line([tt, label, u, m, note], bold=bold, key=label)
    if year:
        sh.checks = [
            ("Số lượng thuộc đối tượng phải kiểm điểm tự phê bình và phê bình",
             ["Số lượng đã kiểm điểm tự phê bình và phê bình", "Số lượng chưa kiểm điểm tự phê bình và phê bình"]),
            ("Số lượng chưa kiểm điểm tự phê bình và phê bình",
             ["- Số tập thể thành lập mới", "- Đảng viên mới kết nạp dưới 6 tháng",
              "- Đảng viên được miễn công tác và sinh hoạt đảng", "- Đảng viên bị đình chỉ sinh hoạt đảng",
              "- Miễn sinh hoạt theo ghi chú trong tệp nhập, chưa rõ từ ngày nào",
              "- Lý do khác hoặc chưa ghi lý do"]),
        ]
    else:
        sh.note("Chưa nhập kết quả kiểm điểm, đánh giá, xếp loại đảng viên của năm nào: biểu để trống.")
    sh.finish()
    return sh


def review_figures(session, end: date) -> dict:
    """Biểu 6F's figures from the same evaluation data as the report's ratings (statistics.ratings_by_year,
    unit_ratings_by_year), for the last year, not after `end`'s, whose reviews are recorded."""
    from app.services import report_figures, statistics

    year = report_figures.last_reviewed_year(session, end)
    if year is None:
        return {"year": None}
    members = statistics.ratings_by_year(session, [year]).get(str(year), {})
    units = statistics.unit_ratings_by_year(session, [year]).get(str(year), {})
    table = statistics.review_table(session, year)
    why = report_figures.not_reviewed_reasons(session, year)
    not_reviewed = members.get("not_rated", 0)
    known = why["new_member"] + why["exempt"] + why["suspended"] + why["exempt_unknown_start"]
    units_not = units.get("not_rated", table["units_subject"] - table["units_reviewed"])
    founded = min(table["units_newly_founded"], units_not)
    return {
        "year": year,
        "units_subject": units.get("subject", table["units_subject"]), "units_reviewed": units.get("rated", 0),
        "units_not_reviewed": units_not, "units_newly_founded": founded, "units_other": units_not - founded,
        "members_subject": members.get("subject", 0), "members_reviewed": members.get("rated", 0),
        "members_not_reviewed": not_reviewed,
        "members_new_under_6_months": why["new_member"], "members_exempt": why["exempt"],
        "members_suspended": why["suspended"], "members_exempt_unknown_start": why["exempt_unknown_start"],
        "members_other": not_reviewed - known,
    }


# --- the self-check ------------------------------------------------------------------------------------

def _num(v):
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else 0


def check_workbook(wb) -> list[str]:
    """Every sum the forms keep, read back from the cells: a Vietnamese line for each one broken."""
    out = []
    for sh in getattr(wb, "checked_sheets", []):
        ws = sh.ws
        heads = {c: ws.cell(row=sh.header_row, column=c).value for c in sh.value_cols}
        for total, parts in sh.checks:
            if total not in sh.at:
                continue
            for col in sh.value_cols:
                want = ws.cell(row=sh.at[total], column=col).value
                if want is None:
                    continue
                got = 0
                for part in parts:
                    sign, key = (-1, part[1]) if isinstance(part, tuple) and part[:1] == ("-",) else (1, part)
                    if key in sh.at:
                        got += sign * _num(ws.cell(row=sh.at[key], column=col).value)
                if abs(_num(want) - got) > 1e-9:
                    label = ws.cell(row=sh.at[total], column=sh._label_col).value
                    out.append(f"{ws.title}, dòng «{label}», cột «{heads.get(col) or col}»: {want}, nhưng các dòng "
                               f"thành phần cộng lại được {got}.")
        for total_col, part_cols in getattr(sh, "column_checks", []):
            for r in sorted(set(sh.at.values())):
                want = _num(ws.cell(row=r, column=total_col).value)
                got = sum(_num(ws.cell(row=r, column=c).value) for c in part_cols)
                if want != got:
                    out.append(f"{ws.title}, dòng «{ws.cell(row=r, column=sh._label_col).value}»: cột {total_col} là "
                               f"{want}, khác tổng các cột {', '.join(map(str, part_cols))} ({got}).")
    return out


def save_workbook(wb, out_path: Path) -> Path:
    out_path = Path(out_path)
    if out_path.suffix.lower() != ".xlsx":
        raise DomainError(f"Tệp biểu mẫu phải có đuôi .xlsx: {out_path.name}", field="out")
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".xlsx", dir=str(out_path.parent))
    except OSError as exc:
        raise DomainError(f"Không ghi được vào thư mục {out_path.parent}: {exc.strerror or exc}. Hãy chọn "
                          f"thư mục khác.", field="out") from exc
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, out_path)
    except PermissionError as exc:
        raise DomainError(f"Không ghi được tệp {out_path}: tệp đang mở trong Excel hoặc không có quyền ghi.",
                          field="out") from exc
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return out_path


@dataclass
class FormsResult:
    path: Path
    warnings: list[str] = field(default_factory=list)


def write_forms(db, date_from: date, date_to: date, out_path, settings: DocSettings | dict | None = None,
                doc_day: date | None = None) -> FormsResult:
    """Biểu 1–7-BTCTW for [date_from, date_to] with the same period of the previous year beside it, and
    the self-check: every rule a form breaks, and every figure it cannot know, in Vietnamese."""
    from app.services import report_figures, statistics

    from .doc_settings import load_settings

    if date_from is None or date_to is None or date_from > date_to:
        raise DomainError("Kỳ báo cáo không hợp lệ: ngày bắt đầu phải trước ngày kết thúc.", field="date_from")
    with db.session() as session:
        form_data = statistics.form_rows(session, date_from, date_to)
        # Biểu 6F from the evaluations the report reads, for the last year whose reviews are recorded
        form_data["current"]["form6f"] = review_figures(session, date_to)
        form_data["unplaced_units"] = report_figures.units_without_place(session, date_to)
        if settings is None:
            settings = load_settings(session)
    if not isinstance(settings, DocSettings):
        settings = DocSettings.from_mapping(settings)
    wb = workbook_from_rows(form_data, settings, doc_day)
    warnings = [f"Biểu tự kiểm tra: {w}" for w in check_workbook(wb)]
    warnings += _unknown_warnings(form_data, settings)
    return FormsResult(save_workbook(wb, out_path), warnings)


def _unknown_warnings(form_data: dict, settings: DocSettings) -> list[str]:
    from .docx_writer import SETTINGS_WARNING
    from app.services.settings import LABELS

    cur = form_data["current"]
    out = []
    for key in ("parent_body", "issuing_body", "place_name", "signer_name", "compiler_name"):
        if not getattr(settings, key, ""):
            out.append(f"Chưa điền «{LABELS[key]}»: các biểu để trống chỗ này {SETTINGS_WARNING}.")
    jobs = cur["form3"].get("occupation", {}).get("unknown", 0)
    if jobs:
        out.append(f"Biểu 3: chưa đủ thông tin nghề nghiệp của {jobs} đảng viên; biểu ghi dòng «Chưa phân loại "
                   f"nghề nghiệp».")
    f6 = cur["form6f"]
    if f6.get("year") is None:
        out.append("Biểu 6F: chưa nhập kết quả kiểm điểm, đánh giá năm nào; biểu để trống.")
    else:
        if f6["year"] != form_data["end"].year:
            out.append(f"Biểu 6F ghi năm {f6['year']}, năm gần nhất đã nhập kết quả kiểm điểm, đánh giá.")
        if f6.get("members_exempt_unknown_start"):
            out.append(f"Biểu 6F: {f6['members_exempt_unknown_start']} đảng viên miễn sinh hoạt theo ghi chú trong tệp "
                       f"nhập, chưa rõ từ ngày nào; biểu ghi riêng một dòng. Hãy nhập ngày miễn sinh hoạt.")
        if f6.get("members_other"):
            out.append(f"Biểu 6F: {f6['members_other']} đảng viên không có kết quả kiểm điểm năm {f6['year']} mà "
                       f"chưa ghi lý do.")
    unplaced = form_data.get("unplaced_units", [])
    if unplaced:
        out.append(f"Biểu 5: {len(unplaced)} tổ chức đảng chưa có loại hình, đang tính vào dòng «11. Loại hình cơ sở "
                   f"khác»; hãy chọn loại hình ở thẻ «Tổ chức đảng» (mở «Cài đặt» để điền).")
    return out


def write_forms_xlsx(db, date_from: date, date_to: date, out_path, settings: DocSettings | dict | None = None,
                     doc_day: date | None = None) -> Path:
    """write_forms without its warnings (the path only)."""
    return write_forms(db, date_from, date_to, out_path, settings, doc_day).path
