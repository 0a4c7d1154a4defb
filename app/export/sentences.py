"""Computed sentences, written the way the seed reports write them.

Every figure is formatted with app.common.vnformat (decimal comma, dot for thousands, half-up rounding);
counts under ten take a leading zero ('04/808'), percentages drop a trailing ',0' ('11%', '100%') as the
seeds print them.
"""

from __future__ import annotations

from datetime import date

from app.common.vnformat import fmt_count, fmt_decimal, percent_value

from .data import AGE_GROUPS, Awards, Movement, NewMembers, RatingYear, RecruitmentYear, Snapshot, UnitChanges


# --- number helpers ---------------------------------------------------------------------------------

def pct(part: int, whole: int, decimals: int = 1) -> str:
    """'94,8%'; '11%' for 11,0; '0%' when there is nothing to divide."""
    value = percent_value(part, whole, decimals)
    if value is None:
        return "0%"
    return fmt_decimal(value, decimals, strip_zero=True) + "%"


def cnt(n: int) -> str:
    """A count as the seeds print it: '04', '139', '1.117'; zero stays '0'."""
    return fmt_count(n) if n else "0"


def ratio(part: int, whole: int) -> str:
    return f"{cnt(part)}/{cnt(whole)}"


def dmy(d: date) -> str:
    """01/7/2025, as the seeds write dates in running text."""
    return f"{d.day:02d}/{d.month}/{d.year}"


def period_phrase(date_from: date | None, date_to: date) -> str:
    if date_from is None:
        return f"đến ngày {dmy(date_to)}"
    if date_from == date(date_to.year, 1, 1) and date_to == date(date_to.year, 12, 31):
        return f"năm {date_to.year}"
    return f"từ ngày {dmy(date_from)} đến ngày {dmy(date_to)}"


# --- labels -----------------------------------------------------------------------------------------

EDUCATION_WORDS = (("literate", "biết đọc, biết viết"), ("primary", "tiểu học"),
                   ("lower_secondary", "THCS"), ("upper_secondary", "THPT"))
PROFESSIONAL_WORDS = (("elementary", "sơ cấp"), ("intermediate", "trung cấp"), ("college", "cao đẳng"),
                      ("university", "đại học"), ("master", "thạc sĩ"), ("doctor", "tiến sĩ"))
THEORY_WORDS = (("elementary", "sơ cấp"), ("intermediate", "trung cấp"), ("advanced", "cử nhân, cao cấp"))
PLACE_WORDS = {
    "village": "chi bộ thôn, bản, tổ dân phố", "school": "chi bộ trường học", "health": "chi bộ y tế",
    "party_mass_org": "chi bộ cơ quan Đảng, MTTQ, đoàn thể", "state_agency": "chi bộ cơ quan Nhà nước",
    "public_service": "chi bộ đơn vị sự nghiệp công lập", "private_service": "chi bộ đơn vị sự nghiệp ngoài công lập",
    "military": "chi bộ quân sự", "police": "chi bộ công an", "cooperative": "chi bộ hợp tác xã",
    "soe_100": "chi bộ doanh nghiệp Nhà nước", "soe_50": "chi bộ doanh nghiệp Nhà nước",
    "soe_minor": "chi bộ doanh nghiệp có vốn Nhà nước", "joint_stock": "chi bộ công ty cổ phần",
    "private_enterprise": "chi bộ doanh nghiệp tư nhân", "llc": "chi bộ công ty TNHH",
    "partnership": "chi bộ công ty hợp danh", "foreign_invested": "chi bộ doanh nghiệp có vốn nước ngoài",
    "abroad": "chi bộ ngoài nước", "other": "chi bộ loại hình khác",
}
DISCIPLINE_WORDS = (("reprimand", "khiển trách"), ("warning", "cảnh cáo"), ("dismissal", "cách chức"),
                    ("expulsion", "khai trừ"), ("dissolution", "giải tán"))
