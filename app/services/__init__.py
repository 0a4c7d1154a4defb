"""The party's rules: one function per user action or question. No Qt.

Every action takes a SQLAlchemy Session first, validates, writes, and never commits: the caller wraps the
action in `with db.transaction() as session:` so that each user action is one transaction.
"""

from . import search_words  # noqa: F401 - its flush hook keeps the members' search words on every write
from .errors import DomainError, NotFound, Warning_

__all__ = ["DomainError", "NotFound", "Warning_"]
