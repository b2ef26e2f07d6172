"""council versions: staff changes of a council carry If-Match

Revision ID: 5e0c1b7a9d42
Revises: 45fd322c4e3b
Create Date: 2026-12-01 18:50:00

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "5e0c1b7a9d42"
down_revision: Union[str, Sequence[str], None] = "45fd322c4e3b"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("councils", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("councils", schema=None) as batch_op:
        batch_op.drop_column("version")
