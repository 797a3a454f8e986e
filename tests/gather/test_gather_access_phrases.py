"""Every lexicon names relay, written channels and accessibility statements, as its country words them."""

from __future__ import annotations

import pytest

from checker.gather.lexicon import PhraseMatcher, available_languages, load_lexicon, matcher

ACCESS_CONCEPTS = ("relay", "text_channel", "accessibility_statement")

# (language, statement link, a sentence naming sign-language or relay access), worded as a site of
# that country would word them; the 14 original languages are covered by the issue's own phrases below.
NATIVE_WORDING = [
    ("ar", "بيان إمكانية الوصول", "نقدم خدمة العملاء بلغة الإشارة للصم وضعاف السمع"),
    ("bg", "Декларация за достъпност", "Обслужване на български жестов език за хора с увреден слух"),
    ("cs", "Prohlášení o přístupnosti", "Neslyšícím nabízíme online tlumočník do českého znakového jazyka"),
    ("el", "Δήλωση προσβασιμότητας", "Εξυπηρέτηση στην ελληνική νοηματική γλώσσα μέσω τηλεδιερμηνείας"),
    ("et", "Ligipääsetavuse teatis", "Klienditeenindus eesti viipekeeles, viipekeeletõlgi vahendusel"),
    ("fi", "Saavutettavuusseloste", "Asiakaspalvelu palvelee myös suomalaisella viittomakielellä"),
    ("ga", "Ráiteas inrochtaineachta", "Seirbhís do chustaiméirí i dTeanga Chomharthaíochta na hÉireann"),
    ("he", "הצהרת נגישות", "שירות לקוחות בשפת הסימנים לחירשים וכבדי שמיעה"),
    ("hr", "Izjava o pristupačnosti", "Korisnička služba na hrvatskom znakovnom jeziku za gluhe osobe"),
    ("hu", "Akadálymentességi nyilatkozat", "Ügyfélszolgálatunk jelnyelvi tolmács segítségével is elérhető"),
    ("is", "Aðgengisyfirlýsing", "Þjónusta á íslensku táknmáli fyrir heyrnarlausa"),
    ("ko", "웹 접근성 정책", "청각장애인 고객은 수어상담 서비스를 이용하실 수 있습니다"),
    ("lt", "Prieinamumo pareiškimas", "Klientų aptarnavimas lietuvių gestų kalba kurtiesiems"),
    ("lv", "Piekļūstamības paziņojums", "Klientu apkalpošana latviešu zīmju valodā nedzirdīgajiem"),
    ("mt", "Dikjarazzjoni dwar l-Aċċessibbiltà", "Servizz lill-klijenti bil-Lingwa tas-Sinjali Maltija"),
    ("ro", "Declarație de accesibilitate", "Asistență în limbaj mimico-gestual pentru persoanele surde"),
    ("sk", "Vyhlásenie o prístupnosti", "Zákaznícka linka v slovenskom posunkovom jazyku pre nepočujúcich"),
    ("sl", "Izjava o dostopnosti", "Pomoč v slovenskem znakovnem jeziku za gluhe osebe"),
    ("tr", "Erişilebilirlik beyanı", "İşitme engelli müşterilerimiz için görüntülü işaret dili hizmeti"),
    ("uk", "Заява про доступність", "Обслуговування жестовою мовою для людей з порушеннями слуху"),
    ("zh", "无障碍声明", "我们为听障人士提供手语客服"),
]


@pytest.mark.parametrize("lang", available_languages())
def test_every_language_names_relay_written_channels_and_statements(lang: str) -> None:
    # access.statement fails on a fully seen site with no statement link: that is only fair in a
    # language whose statement phrases exist, so every lexicon must have them.
    lexicon = load_lexicon(lang)
    for concept in ACCESS_CONCEPTS:
        assert getattr(lexicon, concept), f"{lang}.json has no {concept} phrases"


def test_the_native_wording_covers_every_later_language() -> None:
    original = {"en", "de", "fr", "it", "es", "pt", "nl", "sv", "da", "no", "pl", "ru", "ja", "gl"}
    assert {lang for lang, _, _ in NATIVE_WORDING} == set(available_languages()) - original


@pytest.mark.parametrize(("lang", "statement", "relay"), NATIVE_WORDING, ids=[w[0] for w in NATIVE_WORDING])
def test_a_language_finds_its_own_statement_and_relay_wording(lang: str, statement: str, relay: str) -> None:
    lexicon = load_lexicon(lang)
    assert PhraseMatcher(lexicon.accessibility_statement).search(statement) is not None
    assert PhraseMatcher(lexicon.relay).search(relay) is not None


