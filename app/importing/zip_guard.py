"""Refuse a .xlsx whose parts would take the clerk's PC down, before any parser sees them (issue 17).

A small .xlsx can inflate to gigabytes (a zip bomb, or a sheet some tool filled with millions of empty
cells). The parsers build what they read in memory, so the sizes are checked first: the sizes the archive
declares, then the sizes it really inflates to (streamed in chunks and counted, which also checks every
CRC as ``testzip`` did), then, for a sheet part large enough to matter, its shape (a row of more cells
than Excel allows, a text node longer than a cell can hold) with a streaming parser that keeps nothing.

The limits are far above any commune's sheet: 20,000 members in 40 columns is about 25 MB of sheet XML,
a few MB of shared strings and well under 1 MB of styles.
"""

from __future__ import annotations

import zipfile

MiB = 1 << 20
SHEET_LIMIT = 160 * MiB          # one worksheet part
SHARED_STRINGS_LIMIT = 48 * MiB  # the shared strings are kept in memory while the sheets are read
STYLES_LIMIT = 8 * MiB           # openpyxl builds an object per style: 8 MB of styles is ~100 MB of them
OTHER_LIMIT = 32 * MiB           # any other part (drawings, printer settings, the workbook itself …)
TOTAL_LIMIT = 400 * MiB          # all parts together
MAX_PARTS = 20_000
SCAN_ABOVE = 16 * MiB            # sheet parts this large are scanned for their shape before parsing
EXCEL_MAX_COLUMNS = 16_384       # column XFD: no valid sheet has a row of more cells
CHUNK = MiB


class ArchiveRefused(Exception):
    """The archive is too big or malformed; the message is Vietnamese and ends with what to do."""


def _limit_of(name: str) -> tuple[int, str]:
    lower = name.lower()
    if lower.startswith("xl/worksheets/") and lower.endswith(".xml"):
        return SHEET_LIMIT, "trang tính"
    if lower == "xl/sharedstrings.xml":
        return SHARED_STRINGS_LIMIT, "bảng chữ dùng chung"
    if lower == "xl/styles.xml":
        return STYLES_LIMIT, "bảng định dạng"
    return OTHER_LIMIT, "phần"


def _too_big(file: str, part: str, label: str, limit: int) -> ArchiveRefused:
    return ArchiveRefused(
        f"Tệp «{file}»: {label} «{part}» khi giải nén lớn hơn {limit // MiB} MB — quá lớn so với một danh "
        f"sách đảng viên (có thể tệp bị hỏng hoặc cố ý làm phình). Không đọc tệp này; hãy mở bằng Excel, "
        f"xóa các dòng, cột thừa rồi lưu lại.")


def check_archive(zf: zipfile.ZipFile, file: str) -> None:
    """Raise ArchiveRefused (or zipfile.BadZipFile for a broken part) unless every part is within limits."""
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise ArchiveRefused(f"Tệp «{file}» có {len(infos):,} phần nén — không phải một bảng tính bình thường.")
    declared = 0
    for info in infos:
        limit, label = _limit_of(info.filename)
        if info.file_size > limit:
            raise _too_big(file, info.filename, label, limit)
        declared += info.file_size
    if declared > TOTAL_LIMIT:
        raise ArchiveRefused(f"Tệp «{file}» khi giải nén lớn hơn {TOTAL_LIMIT // MiB} MB — quá lớn so với một "
                             f"danh sách đảng viên. Không đọc tệp này.")
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        limit, label = _limit_of(info.filename)
        size = 0
        # the declared sizes can lie: count what really comes out, and stop as soon as it is too much
        with zf.open(info) as part:
            while chunk := part.read(CHUNK):
                size += len(chunk)
                total += len(chunk)
                if size > limit:
                    raise _too_big(file, info.filename, label, limit)
                if total > TOTAL_LIMIT:
                    raise ArchiveRefused(f"Tệp «{file}» khi giải nén lớn hơn {TOTAL_LIMIT // MiB} MB — quá lớn "
                                         f"so với một danh sách đảng viên. Không đọc tệp này.")
        if label == "trang tính" and size > SCAN_ABOVE:
            _check_sheet_shape(zf, info, file)


def _check_sheet_shape(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> None:
    """A streaming pass that keeps no element: rows of more cells than Excel allows and text nodes longer
    than libxml2's default limit (10 MB; a cell holds at most 32,767 characters) are refused."""
    from lxml import etree

    cells = 0
    with zf.open(info) as src:
        try:
            for event, element in etree.iterparse(src, events=("start", "end"), huge_tree=False,
                                                  resolve_entities=False, no_network=True):
                tag = element.tag
                if event == "start":
                    if tag.endswith("}row"):
                        cells = 0
                    continue
                if tag.endswith("}c"):
                    cells += 1
                    if cells > EXCEL_MAX_COLUMNS:
                        raise ArchiveRefused(
                            f"Tệp «{file}»: trang tính «{info.filename}» có một dòng hơn {EXCEL_MAX_COLUMNS:,} ô "
                            f"— Excel không cho phép như vậy; tệp bị hỏng hoặc cố ý làm phình. Không đọc tệp này.")
                element.clear()
                if tag.endswith("}row"):
                    parent = element.getparent()
                    if parent is not None:
                        while element.getprevious() is not None:
                            del parent[0]
        except etree.XMLSyntaxError as exc:
            raise ArchiveRefused(f"Tệp «{file}»: trang tính «{info.filename}» không đọc được ({exc.msg}); có "
                                 f"thể có ô quá dài hoặc tệp bị hỏng. Không đọc tệp này.") from None
