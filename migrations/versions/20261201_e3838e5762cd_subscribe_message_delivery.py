"""subscribe-message delivery: outbox status and retry time, the grant ledger

Revision ID: e3838e5762cd
Revises: 606267261337
Create Date: 2026-12-01 21:45:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import service.db


# revision identifiers, used by Alembic.
revision: str = "e3838e5762cd"
down_revision: Union[str, Sequence[str], None] = "606267261337"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

MYSQL = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci"}


def upgrade() -> None:
    op.create_table(
        "subscription_grants",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("template_id", sa.String(length=64), nullable=False),
        sa.Column("remaining", sa.Integer(), nullable=False),
        sa.Column("updated_at", service.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["resident_accounts.id"],
            name=op.f("fk_subscription_grants_account_id_resident_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscription_grants")),
        sa.UniqueConstraint("account_id", "template_id", name=op.f("uq_subscription_grants_account_id_template_id")),
        **MYSQL,
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=16), server_default="pending", nullable=False))
        batch_op.add_column(sa.Column("next_attempt_at", service.db.UTCDateTime(), nullable=True))
    # Rows written before the worker existed are due from when they were written.
    op.execute("UPDATE outbox_messages SET next_attempt_at = created_at")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.alter_column("next_attempt_at", existing_type=service.db.UTCDateTime(), nullable=False)
        batch_op.drop_index(batch_op.f("ix_outbox_messages_pending"))
        batch_op.create_index(batch_op.f("ix_outbox_messages_due"), ["status", "next_attempt_at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_messages_due"))
        batch_op.create_index(batch_op.f("ix_outbox_messages_pending"), ["sent_at", "id"], unique=False)
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("status")
    op.drop_table("subscription_grants")
