"""The server's settings: one typed object read from ``SUPPORTCHECK_*`` variables, overridable by create_app.

Environment variables:

- ``SUPPORTCHECK_DATABASE_URL``: the store (default: SQLite in the data directory).
- ``SUPPORTCHECK_DATA_DIR``: screenshots, the SQLite file, scan folders and the generated secret key.
- ``SUPPORTCHECK_SECRET_KEY``: signs session cookies; without it a random key is kept in
  ``<data dir>/secret_key`` so that logins survive a restart.
- ``SUPPORTCHECK_PUBLIC_READ``: ``1`` lets anyone read the dashboard and the API (a read-only mode
  for advocates publishing results); writing always needs a login or a token.
- ``SUPPORTCHECK_ALLOW_PRIVATE_TARGETS``: ``1`` lets scans reach private, loopback and link-local
  addresses (tests and lab set-ups); off, such targets are refused (SSRF guard).
- ``SUPPORTCHECK_SESSION_COOKIE_SECURE``: ``1`` sends the session cookie over HTTPS only; set it
  behind TLS.
- ``SUPPORTCHECK_SCAN_RUNNER``: who crawls the scans the API and the dashboard start: ``thread``
  (default, a queue inside this process) or ``ledger`` (queued runs that ``supportcheck worker``
  processes claim; ``supportcheck serve`` sets it, as it runs a worker).
- ``SUPPORTCHECK_EVIDENCE_PER_HOUR`` (default 60) and ``SUPPORTCHECK_JUDGE_PER_HOUR`` (default
  600): how many evidence submissions and judge requests one token (or user) may send per hour.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from server.store.db import DATA_DIR_ENV, DATABASE_URL_ENV, data_dir, database_url

PUBLIC_READ_ENV = "SUPPORTCHECK_PUBLIC_READ"
ALLOW_PRIVATE_TARGETS_ENV = "SUPPORTCHECK_ALLOW_PRIVATE_TARGETS"
SECRET_KEY_ENV = "SUPPORTCHECK_SECRET_KEY"
SESSION_COOKIE_SECURE_ENV = "SUPPORTCHECK_SESSION_COOKIE_SECURE"
SCAN_RUNNER_ENV = "SUPPORTCHECK_SCAN_RUNNER"
SCAN_RUNNERS = ("thread", "ledger")
EVIDENCE_PER_HOUR_ENV = "SUPPORTCHECK_EVIDENCE_PER_HOUR"
JUDGE_PER_HOUR_ENV = "SUPPORTCHECK_JUDGE_PER_HOUR"
SECRET_KEY_FILE = "secret_key"
# App-config only (a mapping of CrawlSettings fields): the crawl settings of server-started scans.
SCAN_SETTINGS_KEY = "SUPPORTCHECK_SCAN_SETTINGS"
MAX_UPLOAD_BYTES = 32 * 1024 * 1024  # an uploaded report; real ones are well under 5 MiB
LOGIN_LIFETIME = timedelta(hours=12)
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})


class SettingsError(ValueError):
    """A setting whose value cannot be used; the message names the variable."""


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SettingsError(f"{name}={value!r}: expected 1 or 0 (true/false, yes/no, on/off)")


def env_flag(name: str) -> bool:
    """A yes/no environment variable, for processes that need one setting and not a whole app."""
    return _flag(name, os.environ.get(name, ""))


@dataclass(frozen=True)
class Settings:
    """What the server needs to know about its deployment."""

    database_url: str
    data_dir: Path
    secret_key: str
    public_read: bool = False
    allow_private_targets: bool = False
    session_cookie_secure: bool = False
    scan_runner: str = "thread"
    evidence_per_hour: int = 60
    judge_per_hour: int = 600

    @classmethod
    def load(cls, overrides: Mapping[str, Any] | None = None) -> Settings:
        """Settings from the environment, with ``overrides`` (the app factory's config, by the
        same ``SUPPORTCHECK_*`` names) taking precedence."""
        values: dict[str, Any] = {**os.environ, **(overrides or {})}
        directory = Path(values[DATA_DIR_ENV]) if values.get(DATA_DIR_ENV) else data_dir()
        return cls(
            database_url=values.get(DATABASE_URL_ENV) or database_url(directory),
            data_dir=directory,
            secret_key=values.get(SECRET_KEY_ENV) or _stored_secret_key(directory),
            public_read=_flag(PUBLIC_READ_ENV, values.get(PUBLIC_READ_ENV, "")),
            allow_private_targets=_flag(ALLOW_PRIVATE_TARGETS_ENV, values.get(ALLOW_PRIVATE_TARGETS_ENV, "")),
            session_cookie_secure=_flag(SESSION_COOKIE_SECURE_ENV, values.get(SESSION_COOKIE_SECURE_ENV, "")),
            scan_runner=_scan_runner(values.get(SCAN_RUNNER_ENV) or "thread"),
            evidence_per_hour=_count(EVIDENCE_PER_HOUR_ENV, values.get(EVIDENCE_PER_HOUR_ENV) or 60),
            judge_per_hour=_count(JUDGE_PER_HOUR_ENV, values.get(JUDGE_PER_HOUR_ENV) or 600),
        )

    def flask_config(self) -> dict[str, Any]:
        """The Flask config these settings imply; other blueprints read the store's place from it."""
        return {
            DATABASE_URL_ENV: self.database_url,
            DATA_DIR_ENV: str(self.data_dir),
            PUBLIC_READ_ENV: self.public_read,
            ALLOW_PRIVATE_TARGETS_ENV: self.allow_private_targets,
            SCAN_RUNNER_ENV: self.scan_runner,
            EVIDENCE_PER_HOUR_ENV: self.evidence_per_hour,
            JUDGE_PER_HOUR_ENV: self.judge_per_hour,
            "SECRET_KEY": self.secret_key,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.session_cookie_secure,
            "PERMANENT_SESSION_LIFETIME": LOGIN_LIFETIME,
            "MAX_CONTENT_LENGTH": MAX_UPLOAD_BYTES,
        }


def _count(name: str, value: Any) -> int:
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise SettingsError(f"{name}={value!r}: expected a whole number of at least 1")
    return count


def _scan_runner(value: str) -> str:
    if value not in SCAN_RUNNERS:
        raise SettingsError(f"{SCAN_RUNNER_ENV}={value!r}: expected one of {', '.join(SCAN_RUNNERS)}")
    return value


def _stored_secret_key(directory: Path) -> str:
    """The data directory's secret key, made on first use and readable by its owner only."""
    path = directory / SECRET_KEY_FILE
    if not path.is_file():
        directory.mkdir(parents=True, exist_ok=True)
        # Written aside then linked into place: two workers starting at once agree on one key,
        # and neither can read a half-written file.
        draft = directory / f".{SECRET_KEY_FILE}.{os.getpid()}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text(encoding="utf-8").strip()
