"""Polyglot Travel: the locale-dependent firm, one edition per language, chosen by Accept-Language.

Expected truth (also in ``FIRM.expected`` and its ``by_language`` overrides):

- ``/`` answers 302 to ``/it/``, ``/de/``, ``/es/`` or ``/en/`` by the visitor's first
  Accept-Language (anything else gets English), with ``Vary: Accept-Language``. The English,
  Italian and German footers have a language switcher to each other.
- English (``/en/``): "Contact us" → ``/en/contact``: phone +44 20 7946 0123, email
  help@polyglot.test, form, hours; "Help" → ``/en/help`` FAQ.
- Italian (``/it/``): "Contatti" and "Assistenza clienti" → ``/it/contatti``: phone
  06 6987 6543 (``tel:+390669876543``), email assistenza@polyglot.test, form, hours.
- German (``/de/``): "Kontakt" → ``/de/kontakt``: email hilfe@polyglot.test and a form but NO
  phone line: the channel-parity gap.
- Spanish (``/es/``), a separate regional site without a switcher: "Contacto" →
  ``/es/contacto``: email ayuda@polyglot.test and a form, and no phone line either.
- ``/echo`` (not linked) shows the request's Accept-Language and User-Agent as JSON in
  ``<pre id="echo">`` and, via script, ``navigator.language(s)`` and the time zone as JSON in
  ``<pre id="echo-js">``: for locale-emulation tests. It is the only page of any firm that echoes
  the request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .._blocks import email_line, form, hours_line, phone_line, thanks_page
from .._chrome import Brand, article, cards, esc
from .._model import Firm, Request, Response

SWITCHER = [("English", "/en/"), ("Italiano", "/it/"), ("Deutsch", "/de/")]


@dataclass(frozen=True)
class Edition:
    """Everything that differs between language editions."""

    lang: str
    home: str
    contact_text: str
    contact_slug: str
    help_text: str
    help_slug: str
    headline: str
    contact_intro: str
    phone: tuple[str, str] | None  # (as printed, E.164); None: this edition hides the phone
    email: str
    hours: str
    form_fields: tuple[tuple[str, str, str], ...]
    send: str
    faq: tuple[str, ...]
    regional: bool = False  # a separate regional site: no language switcher, in it or to it

    def path(self, slug: str = "") -> str:
        return f"/{self.lang}/{slug}"

    @property
    def brand(self) -> Brand:
        nav = [(self.home, self.path()), (self.help_text, self.path(self.help_slug))]
        nav.append((self.contact_text, self.path(self.contact_slug)))
        footer = [(self.contact_text, self.path(self.contact_slug)), *([] if self.regional else SWITCHER)]
        return Brand(title="Polyglot Travel", accent="#00628b", lang=self.lang, nav=nav, footer=footer)

    def pages(self) -> dict[str, str]:
        contact = article(self.contact_text, self.contact_intro)
        if self.phone:
            contact += phone_line("☎", *self.phone)
        contact += email_line("✉", self.email) + hours_line(self.hours)
        contact += form(self.contact_text, self.form_fields, self.send, action=self.path("send"))
        faq = article(self.help_text, *self.faq)
        home = cards([(self.contact_text, self.path(self.contact_slug), self.contact_intro)])
        return {
            self.path(): self.brand.page(self.home, home, hero=f"<h1>{esc(self.headline)}</h1>"),
            self.path(self.contact_slug): self.brand.page(self.contact_text, contact),
            self.path(self.help_slug): self.brand.page(self.help_text, faq),
            self.path("send"): thanks_page(),
        }


EDITIONS = {
    "en": Edition(
        lang="en",
        home="Home",
        contact_text="Contact us",
        contact_slug="contact",
        help_text="Help",
        help_slug="help",
        headline="Trips worth telling",
        contact_intro="Our travel advisers are happy to help.",
        phone=("+44 20 7946 0123", "+442079460123"),
        email="help@polyglot.test",
        hours="Monday to Friday, 9am to 6pm (UK time).",
        form_fields=(
            ("Name", "name", "text"),
            ("Email", "email", "email"),
            ("Message", "message", "textarea"),
        ),
        send="Send",
        faq=("How do I change my booking? Go to My trips.", "When do I get a refund? Within 14 days."),
    ),
    "it": Edition(
        lang="it",
        home="Home",
        contact_text="Contatti",
        contact_slug="contatti",
        help_text="Assistenza clienti",
        help_slug="assistenza",
        headline="Viaggi da raccontare",
        contact_intro="I nostri consulenti di viaggio sono a tua disposizione.",
        phone=("06 6987 6543", "+390669876543"),
        email="assistenza@polyglot.test",
        hours="Dal lunedì al venerdì, 9:00–18:00.",
        form_fields=(
            ("Nome", "name", "text"),
            ("Email", "email", "email"),
            ("Messaggio", "message", "textarea"),
        ),
        send="Invia",
        faq=(
            "Come modifico la prenotazione? Vai su I miei viaggi.",
            "Quando ricevo il rimborso? Entro 14 giorni.",
        ),
    ),
    "de": Edition(
        lang="de",
        home="Startseite",
        contact_text="Kontakt",
        contact_slug="kontakt",
        help_text="Hilfe",
        help_slug="hilfe",
        headline="Reisen, die man erzählt",
        contact_intro="Schreiben Sie uns, wir antworten innerhalb von 24 Stunden.",
        phone=None,  # the parity gap: German visitors get no phone line
        email="hilfe@polyglot.test",
        hours="Montag bis Freitag, 9–18 Uhr.",
        form_fields=(
            ("Name", "name", "text"),
            ("E-Mail", "email", "email"),
            ("Nachricht", "message", "textarea"),
        ),
        send="Senden",
        faq=("Wie ändere ich meine Buchung? Unter Meine Reisen.", "Wann erhalte ich mein Geld zurück?"),
    ),
    "es": Edition(
        lang="es",
        home="Inicio",
        contact_text="Contacto",
        contact_slug="contacto",
        help_text="Ayuda",
        help_slug="ayuda",
        headline="Viajes para contar",
        contact_intro="Escríbenos y te responderemos en 24 horas.",
        phone=None,  # the Spanish site drops the phone line too
        email="ayuda@polyglot.test",
        hours="De lunes a viernes, de 9:00 a 18:00.",
        form_fields=(
            ("Nombre", "name", "text"),
            ("Correo electrónico", "email", "email"),
            ("Mensaje", "message", "textarea"),
        ),
        send="Enviar",
        faq=("¿Cómo cambio mi reserva? En Mis viajes.", "¿Cuándo recibo el reembolso? En 14 días."),
        regional=True,
    ),
}


def choose_edition(request: Request) -> Response:
    """Sends the visitor to the edition of their first language, English otherwise."""
    language = request.primary_language()
    target = EDITIONS.get(language, EDITIONS["en"]).path()
    return Response("", 302, headers={"Location": target, "Vary": "Accept-Language"})


ECHO_SCRIPT = """<script>
document.getElementById("echo-js").textContent = JSON.stringify({
  language: navigator.language,
  languages: navigator.languages,
  timezone: Intl.DateTimeFormat().resolvedOptions().timeZone
});
</script>"""


def echo(request: Request) -> Response:
    """Shows what the browser sent and claims, so tests can check locale emulation."""
    received = {
        "accept_language": request.headers.get("accept-language", ""),
        "user_agent": request.headers.get("user-agent", ""),
    }
    body = (
        '<!doctype html><html><head><meta charset="utf-8"><title>Echo</title></head><body>'
        f'<pre id="echo">{esc(json.dumps(received))}</pre><pre id="echo-js"></pre>{ECHO_SCRIPT}</body></html>'
    )
    return Response(body, headers={"Cache-Control": "no-store"})


def _expected(edition: Edition) -> dict[str, object]:
    return {
        "contact_url": f"www.polyglot.test{edition.path(edition.contact_slug)}",
        "contact_link_text": edition.contact_text,
        "phones": [edition.phone[1]] if edition.phone else [],
        "emails": [edition.email],
        "entry_redirect": edition.path(),
    }


FIRM = Firm(
    name="polyglot",
    title="Polyglot Travel",
    hosts=("www.polyglot.test",),
    pages={
        "/": choose_edition,
        "/echo": echo,
        **{path: page for edition in EDITIONS.values() for path, page in edition.pages().items()},
    },
    expected={
        "contact_depth": 1,
        **_expected(EDITIONS["en"]),
        "contact_form": True,
        "hours": True,
        "callback": False,
        "chat": [],
        "human_channel": True,
        "help_centre": None,
        "self_service": True,
        "languages": sorted(EDITIONS),
        "parity_gap": {"de": ["phone"], "es": ["phone"]},
        "echo_path": "/echo",
        "by_language": {lang: _expected(EDITIONS[lang]) for lang in ("it", "de", "es")},
    },
)
