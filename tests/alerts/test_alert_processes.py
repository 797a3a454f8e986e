"""End to end in real processes: a fixture firm's phone disappears between two scheduled crawls, and
the scheduler sends exactly one e-mail and one signed webhook; the phone comes back, one more each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.alerts.receivers import smtp_sink, webhook_receiver
from tests.schedule.processes import Clock, supportcheck
from tests.sites import FixtureServer
from tests.sites._blocks import email_line, phone_line
from tests.sites._chrome import Brand, article
from tests.sites._model import Firm, Request, Response

pytestmark = pytest.mark.browser
HOUR = 3600
SECRET = "phoneco-hook-key"
BRAND = Brand(title="PhoneCo", accent="#884400", nav=[("Contact us", "/contact")], footer=[])


class ContactPage:
    """PhoneCo's contact page, with or without its phone and e-mail address."""

    def __init__(self) -> None:
        self.channels = True

    def __call__(self, request: Request) -> Response:
        lines = (
            phone_line("Call us:", "+1 202 555 0143", "+12025550143")
            + email_line("Write:", "help@phoneco.test")
            if self.channels
            else "<p>We no longer take calls or e-mail.</p>"
        )
        return Response(BRAND.page("Contact", article("Contact us", "We are here to help.") + lines))


@pytest.fixture
def contact() -> ContactPage:
    return ContactPage()


@pytest.fixture
def phoneco(contact: ContactPage) -> Iterator[FixtureServer]:
    firm = Firm(
        name="phoneco",
        title="PhoneCo",
        hosts=("www.phoneco.test",),
        pages={"/": BRAND.page("Home", article("PhoneCo", "Phones for everyone.")), "/contact": contact},
    )
    with FixtureServer([firm]) as server:
        yield server


def test_a_vanished_phone_alerts_once_per_channel_and_its_return_once_more(
    phoneco: FixtureServer, contact: ContactPage, tmp_path: Path
) -> None:
    clock = Clock(tmp_path / "clock")
    with smtp_sink() as (smtp_url, mailbox), webhook_receiver(SECRET) as (hook_url, hook):
        env = {
            **clock.env(),
            "SUPPORTCHECK_DATA_DIR": str(tmp_path / "data"),
            "SUPPORTCHECK_ALLOW_PRIVATE_TARGETS": "1",
            "SUPPORTCHECK_SMTP_URL": smtp_url,
            "SUPPORTCHECK_BASE_URL": "https://dash.example",
            "PHONECO_HOOK_KEY": SECRET,
        }
        config = tmp_path / "firms.yaml"
        config.write_text(
            f"name: PhoneCo\nurl: {phoneco.entry_url('phoneco')}\nschedule: {{cron: '0 * * * *'}}\n"
            "settings: {max_pages: 3, page_timeout_s: 5, check_app_stores: false,"
            f" host_resolver_rules: '{phoneco.host_resolver_rules}'}}\n"
            "alerts:\n  - {email: ops@phoneco.test}\n"
            f"  - {{webhook: '{hook_url}', secret_env: PHONECO_HOOK_KEY}}\n",
            encoding="utf-8",
        )
        assert supportcheck("firms", "import", str(config), env=env).returncode == 0

        def scheduled_run(hours: int) -> str:
            clock.set(hours * HOUR)
            queued = supportcheck("scheduler", "--once", env=env)
            assert "queued 1 run(s)" in queued.stdout, queued.stdout + queued.stderr
            worked = supportcheck("worker", "--until-idle", "--poll", "0.2", env=env)
            assert "finished 1 run(s)" in worked.stdout, worked.stderr
            delivered = supportcheck("scheduler", "--once", env=env)
            assert delivered.returncode == 0, delivered.stderr
            return delivered.stdout

        assert "0 alert(s) sent" in scheduled_run(1)  # the first run has nothing to compare with
        contact.channels = False
        assert "2 alert(s) sent" in scheduled_run(2)
        contact.channels = True
        assert "2 alert(s) sent" in scheduled_run(3)
        assert "0 alert(s) sent" in scheduled_run(4)  # nothing changed

    worse, better = mailbox.messages
    assert worse["To"] == "ops@phoneco.test" and "PhoneCo got worse" in worse["Subject"]
    assert "VANISHED phone +1 202 555 0143 [en-US]" in worse.get_content()
    assert "REGRESSED human.channel [en-US] (critical): pass -> fail" in worse.get_content()
    assert "https://dash.example/firms/phoneco/diff?from=1&to=2" in worse.get_content()
    assert "PhoneCo got better" in better["Subject"] and "RECOVERED human.channel" in better.get_content()
    assert [signed for _, signed in hook.received] == [True, True]
    assert [payload["run_id"] for payload, _ in hook.received] == [2, 3]
