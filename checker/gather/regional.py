"""Region signals on one page: "not available in your region" notices, and notices that send
customers to the mobile app for help.

Both feed the region rules. A region notice is read like a soft 404: only the title, the main
heading, or the shown content of a short page count, because a long page that merely mentions
"not available in your country" (a shipping FAQ) is not a refusal. An app-support notice must
name the app and contacting or help in one sentence ("per assistenza usa l'app"), because "get
the app" alone is an advertisement, not a support route.
"""

from __future__ import annotations

from checker.channels import AppSupportNotice
from checker.gather._page import labelled_texts, sentence_around, snippet
from checker.gather.computed import per_probe
from checker.gather.lexicon import matcher, normalize, repair_mojibake
from checker.gather.pagekind import CONTENT_REGIONS, PageSignal, is_short, main_heading, shown_blocks
from checker.snapshot import ProbeResult, TextBlock

# Concepts whose words make a sentence about the app a sentence about getting help.
HELP_CONCEPTS = ("help", "contact", "contact_form", "chat", "human_agent", "callback")


@per_probe
def region_notice(probe: ProbeResult, page_url: str) -> PageSignal | None:
    """The page says it (or the service) is not available in the visitor's region."""
    shown = shown_blocks(probe)
    heading = main_heading(shown)
    candidates = [TextBlock(text=probe.title, selector="title"), *([heading] if heading else [])]
    if is_short(shown):
        candidates.extend(block for block in shown if block.region in CONTENT_REGIONS)
    says = matcher("region_unavailable")
    for block in candidates:
        if says.search(block.text):
            return PageSignal(page_url, block.selector, snippet(repair_mojibake(block.text)), block.region)
    return None


def _about_help(sentence: str) -> bool:
    return any(matcher(concept).search(sentence, normalized=True) for concept in HELP_CONCEPTS)


def gather_app_support(probe: ProbeResult, page_url: str) -> list[AppSupportNotice]:
    """Visible texts telling customers to use the app to get help, once per text."""
    found: dict[str, AppSupportNotice] = {}
    app = matcher("app_support")
    for text, selector in labelled_texts(probe):
        normal = normalize(text)
        for match in app.finditer(normal):
            sentence = sentence_around(normal, match.start(), match.end())
            if _about_help(sentence):
                excerpt = snippet(sentence)
                found.setdefault(
                    sentence,
                    AppSupportNotice(url=page_url, selector=selector, snippet=excerpt, text=sentence),
                )
                break
    return list(found.values())
