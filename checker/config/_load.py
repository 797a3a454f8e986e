"""``load_firms``: a YAML file of one firm or a ``firms:`` list, validated, every error on its line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checker.config._assert import VOCABULARY_KEY, AssertConfig, AssertVocabulary
from checker.config._errors import ConfigError
from checker.config._explain import config_error, kind_of
from checker.config._model import ASSERT_KEY, FirmConfig, FirmDefaults
from checker.config._schedule import TagSchedule
from checker.config._yaml import Location, YamlDocument, read_yaml

LIST_KEYS = ("firms", "defaults", "tag_schedules")
EXPECTED_TOP_LEVEL = "expected one firm (name, entry_urls, ...) or a 'firms:' list"


class _FirmsFile(BaseModel):
    """The top level of a many-firm file; each firm is validated on its own once defaults are in."""

    model_config = ConfigDict(extra="forbid")
    firms: list[dict[str, Any]] = Field(min_length=1)
    defaults: FirmDefaults = FirmDefaults()
    tag_schedules: tuple[TagSchedule, ...] = ()


@dataclass(frozen=True)
class FirmFile:
    """Everything a configuration file declares: its firms and the settings tags of firms share."""

    firms: list[FirmConfig]
    tag_schedules: tuple[TagSchedule, ...] = ()


def load_firms(path: Path, vocabulary: AssertVocabulary | None = None) -> list[FirmConfig]:
    """Reads the firms a configuration file describes, in file order (see :func:`load_firm_file`)."""
    return load_firm_file(path, vocabulary).firms


def load_firm_file(path: Path, vocabulary: AssertVocabulary | None = None) -> FirmFile:
    """Reads the firms a configuration file describes, in file order, and its tag schedules.

    Args:
        path: a YAML file holding one firm at the top level, or ``firms:`` (a list) and
            optionally ``defaults:``. The format is documented in ``docs/config.md``.
        vocabulary: the rule ids and channel kinds a firm's ``assert:`` section may name;
            without it only their form is checked.

    Raises:
        ConfigError: the first mistake in the file, as ``file:line: field.path: problem``.
        OSError: when the file cannot be read.
    """
    document = read_yaml(path)
    if document is None:
        raise ConfigError(path, 1, "", f"the file is empty; {EXPECTED_TOP_LEVEL}")
    data = document.data
    if not isinstance(data, dict):
        hint = "; put a list of firms under 'firms:'" if isinstance(data, list) else ""
        raise ConfigError(
            path, document.locate(())[0], "", f"{EXPECTED_TOP_LEVEL}, not {kind_of(data)}{hint}"
        )
    if not any(key in data for key in LIST_KEYS):
        return FirmFile([_validate_firm(document, data, (), vocabulary, extra_names=LIST_KEYS)])
    try:
        firms_file = _FirmsFile.model_validate(data)
    except ValidationError as error:
        raise config_error(document, error, _FirmsFile, ()) from None
    defaults = firms_file.defaults
    raw_defaults = data.get("defaults") or {}
    firms = [
        _with_default_proxies(
            _validate_firm(document, _merged(raw_firm, raw_defaults), ("firms", index), vocabulary), defaults
        )
        for index, raw_firm in enumerate(firms_file.firms)
    ]
    _reject_duplicate_names(document, firms)
    _reject_unused_default_proxies(document, firms, defaults)
    _reject_duplicate_tags(document, firms_file.tag_schedules)
    return FirmFile(firms, firms_file.tag_schedules)


def _merged(raw_firm: dict[str, Any], raw_defaults: dict[str, Any]) -> dict[str, Any]:
    """The firm with defaults filled in: lists are replaced, settings and tags merge key by key.

    Proxies are left out: a default proxy applies only to the locales a firm scans, which are
    known once the firm is validated (see :func:`_with_default_proxies`).
    """
    merged = dict(raw_firm)
    for key, default in raw_defaults.items():
        if key == "proxies":
            continue
        own = raw_firm.get(key)
        if key not in raw_firm:
            merged[key] = default
        elif isinstance(own, dict) and isinstance(default, dict):
            merged[key] = {**default, **own}
    return merged


def _with_default_proxies(firm: FirmConfig, defaults: FirmDefaults) -> FirmConfig:
    """The firm with each default proxy its scanned locales lack; its own proxies win."""
    added = {
        locale.tag: defaults.proxies[locale.tag]
        for locale in firm.locales
        if locale.tag in defaults.proxies and locale.tag not in firm.proxies
    }
    if not added:
        return firm
    locales = tuple(locale.with_proxy(added.get(locale.tag, locale.proxy)) for locale in firm.locales)
    # Both fields change together, and every value was validated already, so no re-validation.
    return firm.model_copy(update={"proxies": {**firm.proxies, **added}, "locales": locales})


def _validate_firm(
    document: YamlDocument,
    raw_firm: dict[str, Any],
    at: Location,
    vocabulary: AssertVocabulary | None,
    extra_names: Sequence[str] = (),
) -> FirmConfig:
    try:
        return FirmConfig.model_validate(raw_firm, context={VOCABULARY_KEY: vocabulary})
    except ValidationError as error:
        raise config_error(document, error, FirmConfig, at, extra_names) from None


class _AssertionsFile(BaseModel):
    """A ``supportcheck.yml``: the ``assert:`` section alone, for scans without a firm file."""

    model_config = ConfigDict(extra="forbid")
    assertions: AssertConfig = Field(alias=ASSERT_KEY)


def load_assertions(path: Path, vocabulary: AssertVocabulary | None = None) -> AssertConfig:
    """Reads the ``assert:`` section of a ``supportcheck.yml`` (docs/config.md, "Assertions").

    Raises:
        ConfigError: the first mistake in the file, as ``file:line: field.path: problem``.
        OSError: when the file cannot be read.
    """
    document = read_yaml(path)
    if document is None or not isinstance(document.data, dict):
        found = "nothing" if document is None else kind_of(document.data)
        line = 1 if document is None else document.locate(())[0]
        raise ConfigError(path, line, "", f"expected a mapping with an '{ASSERT_KEY}:' section, not {found}")
    try:
        return _AssertionsFile.model_validate(document.data, context={VOCABULARY_KEY: vocabulary}).assertions
    except ValidationError as error:
        raise config_error(document, error, _AssertionsFile, ()) from None


def _reject_duplicate_names(document: YamlDocument, firms: list[FirmConfig]) -> None:
    first_index: dict[str, int] = {}
    for index, firm in enumerate(firms):
        key = firm.name.casefold()
        if key in first_index:
            first_line = document.locate(("firms", first_index[key], "name"))[0]
            raise _error_at(
                document,
                ("firms", index, "name"),
                f"duplicate firm name {firm.name!r} (first on line {first_line})",
            )
        first_index[key] = index


def _reject_duplicate_tags(document: YamlDocument, tag_schedules: tuple[TagSchedule, ...]) -> None:
    seen: set[str] = set()
    for index, entry in enumerate(tag_schedules):
        if entry.tag in seen:
            raise _error_at(document, ("tag_schedules", index, "tag"), f"tag {entry.tag!r} is given twice")
        seen.add(entry.tag)


def _reject_unused_default_proxies(
    document: YamlDocument, firms: list[FirmConfig], defaults: FirmDefaults
) -> None:
    scanned = {locale.tag for firm in firms for locale in firm.locales}
    for tag in defaults.proxies:
        if tag not in scanned:
            raise _error_at(document, ("defaults", "proxies", tag), f"proxy for {tag!r}, which no firm scans")


def _error_at(document: YamlDocument, location: Location, message: str) -> ConfigError:
    line, field = document.locate(location, FirmConfig.input_aliases)
    return ConfigError(document.source, line, field, message)
