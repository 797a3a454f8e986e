"""Region locks on apps: is the firm's app sold where its customers are, when the app is the way in?

The case behind these rules: a broadband provider whose only support channel was its iOS app,
listed in the Italian App Store alone, so every customer outside Italy was locked out of support.
A store that could not be asked gives ``needs_review``, never a claim that the app is missing.

A person in the country may send the app's store page as evidence (``checker.appstores.store_page``
reads it). Their answer stands in for a lookup that could not tell; where it contradicts a lookup
that did tell, neither wins silently: the finding needs review and says both.
"""

from __future__ import annotations

from checker.appstores.model import StoreAnswer
from rules._contact_links import blind_evidence, human_ways
from rules.context import FirmApp, LocaleContext
from rules.evidence import MAX_EVIDENCE, SEEN_BY_PERSON, channel_evidence
from rules.model import Evidence, Impact, Outcome, Verdict
from rules.registry import rule

STORE_NAMES = {"apple": "App Store", "google": "Google Play"}


def app_name(firm_app: FirmApp, country: str) -> str:
    """``apple app 1459000001 (Fibrax) in the DE App Store``, for messages."""
    titles = [answer.title for answer in _answers(firm_app) if answer.title]
    title = f" ({titles[0]})" if titles else ""
    store = STORE_NAMES[firm_app.app.store]
    return f"{firm_app.app.store} app {firm_app.app.id}{title} in the {country} {store}"


def _answers(firm_app: FirmApp) -> list[StoreAnswer]:
    return [answer for answer in (firm_app.answer, firm_app.person_answer) if answer is not None]


def _said(answer: StoreAnswer) -> str:
    said = answer.reason or ("sold here" if answer.available else "")
    return f"{said} ({answer.supplied_by})" if answer.supplied_by else said


def store_evidence(firm_apps: list[FirmApp]) -> list[Evidence]:
    """The storefront page a person opens to check each app, with what the store answered, and
    the store page a person sent, with what it showed."""
    return [
        Evidence(url=answer.storefront_url, selector=answer.lookup_url, snippet=_said(answer))
        for firm_app in firm_apps
        for answer in _answers(firm_app)
    ]


def _lookup_state(firm_app: FirmApp) -> bool | None:
    return firm_app.answer.available if firm_app.answer is not None else None


def _person_state(firm_app: FirmApp) -> bool | None:
    return firm_app.person_answer.available if firm_app.person_answer is not None else None


def _disputed(firm_app: FirmApp) -> bool:
    """The lookup and a person's page both told, and told different things."""
    lookup, person = _lookup_state(firm_app), _person_state(firm_app)
    return lookup is not None and person is not None and lookup != person


def app_state(firm_app: FirmApp) -> bool | None:
    """Sold here, not, or unknown: a person's answer fills in for a lookup that could not tell."""
    if _disputed(firm_app):
        return None
    lookup = _lookup_state(firm_app)
    return lookup if lookup is not None else _person_state(firm_app)


def _unknown_reason(firm_app: FirmApp, country: str) -> str:
    if _disputed(firm_app):
        assert firm_app.answer is not None and firm_app.person_answer is not None
        lookup, person = firm_app.answer, firm_app.person_answer
        return (
            f"{app_name(firm_app, country)}: the store's lookup says {_sold(lookup)} ({lookup.reason}), "
            f"but the store page a person sent says {_sold(person)} ({_said(person)})"
        )
    return f"{app_name(firm_app, country)}: {firm_app.answer.reason if firm_app.answer else 'not asked'}"


def _sold(answer: StoreAnswer) -> str:
    return "sold here" if answer.available else "not sold here"


def _person_answers(context: LocaleContext) -> list[dict[str, object]]:
    """What people's store pages told, for the finding's details (and the evidence review's mark)."""
    return [
        {
            "app": str(firm_app.app),
            "available": firm_app.person_answer.available,
            "storefront_url": firm_app.person_answer.storefront_url,
            "by": firm_app.person_answer.supplied_by,
            "lookup_available": _lookup_state(firm_app),
        }
        for firm_app in context.apps
        if firm_app.person_answer is not None
    ]


def _app_details(context: LocaleContext) -> list[dict[str, object]]:
    return [
        {
            "app": str(firm_app.app),
            "available": app_state(firm_app),
            "declared": firm_app.declared,
            "linked_here": bool(firm_app.links),
            "storefront_url": firm_app.answer.storefront_url if firm_app.answer else "",
            "reason": firm_app.answer.reason if firm_app.answer else "the store was not asked",
            "person_reason": _said(firm_app.person_answer) if firm_app.person_answer else "",
        }
        for firm_app in context.apps
    ]


def _details(context: LocaleContext) -> dict[str, object]:
    details: dict[str, object] = {"apps": _app_details(context)}
    if person_answers := _person_answers(context):
        details[SEEN_BY_PERSON] = person_answers
    return details


