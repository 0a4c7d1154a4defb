"""Cấp của tổ chức đảng, from how a unit's name begins (DOMAIN.md §1)."""

from __future__ import annotations

from . import Vocabulary

COMMUNE, COMMITTEE, GRASSROOTS_CELL, SUB_COMMITTEE, CELL = (
    "commune", "grassroots_committee", "grassroots_cell", "sub_committee", "cell")

FORMS = {
    COMMUNE: ("Đảng bộ xã", "Đảng bộ phường", "Đảng bộ thị trấn", "Đảng ủy xã", "Đảng ủy phường", "ĐBX", "ĐB xã"),
    COMMITTEE: ("Đảng bộ cơ sở", "ĐBCS", "ĐB cơ sở", "Đảng bộ", "ĐB", "Đảng ủy cơ sở"),
    GRASSROOTS_CELL: ("Chi bộ cơ sở", "CBCS", "CB cơ sở", "Chi bộ cơ sở trực thuộc"),
    SUB_COMMITTEE: ("Đảng bộ bộ phận", "ĐBBP", "ĐB bộ phận"),
    CELL: ("Chi bộ trực thuộc", "CBTT", "CB trực thuộc", "Chi bộ", "CB", "Chi bộ TT"),
}
# names begin with the level: "Chi bộ thôn Nà Sla", "Đảng bộ Bệnh viện …", "Đảng bộ bộ phận Khối cơ quan"
PREFIXES = {k: v for k, v in FORMS.items()}

LABELS = {COMMUNE: "Đảng bộ xã", COMMITTEE: "Đảng bộ cơ sở", GRASSROOTS_CELL: "Chi bộ cơ sở",
          SUB_COMMITTEE: "Đảng bộ bộ phận", CELL: "Chi bộ trực thuộc"}

VOCAB = Vocabulary("unit_kind", "Cấp tổ chức đảng", FORMS, PREFIXES, {}, LABELS)


def strip_kind(name: str) -> str:
    """The unit's name without the words of its level: 'Chi bộ Trường Tiểu học Bản Chu' -> 'trường tiểu học …'
    (folded form key)."""
    from . import form_key

    key = form_key(name)
    for form, _value in VOCAB._prefixes:
        if key == form:
            return ""
        if key.startswith(form + " "):
            return key[len(form) + 1:]
    return key
