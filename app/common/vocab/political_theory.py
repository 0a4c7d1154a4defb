"""Trình độ lý luận chính trị (DOMAIN.md §2): sơ cấp, trung cấp, cao cấp / cử nhân (reported together)."""

from __future__ import annotations

from . import NONE, NONE_FORMS, Vocabulary
from .levels import ADVANCED, ELEMENTARY, INTERMEDIATE, SHARED, SHARED_PREFIXES

FORMS = {
    NONE: NONE_FORMS + ("Chưa học LLCT", "Không có LLCT"),
    ELEMENTARY: SHARED[ELEMENTARY] + ("Sơ cấp LLCT", "SCLLCT", "SC LLCT", "Sơ cấp lý luận chính trị",
                                      "Sơ cấp lý luận", "SCCT"),
    INTERMEDIATE: SHARED[INTERMEDIATE] + ("Trung cấp LLCT", "TC LLCT", "Trung cấp lý luận chính trị",
                                          "Trung cấp lý luận", "Trung cấp LLCT - HC", "TCLLCT-HC",
                                          "Trung cấp chính trị - hành chính", "TCCT-HC"),
    ADVANCED: ("Cao cấp", "CC", "C/C", "Cao cấp LLCT", "CCLLCT", "CC LLCT", "Cao cấp lý luận chính trị",
               "Cao cấp chính trị", "CCCT", "Cao cấp LLCT - HC", "CCLLCT-HC", "Cao cấp chính trị - hành chính",
               "Cử nhân", "CN", "Cử nhân chính trị", "CNCT", "Cử nhân LLCT", "Cử nhân lý luận chính trị"),
}
PREFIXES = {
    ELEMENTARY: SHARED_PREFIXES[ELEMENTARY],
    INTERMEDIATE: SHARED_PREFIXES[INTERMEDIATE],
    ADVANCED: ("Cao cấp", "CC", "Cử nhân", "CN"),
}
PHRASES = {ELEMENTARY: ("sơ cấp",), INTERMEDIATE: ("trung cấp",), ADVANCED: ("cao cấp", "cử nhân")}

LABELS = {NONE: "Không có", ELEMENTARY: "Sơ cấp", INTERMEDIATE: "Trung cấp", ADVANCED: "Cao cấp, cử nhân"}

VOCAB = Vocabulary("political_theory", "Lý luận chính trị", FORMS, PREFIXES, PHRASES, LABELS)
