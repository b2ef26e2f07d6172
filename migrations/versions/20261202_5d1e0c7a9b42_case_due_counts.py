"""case due counts: running cases per office, kind, holder and due day (issue 16)

The staff queue's red and yellow counts become sums over this tally instead of counts over
every running case in scope. Filled here from the cases' own deadlines, so the counts are
right from the first request after the upgrade.

Revision ID: 5d1e0c7a9b42
Revises: c3ae11a311ce
Create Date: 2026-12-02 04:20:00

"""

from collections import Counter
from collections.abc import Sequence
from datetime import timedelta, timezone

import sqlalchemy as sa
from alembic import op

import service.db

# revision identifiers, used by Alembic.
revision: str = "5d1e0c7a9b42"
down_revision: str | Sequence[str] | None = "c3ae11a311ce"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Beijing time has no daylight saving: a fixed offset is exact.
BEIJING = timezone(timedelta(hours=8))


def upgrade() -> None:
    due_counts = op.create_table(
        "case_due_counts",
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("responsible_role", sa.String(length=32), nullable=False),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "region_code", "kind", "responsible_role", "held", "due_on", name=op.f("pk_case_due_counts")
        ),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_unicode_ci",
        mysql_engine="InnoDB",
    )
    cases = sa.table(
        "cases",
        sa.column("region_code", sa.String),
        sa.column("kind", sa.String),
        sa.column("responsible_role", sa.String),
        sa.column("assignee_staff_id", sa.BigInteger),
        sa.column("due_at", service.db.UTCDateTime),
    )
    running = sa.select(
        cases.c.region_code, cases.c.kind, cases.c.responsible_role, cases.c.assignee_staff_id, cases.c.due_at
    ).where(cases.c.due_at.is_not(None))
    tally: Counter = Counter()
    for region_code, kind, role, assignee, due_at in op.get_bind().execute(running):
        tally[(region_code, kind, role, assignee is not None, due_at.astimezone(BEIJING).date())] += 1
    rows = [
        {"region_code": r, "kind": k, "responsible_role": role, "held": held, "due_on": day, "n": n}
        for (r, k, role, held, day), n in tally.items()
    ]
    for start in range(0, len(rows), 1000):
        op.bulk_insert(due_counts, rows[start : start + 1000])


def downgrade() -> None:
    op.drop_table("case_due_counts")
