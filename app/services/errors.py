"""Errors and warnings the services hand to the window, the CLI and the importer."""

from __future__ import annotations

from dataclasses import dataclass

from app.common.errors import UserError


class DomainError(UserError):
    """A refused action. The message is Vietnamese and names the field, for the clerk to read."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFound(DomainError):
    pass


@dataclass(frozen=True)
class Warning_:
    """Not a refusal: something the clerk should look at (e.g. the 20% HTXSNV quota)."""

    message: str
    field: str | None = None
