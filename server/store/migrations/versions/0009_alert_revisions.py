"""Alerts after accepted evidence: ``alert_outbox.revision``, so a run judged again with a
person's evidence may send each channel one more message (only what is new to it).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision: str | None = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert_outbox") as outbox:
        outbox.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
        outbox.drop_constraint(op.f("uq_alert_outbox_channel_id_run_id"), type_="unique")
        outbox.create_unique_constraint(
            op.f("uq_alert_outbox_channel_id_run_id_revision"), ["channel_id", "run_id", "revision"]
        )
    with op.batch_alter_table("alert_outbox") as outbox:  # the default only filled existing rows
        outbox.alter_column("revision", server_default=None)


def downgrade() -> None:
    op.execute("DELETE FROM alert_outbox WHERE revision <> 0")
    with op.batch_alter_table("alert_outbox") as outbox:
        outbox.drop_constraint(op.f("uq_alert_outbox_channel_id_run_id_revision"), type_="unique")
        outbox.create_unique_constraint(op.f("uq_alert_outbox_channel_id_run_id"), ["channel_id", "run_id"])
        outbox.drop_column("revision")
