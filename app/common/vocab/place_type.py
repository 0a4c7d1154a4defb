"""Loại hình cơ sở (the rows of Biểu 5-BTCTW, DOMAIN.md §1), from a unit's name without its level words.

"Chi bộ Trường …" → trường học, "Đảng bộ Bệnh viện …" → y tế, "Chi bộ Công an xã" → công an, "Agribank" →
doanh nghiệp Nhà nước nắm giữ 100% vốn điều lệ. Ownership words ("tư thục", "cổ phần", "TNHH") decide before
the kind of place: a private school is a đơn vị sự nghiệp ngoài công lập.
"""

from __future__ import annotations

from functools import lru_cache

from . import Vocabulary

(VILLAGE, SCHOOL, HEALTH, PARTY_MASS_ORG, STATE_AGENCY, PUBLIC_SERVICE, PRIVATE_SERVICE, MILITARY, POLICE,
 SOE_100, SOE_50, SOE_MINOR, JOINT_STOCK, PRIVATE_ENTERPRISE, LLC, PARTNERSHIP, FOREIGN_INVESTED, COOPERATIVE,
 ABROAD, OTHER) = (
    "village", "school", "health", "party_mass_org", "state_agency", "public_service", "private_service",
    "military", "police", "soe_100", "soe_50", "soe_minor", "joint_stock", "private_enterprise", "llc",
    "partnership", "foreign_invested", "cooperative", "abroad", "other")

