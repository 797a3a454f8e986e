"""Fibrax Fibra: the case that started supportcheck. Support lives only in an app sold in Italy.

Expected truth (also in ``FIRM.expected``):

- One Italian site for every visitor. "Assistenza" in header and footer → ``/assistenza``
  (depth 1), which says "Per assistenza usa l'app Fibrax" and offers no phone, email, form or
  chat: the app is the only way to a person.
- The app: App Store id 1459000001 and Google Play ``it.fibrax.assistenza``, linked by store
  badges on every page and announced by an ``apple-itunes-app`` banner tag on the home page.
  The fake stores (``tests/sites/stores.py``) sell both in Italy only.
- So from ``it-IT`` the app is available and support is reachable; from any other locale the
  app is not sold and customers cannot reach a person (``region.app-only-support`` fails).
- A FAQ at ``/assistenza/faq`` is the self-service part.
"""

from __future__ import annotations

from .._chrome import Brand, article, cards, esc
from .._model import Firm

APPLE_ID = "1459000001"
PLAY_PACKAGE = "it.fibrax.assistenza"
APPLE_URL = f"https://apps.apple.com/it/app/fibrax-assistenza/id{APPLE_ID}"
PLAY_URL = f"https://play.google.com/store/apps/details?id={PLAY_PACKAGE}&hl=it"

BRAND = Brand(
    title="Fibrax Fibra",
    accent="#0a7d3b",
    lang="it",
    nav=[("Offerte", "/offerte"), ("Copertura", "/copertura"), ("Assistenza", "/assistenza")],
    footer=[("Assistenza", "/assistenza"), ("Offerte", "/offerte"), ("Privacy", "/privacy")],
)

BADGES = (
    '<p class="badges">'
    f'<a href="{esc(APPLE_URL)}"><img src="/app-store-badge.svg" alt="Scarica su App Store"></a> '
    f'<a href="{esc(PLAY_URL)}"><img src="/google-play-badge.svg" alt="Disponibile su Google Play"></a>'
    "</p>"
)

ASSISTENZA = (
    article(
        "Assistenza clienti",
        "Per assistenza usa l'app Fibrax: apri una richiesta o chatta con un operatore dall'app.",
        "Nell'app trovi anche lo stato della tua linea e le tue fatture.",
    )
    + BADGES
    + '<p><a href="/assistenza/faq">Domande frequenti</a></p>'
)

FAQ = article(
    "Domande frequenti",
    "Come attivo la fibra? L'attivazione richiede 10 giorni lavorativi.",
    "Come pago la bolletta? Con addebito diretto o carta.",
)

SITE = {
    "/": BRAND.page(
        "Home",
        cards([("Fibra 1 Giga", "/offerte", "24,90 € al mese."), ("Copertura", "/copertura", "Verifica.")])
        + BADGES,
        hero="<h1>La fibra che corre</h1>",
        head=f'<meta name="apple-itunes-app" content="app-id={APPLE_ID}">',
    ),
    "/offerte": BRAND.page("Offerte", article("Offerte", "Fibra 1 Giga a 24,90 € al mese.")),
    "/copertura": BRAND.page("Copertura", article("Copertura", "Siamo presenti in 200 comuni.")),
    "/assistenza": BRAND.page("Assistenza", ASSISTENZA),
    "/assistenza/faq": BRAND.page("Domande frequenti", FAQ),
    "/privacy": BRAND.page("Privacy", article("Privacy", "Come trattiamo i tuoi dati.")),
}

FIRM = Firm(
    name="fibrax",
    title="Fibrax Fibra",
    hosts=("www.fibrax.test",),
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
        "self_service": True,
        "apps": [f"apple:{APPLE_ID}", f"google:{PLAY_PACKAGE}"],
        "app_only_support": True,
        "apps_sold_in": ["IT"],
    },
)
