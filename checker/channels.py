"""Contact channels found on pages: the facts that rules judge and reports list.

The field names follow the ``channels`` object of the ``supportcheck.report/v1`` contract; new
fields may be added, none renamed. Every channel keeps the page URL, a CSS selector and a text
snippet so a finding built on it can show its evidence.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Channel(BaseModel):
    model_config = ConfigDict(extra="ignore")
    url: str = Field(description="page on which the channel was found")
    selector: str = ""
    snippet: str = ""


PhoneKind = Literal[
    "toll_free", "premium_rate", "shared_cost", "geographic", "mobile", "voip", "uan", "unknown"
]


class PhoneChannel(_Channel):
    number: str = Field(description="E.164")
    display: str = Field(description="as printed on the page")
    kind: PhoneKind = "unknown"
    valid: bool = True
    region: str = Field("", description="country the number belongs to")
    source: Literal["tel", "text"] = "text"


class EmailChannel(_Channel):
    address: str
    source: Literal["mailto", "text"] = "text"


class ChatChannel(_Channel):
    vendor: str = Field(description="vendor slug, 'generic' for an unidentified launcher")
    human: bool | None = Field(None, description="a person can be reached: true, false (bot), null")
    markers: list[str] = Field(default_factory=list, description="what identified the vendor")


class ContactFormChannel(_Channel):
    fields: list[str] = Field(default_factory=list)


class CallbackChannel(_Channel):
    text: str = ""


class SelfServiceChannel(_Channel):
    text: str = ""


class HoursChannel(_Channel):
    text: str = ""


class WaitTimeChannel(_Channel):
    """A stated wait time for a phone or chat queue ("current wait: 4 minutes")."""

    text: str = ""


class ContactLink(_Channel):
    href: str
    text: str = ""
    region: str = "other"
    visible: bool = True
    kind: Literal["contact", "help"] = "contact"


class ContactPage(BaseModel):
    url: str
    depth: int


class AppSupportNotice(_Channel):
    """Text sending customers to the mobile app for help ("per assistenza usa l'app")."""

    text: str = ""


class AppLink(_Channel):
    store: Literal["apple", "google"]
    id: str
    source: Literal["link", "meta"] = "link"


HelpMechanismKind = Literal[
    "human_contact_details", "human_contact_mechanism", "self_help", "automated_contact"
]


class HelpMechanism(_Channel):
    """One of WCAG 2.2 SC 3.2.6's help mechanisms on a page, with its place in document order."""

    kind: HelpMechanismKind
    order: int = Field(0, description="document order of the element, for comparing sequences")
    region: str = "other"
    text: str = ""
    key: str = Field(
        "", description="what makes it the same mechanism on another page: 'phone:+1202…', 'link:https://…'"
    )
    href: str = Field("", description="where a link mechanism leads; empty for other mechanisms")


class ChannelLists(BaseModel):
    """The channel lists a page and a whole locale have in common."""

    phone: list[PhoneChannel] = Field(default_factory=list)
    email: list[EmailChannel] = Field(default_factory=list)
    chat: list[ChatChannel] = Field(default_factory=list)
    contact_form: list[ContactFormChannel] = Field(default_factory=list)
    callback: list[CallbackChannel] = Field(default_factory=list)
    self_service: list[SelfServiceChannel] = Field(default_factory=list)
    hours: list[HoursChannel] = Field(default_factory=list)
    wait_times: list[WaitTimeChannel] = Field(default_factory=list)
    contact_links: list[ContactLink] = Field(default_factory=list, description="visible contact-page links")
    support_links: list[ContactLink] = Field(
        default_factory=list, description="contact and help links, hidden ones included"
    )
    apps: list[AppLink] = Field(default_factory=list)
    app_support: list[AppSupportNotice] = Field(
        default_factory=list, description="texts that send customers to the app for help"
    )

    @property
    def human_channel_count(self) -> int:
        """Phone, email, human-or-unknown chat and contact forms: ways that may reach a person."""
        human_chats = [chat for chat in self.chat if chat.human is not False]
        return len(self.phone) + len(self.email) + len(human_chats) + len(self.contact_form)


class PageChannels(ChannelLists):
    """Channels found on one page; lists are empty when the page was read and had none."""

    help_mechanisms: list[HelpMechanism] = Field(
        default_factory=list, description="WCAG 3.2.6 help mechanisms in document order"
    )


class Channels(ChannelLists):
    """Channels for a whole locale: the union over its pages, plus the contact page found.

    Help mechanisms are not merged: their order only means something within one page, so they
    stay on :class:`PageChannels` and the locale's report carries none.
    """

    contact_page: ContactPage | None = None
