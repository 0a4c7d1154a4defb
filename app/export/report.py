"""Report kinds, their sections, and the job that writes the .docx.

    request = ReportRequest(kind="year_end", year=2025, narrative={"intro": "…"})
    content = report_content(session, request)       # structured content for a preview (in your session)
    for step in build_report(db, request, "BC.docx"):  # a generator: Progress …, then ReportResult
        ...

`db` is an app.db.Database (the job opens its own session); report_content reads in the caller's session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.common.progress import Progress, drive
from app.services.errors import DomainError
from app.services.reports import REPORT_KINDS

from .content import Appendix, Chart, Paragraph, ReportContent, Section, Table
from .data import AGE_GROUPS, ReportData
from .doc_settings import DocSettings

# the document titles of the report kinds (the kinds themselves: app/services/reports.py)
KINDS = {key: kind.title for key, kind in REPORT_KINDS.items()}
# computed sections, in document order; each is on by default and may be switched off
SECTIONS = {
    "units": "Tổ chức đảng",
    "members": "Đội ngũ đảng viên",
    "ratings": "Đánh giá, xếp loại chất lượng",
    "recruitment": "Phát triển đảng viên",
    "discipline": "Khen thưởng, kỷ luật, huy hiệu Đảng",
    "appendix": "Phụ lục (bảng số liệu)",
}
# sections made only of the clerk's text, after the computed ones
NARRATIVE_SECTIONS = {
    "assessment": "ĐÁNH GIÁ CHUNG",
    "direction": "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
    "proposals": "ĐỀ XUẤT, KIẾN NGHỊ",
}
# where the clerk's text goes: "intro" opens the report; a section key puts it after that section's figures
NARRATIVE_KEYS = ("intro",) + tuple(k for k in SECTIONS if k != "appendix") + tuple(NARRATIVE_SECTIONS)
# what the Reports tab shows beside each narrative box
NARRATIVE_LABELS = {"intro": "Mở đầu (căn cứ, mục đích báo cáo)"} | {k: v for k, v in SECTIONS.items()
                                                                     if k != "appendix"} | {
    "assessment": "Đánh giá chung", "direction": "Phương hướng, nhiệm vụ", "proposals": "Đề xuất, kiến nghị"}
SECTION_HEADINGS = {
    "units": "TÌNH HÌNH TỔ CHỨC ĐẢNG",
    "members": "TÌNH HÌNH ĐỘI NGŨ ĐẢNG VIÊN",
    "ratings": "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN",
    "recruitment": "CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN",
    "discipline": "CÔNG TÁC KHEN THƯỞNG, KỶ LUẬT VÀ NGHIỆP VỤ CÔNG TÁC ĐẢNG VIÊN",
}
CHART_KEYS = {"ratings": "Xếp loại theo năm", "age": "Cơ cấu độ tuổi", "units": "Đảng viên theo chi bộ",
              "recruitment": "Kết nạp so với chỉ tiêu"}


@dataclass
class ReportRequest:
    kind: str                                   # as_of | year_end | period_review
    as_of: date | None = None
    year: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    title: str = ""                             # trích yếu; required for a period review
    sections: set[str] = field(default_factory=lambda: set(SECTIONS))
    charts: set[str] = field(default_factory=lambda: set(CHART_KEYS))
    narrative: dict[str, str] = field(default_factory=dict)
    doc_date: date | None = None                # the date printed under the header (today by default)

    def validate(self) -> None:
        if self.kind not in KINDS:
            raise DomainError(f"Loại báo cáo không hợp lệ: «{self.kind}».", field="kind")
        if self.kind == "as_of" and self.as_of is None:
            raise DomainError("Báo cáo thống kê cần ngày chốt số liệu.", field="as_of")
        if self.kind == "year_end" and not self.year:
            raise DomainError("Báo cáo cuối năm cần năm báo cáo.", field="year")
        if self.kind == "year_end" and not 1930 <= int(self.year) <= 2200:
            raise DomainError(f"Năm báo cáo không hợp lệ: {self.year}.", field="year")
        if self.kind == "period_review":
            if self.date_from is None or self.date_to is None:
                raise DomainError("Báo cáo sơ kết, tổng kết cần cả ngày bắt đầu và ngày kết thúc của kỳ.",
                                  field="date_from")
            if self.date_from > self.date_to:
                raise DomainError("Ngày bắt đầu của kỳ phải trước ngày kết thúc.", field="date_from")
            if not self.title.strip():
                raise DomainError("Báo cáo sơ kết, tổng kết cần trích yếu (tên báo cáo), ví dụ «Sơ kết 03 năm "
                                  "thực hiện Nghị quyết số 21-NQ/TW».", field="title")
        unknown = set(self.sections) - set(SECTIONS)
        if unknown:
            raise DomainError(f"Phần báo cáo không có: {', '.join(sorted(unknown))}.", field="sections")
        unknown = set(self.narrative) - set(NARRATIVE_KEYS)
        if unknown:
            raise DomainError(f"Phần nội dung tự viết không có: {', '.join(sorted(unknown))}.", field="narrative")

    def to_record(self) -> dict:
        """The fields of a SavedReport row (app.models.SavedReport), so the Reports tab can keep the
        clerk's choices and narrative with the report and open them again."""
        import json

        date_from, date_to = self.period() if self.kind in KINDS else (None, None)
        return {"kind": self.kind, "title": self.title or None, "date_from": date_from, "date_to": date_to,
                "sections_json": json.dumps({"sections": sorted(self.sections), "charts": sorted(self.charts)}),
                "narrative_json": json.dumps(self.narrative, ensure_ascii=False)}

    @classmethod
    def from_record(cls, record) -> "ReportRequest":
        """From a SavedReport row (or any object / dict with the same fields)."""
        import json

        from app.services.reports import saved_choices

        get = record.get if isinstance(record, dict) else (lambda k: getattr(record, k, None))
        kind, date_from, date_to = get("kind"), get("date_from"), get("date_to")
        req = cls(kind=kind, title=get("title") or "")
        if kind == "as_of":
            req.as_of = date_to
        elif kind == "year_end":
            req.year = date_to.year if date_to else None
        else:
            req.date_from, req.date_to = date_from, date_to
        chosen = saved_choices(get("sections_json"))
        if "sections" in chosen:
            req.sections = set(chosen["sections"])
        if "charts" in chosen:
            req.charts = set(chosen["charts"])
        req.narrative = json.loads(get("narrative_json") or "{}")
        return req

    def period(self) -> tuple[date | None, date]:
        if self.kind == "as_of":
            return None, self.as_of
        if self.kind == "year_end":
            return date(int(self.year), 1, 1), date(int(self.year), 12, 31)
        return self.date_from, self.date_to

    def subject(self) -> str:
        from .sentences import dmy

        if self.title.strip():
            return self.title.strip()
        if self.kind == "as_of":
            return f"Tình hình tổ chức đảng và đội ngũ đảng viên đến ngày {dmy(self.as_of)}"
        if self.kind == "year_end":
            return f"Kết quả công tác xây dựng tổ chức đảng và đảng viên năm {self.year}"
        return ""


