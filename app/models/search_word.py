"""The folded words of every member's name, for a prefix search through an index (issue 15 item 4)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

# Compared byte by byte on both databases: a word's prefix range (word >= 'ng' AND word < 'nh') is only a
# range in code-point order. SQLite compares text that way; PostgreSQL's default collation would not (it
# sorts by language rules and skips punctuation), so the column carries the "C" collation there.
SEARCH_WORD = String(255).with_variant(String(255, collation="C"), "postgresql")


class MemberSearchWord(Base):
    """One folded word of a member's name (services.search_words keeps them on every write path)."""

    __tablename__ = "member_search_words"
    __table_args__ = (Index("ix_member_search_words_word", "word", "member_id"),)

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    word: Mapped[str] = mapped_column(SEARCH_WORD, primary_key=True)
