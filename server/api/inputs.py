"""Request bodies the API accepts, validated field by field; a mistake becomes a 422 naming the field."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

from flask import request
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from checker.appstores.model import parse_app_spec
from checker.locales import resolve_locale
from server.api.errors import ApiError, invalid_body

MAX_URL = 2000
BodyT = TypeVar("BodyT", bound=BaseModel)


def _http_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("an entry URL is an http(s) URL with a host")
    return url


def _locale_tag(tag: str) -> str:
    return resolve_locale(tag).tag  # UnknownLocale is a ValueError: pydantic reports it on the item


def _app(spec: str) -> dict[str, str]:
    app = parse_app_spec(spec)
    return {"store": app.store, "id": app.id}


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
EntryUrl = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=MAX_URL), AfterValidator(_http_url)
]
LocaleTag = Annotated[str, StringConstraints(max_length=35), AfterValidator(_locale_tag)]
AppSpec = Annotated[str, StringConstraints(max_length=250), AfterValidator(_app)]
TagKey = Annotated[str, StringConstraints(min_length=1, max_length=50)]
TagValue = Annotated[str, StringConstraints(max_length=200)]


class FirmEdit(BaseModel):
    """``PATCH /firms/<slug>``: only the fields sent change; apps are ``apple:<id>``, ``google:<pkg>``."""

    model_config = ConfigDict(extra="forbid")
    name: Name | None = None
    entry_urls: list[EntryUrl] | None = Field(None, min_length=1, max_length=20)
    locales: list[LocaleTag] | None = Field(None, min_length=1, max_length=30)
    apps: list[AppSpec] | None = Field(None, max_length=20)
    tags: dict[TagKey, TagValue] | None = Field(None, max_length=20)

    def changes(self) -> dict[str, Any]:
        """The fields sent (a null changes nothing); locales as canonical tags, apps as {store, id}."""
        return {name: value for name in self.model_fields_set if (value := getattr(self, name)) is not None}


class FirmCreate(FirmEdit):
    """``POST /firms``: a name and at least one entry URL."""

    name: Name
    entry_urls: list[EntryUrl] = Field(min_length=1, max_length=20)


def json_object() -> dict[str, Any]:
    """The request's JSON object body, or a 400 saying what was wrong with it."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(
            400, "bad_json", "the body must be a JSON object with 'Content-Type: application/json'"
        )
    return body


def validated(model: type[BodyT], body: dict[str, Any]) -> BodyT:
    """``body`` as ``model``, or a 422 naming each field that is wrong."""
    try:
        return model.model_validate(body)
    except ValidationError as error:
        raise invalid_body(error) from error