REWARD_WORDS = (("flag", "tặng cờ"), ("certificate_of_merit", "bằng khen"), ("commendation", "giấy khen"))


def _levels(values: dict[str, int], words, whole: int, keep_zero: bool = False) -> str:
    parts = []
    for key, word in words:
        n = values.get(key, 0)
        if n or keep_zero:
            parts.append(f"{cnt(n)} {word} (đạt {pct(n, whole)})")
    return ", ".join(parts) if parts else "chưa có số liệu"


# --- units ------------------------------------------------------------------------------------------

def units_sentence(party_name: str, snap: Snapshot) -> str:
    """Seed 003: 'Đảng bộ xã … gồm có 54 tổ chức đảng trực thuộc, trong đó: 03 đảng bộ cơ sở, 07 chi bộ cơ
    sở; 44 chi bộ trực thuộc Đảng uỷ xã (gồm 35 chi bộ bản, 08 chi bộ trường học, 01 Chi bộ Trạm y tế)
    với 854 đảng viên.'"""
    k = snap.units_by_kind
    committees, cells0, cells = (k.get("grassroots_committee", 0), k.get("grassroots_cell", 0), k.get("cell", 0))
    total = committees + cells0 + cells
    text = (f"Tính đến ngày {dmy(snap.as_of)}, {party_name} có {cnt(total)} tổ chức đảng trực thuộc, "
            f"trong đó: {cnt(committees)} đảng bộ cơ sở, {cnt(cells0)} chi bộ cơ sở; "
            f"{cnt(cells)} chi bộ trực thuộc Đảng ủy")
    places = [f"{cnt(n)} {PLACE_WORDS.get(key, 'chi bộ ' + key)}"
              for key, n in sorted(snap.cells_by_place.items(), key=lambda kv: -kv[1]) if n]
    if places:
        text += " (gồm " + ", ".join(places) + ")"
    sub = k.get("sub_committee", 0)
    if sub:
        text += f"; {cnt(sub)} đảng bộ bộ phận"
    return text + f" với {cnt(snap.members)} đảng viên."


MAX_NAMES = 8  # beyond this the names go to the appendix, not the sentence


def unit_changes_sentence(changes: UnitChanges, date_from: date | None, date_to: date) -> str | None:
    parts = []
    for names, verb in ((changes.founded, "thành lập"), (changes.transferred_in, "tiếp nhận"),
                        (changes.merged, "sáp nhập"), (changes.dissolved, "giải thể"),
                        (changes.transferred_out, "chuyển đi")):
        if names:
            shown = ", ".join(names[:MAX_NAMES])
            if len(names) > MAX_NAMES:
                shown += f" và {cnt(len(names) - MAX_NAMES)} tổ chức khác"
            parts.append(f"{verb} {cnt(len(names))} tổ chức đảng ({shown})")
    when = f"Từ ngày {dmy(date_from)} đến ngày {dmy(date_to)}" if date_from else f"Đến ngày {dmy(date_to)}"
    if not parts:
        return f"{when}, không có tổ chức đảng nào được thành lập, sáp nhập hoặc giải thể."
    return f"{when}, Đảng ủy đã quyết định " + "; ".join(parts) + "."


# --- members ----------------------------------------------------------------------------------------

def _change(now: int, before: int) -> str:
    diff = now - before
    if diff > 0:
        return f"tăng {cnt(diff)} đảng viên"
    if diff < 0:
        return f"giảm {cnt(-diff)} đảng viên"
    return "không thay đổi"


