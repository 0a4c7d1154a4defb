"""value answers: what the clerk said an imported value means (issue 11)

Revision ID: 0004_value_answers
Revises: 0003_reminder_state
"""
from alembic import op
import sqlalchemy as sa


revision = "0004_value_answers"
down_revision = "0003_reminder_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "value_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("value_key", sa.String(length=255), nullable=False),
        sa.Column("example", sa.String(length=255), nullable=False),
        sa.Column("meaning", sa.String(length=64), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("field", "value_key", name="uq_value_answers_field_key"),
    )


def downgrade() -> None:
    op.drop_table("value_answers")
