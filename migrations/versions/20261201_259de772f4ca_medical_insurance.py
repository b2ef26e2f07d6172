"""Medical insurance (policy 1.6): cover periods linked without gaps, transfers, mobilisation visits

Revision ID: 259de772f4ca
Revises: 7f73017a602c
Create Date: 2026-12-01 19:00:58.350437

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = '259de772f4ca'
down_revision: Union[str, Sequence[str], None] = '7f73017a602c'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('medical_mobilisation_visits',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('subsidy_applies', sa.Boolean(), nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', service.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_medical_mobilisation_visits_member_id_members')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_accounts.id'], name=op.f('fk_medical_mobilisation_visits_staff_id_staff_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_medical_mobilisation_visits')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('medical_mobilisation_visits', schema=None) as batch_op:
        batch_op.create_index('ix_medical_mobilisation_visits_member_id_id', ['member_id', 'id'], unique=False)

    op.create_table('medical_cover_periods',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('scheme', sa.String(length=16), nullable=False),
    sa.Column('place_code', sa.String(length=6), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('day_after_end', sa.Date(), nullable=False),
    sa.Column('follows_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('updated_at', service.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('day_after_end > ends_on', name=op.f('ck_medical_cover_periods_day_after_end_after_end')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_medical_cover_periods_ends_after_start')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_medical_cover_periods_case_id_cases')),
    sa.ForeignKeyConstraint(['follows_id', 'starts_on'], ['medical_cover_periods.id', 'medical_cover_periods.day_after_end'], name='fk_medical_cover_periods_follows_contiguous'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_medical_cover_periods_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_medical_cover_periods')),
    sa.UniqueConstraint('follows_id', name=op.f('uq_medical_cover_periods_follows_id')),
    sa.UniqueConstraint('id', 'day_after_end', name=op.f('uq_medical_cover_periods_id_day_after_end')),
    sa.UniqueConstraint('member_id', 'starts_on', name=op.f('uq_medical_cover_periods_member_id_starts_on')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('medical_cover_periods', schema=None) as batch_op:
        batch_op.create_index('ix_medical_cover_periods_member_ends', ['member_id', 'ends_on', 'starts_on'], unique=False)

    op.create_table('medical_transfers',
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('open_member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('choice', sa.String(length=16), nullable=False),
    sa.Column('scheme', sa.String(length=16), nullable=False),
    sa.Column('from_place_code', sa.String(length=6), nullable=False),
    sa.Column('to_county_code', sa.String(length=12), nullable=False),
    sa.Column('period_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('new_period_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.CheckConstraint('open_member_id IS NULL OR open_member_id = member_id', name=op.f('ck_medical_transfers_open_is_member')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_medical_transfers_case_id_cases')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_medical_transfers_member_id_members')),
    sa.ForeignKeyConstraint(['new_period_id'], ['medical_cover_periods.id'], name=op.f('fk_medical_transfers_new_period_id_medical_cover_periods')),
    sa.ForeignKeyConstraint(['period_id'], ['medical_cover_periods.id'], name=op.f('fk_medical_transfers_period_id_medical_cover_periods')),
    sa.ForeignKeyConstraint(['to_county_code'], ['regions.code'], name=op.f('fk_medical_transfers_to_county_code_regions')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_medical_transfers')),
    sa.UniqueConstraint('open_member_id', name=op.f('uq_medical_transfers_open_member_id')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('medical_transfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_medical_transfers_member_id'), ['member_id'], unique=False)



def downgrade() -> None:
    """Drop the tables; MariaDB drops their indexes with them (an index a foreign key needs
    cannot be dropped on its own first)."""
    op.drop_table("medical_transfers")
    op.drop_table("medical_cover_periods")
    op.drop_table("medical_mobilisation_visits")
