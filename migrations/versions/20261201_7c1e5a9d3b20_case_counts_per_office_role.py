"""case counts per office role

Revision ID: 7c1e5a9d3b20
Revises: 2b4a39ba5a44
Create Date: 2026-12-01 18:50:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "7c1e5a9d3b20"
down_revision: Union[str, Sequence[str], None] = "2b4a39ba5a44"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _create(with_role: bool) -> None:
    key = ["region_code", "kind", "status"] + (["responsible_role"] if with_role else [])
    columns = [
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
    ]
    if with_role:
        columns.append(sa.Column("responsible_role", sa.String(length=32), nullable=False))
    op.create_table(
        "case_counts",
        *columns,
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*key, name=op.f("pk_case_counts")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_unicode_ci",
        mysql_engine="InnoDB",
    )
    # The tallies are a function of the cases: rebuilt from them, the engine keeps them after.
    group = ", ".join(key)
    op.execute(f"INSERT INTO case_counts ({group}, n) SELECT {group}, COUNT(*) FROM cases GROUP BY {group}")


def upgrade() -> None:
    """The key gains the acting office's role."""
    op.drop_table("case_counts")
    _create(with_role=True)


def downgrade() -> None:
    op.drop_table("case_counts")
    _create(with_role=False)
