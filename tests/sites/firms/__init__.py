"""The fixture firms, one module each; this registry lists them in a fixed order."""

from __future__ import annotations

from .._model import Firm
from . import (
    acme,
    biscotti,
    borderline,
    botly,
    fibrax,
    globex,
    hostile,
    initech,
    polyglot,
    slowstore,
    vaultline,
)

ALL_FIRMS: tuple[Firm, ...] = (
    acme.FIRM,
    globex.FIRM,
    initech.FIRM,
    biscotti.FIRM,
    polyglot.FIRM,
    botly.FIRM,
    vaultline.FIRM,
    borderline.FIRM,
    fibrax.FIRM,
    slowstore.FIRM,
    hostile.FIRM,
)

# Firms a demo crawl can visit without meeting a trap: everything but the hostile one.
DEMO_FIRMS: tuple[Firm, ...] = tuple(firm for firm in ALL_FIRMS if firm.name != "hostile")


class UnknownFirm(KeyError):
    """A firm name that no fixture module defines."""


def firm(name: str) -> Firm:
    """The fixture firm called ``name``.

    Raises:
        UnknownFirm: naming the firms that exist.
    """
    for candidate in ALL_FIRMS:
        if candidate.name == name:
            return candidate
    raise UnknownFirm(f"no fixture firm {name!r}; known firms: {', '.join(f.name for f in ALL_FIRMS)}")
