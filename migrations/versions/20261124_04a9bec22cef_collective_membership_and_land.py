"""collective membership and land

Revision ID: 04a9bec22cef
Revises: 8430a5f33887
Create Date: 2026-11-24 14:00:02.321421

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = '04a9bec22cef'
down_revision: Union[str, Sequence[str], None] = '8430a5f33887'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('land_rent_subsidy_rates',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('county_code', sa.String(length=12), nullable=False),
    sa.Column('fen_per_mu_per_year', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('set_by_staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', service.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('fen_per_mu_per_year > 0', name=op.f('ck_land_rent_subsidy_rates_rate_positive')),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_land_rent_subsidy_rates_valid_to_after_from')),
    sa.ForeignKeyConstraint(['county_code'], ['regions.code'], name=op.f('fk_land_rent_subsidy_rates_county_code_regions')),
    sa.ForeignKeyConstraint(['set_by_staff_id'], ['staff_accounts.id'], name=op.f('fk_land_rent_subsidy_rates_set_by_staff_id_staff_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_land_rent_subsidy_rates')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('land_rent_subsidy_rates', schema=None) as batch_op:
        batch_op.create_index('ix_land_rent_subsidy_rates_county_from', ['county_code', 'valid_from'], unique=False)

    op.create_table('land_parcels',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('area_mu', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('location_code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('certificate_number', sa.String(length=40), nullable=False),
    sa.Column('created_by_staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', service.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('area_mu > 0', name=op.f('ck_land_parcels_area_positive')),
    sa.ForeignKeyConstraint(['created_by_staff_id'], ['staff_accounts.id'], name=op.f('fk_land_parcels_created_by_staff_id_staff_accounts')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_land_parcels_household_id_households')),
    sa.ForeignKeyConstraint(['location_code'], ['regions.code'], name=op.f('fk_land_parcels_location_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_land_parcels')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('land_parcels', schema=None) as batch_op:
        batch_op.create_index('ix_land_parcels_household_id_id', ['household_id', 'id'], unique=False)

    op.create_table('land_agreements',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('parcel_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('counterparty', sa.String(length=100), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('annual_rent_fen', sa.BigInteger(), nullable=False),
    sa.Column('attachment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by_staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', service.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('annual_rent_fen >= 0', name=op.f('ck_land_agreements_rent_not_negative')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_land_agreements_ends_after_start')),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_land_agreements_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['created_by_staff_id'], ['staff_accounts.id'], name=op.f('fk_land_agreements_created_by_staff_id_staff_accounts')),
    sa.ForeignKeyConstraint(['parcel_id'], ['land_parcels.id'], name=op.f('fk_land_agreements_parcel_id_land_parcels')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_land_agreements')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('land_agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_land_agreements_parcel_id'), ['parcel_id'], unique=False)

    op.create_table('land_programme_enrolments',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('parcel_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('programme', sa.String(length=32), nullable=False),
    sa.Column('enrolled_on', sa.Date(), nullable=False),
    sa.Column('area_mu', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('created_by_staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', service.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('area_mu > 0', name=op.f('ck_land_programme_enrolments_area_positive')),
    sa.ForeignKeyConstraint(['created_by_staff_id'], ['staff_accounts.id'], name=op.f('fk_land_programme_enrolments_created_by_staff_id_staff_accounts')),
    sa.ForeignKeyConstraint(['parcel_id'], ['land_parcels.id'], name=op.f('fk_land_programme_enrolments_parcel_id_land_parcels')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_land_programme_enrolments')),
    sa.UniqueConstraint('parcel_id', 'programme', name=op.f('uq_land_programme_enrolments_parcel_id_programme')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    op.create_table('collective_applications',
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('open_member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('destination_region_code', sa.String(length=12), nullable=False),
    sa.Column('origin_region_code', sa.String(length=12), nullable=False),
    sa.Column('written_application_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint('open_member_id IS NULL OR open_member_id = member_id', name=op.f('ck_collective_applications_open_is_member')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_collective_applications_case_id_cases')),
    sa.ForeignKeyConstraint(['destination_region_code'], ['regions.code'], name=op.f('fk_collective_applications_destination_region_code_regions')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_collective_applications_member_id_members')),
    sa.ForeignKeyConstraint(['origin_region_code'], ['regions.code'], name=op.f('fk_collective_applications_origin_region_code_regions')),
    sa.ForeignKeyConstraint(['written_application_id'], ['attachments.id'], name=op.f('fk_collective_applications_written_application_id_attachments')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_collective_applications')),
    sa.UniqueConstraint('open_member_id', name=op.f('uq_collective_applications_open_member_id')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('collective_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_collective_applications_member_id'), ['member_id'], unique=False)

    op.create_table('collective_declarations',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('choice', sa.String(length=24), nullable=False),
    sa.Column('origin_region_code', sa.String(length=12), nullable=False),
    sa.Column('destination_region_code', sa.String(length=12), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('declared_at', service.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['resident_accounts.id'], name=op.f('fk_collective_declarations_account_id_resident_accounts')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_collective_declarations_case_id_cases')),
    sa.ForeignKeyConstraint(['destination_region_code'], ['regions.code'], name=op.f('fk_collective_declarations_destination_region_code_regions')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_collective_declarations_member_id_members')),
    sa.ForeignKeyConstraint(['origin_region_code'], ['regions.code'], name=op.f('fk_collective_declarations_origin_region_code_regions')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_accounts.id'], name=op.f('fk_collective_declarations_staff_id_staff_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collective_declarations')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('collective_declarations', schema=None) as batch_op:
        batch_op.create_index('ix_collective_declarations_member_id_id', ['member_id', 'id'], unique=False)

    op.create_table('collective_memberships',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('active_member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('collective_region_code', sa.String(length=12), nullable=False),
    sa.Column('side', sa.String(length=16), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('started_by_case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('ended_by_case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('priority_transfer_right', sa.Boolean(), nullable=False),
    sa.Column('created_at', service.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('(ends_on IS NULL AND active_member_id IS NOT NULL) OR (ends_on IS NOT NULL AND active_member_id IS NULL)', name=op.f('ck_collective_memberships_active_iff_open')),
    sa.CheckConstraint('active_member_id IS NULL OR active_member_id = member_id', name=op.f('ck_collective_memberships_active_is_member')),
    sa.CheckConstraint('starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_collective_memberships_ends_after_start')),
    sa.ForeignKeyConstraint(['collective_region_code'], ['regions.code'], name=op.f('fk_collective_memberships_collective_region_code_regions')),
    sa.ForeignKeyConstraint(['ended_by_case_id'], ['cases.id'], name=op.f('fk_collective_memberships_ended_by_case_id_cases')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_collective_memberships_member_id_members')),
    sa.ForeignKeyConstraint(['started_by_case_id'], ['cases.id'], name=op.f('fk_collective_memberships_started_by_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collective_memberships')),
    sa.UniqueConstraint('active_member_id', name=op.f('uq_collective_memberships_active_member_id')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('collective_memberships', schema=None) as batch_op:
        batch_op.create_index('ix_collective_memberships_member_id_id', ['member_id', 'id'], unique=False)
        batch_op.create_index('ix_collective_memberships_region_id', ['collective_region_code', 'id'], unique=False)

    op.create_table('land_rent_subsidies',
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('land_region_code', sa.String(length=12), nullable=False),
    sa.Column('lessor', sa.String(length=100), nullable=False),
    sa.Column('purpose', sa.String(length=100), nullable=False),
    sa.Column('area_mu', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('annual_rent_fen', sa.BigInteger(), nullable=False),
    sa.Column('lease_starts_on', sa.Date(), nullable=False),
    sa.Column('lease_ends_on', sa.Date(), nullable=False),
    sa.Column('lease_attachment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('rate_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fen_per_mu_per_year', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('annual_subsidy_fen', sa.BigInteger(), nullable=False),
    sa.Column('total_subsidy_fen', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('area_mu > 0', name=op.f('ck_land_rent_subsidies_area_positive')),
    sa.CheckConstraint('lease_ends_on >= lease_starts_on', name=op.f('ck_land_rent_subsidies_lease_ends_after_start')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_land_rent_subsidies_case_id_cases')),
    sa.ForeignKeyConstraint(['land_region_code'], ['regions.code'], name=op.f('fk_land_rent_subsidies_land_region_code_regions')),
    sa.ForeignKeyConstraint(['lease_attachment_id'], ['attachments.id'], name=op.f('fk_land_rent_subsidies_lease_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['rate_id'], ['land_rent_subsidy_rates.id'], name=op.f('fk_land_rent_subsidies_rate_id_land_rent_subsidy_rates')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_land_rent_subsidies')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    op.create_table('collective_notices',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('collective_region_code', sa.String(length=12), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('published_by_staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('published_at', service.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_collective_notices_ends_after_start')),
    sa.ForeignKeyConstraint(['case_id'], ['collective_applications.case_id'], name=op.f('fk_collective_notices_case_id_collective_applications')),
    sa.ForeignKeyConstraint(['collective_region_code'], ['regions.code'], name=op.f('fk_collective_notices_collective_region_code_regions')),
    sa.ForeignKeyConstraint(['published_by_staff_id'], ['staff_accounts.id'], name=op.f('fk_collective_notices_published_by_staff_id_staff_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collective_notices')),
    sa.UniqueConstraint('case_id', name=op.f('uq_collective_notices_case_id')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('collective_notices', schema=None) as batch_op:
        batch_op.create_index('ix_collective_notices_region_id', ['collective_region_code', 'id'], unique=False)

    op.create_table('collective_votes',
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('body', sa.String(length=32), nullable=False),
    sa.Column('total_members', sa.Integer(), nullable=False),
    sa.Column('present', sa.Integer(), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=False),
    sa.Column('votes_against', sa.Integer(), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('minutes_attachment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('recorded_at', service.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('present <= total_members AND votes_for + votes_against <= present', name=op.f('ck_collective_votes_counts_fit')),
    sa.CheckConstraint('total_members > 0 AND present >= 0 AND votes_for >= 0 AND votes_against >= 0', name=op.f('ck_collective_votes_counts_positive')),
    sa.ForeignKeyConstraint(['case_id'], ['collective_applications.case_id'], name=op.f('fk_collective_votes_case_id_collective_applications')),
    sa.ForeignKeyConstraint(['minutes_attachment_id'], ['attachments.id'], name=op.f('fk_collective_votes_minutes_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['recorded_by_staff_id'], ['staff_accounts.id'], name=op.f('fk_collective_votes_recorded_by_staff_id_staff_accounts')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_collective_votes')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    op.create_table('collective_objections',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('notice_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('objector_member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('objector_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('filed_at', service.db.UTCDateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('resolution_reason', sa.Text(), nullable=False),
    sa.Column('resolved_by_staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('resolved_at', service.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_collective_objections_case_id_cases')),
    sa.ForeignKeyConstraint(['notice_id'], ['collective_notices.id'], name=op.f('fk_collective_objections_notice_id_collective_notices')),
    sa.ForeignKeyConstraint(['objector_account_id'], ['resident_accounts.id'], name=op.f('fk_collective_objections_objector_account_id_resident_accounts')),
    sa.ForeignKeyConstraint(['objector_member_id'], ['members.id'], name=op.f('fk_collective_objections_objector_member_id_members')),
    sa.ForeignKeyConstraint(['resolved_by_staff_id'], ['staff_accounts.id'], name=op.f('fk_collective_objections_resolved_by_staff_id_staff_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collective_objections')),
    sa.UniqueConstraint('notice_id', 'objector_member_id', name=op.f('uq_collective_objections_notice_id_objector_member_id')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci',
    mysql_engine='InnoDB'
    )
    with op.batch_alter_table('collective_objections', schema=None) as batch_op:
        batch_op.create_index('ix_collective_objections_case_status', ['case_id', 'status'], unique=False)
        batch_op.create_index('ix_collective_objections_objector_id', ['objector_member_id', 'id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    # Dropping a table drops its indexes; MariaDB refuses to drop one a foreign key needs first.
    op.drop_table('collective_objections')
    op.drop_table('collective_votes')
    op.drop_table('collective_notices')
    op.drop_table('land_rent_subsidies')
    op.drop_table('collective_memberships')
    op.drop_table('collective_declarations')
    op.drop_table('collective_applications')
    op.drop_table('land_programme_enrolments')
    op.drop_table('land_agreements')
    op.drop_table('land_parcels')
    op.drop_table('land_rent_subsidy_rates')
