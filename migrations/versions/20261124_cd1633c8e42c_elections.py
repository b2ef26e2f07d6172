"""elections

Revision ID: cd1633c8e42c
Revises: 04190cb45ba8
Create Date: 2026-11-24 13:36:56.793424

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = 'cd1633c8e42c'
down_revision: Union[str, Sequence[str], None] = '04190cb45ba8'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('elections',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('election_day', sa.Date(), nullable=False),
    sa.Column('choice_opens_at', service.db.UTCDateTime(), nullable=False),
    sa.Column('choice_closes_at', service.db.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', service.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_accounts.id'], name=op.f('fk_elections_created_by_id_staff_accounts')),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_elections_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_elections')),
    sa.UniqueConstraint('region_code', 'kind', 'election_day', name=op.f('uq_elections_region_code_kind_election_day')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    op.create_table('vote_choices',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('election_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('place', sa.String(length=16), nullable=False),
    sa.Column('chosen_by', sa.String(length=16), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('updated_at', service.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['resident_accounts.id'], name=op.f('fk_vote_choices_account_id_resident_accounts')),
    sa.ForeignKeyConstraint(['election_id'], ['elections.id'], name=op.f('fk_vote_choices_election_id_elections')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_vote_choices_member_id_members')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_accounts.id'], name=op.f('fk_vote_choices_staff_id_staff_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote_choices')),
    sa.UniqueConstraint('election_id', 'member_id', name=op.f('uq_vote_choices_election_id_member_id')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('vote_choices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_choices_member_id'), ['member_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    # Dropping the table drops its indexes; MariaDB refuses to drop one a foreign key needs first.
    op.drop_table('vote_choices')
    op.drop_table('elections')