# --- content -----------------------------------------------------------------------------------------

def _p(text: str) -> Paragraph:
    return Paragraph(text)


# charts sized to stand in the text without pushing a half page ahead of them (the units' bars need the width)
CHART_WIDTH_MM = {"units": 150, "age": 125, "ratings": 125, "recruitment": 115}


def _chart(request: ReportRequest, key: str, title: str, make) -> list[Chart]:
    if key not in request.charts:
        return []
    return [Chart(key=key, title=title, png=make(), width_mm=CHART_WIDTH_MM.get(key, 150))]


def _units_section(data: ReportData, request: ReportRequest, settings: DocSettings) -> Section:
    from . import charts, sentences as S

    sec = Section("units", SECTION_HEADINGS["units"])
    sec.blocks.append(_p(S.units_sentence(settings.party_name, data.snapshot)))
    if data.date_from is not None:
        sec.blocks.append(_p(S.unit_changes_sentence(data.unit_changes, data.date_from, data.date_to)))
    if data.snapshot.members_by_unit:
        # the first chart stands on page 1: sized to the room left there, so it is not pushed to page 2
        # leaving half a page empty (the full list is in the appendix)
        words = len(request.narrative.get("intro", "")) or 260
        words += sum(len(b.text) for b in sec.blocks if isinstance(b, Paragraph))
        height = _room_on_first_page_in(words, paragraphs=len(sec.blocks) + 2)
        n = len(data.snapshot.members_by_unit)
        if height is None or charts.units_chart_limit(height) < min(n, 12):
            height = None  # not enough room: a chart of its own size on the next page
        limit = charts.units_chart_limit(height) if height else 25
        sec.blocks += _chart(request, "units", "Biểu đồ: Số đảng viên theo chi, đảng bộ trực thuộc",
                             lambda: charts.units_chart(data.snapshot.members_by_unit, limit=limit, title=False,
                                                        height_in=height if height and n > limit * 0.6 else None))
    return sec


