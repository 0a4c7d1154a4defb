"""The document settings a report needs (header names, signer, numbering, margins, template folder).

They live in the `settings` table; the settings service reads them. Until a database is at hand (tests,
previews) a plain dict works the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class DocSettings:
    # blank until the clerk fills «Cài đặt»: the header then shows a marked blank, never a made-up name
    parent_body: str = ""
    issuing_body: str = ""
    place_name: str = ""
    party_name: str = "Đảng bộ xã …"  # how the body text names the whole organisation (from commune_name)
    signer_on_behalf: str = "T/M ĐẢNG ỦY"
    signer_title: str = "BÍ THƯ"
    signer_name: str = ""
    doc_number: str = ""
    doc_symbol: str = "BC/ĐU"
    recipients: list[str] = field(default_factory=lambda: [
        "Ban Thường vụ Tỉnh ủy (b/c),", "Ban Tổ chức Tỉnh ủy (b/c),", "Các chi, đảng bộ trực thuộc,",
        "Lưu VP."])
    margin_top_mm: float = 20
    margin_bottom_mm: float = 20
    margin_left_mm: float = 30
    margin_right_mm: float = 15
    template_dir: str = ""
    commune_name: str = ""
    compiler_name: str = ""   # NGƯỜI LẬP BIỂU of the official forms
    compiler_phone: str = ""
    population: int | None = None   # the commune's population (seed 000: members per population)

    @classmethod
    def from_mapping(cls, data: dict | None) -> "DocSettings":
        """Unknown keys are ignored; empty strings keep the default only for margins (a blank name is
        the clerk's choice and is reported as unfilled when a template needs it)."""
        out = cls()
        if not data:
            return out
        names = {f.name for f in fields(cls)}
        for key, value in data.items():
            if key not in names or value is None:
                continue
            if key.startswith("margin_"):
                try:
                    setattr(out, key, float(str(value).replace(",", ".")))
                except ValueError:
                    continue
            elif key == "population":
                text = str(value).strip().replace(".", "").replace(",", "")
                out.population = int(text) if text.isdigit() and int(text) > 0 else None
            elif key == "recipients":
                if isinstance(value, str):
                    value = [line.strip().lstrip("-").strip() for line in value.splitlines() if line.strip()]
                out.recipients = list(value)
            else:
                setattr(out, key, str(value))
        if "party_name" not in data and out.commune_name:
            out.party_name = f"Đảng bộ xã {out.commune_name}"
        return out


def issuing_body_in_text(settings: DocSettings) -> str:
    """'Đảng ủy xã Bình Lư' for running text: the header writes it in capitals, which str.title() would
    turn into 'Đảng Ủy Xã'."""
    if settings.commune_name:
        return f"Đảng ủy xã {settings.commune_name}"
    body = settings.issuing_body.strip()
    if not body:
        return "Đảng ủy xã …"
    if body.isupper():
        return body[:1] + body[1:].lower()
    return body


def load_settings(session) -> DocSettings:
    """Read the settings through the settings service when it exists; defaults otherwise."""
    try:
        from app.services import settings as settings_service
    except ImportError:
        return DocSettings()
    return DocSettings.from_mapping(settings_service.get_settings(session))
