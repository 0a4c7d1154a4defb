"""Giới tính."""

from __future__ import annotations

from . import Vocabulary

MALE, FEMALE = "male", "female"

FORMS = {
    MALE: ("Nam", "nam giới", "Giới tính nam", "M", "Male", "Trai", "Con trai", "Ông", "1", "Nam (x)"),
    # "x" under a "Giới tính (nữ đánh dấu x)" column, as the older lists mark women
    FEMALE: ("Nữ", "nữ giới", "Giới tính nữ", "Nu", "F", "Female", "Gái", "Con gái", "Bà", "0", "x", "Nữ (x)"),
}
LABELS = {MALE: "Nam", FEMALE: "Nữ"}

VOCAB = Vocabulary("gender", "Giới tính", FORMS, {}, {}, LABELS)
