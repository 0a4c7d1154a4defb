"""member search words: the folded words of every name, indexed for a prefix search (issue 15); and a
covering index for "has this member a rating that year" (Biểu 6F's not-rated, counted by the database)

Revision ID: 0005_search_words
Revises: 0005_versions (chained after it when main, which had it, was merged)
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_search_words"
down_revision = "0005_versions"
branch_labels = None
depends_on = None

_CHUNK = 5000


def upgrade() -> None:
    words = op.create_table(
        "member_search_words",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
                  nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("member_id", "word"),
    )
    op.create_index("ix_member_search_words_word", "member_search_words", ["word", "member_id"], unique=False)
    op.create_index("ix_evaluations_member_year_rating", "evaluations", ["member_id", "year", "rating"],
                    unique=False)
    # the members already there: the same split as app.services.search_words.words_of (name_key is folded)
    conn = op.get_bind()
    rows = []
    for member_id, key in conn.execute(sa.text("SELECT id, name_key FROM members")).all():
        rows.extend({"member_id": member_id, "word": w} for w in sorted(set((key or "").split())))
        if len(rows) >= _CHUNK:
            conn.execute(words.insert(), rows)
            rows = []
    if rows:
        conn.execute(words.insert(), rows)


def downgrade() -> None:
    op.drop_index("ix_evaluations_member_year_rating", table_name="evaluations")
    op.drop_index("ix_member_search_words_word", table_name="member_search_words")
    op.drop_table("member_search_words")
