"""The Sổ danh sách đảng viên (Mẫu 7-HSĐV) as .xlsx in its stacked layout (DOMAIN §8): one row per member
with the lines inside the cells, 14 numbered columns with the row of column numbers under the header,
A4 landscape, a title naming the unit, the signature; the whole book has a section row per chi bộ.

This is the layout the importer reads back (app/importing): re-importing the export changes nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .printout_xlsx import write_printout_xlsx
from .printouts import book_printout


def write_book_xlsx(session, path: str | Path, *, as_of: date, unit_id: int | None = None) -> Path:
    return write_printout_xlsx(book_printout(session, as_of=as_of, unit_id=unit_id), path)