def _room_on_first_page_in(chars: int, paragraphs: int) -> float | None:
    """Inches left on page 1 under the header block, the title and `chars` of 14-point text (≈ 80 a
    line of 165 mm, 7 mm a line), less the caption; None when under 2 inches. An estimate: Word lays out."""
    used_mm = 100 + 7.2 * (chars / 80 + paragraphs * 0.6) + 14
    left_in = (297 - 40 - used_mm) / 25.4 * 150 / 160   # the picture is scaled from 160 to 150 mm wide
    return left_in if left_in >= 2 else None


def _members_section(data: ReportData, request: ReportRequest, settings: DocSettings) -> Section:
    from . import charts, sentences as S

    snap = data.snapshot
    sec = Section("members", SECTION_HEADINGS["members"])
    part1 = Section("members.structure", "Số lượng, chất lượng và cơ cấu đội ngũ đảng viên")
    opening = (data.date_from, data.movement.opening) if data.movement is not None else None
    part1.blocks.append(_p("- Về số lượng đảng viên: " + S.count_sentence(
        settings.party_name, snap, opening, data.year_before, settings.population)))
    part1.blocks.append(_p("- Về trình độ: " + S.education_sentence(snap)))
    part1.blocks.append(_p("- Về cơ cấu theo giới tính, nghề nghiệp, độ tuổi, dân tộc, tôn giáo...: "
                           + S.structure_sentence(snap)))
    part1.blocks += _chart(request, "age", "Biểu đồ: Cơ cấu đảng viên theo độ tuổi",
                           lambda: charts.age_chart(snap.age_groups, snap.average_age, title=False,
                                                                   members=snap.members))
    sec.blocks.append(part1)
    if data.movement is not None:
        part2 = Section("members.movement", "Tăng, giảm đảng viên trong kỳ")
        part2.blocks.append(_p(S.movement_sentence(data.movement)))
        sec.blocks.append(part2)
    return sec


def _ratings_section(data: ReportData, request: ReportRequest, settings: DocSettings) -> Section | None:
    from . import charts, sentences as S

    if not data.member_ratings and not data.unit_ratings:
        return None
    sec = Section("ratings", SECTION_HEADINGS["ratings"])
    # a year-end report writes its own year; a review writes each year of the period (seeds 000, 002)
    unit_years = data.unit_ratings[-1:] if request.kind == "year_end" else data.unit_ratings
    member_years = data.member_ratings[-1:] if request.kind == "year_end" else data.member_ratings
    part = Section("ratings.units", "Đối với tổ chức đảng")
    if unit_years:
        part.blocks += [_p("- " + S.unit_rating_year_sentence(r)) for r in unit_years]
    else:
        part.blocks.append(_p("Chưa có kết quả xếp loại tổ chức đảng trong kỳ."))
    sec.blocks.append(part)
    part = Section("ratings.members", "Đối với đảng viên")
    if len(member_years) == 1:
        part.blocks.append(_p(S.member_rating_paragraph(member_years[0], "Đảng bộ")))
    elif member_years:
        part.blocks += [_p("- " + S.member_rating_year_sentence(r)) for r in member_years]
    else:
        part.blocks.append(_p("Chưa có kết quả xếp loại đảng viên trong kỳ."))
    if data.member_ratings:
        part.blocks += _chart(request, "ratings", "Biểu đồ: Kết quả xếp loại chất lượng đảng viên theo năm",
                              lambda: charts.ratings_chart(data.member_ratings, title=False))
    sec.blocks.append(part)
    return sec


