"""Settings kept with the data: names for document headers, signer, numbering, margins, template folder.

Every key has a Vietnamese label (FIELDS): the clerk never sees the key itself, neither in the window's
«Cài đặt» dialog nor in a warning. `check_settings` applies the rules of Hướng dẫn 36-HD/VPTW (names in the
header in upper case, the place in ordinary case, margins in the handbook's ranges); `suggest_settings`
proposes values from the unit tree (the commune's own party organisation, as the import named it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Setting

from .errors import DomainError


@dataclass(frozen=True)
class SettingField:
    key: str
    label: str          # what the dialog, the CLI and the warnings call it
    kind: str = "text"  # text | long | number | folder
    example: str = ""   # shown greyed in the empty box
    default: str = ""   # names of bodies and people have none: blank until the clerk fills them


# Names of bodies and people are blank until the clerk fills them (a report prints a marked blank and says
# so); only the forms of the rules have a default: the usual signer lines, the report's symbol, the margins
# most provinces' handbooks choose (36-HD/VPTW allows top/bottom 20–25, left 30–35, right 15–20 mm).
FIELDS: tuple[SettingField, ...] = (
    SettingField("parent_body", "Tên cấp ủy cấp trên trực tiếp", example="ĐẢNG BỘ TỈNH LAI CHÂU"),
    SettingField("issuing_body", "Tên cơ quan ban hành văn bản", example="ĐẢNG ỦY XÃ BÌNH LƯ"),
    SettingField("commune_name", "Tên xã (trong câu văn)", example="Bình Lư"),
    SettingField("place_name", "Địa danh ghi trên văn bản", example="Bình Lư"),
    SettingField("doc_number", "Số văn bản", example="25"),
    SettingField("doc_symbol", "Ký hiệu văn bản (sau số)", example="BC/ĐU", default="BC/ĐU"),
    SettingField("signer_on_behalf", "Quyền hạn ký", example="T/M ĐẢNG ỦY", default="T/M ĐẢNG ỦY"),
    SettingField("signer_title", "Chức vụ người ký", example="BÍ THƯ", default="BÍ THƯ"),
    SettingField("signer_name", "Họ tên người ký", example="Nguyễn Văn A"),
    SettingField("compiler_name", "Người lập biểu (các Biểu thống kê)", example="Lê Thị B"),
    SettingField("compiler_phone", "Điện thoại người lập biểu", example="0912 345 678"),
    SettingField("recipients", "Nơi nhận (mỗi dòng một nơi)", kind="long",
                 example="- Ban Tổ chức Tỉnh ủy (b/c),\n- Lưu VP Đảng ủy.",
                 default="- Ban Tổ chức Tỉnh ủy (b/c),\n- Các chi, đảng bộ trực thuộc,\n- Lưu VP Đảng ủy."),
    SettingField("population", "Dân số của xã (người)", kind="number", example="18606"),
    SettingField("margin_top_mm", "Lề trên (mm)", kind="number", default="20"),
    SettingField("margin_bottom_mm", "Lề dưới (mm)", kind="number", default="20"),
    SettingField("margin_left_mm", "Lề trái (mm)", kind="number", default="30"),
    SettingField("margin_right_mm", "Lề phải (mm)", kind="number", default="15"),
    SettingField("template_dir", "Thư mục mẫu báo cáo riêng", kind="folder"),
    SettingField("badge_notice_days", "Báo trước huy hiệu Đảng (ngày)", kind="number", default="30"),
)
LABELS: dict[str, str] = {f.key: f.label for f in FIELDS}
DEFAULTS: dict[str, str] = {f.key: f.default for f in FIELDS}
MARGIN_RANGES = {"margin_top_mm": (20, 25), "margin_bottom_mm": (20, 25), "margin_left_mm": (30, 35),
                 "margin_right_mm": (15, 20)}


def get_settings(session: Session) -> dict[str, str]:
    values = dict(DEFAULTS)
    values.update({k: v for k, v in session.execute(select(Setting.key, Setting.value)).all() if v is not None})
    return values


def stored_keys(session: Session) -> set[str]:
    """The keys the clerk has saved (a fresh database has none: the window then offers «Cài đặt»)."""
    return {k for k, v in session.execute(select(Setting.key, Setting.value)).all() if v not in (None, "")}


def _number_errors(key: str, value: str) -> str | None:
    text = value.strip().replace(",", ".")
    if not text:
        return None if key == "population" else f"{LABELS[key]}: chưa nhập số."
    try:
        n = float(text)
    except ValueError:
        return f"{LABELS[key]}: «{value}» không phải là số."
    if n < 0:
        return f"{LABELS[key]}: không được là số âm."
    if key in ("population", "badge_notice_days") and n != int(n):
        return f"{LABELS[key]}: phải là số nguyên."
    return None


def set_settings(session: Session, changes: dict[str, str | None]) -> dict[str, str]:
    """Save some settings in the caller's transaction. Unknown keys and bad numbers are refused (nothing
    is written then); names are kept as typed — the header prints them in upper case itself."""
    unknown = sorted(k for k in changes if k not in LABELS)
    if unknown:
        raise DomainError("Không có mục cài đặt: " + ", ".join(unknown) + ". Các mục có: "
                          + ", ".join(LABELS) + ".", "settings")
    for key, value in changes.items():
        field = next(f for f in FIELDS if f.key == key)
        if field.kind == "number" and value is not None:
            problem = _number_errors(key, str(value))
            if problem:
                raise DomainError(problem, key)
            value = str(value).strip().replace(",", ".")
    for key, value in changes.items():
        value = None if value is None else str(value).strip() if key != "recipients" else str(value).strip("\n")
        if key in ("margin_top_mm", "margin_bottom_mm", "margin_left_mm", "margin_right_mm", "population",
                   "badge_notice_days") and value is not None:
            value = value.replace(",", ".")
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=value))
        else:
            row.value = value
    session.flush()
    return get_settings(session)


# --- checks (Hướng dẫn 36-HD/VPTW) --------------------------------------------------------------------

def _has_lower(text: str) -> bool:
    return any(c.islower() for c in text)


def check_settings(values: dict[str, str]) -> list[tuple[str, str]]:
    """(key, Vietnamese message) for every setting a signed report would get wrong. Blank names are not
    errors here (a report prints a marked blank for them); wrong forms are."""
    out: list[tuple[str, str]] = []
    v = {k: (values.get(k) or "").strip() for k in LABELS}
    parent, issuing = v["parent_body"], v["issuing_body"]
    if parent and not parent.upper().startswith(("ĐẢNG BỘ", "BAN CHẤP HÀNH", "ĐẢNG ỦY", "ĐẢNG UỶ")):
        out.append(("parent_body", f"{LABELS['parent_body']} thường bắt đầu bằng «ĐẢNG BỘ …» (ví dụ «ĐẢNG BỘ "
                                   f"TỈNH LAI CHÂU»); đang là «{parent}»."))
    if issuing and issuing.upper().rstrip(" .…") in ("ĐẢNG ỦY XÃ", "ĐẢNG UỶ XÃ", "ĐẢNG ỦY", "CHI BỘ"):
        out.append(("issuing_body", f"{LABELS['issuing_body']} thiếu tên riêng (ví dụ «ĐẢNG ỦY XÃ BÌNH LƯ»)."))
    for key in ("parent_body", "issuing_body"):
        if "…" in v[key] or "..." in v[key]:
            out.append((key, f"{LABELS[key]} còn dấu «…»: hãy ghi đủ tên."))
    if v["place_name"] and not _has_lower(v["place_name"]) and len(v["place_name"]) > 1:
        out.append(("place_name", f"{LABELS['place_name']} viết chữ in thường, hoa chữ đầu (36-HD/VPTW: "
                                  f"«{v['place_name'].title()}, ngày … tháng … năm …»)."))
    if v["commune_name"] and v["commune_name"].lower().startswith("xã "):
        out.append(("commune_name", f"{LABELS['commune_name']}: chỉ ghi tên riêng, không ghi chữ «xã»."))
    symbol = v["doc_symbol"]
    if symbol and not re.fullmatch(r"[A-ZĐ]{1,4}/[A-ZĐ0-9][A-ZĐ0-9/.\-]*", symbol):
        out.append(("doc_symbol", f"{LABELS['doc_symbol']} viết hoa, dạng «BC/ĐU» (tên loại viết tắt / cơ quan "
                                  f"ban hành); đang là «{symbol}»."))
    if v["doc_number"] and not re.fullmatch(r"\d{1,5}", v["doc_number"]):
        out.append(("doc_number", f"{LABELS['doc_number']} chỉ ghi số (ví dụ «25»); ký hiệu ghi ở mục "
                                  f"«{LABELS['doc_symbol']}»."))
    behalf = v["signer_on_behalf"]
    if behalf and not behalf.upper().startswith(("T/M", "K/T", "T/L", "TM.", "KT.", "TL.")):
        out.append(("signer_on_behalf", f"{LABELS['signer_on_behalf']} có dạng «T/M ĐẢNG ỦY», «T/M BAN THƯỜNG VỤ» "
                                        f"hoặc «K/T BÍ THƯ»; đang là «{behalf}»."))
    for key, (low, high) in MARGIN_RANGES.items():
        problem = _number_errors(key, v[key])
        if problem:
            out.append((key, problem))
            continue
        n = float(v[key].replace(",", "."))
        if not low <= n <= high:
            out.append((key, f"{LABELS[key]}: {v[key]} mm, ngoài khoảng {low}–{high} mm của Hướng dẫn "
                             f"36-HD/VPTW."))
    for key in ("population", "badge_notice_days"):
        problem = _number_errors(key, v[key]) if v[key] else None
        if problem:
            out.append((key, problem))
    if v["template_dir"] and not Path(v["template_dir"]).is_dir():
        out.append(("template_dir", f"{LABELS['template_dir']}: không có thư mục «{v['template_dir']}»."))
    return out


def missing_for_report(values: dict[str, str]) -> list[str]:
    """The labels of the header and signature settings still blank."""
    return [LABELS[k] for k in ("parent_body", "issuing_body", "place_name", "doc_number", "signer_name")
            if not (values.get(k) or "").strip()]


# --- suggestions ----------------------------------------------------------------------------------------

_COMMUNE = re.compile(r"^\s*(?:đảng\s*bộ|đảng\s*[uủ]y|chi\s*bộ)\s+(xã|phường|thị\s*trấn|đặc\s*khu)\s+(.+?)\s*$",
                      re.IGNORECASE)


def suggest_settings(session: Session) -> dict[str, str]:
    """Values to propose where the clerk has none yet, from the commune's own unit (named by the import
    from the sheets' titles, e.g. «Đảng bộ xã Minh Tiến»)."""
    from app.models import Unit
    from app.models.enums import UnitKind

    names = [n for n in session.scalars(select(Unit.name).where(Unit.kind == UnitKind.COMMUNE)) if n]
    out: dict[str, str] = {}
    for name in names:
        m = _COMMUNE.match(name)
        if not m:
            continue
        level = re.sub(r"\s+", " ", m.group(1)).lower()
        proper = m.group(2).strip()
        proper = " ".join(w[:1].upper() + w[1:] for w in proper.split()) if not _has_lower(proper) else proper
        out = {"commune_name": proper, "place_name": proper,
               "issuing_body": f"ĐẢNG ỦY {level.upper()} {proper.upper()}"}
        break
    return out


