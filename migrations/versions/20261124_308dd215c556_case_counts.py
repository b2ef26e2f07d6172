"""case counts

Revision ID: 308dd215c556
Revises: 04a9bec22cef
Create Date: 2026-11-24 14:55:10.494325

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = '308dd215c556'
down_revision: Union[str, Sequence[str], None] = '04a9bec22cef'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('case_counts',
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('region_code', 'kind', 'status', name=op.f('pk_case_counts')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    # Existing cases start the tallies; from here on the case engine keeps them.
    op.execute(
        "INSERT INTO case_counts (region_code, kind, status, n) "
        "SELECT region_code, kind, status, COUNT(*) FROM cases GROUP BY region_code, kind, status"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('case_counts')