def count_sentence(party_name: str, snap: Snapshot, opening: tuple[date, int] | None = None,
                   year_before: tuple[date, int] | None = None, population: int | None = None) -> str:
    """Seed 003: 'Tính đến ngày 01/3/2026, Đảng bộ xã có 861 đảng viên, tăng 106 đảng viên so với thời
    điểm ngày 01/7/2025 (755 đảng viên).' Then the same day a year before (cùng kỳ năm trước) when the
    database knows it, and members per population (seed 000: 'đạt tỷ lệ 9,86%/tổng dân số của xã')."""
    text = f"Tính đến ngày {dmy(snap.as_of)}, {party_name} có {cnt(snap.members)} đảng viên"
    if opening is not None:
        when, before = opening
        diff = snap.members - before
        if diff > 0:
            text += f", tăng {cnt(diff)} đảng viên"
        elif diff < 0:
            text += f", giảm {cnt(-diff)} đảng viên"
        else:
            text += ", không thay đổi"
        text += f" so với thời điểm ngày {dmy(when)} ({cnt(before)} đảng viên)"
    # a year-end report's opening (31/12 of last year) is already the same time last year: not twice
    if year_before is not None and (opening is None or abs((year_before[0] - opening[0]).days) > 1):
        when, before = year_before
        text += f"; so với cùng kỳ năm trước (ngày {dmy(when)}: {cnt(before)} đảng viên), {_change(snap.members, before)}"
    official = snap.members - snap.probationary
    text += f"; trong đó {cnt(official)} đảng viên chính thức, {cnt(snap.probationary)} đảng viên dự bị"
    if population:
        text += (f". Số đảng viên bằng {pct(snap.members, population, 2)} tổng dân số của xã "
                 f"({fmt_count(population)} người)")
    return text + "."


def education_sentence(snap: Snapshot) -> str:
    """Seed 003 '- Về trình độ: về học vấn: 37 tiểu học (đạt 4,3%), …; về chuyên môn nghiệp vụ: …; về LLCT: …'"""
    n = snap.members
    unknown = snap.general_education.get("unknown", 0)
    if unknown and unknown >= n:
        text = f"về học vấn: chưa đủ thông tin học vấn của {cnt(unknown)} đảng viên"
    else:
        text = "về học vấn: " + _levels(snap.general_education, EDUCATION_WORDS, n)
        if unknown:
            text += f" (chưa đủ thông tin học vấn của {cnt(unknown)} đảng viên)"
    return (text + "; về chuyên môn nghiệp vụ: " + _levels(snap.professional, PROFESSIONAL_WORDS, n)
            + "; về LLCT: " + _levels(snap.political_theory, THEORY_WORDS, n) + ".")


def structure_sentence(snap: Snapshot) -> str:
    """Seed 003 '- Về cơ cấu …: 383 nữ (đạt 44,5%). Có 740 đang làm việc và công tác (đạt 85,9%) và 121 đảng
    viên nghỉ hưu và nghỉ công tác (đạt 14,1%). Từ 18-30 tuổi 42 đảng viên (đạt 4,9%), … Có 282 đảng viên
    dân tộc thiểu số (đạt 32,7%), có 02 đảng viên theo đạo (đạt 0,2%).'"""
    n = snap.members
    text = f"{cnt(snap.female)} nữ (đạt {pct(snap.female, n)}). "
    unknown_job = snap.occupation.get("unknown", 0)
    if unknown_job >= n and n:
        # nothing says who works and who is retired: no '861 đang làm việc (100%) và 0 nghỉ hưu' (issue 11 §4)
        text += f"Chưa đủ thông tin nghề nghiệp của {cnt(unknown_job)} đảng viên để phân tích theo nghề nghiệp"
    elif unknown_job:
        # the known figures over the base they are known for: no "0 nghỉ hưu" for members nobody has classified
        known = n - unknown_job
        text += (f"Trong số {cnt(known)} đảng viên đã có thông tin nghề nghiệp: {cnt(snap.working - unknown_job)} "
                 f"đang làm việc và công tác, {cnt(snap.retired)} nghỉ hưu và nghỉ công tác; chưa đủ thông tin "
                 f"nghề nghiệp của {cnt(unknown_job)} đảng viên")
    else:
        text += (f"Có {cnt(snap.working)} đang làm việc và công tác (đạt {pct(snap.working, n)}) và "
                 f"{cnt(snap.retired)} đảng viên nghỉ hưu và nghỉ công tác (đạt {pct(snap.retired, n)})")
    if snap.exempt:
        text += f"; {cnt(snap.exempt)} đảng viên được miễn công tác và sinh hoạt đảng (chiếm {pct(snap.exempt, n)})"
        why = snap.exempt_by_reason
        parts = [f"{word} {cnt(why[key])}" for key, word in (
            ("temporary", "miễn sinh hoạt tạm thời"), ("health", "miễn vì lý do sức khỏe, tuổi cao"),
            ("unknown", "chưa ghi lý do")) if why.get(key)]
        if parts and (why.get("temporary") or why.get("health")):
            text += ", trong đó " + ", ".join(parts)
    text += ". "
    ages = [f"{label} {cnt(snap.age_groups.get(key, 0))} đảng viên (đạt {pct(snap.age_groups.get(key, 0), n)})"
            for key, label in AGE_GROUPS]
    text += ", ".join(ages)
    if snap.age_unknown:
        text += f"; chưa rõ ngày sinh của {cnt(snap.age_unknown)} đảng viên"
    if snap.average_age is not None:
        text += f"; tuổi bình quân {fmt_decimal(snap.average_age, 1, strip_zero=True)}"
    text += ". "
    text += (f"Có {cnt(snap.ethnic_minority)} đảng viên dân tộc thiểu số (đạt {pct(snap.ethnic_minority, n)}), "
             f"có {cnt(snap.religious)} đảng viên theo đạo (đạt {pct(snap.religious, n)})")
    if snap.youth_union:
        text += f", {cnt(snap.youth_union)} đảng viên là đoàn viên Đoàn TNCS Hồ Chí Minh (đạt {pct(snap.youth_union, n)})"
    return text + "."


