"""Every table of the store, as SQLAlchemy 2 models: the one place the schema is defined.

A *run* is one crawl of a firm (or one imported report); its pages, snapshots and screenshots are
facts of the crawl. A *judgement* is that run judged by one rule-set version; its locale results,
findings, channels and app availability belong to the judgement, so re-judging a run adds rows
and never rewrites history. Column types are the portable ones (JSON, LargeBinary, timezone-aware
timestamps) so the same models serve SQLite and PostgreSQL; ``migrations/`` must match this file.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from rules.report.model import Report
from server.store._blobs import unpack_json

RUN_STATUSES = ("queued", "running", "complete", "partial", "error")
ACTIVE_RUN_STATUSES = ("queued", "running")
ACTIVE_RUN = text("status IN ('queued', 'running')")
ALERT_KINDS = ("email", "webhook")
OUTBOX_STATUSES = ("pending", "sent", "failed")
MESSAGE_KINDS = ("change", "digest")
CHANGE_KINDS = ("regression", "recovery", "channel_vanished", "channel_appeared")
RUN_SOURCES = ("scan", "import")
CHANNEL_KINDS = (
    "phone",
    "email",
    "chat",
    "contact_form",
    "callback",
    "self_service",
    "hours",
    "wait_time",
    "contact_page",
)

# Named constraints let later migrations drop or alter them on every backend (SQLite batch mode too).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that always comes back timezone-aware in UTC (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store keeps UTC only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


def _run_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))


def _judgement_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("judgements.id", ondelete="CASCADE"))


class Firm(Base):
    """A company whose support is checked; its configuration as last declared."""

    __tablename__ = "firms"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    entry_urls: Mapped[list[Any]] = mapped_column(default=list)
    locales: Mapped[list[Any]] = mapped_column(default=list)
    apps: Mapped[list[Any]] = mapped_column(default=list, doc="app references: {store, id}")
    tags: Mapped[dict[str, Any]] = mapped_column(default=dict, doc="free tags: sector, country…")
    proxies: Mapped[dict[str, Any]] = mapped_column(default=dict, doc="locale tag → proxy URL")
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict, doc="the crawl settings it overrides")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    runs: Mapped[list[Run]] = relationship(
        back_populates="firm", cascade="all, delete-orphan", passive_deletes=True
    )
    schedule: Mapped[Schedule | None] = relationship(
        back_populates="firm", cascade="all, delete-orphan", passive_deletes=True
    )
    alert_channels: Mapped[list[AlertChannel]] = relationship(
        back_populates="firm", cascade="all, delete-orphan", passive_deletes=True, order_by="AlertChannel.id"
    )

    @property
    def tag_names(self) -> list[str]:
        """The firm's tags as tag schedules and tag channels name them: ``sector=bank``."""
        return [f"{key}={value}" for key, value in sorted((self.tags or {}).items())]


