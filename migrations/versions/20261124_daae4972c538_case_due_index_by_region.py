"""case due index by region

Revision ID: daae4972c538
Revises: 308dd215c556
Create Date: 2026-11-24 15:11:39.874769

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = 'daae4972c538'
down_revision: Union[str, Sequence[str], None] = '308dd215c556'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_region_status_due_at', ['region_code', 'status', 'due_at'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_region_status_due_at')

