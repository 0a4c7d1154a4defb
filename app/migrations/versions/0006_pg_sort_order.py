"""pg sort order: the Vietnamese sort strings compared byte by byte on PostgreSQL too (issue 16)

The sort strings (members.sort_key, candidates.sort_key, app/common/text.name_sort_string) are built to sort
byte by byte, as SQLite compares text. A PostgreSQL server set up in Vietnamese or English compares text by
that language's rules instead (punctuation and the separators ignored at first), which shuffles the member
list; the columns get collation "C" there. Nothing changes on SQLite.

Revision ID: 0006_pg_sort_order
Revises: 0005_search_words (chained after it: main has 0005_versions → 0005_search_words)
"""
from alembic import op
import sqlalchemy as sa


revision = "0006_pg_sort_order"
down_revision = "0005_search_words"
branch_labels = None
depends_on = None

TABLES = ("members", "candidates")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:  # the index on the column is rebuilt with it
        op.alter_column(table, "sort_key", type_=sa.String(length=600, collation="C"),
                        existing_type=sa.String(length=600), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.alter_column(table, "sort_key", type_=sa.String(length=600),
                        existing_type=sa.String(length=600, collation="C"), existing_nullable=False)