def _recruitment_section(data: ReportData, request: ReportRequest, settings: DocSettings) -> Section | None:
    from . import charts, sentences as S

    if not data.recruitment and data.new_members is None:
        return None
    sec = Section("recruitment", SECTION_HEADINGS["recruitment"])
    years = data.recruitment[-1:] if request.kind == "year_end" else data.recruitment
    sec.blocks += [_p("- " + S.recruitment_sentence(r)) for r in years]
    if data.new_members is not None:
        start = data.date_from or date(data.date_to.year, 1, 1)
        sec.blocks.append(_p("- " + S.new_members_sentence(data.new_members, start, data.date_to)))
    # a chart "against the target" needs a target: none set is not a target of 0
    if data.recruitment and any(r.target for r in data.recruitment):
        sec.blocks += _chart(request, "recruitment", "Biểu đồ: Kết nạp đảng viên so với chỉ tiêu",
                             lambda: charts.recruitment_chart(data.recruitment, title=False))
    return sec


def _discipline_section(data: ReportData, request: ReportRequest, settings: DocSettings) -> Section | None:
    from . import sentences as S

    if data.awards is None:
        return None
    sec = Section("discipline", SECTION_HEADINGS["discipline"])
    sec.blocks.append(_p("- " + S.discipline_sentence(data.awards)))
    sec.blocks.append(_p("- " + S.rewards_sentence(data.awards)))
    sec.blocks.append(_p("- " + S.cards_transfers_sentence(data.awards)))
    return sec


# --- appendices (seed 001) ---------------------------------------------------------------------------

def _year_table(header_years: list[str], rows: list[tuple[str, str, list[int | str]]], bold_rows=()) -> Table:
    from .sentences import cnt

    header = ["STT", "NỘI DUNG"] + header_years + ["Ghi chú"]
    n = len(header_years)
    # a column as wide as its heading's longest word group: "Đến 01/3/2026" must not break inside a date
    longest = max((len(h) for h in header_years), default=8)
    year_w = max(20 if n <= 4 else 16, min(30, 2.1 * longest))
    if n == 1:
        year_w = max(year_w, 30)  # room for "KẾT QUẢ ĐẠT ĐƯỢC" on two lines
    year_w = min(year_w, (165 - 12 - 18 - 60) / n)  # the NỘI DUNG column keeps 60 mm
    widths = [12, 165 - 12 - 18 - year_w * n] + [year_w] * n + [18]
    body = []
    for stt, label, values in rows:
        body.append([stt, label] + [cnt(v) if isinstance(v, int) else v for v in values] + [""])
    return Table(title="", header=header, rows=body, widths_mm=widths,
                 bold_rows={i for i, (stt, _, _) in enumerate(rows) if stt in ("I", "II", "III")} | set(bold_rows),
                 group_header=("KẾT QUẢ ĐẠT ĐƯỢC", 2, 1 + n))


def _ratings_appendix(data: ReportData) -> Table | None:
    years = sorted({r.year for r in data.unit_ratings} | {r.year for r in data.member_ratings})
    if not years:
        return None
    units = {r.year: r for r in data.unit_ratings}
    members = {r.year: r for r in data.member_ratings}

    def block(roman, title, source):
        def v(y, attr):
            r = source.get(y)
            return getattr(r, attr) if r else ""
        return [(roman, title, [v(y, "rated") for y in years]),
                ("", "Trong đó", [""] * len(years)),
                ("1", "- Hoàn thành xuất sắc nhiệm vụ", [v(y, "excellent") for y in years]),
                ("2", "- Hoàn thành tốt nhiệm vụ", [v(y, "good") for y in years]),
                ("3", "- Hoàn thành nhiệm vụ", [v(y, "done") for y in years]),
                ("4", "- Không hoàn thành nhiệm vụ", [v(y, "failed") for y in years]),
                ("", "Không xếp loại", [v(y, "not_rated") for y in years])]

    # a part with nothing under it is left out (no unit ratings entered: no empty block)
    rows = (block("I", "Xếp loại tổ chức đảng", units) if units else []) + (
        block("II" if units else "I", "Xếp loại đảng viên", members) if members else [])
    return _year_table([f"Năm {y}" for y in years], rows)


