"""housing situations, the register's village group, notices posted on paper

Policy 1.1: the register's 安置住房 names every situation the clause tells apart (so mode (c) is
reached by a fact) and is checked against that set; 安置地村民小组 says which village group
mode (a) may target. Policy 1.3: a notice recorded after it was posted on the village board keeps
the photo of the posted paper.

Revision ID: d090245fd5ab
Revises: daae4972c538
Create Date: 2026-12-01 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = 'd090245fd5ab'
down_revision: Union[str, Sequence[str], None] = 'daae4972c538'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

HOUSING = "housing IN ('rural_house', 'centralized_site', 'town_house', 'rented', 'with_relatives')"


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.add_column(sa.Column('destination_group', sa.String(length=20), nullable=True))
        batch_op.create_check_constraint(op.f('ck_households_housing_known'), HOUSING)

    with op.batch_alter_table('collective_notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('posted_photo_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_collective_notices_posted_photo_id_attachments'), 'attachments', ['posted_photo_id'], ['id']
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('collective_notices', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_collective_notices_posted_photo_id_attachments'), type_='foreignkey')
        batch_op.drop_column('posted_photo_id')

    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_households_housing_known'), type_='check')
        batch_op.drop_column('destination_group')
