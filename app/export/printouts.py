"""One builder per printed list: each reads through the services and returns a Printout (app/export/printout.py).

The window, the CLI (`python -m app print …`) and the tests all go through these, so a list prints the same
from every place.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from app.common.vnformat import fmt_int, fmt_percent

from .doc_settings import DocSettings, load_settings
from .printout import (Column, HeaderBlock, Printout, Section, Signature, Table, header_from_settings, margins_from_settings,
                       signature_from_settings)

RATING_CODES = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")


def _settings(session) -> DocSettings:
    return load_settings(session)


def _make(settings: DocSettings, *args, **kw) -> Printout:
    out = Printout(*args, **kw)
    out.margins_mm = margins_from_settings(settings)
    return out


def _unit_name(session, unit_id: int | None) -> str | None:
    if unit_id is None:
        return None
    from app.services.units import get_unit

    return get_unit(session, unit_id).name


def _unit_header(session, settings: DocSettings, unit_id: int, on: date) -> tuple[HeaderBlock, Signature]:
    """A chi bộ's own list: the đảng bộ above it as parent body, the chi bộ as issuing body, signed
    "T/M CHI BỘ / BÍ THƯ" (Hướng dẫn 36-HD/VPTW)."""
    from app.models.enums import UnitKind
    from app.services.units import get_unit

    unit = get_unit(session, unit_id)
    if unit.kind == UnitKind.COMMUNE:
        return header_from_settings(settings, on), signature_from_settings(settings)
    parent = unit.parent.name if unit.parent is not None else settings.issuing_body
    committee = unit.kind in (UnitKind.GRASSROOTS_COMMITTEE, UnitKind.SUB_COMMITTEE)
    header = HeaderBlock(parent.upper(), unit.name.upper(), settings.place_name, on)
    return header, Signature("T/M ĐẢNG ỦY" if committee else "T/M CHI BỘ", "BÍ THƯ", "")


# --- the member list -------------------------------------------------------------------------------------

def status_text(r) -> str:
    if r.is_on_roll:
        return "Miễn sinh hoạt" if r.is_exempt else "Đang sinh hoạt"
    return r.left_kind.label if r.left_kind is not None else "Không có tên trong danh sách"


def _birth(r):
    if r.birth_date is None:
        return None
    return r.birth_date.year if r.birth_year_only else r.birth_date


# key: (header, width, align, value of a services.member_queries.MemberRow)
MEMBER_COLUMNS = {
    "name": ("Họ và tên", 24, "left", lambda r: r.full_name),
    "birth": ("Ngày sinh", 11, "center", _birth),
    "gender": ("Giới tính", 8, "center", lambda r: r.gender.label if r.gender else None),
    "ethnicity": ("Dân tộc", 9, "center", lambda r: r.ethnicity),
    "unit": ("Chi bộ", 24, "left", lambda r: r.unit_name or None),
    "standing": ("Đảng viên", 10, "center", lambda r: r.standing.label if r.standing else None),
    "admitted": ("Ngày vào Đảng", 12, "center", lambda r: r.admitted_on),
    "status": ("Tình trạng", 14, "left", status_text),
    "card": ("Số thẻ đảng viên", 12, "center", lambda r: r.card_number),
    "national_id": ("Số CCCD", 14, "center", lambda r: r.national_id),
}
DEFAULT_MEMBER_COLUMNS = ("name", "birth", "gender", "ethnicity", "unit", "standing", "admitted", "status")


def members_printout(session, member_ids: list[int] | None = None, *, columns=DEFAULT_MEMBER_COLUMNS,
                     as_of: date | None = None, unit_id: int | None = None, title: str | None = None,
                     filter_text: str | None = None) -> Printout:
    """The member list in the order given (the window's filter and sort), or everyone on the list of the
    unit (or of the commune) in Vietnamese name order."""
    from app.services.member_queries import list_member_rows
    from app.services.ui_queries import unit_members

    as_of = as_of or date.today()
    unknown = [c for c in columns if c not in MEMBER_COLUMNS]
    if unknown:
        raise ValueError(f"Không có cột «{unknown[0]}»; các cột: {', '.join(MEMBER_COLUMNS)}")
    if member_ids is None:
        rows = unit_members(session, unit_id) if unit_id is not None else list_member_rows(session, include_left=False)
    else:
        by_id = {r.id: r for r in list_member_rows(session, include_left=True)}
        rows = [by_id[i] for i in member_ids if i in by_id]
    spec = [MEMBER_COLUMNS[c] for c in columns]
    table = Table([Column("STT", 5, "center")] + [Column(h, w, a) for h, w, a, _ in spec],
                  [[n] + [get(r) for *_, get in spec] for n, r in enumerate(rows, 1)])
    settings = _settings(session)
    subtitle = [f"(Tính đến ngày {as_of:%d/%m/%Y})"]
    unit = _unit_name(session, unit_id)
    if unit:
        subtitle.insert(0, unit)
    if filter_text:
        subtitle.append(filter_text)
    return _make(settings, title or "DANH SÁCH ĐẢNG VIÊN", [table], header_from_settings(settings, as_of), subtitle,
                    notes=[f"Tổng số: {fmt_int(len(rows))} đảng viên."], signature=signature_from_settings(settings),
                    name="danh-sach-dang-vien")


# --- the book (Mẫu 7-HSĐV) ----------------------------------------------------------------------------

BOOK_WIDTHS = (5, 22, 9, 15, 12, 18, 12, 15, 7, 12, 12, 11, 12, 14)


def book_printout(session, *, as_of: date, unit_id: int | None = None) -> Printout:
    """Sổ danh sách đảng viên: 14 numbered columns, stacked lines; the whole book has a section row per
    unit so that the unit of every member is read back (DOMAIN §8)."""
    from app.services.book import BOOK_HEADERS, book_entries

    entries = book_entries(session, as_of=as_of, unit_id=unit_id)
    columns = [Column(h, w, "center" if i in (0, 6, 8) else "left") for i, (h, w) in
               enumerate(zip(BOOK_HEADERS, BOOK_WIDTHS))]
    rows: list = []
    current = object()
    for e in entries:
        if unit_id is None and e.unit_id != current:
            rows.append(Section(e.unit_name.upper() or "CHƯA XẾP CHI BỘ"))
            current = e.unit_id
        rows.append([list(col) for col in e.columns])
    settings = _settings(session)
    if unit_id is None:
        header, signature = header_from_settings(settings, as_of), signature_from_settings(settings)
        unit = settings.party_name if settings.commune_name else None
    else:
        header, signature = _unit_header(session, settings, unit_id, as_of)
        unit = _unit_name(session, unit_id)
    subtitle = ([unit] if unit else []) + [f"(Đến ngày {as_of:%d/%m/%Y})"]
    on_roll = sum(1 for e in entries if e.on_roll)
    notes = [f"Trong sổ: {fmt_int(len(entries))} đảng viên; đang có tên trong danh sách: {fmt_int(on_roll)}."]
    return _make(settings, "SỔ DANH SÁCH ĐẢNG VIÊN", [Table(columns, rows, numbered=True)], header, subtitle, notes,
                    signature, name="so-danh-sach-dang-vien", font_size=9.5, landscape=True)


# --- a member's record sheet (Phiếu đảng viên, mẫu 2-HSĐV abridged) ----------------------------------------

def _yes_no(v) -> str:
    return "Có" if v else "Không"


def _enum_text(enum_value, text=None):
    return text or (enum_value.label if enum_value is not None else None)


RECORD_FIELDS = (
    ("Họ và tên đang dùng", lambda d: d["full_name"]),
    ("Họ và tên khai sinh, tên gọi khác", lambda d: d["other_name"]),
    ("Giới tính", lambda d: _enum_text(d["gender"])),
    ("Ngày sinh", lambda d: (d["birth_date"].year if d["birth_date"] and str(d["birth_date_precision"]) == "year"
                             else d["birth_date"])),
    ("Quê quán", lambda d: d["birthplace"]),
    ("Nơi ở hiện nay", lambda d: d["residence"]),
    ("Dân tộc", lambda d: d["ethnicity"]),
    ("Tôn giáo", lambda d: d["religion"]),
    ("Số CCCD", lambda d: d["national_id"]),
    ("Điện thoại", lambda d: d["phone"]),
    ("Nghề nghiệp", lambda d: d["occupation"]),
    ("Nhóm nghề nghiệp", lambda d: _enum_text(d["occupation_group"])),
    ("Chức vụ Đảng", lambda d: d["position_party"]),
    ("Chức vụ chính quyền", lambda d: d["position_government"]),
    ("Chức vụ đoàn thể", lambda d: d["position_mass_org"]),
    ("Đoàn viên TNCS Hồ Chí Minh", lambda d: _yes_no(d["youth_union"])),
    ("Chủ doanh nghiệp tư nhân", lambda d: _yes_no(d["private_business_owner"])),
    ("Giáo dục phổ thông", lambda d: _enum_text(d["general_education"], d["general_education_text"])),
    ("Chuyên môn nghiệp vụ", lambda d: _enum_text(d["professional_level"], d["professional_text"])),
    ("Học hàm, học vị", lambda d: _enum_text(d["academic_title"], d["academic_text"])),
    ("Lý luận chính trị", lambda d: _enum_text(d["political_theory"], d["political_theory_text"])),
    ("Ngoại ngữ", lambda d: d["foreign_language"]),
    ("Tin học", lambda d: d["it_skill"]),
    ("Ngày vào Đảng (quyết định)", lambda d: d["admitted_on"]),
    ("Ngày lễ kết nạp", lambda d: d["ceremony_on"]),
    ("Ngày chính thức", lambda d: d["official_on"]),
    ("Người giới thiệu", lambda d: "; ".join(x for x in (d["introducer_1"], d["introducer_2"]) if x) or None),
    ("Số thẻ đảng viên", lambda d: d["card_number"]),
    ("Số lý lịch", lambda d: d["dossier_number"]),
    ("Chi bộ", lambda d: d["current_unit_name"] or None),
    ("Đảng viên", lambda d: _enum_text(d["current_standing"])),
    ("Tình trạng", lambda d: ("Miễn sinh hoạt" if d["is_exempt"] else "Đang sinh hoạt") if d["is_on_roll"]
     else (f"{d['left_kind'].label} ngày {d['left_on']:%d/%m/%Y}" if d["left_kind"] and d["left_on"] else
           "Không có tên trong danh sách")),
    ("Ghi chú", lambda d: d["notes"]),
)


def record_printout(session, member_id: int, *, as_of: date | None = None) -> Printout:
    from app.services.member_queries import timeline
    from app.services.print_queries import member_ratings
    from app.services.ui_queries import member_record

    as_of = as_of or date.today()
    d = member_record(session, member_id)
    fields = Table([Column("Mục", 34), Column("Nội dung", 60)], [[label, get(d)] for label, get in RECORD_FIELDS],
                   caption="I. Thông tin đảng viên")
    events = Table([Column("STT", 5, "center"), Column("Ngày", 11, "center"), Column("Sự kiện", 26),
                    Column("Số quyết định", 14), Column("Chi tiết", 38)],
                   [[n, e["date"], e["label"], e["decision_number"] or None, e["detail"] or None]
                    for n, e in enumerate(timeline(session, member_id), 1)], caption="II. Quá trình trong Đảng")
    ratings = Table([Column("Năm", 8, "center"), Column("Xếp loại", 40), Column("Ghi chú", 46)],
                    [[y, _rating_label(r), why] for y, r, why in member_ratings(session, member_id)],
                    caption="III. Đánh giá, xếp loại chất lượng hằng năm")
    settings = _settings(session)
    return _make(settings, "PHIẾU ĐẢNG VIÊN", [fields, events, ratings], header_from_settings(settings, as_of),
                    [d["full_name"]], signature=signature_from_settings(settings), name="phieu-dang-vien",
                    landscape=False)


def _rating_label(code: str | None) -> str | None:
    from app.models.enums import Rating

    if not code:
        return None
    try:
        return f"{Rating(code).label} ({code})"
    except ValueError:
        return code


# --- year-end ratings -------------------------------------------------------------------------------------

def rating_sheet_printout(session, year: int, unit_id: int, *, filled: bool = True) -> Printout:
    """The list the chi bộ meeting uses: STT, name, the member's self-rating and the chi bộ's proposal, one
    column per level (a cross in it); filled from the recorded ratings, or blank to write on."""
    from app.services.evaluations import rating_sheet

    rows = rating_sheet(session, year, unit_id)
    cols = [Column("STT", 5, "center"), Column("Họ và tên", 26)]
    cols += [Column(code, 9, "center", group="Đảng viên tự xếp loại") for code in RATING_CODES]
    cols += [Column(code, 9, "center", group="Chi bộ đề xuất xếp loại") for code in RATING_CODES]
    cols.append(Column("Ghi chú", 24))
    body = []
    for n, r in enumerate(rows, 1):
        # the self-rating is written at the meeting: the program keeps only the chi bộ's result
        proposal = ["x" if filled and r.rating == code else None for code in RATING_CODES]
        body.append([n, r.full_name, None, None, None, None, *proposal, None if r.can_rate else r.reason])
    settings = _settings(session)
    header, signature = _unit_header(session, settings, unit_id, date(year, 12, 31))
    rated = [r for r in rows if r.can_rate]
    notes = [f"Tổng số: {fmt_int(len(rows))} đảng viên; thuộc diện xếp loại: {fmt_int(len(rated))}."]
    if filled:
        counts = Counter(r.rating for r in rated if r.rating)
        notes.append("Kết quả: " + "; ".join(f"{code} {counts.get(code, 0)}" for code in RATING_CODES)
                     + (f"; chưa có kết quả {len(rated) - sum(counts.values())}" if len(rated) > sum(counts.values())
                        else "") + ".")
    return _make(settings, f"DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM {year}", [Table(cols, body)], header,
                    [_unit_name(session, unit_id) or ""], notes, signature, name=f"xep-loai-{year}")


def rating_summary_printout(session, year: int) -> Printout:
    """The đảng bộ's year: per organisation, members by level, not rated, and the organisation's own rating."""
    from app.services.evaluations import rating_sheet
    from app.services.ui_queries import unit_rating_sheet

    sheet = rating_sheet(session, year)
    units = unit_rating_sheet(session, year)
    per_unit: dict = {}
    for r in sheet:
        per_unit.setdefault(r.unit_id, []).append(r)
    cols = [Column("STT", 5, "center"), Column("Tổ chức đảng", 30), Column("Tổng số đảng viên", 10, "center")]
    cols += [Column(code, 9, "center", group="Đảng viên được xếp loại") for code in RATING_CODES]
    cols += [Column("Chưa có kết quả", 10, "center"), Column("Không xếp loại", 10, "center"),
             Column("Xếp loại tổ chức", 11, "center")]
    body, total = [], Counter()
    for n, u in enumerate((u for u in units if u.unit_id in per_unit or u.rating), 1):
        rs = per_unit.get(u.unit_id, [])
        c = Counter(r.rating for r in rs if r.can_rate and r.rating)
        pending = sum(1 for r in rs if r.can_rate and not r.rating)
        not_rated = sum(1 for r in rs if not r.can_rate)
        total.update(c)
        total.update({"_all": len(rs), "_pending": pending, "_not": not_rated})
        body.append([n, "   " * max(u.depth - 1, 0) + u.name, len(rs), *[c.get(k, 0) for k in RATING_CODES],
                     pending, not_rated, u.rating])
    body.append([None, "Cộng", total["_all"], *[total.get(k, 0) for k in RATING_CODES], total["_pending"],
                 total["_not"], None])
    rated = sum(total.get(k, 0) for k in RATING_CODES)
    good = total.get("HTXSNV", 0) + total.get("HTTNV", 0)
    notes = [f"Đảng viên hoàn thành tốt nhiệm vụ trở lên: {fmt_int(good)}/{fmt_int(rated)}, đạt "
             f"{fmt_percent(good, rated)}; trong đó {fmt_int(total.get('HTXSNV', 0))} HTXSNV "
             f"({fmt_percent(total.get('HTXSNV', 0), good)})." if rated else
             "Chưa có kết quả xếp loại đảng viên nào trong năm."]
    settings = _settings(session)
    return _make(settings, f"TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM {year}", [Table(cols, body)],
                    header_from_settings(settings, date(year, 12, 31)), [settings.party_name], notes,
                    signature_from_settings(settings), name=f"tong-hop-xep-loai-{year}")


# --- reminders --------------------------------------------------------------------------------------------

def reminders_printout(session, as_of: date, *, days: int = 30) -> Printout:
    """Probations ending, Huy hiệu Đảng due at the next award date (with party age), exemptions ending."""
    from app.services.members import BADGE_YEARS
    from app.services.print_queries import exemptions_ending, reminder_rows
    from app.services.reminders import next_award_date

    rows = reminder_rows(session, as_of, days)
    award = next_award_date(as_of)
    probation = Table([Column("STT", 5, "center"), Column("Họ và tên", 24), Column("Chi bộ", 24),
                       Column("Ngày vào Đảng", 12, "center"), Column("Hết 12 tháng dự bị", 12, "center"),
                       Column("Ghi chú", 22)],
                      [[n, r.full_name, r.unit_name or None, r.admitted_on, r.due,
                        "Quá hạn, chưa có quyết định" if r.kind == "probation_overdue" else None]
                       for n, r in enumerate((r for r in rows if r.kind.startswith("probation")), 1)],
                      caption="1. Đảng viên dự bị đến hạn xét công nhận chính thức")
    badges = Table([Column("STT", 5, "center"), Column("Họ và tên", 24), Column("Chi bộ", 22),
                    Column("Ngày sinh", 11, "center"), Column("Ngày vào Đảng", 12, "center"),
                    Column("Tuổi đảng", 8, "center"), Column("Huy hiệu", 10, "center")],
                   [[n, r.full_name, r.unit_name or None, r.birth_date, r.admitted_on, r.party_age,
                     f"{max(y for y in BADGE_YEARS if y <= r.party_age)} năm"]
                    for n, r in enumerate((r for r in rows if r.kind == "badge_due"), 1)],
                   caption=f"2. Đảng viên đủ tuổi đảng nhận Huy hiệu Đảng đợt {award:%d/%m/%Y}")
    exempt = Table([Column("STT", 5, "center"), Column("Họ và tên", 24), Column("Chi bộ", 24),
                    Column("Miễn từ ngày", 12, "center"), Column("Đến ngày", 12, "center"), Column("Lý do", 22)],
                   [[n, r.full_name, r.unit_name or None, r.start, r.end, r.reason]
                    for n, r in enumerate(exemptions_ending(session, as_of, days), 1)],
                   caption="3. Đảng viên hết thời hạn miễn công tác và sinh hoạt đảng")
    settings = _settings(session)
    return _make(settings, "DANH SÁCH ĐẢNG VIÊN CẦN XEM XÉT", [probation, badges, exempt], header_from_settings(settings, as_of),
                    [f"(Tính đến ngày {as_of:%d/%m/%Y}, trong {days} ngày tới)"],
                    signature=signature_from_settings(settings), name="viec-can-lam")


# --- recruitment ------------------------------------------------------------------------------------------

def recruitment_printout(session, year: int, *, as_of: date | None = None) -> Printout:
    from app.services.recruitment import progress
    from app.services.ui_queries import candidate_rows

    as_of = as_of or date.today()
    pipeline = Table([Column("STT", 5, "center"), Column("Họ và tên", 22), Column("Chi bộ", 20),
                      Column("Giai đoạn", 18), Column("Ngày giới thiệu", 11, "center"),
                      Column("Ngày học lớp nhận thức", 11, "center"), Column("Ngày quyết định kết nạp", 11, "center"),
                      Column("Người giới thiệu", 22)],
                     [[n, c.full_name, c.unit_name or None, c.stage.label, c.introduced_on, c.class_certificate_on,
                       c.decision_on, c.introducers or None] for n, c in enumerate(candidate_rows(session), 1)],
                     caption="1. Quần chúng ưu tú đang được xem xét kết nạp")
    prog = progress(session, year)
    body = [[n, p.unit_name, p.target or None, p.admitted,
             fmt_percent(p.admitted, p.target) if p.target else None] for n, p in enumerate(prog, 1)]
    target, admitted = sum(p.target for p in prog), sum(p.admitted for p in prog)
    body.append([None, "Cộng", target or None, admitted, fmt_percent(admitted, target) if target else None])
    targets = Table([Column("STT", 5, "center"), Column("Chi bộ", 32), Column("Chỉ tiêu", 10, "center"),
                     Column("Đã kết nạp", 10, "center"), Column("Đạt (%)", 10, "center")], body,
                    caption=f"2. Chỉ tiêu kết nạp đảng viên năm {year}")
    settings = _settings(session)
    return _make(settings, "DANH SÁCH PHÁT TRIỂN ĐẢNG VIÊN", [pipeline, targets], header_from_settings(settings, as_of),
                    [f"(Tính đến ngày {as_of:%d/%m/%Y})"], signature=signature_from_settings(settings),
                    name=f"phat-trien-dang-vien-{year}")


# --- the unit tree ----------------------------------------------------------------------------------------

def units_printout(session, as_of: date) -> Printout:
    from app.services.units import list_units

    units = list_units(session, as_of)
    body = [[n, "   " * u.depth + u.name, u.kind.label, u.place_type.label if u.place_type else None, u.member_count]
            for n, u in enumerate(units, 1)]
    table = Table([Column("STT", 5, "center"), Column("Tổ chức đảng", 40), Column("Cấp", 18),
                   Column("Loại hình", 24), Column("Số đảng viên", 10, "center")], body)
    settings = _settings(session)
    return _make(settings, "DANH SÁCH TỔ CHỨC ĐẢNG TRỰC THUỘC", [table], header_from_settings(settings, as_of),
                    [f"(Tính đến ngày {as_of:%d/%m/%Y})"],
                    notes=[f"Tổng số: {fmt_int(sum(1 for u in units if u.depth > 0))} tổ chức đảng."],
                    signature=signature_from_settings(settings), name="to-chuc-dang", landscape=False)