FORMS = {
    VILLAGE: ("Thôn", "Bản", "Xóm", "Tổ dân phố", "TDP", "Khu phố", "KP", "Ấp", "Khóm", "Buôn", "Plei", "Làng",
              "Khu dân cư", "KDC", "Sóc", "Thôn bản", "Chi bộ nông thôn", "Nông thôn"),
    SCHOOL: ("Trường học", "Trường", "Các trường học", "Khối trường học", "Giáo dục", "Ngành giáo dục"),
    HEALTH: ("Trạm Y tế", "TYT", "Y tế", "Bệnh viện", "BV", "Phòng khám đa khoa", "PKĐK", "Trung tâm Y tế",
             "TTYT", "Ngành y tế"),
    PARTY_MASS_ORG: ("Cơ quan Đảng", "Cơ quan Đảng, MTTQ, đoàn thể", "Cơ quan Đảng, MTTQ, đoàn thể CT-XH",
                     "Khối Đảng", "Khối Đảng - đoàn thể", "Khối Đảng, đoàn thể", "Đảng - đoàn thể",
                     "MTTQ và các đoàn thể", "Mặt trận và các đoàn thể", "Khối dân vận", "Đoàn thể",
                     "Cơ quan Đảng ủy", "Văn phòng Đảng ủy", "Cơ quan MTTQ"),
    STATE_AGENCY: ("Cơ quan Nhà nước", "Cơ quan UBND xã", "UBND xã", "UBND", "Ủy ban nhân dân", "Ủy ban",
                   "Cơ quan chính quyền", "Khối chính quyền", "Chính quyền", "HĐND - UBND", "HĐND và UBND",
                   "Cơ quan HĐND - UBND", "Chi cục Thuế", "Kho bạc", "Tòa án", "Viện kiểm sát", "Hạt Kiểm lâm",
                   "Kiểm lâm", "Trung tâm Phục vụ hành chính công"),
    PUBLIC_SERVICE: ("Đơn vị sự nghiệp công lập", "Đơn vị sự nghiệp", "Sự nghiệp công lập",
                     "Trung tâm Dịch vụ nông nghiệp", "Trung tâm Văn hóa", "Đài Truyền thanh",
                     "Trung tâm Văn hóa - Thông tin - Thể thao", "Ban Quản lý rừng phòng hộ", "BQL rừng phòng hộ",
                     "Ban Quản lý dự án", "Trung tâm Cung ứng dịch vụ công"),
    PRIVATE_SERVICE: ("Đơn vị sự nghiệp ngoài công lập", "Ngoài công lập", "Trường tư thục", "Trường dân lập",
                      "Mầm non tư thục", "Bệnh viện tư nhân", "Phòng khám tư nhân"),
    MILITARY: ("Quân sự", "Quân sự xã", "Ban Chỉ huy quân sự", "Ban CHQS", "BCHQS", "Quân đội", "Đồn Biên phòng",
               "Đồn BP", "Biên phòng", "Đơn vị quân đội", "Trung đoàn", "Tiểu đoàn", "Đại đội"),
    POLICE: ("Công an", "Công an xã", "Công an phường", "Công an thị trấn", "CA", "CA xã", "CAX",
             "Đồn Công an", "Trạm Công an"),
    SOE_100: ("Agribank", "Ngân hàng Nông nghiệp và Phát triển nông thôn", "NHNo&PTNT", "NHNo", "NHNN&PTNT",
              "Ngân hàng NN&PTNT", "Bưu điện", "Bưu điện văn hóa xã", "VNPost", "Điện lực", "Chi nhánh Điện lực",
              "EVN", "Viettel", "VNPT", "Doanh nghiệp Nhà nước 100% vốn", "Doanh nghiệp 100% vốn Nhà nước",
              "Công ty TNHH MTV Nhà nước"),
    SOE_50: ("Vietcombank", "VietinBank", "BIDV", "Doanh nghiệp Nhà nước nắm giữ từ 50% vốn điều lệ trở lên",
             "Doanh nghiệp Nhà nước chi phối"),
    SOE_MINOR: ("Doanh nghiệp Nhà nước nắm giữ dưới 50% vốn điều lệ", "Nhà nước dưới 50% vốn"),
    JOINT_STOCK: ("Công ty cổ phần", "CTCP", "Cty CP", "Công ty CP", "Cổ phần", "CP"),
    PRIVATE_ENTERPRISE: ("Doanh nghiệp tư nhân", "DNTN", "DN tư nhân"),
    LLC: ("Công ty trách nhiệm hữu hạn", "Công ty TNHH", "Cty TNHH", "TNHH", "Trách nhiệm hữu hạn"),
    PARTNERSHIP: ("Công ty hợp danh", "Cty hợp danh", "Hợp danh"),
    FOREIGN_INVESTED: ("Doanh nghiệp có vốn nước ngoài", "Doanh nghiệp FDI", "FDI", "Vốn nước ngoài",
                       "Doanh nghiệp liên doanh", "Liên doanh", "100% vốn nước ngoài"),
    COOPERATIVE: ("Hợp tác xã", "HTX", "Hợp tác xã nông nghiệp", "HTX NN", "HTXNN", "Liên hiệp hợp tác xã"),
    ABROAD: ("Ngoài nước", "Ở ngoài nước", "Nước ngoài"),
    OTHER: ("Loại hình khác", "Khác"),
}
PREFIXES = {
    VILLAGE: ("Thôn", "Bản", "Xóm", "Tổ dân phố", "TDP", "Khu phố", "Ấp", "Khóm", "Buôn", "Plei", "Làng",
              "Khu dân cư", "Sóc", "Tổ", "Khu"),
    SCHOOL: ("Trường", "Mầm non", "Mẫu giáo", "Nhà trẻ", "Tiểu học", "THCS", "THPT", "TH", "MN", "PTDTNT",
             "PTDTBT", "PTDT", "Liên trường", "Trường TH", "Trường MN"),
    HEALTH: ("Trạm Y tế", "TYT", "Bệnh viện", "BV", "Phòng khám", "Trung tâm Y tế", "TTYT", "Y tế"),
    PARTY_MASS_ORG: ("Cơ quan Đảng", "Khối Đảng", "Đảng - đoàn thể", "MTTQ", "Mặt trận", "Đoàn thể",
                     "Cơ quan MTTQ", "Khối dân vận", "Văn phòng Đảng ủy"),
    STATE_AGENCY: ("Cơ quan UBND", "UBND", "Ủy ban nhân dân", "HĐND", "Cơ quan chính quyền", "Khối chính quyền",
                   "Chính quyền", "Chi cục Thuế", "Kho bạc", "Tòa án", "Viện kiểm sát", "Hạt Kiểm lâm"),
    PUBLIC_SERVICE: ("Trung tâm Dịch vụ", "Trung tâm Văn hóa", "Đài Truyền thanh", "Ban Quản lý", "BQL",
                     "Trung tâm Cung ứng"),
    MILITARY: ("Quân sự", "Ban Chỉ huy quân sự", "Ban CHQS", "BCHQS", "Quân đội", "Đồn Biên phòng", "Đồn BP",
               "Biên phòng", "Trung đoàn", "Tiểu đoàn", "Đại đội"),
    POLICE: ("Công an", "CA", "Đồn Công an"),
    SOE_100: ("Agribank", "Ngân hàng Nông nghiệp", "NHNo", "Bưu điện", "Điện lực", "Viettel", "VNPT"),
    SOE_50: ("Vietcombank", "VietinBank", "BIDV"),
    JOINT_STOCK: ("Công ty cổ phần", "CTCP", "Cty CP", "Công ty CP"),
    PRIVATE_ENTERPRISE: ("Doanh nghiệp tư nhân", "DNTN"),
    LLC: ("Công ty TNHH", "Cty TNHH", "Công ty trách nhiệm hữu hạn"),
    PARTNERSHIP: ("Công ty hợp danh",),
    COOPERATIVE: ("Hợp tác xã", "HTX"),
}
# ownership decides before the kind of place; banks and utilities are named anywhere in the name
OVERRIDES = {
    PRIVATE_SERVICE: ("tư thục", "dân lập", "ngoài công lập", "bệnh viện tư nhân", "phòng khám tư nhân"),
    JOINT_STOCK: ("cổ phần", "CTCP"),
    LLC: ("TNHH", "trách nhiệm hữu hạn"),
    PRIVATE_ENTERPRISE: ("doanh nghiệp tư nhân", "DNTN"),
    FOREIGN_INVESTED: ("vốn nước ngoài", "FDI", "liên doanh"),
    SOE_100: ("Agribank", "NHNo&PTNT", "Ngân hàng Nông nghiệp và Phát triển nông thôn", "VNPost", "EVN",
              "Viettel", "VNPT"),
    SOE_50: ("Vietcombank", "VietinBank", "BIDV"),
    COOPERATIVE: ("hợp tác xã", "HTX"),
}

