"""The tables of who may write: users who log in to the dashboard, and API tokens for scripts and CI.

They live beside the store's tables (same ``Base``, same migrations) so one database holds
everything a deployment needs. Neither a password nor a token is ever stored: users keep a
werkzeug password hash (scrypt, salted), tokens the SHA-256 of a random secret, which is enough
for 256 bits of randomness and lets a request find its token with one indexed lookup.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from server.store.models import Base, utcnow

# read: GET anything; write: create/edit firms, start scans, delete runs, upload reports;
# upload: POST /api/v1/reports only (a company's CI, like a Lighthouse CI build token);
# evidence: POST /api/v1/judge and /api/v1/evidence only (the browser extension): it reads no
# firm's data, so a token handed to a person's browser cannot read other firms' results.
SCOPES = ("read", "write", "upload", "evidence")
UPLOAD_ONLY = ("upload",)


class User(Base):
    """A person who logs in to the dashboard; a logged-in user may read and write."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]


class ApiToken(Base):
    """A bearer token for the API; ``prefix`` (its first characters) names it in listings and logs."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), doc="who holds it, e.g. 'acme-ci'")
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, doc="SHA-256 hex of the secret")
    scopes: Mapped[list[Any]] = mapped_column(doc="some of SCOPES")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
