"""Distributed crawling (issue 12): a lease per (run, locale), blobs in the database, worker heartbeats.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "run_locales",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("locale", sa.String(35), nullable=False),
        sa.Column("unit", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(200), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("browser_version", sa.String(64), nullable=False),
        sa.Column("snapshots_zlib", sa.LargeBinary(), nullable=True),
        sa.Column("screenshots", sa.JSON(), nullable=False),
        sa.UniqueConstraint("run_id", "locale"),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
    )
    op.create_index(
        op.f("ix_run_locales_status_lease_expires_at"), "run_locales", ["status", "lease_expires_at"]
    )
    op.create_table(
        "blobs",
        sa.Column("path", sa.String(300), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "worker_beats",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("hostname", sa.String(253), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tasks_done", sa.Integer(), nullable=False),
        sa.Column("current_task", sa.String(200), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("last_outage", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("worker_beats")
    op.drop_table("blobs")
    op.drop_index(op.f("ix_run_locales_status_lease_expires_at"), table_name="run_locales")
    op.drop_table("run_locales")
