"""hukou move remembers where each member came from

Revision ID: 45fd322c4e3b
Revises: a6bcaeca7736
Create Date: 2026-12-01 18:53:18.279628

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = '45fd322c4e3b'
down_revision: Union[str, Sequence[str], None] = 'a6bcaeca7736'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('hukou_move_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('from_region_code', sa.String(length=12), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_hukou_move_members_from_region_code_regions'), 'regions', ['from_region_code'], ['code'])
    # Moves asked before: an open one still starts from the member's hukou place; for a
    # completed one that place is gone, and the household's origin is the register's best word.
    op.execute(
        "UPDATE hukou_move_members SET from_region_code = ("
        " SELECT CASE WHEN c.status = 'completed' THEN h.origin_region_code ELSE m.hukou_region_code END"
        " FROM members m JOIN households h ON h.id = m.household_id"
        " JOIN cases c ON c.id = hukou_move_members.case_id"
        " WHERE m.id = hukou_move_members.member_id)"
    )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('hukou_move_members', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_hukou_move_members_from_region_code_regions'), type_='foreignkey')
        batch_op.drop_column('from_region_code')

