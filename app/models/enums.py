"""Enumerations of the domain, with their Vietnamese labels kept in one place.

Values are stable English identifiers stored in the database; `label` is what the user sees.
"""

from __future__ import annotations

import enum


class LabelledEnum(str, enum.Enum):
    """A str enum whose members carry a Vietnamese label: Member(value, label)."""

    def __new__(cls, value: str, label: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:
        return self.value

    @classmethod
    def from_value(cls, value):
        if value is None or isinstance(value, cls):
            return value
        return cls(value)


class UnitKind(LabelledEnum):
    COMMUNE = ("commune", "Đảng bộ xã")
    GRASSROOTS_COMMITTEE = ("grassroots_committee", "Đảng bộ cơ sở")
    GRASSROOTS_CELL = ("grassroots_cell", "Chi bộ cơ sở")
    SUB_COMMITTEE = ("sub_committee", "Đảng bộ bộ phận")
    CELL = ("cell", "Chi bộ trực thuộc")


# A TCCSĐ (tổ chức cơ sở đảng) is a đảng bộ cơ sở or a chi bộ cơ sở (DOMAIN §1).
GRASSROOTS_KINDS = (UnitKind.GRASSROOTS_COMMITTEE, UnitKind.GRASSROOTS_CELL)


class PlaceType(LabelledEnum):
    """Loại hình cơ sở: the rows of Biểu 5-BTCTW, plus the village/school/clinic split seed 003 uses."""

    VILLAGE = ("village", "Thôn, bản, tổ dân phố")
    SCHOOL = ("school", "Trường học")
    HEALTH = ("health", "Y tế")
    PARTY_MASS_ORG = ("party_mass_org", "Cơ quan Đảng, MTTQ, đoàn thể CT-XH")
    STATE_AGENCY = ("state_agency", "Cơ quan Nhà nước")
    PUBLIC_SERVICE = ("public_service", "Đơn vị sự nghiệp công lập")
    PRIVATE_SERVICE = ("private_service", "Đơn vị sự nghiệp ngoài công lập")
    MILITARY = ("military", "Quân đội (quân sự)")
    POLICE = ("police", "Công an")
    SOE_100 = ("soe_100", "Doanh nghiệp Nhà nước nắm giữ 100% vốn điều lệ")
    SOE_50 = ("soe_50", "Doanh nghiệp Nhà nước nắm giữ từ 50% vốn điều lệ trở lên")
    SOE_MINOR = ("soe_minor", "Doanh nghiệp Nhà nước nắm giữ dưới 50% vốn điều lệ")
    JOINT_STOCK = ("joint_stock", "Công ty cổ phần")
    PRIVATE_ENTERPRISE = ("private_enterprise", "Doanh nghiệp tư nhân")
    LLC = ("llc", "Công ty trách nhiệm hữu hạn")
    PARTNERSHIP = ("partnership", "Công ty hợp danh")
    FOREIGN_INVESTED = ("foreign_invested", "Doanh nghiệp có vốn nước ngoài")
    COOPERATIVE = ("cooperative", "Hợp tác xã")
    ABROAD = ("abroad", "Tổ chức cơ sở đảng ở ngoài nước")
    OTHER = ("other", "Loại hình khác")


class UnitEventKind(LabelledEnum):
    FOUNDED = ("founded", "Thành lập")
    RENAMED = ("renamed", "Đổi tên")
    MERGED = ("merged", "Sáp nhập")
    DISSOLVED = ("dissolved", "Giải thể")
    TRANSFERRED_IN = ("transferred_in", "Tiếp nhận")
    TRANSFERRED_OUT = ("transferred_out", "Chuyển đi")
    REWARDED = ("rewarded", "Khen thưởng")
    DISCIPLINED = ("disciplined", "Kỷ luật")


class OfficerRole(LabelledEnum):
    SECRETARY = ("secretary", "Bí thư")
    DEPUTY = ("deputy", "Phó Bí thư")
    COMMITTEE = ("committee", "Cấp ủy viên")


class Gender(LabelledEnum):
    MALE = ("male", "Nam")
    FEMALE = ("female", "Nữ")


class DatePrecision(LabelledEnum):
    DAY = ("day", "Ngày")
    YEAR = ("year", "Năm")


class OccupationGroup(LabelledEnum):
    """The occupation rows of Biểu 2/3-BTCTW; RETIRED is part b. of Biểu 3."""

    STATE_OFFICIAL = ("state_official", "Cán bộ, công chức cơ quan Nhà nước từ cấp huyện trở lên")
    PARTY_OFFICIAL = ("party_official", "Cán bộ, công chức cơ quan Đảng, MTTQ, đoàn thể từ cấp huyện trở lên")
    COMMUNE_OFFICIAL = ("commune_official", "Cán bộ, công chức; người hoạt động không chuyên trách ở xã")
    VILLAGE_WORKER = ("village_worker", "Người hoạt động không chuyên trách thôn, tổ dân phố, bản")
    PUBLIC_EMPLOYEE = ("public_employee", "Viên chức trong đơn vị sự nghiệp công lập")
    PRIVATE_SERVICE_WORKER = ("private_service_worker", "Người lao động trong đơn vị sự nghiệp ngoài công lập")
    ENTERPRISE_MANAGER = ("enterprise_manager", "Người lãnh đạo, quản lý doanh nghiệp")
    ENTERPRISE_STAFF = ("enterprise_staff", "Nhân viên, người gián tiếp sản xuất")
    ENTERPRISE_WORKER = ("enterprise_worker", "Công nhân, lao động trực tiếp sản xuất")
    FARMER = ("farmer", "Người làm nông, lâm, ngư nghiệp")
    ARMED_FORCES = ("armed_forces", "Sỹ quan, chiến sỹ quân đội và công an")
    UNIVERSITY_STUDENT = ("university_student", "Sinh viên")
    PUPIL = ("pupil", "Học sinh")
    OTHER = ("other", "Khác (lao động hợp đồng, tự do…)")
    RETIRED = ("retired", "Nghỉ hưu, nghỉ công tác")


class GeneralEducation(LabelledEnum):
    LITERATE = ("literate", "Biết đọc, biết viết")
    PRIMARY = ("primary", "Tiểu học")
    LOWER_SECONDARY = ("lower_secondary", "Trung học cơ sở")
    UPPER_SECONDARY = ("upper_secondary", "Trung học phổ thông")


class ProfessionalLevel(LabelledEnum):
    ELEMENTARY = ("elementary", "CNKT, nhân viên nghiệp vụ, sơ cấp")
    INTERMEDIATE = ("intermediate", "Trung cấp")
    COLLEGE = ("college", "Cao đẳng")
    UNIVERSITY = ("university", "Đại học")
    MASTER = ("master", "Thạc sĩ")
    DOCTOR = ("doctor", "Tiến sĩ")


class AcademicTitle(LabelledEnum):
    ASSOCIATE_PROFESSOR = ("associate_professor", "Phó Giáo sư")
    PROFESSOR = ("professor", "Giáo sư")


class PoliticalTheory(LabelledEnum):
    ELEMENTARY = ("elementary", "Sơ cấp")
    INTERMEDIATE = ("intermediate", "Trung cấp")
    ADVANCED = ("advanced", "Cao cấp, cử nhân")


class Standing(LabelledEnum):
    PROBATIONARY = ("probationary", "Dự bị")
    OFFICIAL = ("official", "Chính thức")


class MemberEventKind(LabelledEnum):
    ADMITTED = ("admitted", "Kết nạp")
    ON_ROLL = ("on_roll", "Có tên trong danh sách")  # opening balance from a sheet or first entry
    CONFIRMED_OFFICIAL = ("confirmed_official", "Công nhận đảng viên chính thức")
    TRANSFERRED_IN = ("transferred_in", "Chuyển sinh hoạt đến")
    TRANSFERRED_OUT = ("transferred_out", "Chuyển sinh hoạt đi")
    MOVED = ("moved", "Chuyển chi bộ trong xã")
    TEMP_RETURNED = ("temp_returned", "Kết thúc sinh hoạt tạm thời")
    EXEMPTED = ("exempted", "Miễn công tác và sinh hoạt đảng")
    EXEMPTION_ENDED = ("exemption_ended", "Thôi miễn công tác và sinh hoạt đảng")
    SUSPENDED = ("suspended", "Đình chỉ sinh hoạt đảng")
    SUSPENSION_ENDED = ("suspension_ended", "Hết đình chỉ sinh hoạt đảng")
    DISCIPLINED = ("disciplined", "Kỷ luật")
    STRUCK_OFF = ("struck_off", "Xóa tên")
    EXPELLED = ("expelled", "Khai trừ")
    RESIGNED = ("resigned", "Xin ra khỏi Đảng")
    DECEASED = ("deceased", "Từ trần")
    RESTORED = ("restored", "Phục hồi đảng tịch")
    CARD_ISSUED = ("card_issued", "Phát thẻ đảng viên")
    CARD_REISSUED = ("card_reissued", "Cấp lại, đổi thẻ đảng viên")
    BADGE_AWARDED = ("badge_awarded", "Tặng Huy hiệu Đảng")
    REWARDED = ("rewarded", "Khen thưởng")
    RETIRED = ("retired", "Nghỉ hưu, nghỉ công tác")


# Events that end membership of the commune's list (Biểu 1 part C).
LEAVING_EVENTS = (
    MemberEventKind.DECEASED,
    MemberEventKind.EXPELLED,
    MemberEventKind.STRUCK_OFF,
    MemberEventKind.RESIGNED,
    MemberEventKind.TRANSFERRED_OUT,
)
# Leaving the Party itself (not only the commune): re-admission rules and party age are affected.
LEFT_PARTY_EVENTS = (
    MemberEventKind.EXPELLED,
    MemberEventKind.STRUCK_OFF,
    MemberEventKind.RESIGNED,
)


class TransferScope(LabelledEnum):
    OTHER_PROVINCE = ("other_province", "Tỉnh khác")
    SAME_PROVINCE = ("same_province", "Xã khác trong tỉnh")


class CardReason(LabelledEnum):
    LOST = ("lost", "Mất thẻ")
    DAMAGED = ("damaged", "Hỏng thẻ")


class DisciplineForm(LabelledEnum):
    REPRIMAND = ("reprimand", "Khiển trách")
    WARNING = ("warning", "Cảnh cáo")
    DISMISSAL = ("dismissal", "Cách chức")
    EXPULSION = ("expulsion", "Khai trừ")
    DISSOLUTION = ("dissolution", "Giải tán")  # organisations only


# Điều lệ Đảng: a probationary member may only be reprimanded or warned.
PROBATIONARY_DISCIPLINE_FORMS = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING)
MEMBER_DISCIPLINE_FORMS = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISMISSAL,
                           DisciplineForm.EXPULSION)
