"""Each report kind rendered as a person sees it: LibreOffice → PDF → PNG pages (saved in out/render/,
git-ignored, to be looked at). Needs libreoffice-writer-nogui, poppler-utils and fonts-liberation2."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from app.export.report import ReportRequest, build_report, run

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "out" / "render"
REQUESTS = {
    "as_of": ReportRequest(kind="as_of", as_of=date(2025, 12, 31), doc_date=date(2026, 1, 5)),
    "year_end": ReportRequest(kind="year_end", year=2025, doc_date=date(2026, 1, 15),
                              narrative={"assessment": "Nhìn chung, công tác xây dựng Đảng năm 2025 đạt kết quả tốt."}),
    "period_review": ReportRequest(kind="period_review", date_from=date(2024, 1, 1), date_to=date(2025, 12, 31),
                                   title="Sơ kết 02 năm thực hiện Nghị quyết số 21-NQ/TW của Ban Chấp hành Trung "
                                         "ương Đảng khóa XIII", doc_date=date(2026, 3, 15)),
}


def _tools():
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm") or not shutil.which("pdfinfo"):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice and poppler-utils are needed (.ci/run installs them)")
        pytest.skip("LibreOffice / poppler-utils not installed")
    return soffice


@pytest.mark.parametrize("kind", list(REQUESTS))
def test_render_each_kind_to_png(kind, fixture_db, tmp_path):
    soffice = _tools()
    db, _ = fixture_db
    docx_path = run(build_report(db, REQUESTS[kind], tmp_path / f"{kind}.docx")).path
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx_path)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / f"{kind}.pdf"
    assert pdf.exists()
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5, info   # A4 in points
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 2
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "BÁO CÁO" in text
    assert "Nơi nhận:" in text and "{{" not in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    # Times New Roman, or its metric twin Liberation Serif on Linux; never a fallback sans font
    assert re.search(r"TimesNewRoman|LiberationSerif", fonts), fonts
    assert "DejaVuSans " not in fonts
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob(f"{kind}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(OUT / kind)], check=True, timeout=120)
    shutil.copy(pdf, OUT / f"{kind}.pdf")
    assert len(list(OUT.glob(f"{kind}-*.png"))) == pages
