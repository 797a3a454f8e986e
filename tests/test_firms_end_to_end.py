"""Every demo firm, crawled and judged end to end, matches the truth its fixture declares."""

from __future__ import annotations

import pytest

from rules.model import Outcome
from rules.report.build import judge_locale_snapshots
from tests.conftest import Scanner
from tests.sites import DEMO_FIRMS, Firm, FixtureServer

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("firm", DEMO_FIRMS, ids=[firm.name for firm in DEMO_FIRMS])
def test_channels_and_verdicts_match_the_firms_truth(
    firm: Firm, sites: FixtureServer, run_scan: Scanner
) -> None:
    expected = firm.expected_for("en-US")
    report = judge_locale_snapshots(run_scan(sites.entry_url(firm.name), max_pages=20).locales[0])
    channels = report.channels
    phones = {phone.number for phone in channels.phone}
    emails = {email.address for email in channels.email}
    if "by_language" in firm.expected:
        # Its language switcher leads an English visitor to the other editions' channels too.
        assert set(expected["phones"]) <= phones and set(expected["emails"]) <= emails
    else:
        assert (phones, emails) == (set(expected["phones"]), set(expected["emails"]))
    assert sorted(chat.vendor for chat in channels.chat) == sorted(expected["chat"])
    for kind in ("contact_form", "callback", "hours", "self_service"):
        assert bool(getattr(channels, kind)) == expected[kind], kind
    if expected["contact_depth"] is not None:
        assert channels.contact_page is not None and channels.contact_page.depth == expected["contact_depth"]
    human = next(finding for finding in report.findings if finding.rule == "human.channel")
    if expected["human_channel"]:
        assert human.outcome is Outcome.PASS
    else:
        # A firm hiding its channels behind a login, or in its app, is not accused: the tool
        # could not see them.
        unseen = expected.get("login_wall") or expected.get("app_only_support")
        assert human.outcome is (Outcome.NEEDS_REVIEW if unseen else Outcome.FAIL)
    if "apps" in expected:
        assert sorted(f"{app.store}:{app.id}" for app in report.apps) == sorted(expected["apps"])