def _recruitment_appendix(data: ReportData) -> Table | None:
    from app.models.enums import OccupationGroup

    cols = data.new_members_by_year
    if not cols:
        return None
    targets = {r.year: r.target for r in data.recruitment}
    rows = [("I", "Tổng số kết nạp", [c.total for c in cols])]
    if data.recruitment and len(data.recruitment) == len(cols):
        rows.append(("", "Chỉ tiêu được giao", [targets.get(r.year) or "chưa giao" for r in data.recruitment]))
    rows += [("", "Trong đó", [""] * len(cols)),
             ("1", "- Nữ", [c.female for c in cols]),
             ("2", "- Dân tộc thiểu số", [c.ethnic_minority for c in cols]),
             ("3", "- Tôn giáo", [c.religious for c in cols]),
             ("4", "- Đoàn viên TNCS Hồ Chí Minh", [c.youth_union for c in cols]),
             ("5", "- Chủ doanh nghiệp tư nhân", [c.private_owner for c in cols])]
    jobs = []
    for group in OccupationGroup:
        values = [c.occupation.get(group.value, 0) for c in cols]
        if any(values):
            jobs.append((str(len(jobs) + 1), "- " + group.label, values))
    unknown = [c.occupation.get("unknown", 0) for c in cols]
    if any(unknown):
        jobs.append((str(len(jobs) + 1), "- Chưa phân loại nghề nghiệp", unknown))
    if jobs:  # a part with nothing under it is left out
        rows += [("II", "Phân tích đảng viên mới kết nạp theo nghề nghiệp", [""] * len(cols))] + jobs
    return _year_table([c.label for c in cols], rows)


def _structure_appendix(data: ReportData) -> Table:
    from app.models.enums import GeneralEducation, PoliticalTheory, ProfessionalLevel

    from .sentences import cnt, pct

    s = data.snapshot
    n = s.members
    unknown_job = s.occupation.get("unknown", 0)
    rows = [("I", "Tổng số đảng viên", s.members)]
    rows += [("1", "- Nữ", s.female), ("2", "- Dự bị", s.probationary), ("3", "- Dân tộc thiểu số", s.ethnic_minority),
             ("4", "- Theo tôn giáo", s.religious), ("5", "- Đoàn viên TNCS Hồ Chí Minh", s.youth_union),
             ("6", "- Đang làm việc, công tác", s.working - unknown_job), ("7", "- Nghỉ hưu, nghỉ công tác", s.retired)]
    if unknown_job:  # neither working nor retired as far as the records say (issue 11 §4)
        rows.append(("", "- Chưa phân loại nghề nghiệp", unknown_job))
    rows.append((str(len(rows)), "- Miễn công tác và sinh hoạt đảng", s.exempt))

    def block(roman, title, values: list[tuple[str, int]], remainder_label: str):
        out = [(roman, title, None)]
        out += [(str(i), "- " + label, v) for i, (label, v) in enumerate(values, start=1)]
        rest = n - sum(v for _, v in values)
        if rest:  # the block adds up to the total, or says what the rest is
            out.append((str(len(values) + 1), "- " + remainder_label, rest))
        return out

    rows += block("II", "Tuổi đời", [(label[0].upper() + label[1:], s.age_groups.get(key, 0))
                                     for key, label in AGE_GROUPS], "Chưa rõ ngày sinh")
    rows += block("III", "Trình độ giáo dục phổ thông",
                  [(g.label, s.general_education.get(g.value, 0)) for g in GeneralEducation], "Chưa rõ")
    rows += block("IV", "Trình độ chuyên môn nghiệp vụ",
                  [(g.label, s.professional.get(g.value, 0)) for g in ProfessionalLevel],
                  "Chưa qua đào tạo hoặc chưa rõ")
    rows += block("V", "Trình độ lý luận chính trị",
                  [(g.label, s.political_theory.get(g.value, 0)) for g in PoliticalTheory],
                  "Chưa qua đào tạo hoặc chưa rõ")
    body = [[stt, label, "" if v is None else cnt(v), "" if v is None else pct(v, n)] for stt, label, v in rows]
    bold = {i for i, (stt, _, _) in enumerate(rows) if stt in ("I", "II", "III", "IV", "V")}
    return Table(title="", header=["STT", "NỘI DUNG", "Số lượng", "Tỷ lệ (%)"], rows=body,
                 widths_mm=[14, 105, 23, 23], bold_rows=bold)


