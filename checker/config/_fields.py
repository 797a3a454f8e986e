"""Field types and error helpers that the firm model and the assertion model share.

Kept apart so ``_model`` (firms) and ``_assert`` (assertions) can both use them without
importing each other.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from checker.locales import BUILTIN_PROFILES, UnknownLocale, resolve_locale


def custom_error(kind: str, message: str) -> PydanticCustomError:
    """A pydantic error whose message is ``message`` verbatim, braces from user input included."""
    return PydanticCustomError(kind, "{message}", {"message": message})


def locale_tag(tag: str) -> str:
    """The canonical form of a built-in locale tag (``it_it`` → ``it-IT``)."""
    try:
        return resolve_locale(tag).tag
    except UnknownLocale:
        raise custom_error(
            "unknown_locale", f"unknown locale {tag!r} (known: {', '.join(sorted(BUILTIN_PROFILES))})"
        ) from None


def located_error(
    location: tuple[str | int, ...], kind: str, message: str, title: str = "FirmConfig"
) -> ValidationError:
    """An error at a location deeper than the validator's own, so the file line is the exact one."""
    detail = InitErrorDetails(type=custom_error(kind, message), loc=location, input=None)
    return ValidationError.from_exception_data(title, [detail])


LocaleTag = Annotated[str, AfterValidator(locale_tag)]
