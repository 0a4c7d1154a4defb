"""The fields a member sheet can hold, and the many ways headers name them.

Matching is accent- and case-insensitive (fold) and gives a confidence: 1.0 for a known spelling, less for
a header that only contains one. Pure functions, no third-party imports.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from app.common.text import fold

# field -> (Vietnamese label for the wizard, known spellings folded)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "seq": ("Số thứ tự", ("tt", "stt", "so tt", "so thu tu", "thu tu", "s tt", "no")),
    "full_name": ("Họ và tên", ("ho va ten", "ho ten", "ho va ten dang vien", "ho ten dang vien", "ten dang vien",
                                "ho va ten khai sinh", "ho, ten", "ho va ten dv", "ho ten dv")),
    "family_name": ("Họ và đệm (cột riêng)", ("ho va dem", "ho dem", "ho, dem", "ho va ten dem", "ho")),
    "given_name": ("Tên (cột riêng)", ("ten",)),
    "other_name": ("Tên gọi khác", ("ten goi khac", "bi danh", "ten khac")),
    "gender": ("Giới tính", ("gioi tinh", "gioi", "nam nu", "nam/nu", "phai")),
    "birth_date": ("Ngày sinh", ("ngay sinh", "ngay thang nam sinh", "ngay, thang, nam sinh", "nam sinh", "sinh ngay",
                                 "ntns", "ngay/thang/nam sinh", "ngay thang nam sinh dang vien", "sinh nam")),
    "male": ("Nam (ngày sinh hoặc đánh dấu)", ("nam",)),
    "female": ("Nữ (ngày sinh hoặc đánh dấu)", ("nu",)),
    "ethnicity": ("Dân tộc", ("dan toc",)),
    "religion": ("Tôn giáo", ("ton giao", "ton giao (neu co)")),
    "birthplace": ("Quê quán", ("que quan", "nguyen quan", "que")),
    "residence": ("Nơi ở hiện nay", ("noi o", "noi o hien nay", "cho o", "cho o hien nay", "dia chi", "noi cu tru",
                                     "thuong tru", "noi thuong tru", "tru quan", "dia chi thuong tru")),
    "national_id": ("Số CCCD", ("cccd", "so cccd", "can cuoc", "can cuoc cong dan", "cmnd", "so cmnd", "so cmnd/cccd",
                                "cmnd/cccd", "so dinh danh", "so dinh danh ca nhan", "so cccd/cmnd")),
    "card_number": ("Số thẻ đảng viên", ("so the", "so the dang vien", "so the dv", "the dang vien", "so the dang")),
    "dossier_number": ("Số lý lịch", ("so ly lich", "so ll", "so lldv", "ly lich so")),
    "phone": ("Điện thoại", ("dien thoai", "sdt", "so dien thoai", "dt", "so dt")),
    "occupation": ("Nghề nghiệp", ("nghe nghiep", "cong viec", "nghe nghiep hien nay", "cong viec hien nay",
                                   "nghe nghiep, chuc vu", "nghe")),
    "position_party": ("Chức vụ Đảng", ("chuc vu dang", "chuc vu trong dang", "chuc vu dang uy")),
    "position_government": ("Chức vụ chính quyền", ("chuc vu", "chuc vu chinh quyen", "chuc vu hien nay",
                                                   "chuc danh")),
    "position_mass_org": ("Chức vụ đoàn thể", ("chuc vu doan the",)),
    "general_education": ("Giáo dục phổ thông", ("van hoa", "hoc van", "trinh do van hoa", "gdpt", "giao duc pho thong",
                                                 "trinh do hoc van", "tdvh", "trinh do gdpt", "trinh do")),
    "professional": ("Chuyên môn nghiệp vụ", ("chuyen mon", "cmnv", "trinh do chuyen mon", "chuyen mon nghiep vu",
                                             "tdcm", "trinh do cmnv", "cm nv", "chuyen nganh")),
    "academic": ("Học hàm, học vị", ("hoc ham", "hoc vi", "hoc ham, hoc vi", "hoc ham hoc vi")),
    "political_theory": ("Lý luận chính trị", ("llct", "ly luan chinh tri", "ly luan", "chinh tri", "trinh do llct",
                                                "trinh do ly luan", "trinh do ly luan chinh tri")),
    "foreign_language": ("Ngoại ngữ", ("ngoai ngu",)),
    "it_skill": ("Tin học", ("tin hoc",)),
    "admitted_on": ("Ngày vào Đảng", ("ngay vao dang", "ngay ket nap", "ket nap", "vao dang", "ngay vao dang (ket nap)",
                                      "ngay ket nap dang", "ngay, thang, nam vao dang", "ngay thang nam vao dang",
                                      "ngay vao dang du bi", "nam vao dang")),
    "official_on": ("Ngày chính thức", ("ngay chinh thuc", "ngay cong nhan chinh thuc", "chinh thuc",
                                        "ngay chuyen chinh thuc", "ngay vao dang chinh thuc", "cong nhan chinh thuc",
                                        "ngay, thang, nam chinh thuc", "ngay thang nam chinh thuc")),
    "unit": ("Chi bộ", ("chi bo", "sinh hoat tai chi bo", "don vi", "chi bo sinh hoat", "ten chi bo",
                        "sinh hoat chi bo",
                        "noi sinh hoat", "thuoc chi bo", "to chuc dang", "chi bo, dang bo")),
    "standing": ("Dự bị / Chính thức", ("du bi/chinh thuc", "loai dang vien", "dv du bi", "du bi", "chinh thuc/du bi",
                                        "dang vien du bi")),
    "youth_union": ("Đoàn viên", ("doan vien", "dv tncs", "doan vien tncs")),
    "notes": ("Ghi chú", ("ghi chu", "ghi chu khac", "chu thich")),
    "rating": ("Xếp loại (theo năm)", ("xep loai", "danh gia", "xep loai chat luong", "danh gia xep loai",
                                       "ket qua danh gia", "phan loai", "xl", "ket qua xep loai",
                                       "danh gia, xep loai", "xep loai dang vien", "phan loai dang vien")),
    # the lines of the official book's stacked columns (Mẫu 7-HSĐV, DOMAIN §8); no header names them alone,
    # book_layout maps them by the line they sit on
    "occupation_before": ("Nghề nghiệp trước khi vào Đảng", ()),
    "badge_number": ("Số Huy hiệu Đảng", ()),
    "service_mark": ("Bộ đội, công an, hưu trí", ()),
    "moved_out_on": ("Ngày chuyển đi", ()),
    "moved_out_to": ("Chuyển đến đảng bộ (khi chuyển đi)", ()),
    "moved_in_on": ("Ngày chuyển đến", ()),
    "moved_in_from": ("Từ đảng bộ nào đến", ()),
    "died_on": ("Ngày từ trần", ()),
    "death_reason": ("Lý do từ trần", ()),
    "left_on": ("Ngày ra khỏi Đảng", ()),
    "left_form": ("Hình thức ra khỏi Đảng", ()),
    "exemption_note": ("Miễn công tác và sinh hoạt đảng (ghi chú)", ()),
}

FIELD_LABELS = {name: label for name, (label, _) in FIELDS.items()}
# one-word spellings that are also ordinary words once the accents are folded away ("phái" = sex, but
# "phải" = must: "Số tiền phải đóng", "Tuổi đảng (phải tròn …)"): they name a field only as the whole header
_WHOLE_HEADER_ONLY = {"phai", "que", "nghe", "ho", "ten", "nam", "nu", "gioi", "no", "tt", "dt"}
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


@functools.lru_cache(maxsize=65536, typed=True)   # asked of every row's name cell (a repeated header?)
def header_key(text) -> str:
    """Folded header text with punctuation turned into spaces ("Ngày, tháng, năm sinh" → "ngay thang nam sinh")."""
    if text is None:
        return ""
    key = fold(str(text))
    key = re.sub(r"[\n\r\t]+", " ", key)
    key = re.sub(r"[^a-z0-9/ ]+", " ", key)
    key = key.replace(" / ", "/")
    return re.sub(r"\s+", " ", key).strip()


_SYNONYMS: dict[str, str] = {}
for _field, (_label, _spellings) in FIELDS.items():
    for _s in _spellings:
        _SYNONYMS.setdefault(header_key(_s), _field)


@dataclass(frozen=True)
class HeaderMatch:
    field: str | None
    confidence: float
    year: int | None = None


def match_header(text) -> HeaderMatch:
    """The field a header names, with a confidence in [0, 1]; a rating header also gives its year."""
    key = header_key(text)
    if not key:
        return HeaderMatch(None, 0.0)
    year = None
    m = _YEAR.search(key)
    if m:
        year = int(m.group(1))
        rest = header_key(_YEAR.sub(" ", key).replace(" nam ", " ").replace("nam ", " "))
        rest = re.sub(r"\b(nam)\b", " ", rest).strip()
        rest = re.sub(r"\s+", " ", rest)
        base = _best(rest)
        if base.field == "rating" or (base.field is None and rest in ("", "kq", "ket qua")):
            return HeaderMatch("rating", base.confidence if base.field else 0.6, year)
        if base.field is not None:
            return HeaderMatch(base.field, base.confidence * 0.9, None)
        return HeaderMatch(None, 0.0, year)
    return _best(key)


def _best(key: str) -> HeaderMatch:
    if not key:
        return HeaderMatch(None, 0.0)
    if key in _SYNONYMS:
        return HeaderMatch(_SYNONYMS[key], 1.0)
    compact = key.replace(" ", "")
    for synonym, field in _SYNONYMS.items():
        if synonym.replace(" ", "") == compact:
            return HeaderMatch(field, 0.95)
    # a header that starts with or contains a known spelling ("Họ và tên đảng viên (ghi theo CCCD)")
    best = HeaderMatch(None, 0.0)
    for synonym, field in _SYNONYMS.items():
        if len(synonym) < 4 or synonym in _WHOLE_HEADER_ONLY:
            continue
        if key.startswith(synonym + " ") or key.endswith(" " + synonym) or f" {synonym} " in f" {key} ":
            confidence = 0.6 + 0.3 * len(synonym) / max(len(key), 1)
            if confidence > best.confidence:
                best = HeaderMatch(field, round(confidence, 2))
    return best


def is_year_text(text) -> int | None:
    key = header_key(text)
    m = re.fullmatch(r"(?:nam )?(19[5-9]\d|20\d\d)", key)
    return int(m.group(1)) if m else None
