"""versions: optimistic versioning of what two clerks may edit at once (issue 16 part 3)

A version counter on members, their ratings and the organisations' ratings (SQLAlchemy's version_id_col:
every ORM UPDATE is `… WHERE id = ? AND version = ?` and adds one), and who last saved a member. The server
default gives existing rows, and the bulk import's inserts that leave the column out, version 1.

Revision ID: 0005_versions
Revises: 0004_value_answers
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_versions"
down_revision = "0004_value_answers"
branch_labels = None
depends_on = None

VERSIONED = ("members", "evaluations", "unit_evaluations")


def upgrade() -> None:
    # A plain ALTER TABLE … ADD COLUMN, never a batch rebuild: SQLite adds a column with a constant default in
    # place, whereas the rebuild drops `members` with foreign keys ON, and ON DELETE CASCADE then empties
    # member_spans, member_events and evaluations of an existing file (found by benchmarks/bench_postgres.py).
    for table in VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False))
    op.add_column("members", sa.Column("updated_by", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("updated_by")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
