"""Times gathering, judging and report writing on a saved scan folder, in a fresh Python process.

Run by ``bench/scan_bench.py`` as ``python bench/_judge_timing.py SCAN_DIR`` so that no cache of an
earlier measurement helps; prints one JSON object:

- ``load_s``, ``gather_s``, ``judge_s``, ``render_s``: reading the folder, building every locale's
  context (the gatherers), running every rule, and writing the JSON report, in that order;
- ``page_ms``: for each page read, gather plus judge of a locale made of that page alone
  (a warm process, as in a real scan after its first page), and ``page_chars``, its text size.

The gathered answers saved beside the snapshots are left unread and each page is judged from a
fresh copy, so every figure here includes gathering (``rejudge`` as a whole process, which reads
them, is timed by the benchmark itself).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from checker.scan import load_scan
from rules.context import build_scan_context
from rules.engine import judge_locale, judge_scan
from rules.report.build import build_report
from supportcheck.report.json_writer import render_json


def _seconds(started: float) -> float:
    return time.perf_counter() - started


def main(scan_dir: Path) -> dict[str, object]:
    started = time.perf_counter()
    result = load_scan(scan_dir, read_gathered=False)
    load_s = _seconds(started)
    started = time.perf_counter()
    context = build_scan_context(result.locales, result.manifest.request.apps, result.apps)
    gather_s = _seconds(started)
    started = time.perf_counter()
    for locale in context.locales:
        judge_locale(locale)
    judge_scan(context)
    judge_s = _seconds(started)
    report = build_report(result)
    started = time.perf_counter()
    render_json(report)
    render_s = _seconds(started)
    page_ms, page_chars = [], []
    for locale_snapshots in result.locales:
        for page in locale_snapshots.pages:
            if page.probe is None or not page.ok:
                continue
            # A copy: the page's own probe carries the answers gathered above.
            alone = locale_snapshots.model_copy(update={"pages": [page.model_copy(deep=True)]})
            started = time.perf_counter()
            one = build_scan_context([alone])
            judge_locale(one.locales[0])
            judge_scan(one)
            page_ms.append(_seconds(started) * 1000)
            page_chars.append(sum(len(block.text) for block in page.probe.text_blocks))
    return {
        "load_s": load_s,
        "gather_s": gather_s,
        "judge_s": judge_s,
        "render_s": render_s,
        "page_ms": page_ms,
        "page_chars": page_chars,
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