# --- unit kinds (the clerk's answer when an import could not tell) ---------------------------------------

def set_unit_kinds(session: Session, changes: dict[int, dict]) -> int:
    """Set the kind (đảng bộ cơ sở, chi bộ cơ sở, chi bộ trực thuộc, đảng bộ bộ phận) and the place type
    (Biểu 5 row) of units: {unit_id: {"kind": UnitKind, "place_type": PlaceType | None}}. The report's unit
    structure and Biểu 5 count from these."""
    from app.models import Unit
    from app.models.enums import PlaceType, UnitKind

    done = 0
    for unit_id, values in changes.items():
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise DomainError(f"Không tìm thấy tổ chức đảng mã {unit_id}.", "unit")
        if "kind" in values and values["kind"] is not None:
            kind = UnitKind.from_value(values["kind"])
            if (kind == UnitKind.COMMUNE) != (unit.kind == UnitKind.COMMUNE):
                raise DomainError(f"Không đổi được cấp của «{unit.name}» thành {kind.label}: Đảng bộ xã là "
                                  f"gốc của cây tổ chức.", "kind")
            unit.kind = kind
        if "place_type" in values:
            unit.place_type = PlaceType.from_value(values["place_type"]) if values["place_type"] else None
        done += 1
    session.flush()
    return done
