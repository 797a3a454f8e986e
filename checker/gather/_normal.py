"""The one form in which phrases and page texts are compared: case-folded, accent-free, single-spaced."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
_MOJIBAKE = re.compile(r"[ÃÂÐÑ][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc\u0192]|â€")
_SPACES = re.compile(r"\s+")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def repair_mojibake(text: str) -> str:
    """Undoes UTF-8 read as Windows-1252/Latin-1 (``VÃ¥rt`` → ``Vårt``), common on old pages."""
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text


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
