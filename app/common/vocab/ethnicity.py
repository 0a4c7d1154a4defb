"""Dân tộc: the 54 groups under their official names (app.common.ethnicity) with the other spellings records use.

"H'Mông" = "Mông" = "HMông" (DOMAIN.md §2): the folding of Vocabulary drops the apostrophe and, for the
compact key, the spaces, so those are one form.
"""

from __future__ import annotations

from app.common.ethnicity import _ALIASES, ETHNIC_GROUPS

from . import Vocabulary

# more names found in lists: local group names that belong to one of the 54 (Thái đen → Thái …)
_MORE = {
    "Kinh": ("Việt", "Người Kinh", "Kinh (Việt)"),
    "Tày": ("Thổ (Tày)", "Tày Thanh"),
    "Thái": ("Thái đen", "Thái trắng", "Thái Đen", "Thái Trắng"),
    "Khơ Me": ("Khơ-me", "Khơ me", "Khmer", "Khơme", "Khmer Krom", "Khơ-me Krôm"),
    "Hoa": ("Người Hoa", "Hán"),
    "Mông": ("H'Mông", "HMông", "H Mông", "Hmong", "H'mông", "Mèo", "Mông Đen", "Mông Hoa", "Mông Trắng"),
    "Dao": ("Mán", "Dao Đỏ", "Dao Tiền", "Dao Quần Chẹt", "Dao Thanh Phán", "Dao Quần Trắng", "Dao Áo Dài"),
    "Gia Rai": ("Giơ Rai", "Jrai", "Ja Rai", "Gia-rai"),
    "Ê Đê": ("Ê-đê", "Êđê", "Ede", "Rhade", "Ra Đê"),
    "Ba Na": ("Ba-na", "Bana", "Bahnar"),
    "Sán Chay": ("Sán Chí", "Cao Lan", "Cao Lan - Sán Chí"),
    "Chăm": ("Chàm", "Chăm Hroi"),
    "Cơ Ho": ("Cơ-ho", "K'Ho", "Koho"),
    "Xơ Đăng": ("Xơ-đăng", "Sedang"),
    "Sán Dìu": ("Sán Dẻo", "Sán dìu"),
    "Hrê": ("H'rê", "Hre"),
    "Ra Glai": ("Raglai", "Ra-glai"),
    "Mnông": ("M'Nông", "Mơ Nông", "Mnong"),
    "Stiêng": ("Xtiêng", "X'tiêng", "Stieng"),
    "Khơ Mú": ("Khơ-mú", "Khmu", "Kmhmu", "Xá Cẩu"),
    "Bru - Vân Kiều": ("Bru Vân Kiều", "Vân Kiều", "Bru-Vân Kiều"),
    "Cơ Tu": ("Cơ-tu", "Ca Tu", "Katu", "Ka Tu"),
    "Tà Ôi": ("Tà-ôi", "Pa Cô", "Pa Kô", "Ta Ôi"),
    "Giẻ Triêng": ("Giẻ-triêng", "Gié Triêng", "Giẻ - Triêng"),
    "Chơ Ro": ("Chơ-ro", "Châu Ro"),
    "Xinh Mun": ("Xinh-mun",),
    "Hà Nhì": ("Hà-nhì",),
    "Chu Ru": ("Chu-ru",),
    "La Chí": ("La-chí",),
    "Phù Lá": ("Phù-lá",),
    "La Hủ": ("La-hủ",),
    "La Ha": ("La-ha",),
    "Pà Thẻn": ("Pà-thẻn",),
    "Lô Lô": ("Lô-lô",),
    "Cờ Lao": ("Cờ-lao", "Cơ Lao"),
    "Bố Y": ("Bố-y",),
    "Si La": ("Si-la",),
    "Pu Péo": ("Pu-péo",),
    "Rơ Măm": ("Rơ-măm",),
    "Brâu": ("Brao",),
    "Ơ Đu": ("Ơ-đu",),
}

FORMS: dict[str, tuple[str, ...]] = {}
for _name in ETHNIC_GROUPS:
    _aliases = tuple(a for a, target in _ALIASES.items() if target == _name)
    FORMS[_name] = (_name, f"Dân tộc {_name}", f"DT {_name}") + _MORE.get(_name, ()) + _aliases

LABELS = {name: name for name in ETHNIC_GROUPS}

VOCAB = Vocabulary("ethnicity", "Dân tộc", FORMS, {}, {}, LABELS)
