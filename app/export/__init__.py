"""Reports and forms: Word documents in the party's format and the official statistical forms in Excel.

No Qt and no SQL here: the figures come from app.services.statistics; heavy libraries (matplotlib,
python-docx, docxtpl, openpyxl) are imported inside the functions that use them.

    from app.export import ReportRequest, build_report, report_content, write_forms_xlsx
"""

from .forms import write_forms_xlsx
from .report import (CHART_KEYS, KINDS, NARRATIVE_KEYS, NARRATIVE_LABELS, NARRATIVE_SECTIONS, SECTIONS, Progress, ReportRequest,
                     ReportResult, build_report, content_from_data, report_content, run)

__all__ = ["CHART_KEYS", "KINDS", "NARRATIVE_KEYS", "NARRATIVE_LABELS", "NARRATIVE_SECTIONS", "SECTIONS", "Progress", "ReportRequest",
           "ReportResult", "build_report", "content_from_data", "report_content", "run", "write_forms_xlsx"]
