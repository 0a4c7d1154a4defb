"""Saved reports: the kind, period, sections and the narrative the clerk wrote, kept with the data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import SavedReport

from .errors import DomainError, NotFound



@dataclass(frozen=True)
class ReportKind:
    key: str
    title: str      # the document's title
    label: str      # the short name a list of reports shows
    file_part: str  # in a saved file's name (no diacritics)


# the kinds of report, in one place: the saved reports, the Word export and the Reports tab read them here
REPORT_KINDS = {k.key: k for k in (
    ReportKind("as_of", "Báo cáo thống kê tổ chức đảng và đảng viên (đến một ngày)", "Thống kê đến ngày", "ThongKe"),
    ReportKind("year_end", "Báo cáo công tác xây dựng Đảng cuối năm", "Báo cáo cuối năm", "CuoiNam"),
    ReportKind("period_review", "Báo cáo sơ kết, tổng kết (theo kỳ)", "Sơ kết, tổng kết theo kỳ", "SoKet"),
)}
KINDS = tuple(REPORT_KINDS)


def save_report(session: Session, *, kind: str, title: str | None = None, date_from: date | None = None,
                date_to: date | None = None, sections: list[str] | None = None, charts: list[str] | None = None,
                narrative: dict[str, str] | None = None, report_id: int | None = None) -> SavedReport:
    """Save the clerk's choices and text. sections / charts: the keys chosen (None: a new report takes the
    export's defaults, a saved one keeps what it had); stored in one shape, {"sections": […], "charts": […]}."""
    if kind not in KINDS:
        raise DomainError(f"Loại báo cáo «{kind}» không hợp lệ.", "kind")
    if date_from and date_to and date_from > date_to:
        raise DomainError("Ngày bắt đầu kỳ báo cáo sau ngày kết thúc.", "date_from")
    if kind == "period_review" and not (title and title.strip()):
        raise DomainError("Báo cáo sơ kết, tổng kết cần có tiêu đề (trích yếu).", "title")
    now = datetime.now()
    if report_id is not None:
        row = get_report(session, report_id)
        row.updated_at = now
    else:
        row = SavedReport(created_at=now)
        session.add(row)
    row.kind, row.title, row.date_from, row.date_to = kind, (title or "").strip() or None, date_from, date_to
    choices = saved_choices(row.sections_json) if report_id is not None else {}
    if sections is not None:
        choices["sections"] = sorted(sections)
    if charts is not None:
        choices["charts"] = sorted(charts)
    row.sections_json = json.dumps(choices, ensure_ascii=False)
    row.narrative_json = json.dumps(narrative or {}, ensure_ascii=False)
    session.flush()
    return row


def get_report(session: Session, report_id: int) -> SavedReport:
    row = session.get(SavedReport, report_id)
    if row is None:
        raise NotFound(f"Không tìm thấy báo cáo đã lưu mã {report_id}.", "report")
    return row


def list_reports(session: Session) -> list[SavedReport]:
    return list(session.scalars(select(SavedReport).order_by(SavedReport.created_at.desc(), SavedReport.id.desc())))


def delete_report(session: Session, report_id: int) -> None:
    session.delete(get_report(session, report_id))
    session.flush()


def narrative_of(row: SavedReport) -> dict[str, str]:
    return json.loads(row.narrative_json or "{}")


def sections_of(row: SavedReport) -> dict:
    """The saved choices: {"sections": [...], "charts": [...]}, each key only when chosen."""
    return saved_choices(row.sections_json)


def saved_choices(text: str | None) -> dict:
    """Read a saved report's choices. Reports saved before the choices had one shape hold a bare list of
    section keys (every chart); an empty one meant the defaults. Read here only, for every reader."""
    value = json.loads(text or "{}")
    if isinstance(value, list):
        return {"sections": value} if value else {}
    return {k: list(value[k]) for k in ("sections", "charts") if k in value}
