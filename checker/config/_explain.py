"""Turns pydantic validation errors into one ``ConfigError`` in the words of the YAML file.

Pydantic speaks of tuples, dictionaries and model classes; a person wrote lists, mappings and
keys. This module picks the error to show first, finds its line, and rewords it.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Sequence
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from checker.config._errors import ConfigError
from checker.config._yaml import DICT_KEY_MARK, Location, YamlDocument

# What the file should have held, for pydantic's type errors, by error type.
_EXPECTED = {
    "model_type": "a mapping",
    "dict_type": "a mapping",
    "list_type": "a list",
    "tuple_type": "a list",
    "string_type": "text",
}


def config_error(
    document: YamlDocument,
    error: ValidationError,
    model: type[BaseModel],
    at: Location,
    extra_names: Sequence[str] = (),
) -> ConfigError:
    """The first problem of ``error``, as the user should fix them: unknown keys first, then by line.

    A misspelt key also makes its real name "missing", so the unknown key explains more.

    Args:
        document: the file, for lines.
        error: what pydantic found in the value validated by ``model``.
        model: the model that was validated, to list the field names a typo may have meant.
        at: where that value sits in the file (``("firms", 2)``), since pydantic's locations
            start at the value it was given.
        extra_names: more keys allowed at the top of ``model``'s mapping (``firms``, ``defaults``).
    """
    aliases: dict[str, str] = getattr(model, "input_aliases", {})
    located = []
    for detail in error.errors():
        line, field = document.locate((*at, *detail["loc"]), aliases)
        located.append((detail["type"] != "extra_forbidden", line, field, detail))
    _, line, field, detail = min(located, key=lambda item: item[:2])
    return ConfigError(document.source, line, field, _problem(detail, model, extra_names))


def kind_of(value: Any) -> str:
    """What a YAML value is, in the file's words: ``a list``, ``text``, ``an empty value`` ..."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true/false"
    kinds: list[tuple[type | tuple[type, ...], str]] = [
        (str, "text"),
        ((int, float), "a number"),
        (list, "a list"),
        (dict, "a mapping"),
        (datetime.date, "a date"),
    ]
    return next((kind for python_type, kind in kinds if isinstance(value, python_type)), type(value).__name__)


def _problem(detail: ErrorDetails, model: type[BaseModel], extra_names: Sequence[str]) -> str:
    kind = detail["type"]
    if kind == "extra_forbidden":
        parent = tuple(part for part in detail["loc"][:-1] if part != DICT_KEY_MARK)
        known = [*_field_names(model, parent), *(extra_names if not parent else ())]
        return unknown_name("field", str(detail["loc"][-1]), known)
    if kind in _EXPECTED:
        found = detail["input"]
        quote = "; put it in quotes" if kind == "string_type" and isinstance(found, int | float) else ""
        return f"expected {_EXPECTED[kind]}, not {kind_of(found)}{quote}"
    minimum = detail.get("ctx", {}).get("min_length")
    if kind == "too_short":
        return f"needs at least {minimum} item{'' if minimum == 1 else 's'}"
    if kind == "string_too_short" and minimum == 1:
        return "must not be empty"
    message = detail["msg"]
    return message[0].lower() + message[1:] if message[1:2].islower() else message


def unknown_name(what: str, name: str, known: Sequence[str]) -> str:
    """``unknown rule 'x'; did you mean 'y'?``, or the list of known names when none is close."""
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"unknown {what} {name!r}; did you mean {close[0]!r}?"
    return f"unknown {what} {name!r} (known: {', '.join(known)})"


def _field_names(model: type[BaseModel], parent: Location) -> list[str]:
    """The keys allowed in the mapping at ``parent`` within ``model``, alternative spellings included."""
    for part in parent:
        field = next(
            (field for name, field in model.model_fields.items() if (field.alias or name) == str(part)), None
        )
        nested = _model_of(field.annotation) if field is not None else None
        if nested is None:
            return []
        model = nested
    aliases: dict[str, str] = getattr(model, "input_aliases", {})
    names: list[str] = []
    for name, field in model.model_fields.items():
        name = field.alias or name
        names += [name, aliases[name]] if name in aliases else [name]
    return names


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, also when it is optional (``AssertConfig | None``)."""
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None
