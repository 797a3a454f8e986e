"""Globex Tools: the deep firm, whose contact page hides four clicks down behind 40+ shop links.

Expected truth (also in ``FIRM.expected``):

- The only way to the contact page is entry → "Customer care" (footer) → "Service & support" →
  "Contact options" → "Contact us": ``/customer-care/service/options/contact``, contact depth 4.
- The entry page lists 6 category links in the header and 30 product links in the main content
  before the footer, and every product page links 6 more products, so a breadth-first crawl in
  document order spends a 25-page budget on depth 1 without ever opening "Customer care"; a
  crawl that follows support-looking links first gets there in 4 steps.
- Contact page: phone 1-888-555-0142 (``tel:+18885550142``), email care@globex.test, service
  hours. No form, no callback, no chat. Manuals and order tracking count as self-service.
"""

from __future__ import annotations

from .._blocks import email_line, hours_line, phone_line
from .._chrome import Brand, article, cards, link_list
from .._model import Firm

CATEGORIES = ("Drills", "Saws", "Sanders", "Grinders", "Garden", "Storage")
PRODUCTS = [
    (f"{category[:-1] if category.endswith('s') else category} {model}", category)
    for category in CATEGORIES
    for model in ("X100", "X200", "Pro 3", "Compact", "Max")
]  # 30 products, 5 per category

CARE = "/customer-care"
SERVICE = f"{CARE}/service"
OPTIONS = f"{SERVICE}/options"
CONTACT = f"{OPTIONS}/contact"

BRAND = Brand(
    title="Globex Tools",
    accent="#b3261e",
    nav=[(category, f"/category/{category.lower()}") for category in CATEGORIES],
    # "Customer care" comes after the shop's other footer links, as on many retail sites.
    footer=[
        ("Store finder", "/stores"),
        ("Press", "/press"),
        ("Sustainability", "/sustainability"),
        ("Investors", "/investors"),
        ("Careers", "/careers"),
        ("Customer care", CARE),
        ("Privacy", "/privacy"),
        ("Terms of sale", "/terms"),
    ],
)


def slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def product_href(name: str) -> str:
    return f"/products/{slug(name)}"


def _product_page(index: int) -> str:
    name, category = PRODUCTS[index]
    related = [PRODUCTS[(index + step) % len(PRODUCTS)][0] for step in range(1, 7)]
    return BRAND.page(
        name,
        '<p class="breadcrumb"><a href="/">Home</a> › '
        f'<a href="/category/{category.lower()}">{category}</a></p>'
        + article(name, f"The {name} is built for daily professional use.", "Free delivery over $50.")
        + "<h2>Customers also bought</h2>"
        + link_list((other, product_href(other)) for other in related),
    )


def _category_page(category: str) -> str:
    members = [(name, product_href(name), "In stock") for name, of in PRODUCTS if of == category]
    return BRAND.page(category, f"<h1>{category}</h1>" + cards(members))


def _care_step(title: str, intro: str, links: list[tuple[str, str]]) -> str:
    """A customer-care hub page: a short text and the next links down the tree."""
    return BRAND.page(title, article(title, intro) + link_list(links))


HOME = BRAND.page(
    "Power tools",
    "<h2>Best sellers</h2>" + cards((name, product_href(name), "From $49") for name, _ in PRODUCTS),
    hero="<h1>Tools for people who build</h1><p>30 best sellers, delivered tomorrow.</p>",
)

CONTACT_PAGE = BRAND.page(
    "Contact us",
    article("Contact us", "Questions about an order or a tool? Our care team is here for you.")
    + phone_line("Customer care:", "1-888-555-0142", "+18885550142")
    + email_line("Email:", "care@globex.test")
    + hours_line("Monday to Saturday, 7am to 7pm Central Time."),
)

PAGES: dict[str, str] = {
    "/": HOME,
    **{product_href(name): _product_page(index) for index, (name, _) in enumerate(PRODUCTS)},
    **{f"/category/{category.lower()}": _category_page(category) for category in CATEGORIES},
    **{
        href: BRAND.page(text, article(text, f"{text} at Globex Tools."))
        for text, href in BRAND.footer
        if href != CARE
    },
    CARE: _care_step(
        "Customer care",
        "Everything after your purchase.",
        [
            ("Track an order", f"{CARE}/orders"),
            ("Returns & refunds", f"{CARE}/returns"),
            ("Service & support", SERVICE),
        ],
    ),
    f"{CARE}/orders": _care_step("Track an order", "Enter your order number to see where it is.", []),
    f"{CARE}/returns": _care_step("Returns & refunds", "You can return any tool within 30 days.", []),
    SERVICE: _care_step(
        "Service & support",
        "Manuals, spare parts and repairs.",
        [
            ("Manuals", f"{SERVICE}/manuals"),
            ("Spare parts", f"{SERVICE}/parts"),
            ("Contact options", OPTIONS),
        ],
    ),
    f"{SERVICE}/manuals": _care_step("Manuals", "Download the manual for your tool.", []),
    f"{SERVICE}/parts": _care_step("Spare parts", "Batteries, blades and chargers.", []),
    OPTIONS: _care_step(
        "Contact options", "Could not find an answer? Talk to us.", [("Contact us", CONTACT)]
    ),
    CONTACT: CONTACT_PAGE,
}

FIRM = Firm(
    name="globex",
    title="Globex Tools",
    hosts=("www.globex.test",),
    pages=PAGES,
    expected={
        "contact_depth": 4,
        "contact_url": f"www.globex.test{CONTACT}",
        "contact_path_texts": ["Customer care", "Service & support", "Contact options", "Contact us"],
        "distractor_links": len(PRODUCTS) + len(CATEGORIES),
        "bfs_budget_that_fails": 25,
        "phones": ["+18885550142"],
        "emails": ["care@globex.test"],
        "contact_form": False,
        "hours": True,
        "callback": False,
        "chat": [],
        "human_channel": True,
        "help_centre": None,
        "self_service": True,
    },
)
