"""refresh tokens: indexes for ending logins

Authentication checks on every request whether the access token's login (family) was ended,
answered from (family_id, revoked_at); ending every login of an account (password change,
reset, deactivation) finds its tokens by (audience, subject_id). The composite index replaces
the one on family_id alone, which it covers.

Revision ID: 0d0e3abdee3d
Revises: b2e687664190
Create Date: 2026-12-01 16:30:00.000000

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0d0e3abdee3d'
down_revision: Union[str, Sequence[str], None] = 'b2e687664190'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.create_index('ix_refresh_tokens_family_id_revoked_at', ['family_id', 'revoked_at'], unique=False)
        batch_op.create_index('ix_refresh_tokens_audience_subject_id', ['audience', 'subject_id'], unique=False)
        batch_op.drop_index('ix_refresh_tokens_family_id')


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.create_index('ix_refresh_tokens_family_id', ['family_id'], unique=False)
        batch_op.drop_index('ix_refresh_tokens_audience_subject_id')
        batch_op.drop_index('ix_refresh_tokens_family_id_revoked_at')
