"""Creating and checking users and API tokens; the only code that sees a password or a token.

A token is ``sc_`` followed by 43 URL-safe characters (32 random bytes). It is shown once, when
made; the store keeps its SHA-256 and its first characters, so a leaked database leaks no token.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from server.auth.models import SCOPES, ApiToken, User
from server.store.models import utcnow

TOKEN_PREFIX = "sc_"
PREFIX_LENGTH = 10
MIN_PASSWORD_LENGTH = 10
MAX_NAME_LENGTH = 100
# Marking a token used on every call would turn each read into a write; hourly is enough to audit.
LAST_USED_RESOLUTION = timedelta(hours=1)
# Checked against when the user is unknown, so a wrong name costs as long as a wrong password.
_UNKNOWN_USER_HASH = generate_password_hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A user or token that cannot be created as asked; the message says what to change."""


@dataclass(frozen=True)
class IssuedToken:
    """A token just made: ``secret`` is the only copy of the token there will ever be."""

    token: ApiToken
    secret: str


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _valid_name(name: str, what: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH or not name.isprintable():
        raise AccountError(f"a {what} name is 1 to {MAX_NAME_LENGTH} printable characters, not {name!r}")
    return name


def create_user(session: Session, name: str, password: str) -> User:
    """Adds a user (committed); the password is kept only as a salted scrypt hash."""
    name = _valid_name(name, "user")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise AccountError(f"there is already a user called {name!r}")
    user = User(name=name, password_hash=generate_password_hash(password))
    session.add(user)
    session.commit()
    return user


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The user whose name and password these are, or None, in about the same time either way."""
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        check_password_hash(_UNKNOWN_USER_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    user.last_login_at = utcnow()
    session.commit()
    return user


def login_fingerprint(user: User) -> str:
    """Changes when the password does, so that a new password ends every session made with the old."""
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:16]


def create_token(session: Session, name: str, scopes: Collection[str]) -> IssuedToken:
    """Makes a token with ``scopes`` (committed) and returns it with its secret, to be shown once."""
    name = _valid_name(name, "token")
    unknown = set(scopes) - set(SCOPES)
    if unknown or not scopes:
        raise AccountError(f"token scopes are some of {', '.join(SCOPES)}, not {sorted(unknown or scopes)}")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=token_digest(secret),
        scopes=[scope for scope in SCOPES if scope in scopes],
    )
    session.add(token)
    session.commit()
    return IssuedToken(token, secret)


def find_token(session: Session, secret: str) -> ApiToken | None:
    """The live token whose secret this is, or None; notes when it was last used."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(secret)))
    if token is None or token.revoked_at is not None:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
        session.commit()
    return token


def revoke_token(session: Session, prefix: str) -> int:
    """Revokes every live token starting with ``prefix``; returns how many."""
    tokens = session.scalars(
        select(ApiToken).where(ApiToken.prefix == prefix[:PREFIX_LENGTH], ApiToken.revoked_at.is_(None))
    ).all()
    for token in tokens:
        token.revoked_at = utcnow()
    session.commit()
    return len(tokens)
