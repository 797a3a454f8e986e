"""What the app-store lookups take and give: app references and per-country answers.

An answer's ``available`` is ``None`` whenever the store could not be asked or gave an answer we
cannot read: a store that timed out must never read as "not sold here".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Store = Literal["apple", "google"]
STORES: tuple[Store, ...] = ("apple", "google")

_APPLE_ID = re.compile(r"^\d{5,12}$")
_PLAY_PACKAGE = re.compile(r"^[A-Za-z][\w]*(?:\.[A-Za-z_][\w]*)+$")


class AppRef(BaseModel):
    """One app in one store: ``apple:284882215`` or ``google:com.example.app``."""

    model_config = ConfigDict(frozen=True)
    store: Store
    id: str

    def __str__(self) -> str:
        return f"{self.store}:{self.id}"


def is_valid_app_id(store: Store, app_id: str) -> bool:
    """Apple ids are digits; Google ids are Java-style package names."""
    pattern = _APPLE_ID if store == "apple" else _PLAY_PACKAGE
    return bool(pattern.match(app_id))


def parse_app_spec(spec: str) -> AppRef:
    """``apple:284882215`` or ``google:com.example.app`` to an :class:`AppRef`.

    Raises:
        ValueError: naming what is wrong with the spec, for the CLI and config errors.
    """
    store, separator, app_id = spec.strip().partition(":")
    store = store.strip().lower()
    app_id = app_id.strip()
    if not separator or store not in STORES:
        raise ValueError(f"{spec!r}: expected apple:<numeric id> or google:<package name>")
    if not is_valid_app_id(store, app_id):  # type: ignore[arg-type]
        expected = "a numeric id" if store == "apple" else "a package name such as com.example.app"
        raise ValueError(f"{spec!r}: {store} app ids are {expected}")
    return AppRef(store=store, id=app_id)  # type: ignore[arg-type]


class StoreAnswer(BaseModel):
    """Whether one app is sold in one country's storefront, and how we know."""

    store: Store
    id: str
    country: str = Field(description="ISO 3166-1 alpha-2, upper case")
    available: bool | None = Field(description="None when the store could not tell us")
    storefront_url: str = Field(description="the page a person opens to check by hand")
    lookup_url: str = Field("", description="the URL the tool asked")
    http_status: int | None = None
    reason: str = Field("", description="why available is what it is, e.g. 'resultCount 0', 'timed out'")
    title: str = Field("", description="the app's name as the store gives it, when it gives one")
    checked_at: str = ""
    supplied_by: str = Field(
        "", description="who sent the store page a person's browser showed; empty for the tool's lookup"
    )

    @property
    def app(self) -> AppRef:
        return AppRef(store=self.store, id=self.id)


class AppAvailability(BaseModel):
    """Every answer of one scan: the saved input that region rules judge."""

    answers: list[StoreAnswer] = Field(default_factory=list)

    def for_country(self, country: str) -> list[StoreAnswer]:
        return [answer for answer in self.answers if answer.country == country.upper()]

    def answer(self, app: AppRef, country: str) -> StoreAnswer | None:
        """The tool's own lookup answer for ``app`` in ``country``."""
        return self._first(app, country, by_person=False)

    def person_answer(self, app: AppRef, country: str) -> StoreAnswer | None:
        """What a person's browser showed of ``app``'s page in ``country``'s storefront, sent as evidence."""
        return self._first(app, country, by_person=True)

    def _first(self, app: AppRef, country: str, by_person: bool) -> StoreAnswer | None:
        return next(
            (
                a
                for a in self.for_country(country)
                if a.store == app.store and a.id == app.id and bool(a.supplied_by) == by_person
            ),
            None,
        )

    def save(self, path: Path) -> None:
        """Writes atomically, as snapshots are, so a killed scan never leaves half a file."""
        temporary = path.with_suffix(path.suffix + ".part")
        temporary.write_text(self.model_dump_json(indent=1), encoding="utf-8")
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path) -> AppAvailability:
        return cls.model_validate_json(path.read_text(encoding="utf-8"))
