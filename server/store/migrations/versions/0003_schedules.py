"""Schedules, alert channels and the run ledger: queued runs, leases, attempts, one active run per firm.

Revision ID: 0003
Revises: 0002

Runs that were left ``running`` twice for one firm (possible before this revision, since only the
API checked) would break the new unique index: all but the newest are set to ``error`` first.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None

ACTIVE_RUN = sa.text("status IN ('queued', 'running')")
STATUSES = "status IN ('queued', 'running', 'complete', 'partial', 'error')"
OLD_STATUSES = "status IN ('running', 'complete', 'partial', 'error')"


def _json_column(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.JSON(), nullable=False, server_default=sa.text("'{}'"))


def upgrade() -> None:
    op.execute(
        "UPDATE runs SET status = 'error', status_reason = 'crashed: another run of the firm was running' "
        "WHERE status = 'running' AND id NOT IN "
        "(SELECT max(id) FROM runs WHERE status = 'running' GROUP BY firm_id)"
    )
    with op.batch_alter_table("firms") as firms:
        firms.add_column(_json_column("proxies"))
        firms.add_column(_json_column("settings"))
    with op.batch_alter_table("firms") as firms:  # the default only filled existing rows
        firms.alter_column("proxies", server_default=None)
        firms.alter_column("settings", server_default=None)
    with op.batch_alter_table("runs") as runs:
        runs.drop_constraint(op.f("ck_runs_status"), type_="check")
        runs.create_check_constraint("status", STATUSES)
        runs.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
        runs.add_column(sa.Column("attempt", sa.Integer(), nullable=False, server_default="1"))
        runs.add_column(sa.Column("site", sa.String(253), nullable=False, server_default=""))
        runs.add_column(sa.Column("lease_owner", sa.String(200), nullable=True))
        runs.add_column(sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("runs") as runs:
        runs.alter_column("attempt", server_default=None)
        runs.alter_column("site", server_default=None)
    op.create_index(
        "uq_runs_one_active_per_firm",
        "runs",
        ["firm_id"],
        unique=True,
        sqlite_where=ACTIVE_RUN,
        postgresql_where=ACTIVE_RUN,
    )
    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("firm_id", sa.Integer(), sa.ForeignKey("firms.id", ondelete="CASCADE"), nullable=False),
        sa.Column("cron", sa.String(100), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("jitter_s", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_queued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("firm_id"),
    )
    op.create_index(None, "schedules", ["next_due_at"])
    op.create_table(
        "alert_channels",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("firm_id", sa.Integer(), sa.ForeignKey("firms.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("secret_env", sa.String(100), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("min_impact", sa.String(16), nullable=True),
        sa.CheckConstraint("kind IN ('email', 'webhook')", name="kind"),
    )
    op.create_index(None, "alert_channels", ["firm_id"])


def downgrade() -> None:
    op.drop_table("alert_channels")
    op.drop_table("schedules")
    op.drop_index("uq_runs_one_active_per_firm", "runs")
    op.execute("DELETE FROM runs WHERE status = 'queued'")
    with op.batch_alter_table("runs") as runs:
        for column in ("lease_expires_at", "lease_owner", "site", "attempt", "due_at"):
            runs.drop_column(column)
        runs.drop_constraint(op.f("ck_runs_status"), type_="check")
        runs.create_check_constraint("status", OLD_STATUSES)
    with op.batch_alter_table("firms") as firms:
        firms.drop_column("settings")
        firms.drop_column("proxies")