def movement_sentence(m: Movement) -> str:
    """Biểu 1 in words: what came in and what went out over the period."""
    head = f"Từ ngày {dmy(m.date_from)} đến ngày {dmy(m.date_to)}"
    text = (f"{head}, kết nạp {cnt(m.admitted)} đảng viên; tiếp nhận {cnt(m.transferred_in)} đảng viên "
            f"chuyển đến (tỉnh khác {cnt(m.in_other_province)}, xã khác trong tỉnh {cnt(m.in_same_province)})")
    if m.restored:
        text += f"; phục hồi đảng tịch {cnt(m.restored)} đảng viên"
    text += f". Giảm {cnt(m.decrease)} đảng viên, gồm: từ trần {cnt(m.deceased)}, khai trừ {cnt(m.expelled)}, "
    text += f"xóa tên {cnt(m.struck_off)}"
    if m.struck_off_probationary:
        text += f" (trong đó {cnt(m.struck_off_probationary)} đảng viên dự bị)"
    text += (f", xin ra khỏi Đảng {cnt(m.resigned)}, chuyển sinh hoạt đi {cnt(m.transferred_out)} "
             f"(tỉnh khác {cnt(m.out_other_province)}, xã khác trong tỉnh {cnt(m.out_same_province)}). ")
    text += f"Đầu kỳ có {cnt(m.opening)} đảng viên, cuối kỳ có {cnt(m.closing)} đảng viên."
    return text


# --- ratings ----------------------------------------------------------------------------------------

NOT_RATED_REASON = "do thuộc diện miễn công tác, sinh hoạt hoặc là đảng viên mới kết nạp dưới 06 tháng"


def member_rating_paragraph(r: RatingYear, party_name: str = "Đảng bộ") -> str:
    """Seed 003 §III.2: the whole paragraph for one year."""
    text = f"Năm {r.year} tổng số đảng viên của {party_name} là {cnt(r.total)} đồng chí. "
    text += f"Trong đó, có {cnt(r.rated)} đồng chí tham gia đánh giá, xếp loại, đạt {pct(r.rated, r.total)}"
    if r.not_rated:
        text += f"; {cnt(r.not_rated)} đồng chí không tham gia đánh giá, chiếm {pct(r.not_rated, r.total)} "
        text += not_rated_reasons(r)
    text += ". Kết quả đánh giá, xếp loại chất lượng như sau: Xếp loại " + member_rating_clause(r) + "."
    return text


