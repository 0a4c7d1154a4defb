"""Tôn giáo: the religions recognised in Viet Nam under one name each, and "Không" (none).

Values are the names stored on the member; NONE is "no religion" (stored empty, DOMAIN.md §2).
"""

from __future__ import annotations

from . import NONE, Vocabulary

NONE_FORMS = ("Không", "Ko", "K", "Kh", "Không có", "Không theo", "Không tôn giáo", "Không TG", "Không theo đạo",
              "Không đạo", "0", "-", "--", "—", "/", "Lương", "Vô thần")

FORMS = {
    NONE: NONE_FORMS,
    "Phật giáo": ("Phật giáo", "Phật", "Đạo Phật", "PG", "P.giáo", "Phật tử", "Theo Phật giáo"),
    "Công giáo": ("Công giáo", "Thiên chúa", "Thiên Chúa giáo", "Đạo Thiên Chúa", "Thiên chúa giáo La Mã",
                  "Công giáo La Mã", "TCG", "Đạo Công giáo", "Giáo dân", "Ki tô giáo", "Kitô giáo", "Đạo Gia Tô"),
    "Tin lành": ("Tin lành", "Tin Lành", "Đạo Tin lành", "Tin lành giáo", "Cơ đốc Tin lành", "Protestant"),
    "Cao Đài": ("Cao Đài", "Cao đài", "Đạo Cao Đài", "Cao Đài giáo"),
    "Phật giáo Hòa Hảo": ("Phật giáo Hòa Hảo", "Hòa Hảo", "Hoà Hảo", "PGHH", "Đạo Hòa Hảo"),
    "Hồi giáo": ("Hồi giáo", "Hồi", "Islam", "Đạo Hồi", "Chăm Islam", "Chăm Bani", "Bani"),
    "Bà La Môn": ("Bà La Môn", "Bà-la-môn", "Bà Chăm", "Chăm Bà La Môn"),
    "Tứ Ân Hiếu Nghĩa": ("Tứ Ân Hiếu Nghĩa",),
    "Bửu Sơn Kỳ Hương": ("Bửu Sơn Kỳ Hương",),
    "Tịnh độ cư sĩ Phật hội Việt Nam": ("Tịnh độ cư sĩ Phật hội Việt Nam", "Tịnh độ cư sĩ"),
    "Minh Sư Đạo": ("Minh Sư Đạo",),
    "Minh Lý Đạo": ("Minh Lý Đạo", "Minh Lý Đạo - Tam Tông Miếu"),
    "Baha'i": ("Baha'i", "Bahai", "Bahá'í"),
    "Phật giáo Hiếu Nghĩa Tà Lơn": ("Phật giáo Hiếu Nghĩa Tà Lơn", "Hiếu Nghĩa Tà Lơn"),
    "Cơ đốc Phục lâm": ("Cơ đốc Phục lâm", "Cơ Đốc Phục Lâm", "Giáo hội Cơ đốc Phục lâm"),
    "Mặc Môn": ("Mặc Môn", "Các Thánh hữu ngày sau", "Giáo hội Các Thánh hữu ngày sau của Chúa Giê-su Ki-tô"),
}
LABELS = {NONE: "Không theo tôn giáo"} | {name: name for name in FORMS if name != NONE}

VOCAB = Vocabulary("religion", "Tôn giáo", FORMS, {}, {}, LABELS)
