"""reminder marks (dismissed / postponed / badge given earlier) and the indexes the statistics' plans need

Revision ID: 0003_reminder_state
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_reminder_state'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reminder_states',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('entered_by', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_reminder_states_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_states')),
    sa.UniqueConstraint('kind', 'member_id', 'subject', name='uq_reminder_states_item')
    )
    with op.batch_alter_table('reminder_states', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_states_member_id'), ['member_id'], unique=False)
    with op.batch_alter_table('member_spans', schema=None) as batch_op:
        batch_op.create_index('ix_member_spans_valid_to', ['valid_to'], unique=False)
        batch_op.create_index('ix_member_spans_standing', ['standing', 'valid_from'], unique=False)
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index('ix_members_admitted_on', ['admitted_on'], unique=False)
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index('ix_evaluations_year_rating', ['year', 'rating'], unique=False)
    with op.batch_alter_table('member_events', schema=None) as batch_op:
        batch_op.create_index('ix_member_events_member_kind', ['member_id', 'kind', 'event_date'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('member_events', schema=None) as batch_op:
        batch_op.drop_index('ix_member_events_member_kind')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluations_year_rating')
    with op.batch_alter_table('member_spans', schema=None) as batch_op:
        batch_op.drop_index('ix_member_spans_standing')
        batch_op.drop_index('ix_member_spans_valid_to')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index('ix_members_admitted_on')
    with op.batch_alter_table('reminder_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_states_member_id'))
    op.drop_table('reminder_states')
