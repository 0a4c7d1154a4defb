"""A commune sheet holding values no vocabulary understands, the questions it must raise (counted by hand),
the clerk's answers, and the SQL that compares two databases made from it."""

from __future__ import annotations

from pathlib import Path

from .helpers import sql, write_xlsx

HEADER = ["TT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Tôn giáo", "Nghề nghiệp", "Văn hóa",
          "Chuyên môn", "LLCT", "Xếp loại 2024", "Chi bộ"]
ROWS = [
    [1, "Nguyễn Văn An", "12/03/1970", "Nam", "Kinh", "Không", "Nông dân", "12/12", "Không", "Sơ cấp", "HTTNV",
     "Chi bộ thôn Đồng Tâm"],
    [2, "Trần Thị Bình", "05/06/1985", "Nữ", "Tày", "Không", "Cấp dưỡng", "9", "TC Kế toán", "Sơ cấp", "Loại A",
     "Chi bộ Cơ quan"],
    [3, "Lê Văn Cường", "01/01/1960", "Nam", "Kinh", "Thờ cúng tổ tiên", "Cấp dưỡng", "12/12", "Không", "SC",
     "Loại A", "Chi bộ Cơ quan"],
    [4, "Hoàng Thị Dung", "1975", "Nữ", "Thượng", "Không", "Thủ kho", "10/10", "Văn bằng hai", "Trung cấp",
     "HTXSNV", "Chi bộ thôn Đồng Tâm"],
    # sex, ethnic group and religion written in one cell, as a second roster did
    [5, "Phạm Văn Em", "20/10/1990", None, None, "Nam Kinh Không", "Giáo viên", "12/12", "ĐH Sư phạm", "Sơ cấp",
     "HTT", "Chi bộ thôn Đồng Tâm"],
]
# (field, value as written, rows holding it), counted from ROWS by hand
QUESTIONS = [("occupation_group", "Cấp dưỡng", 2), ("occupation_group", "Thủ kho", 1), ("rating", "Loại A", 2),
             ("general_education", "9", 1), ("professional", "Văn bằng hai", 1), ("ethnicity", "Thượng", 1),
             ("religion", "Thờ cúng tổ tiên", 1), ("place_type", "Chi bộ Cơ quan", 1)]
ANSWERS = {"occupation_group": {"Cấp dưỡng": "other", "Thủ kho": None}, "rating": {"Loại A": "HTTNV"},
           "general_education": {"9": "lower_secondary"}, "professional": {"Văn bằng hai": "university"},
           "ethnicity": {"Thượng": None}, "religion": {"Thờ cúng tổ tiên": "none"},
           "place_type": {"Chi bộ Cơ quan": "state_agency"}}


def write_sheet(path: Path, rows=ROWS) -> Path:
    title = [["DANH SÁCH ĐẢNG VIÊN ĐẢNG BỘ XÃ ĐỒNG TÂM"], ["Tính đến ngày 31/12/2024"]]
    return write_xlsx(path, title + [HEADER] + [list(r) for r in rows])


def second_sheet(path: Path) -> Path:
    """Another sheet of the same layout, other people, the same unknown values."""
    rows = [[6, "Vũ Thị Giang", "03/03/1988", "Nữ", "Kinh", "Không", "Cấp dưỡng", "9", "Văn bằng hai", "Sơ cấp",
             "Loại A", "Chi bộ Cơ quan"],
            [7, "Đỗ Văn Hải", "04/04/1966", "Nam", "Thượng", "Thờ cúng tổ tiên", "Thủ kho", "12/12", "Không",
             "Sơ cấp", "HTTNV", "Chi bộ thôn Đồng Tâm"]]
    return write_sheet(path, rows)


def database_rows(db) -> dict:
    """What the import wrote, read back by SQL (ids and timestamps left out); db: a Database or a SQLite file."""
    return {
        "members": sql(db, "SELECT full_name, gender, birth_date, birth_date_precision, ethnicity, religion, "
                                "occupation, occupation_group, general_education, general_education_text, "
                                "professional_level, professional_text, political_theory, political_theory_text "
                                "FROM members ORDER BY full_name"),
        "evaluations": sql(db, "SELECT m.full_name, e.year, e.rating, e.raw_text FROM evaluations e "
                                    "JOIN members m ON m.id = e.member_id ORDER BY m.full_name, e.year"),
        "units": sql(db, "SELECT name, kind, place_type FROM units ORDER BY name"),
        "answers": sql(db, "SELECT field, value_key, example, meaning FROM value_answers "
                                "ORDER BY field, value_key"),
        "spans": sql(db, "SELECT m.full_name, s.valid_from, s.standing, s.exempt FROM member_spans s "
                              "JOIN members m ON m.id = s.member_id ORDER BY m.full_name, s.valid_from"),
    }
