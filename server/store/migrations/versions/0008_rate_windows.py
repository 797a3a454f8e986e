"""Rate limits counted in the store (issue 14): the ``rate_windows`` table, so that every server
process on one database spends the same budget per token.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_windows",
        sa.Column("budget", sa.String(20), primary_key=True),
        sa.Column("principal", sa.String(40), primary_key=True),
        sa.Column("window_start", sa.Integer(), primary_key=True),
        sa.Column("calls", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rate_windows")
