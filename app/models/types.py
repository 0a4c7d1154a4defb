from __future__ import annotations

from sqlalchemy import Enum


def enum_type(enum_cls):
    """Store an enum by its value (stable English id), never by position; no native DB enum for portability."""
    return Enum(enum_cls, native_enum=False, length=40, values_callable=lambda e: [m.value for m in e],
                validate_strings=True)
