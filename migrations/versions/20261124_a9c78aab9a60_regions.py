"""regions

Revision ID: a9c78aab9a60
Revises: 
Create Date: 2026-11-24 13:03:29.468190

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = 'a9c78aab9a60'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('regions',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('parent_code', sa.String(length=12), nullable=True),
    sa.ForeignKeyConstraint(['parent_code'], ['regions.code'], name=op.f('fk_regions_parent_code_regions')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_regions')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regions_parent_code'), ['parent_code'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    # Dropping the table drops its index; MariaDB refuses to drop an index a foreign key needs.
    op.drop_table("regions")
