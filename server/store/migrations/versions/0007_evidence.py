"""Evidence from a person's browser (issue 14): the ``evidence`` table.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("firm_id", sa.Integer(), sa.ForeignKey("firms.id", ondelete="CASCADE"), nullable=False),
        sa.Column("locale", sa.String(35), nullable=False),
        sa.Column("page_url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("pages_zlib", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("screenshot_path", sa.String(300), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("signed_in", sa.Boolean(), nullable=False),
        sa.Column("submitted_by", sa.String(120), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reviewed_by", sa.String(120), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "judgement_id",
            sa.Integer(),
            sa.ForeignKey("judgements.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.CheckConstraint("status IN ('pending', 'accepted', 'rejected')", name="status"),
    )
    op.create_index(None, "evidence", ["firm_id", "status"])


def downgrade() -> None:
    op.drop_table("evidence")