class Schedule(Base):
    """When a firm is crawled again: a cron line in a time zone, and the next time it is due.

    ``next_due_at`` already includes the firm's jitter offset; it is None while paused. The
    scheduler claims a due row by moving ``next_due_at`` on (compare-and-set), so it is the
    ledger entry that makes two schedulers agree.
    """

    __tablename__ = "schedules"
    __table_args__ = (Index(None, "next_due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), unique=True)
    cron: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    jitter_s: Mapped[int] = mapped_column(Integer, default=0)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    next_due_at: Mapped[datetime | None]
    last_queued_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    tag: Mapped[str | None] = mapped_column(String(300), doc="the tag schedule it follows; None: its own")

    firm: Mapped[Firm] = relationship(back_populates="schedule")


class TagSchedule(Base):
    """The schedule a tag of firms shares (``sector=bank``); each firm without its own follows it.

    The scheduler never reads this table: each follower gets its own :class:`Schedule` row (with
    ``tag`` set), so claims, jitter and the one-active-run rule work per firm as for any schedule.
    """

    __tablename__ = "tag_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    tag: Mapped[str] = mapped_column(String(300), unique=True, doc="key=value")
    cron: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    jitter_s: Mapped[int] = mapped_column(Integer, default=0)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AlertChannel(Base):
    """Where a firm's (or a tag of firms') changes are reported, with the filter of rules and impacts."""

    __tablename__ = "alert_channels"
    __table_args__ = (
        CheckConstraint("kind IN ('email', 'webhook')", name="kind"),
        CheckConstraint("(firm_id IS NULL) <> (tag IS NULL)", name="owner"),
        Index(None, "firm_id"),
        Index(None, "tag"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"))
    tag: Mapped[str | None] = mapped_column(String(300), doc="key=value: every firm with the tag")
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(Text, doc="the address or the webhook URL")
    secret_env: Mapped[str] = mapped_column(String(100), default="", doc="env var holding the HMAC key")
    rules: Mapped[list[Any]] = mapped_column(default=list, doc="rule ids or 'prefix*'; empty: all")
    min_impact: Mapped[str | None] = mapped_column(String(16))
    confirm_runs: Mapped[int] = mapped_column(Integer, default=1, doc="runs that must agree before alerting")
    digest: Mapped[bool] = mapped_column(Boolean, default=False, doc="also a weekly digest")

    firm: Mapped[Firm | None] = relationship(back_populates="alert_channels")


class AlertMessage(Base):
    """One message to one alert channel about one run (or a week), in the outbox until it is delivered.

    At most one per (channel, run): queueing the same run's changes again adds nothing, so
    delivery is at least once and never a burst of copies. Accepted evidence that judges the run
    again adds at most one more per judgement (``revision``), with only what is new to the
    channel. A weekly digest has no run: it is one per (recipient, end of the week), whichever
    scheduler queues it. A message that keeps failing is retried with backoff, then left
    ``failed`` with the last error for the dashboard.
    """

    __tablename__ = "alert_outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
        CheckConstraint("kind IN ('change', 'digest')", name="kind"),
        UniqueConstraint("channel_id", "run_id", "revision"),
        UniqueConstraint("recipient", "period_end"),
        Index(None, "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("alert_channels.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(
        Integer, default=0, doc="0: the run's own changes; else the judgement accepted evidence made of it"
    )
    kind: Mapped[str] = mapped_column(String(16), default="change")
    recipient: Mapped[str | None] = mapped_column(String(400), doc="digests: 'kind:target', for dedup")
    period_end: Mapped[datetime | None] = mapped_column(doc="digests: the end of the week it covers")
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, doc="plain text: the e-mail body and the webhook's Slack text")
    payload: Mapped[dict[str, Any]] = mapped_column(doc="the webhook's JSON: firm, run, diff link, changes")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    channel: Mapped[AlertChannel] = relationship()


class ChangeEvent(Base):
    """A change between the last two decisive runs of a (firm, locale), recorded as the newer is stored.

    A locale's run is decisive when its crawl was complete or the site refused it (``blocked``):
    a partial crawl says nothing about what vanished. Regressions are pass → fail, or anything →
    a critical fail; recoveries fail → pass; ``needs_review`` on either side is no change.
    The changes feed, the alerts and the weekly digest all read these rows.
    """

    __tablename__ = "change_events"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('regression', 'recovery', 'channel_vanished', 'channel_appeared')", name="kind"
        ),
        Index(None, "firm_id", "run_id"),
        Index(None, "detected_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"))
    run_id: Mapped[int] = _run_fk()
    previous_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    locale: Mapped[str | None] = mapped_column(String(35), doc="None: a cross-locale rule")
    kind: Mapped[str] = mapped_column(String(24))
    rule: Mapped[str] = mapped_column(String(100), default="")
    impact: Mapped[str] = mapped_column(String(16), default="")
    old_outcome: Mapped[str | None] = mapped_column(String(16))
    new_outcome: Mapped[str] = mapped_column(String(16), default="")
    channel_kind: Mapped[str] = mapped_column(String(32), default="")
    value: Mapped[str] = mapped_column(Text, default="")
    label: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    snippet: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text, default="")
    detected_at: Mapped[datetime] = mapped_column(doc="when the newer run started: the date of the evidence")

    firm: Mapped[Firm] = relationship()

    @property
    def key(self) -> tuple[str | None, str, str]:
        """What the change is about, whichever way it went: (locale, rule) or (locale, kind, value)."""
        if self.kind in ("regression", "recovery"):
            return self.locale, "rule", self.rule
        return self.locale, self.channel_kind, self.value


class Run(Base):
    """One crawl of a firm, or one report imported from elsewhere; ``complete`` only once fully stored.

    A scheduled run is ``queued`` first; a worker claims it by taking its lease (``lease_owner``,
    ``lease_expires_at``) and renews the lease while it crawls. At most one run of a firm is
    queued or running: the partial unique index ``uq_runs_one_active_per_firm`` says so, on
    SQLite and PostgreSQL alike, whichever process tries to add a second.
    """

    __tablename__ = "runs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'complete', 'partial', 'error')", name="status"),
        CheckConstraint("source IN ('scan', 'import')", name="source"),
        Index(None, "firm_id", "started_at"),
        Index(None, "status", "created_at"),
        Index(
            "uq_runs_one_active_per_firm",
            "firm_id",
            unique=True,
            sqlite_where=ACTIVE_RUN,
            postgresql_where=ACTIVE_RUN,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="running")
    status_reason: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16), default="scan")
    tool_version: Mapped[str] = mapped_column(String(64), default="")
    browser_version: Mapped[str] = mapped_column(String(64), default="")
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    manifest: Mapped[dict[str, Any] | None] = mapped_column(doc="the scan's ScanManifest, for re-judging")
    scan_extras: Mapped[dict[str, Any] | None] = mapped_column(
        doc="the rest of the ScanResult (app-store answers…) beside manifest and snapshots, for re-judging"
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime | None] = mapped_column(doc="when the schedule wanted it; None when asked for")
    attempt: Mapped[int] = mapped_column(Integer, default=1, doc="1, then 2… for retries of a dead run")
    site: Mapped[str] = mapped_column(String(253), default="", doc="registrable domain, for per-site limits")
    lease_owner: Mapped[str | None] = mapped_column(String(200), doc="the worker that holds it")
    lease_expires_at: Mapped[datetime | None]

    firm: Mapped[Firm] = relationship(back_populates="runs")
    judgements: Mapped[list[Judgement]] = relationship(
        back_populates="run",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Judgement.id",
    )
    pages: Mapped[list[Page]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    snapshots: Mapped[list[Snapshot]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    screenshots: Mapped[list[Screenshot]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    @property
    def latest_judgement(self) -> Judgement | None:
        return self.judgements[-1] if self.judgements else None


class Judgement(Base):
    """A run judged by one rule-set version, with the full report so no field is ever lost."""

    __tablename__ = "judgements"
    __table_args__ = (Index(None, "run_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    ruleset_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    score: Mapped[int | None]
    report_zlib: Mapped[bytes] = mapped_column(LargeBinary, deferred=True, doc="report JSON, zlib")

    run: Mapped[Run] = relationship(back_populates="judgements")
    locale_results: Mapped[list[LocaleResult]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="LocaleResult.id"
    )
    findings: Mapped[list[Finding]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Finding.id"
    )
    channels: Mapped[list[Channel]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Channel.id"
    )
    apps: Mapped[list[AppAvailability]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="AppAvailability.id"
    )

    @property
    def report_json(self) -> str:
        """The report exactly as it was stored (an imported file keeps fields this version lacks)."""
        return unpack_json(self.report_zlib)

    def report(self) -> Report:
        return Report.model_validate_json(self.report_json)


class LocaleResult(Base):
    """How one locale of a judgement went: crawl status and score."""

    __tablename__ = "locale_results"
    __table_args__ = (UniqueConstraint("judgement_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judgement_id: Mapped[int] = _judgement_fk()
    locale: Mapped[str] = mapped_column(String(35))
    status: Mapped[str] = mapped_column(String(16))
    status_reason: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[int | None]
    vantage: Mapped[dict[str, Any]] = mapped_column(default=dict)
    robots_ignored: Mapped[bool] = mapped_column(Boolean, default=False)


class Page(Base):
    """A page visited from one locale; every text in it came from the site and is hostile."""

    __tablename__ = "pages"
    __table_args__ = (Index(None, "run_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    locale: Mapped[str] = mapped_column(String(35))
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text, default="")
    http_status: Mapped[int | None]
    depth: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str | None] = mapped_column(Text)
    error_kind: Mapped[str | None] = mapped_column(String(32))
    screenshot_id: Mapped[int | None] = mapped_column(ForeignKey("screenshots.id", ondelete="SET NULL"))

    screenshot: Mapped[Screenshot | None] = relationship()


class Snapshot(Base):
    """One locale's saved snapshots (``LocaleSnapshots`` JSON, zlib): the input of a re-judgement."""

    __tablename__ = "snapshots"
    __table_args__ = (UniqueConstraint("run_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    locale: Mapped[str] = mapped_column(String(35))
    content_zlib: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64), doc="of the uncompressed JSON")
    size: Mapped[int] = mapped_column(Integer, doc="bytes of the uncompressed JSON")


class Screenshot(Base):
    """A screenshot file copied under the data directory, found again by its hash."""

    __tablename__ = "screenshots"
    __table_args__ = (UniqueConstraint("run_id", "source_path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    path: Mapped[str] = mapped_column(String(300), doc="relative to the data directory")
    source_path: Mapped[str] = mapped_column(String(300), doc="relative to the scan folder it came from")
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)


class Finding(Base):
    """One rule's verdict in a judgement; ``locale`` is None for a cross-locale finding."""

    __tablename__ = "findings"
    __table_args__ = (Index(None, "rule", "outcome"), Index(None, "judgement_id", "locale"))

    id: Mapped[int] = mapped_column(primary_key=True)
    judgement_id: Mapped[int] = _judgement_fk()
    locale: Mapped[str | None] = mapped_column(String(35))
    rule: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(16))
    impact: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[Any]] = mapped_column(default=list, doc="screenshot paths relative to the data dir")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Channel(Base):
    """A way to reach the firm found in one locale, flattened for matrices and diffs.

    ``value`` identifies the channel across runs (an E.164 number, an address, a chat vendor, a
    page URL or the stated text); ``label`` is what a person reads; ``details`` keeps the rest.
    """

    __tablename__ = "channels"
    __table_args__ = (Index(None, "judgement_id", "locale", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judgement_id: Mapped[int] = _judgement_fk()
    locale: Mapped[str] = mapped_column(String(35))
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    selector: Mapped[str] = mapped_column(Text, default="")
    snippet: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AppAvailability(Base):
    """Whether a firm's app could be found in one locale's storefront (None: not known)."""

    __tablename__ = "app_availability"
    __table_args__ = (Index(None, "judgement_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judgement_id: Mapped[int] = _judgement_fk()
    locale: Mapped[str] = mapped_column(String(35))
    store: Mapped[str] = mapped_column(String(16))
    app_id: Mapped[str] = mapped_column(String(200))
    available: Mapped[bool | None] = mapped_column(Boolean)
    storefront_url: Mapped[str] = mapped_column(Text, default="")


class RunLocale(Base):
    """One (run, locale) crawl of a distributed run: its unit of work, lease, and what it produced.

    The database decides who crawls it, not the broker: a task claims the row under a lease it
    renews (``lease_owner``, ``lease_expires_at``), so a redelivered or duplicated message for a
    locale that is held or finished does nothing. ``done`` rows hold the locale's snapshots and
    the blobs of its screenshots until the run's final task stores the run in one transaction.
    """

    __tablename__ = "run_locales"
    __table_args__ = (
        UniqueConstraint("run_id", "locale"),
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
        Index(None, "status", "lease_expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    locale: Mapped[str] = mapped_column(String(35))
    unit: Mapped[dict[str, Any]] = mapped_column(doc="the task's serialisable input (a LocaleUnit)")
    status: Mapped[str] = mapped_column(String(16), default="queued")
    status_reason: Mapped[str] = mapped_column(Text, default="")
    attempt: Mapped[int] = mapped_column(Integer, default=0, doc="claims so far; 1 for the first crawl")
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_expires_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None] = mapped_column(doc="when its task was last sent; None: not yet")
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    browser_version: Mapped[str] = mapped_column(String(64), default="")
    snapshots_zlib: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    screenshots: Mapped[dict[str, Any]] = mapped_column(
        default=dict, doc="scan-folder path -> stored blob {path, sha256, size}"
    )


class Blob(Base):
    """A file kept in the database (screenshots in distributed mode), by its data-directory path."""

    __tablename__ = "blobs"

    path: Mapped[str] = mapped_column(String(300), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkerBeat(Base):
    """A distributed worker process's heartbeat: what ``/api/v1/workers`` and ``worker --health`` read."""

    __tablename__ = "worker_beats"

    name: Mapped[str] = mapped_column(String(200), primary_key=True, doc="host:pid")
    hostname: Mapped[str] = mapped_column(String(253))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime]
    last_beat_at: Mapped[datetime]
    tasks_done: Mapped[int] = mapped_column(Integer, default=0)
    current_task: Mapped[str | None] = mapped_column(String(200), doc="'run 12 de-DE' while crawling")
    state: Mapped[str] = mapped_column(String(16), default="running", doc="running, stopping or stopped")
    last_outage: Mapped[str] = mapped_column(Text, default="", doc="the last broker or database outage seen")