def _units_appendix(data: ReportData) -> Table | None:
    from .sentences import cnt, pct

    rows = data.snapshot.members_by_unit
    if not rows:
        return None
    total = sum(n for _, n in rows)
    body = [[str(i), name, cnt(n), pct(n, total)] for i, (name, n) in enumerate(rows, start=1)]
    body.append(["", "Cộng", cnt(total), "100%" if total else "0%"])
    return Table(title="", header=["STT", "Chi, đảng bộ trực thuộc", "Số đảng viên", "Tỷ lệ (%)"], rows=body,
                 widths_mm=[14, 105, 23, 23], bold_rows={len(body) - 1})


def _appendices(data: ReportData) -> list[Appendix]:
    from .sentences import dmy

    out = []
    made = [("XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN", _ratings_appendix(data)),
            ("KẾT NẠP QUẦN CHÚNG ƯU TÚ VÀO ĐẢNG", _recruitment_appendix(data)),
            (f"CƠ CẤU ĐỘI NGŨ ĐẢNG VIÊN ĐẾN NGÀY {dmy(data.date_to)}", _structure_appendix(data)),
            (f"SỐ ĐẢNG VIÊN THEO CHI, ĐẢNG BỘ TRỰC THUỘC ĐẾN NGÀY {dmy(data.date_to)}", _units_appendix(data))]
    for title, table in made:
        if table is not None:
            out.append(Appendix(number=len(out) + 1, title=title, table=table))
    return out


def content_from_data(data: ReportData, request: ReportRequest, settings: DocSettings | dict | None = None
                      ) -> ReportContent:
    """Pure: the report's content from its figures (no database)."""
    request.validate()
    if not isinstance(settings, DocSettings):
        settings = DocSettings.from_mapping(settings)
    date_from, date_to = request.period()
    subject = request.subject()
    intro = request.narrative.get("intro", "").strip() or (
        f"Căn cứ số liệu quản lý tổ chức đảng và đảng viên, Ban Chấp hành {settings.party_name} báo cáo "
        f"{subject[:1].lower() + subject[1:]} như sau:")
    content = ReportContent(kind=request.kind, title="BÁO CÁO", subject=subject,
                            doc_date=request.doc_date or date.today(), date_from=date_from, date_to=date_to,
                            intro=intro)
    builders = (("units", _units_section), ("members", _members_section), ("ratings", _ratings_section),
                ("recruitment", _recruitment_section), ("discipline", _discipline_section))
    for key, build in builders:
        if key not in request.sections:
            continue
        section = build(data, request, settings)
        if section is None:
            continue
        section.narrative = request.narrative.get(key, "")
        content.sections.append(section)
    for key, heading in NARRATIVE_SECTIONS.items():
        text = request.narrative.get(key, "").strip()
        if text:
            content.sections.append(Section(key, heading, narrative=text))
    if "appendix" in request.sections:
        content.appendices = _appendices(data)
    content.warnings += _data_warnings(data)
    return content


