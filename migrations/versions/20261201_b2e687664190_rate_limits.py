"""rate limits: shared counters, lockouts of unknown staff usernames, identity tries per number and address

Revision ID: b2e687664190
Revises: d090245fd5ab
Create Date: 2026-12-01 16:09:56.789368

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = 'b2e687664190'
down_revision: Union[str, Sequence[str], None] = 'd090245fd5ab'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('rate_limit_counters',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', service.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limit_counters')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('rate_limit_counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_counters_expires_at'), ['expires_at'], unique=False)

    op.create_table('unknown_staff_logins',
    sa.Column('username_hash', sa.String(length=64), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', service.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('username_hash', name=op.f('pk_unknown_staff_logins')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('identity_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id_number_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('address_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_identity_attempts_address_hash'), ['address_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_identity_attempts_id_number_hash'), ['id_number_hash'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('identity_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_attempts_id_number_hash'))
        batch_op.drop_index(batch_op.f('ix_identity_attempts_address_hash'))
        batch_op.drop_column('address_hash')
        batch_op.drop_column('id_number_hash')

    op.drop_table('unknown_staff_logins')
    with op.batch_alter_table('rate_limit_counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_counters_expires_at'))

    op.drop_table('rate_limit_counters')
