"""Saved reports: the kind, period, sections and the narrative the clerk wrote, kept with the data."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import SavedReport

from .errors import DomainError, NotFound

KINDS = ("as_of", "year_end", "period_review")


def save_report(session: Session, *, kind: str, title: str | None = None, date_from: date | None = None,
                date_to: date | None = None, sections: list[str] | dict | None = None,
                narrative: dict[str, str] | None = None, report_id: int | None = None) -> SavedReport:
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
    row.sections_json = json.dumps(sections if sections is not None else [], ensure_ascii=False)
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


def sections_of(row: SavedReport) -> list[str] | dict:
    """As saved: a list of section keys, or the export's {"sections": [...], "charts": [...]}."""
    return json.loads(row.sections_json or "[]")
