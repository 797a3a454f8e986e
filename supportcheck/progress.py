"""Progress for long scans: a live display on a terminal, one plain line per page otherwise."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from checker.scan import PageCallback
from checker.snapshot import PageSnapshot

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _describe(snapshot: PageSnapshot) -> str:
    """One line per page; control characters from hostile URLs or errors never reach the terminal."""
    outcome = f"error: {snapshot.error}" if snapshot.error else f"HTTP {snapshot.http_status}"
    return _CONTROL.sub("?", f"{snapshot.requested_url} ({outcome})")


@contextmanager
def scan_progress(console: Console, locales: list[str], max_pages: int) -> Iterator[PageCallback]:
    """Yields the ``on_page`` callback to pass to a scan."""
    if not console.is_terminal:

        def print_line(locale: str, snapshot: PageSnapshot) -> None:
            console.print(f"[{locale}] {_describe(snapshot)}", markup=False, highlight=False)

        yield print_line
        return
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}", markup=False),
        console=console,
        transient=False,
    )
    tasks = {locale: progress.add_task(locale, total=max_pages, last="") for locale in locales}

    def advance(locale: str, snapshot: PageSnapshot) -> None:
        progress.update(tasks[locale], advance=1, last=_describe(snapshot)[:70])

    with progress:
        yield advance
