"""formal notices (文书) issued with case decisions, and the one numbering of documents

Revision ID: 6b1e0c9d4a27
Revises: e3838e5762cd
Create Date: 2026-12-01 21:50:00.000000

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

import service.db

# revision identifiers, used by Alembic.
revision: str = "6b1e0c9d4a27"
down_revision: Union[str, Sequence[str], None] = "e3838e5762cd"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_TABLE_ARGS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci", "mysql_engine": "InnoDB"}


def upgrade() -> None:
    series = op.create_table(
        "number_series",
        sa.Column("series", sa.String(length=80), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("series", "year", name=op.f("pk_number_series")),
        **_TABLE_ARGS,
    )
    op.create_table(
        "notices",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("series", sa.String(length=80), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("issued_at", service.db.UTCDateTime(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary().with_variant(mysql.MEDIUMBLOB(), "mysql", "mariadb"), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_notices_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint("number", name=op.f("uq_notices_number")),
        sa.UniqueConstraint("series", "year", "sequence", name=op.f("uq_notices_series_year_sequence")),
        **_TABLE_ARGS,
    )
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notices_case_id"), ["case_id"], unique=False)

    # The transfer documents issued so far continue their series in the one numbering.
    documents = sa.table(
        "assistance_transfer_documents",
        sa.column("issuing_county_code", sa.String),
        sa.column("kind", sa.String),
        sa.column("year", sa.Integer),
        sa.column("sequence", sa.Integer),
    )
    bind = op.get_bind()
    last = bind.execute(
        sa.select(documents.c.issuing_county_code, documents.c.kind, documents.c.year, sa.func.max(documents.c.sequence))
        .group_by(documents.c.issuing_county_code, documents.c.kind, documents.c.year)
    ).all()
    if last:
        op.bulk_insert(
            series,
            [{"series": f"assistance:{county}:{kind}", "year": year, "last": n} for county, kind, year, n in last],
        )


def downgrade() -> None:
    # With its indexes: MariaDB refuses to drop the case_id index alone while its foreign key needs it.
    op.drop_table("notices")
    op.drop_table("number_series")
