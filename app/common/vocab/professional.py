"""Trình độ chuyên môn nghiệp vụ (DOMAIN.md §2): "ĐH Sư phạm", "Cử nhân Luật", "Kỹ sư …", "TC Y sĩ", "CĐ …"."""

from __future__ import annotations

from . import NONE, NONE_FORMS, Vocabulary
from .levels import ELEMENTARY, INTERMEDIATE, SHARED, SHARED_PREFIXES

COLLEGE, UNIVERSITY, MASTER, DOCTOR = "college", "university", "master", "doctor"

FORMS = {
    NONE: NONE_FORMS + ("Không chuyên môn", "Chưa qua đào tạo nghề", "Phổ thông", "Lao động phổ thông", "LĐPT"),
    ELEMENTARY: SHARED[ELEMENTARY] + ("CNKT", "Công nhân kỹ thuật", "Nhân viên nghiệp vụ", "NVNV",
                                      "Chứng chỉ nghề", "CC nghề", "Học nghề"),
    INTERMEDIATE: SHARED[INTERMEDIATE] + ("Trung học chuyên nghiệp", "THCN", "TH chuyên nghiệp",
                                          "Trung cấp nghề", "TCN", "Y sĩ", "Y sỹ", "Y tá trung cấp",
                                          "Trung cấp chuyên nghiệp", "TCCN"),
    COLLEGE: ("Cao đẳng", "CĐ", "CD", "Cao đẳng nghề", "CĐN"),
    UNIVERSITY: ("Đại học", "ĐH", "DH", "Cử nhân", "CN", "Kỹ sư", "KS", "Kiến trúc sư", "KTS", "Bác sĩ", "Bác sỹ",
                 "BS", "Dược sĩ", "Dược sỹ", "DS", "Bác sĩ đa khoa", "BSĐK", "Đại học tại chức", "ĐHTC",
                 "Cử nhân cao đẳng"),
    MASTER: ("Thạc sĩ", "Thạc sỹ", "ThS", "Cao học", "Bác sĩ chuyên khoa I", "BSCKI", "BS CKI", "CKI",
             "Chuyên khoa I", "Chuyên khoa 1", "CK1", "Dược sĩ chuyên khoa I"),
    DOCTOR: ("Tiến sĩ", "Tiến sỹ", "TS", "TSKH", "Tiến sĩ khoa học", "Bác sĩ chuyên khoa II", "BSCKII", "CKII",
             "Chuyên khoa II", "Chuyên khoa 2", "CK2"),
}

# "ĐH Sư phạm", "Cử nhân Luật", "Kỹ sư nông nghiệp", "TC Y sĩ", "CĐ Sư phạm", "ThS Quản lý giáo dục"
PREFIXES = {
    ELEMENTARY: SHARED_PREFIXES[ELEMENTARY] + ("CNKT", "Công nhân kỹ thuật", "Chứng chỉ", "Nhân viên nghiệp vụ"),
    INTERMEDIATE: SHARED_PREFIXES[INTERMEDIATE] + ("THCN", "Trung học chuyên nghiệp", "Y sĩ", "Y sỹ", "TCCN"),
    COLLEGE: ("Cao đẳng", "CĐ", "CD"),
    UNIVERSITY: ("Đại học", "ĐH", "DH", "Cử nhân", "CN", "Kỹ sư", "KS", "Kiến trúc sư", "Bác sĩ", "Bác sỹ", "BS",
                 "Dược sĩ", "Dược sỹ", "ĐHSP", "ĐHTC", "Tốt nghiệp đại học", "TN ĐH", "Học viện"),
    MASTER: ("Thạc sĩ", "Thạc sỹ", "ThS", "Cao học", "BSCKI", "BS CKI", "CKI", "CK1", "Chuyên khoa I"),
    DOCTOR: ("Tiến sĩ", "Tiến sỹ", "TS", "TSKH", "BSCKII", "CKII", "CK2", "Chuyên khoa II"),
}
# written inside a longer cell: "Giáo viên, trình độ cao đẳng", "Bằng cử nhân luật"
PHRASES = {
    UNIVERSITY: ("đại học", "cử nhân", "kỹ sư"),
    COLLEGE: ("cao đẳng",),
    INTERMEDIATE: ("trung cấp",),
    MASTER: ("thạc sĩ", "thạc sỹ"),
    DOCTOR: ("tiến sĩ", "tiến sỹ"),
    ELEMENTARY: ("sơ cấp",),
}

LABELS = {NONE: "Không có (chưa qua đào tạo)", ELEMENTARY: "CNKT, nhân viên nghiệp vụ, sơ cấp",
          INTERMEDIATE: "Trung cấp", COLLEGE: "Cao đẳng", UNIVERSITY: "Đại học", MASTER: "Thạc sĩ",
          DOCTOR: "Tiến sĩ"}

VOCAB = Vocabulary("professional", "Chuyên môn nghiệp vụ", FORMS, PREFIXES, PHRASES, LABELS)
