"""case owned register fields

Register columns a completed case wrote (policy 1.1 hukou place, 1.3 collective membership),
which imports no longer change, and the notes an import leaves about them.

Revision ID: 2b23de0e74ce
Revises: 0d0e3abdee3d
Create Date: 2026-12-01 16:19:23.921848

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '2b23de0e74ce'
down_revision: Union[str, Sequence[str], None] = '0d0e3abdee3d'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('case_owned_fields',
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_owned_fields_case_id_cases')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_case_owned_fields_member_id_members')),
    sa.PrimaryKeyConstraint('member_id', 'field', name=op.f('pk_case_owned_fields')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('case_owned_fields', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_owned_fields_case_id'), ['case_id'], unique=False)

    # What cases already decided before this revision: the latest completed hukou move of each
    # member who moved, and the latest handover that started a member's current membership.
    op.execute(
        "INSERT INTO case_owned_fields (member_id, field, case_id) "
        "SELECT m.member_id, 'hukou_region_code', MAX(m.case_id) FROM hukou_move_members m "
        "JOIN cases c ON c.id = m.case_id WHERE c.kind = 'hukou_move' AND c.status = 'completed' "
        "GROUP BY m.member_id"
    )
    op.execute(
        "INSERT INTO case_owned_fields (member_id, field, case_id) "
        "SELECT member_id, 'collective_membership', MAX(started_by_case_id) FROM collective_memberships "
        "WHERE started_by_case_id IS NOT NULL GROUP BY member_id"
    )

    # Nullable first so existing batches can be given empty notes, then required like new ones.
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notes', sa.JSON(), nullable=True))
    op.execute("UPDATE import_batches SET notes = '{}'")
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.alter_column('notes', existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_column('notes')

    # The index goes with the table: MariaDB refuses to drop it alone while the foreign key needs it.
    op.drop_table('case_owned_fields')
