"""The ``evidence`` table: what a person's browser saw, waiting for review or accepted or rejected.

It lives beside the store's tables (same ``Base``, same migrations, as the auth tables do). The
snapshot is kept compressed as the JSON the extension sent, after schema validation; every text
in it came from a web page and is hostile. Only ``accepted`` evidence ever reaches a judgement.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.store._blobs import unpack_json
from server.store.models import Base, Firm, utcnow

EVIDENCE_STATUSES = ("pending", "accepted", "rejected")


class Evidence(Base):
    """One submission: the pages of one locale a person saw, with who sent it and from where."""

    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'accepted', 'rejected')", name="status"),
        Index(None, "firm_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(35))
    page_url: Mapped[str] = mapped_column(
        Text, doc="the first page's URL, as sent (query dropped by default)"
    )
    title: Mapped[str] = mapped_column(Text, default="")
    pages_zlib: Mapped[bytes] = mapped_column(
        LargeBinary, deferred=True, doc="the validated pages, JSON, zlib"
    )
    size: Mapped[int] = mapped_column(Integer, doc="bytes of the request body")
    screenshot_path: Mapped[str | None] = mapped_column(String(300), doc="relative to the data directory")
    note: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[list[Any]] = mapped_column(default=list, doc="navigator.languages of the browser")
    timezone: Mapped[str] = mapped_column(String(64), default="")
    signed_in: Mapped[bool] = mapped_column(
        Boolean, default=False, doc="the person was signed in to the site"
    )
    submitted_by: Mapped[str] = mapped_column(String(120), doc="'token <name>' or 'user <name>'")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None]
    judgement_id: Mapped[int | None] = mapped_column(
        ForeignKey("judgements.id", ondelete="SET NULL"), doc="the judgement first made with it"
    )

    firm: Mapped[Firm] = relationship()

    @property
    def pages_json(self) -> str:
        return unpack_json(self.pages_zlib)
