"""registry imports

Revision ID: c0841c5efa90
Revises: e714f2aabf35
Create Date: 2026-11-24 13:14:25.315764

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = 'c0841c5efa90'
down_revision: Union[str, Sequence[str], None] = 'e714f2aabf35'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('import_batches',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('uploaded_by', sa.String(length=64), nullable=False),
    sa.Column('uploader_staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', service.db.UTCDateTime(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('households_created', sa.Integer(), nullable=False),
    sa.Column('households_updated', sa.Integer(), nullable=False),
    sa.Column('members_created', sa.Integer(), nullable=False),
    sa.Column('members_updated', sa.Integer(), nullable=False),
    sa.Column('sites_created', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['uploader_staff_id'], ['staff_accounts.id'], name=op.f('fk_import_batches_uploader_staff_id_staff_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches')),
    sa.UniqueConstraint('sha256', name=op.f('uq_import_batches_sha256')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batches_uploader_staff_id'), ['uploader_staff_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    # Dropping the table drops its indexes; MariaDB refuses to drop one a foreign key needs first.
    op.drop_table('import_batches')
