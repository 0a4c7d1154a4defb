"""Xếp loại chất lượng đảng viên (DOMAIN.md §3): the four levels as codes, words, and older sheets' words.

Negated forms ("Không hoàn thành", "K.HTNV", "Không HT") are their own level, never "hoàn thành": the
longest form wins. EXEMPT and NOT_RATED are the two ways a sheet says a member was not rated.
"""

from __future__ import annotations

from . import Vocabulary

EXCELLENT, GOOD, DONE, FAILED = "HTXSNV", "HTTNV", "HTNV", "KHTNV"
EXEMPT, NOT_RATED = "exempt", "not_rated"

FORMS = {
    EXCELLENT: ("HTXSNV", "HTXS", "HTXS NV", "HTXS.NV", "H.T.X.S", "HT XS", "HT XSNV", "HTxuất sắc",
                "XS", "Xuất sắc", "Hoàn thành xuất sắc", "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành XSNV",
                "Hoàn thành XS", "HT xuất sắc NV", "HT xuất sắc nhiệm vụ", "HT xuất sắc",
                "Đủ tư cách hoàn thành xuất sắc nhiệm vụ", "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ",
                "ĐTC HTXSNV", "ĐTC-HTXSNV", "ĐTCHTXSNV", "HTXSNV tiêu biểu",
                "Hoàn thành xuất sắc nhiệm vụ được giao", "Tiêu biểu", "HTXSNV (tiêu biểu)"),
    GOOD: ("HTTNV", "HTT", "HTT NV", "HTT.NV", "H.T.T", "HT tốt", "HT tốt NV", "HT tốt nhiệm vụ", "HTtốt",
           "HTTốt NV", "Tốt", "T", "Hoàn thành tốt", "Hoàn thành tốt NV", "Hoàn thành tốt nhiệm vụ",
           "Hoàn thành tốt n.vụ", "Hoàn thành TNV", "Đủ tư cách hoàn thành tốt nhiệm vụ",
           "Đủ tư cách, hoàn thành tốt nhiệm vụ", "Hoàn thành tốt nhiệm vụ được giao", "ĐTC HTTNV", "ĐTC-HTTNV", "ĐTCHTTNV", "HTTNV+"),
    DONE: ("HTNV", "HT", "HT NV", "HT.NV", "H.T", "Hoàn thành", "Hoàn thành NV", "Hoàn thành nhiệm vụ",
           "Hoàn thành n.vụ", "HT nhiệm vụ", "Hoàn thành nhiệm vụ được giao", "Đủ tư cách hoàn thành nhiệm vụ", "Đủ tư cách, hoàn thành nhiệm vụ",
           "ĐTC HTNV", "ĐTC-HTNV", "ĐTCHTNV", "ĐTC",
           # the pre-2019 levels: khá / trung bình sat between "tốt" and "yếu" (Hướng dẫn 07, 2011)
           "Khá", "Trung bình", "TB", "HTNV hạn chế năng lực", "Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực"),
    FAILED: ("KHTNV", "KHT", "KHT NV", "KHT.NV", "K.HTNV", "K.HT", "K HTNV", "Không HT", "Không HTNV",
             "Không HT NV", "Không hoàn thành", "Không hoàn thành NV", "Không hoàn thành nhiệm vụ",
             "Không hoàn thành nhiệm vụ được giao",
             "Ko hoàn thành nhiệm vụ", "Ko HTNV", "Chưa hoàn thành nhiệm vụ", "Chưa HTNV", "Yếu", "Kém",
             "Yếu kém", "Vi phạm tư cách", "Vi phạm tư cách hoặc không hoàn thành nhiệm vụ", "VPTC"),
    EXEMPT: ("Miễn SH", "Miễn", "Miễn sinh hoạt", "Miễn SHĐ", "Miễn công tác", "Miễn công tác và sinh hoạt đảng",
             "Miễn CT và SHĐ", "Miễn CT&SH", "MSH", "M.SH", "Miễn đánh giá"),
    NOT_RATED: ("Chưa xếp loại", "Chưa XL", "Không xếp loại", "Không XL", "Chưa đánh giá", "Không đánh giá",
                "Dự bị", "Đảng viên dự bị", "ĐVDB", "Mới kết nạp", "Mới kết nạp chưa đủ 6 tháng",
                "Chưa đủ 6 tháng", "Kết nạp chưa đủ 6 tháng", "Đình chỉ sinh hoạt", "Đình chỉ SH"),
}
# cells that begin with a level and add a remark: "HTTNV (đề nghị khen)", "Miễn SH từ 2020"
PREFIXES = {
    EXCELLENT: ("HTXSNV", "HTXS", "Hoàn thành xuất sắc"),
    GOOD: ("HTTNV", "HTT", "Hoàn thành tốt"),
    DONE: ("HTNV",),
    FAILED: ("KHTNV", "KHT", "Không hoàn thành", "Không HT"),
    EXEMPT: ("Miễn SH", "Miễn sinh hoạt", "Miễn công tác", "MSH", "Miễn"),
    NOT_RATED: ("Chưa xếp loại", "Không xếp loại", "Chưa đánh giá", "Không đánh giá", "Mới kết nạp",
                "Dự bị", "Đình chỉ"),
}
PHRASES = {
    FAILED: ("không hoàn thành",),
    EXCELLENT: ("xuất sắc",),
    GOOD: ("hoàn thành tốt",),
    DONE: ("hoàn thành nhiệm vụ",),
}

LABELS = {EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ (HTXSNV)", GOOD: "Hoàn thành tốt nhiệm vụ (HTTNV)",
          DONE: "Hoàn thành nhiệm vụ (HTNV)", FAILED: "Không hoàn thành nhiệm vụ (KHTNV)",
          EXEMPT: "Miễn công tác và sinh hoạt đảng (không xếp loại)", NOT_RATED: "Không xếp loại năm đó"}

VOCAB = Vocabulary("rating", "Xếp loại", FORMS, PREFIXES, PHRASES, LABELS)
