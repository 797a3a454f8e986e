"""Page chrome shared by the fixture firms: header, navigation, footer and CSS.

Real company sites put their contact links in a header bar and a footer, and crawlers are judged
on finding them there; every firm builds its pages with ``Brand.page`` so that structure (and
its ``<header>``, ``<nav>``, ``<main>``, ``<footer>`` landmarks) is the same everywhere and a firm
module only says what is particular to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from html import escape

Link = tuple[str, str]  # (visible text, href)

_CSS = """
:root { --accent: %(accent)s; --ink: #1d2330; --muted: #5b6475; --line: #e3e6ec; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); }
a { color: var(--accent); }
.site-header { display: flex; align-items: center; gap: 2rem; padding: .9rem 2rem;
  border-bottom: 1px solid var(--line); background: #fff; }
.brand { font-weight: 700; font-size: 1.25rem; color: var(--ink); text-decoration: none;
  display: flex; align-items: center; gap: .5rem; }
.brand img { height: 28px; }
.site-nav ul { display: flex; flex-wrap: wrap; gap: 1.25rem; list-style: none; margin: 0; padding: 0; }
.site-nav a { color: var(--ink); text-decoration: none; font-weight: 500; }
.site-nav a:hover { color: var(--accent); }
.hero { background: linear-gradient(120deg, var(--accent), #1d2330); color: #fff; padding: 3rem 2rem; }
.hero h1 { margin: 0 0 .5rem; font-size: 2.2rem; }
main { max-width: 64rem; margin: 0 auto; padding: 2rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 1rem;
  list-style: none; padding: 0; }
.cards li { border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; }
.button, button { display: inline-block; background: var(--accent); color: #fff; border: 0;
  border-radius: .4rem; padding: .6rem 1.1rem; font: inherit; cursor: pointer; text-decoration: none; }
form label { display: block; margin: .6rem 0 .2rem; font-weight: 500; }
form input, form textarea, form select { width: 100%%; max-width: 28rem; padding: .5rem;
  border: 1px solid #b9c0cc; border-radius: .3rem; font: inherit; }
.site-footer { background: #f4f6f9; border-top: 1px solid var(--line); padding: 2rem; margin-top: 3rem;
  color: var(--muted); font-size: .9rem; }
.site-footer ul { display: flex; flex-wrap: wrap; gap: 1rem 1.5rem; list-style: none; padding: 0;
  margin: 0 0 1rem; }
.site-footer a { color: var(--muted); }
.breadcrumb { font-size: .85rem; color: var(--muted); }
"""


def stylesheet(accent: str) -> str:
    """The shared CSS with the firm's accent colour, for pages not built by ``Brand.page``."""
    return _CSS % {"accent": accent}


def esc(text: str) -> str:
    """HTML-escapes text written into a page (the hostile firm opts out on purpose)."""
    return escape(text, quote=True)


def link_list(links: Iterable[Link], css_class: str = "") -> str:
    """``<ul>`` of links; texts and hrefs are escaped."""
    items = "".join(f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for text, href in links)
    class_attr = f' class="{css_class}"' if css_class else ""
    return f"<ul{class_attr}>{items}</ul>"


def cards(entries: Iterable[tuple[str, str, str]]) -> str:
    """A grid of (title, href, blurb) teaser cards, the filler of landing pages."""
    items = "".join(
        f'<li><h3><a href="{esc(href)}">{esc(title)}</a></h3><p>{esc(blurb)}</p></li>'
        for title, href, blurb in entries
    )
    return f'<ul class="cards">{items}</ul>'


@dataclass(frozen=True)
class Brand:
    """The parts of a firm's look that repeat on every page.

    Args:
        title: company name for the logo text, ``<title>`` suffix and copyright line.
        accent: CSS colour of links, buttons and the hero band.
        nav: header navigation links.
        footer: footer links.
        lang: ``<html lang>``.
        logo: image src shown beside the name, if any.
        legal: small print under the footer links.
    """

    title: str
    accent: str
    nav: Sequence[Link]
    footer: Sequence[Link]
    lang: str = "en"
    logo: str | None = None
    legal: str = ""

    def with_(self, **changes: object) -> Brand:
        """A copy with some parts changed, e.g. another language's navigation."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def page(self, title: str, main: str, *, hero: str = "", head: str = "", body_end: str = "") -> str:
        """A full HTML document in this brand's chrome.

        Args:
            title: the page's own title; the brand name is appended.
            main: trusted HTML for ``<main>``.
            hero: trusted HTML for a coloured band above ``<main>``.
            head: extra trusted HTML for ``<head>`` (scripts, meta).
            body_end: trusted HTML placed last in ``<body>`` (widgets, scripts).
        """
        logo = f'<img src="{esc(self.logo)}" alt="">' if self.logo else ""
        legal = esc(self.legal or f"© 2025 {self.title}. All rights reserved.")
        hero_band = f'<section class="hero">{hero}</section>' if hero else ""
        return f"""<!doctype html>
<html lang="{esc(self.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {esc(self.title)}</title>
<style>{stylesheet(self.accent)}</style>
{head}
</head>
<body>
<header class="site-header">
<a class="brand" href="/">{logo}{esc(self.title)}</a>
<nav class="site-nav" aria-label="Main">{link_list(self.nav)}</nav>
</header>
{hero_band}
<main>
{main}
</main>
<footer class="site-footer">
{link_list(self.footer)}
<p>{legal}</p>
</footer>
{body_end}
</body>
</html>
"""


def article(heading: str, *paragraphs: str) -> str:
    """An ``<h1>`` and escaped paragraphs: the body of simple content pages."""
    return f"<h1>{esc(heading)}</h1>" + "".join(f"<p>{esc(text)}</p>" for text in paragraphs)
