"""community resources: each community's staff, premises and funds per year (policy 3.2)

Revision ID: c3ae11a311ce
Revises: c60cff9d8ec5
Create Date: 2026-12-01 23:45:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import service.db

# revision identifiers, used by Alembic.
revision: str = "c3ae11a311ce"
down_revision: str | Sequence[str] | None = "c60cff9d8ec5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "community_resources",
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("staff_count", sa.Integer(), nullable=False),
        sa.Column("premises_m2", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("funds_fen", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("recorded_by_staff_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("recorded_at", service.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_community_resources_region_code_regions")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_staff_id"],
            ["staff_accounts.id"],
            name=op.f("fk_community_resources_recorded_by_staff_id_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("region_code", "year", name=op.f("pk_community_resources")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_unicode_ci",
        mysql_engine="InnoDB",
    )


def downgrade() -> None:
    op.drop_table("community_resources")
