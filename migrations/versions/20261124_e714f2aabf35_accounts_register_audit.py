"""accounts, register, audit

Revision ID: e714f2aabf35
Revises: a9c78aab9a60
Create Date: 2026-11-24 13:10:26.044993

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = 'e714f2aabf35'
down_revision: Union[str, Sequence[str], None] = 'a9c78aab9a60'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('audit_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', service.db.UTCDateTime(), nullable=False),
    sa.Column('actor_type', sa.String(length=16), nullable=False),
    sa.Column('actor_id', sa.BigInteger(), nullable=True),
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('actor_role', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=48), nullable=False),
    sa.Column('target_type', sa.String(length=32), nullable=False),
    sa.Column('target_id', sa.String(length=64), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index('ix_audit_events_actor_id_id', ['actor_type', 'actor_id', 'id'], unique=False)
        batch_op.create_index('ix_audit_events_region_code_id', ['region_code', 'id'], unique=False)

    op.create_table('refresh_tokens',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('family_id', sa.String(length=32), nullable=False),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('subject_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('issued_at', service.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', service.db.UTCDateTime(), nullable=False),
    sa.Column('used_at', service.db.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', service.db.UTCDateTime(), nullable=True),
    sa.Column('successor_enc', sa.LargeBinary(length=2048), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refresh_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_refresh_tokens_token_hash')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refresh_tokens_family_id'), ['family_id'], unique=False)

    op.create_table('staff_accounts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', service.db.UTCDateTime(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', service.db.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_accounts.id'], name=op.f('fk_staff_accounts_created_by_id_staff_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_accounts')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_accounts_username')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    op.create_table('sites',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('households_settled', sa.Integer(), nullable=False),
    sa.Column('people_settled', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_sites_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites')),
    sa.UniqueConstraint('region_code', 'name', name=op.f('uq_sites_region_code_name')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sites_region_code'), ['region_code'], unique=False)

    op.create_table('staff_grants',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('region_prefix', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['region_prefix'], ['regions.code'], name=op.f('fk_staff_grants_region_prefix_regions')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_accounts.id'], name=op.f('fk_staff_grants_staff_id_staff_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_grants')),
    sa.UniqueConstraint('staff_id', 'role', 'region_prefix', name=op.f('uq_staff_grants_staff_id_role_region_prefix')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('staff_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_grants_region_prefix'), ['region_prefix'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_grants_staff_id'), ['staff_id'], unique=False)

    op.create_table('households',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('household_number', sa.String(length=32), nullable=False),
    sa.Column('origin_region_code', sa.String(length=12), nullable=False),
    sa.Column('site_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('destination_region_code', sa.String(length=12), nullable=False),
    sa.Column('relocated_on', sa.Date(), nullable=True),
    sa.Column('registered_poor', sa.Boolean(), nullable=False),
    sa.Column('housing', sa.String(length=24), nullable=False),
    sa.Column('has_homestead_at_destination', sa.Boolean(), nullable=False),
    sa.Column('has_contract_land_at_destination', sa.Boolean(), nullable=False),
    sa.Column('created_at', service.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['destination_region_code'], ['regions.code'], name=op.f('fk_households_destination_region_code_regions')),
    sa.ForeignKeyConstraint(['origin_region_code'], ['regions.code'], name=op.f('fk_households_origin_region_code_regions')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_households_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households')),
    sa.UniqueConstraint('household_number', name=op.f('uq_households_household_number')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_households_destination_region_code'), ['destination_region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_origin_region_code'), ['origin_region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_site_id'), ['site_id'], unique=False)

    op.create_table('members',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('id_number_enc', sa.LargeBinary(length=128), nullable=False),
    sa.Column('id_number_hash', sa.String(length=64), nullable=False),
    sa.Column('phone_enc', sa.LargeBinary(length=128), nullable=True),
    sa.Column('phone_hash', sa.String(length=64), nullable=True),
    sa.Column('relation_to_head', sa.String(length=16), nullable=False),
    sa.Column('sex', sa.String(length=8), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('hukou_region_code', sa.String(length=12), nullable=False),
    sa.Column('hukou_address', sa.String(length=200), nullable=False),
    sa.Column('party_member', sa.Boolean(), nullable=False),
    sa.Column('collective_membership', sa.String(length=16), nullable=False),
    sa.Column('pension_status', sa.String(length=16), nullable=False),
    sa.Column('medical_insurance_status', sa.String(length=24), nullable=False),
    sa.Column('social_assistance', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_members_household_id_households')),
    sa.ForeignKeyConstraint(['hukou_region_code'], ['regions.code'], name=op.f('fk_members_hukou_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('id_number_hash', name=op.f('uq_members_id_number_hash')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_hukou_region_code'), ['hukou_region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_phone_hash'), ['phone_hash'], unique=False)

    op.create_table('resident_accounts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('openid', sa.String(length=64), nullable=False),
    sa.Column('unionid', sa.String(length=64), nullable=True),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('bound_at', service.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', service.db.UTCDateTime(), nullable=False),
    sa.Column('last_login_at', service.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_resident_accounts_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_accounts')),
    sa.UniqueConstraint('member_id', name=op.f('uq_resident_accounts_member_id')),
    sa.UniqueConstraint('openid', name=op.f('uq_resident_accounts_openid')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('resident_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_accounts_unionid'), ['unionid'], unique=False)

    op.create_table('identity_attempts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('attempted_at', service.db.UTCDateTime(), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['resident_accounts.id'], name=op.f('fk_identity_attempts_account_id_resident_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_attempts')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('identity_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_attempts_account_id'), ['account_id'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    # Tables only: their indexes go with them (MariaDB refuses to drop an index a foreign key needs).
    op.drop_table("identity_attempts")
    op.drop_table("resident_accounts")
    op.drop_table("members")
    op.drop_table("households")
    op.drop_table("staff_grants")
    op.drop_table("sites")
    op.drop_table("staff_accounts")
    op.drop_table("refresh_tokens")
    op.drop_table("audit_events")
