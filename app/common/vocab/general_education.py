"""Trình độ giáo dục phổ thông (DOMAIN.md §2): the last grade over the system's length, or the level's name.

12-year system: grades 1–5 tiểu học, 6–9 THCS, 10–12 THPT; the old 10-year system: 1–4, 5–7, 8–10.
A bare grade is understood only where both systems agree (1–4, 6–7, 10–12); "5", "8", "9" are asked.
"""

from __future__ import annotations

from . import Vocabulary

LITERATE, PRIMARY, LOWER, UPPER = "literate", "primary", "lower_secondary", "upper_secondary"


def _grades() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {LITERATE: [], PRIMARY: [], LOWER: [], UPPER: []}
    for grade in range(1, 13):
        level = PRIMARY if grade <= 5 else LOWER if grade <= 9 else UPPER
        out[level] += [f"{grade}/12", f"{grade:02d}/12", f"Lớp {grade}/12"]
    for grade in range(1, 11):
        level = PRIMARY if grade <= 4 else LOWER if grade <= 7 else UPPER
        out[level] += [f"{grade}/10", f"{grade:02d}/10", f"Lớp {grade}/10"]
    return out


_G = _grades()

FORMS = {
    LITERATE: ("Biết đọc biết viết", "Biết đọc, biết viết", "Biết đọc, biết viết chữ quốc ngữ", "BĐBV",
               "Biết chữ", "Xóa mù chữ", "Xóa mù", "Bình dân học vụ", "BDHV"),
    PRIMARY: ("Tiểu học", "TH", "Cấp 1", "Cấp I", "Cấp một", "Phổ thông cấp 1", "PT cấp 1", "Lớp 1", "Lớp 2",
              "Lớp 3", "Lớp 4", "1", "2", "3", "4", "Hết tiểu học", "Tốt nghiệp tiểu học", "TN tiểu học"),
    LOWER: ("Trung học cơ sở", "THCS", "TH cơ sở", "Cấp 2", "Cấp II", "Cấp hai", "Phổ thông cấp 2", "PT cấp 2",
            "PTCS", "Phổ thông cơ sở", "Lớp 6", "Lớp 7", "6", "7", "Tốt nghiệp THCS", "TN THCS",
            "Bổ túc THCS", "BT THCS"),
    UPPER: ("Trung học phổ thông", "THPT", "TH phổ thông", "PTTH", "Phổ thông trung học", "Cấp 3", "Cấp III",
            "Cấp ba", "Phổ thông cấp 3", "PT cấp 3", "Lớp 10", "Lớp 11", "Lớp 12", "10", "11", "12",
            "Tú tài", "Tốt nghiệp THPT", "TN THPT", "Bổ túc THPT", "BTTHPT", "BT THPT", "Bổ túc văn hóa 12/12",
            "BTVH 12/12", "12/12 BTVH", "12/12 BT"),
}

# "12/12 BTVH", "THPT (hệ bổ túc)": a grade or a level's name begins the cell; "Tốt nghiệp 12/12" holds it
_NAMES = {PRIMARY: ("Tiểu học", "Cấp 1", "Cấp I"), LOWER: ("THCS", "Trung học cơ sở", "Cấp 2", "Cấp II", "PTCS"),
          UPPER: ("THPT", "Trung học phổ thông", "PTTH", "Cấp 3", "Cấp III", "Bổ túc THPT")}
PREFIXES = {level: tuple(forms) + _NAMES.get(level, ()) for level, forms in _G.items() if forms}
PHRASES = {level: tuple(forms) for level, forms in _G.items() if forms}

LABELS = {LITERATE: "Biết đọc, biết viết", PRIMARY: "Tiểu học", LOWER: "Trung học cơ sở",
          UPPER: "Trung học phổ thông"}

VOCAB = Vocabulary("general_education", "Giáo dục phổ thông", FORMS, PREFIXES, PHRASES, LABELS)
