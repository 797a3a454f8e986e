"""Detection: turns one page's probe snapshot into the contact channels it offers (facts, not judgements).

Every function here is pure: no browser, no network. ``gather_channels`` is the entry point; the
modules each find one kind of channel, and the lexicons and fingerprints they match are data files.
"""

from __future__ import annotations

from checker.channels import PageChannels
from checker.gather.apps import gather_apps
from checker.gather.chat import gather_chats
from checker.gather.computed import per_probe
from checker.gather.emails import gather_emails
from checker.gather.forms import gather_forms
from checker.gather.help_mechanisms import gather_help_mechanisms
from checker.gather.lexicon import Lexicon, all_lexicons, load_lexicon
from checker.gather.phones import gather_phones
from checker.gather.phrases import (
    gather_callback_text,
    gather_hours,
    gather_self_service,
    gather_support_links,
    gather_wait_times,
    visible_contact_links,
)
from checker.gather.regional import gather_app_support
from checker.snapshot import ProbeResult

__all__ = ["Lexicon", "all_lexicons", "gather_channels", "load_lexicon"]


@per_probe
def gather_channels(probe: ProbeResult, page_url: str, country: str) -> PageChannels:
    """All channels found on one page.

    Args:
        probe: the page's probe result.
        page_url: the page's address, kept as evidence and used to guess the page's country.
        country: the locale's ISO country code, the fallback region for national phone numbers.
    """
    contact_forms, callback_forms = gather_forms(probe, page_url)
    support_links = gather_support_links(probe, page_url)
    channels = PageChannels(
        phone=gather_phones(probe, page_url, country),
        email=gather_emails(probe, page_url),
        chat=gather_chats(probe, page_url),
        contact_form=contact_forms,
        callback=[*callback_forms, *gather_callback_text(probe, page_url)],
        self_service=gather_self_service(probe, page_url),
        hours=gather_hours(probe, page_url),
        wait_times=gather_wait_times(probe, page_url),
        contact_links=visible_contact_links(support_links),
        support_links=support_links,
        apps=gather_apps(probe, page_url),
        app_support=gather_app_support(probe, page_url),
    )
    channels.help_mechanisms = gather_help_mechanisms(probe, page_url, channels)
    return channels
