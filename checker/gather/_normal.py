"""The one form in which phrases and page texts are compared: case-folded, accent-free, single-spaced.

Mojibake (UTF-8 bytes a page declared as another charset, so the browser decoded them wrongly:
``VÃ¥rt`` for ``Vårt``, ``ÄŚlĂˇnky`` for ``Články``) is repaired first, with ``ftfy``, and only
where ftfy is confident: the text looks broken to its badness heuristic, and its repair does not.
A page's charset lies for the whole page, so :func:`page_repair_plan` learns the re-decoding from
the texts ftfy is sure of and applies it to the page's other texts, which are often too short for
ftfy to be sure of alone ("HirdetĂŠsek").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import ftfy
from ftfy.badness import is_bad

# Letters that Unicode does not decompose into a base letter plus an accent. The Turkish dotless
# ı is one: "ÇAĞRI" folds to "cagri", so "çağrı" must too.
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_SPACES = re.compile(r"\s+")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
MAX_PLAN_SAMPLES = 40  # broken texts asked about per page; the charset is the same in all of them

RepairPlan = tuple[tuple[str, str], ...]


def repair_mojibake(text: str) -> str:
    """The text with its mojibake undone when ftfy is confident (``VÃ¥rt`` → ``Vårt``); else as is."""
    if text.isascii() or not is_bad(text):
        return text
    fixed = ftfy.fix_encoding(text)
    return text if is_bad(fixed) else fixed


def page_repair_plan(texts: Iterable[str]) -> RepairPlan | None:
    """The re-decoding that undoes a page's mojibake, or None when the page shows none for sure.

    Each text that ftfy confidently repairs proposes its plan (``encode iso-8859-2, decode
    utf-8``); the plan that re-decodes the most of the page's non-ASCII texts wins, since UTF-8
    rarely decodes by chance.
    """
    broken = [text for text in dict.fromkeys(texts) if not text.isascii()]
    proposals: Counter[RepairPlan] = Counter()
    for text in [text for text in broken if is_bad(text)][:MAX_PLAN_SAMPLES]:
        fixed, plan = ftfy.fix_encoding_and_explain(text)
        if plan and not is_bad(fixed):
            proposals[tuple(plan)] += 1
    if not proposals:
        return None
    return max(proposals, key=lambda plan: (sum(_applies(plan, text) for text in broken), proposals[plan]))


def _applies(plan: RepairPlan, text: str) -> bool:
    try:
        return ftfy.apply_plan(text, list(plan)) != text
    except (UnicodeError, ValueError):
        return False


def apply_repair_plan(text: str, plan: RepairPlan | None) -> str:
    """``text`` re-decoded by the page's ``plan``, else repaired on its own (see :func:`repair_mojibake`)."""
    if plan is None or text.isascii():
        return repair_mojibake(text)
    try:
        fixed = ftfy.apply_plan(text, list(plan))
    except (UnicodeError, ValueError):
        return repair_mojibake(text)
    return text if is_bad(fixed) else fixed


def _without_accents(run: re.Match[str]) -> str:
    return "".join(char for char in run.group() if not unicodedata.combining(char))


@lru_cache(maxsize=65536)  # the texts of a 100-page scan
def normalize(text: str) -> str:
    """Case-folded, accent-free, single-spaced text, the form both phrases and pages are compared in.

    Cached: the same link texts and headers recur on every page of a site. Plain ASCII text, most
    of many pages, skips the Unicode decomposition; otherwise only runs of non-ASCII characters
    are looked at for accents, one character at a time.
    """
    folded = repair_mojibake(text).casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded.translate(_UNDECOMPOSED))
        folded = _NON_ASCII_RUN.sub(_without_accents, decomposed)
    return _SPACES.sub(" ", folded.replace("\u00ad", "")).strip()