LABELS = {
    VILLAGE: "Thôn, bản, tổ dân phố", SCHOOL: "Trường học", HEALTH: "Y tế",
    PARTY_MASS_ORG: "Cơ quan Đảng, MTTQ, đoàn thể CT-XH", STATE_AGENCY: "Cơ quan Nhà nước",
    PUBLIC_SERVICE: "Đơn vị sự nghiệp công lập", PRIVATE_SERVICE: "Đơn vị sự nghiệp ngoài công lập",
    MILITARY: "Quân đội (quân sự)", POLICE: "Công an", SOE_100: "Doanh nghiệp Nhà nước nắm giữ 100% vốn điều lệ",
    SOE_50: "Doanh nghiệp Nhà nước nắm giữ từ 50% vốn điều lệ trở lên",
    SOE_MINOR: "Doanh nghiệp Nhà nước nắm giữ dưới 50% vốn điều lệ", JOINT_STOCK: "Công ty cổ phần",
    PRIVATE_ENTERPRISE: "Doanh nghiệp tư nhân", LLC: "Công ty trách nhiệm hữu hạn", PARTNERSHIP: "Công ty hợp danh",
    FOREIGN_INVESTED: "Doanh nghiệp có vốn nước ngoài", COOPERATIVE: "Hợp tác xã",
    ABROAD: "Tổ chức cơ sở đảng ở ngoài nước", OTHER: "Loại hình khác",
}

VOCAB = Vocabulary("place_type", "Loại hình cơ sở", FORMS, PREFIXES, {}, LABELS, OVERRIDES)


@lru_cache(maxsize=4096)   # asked for every row of a unit's sheet
def place_type_of_unit(name: str | None) -> str | None:
    """Biểu 5's row for a unit, from its name ('Chi bộ Trường Tiểu học Bản Chu' → school); None if unclear."""
    from .unit_kind import strip_kind

    if not name:
        return None
    rest = strip_kind(name)
    return VOCAB.lookup(rest) if rest else None
