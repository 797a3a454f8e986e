"""Tag schedules, alert channels of tags (with confirmation runs and digests), digests in the
outbox, and the change events the changes feed, the alerts and the digests read.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tag_schedules",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tag", sa.String(300), nullable=False),
        sa.Column("cron", sa.String(100), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("jitter_s", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("tag"),
    )
    with op.batch_alter_table("schedules") as schedules:
        schedules.add_column(sa.Column("tag", sa.String(300), nullable=True))
    with op.batch_alter_table("alert_channels") as channels:
        channels.alter_column("firm_id", existing_type=sa.Integer(), nullable=True)
        channels.add_column(sa.Column("tag", sa.String(300), nullable=True))
        channels.add_column(sa.Column("confirm_runs", sa.Integer(), nullable=False, server_default="1"))
        channels.add_column(sa.Column("digest", sa.Boolean(), nullable=False, server_default=sa.false()))
        channels.create_check_constraint("owner", "(firm_id IS NULL) <> (tag IS NULL)")
        channels.create_index(op.f("ix_alert_channels_tag"), ["tag"])
    with op.batch_alter_table("alert_channels") as channels:  # the defaults only filled existing rows
        channels.alter_column("confirm_runs", server_default=None)
        channels.alter_column("digest", server_default=None)
    with op.batch_alter_table("alert_outbox") as outbox:
        outbox.alter_column("run_id", existing_type=sa.Integer(), nullable=True)
        outbox.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="change"))
        outbox.add_column(sa.Column("recipient", sa.String(400), nullable=True))
        outbox.add_column(sa.Column("period_end", sa.DateTime(timezone=True), nullable=True))
        outbox.create_check_constraint("kind", "kind IN ('change', 'digest')")
        outbox.create_unique_constraint(
            op.f("uq_alert_outbox_recipient_period_end"), ["recipient", "period_end"]
        )
    with op.batch_alter_table("alert_outbox") as outbox:
        outbox.alter_column("kind", server_default=None)
    op.create_table(
        "change_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("firm_id", sa.Integer(), sa.ForeignKey("firms.id", ondelete="CASCADE"), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "previous_run_id", sa.Integer(), sa.ForeignKey("runs.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("locale", sa.String(35), nullable=True),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("rule", sa.String(100), nullable=False),
        sa.Column("impact", sa.String(16), nullable=False),
        sa.Column("old_outcome", sa.String(16), nullable=True),
        sa.Column("new_outcome", sa.String(16), nullable=False),
        sa.Column("channel_kind", sa.String(32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("snippet", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('regression', 'recovery', 'channel_vanished', 'channel_appeared')", name="kind"
        ),
    )
    op.create_index(None, "change_events", ["firm_id", "run_id"])
    op.create_index(None, "change_events", ["detected_at"])


def downgrade() -> None:
    op.drop_table("change_events")
    op.execute("DELETE FROM alert_outbox WHERE run_id IS NULL")
    with op.batch_alter_table("alert_outbox") as outbox:
        outbox.drop_constraint(op.f("uq_alert_outbox_recipient_period_end"), type_="unique")
        outbox.drop_constraint(op.f("ck_alert_outbox_kind"), type_="check")
        for column in ("period_end", "recipient", "kind"):
            outbox.drop_column(column)
        outbox.alter_column("run_id", existing_type=sa.Integer(), nullable=False)
    op.execute("DELETE FROM alert_channels WHERE firm_id IS NULL")
    with op.batch_alter_table("alert_channels") as channels:
        channels.drop_index(op.f("ix_alert_channels_tag"))
        channels.drop_constraint(op.f("ck_alert_channels_owner"), type_="check")
        for column in ("digest", "confirm_runs", "tag"):
            channels.drop_column(column)
        channels.alter_column("firm_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("schedules") as schedules:
        schedules.drop_column("tag")
    op.drop_table("tag_schedules")