def not_rated_reasons(r: RatingYear) -> str:
    """Seed 003's reason when the records say just that; otherwise each reason counted, and what is not
    known said so (never the seed's words over members whose reason nobody recorded)."""
    if r.not_rated_exempt + r.not_rated_new == r.not_rated:
        return NOT_RATED_REASON
    parts = [f"{word} {cnt(n)}" for n, word in (
        (r.not_rated_exempt, "miễn công tác và sinh hoạt đảng"), (r.not_rated_new, "mới kết nạp dưới 06 tháng"),
        (r.not_rated_suspended, "đình chỉ sinh hoạt đảng"), (r.not_rated_other, "lý do khác"),
        (r.not_rated_unknown, "chưa ghi lý do")) if n]
    return "(" + ", ".join(parts) + ")"


def rating_shares(r: RatingYear) -> dict[str, str]:
    """Every percentage of a year's ratings, computed once: the sentences, the appendix and the chart's
    labels all print these (HTXSNV over HTTNV-or-better, the base of the 20% quota; the rest over the rated)."""
    return {"rated": pct(r.rated, r.total), "not_rated": pct(r.not_rated, r.total),
            "good_or_better": pct(r.good_or_better, r.rated), "excellent": pct(r.excellent, r.good_or_better),
            "good": pct(r.good, r.rated), "done": pct(r.done, r.rated), "failed": pct(r.failed, r.rated)}


def member_rating_clause(r: RatingYear) -> str:
    """'hoàn thành tốt nhiệm vụ: 803/808 đảng viên, chiếm 99,4%; trong đó 139 đảng viên hoàn thành xuất sắc
    nhiệm vụ, chiếm 17,3%; xếp loại hoàn thành nhiệm vụ: 04/808 đảng viên, chiếm 0,5%; xếp loại không hoàn
    thành nhiệm vụ: 01/808 đảng viên, chiếm 0,1%' — HTXSNV is measured against HTTNV-or-better, the base of
    the 20% quota (seed 003: 139/803 = 17,3%)."""
    rated = r.rated
    text = (f"hoàn thành tốt nhiệm vụ: {ratio(r.good_or_better, rated)} đảng viên, chiếm "
            f"{pct(r.good_or_better, rated)}; trong đó {cnt(r.excellent)} đảng viên hoàn thành xuất sắc nhiệm vụ, "
            f"chiếm {pct(r.excellent, r.good_or_better)}; xếp loại hoàn thành nhiệm vụ: {ratio(r.done, rated)} "
            f"đảng viên, chiếm {pct(r.done, rated)}; xếp loại không hoàn thành nhiệm vụ: {ratio(r.failed, rated)} "
            f"đảng viên, chiếm {pct(r.failed, rated)}")
    return text


def member_rating_year_sentence(r: RatingYear) -> str:
    """Seed 000 for a series of years: 'Năm 2021 có 165/174 đồng chí hoàn thành tốt nhiệm vụ trở lên, đạt
    94,8%; trong đó …'"""
    rated = r.rated
    text = (f"Năm {r.year} có {ratio(r.good_or_better, rated)} đồng chí hoàn thành tốt nhiệm vụ trở lên, đạt "
            f"{pct(r.good_or_better, rated)}; trong đó {cnt(r.excellent)} đồng chí hoàn thành xuất sắc nhiệm vụ, "
            f"chiếm {pct(r.excellent, r.good_or_better)}")
    text += f"; {cnt(r.done)} đồng chí hoàn thành nhiệm vụ, chiếm {pct(r.done, rated)}"
    if r.failed:
        text += f"; {cnt(r.failed)} đồng chí không hoàn thành nhiệm vụ, chiếm {pct(r.failed, rated)}"
    else:
        text += "; không có đồng chí nào không hoàn thành nhiệm vụ"
    if r.not_rated:
        text += f"; {cnt(r.not_rated)} đồng chí không tham gia đánh giá, xếp loại"
    return text + "."


