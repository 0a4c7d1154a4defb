"""Column mappings the user corrected, remembered per sheet layout (same headers in the same places).

Kept as JSON in the user's data folder, so the next sheet of the same shape maps itself.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .detect import SheetTable

FILE_NAME = "import_mappings.json"


def _path() -> Path:
    from app import paths

    return paths.data_dir() / FILE_NAME


def load_remembered(path: Path | None = None) -> dict[str, dict[int, tuple[str | None, int | None]]]:
    """{layout_key: {column index: (field, year)}}; an unreadable file counts as empty."""
    path = path or _path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for key, entry in data.items() if isinstance(data, dict) else ():
        try:
            out[key] = {int(i): (v[0], v[1]) for i, v in entry.get("mapping", {}).items()}
        except (AttributeError, TypeError, ValueError, IndexError):
            continue
    return out


def remember_mapping(table: SheetTable, path: Path | None = None) -> None:
    """Save the table's current mapping (after the user corrected it) for its layout."""
    path = path or _path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data[table.layout_key] = {
        "headers": [c.header for c in table.columns],
        "mapping": {str(c.index): [c.field, c.year] for c in table.columns},
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)  # never a half-written file
