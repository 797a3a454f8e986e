"""The serialisable input of one (run, locale) crawl task."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from checker.job import LocaleJob, ScanRequest
from checker.locales import LocaleProfile
from server.distributed.settings import MAX_DEADLINE_S


class LocaleUnit(BaseModel):
    """Crawl ``locale`` of run ``run_id``.

    ``request`` is the whole run's request (entry URLs, every locale profile with its proxy,
    budgets, declared apps), so the final task can rebuild the manifest from any unit.
    """

    model_config = ConfigDict(frozen=True)
    run_id: int
    locale: str
    request: ScanRequest
    max_attempts: int = 3

    @property
    def profile(self) -> LocaleProfile:
        return next(profile for profile in self.request.locales if profile.tag == self.locale)

    def job(self) -> LocaleJob:
        request = self.request
        return LocaleJob(
            firm=request.firm, entry_urls=request.entry_urls, locale=self.profile, settings=request.settings
        )

    def describe(self) -> str:
        return f"run {self.run_id} {self.locale}"


def units_of(run_id: int, request: ScanRequest, max_attempts: int) -> list[LocaleUnit]:
    """One unit per locale of the request, in its order, its deadline capped to fit the broker's
    redelivery timeout (see :mod:`server.distributed.settings`)."""
    if request.settings.deadline_s > MAX_DEADLINE_S:
        settings = request.settings.model_copy(update={"deadline_s": MAX_DEADLINE_S})
        request = request.model_copy(update={"settings": settings})
    return [
        LocaleUnit(run_id=run_id, locale=profile.tag, request=request, max_attempts=max_attempts)
        for profile in request.locales
    ]