def unit_rating_year_sentence(r: RatingYear) -> str:
    """Seed 002: 'Năm 2021 có 56/58 tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ (tỷ lệ 96,5%);
    trong đó, có 13 tổ chức hoàn thành xuất sắc nhiệm vụ (tỷ lệ 23,2%); hoàn thành nhiệm vụ 02 tổ chức cơ
    sở đảng (không có tổ chức cơ sở đảng xếp loại không hoàn thành nhiệm vụ)'."""
    rated = r.rated
    text = (f"Năm {r.year} có {ratio(r.good_or_better, rated)} chi, đảng bộ trực thuộc được xếp loại hoàn thành "
            f"tốt nhiệm vụ trở lên (tỷ lệ {pct(r.good_or_better, rated)}); trong đó, có {cnt(r.excellent)} chi, "
            f"đảng bộ hoàn thành xuất sắc nhiệm vụ (tỷ lệ {pct(r.excellent, r.good_or_better)}); hoàn thành "
            f"nhiệm vụ {cnt(r.done)} chi, đảng bộ")
    if r.failed:
        text += f"; không hoàn thành nhiệm vụ {cnt(r.failed)} chi, đảng bộ"
    else:
        text += " (không có chi, đảng bộ xếp loại không hoàn thành nhiệm vụ)"
    if r.not_rated:
        text += f"; {cnt(r.not_rated)} chi, đảng bộ chưa đánh giá, xếp loại (mới thành lập hoặc lý do khác)"
    return text + "."


# --- recruitment ------------------------------------------------------------------------------------

def recruitment_sentence(r: RecruitmentYear) -> str:
    """Seed 002: 'Năm 2021 đã kết nạp 192/187 quần chúng vào Đảng, đạt tỷ lệ 102,67% so với kế hoạch năm
    và đạt tỷ lệ 4,14% so với tổng số đảng viên'. Two decimals, as the seed writes these rates."""
    when = f"Năm {r.year}"
    if r.since and r.until:
        when += f" (từ ngày {dmy(r.since)} đến ngày {dmy(r.until)})"
    elif r.since:
        when += f" (từ ngày {dmy(r.since)})"
    elif r.until:
        when += f" (đến ngày {dmy(r.until)})"
    if r.target:
        text = (f"{when} đã kết nạp {ratio(r.admitted, r.target)} quần chúng vào Đảng, đạt "
                f"{pct(r.admitted, r.target, 2)} kế hoạch năm")
    else:
        text = f"{when} đã kết nạp {cnt(r.admitted)} quần chúng vào Đảng (chưa giao chỉ tiêu)"
    if r.members_total:
        # the base is the list on the eve of the period: say which, beside a report that prints the year-end total
        joiner = " và " if r.target else ", đạt "
        start = "đầu kỳ" if r.since else "đầu năm"
        text += (f"{joiner}{pct(r.admitted, r.members_total, 2)} so với tổng số đảng viên {start} "
                 f"({cnt(r.members_total)} đảng viên)")
    return text + "."


def new_members_sentence(nm: NewMembers, date_from: date | None, date_to: date) -> str:
    """Seed 003: '… kết nạp 21 đảng viên mới, trong đó: Nữ 13/21 (chiếm 61,9%); đoàn viên thanh niên 09/21
    (chiếm 42,8%); … Dân tộc thiểu số: 7/21 …'"""
    when = f"Từ ngày {dmy(date_from)} đến ngày {dmy(date_to)}" if date_from else f"Đến ngày {dmy(date_to)}"
    t = nm.total
    if not t:
        return f"{when}, chưa kết nạp đảng viên mới."
    parts = [f"nữ {ratio(nm.female, t)} (chiếm {pct(nm.female, t)})",
             f"đoàn viên thanh niên {ratio(nm.youth_union, t)} (chiếm {pct(nm.youth_union, t)})",
             f"dân tộc thiểu số {ratio(nm.ethnic_minority, t)} (chiếm {pct(nm.ethnic_minority, t)})"]
    if nm.religious:
        parts.append(f"người theo tôn giáo {ratio(nm.religious, t)} (chiếm {pct(nm.religious, t)})")
    if nm.private_owner:
        parts.append(f"chủ doanh nghiệp tư nhân {ratio(nm.private_owner, t)} (chiếm {pct(nm.private_owner, t)})")
    if nm.readmitted:
        parts.append(f"kết nạp lại {cnt(nm.readmitted)}")
    return f"{when}, Đảng ủy đã xem xét, kết nạp {cnt(t)} đảng viên mới, trong đó: " + "; ".join(parts) + "."


