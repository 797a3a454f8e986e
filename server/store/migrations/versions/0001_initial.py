"""The first schema: firms, runs, judgements and what each holds.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _parent(column: str, table: str) -> sa.Column[int]:
    return sa.Column(column, sa.Integer(), sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False)


def _timestamp(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _string(name: str, length: int, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length), nullable=nullable)


def _json(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.JSON(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "firms",
        _id(),
        _string("name", 200),
        _string("slug", 200),
        _json("entry_urls"),
        _json("locales"),
        _json("apps"),
        _json("tags"),
        _timestamp("created_at"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("slug"),
    )
    op.create_table(
        "runs",
        _id(),
        _parent("firm_id", "firms"),
        _timestamp("started_at"),
        _timestamp("finished_at", nullable=True),
        _string("status", 16),
        _text("status_reason"),
        _string("source", 16),
        _string("tool_version", 64),
        _string("browser_version", 64),
        _json("settings"),
        _json("manifest", nullable=True),
        _json("scan_extras", nullable=True),
        _timestamp("created_at"),
        sa.CheckConstraint("status IN ('running', 'complete', 'partial', 'error')", name="status"),
        sa.CheckConstraint("source IN ('scan', 'import')", name="source"),
    )
    op.create_index(None, "runs", ["firm_id", "started_at"])
    op.create_index(None, "runs", ["status", "created_at"])
    op.create_table(
        "judgements",
        _id(),
        _parent("run_id", "runs"),
        _string("ruleset_version", 32),
        _timestamp("created_at"),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("report_zlib", sa.LargeBinary(), nullable=False),
    )
    op.create_index(None, "judgements", ["run_id", "id"])
    op.create_table(
        "screenshots",
        _id(),
        _parent("run_id", "runs"),
        _string("path", 300),
        _string("source_path", 300),
        _string("sha256", 64),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.UniqueConstraint("run_id", "source_path"),
    )
    op.create_index(None, "screenshots", ["sha256"])
    op.create_table(
        "snapshots",
        _id(),
        _parent("run_id", "runs"),
        _string("locale", 35),
        sa.Column("content_zlib", sa.LargeBinary(), nullable=False),
        _string("sha256", 64),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.UniqueConstraint("run_id", "locale"),
    )
    op.create_table(
        "pages",
        _id(),
        _parent("run_id", "runs"),
        _string("locale", 35),
        _text("url"),
        _text("final_url"),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("depth", sa.Integer(), nullable=False),
        _text("title"),
        _text("error", nullable=True),
        _string("error_kind", 32, nullable=True),
        sa.Column(
            "screenshot_id", sa.Integer(), sa.ForeignKey("screenshots.id", ondelete="SET NULL"), nullable=True
        ),
    )
    op.create_index(None, "pages", ["run_id", "locale"])
    op.create_table(
        "locale_results",
        _id(),
        _parent("judgement_id", "judgements"),
        _string("locale", 35),
        _string("status", 16),
        _text("status_reason"),
        sa.Column("score", sa.Integer(), nullable=True),
        _json("vantage"),
        sa.Column("robots_ignored", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("judgement_id", "locale"),
    )
    op.create_table(
        "findings",
        _id(),
        _parent("judgement_id", "judgements"),
        _string("locale", 35, nullable=True),
        _string("rule", 100),
        _string("outcome", 16),
        _string("impact", 16),
        _text("message"),
        _json("evidence"),
        _json("details"),
    )
    op.create_index(None, "findings", ["rule", "outcome"])
    op.create_index(None, "findings", ["judgement_id", "locale"])
    op.create_table(
        "channels",
        _id(),
        _parent("judgement_id", "judgements"),
        _string("locale", 35),
        _string("kind", 32),
        _text("value"),
        _text("label"),
        _text("url"),
        _text("selector"),
        _text("snippet"),
        _json("details"),
    )
    op.create_index(None, "channels", ["judgement_id", "locale", "kind"])
    op.create_table(
        "app_availability",
        _id(),
        _parent("judgement_id", "judgements"),
        _string("locale", 35),
        _string("store", 16),
        _string("app_id", 200),
        sa.Column("available", sa.Boolean(), nullable=True),
        _text("storefront_url"),
    )
    op.create_index(None, "app_availability", ["judgement_id", "locale"])


def downgrade() -> None:
    for table in (
        "app_availability",
        "channels",
        "findings",
        "locale_results",
        "pages",
        "snapshots",
        "screenshots",
        "judgements",
        "runs",
        "firms",
    ):
        op.drop_table(table)
