"""`python -m app report …` and `python -m app forms …` through the real CLI entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from app.cli import main
from app.export.report import ReportRequest

from .docx_read import paragraphs

ROOT = Path(__file__).resolve().parents[2]


def db_arg(db) -> str:
    """--db as a clerk gives it: the file's path for SQLite, the server's URL for PostgreSQL."""
    return str(db.path) if db.path is not None else db.url


def test_report_year_as_of_and_period(fixture_db, tmp_path, capsys):
    db, _ = fixture_db
    path = db_arg(db)
    assert main(["report", "--db", path, "--year", "2025", "--out", str(tmp_path / "ye.docx"), "--quiet",
                 "--doc-date", "15/01/2026"]) == 0
    paras = paragraphs(tmp_path / "ye.docx")
    assert "Thanh Bình, ngày 15 tháng 01 năm 2026" in paras
    assert "- Năm 2025 đã kết nạp 02/04 quần chúng vào Đảng, đạt 50% kế hoạch năm và 18,18% so với tổng số đảng viên đầu năm (11 đảng viên)." \
        in paras
    assert main(["report", "--db", path, "--as-of", "2025-05-31", "--out", str(tmp_path / "asof.docx"),
                 "--quiet"]) == 0
    assert any(p.startswith("- Về số lượng đảng viên: Tính đến ngày 31/5/2025") for p in paragraphs(tmp_path / "asof.docx"))
    narrative = tmp_path / "loi.json"
    narrative.write_text(json.dumps({"intro": "Mở đầu do văn phòng viết."}, ensure_ascii=False), encoding="utf-8")
    assert main(["report", "--db", path, "--from", "01/01/2024", "--to", "31/12/2025", "--title", "Sơ kết 02 năm",
                 "--narrative", str(narrative), "--out", str(tmp_path / "sk.docx"), "--quiet"]) == 0
    paras = paragraphs(tmp_path / "sk.docx")
    assert "Sơ kết 02 năm" in paras and "Mở đầu do văn phòng viết." in paras
    assert "Đã ghi báo cáo" in capsys.readouterr().out


def test_period_without_title_is_a_message_not_a_traceback(fixture_db, tmp_path, capsys):
    db, _ = fixture_db
    rc = main(["report", "--db", db_arg(db), "--from", "01/01/2025", "--to", "31/12/2025",
               "--out", str(tmp_path / "x.docx"), "--quiet"])
    assert rc == 1
    assert "trích yếu" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_forms_command_in_a_fresh_process(fixture_db, tmp_path):
    db, _ = fixture_db
    out = tmp_path / "bieu.xlsx"
    done = subprocess.run([sys.executable, "-m", "app", "forms", "--db", db_arg(db), "--from", "2025-01-01",
                           "--to", "2025-12-31", "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames == ["Biểu 1", "Biểu 2", "Biểu 3", "Biểu 4", "Biểu 5", "Biểu 6F", "Biểu 7"]


def test_request_round_trips_through_a_saved_report_record():
    req = ReportRequest(kind="period_review", date_from=date(2024, 1, 1), date_to=date(2025, 12, 31),
                        title="Sơ kết", sections={"units", "ratings"}, charts={"ratings"},
                        narrative={"intro": "Mở đầu", "ratings": "Nhận xét"})
    record = req.to_record()
    assert record["kind"] == "period_review" and record["date_to"] == date(2025, 12, 31)
    back = ReportRequest.from_record(record)
    assert (back.kind, back.date_from, back.date_to, back.title, back.sections, back.charts, back.narrative) == (
        req.kind, req.date_from, req.date_to, req.title, req.sections, req.charts, req.narrative)
    ye = ReportRequest.from_record(ReportRequest(kind="year_end", year=2025).to_record())
    assert ye.year == 2025 and ye.period() == (date(2025, 1, 1), date(2025, 12, 31))
