"""SlowStore Bank: support in an app whose app-store lookups never answer in time.

Expected truth (also in ``FIRM.expected``):

- "Help" in header and footer → ``/help`` (depth 1): "Need help? Chat with our team in the
  SlowStore app." and store badges for App Store id 1459000002 and Google Play
  ``com.slowstore.help``; no phone, email, form or web chat.
- The fake stores stall on both apps, so whether the app is sold anywhere is unknown: the region
  rules must ask for review, never claim the app is missing.
"""

from __future__ import annotations

from .._chrome import Brand, article, esc
from .._model import Firm

APPLE_ID = "1459000002"
PLAY_PACKAGE = "com.slowstore.help"

BRAND = Brand(
    title="SlowStore Bank",
    accent="#5b3cc4",
    nav=[("Accounts", "/accounts"), ("Help", "/help")],
    footer=[("Help", "/help"), ("Privacy", "/privacy")],
)

APPLE_URL = f"https://apps.apple.com/us/app/slowstore/id{APPLE_ID}"
PLAY_URL = f"https://play.google.com/store/apps/details?id={PLAY_PACKAGE}"
BADGES = (
    f'<p><a href="{esc(APPLE_URL)}">Download on the App Store</a> '
    f'<a href="{esc(PLAY_URL)}">Get it on Google Play</a></p>'
)

SITE = {
    "/": BRAND.page("Home", article("Banking, slowly", "Savings at 1.5%.") + BADGES),
    "/accounts": BRAND.page("Accounts", article("Accounts", "Current and savings accounts.")),
    "/help": BRAND.page(
        "Help",
        article("Help", "Need help? Chat with our team in the SlowStore app, any time.") + BADGES,
    ),
    "/privacy": BRAND.page("Privacy", article("Privacy", "How we use your data.")),
}

FIRM = Firm(
    name="slowstore",
    title="SlowStore Bank",
    hosts=("www.slowstore.test",),
    pages=SITE,
    expected={
        "contact_depth": None,
        "contact_url": None,
        "phones": [],
        "emails": [],
        "contact_form": False,
        "hours": False,
        "callback": False,
        "chat": [],
        "human_channel": False,
        "self_service": True,  # the "Help" link itself
        "apps": [f"apple:{APPLE_ID}", f"google:{PLAY_PACKAGE}"],
        "app_only_support": True,
        "apps_sold_in": None,
    },
)