# --- discipline, rewards, badges --------------------------------------------------------------------

def discipline_sentence(a: Awards) -> str:
    """Seed 003: 'thi hành kỷ luật 01 đảng viên bằng hình thức cảnh cáo'."""
    total = sum(a.member_discipline.values())
    if not total:
        text = "Trong kỳ, không có đảng viên bị thi hành kỷ luật"
    else:
        forms = [(n, word) for key, word in DISCIPLINE_WORDS if (n := a.member_discipline.get(key, 0))]
        if len(forms) == 1:
            text = f"Trong kỳ, đã thi hành kỷ luật {cnt(total)} đảng viên bằng hình thức {forms[0][1]}"
        else:
            text = (f"Trong kỳ, đã thi hành kỷ luật {cnt(total)} đảng viên (" +
                    ", ".join(f"{word} {cnt(n)}" for n, word in forms) + ")")
    unit_total = sum(a.unit_discipline.values())
    if unit_total:
        forms = [f"{word} {cnt(n)}" for key, word in DISCIPLINE_WORDS if (n := a.unit_discipline.get(key, 0))]
        text += f"; {cnt(unit_total)} tổ chức đảng ({', '.join(forms)})"
    return text + "."


def rewards_sentence(a: Awards) -> str:
    """Seed 000: 'đảng ủy đã khen thưởng 04 tập thể chi bộ và 77 cá nhân, … tặng huy hiệu Đảng cho 08 đảng viên'."""
    units = sum(a.unit_rewards.values())
    members = sum(a.member_rewards.values())
    badges = sum(a.badges.values())
    def detail(forms: dict[str, int]) -> str:
        parts = [f"{word} {cnt(n)}" for key, word in REWARD_WORDS if (n := forms.get(key, 0))]
        return f" ({', '.join(parts)})" if parts else ""

    text = (f"Trong kỳ, đã khen thưởng {cnt(units)} tập thể chi, đảng bộ{detail(a.unit_rewards)} và "
            f"{cnt(members)} đảng viên{detail(a.member_rewards)}")
    if badges:
        years = ", ".join(f"{y} năm: {cnt(n)}" for y, n in sorted(a.badges.items()) if n)
        text += f"; tặng Huy hiệu Đảng cho {cnt(badges)} đảng viên ({years})"
    else:
        text += "; không có đảng viên được tặng Huy hiệu Đảng"
    text += "."
    return text


def cards_transfers_sentence(a: Awards) -> str:
    reissued = a.cards_reissued_lost + a.cards_reissued_damaged
    return (f"Phát {cnt(a.cards_issued)} thẻ đảng viên cho đảng viên chính thức; cấp lại, đổi {cnt(reissued)} thẻ "
            f"(do mất {cnt(a.cards_reissued_lost)}, do hỏng {cnt(a.cards_reissued_damaged)}). Giới thiệu chuyển "
            f"sinh hoạt đảng chính thức đi {cnt(a.official_out)} lượt, tiếp nhận {cnt(a.official_in)} lượt; chuyển "
            f"sinh hoạt tạm thời đi {cnt(a.temp_out)} lượt, tiếp nhận {cnt(a.temp_in)} lượt.")
