"""uncounted spans: a small partial index of the spans not on the list (issue 15)

How many are on the list on a day is counted from two index ranges read without the table (spans begun by
the day, minus spans ended by it: statistics.count_on_many); the few spans that are not counted (temporary
attendance from elsewhere, DOMAIN §2) are then taken off through this index, which holds only them.

And the probationary spans' index gains valid_to: every member was probationary once, so at 100,000 members
the spans begun as probationary by a day are 104,000 (the probationers on it 3,800); with valid_to in the index
the reminders tell the alive ones without reading each span's row (255 → 71 ms of SQL).

Revision ID: 0007_uncounted_spans
Revises: 0006_pg_sort_order
"""
from alembic import op
import sqlalchemy as sa


revision = "0007_uncounted_spans"
down_revision = "0006_pg_sort_order"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the same condition, as each backend writes `counted IS false`: SQLite uses a partial index only for a
    # query whose WHERE holds the index's own term
    op.create_index("ix_member_spans_uncounted", "member_spans", ["valid_from", "valid_to"],
                    sqlite_where=sa.text("counted IS 0"), postgresql_where=sa.text("counted IS false"))
    op.drop_index("ix_member_spans_standing", table_name="member_spans")
    op.create_index("ix_member_spans_standing", "member_spans", ["standing", "valid_from", "valid_to"])


def downgrade() -> None:
    op.drop_index("ix_member_spans_standing", table_name="member_spans")
    op.create_index("ix_member_spans_standing", "member_spans", ["standing", "valid_from"])
    op.drop_index("ix_member_spans_uncounted", table_name="member_spans")
