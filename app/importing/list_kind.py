"""Is this sheet a list of party members at all? A commune's folder also holds Đoàn viên lists, lists of
candidates (quần chúng ưu tú, lớp bồi dưỡng nhận thức về Đảng), dues ledgers (sổ thu đảng phí) and blank
forms; their names must not become party members. Says what the sheet looks like, in Vietnamese.
"""

from __future__ import annotations

from .fields import header_key

_YOUTH_TITLE = ("danh sach doan vien", "chi doan", "doan tncs", "doan thanh nien", "so doan vien", "ban chap hanh doan")
_CANDIDATE_TITLE = ("quan chung uu tu", "cam tinh dang", "doi tuong ket nap", "doi tuong phat trien dang",
                    "doi tuong dang", "boi duong nhan thuc ve dang", "lop nhan thuc ve dang",
                    "hoc lop nhan thuc", "quan chung")
_DUES_TITLE = ("dang phi", "thu nop dang phi", "so thu dang phi")
_DUES_HEADER = ("dang phi", "so tien", "muc dong", "phai dong", "da dong", "thu nhap")


def _has(text: str, words) -> str | None:
    padded = f" {text} "
    for w in words:
        if f" {w} " in padded:
            return w
    return None


def not_a_party_list(title_texts: list[str], header_texts: list[str], named_rows: int,
                     total_rows: int) -> str | None:
    """Why the sheet is not a party members' list, or None when it may be one."""
    title = " ".join(header_key(t) for t in title_texts)
    headers = [header_key(t) for t in header_texts if t]
    joined = " | ".join(headers)
    party_header = any(_has(h, ("vao dang", "ket nap", "the dang vien", "chinh thuc", "dang vien")) for h in headers)
    party_title = _has(title, ("dang vien", "dang vien du bi", "so danh sach dang vien"))
    if _has(title, _DUES_TITLE) or sum(1 for h in headers if _has(h, _DUES_HEADER)) >= 2:
        return ("Trang tính giống sổ thu nộp đảng phí (có cột số tiền / đảng phí), không phải danh sách đảng viên: "
                "không nhập người nào.")
    if _has(title, _YOUTH_TITLE) and not party_title or (
            _has(joined, ("vao doan", "ngay vao doan")) and not _has(joined, ("vao dang", "ket nap"))):
        return ("Trang tính giống danh sách đoàn viên (Đoàn TNCS Hồ Chí Minh), không phải danh sách đảng viên: "
                "không nhập người nào.")
    if _has(title, _CANDIDATE_TITLE) and not party_header:
        return ("Trang tính giống danh sách quần chúng / đối tượng kết nạp Đảng, chưa phải đảng viên: không nhập "
                "người nào (quần chúng nhập ở thẻ «Kết nạp»).")
    if named_rows == 0:
        if total_rows:
            return (f"Trang tính là mẫu còn trống ({total_rows} dòng chỉ có số thứ tự, không có họ tên): "
                    "không có đảng viên để nhập.")
        return "Trang tính là mẫu còn trống (chỉ có dòng tiêu đề cột, chưa ghi người nào): không có đảng viên để nhập."
    return None
