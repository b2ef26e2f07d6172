"""hukou moves

Revision ID: 8430a5f33887
Revises: 2a0b03726dbd
Create Date: 2026-11-24 13:41:30.630063

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = '8430a5f33887'
down_revision: Union[str, Sequence[str], None] = '2a0b03726dbd'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('hukou_moves',
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('mode', sa.String(length=24), nullable=False),
    sa.Column('target_region_code', sa.String(length=12), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('village_group_code', sa.String(length=12), nullable=True),
    sa.Column('village_group', sa.String(length=20), nullable=True),
    sa.Column('road', sa.String(length=60), nullable=True),
    sa.Column('building', sa.String(length=30), nullable=True),
    sa.Column('door', sa.String(length=30), nullable=True),
    sa.Column('township_code', sa.String(length=12), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_hukou_moves_case_id_cases')),
    sa.ForeignKeyConstraint(['target_region_code'], ['regions.code'], name=op.f('fk_hukou_moves_target_region_code_regions')),
    sa.ForeignKeyConstraint(['township_code'], ['regions.code'], name=op.f('fk_hukou_moves_township_code_regions')),
    sa.ForeignKeyConstraint(['village_group_code'], ['regions.code'], name=op.f('fk_hukou_moves_village_group_code_regions')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_hukou_moves')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    op.create_table('hukou_move_members',
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('open_member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.CheckConstraint('open_member_id IS NULL OR open_member_id = member_id', name=op.f('ck_hukou_move_members_open_is_member')),
    sa.ForeignKeyConstraint(['case_id'], ['hukou_moves.case_id'], name=op.f('fk_hukou_move_members_case_id_hukou_moves')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_hukou_move_members_member_id_members')),
    sa.PrimaryKeyConstraint('case_id', 'member_id', name=op.f('pk_hukou_move_members')),
    sa.UniqueConstraint('open_member_id', name=op.f('uq_hukou_move_members_open_member_id')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('hukou_move_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hukou_move_members_member_id'), ['member_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    # Dropping the table drops its indexes; MariaDB refuses to drop one a foreign key needs first.
    op.drop_table('hukou_move_members')
    op.drop_table('hukou_moves')