# Sentences as support pages of heavily inflected languages word them: the sign language and the
# deaf in the locative, genitive or instrumental case, SMS with a case ending ("SMS-em").
INFLECTED_WORDING = [
    ("pl", "relay", "Obsługa klienta w języku migowym: połącz się z tłumaczem online."),
    ("pl", "relay", "Skorzystaj z bezpłatnej usługi tłumacza języka migowego."),
    ("pl", "relay", "Porozmawiaj z konsultantem językiem migowym przez wideotłumacza."),
    ("pl", "relay", "Infolinia dla osób głuchych i słabosłyszących."),
    ("pl", "relay", "Rozmowa za pośrednictwem tłumacza PJM."),
    ("pl", "relay", "W oddziałach pomoże tłumacz migowy."),
    ("pl", "relay", "Kontakt w systemie językowo-migowym (SJM)."),
    ("pl", "text_channel", "Napisz do nas SMS-em na numer 600 100 200."),
    ("pl", "text_channel", "Wyślij nam wiadomość SMS."),
    ("pl", "accessibility_statement", "Treść deklaracji dostępności"),
    ("ru", "relay", "Обслуживание клиентов на русском жестовом языке."),
    ("ru", "relay", "Услуги переводчика жестового языка и видеосвязь с сурдопереводчиком."),
    ("ru", "text_channel", "Отправьте SMS на номер 1234."),
    ("de", "relay", "Für hörgeschädigte und gehörlose Menschen: unser Gebärdensprachvideo."),
    ("it", "relay", "Servizio per clienti sordi e audiolesi."),
    ("es", "relay", "Atención a personas con discapacidad auditiva en lenguaje de signos."),
    ("fr", "relay", "Un service pour nos clients sourds ou malentendants."),
    ("nl", "relay", "Klantenservice voor slechthorenden via een gebarentolk."),
    ("gl", "relay", "Atención ás persoas con discapacidade auditiva."),
]


@pytest.mark.parametrize(
    ("lang", "concept", "text"),
    INFLECTED_WORDING,
    ids=[f"{lang}-{concept}-{n}" for n, (lang, concept, _) in enumerate(INFLECTED_WORDING)],
)
def test_inflected_forms_are_found_in_their_own_language(lang: str, concept: str, text: str) -> None:
    phrases = PhraseMatcher(getattr(load_lexicon(lang), concept))
    assert phrases.search(text) is not None, text


@pytest.mark.parametrize(
    ("concept", "text"),
    [
        ("accessibility_statement", "Accessibility statement"),
        ("accessibility_statement", "Erklärung zur Barrierefreiheit"),
        ("accessibility_statement", "Déclaration d’accessibilité"),
        ("accessibility_statement", "Dichiarazione di accessibilità"),
        ("accessibility_statement", "Declaración de accesibilidad"),
        ("accessibility_statement", "Toegankelijkheidsverklaring"),
        ("relay", "Using Relay UK? Dial 18001 then 020 7946 0000."),
        ("relay", "Kontakt in Deutscher Gebärdensprache über Tess Relay-Dienste"),
        ("relay", "Service client accessible en Langue des Signes Française (LSF)"),
        ("relay", "Assistenza in LIS per persone sorde"),
        ("relay", "Atención en lengua de signos española"),
        ("relay", "Klantenservice in Nederlandse Gebarentaal (NGT)"),
        ("relay", "TTY users dial 711"),
        ("text_channel", "Text us on 07700 900123"),
        ("text_channel", "Pošlete nám SMS na číslo 777 123 456"),
        ("text_channel", "Пишете ни във Viber"),
    ],
)
def test_the_phrases_the_issue_names_are_found(concept: str, text: str) -> None:
    assert matcher(concept).search(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Free delivery on orders over 50 euros. Returns within 30 days.",
        "Doprava zdarma při nákupu nad 1 000 Kč. Vrácení zboží do 30 dnů.",
        "Ilmainen toimitus yli 50 euron tilauksille.",
        "满299元包邮，7天无理由退货",
        "Sprawdź dostępność produktu w sklepie stacjonarnym.",
        "Глухая стена из кирпича, доставка по Москве.",
    ],
)
def test_ordinary_shop_text_names_no_relay(text: str) -> None:
    assert matcher("relay").search(text) is None
