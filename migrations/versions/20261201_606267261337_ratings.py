"""好差评: ratings of closed cases, the follow-ups of 差评, and appeals (国办发〔2019〕51号)

Revision ID: 606267261337
Revises: 5aceeb1a5d8f
Create Date: 2026-12-01 21:44:43.441264

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = "606267261337"
down_revision: Union[str, Sequence[str], None] = "5aceeb1a5d8f"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "ratings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("office_role", sa.String(length=32), nullable=False),
        sa.Column("county_code", sa.String(length=6), nullable=False),
        sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("level", sa.String(length=24), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("rated_at", service.db.UTCDateTime(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("follow_up_case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("follow_up_due_at", service.db.UTCDateTime(), nullable=True),
        sa.Column("contacted_at", service.db.UTCDateTime(), nullable=True),
        sa.Column("verification", sa.Text(), nullable=True),
        sa.Column("rectification", sa.Text(), nullable=True),
        sa.Column("answered_at", service.db.UTCDateTime(), nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=True),
        sa.Column("resolved_said_at", service.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_ratings_case_id_cases")),
        sa.ForeignKeyConstraint(["follow_up_case_id"], ["cases.id"], name=op.f("fk_ratings_follow_up_case_id_cases")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_ratings_member_id_members")),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_ratings_region_code_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
        sa.UniqueConstraint("case_id", name=op.f("uq_ratings_case_id")),
        sa.UniqueConstraint("follow_up_case_id", name=op.f("uq_ratings_follow_up_case_id")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_unicode_ci",
        mysql_engine="InnoDB",
    )
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.create_index("ix_ratings_county_id", ["county_code", "id"], unique=False)
        batch_op.create_index("ix_ratings_kind_id", ["kind", "id"], unique=False)
        batch_op.create_index("ix_ratings_level_id", ["level", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ratings_member_id"), ["member_id"], unique=False)
        batch_op.create_index(
            "ix_ratings_office_kind", ["region_code", "office_role", "kind", "level", "removed"], unique=False
        )

    op.create_table(
        "rating_appeals",
        sa.Column(
            "rating_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("appealed_by_staff_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("appealed_at", service.db.UTCDateTime(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("decided_by_staff_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("decided_at", service.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["appealed_by_staff_id"],
            ["staff_accounts.id"],
            name=op.f("fk_rating_appeals_appealed_by_staff_id_staff_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_staff_id"],
            ["staff_accounts.id"],
            name=op.f("fk_rating_appeals_decided_by_staff_id_staff_accounts"),
        ),
        sa.ForeignKeyConstraint(["rating_id"], ["ratings.id"], name=op.f("fk_rating_appeals_rating_id_ratings")),
        sa.PrimaryKeyConstraint("rating_id", name=op.f("pk_rating_appeals")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_unicode_ci",
        mysql_engine="InnoDB",
    )


def downgrade() -> None:
    """Downgrade schema: dropping a table drops its indexes (MariaDB refuses to drop an index a
    foreign key still needs first)."""
    op.drop_table("rating_appeals")
    op.drop_table("ratings")
