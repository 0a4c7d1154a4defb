"""Settings kept with the data: names for document headers, signer, numbering, margins, template folder."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Setting

DEFAULTS: dict[str, str] = {
    "parent_body": "ĐẢNG BỘ TỈNH",
    "issuing_body": "ĐẢNG ỦY XÃ",
    "commune_name": "",
    "place_name": "",
    "doc_number": "",
    "doc_symbol": "BC/ĐU",
    "signer_on_behalf": "T/M ĐẢNG ỦY",
    "signer_title": "BÍ THƯ",
    "signer_name": "",
    "compiler_name": "",
    "compiler_phone": "",
    "recipients": "- Ban Tổ chức Tỉnh ủy,\n- Lưu VP Đảng ủy.",
    "margin_top_mm": "20",
    "margin_bottom_mm": "20",
    "margin_left_mm": "30",
    "margin_right_mm": "15",
    "template_dir": "",
    "badge_notice_days": "30",
}


def get_settings(session: Session) -> dict[str, str]:
    values = dict(DEFAULTS)
    values.update({k: v for k, v in session.execute(select(Setting.key, Setting.value)).all() if v is not None})
    return values


def set_settings(session: Session, changes: dict[str, str | None]) -> dict[str, str]:
    for key, value in changes.items():
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=value))
        else:
            row.value = value
    session.flush()
    return get_settings(session)
