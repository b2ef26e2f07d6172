"""wechat access tokens: the mini-program's access_token shared by every worker

Revision ID: a6bcaeca7736
Revises: d3ac0bfc6845
Create Date: 2026-12-01 18:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = 'a6bcaeca7736'
down_revision: Union[str, Sequence[str], None] = 'd3ac0bfc6845'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('wechat_access_tokens',
    sa.Column('app_id', sa.String(length=64), nullable=False),
    sa.Column('token', sa.String(length=512), nullable=False),
    sa.Column('expires_at', service.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('app_id', name=op.f('pk_wechat_access_tokens')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('wechat_access_tokens')