@rule(
    id="region.app-available",
    title="The firm's apps are sold in this locale's app stores",
    failure_title="An app the firm points customers to is not sold in this locale's app store",
    description=(
        "Every app the firm links from its pages (in any locale) or declares in its configuration "
        "is looked up in this locale's storefront: Apple's lookup API for the App Store, the "
        "details page for Google Play. An app that is not sold here cannot be installed by the "
        "customers this locale stands for, however prominently the site advertises it. The rule "
        "fails per app and store with the storefront URL as evidence; a store that timed out or "
        "answered something unreadable gives needs_review."
    ),
    impact=Impact.SERIOUS,
    tags=("region", "apps"),
    help=(
        "Publish the app in every country you serve (App Store Connect: Pricing and Availability; "
        "Google Play Console: Countries / regions), or stop pointing customers there to it."
    ),
    references=(
        "Apple iTunes Search API, lookup by id and country",
        "Google Play Console Help: Manage your app's countries and regions",
    ),
)
def app_available(context: LocaleContext) -> Verdict:
    if not context.apps:
        return Verdict(Outcome.NOT_APPLICABLE, "The firm neither links nor declares a mobile app.")
    details = _details(context)
    country = context.country
    missing = [firm_app for firm_app in context.apps if app_state(firm_app) is False]
    if missing:
        links = [link for firm_app in missing for link in firm_app.links]
        return Verdict(
            Outcome.FAIL,
            "Not sold here: " + "; ".join(app_name(firm_app, country) for firm_app in missing) + ".",
            tuple([*store_evidence(missing), *channel_evidence(context, links)][:MAX_EVIDENCE]),
            details,
        )
    unknown = [firm_app for firm_app in context.apps if app_state(firm_app) is None]
    if unknown:
        reasons = "; ".join(_unknown_reason(firm_app, country) for firm_app in unknown)
        disputed = sum(map(_disputed, unknown))
        unsettled = (
            "The store could not tell"
            if not disputed
            else "The store's lookup and a person's store page disagree on"
            if disputed == len(unknown)
            else "The store's lookup and a person's store page disagree, or the store could not tell,"
        )
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"{unsettled} whether these apps are sold here: {reasons}.",
            tuple(store_evidence(unknown)),
            details,
        )
    return Verdict(
        Outcome.PASS,
        f"All {len(context.apps)} of the firm's apps are sold in {country}.",
        tuple(store_evidence(context.apps)[:MAX_EVIDENCE]),
        details,
    )


@rule(
    id="region.app-only-support",
    title="Customers sent to an app for help can get that app, or another way to a person",
    failure_title="Support is only in an app that is not sold in this locale",
    description=(
        "The site tells customers to use the app to get help ('use the app to contact us', 'per "
        "assistenza usa l'app'), offers no other human channel (phone, email, contact form, a "
        "chat that may reach a person, a call back), and none of the firm's apps is sold in this "
        "locale's store. Customers here then have no way to reach a person at all. It passes "
        "when an app is sold here or another human channel exists; when the store could not be "
        "asked, or part of the site was not seen, it needs review."
    ),
    impact=Impact.CRITICAL,
    tags=("region", "apps", "human"),
    help=(
        "Offer a human channel on the website (a phone line, a contact form or an email address) "
        "next to the app, or make the app available in every country where you have customers."
    ),
    references=("EU Digital Services Act, Art. 12 (points of contact for recipients of the service)",),
)
def app_only_support(context: LocaleContext) -> Verdict:
    notices = context.channels.app_support
    if not notices:
        return Verdict(Outcome.NOT_APPLICABLE, "No page sends customers to an app for help.")
    others = [*human_ways(context), *context.channels.callback]
    if others:  # whatever the stores or a person said of the apps, it did not matter here
        return Verdict(
            Outcome.PASS,
            f"The site points to an app for help, and also offers {len(others)} other way(s) to a person.",
            channel_evidence(context, others),
            {"apps": _app_details(context)},
        )
    details = _details(context)
    sold = [firm_app for firm_app in context.apps if app_state(firm_app) is True]
    if sold:
        return Verdict(
            Outcome.PASS,
            f"Support is in the app, and it is sold here: {app_name(sold[0], context.country)}.",
            (*channel_evidence(context, notices[:3]), *store_evidence(sold)[:3]),
            details,
        )
    blind_spots = context.blind_spots()
    unknown = [firm_app for firm_app in context.apps if app_state(firm_app) is None]
    if blind_spots or unknown or not context.apps:
        why = (
            blind_spots[:3]
            or [_unknown_reason(firm_app, context.country) for firm_app in unknown]
            or ["the site names no app we could look up (declare it with --app or in the firm config)"]
        )
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "Support seems to be only in an app, but we could not tell whether customers here can "
            "get it: " + "; ".join(why),
            (*channel_evidence(context, notices[:3]), *store_evidence(unknown), *blind_evidence(context)),
            {**details, "blind_spots": blind_spots},
        )
    return Verdict(
        Outcome.FAIL,
        f"The site sends customers to an app for help and offers no other human channel, but the app "
        f"is not sold in {context.country}: customers here cannot reach a person.",
        tuple([*channel_evidence(context, notices[:3]), *store_evidence(context.apps)][:MAX_EVIDENCE]),
        details,
    )