def _data_warnings(data: ReportData) -> list[str]:
    """Things the clerk should check before signing: the figures are right, but the rules say look."""
    from app.services.evaluations import EXCELLENT_QUOTA_PERCENT, exceeds_excellent_quota

    from .sentences import pct

    out = []
    for r in data.member_ratings[-1:]:
        # the HTXSNV ceiling of Quy định 124-QĐ/TW (Hướng dẫn đánh giá), as the rating grid warns of it
        if exceeds_excellent_quota(r.excellent, r.good_or_better):
            out.append(f"Năm {r.year}: {r.excellent}/{r.good_or_better} đảng viên hoàn thành xuất sắc nhiệm vụ "
                       f"({pct(r.excellent, r.good_or_better)}), vượt {EXCELLENT_QUOTA_PERCENT}% số hoàn thành tốt "
                       "nhiệm vụ trở lên.")
    s = data.snapshot
    unknown_job = s.occupation.get("unknown", 0)
    if unknown_job:
        out.append(f"Chưa đủ thông tin nghề nghiệp của {unknown_job} đảng viên: báo cáo ghi là chưa phân loại, không "
                   f"tính vào «đang làm việc» hay «nghỉ hưu». Hãy bổ sung nhóm nghề nghiệp trong hồ sơ đảng viên.")
    for r in data.member_ratings[-1:]:
        if r.not_rated_unknown:
            out.append(f"Năm {r.year}: {r.not_rated_unknown} đảng viên không có kết quả xếp loại mà chưa ghi lý do "
                       f"(miễn sinh hoạt, mới kết nạp…): báo cáo ghi «chưa ghi lý do».")
    m = data.movement
    if m is not None and m.unexplained:
        out.append(f"Số đầu kỳ ({m.opening}) cộng tăng, trừ giảm không bằng số cuối kỳ ({m.closing}): chênh "
                   f"{m.unexplained:+d} do có danh sách nhập từ tệp trong kỳ. Hãy kiểm tra trước khi ký.")
    return out


# --- database access ---------------------------------------------------------------------------------

def gather_data(session, request: ReportRequest) -> ReportData:
    from .source import gather

    request.validate()
    date_from, date_to = request.period()
    return gather(session, request.kind, date_from, date_to, set(request.sections))


def report_content(session, request: ReportRequest, settings: DocSettings | dict | None = None) -> ReportContent:
    """Read the figures (in the caller's session) and compute the content — sentences, tables, chart PNGs —
    for a preview."""
    from .doc_settings import load_settings

    request.validate()
    data = gather_data(session, request)
    if settings is None:
        settings = load_settings(session)
    return content_from_data(data, request, settings)


@dataclass
class ReportResult:
    path: Path
    warnings: list[str] = field(default_factory=list)
    content: ReportContent | None = None


def template_for(kind: str, settings: DocSettings) -> Path:
    """The clerk's own template (settings → template_dir) when it holds one for this kind, else ours."""
    from .make_templates import TEMPLATE_NAMES, default_templates_dir

    name = TEMPLATE_NAMES[kind]
    if settings.template_dir:
        folder = Path(settings.template_dir)
        if not folder.is_dir():
            raise DomainError(f"Thư mục mẫu báo cáo trong Cài đặt không tồn tại: {folder}.", field="template_dir")
        own = folder / name
        if own.is_file():
            return own
    path = default_templates_dir() / name
    if not path.is_file():
        raise DomainError(f"Không tìm thấy mẫu báo cáo {path}. Hãy cài đặt lại chương trình.", field="template")
    return path


def build_report(db, request: ReportRequest, out_path, settings: DocSettings | dict | None = None,
                 template: Path | None = None):
    """A generator: yields Progress while it works, then one ReportResult with the path and the warnings."""
    from .doc_settings import load_settings
    from .docx_writer import render_docx

    request.validate()
    out_path = Path(out_path)
    if out_path.suffix.lower() != ".docx":
        raise DomainError(f"Tệp báo cáo phải có đuôi .docx: {out_path.name}", field="out")
    total = 4
    yield Progress(0, total, "Đọc số liệu thống kê…")
    with db.session() as session:
        data = gather_data(session, request)
        if settings is None:
            settings = load_settings(session)
    if not isinstance(settings, DocSettings):
        settings = DocSettings.from_mapping(settings)
    yield Progress(1, total, "Viết nội dung và vẽ biểu đồ…")
    content = content_from_data(data, request, settings)
    yield Progress(2, total, "Điền mẫu báo cáo…")
    tpl = Path(template) if template else template_for(request.kind, settings)
    result = render_docx(content, settings, tpl, out_path)
    yield Progress(total, total, "Đã ghi báo cáo.", cancellable=False)   # written: nothing left to stop
    yield ReportResult(result.path, result.warnings + content.warnings, content)


def run(gen):
    """Drive a build_report generator to its end and return the ReportResult (CLI, tests)."""
    return drive(gen)
