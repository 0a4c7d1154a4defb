"""The occupation classifier on a hand-written table of occupation / position texts as commune records write
them, each with the Biểu 2/3 group a clerk would count it in (DOMAIN.md §2). None: nothing decides — asked."""

import pytest

from app.common.occupation_classifier import classify_occupation, current_occupation

ST, PA, CO, VI, PE, PS = ("state_official", "party_official", "commune_official", "village_worker",
                          "public_employee", "private_service_worker")
EM, ES, EW, FA, AR, SV, HS, OT, RE = ("enterprise_manager", "enterprise_staff", "enterprise_worker", "farmer",
                                      "armed_forces", "university_student", "pupil", "other", "retired")

# (occupation now, position, column 9 of the book, unit's place type) -> group
TABLE = [
    # farmers, as villages write them
    ("Nông dân", None, None, "village", FA), ("nông dân", None, None, None, FA), ("NÔNG DÂN", None, None, None, FA),
    ("Làm ruộng", None, None, None, FA), ("Làm nông", None, None, None, FA), ("Nông nghiệp", None, None, None, FA),
    ("Làm nông nghiệp", None, None, None, FA), ("Trồng trọt", None, None, None, FA),
    ("Chăn nuôi", None, None, None, FA), ("Ngư dân", None, None, None, FA), ("Làm rẫy", None, None, None, FA),
    ("Làm nương", None, None, None, FA), ("Trồng chè", None, None, None, FA), ("Nuôi trồng thủy sản", None, None, None, FA),
    ("Lao động nông nghiệp", None, None, None, FA), ("LĐNN", None, None, None, FA), ("SXNN", None, None, None, FA),
    ("Nông - lâm nghiệp", None, None, None, FA), ("Trồng rừng", None, None, None, FA),
    ("Làm ruộng, chăn nuôi", None, None, None, FA), ("Nông dân sản xuất", None, None, None, FA),
    ("Trồng cây ăn quả", None, None, None, FA), ("Nông dân", None, "Bộ đội", "village", FA),
    ("N.dân", None, None, None, None), ("Làm vườn", None, None, None, FA), ("Nuôi ong", None, None, None, FA),
    ("Sản xuất nông nghiệp", None, None, None, FA), ("Đánh bắt cá", None, None, None, FA),
    # retired, whatever they did before
    ("Hưu trí", None, None, None, RE), ("Cán bộ hưu trí", None, None, None, RE), ("Nghỉ hưu", None, None, None, RE),
    ("CBHT", None, None, None, RE), ("Hưu", None, None, None, RE), ("Giáo viên nghỉ hưu", None, None, "school", RE),
    ("Nghỉ chế độ", None, None, None, RE), ("Mất sức", None, None, None, RE), ("Nghỉ mất sức", None, None, None, RE),
    ("Quân nhân hưu trí", None, None, None, RE), ("Hưu trí quân đội", None, None, None, RE),
    ("Bộ đội\nHưu trí", None, None, None, RE), ("Sinh viên\nCán bộ hưu trí", None, None, None, RE),
    ("Nông dân", None, "Hưu trí", "village", RE), (None, None, "Hưu", "village", RE), (None, None, "HT", None, RE),
    ("Cán bộ xã đã nghỉ hưu", None, None, None, RE), ("Nghỉ công tác", None, None, None, RE),
    ("Công nhân nghỉ hưu", None, None, None, RE), ("Nghỉ hưu trí", None, None, None, RE),
    # the commune's cán bộ, công chức and non-specialised staff
    ("Cán bộ UBND xã", None, None, None, CO), ("Công chức xã", None, None, None, CO), ("CBCC xã", None, None, None, CO),
    ("Cán bộ xã", None, None, None, CO), ("Công chức Địa chính", None, None, None, CO),
    ("Địa chính - Xây dựng", None, None, None, CO), ("Văn phòng - Thống kê", None, None, None, CO),
    ("Tư pháp - Hộ tịch", None, None, None, CO), ("Tài chính - Kế toán", None, None, None, CO),
    ("Văn hóa - Xã hội", None, None, None, CO), ("Chủ tịch UBND xã", None, None, None, CO),
    ("Phó Chủ tịch UBND xã", None, None, None, CO), ("Chủ tịch HĐND xã", None, None, None, CO),
    ("Bí thư Đảng ủy", None, None, None, CO), ("Phó Bí thư Thường trực Đảng ủy", None, None, None, CO),
    ("Chủ tịch UBMTTQ xã", None, None, None, CO), ("Chủ tịch Hội Nông dân xã", None, None, None, CO),
    ("Chủ tịch Hội Phụ nữ xã", None, None, None, CO), ("Chủ tịch Hội CCB xã", None, None, None, CO),
    ("Bí thư Đoàn xã", None, None, None, CO), ("Chỉ huy trưởng Quân sự xã", None, None, None, CO),
    ("Văn phòng Đảng ủy", None, None, None, CO), ("Cán bộ không chuyên trách xã", None, None, None, CO),
    ("Kế toán xã", None, None, None, CO), ("Công chức", None, None, None, CO),
    ("Nông dân", "Phó Chủ tịch UBND xã", None, None, CO), ("Lao động tự do", "Chủ tịch Hội CCB xã", None, None, CO),
    (None, "Chủ tịch UBND xã", None, None, CO), ("Công chức Văn phòng - Thống kê", None, None, None, CO),
    ("Chủ tịch UBND xã Minh Tiến", None, None, None, CO), ("Cán bộ Đoàn xã", None, None, None, CO),
    ("Phó Chủ tịch Hội Phụ nữ xã", None, None, None, CO), ("Cán bộ Hội Nông dân", None, None, None, CO),
    ("Chủ tịch Hội Người cao tuổi xã", None, None, None, CO), (None, None, None, "party_mass_org", CO),
    (None, None, None, "state_agency", CO), ("Chủ nhiệm Ủy ban kiểm tra Đảng ủy", None, None, None, CO),
    # villages' non-specialised staff
    ("Trưởng thôn", None, None, "village", VI), ("Trưởng bản", None, None, "village", VI),
    ("Trưởng xóm", None, None, None, VI), ("Tổ trưởng tổ dân phố", None, None, None, VI),
    ("Bí thư chi bộ thôn", None, None, "village", VI), ("Phó trưởng thôn", None, None, None, VI),
    ("Trưởng ban công tác Mặt trận thôn", None, None, None, VI), ("Công an viên", None, None, None, VI),
    ("Y tế thôn bản", None, None, None, VI), ("Nhân viên y tế thôn bản", None, None, None, VI),
    ("Thôn đội trưởng", None, None, None, VI), ("Nông dân", "Trưởng thôn", None, "village", VI),
    ("Nông dân", "Bí thư chi bộ", None, "village", VI), ("Làm ruộng", "Bí thư chi bộ thôn", None, "village", VI),
    ("Bí thư chi bộ kiêm trưởng thôn", None, None, "village", VI), ("Trưởng thôn Làng Đền", None, None, "village", VI),
    ("Trưởng bản Nà Sla", None, None, "village", VI), ("Lao động tự do", "Trưởng ban CTMT", None, "village", VI),
    # viên chức of public schools and clinics
    ("Giáo viên", None, None, "school", PE), ("Giáo viên THCS", None, None, None, PE), ("GV", None, None, None, PE),
    ("Giáo viên mầm non", None, None, "school", PE), ("Giáo viên trường Tiểu học Bản Chu", None, None, None, PE),
    ("Hiệu trưởng", None, None, "school", PE), ("Phó Hiệu trưởng", None, None, "school", PE),
    ("Cô giáo", None, None, None, PE), ("Viên chức", None, None, None, PE), ("Nhân viên y tế", None, None, None, PE),
    ("Y sĩ", None, None, "health", PE), ("Y sỹ", None, None, None, PE), ("Bác sĩ", None, None, None, PE),
    ("Bác sỹ đa khoa", None, None, None, PE), ("Điều dưỡng", None, None, None, PE), ("Nữ hộ sinh", None, None, None, PE),
    ("Dược sĩ", None, None, None, PE), ("Trạm trưởng Trạm Y tế", None, None, "health", PE),
    ("Kế toán trường", None, None, "school", PE), ("Nhân viên trường học", None, None, None, PE),
    ("Tổng phụ trách Đội", None, None, "school", PE), (None, None, None, "school", PE),
    (None, None, None, "health", PE), ("Khuyến nông viên", None, None, None, PE), ("Giảng viên", None, None, None, PE),
    ("Kỹ thuật viên", None, None, None, PE), ("Viên chức Trạm Y tế xã", None, None, None, PE),
    # private schools and clinics
    ("Giáo viên trường mầm non tư thục", None, None, None, PS), ("Giáo viên tư thục", None, None, None, PS),
    ("Bác sĩ phòng khám tư", None, None, None, PS), (None, None, None, "private_service", PS),
    ("Nhân viên bệnh viện tư nhân", None, None, None, PS),
    # armed forces
    ("Bộ đội", None, None, None, AR), ("Quân đội", None, None, None, AR), ("Công an", None, None, None, AR),
    ("Công an xã", None, None, "police", AR), ("Sĩ quan quân đội", None, None, None, AR),
    ("Chiến sĩ", None, None, None, AR), ("Quân nhân chuyên nghiệp", None, None, None, AR), ("QNCN", None, None, None, AR),
    ("Thượng úy", None, None, None, AR), ("Đại úy Công an", None, None, None, AR), ("Trung tá", None, None, None, AR),
    ("Cảnh sát", None, None, None, AR), ("Trưởng Công an xã", None, None, "police", AR),
    (None, None, "Bộ đội", None, AR), (None, None, "Công an", None, AR), (None, None, None, "police", AR),
    (None, None, None, "military", AR), ("Bộ đội biên phòng", None, None, None, AR),
    # students
    ("Sinh viên", None, None, None, SV), ("SV", None, None, None, SV), ("Sinh viên ĐH Sư phạm", None, None, None, SV),
    ("Học sinh", None, None, None, HS), ("HS", None, None, None, HS), ("Học sinh lớp 12", None, None, None, HS),
    # enterprises
    ("Công nhân", None, None, None, EW), ("Công nhân may", None, None, None, EW),
    ("Công nhân Công ty may Việt Tiến", None, None, None, EW), ("Công nhân khu công nghiệp", None, None, None, EW),
    ("Công nhân cao su", None, None, None, EW), ("Công nhân lâm trường", None, None, None, EW),
    ("Giám đốc công ty", None, None, None, EM), ("Giám đốc HTX", None, None, "cooperative", EM),
    ("Chủ nhiệm HTX nông nghiệp", None, None, None, EM), ("Chủ doanh nghiệp tư nhân", None, None, None, EM),
    ("Kinh doanh", "Giám đốc Công ty TNHH Minh Phát", None, None, EM), ("Quản đốc", None, None, None, EM),
    ("Nhân viên ngân hàng", None, None, None, ES), ("Cán bộ tín dụng", None, None, None, ES),
    ("Nhân viên Agribank", None, None, "soe_100", ES), ("Nhân viên bưu điện", None, None, None, ES),
    ("Nhân viên điện lực", None, None, None, ES), ("Kế toán công ty", None, None, None, ES),
    ("Nhân viên văn phòng công ty", None, None, None, ES), ("Nhân viên Viettel", None, None, None, ES),
    # state and party officials above the commune
    ("Chuyên viên UBND huyện", None, None, None, ST), ("Công chức huyện", None, None, None, ST),
    ("Cán bộ thuế", None, None, None, ST), ("Kiểm lâm", None, None, None, ST), ("Thẩm phán", None, None, None, ST),
    ("Cán bộ Chi cục Thuế khu vực", None, None, None, ST), ("Chuyên viên Phòng Giáo dục huyện", None, None, None, ST),
    ("Cán bộ Huyện ủy", None, None, None, PA), ("Chuyên viên Ban Tổ chức Huyện ủy", None, None, None, PA),
    ("Cán bộ Huyện đoàn", None, None, None, PA), ("Cán bộ Liên đoàn Lao động huyện", None, None, None, PA),
    # other: free labour, trade, contracts
    ("Lao động tự do", None, None, None, OT), ("LĐTD", None, None, None, OT), ("Tự do", None, None, None, OT),
    ("Buôn bán", None, None, None, OT), ("Kinh doanh tự do", None, None, None, OT), ("Kinh doanh", None, None, None, OT),
    ("Buôn bán nhỏ", None, None, None, OT), ("Làm thuê", None, None, None, OT), ("Thợ xây", None, None, None, OT),
    ("Thợ may", None, None, None, OT), ("Lái xe", None, None, None, OT), ("Nội trợ", None, None, None, OT),
    ("Lao động hợp đồng", None, None, None, OT), ("Giáo viên hợp đồng", None, None, "school", OT),
    ("Nhân viên hợp đồng UBND xã", None, None, None, OT), ("Xuất khẩu lao động", None, None, None, OT),
    ("Dịch vụ", None, None, None, OT), ("Tiểu thương", None, None, None, OT), ("Làm ăn xa", None, None, None, OT),
    ("Kinh doanh cá thể", None, None, None, OT), ("Sửa chữa xe máy", None, None, None, OT),
    ("Lao động tự do", None, "Bộ đội", "village", OT),
    # nothing decides: asked, never guessed
    (None, None, None, None, None), (None, None, None, "village", None), ("Cấp dưỡng", None, None, "school", None),
    ("Giám đốc", None, None, None, None), ("xyz", None, None, None, None), ("Dân quân", None, None, None, None),
    (None, "Đảng viên", None, "village", None), ("Nguyên cán bộ", None, None, None, None),
    (None, None, None, "soe_100", None), (None, None, "x", None, None),
]


def test_the_table_is_large_enough():
    assert len(TABLE) >= 150


@pytest.mark.parametrize("occupation,position,column9,place,group", TABLE)
def test_occupation_group(occupation, position, column9, place, group):
    got = classify_occupation(occupation, (position,) if position else (), column9, place)
    assert got.group == group, got.reason
    assert got.reason  # the clerk sees why


def test_the_book_stacks_before_and_now():
    assert current_occupation("Lao động tự do\nCán bộ hưu trí") == "Cán bộ hưu trí"
    assert current_occupation("Sinh viên\n") == "Sinh viên"
    assert current_occupation("  ") is None


def test_every_group_is_an_occupation_group_value():
    from app.models.enums import OccupationGroup

    values = {g.value for g in OccupationGroup}
    assert {row[-1] for row in TABLE if row[-1]} <= values
    assert len({row[-1] for row in TABLE if row[-1]}) == len(values)  # every group is tested