UNIT_DISCIPLINE_FORMS = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISSOLUTION)


class RewardForm(LabelledEnum):
    FLAG = ("flag", "Tặng cờ")
    CERTIFICATE_OF_MERIT = ("certificate_of_merit", "Bằng khen")
    COMMENDATION = ("commendation", "Giấy khen")


class Rating(LabelledEnum):
    EXCELLENT = ("HTXSNV", "Hoàn thành xuất sắc nhiệm vụ")
    GOOD = ("HTTNV", "Hoàn thành tốt nhiệm vụ")
    DONE = ("HTNV", "Hoàn thành nhiệm vụ")
    FAILED = ("KHTNV", "Không hoàn thành nhiệm vụ")


RATINGS_GOOD_OR_BETTER = (Rating.EXCELLENT, Rating.GOOD)


class NotRatedReason(LabelledEnum):
    EXEMPT = ("exempt", "Miễn công tác và sinh hoạt đảng")
    NEW_MEMBER = ("new_member", "Kết nạp chưa đủ 6 tháng")
    SUSPENDED = ("suspended", "Đình chỉ sinh hoạt đảng")
    NEW_UNIT = ("new_unit", "Tổ chức mới thành lập")
    OTHER = ("other", "Lý do khác")


class CandidateStage(LabelledEnum):
    INTRODUCED = ("introduced", "Được giới thiệu")
    CLASS_DONE = ("class_done", "Đã học lớp nhận thức về Đảng")
    DOSSIER = ("dossier", "Hoàn thiện hồ sơ")
    BRANCH_RESOLUTION = ("branch_resolution", "Chi bộ ra nghị quyết")
    DECIDED = ("decided", "Có quyết định kết nạp")
    ADMITTED = ("admitted", "Đã kết nạp")
    WITHDRAWN = ("withdrawn", "Dừng xem xét")
