"""Measures channel detection on real and native pages: precision and recall per channel and per language.

Three label sets are measured: the vendored corpus's development split (``labels.json``), its
pages in languages the first split barely covers (``labels-more-languages.json``), and one native
fixture page per supported language (``tests/sites/native``, written as a site of that country
would be). Each page is served on loopback, opened in Chromium with every request to any other
host aborted (the pages must not wait for a network they cannot reach), probed with the real
``extension/probe.js`` through the crawler's :func:`checker.reader.read_page`, turned into
channels by :func:`checker.gather.gather_channels` and compared with its hand label.

Matching: phones by their last eight digits (labels list one number in several printed formats),
emails case-insensitively, chat vendors by slug (slugs outside the corpus list count as ``other``),
apps by (store, id), and the boolean channels (contact form, callback, hours, self-service, contact
link) once per page. Counts are summed over pages before dividing (micro averages).

Usage::

    python bench/detection_eval.py [--json] [--save-snapshots DIR] [--snapshots DIR] [--details]
                                   [--set NAME ...]

``--snapshots`` re-judges saved probe results without a browser, as Lighthouse's ``-A`` does.
The script exits 1 when precision on the corpus or recall of any channel over every set falls
below the targets in :data:`TARGETS`.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import re
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from checker.channels import PageChannels  # noqa: E402
from checker.gather import gather_channels  # noqa: E402
from checker.snapshot import ProbeResult  # noqa: E402
from tests.corpus import CORPUS_DIR  # noqa: E402

NATIVE_DIR = ROOT / "tests" / "sites" / "native"
# label set name -> (folder of its pages, its labels file)
LABEL_SETS: dict[str, tuple[Path, Path]] = {
    "corpus": (CORPUS_DIR / "pages", CORPUS_DIR / "labels.json"),
    "corpus-more-languages": (CORPUS_DIR / "pages", CORPUS_DIR / "labels-more-languages.json"),
    "native": (NATIVE_DIR, NATIVE_DIR / "labels.json"),
}
# The targets of issue 15: no false channel on the real corpus, and at least 0.95 recall per channel.
TARGETS = {"corpus_precision": 1.00, "recall": 0.95}

DEFAULT_COUNTRY = "US"
PROBE_TIMEOUT_S = 10.0
PAGE_TIMEOUT_MS = 20_000
SETTLE_MS = 300
PHONE_KEY_DIGITS = 8
BOOLEAN_CHANNELS = ("contact_form", "callback", "hours", "self_service", "contact_link")
SET_CHANNELS = ("phone", "email", "chat", "apps")
# The corpus README's vendor slugs; anything else a detector names is "other" there.
CORPUS_CHAT_SLUGS = frozenset(
    "zendesk zopim intercom liveperson salesforce olark freshdesk livechat tawkto crisp drift hubspot "
    "kayako boldchat livezilla purechat jivosite providesupport live2support".split()
)


@dataclass
class Score:
    """True positives, false positives and false negatives for one channel type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class PageResult:
    """What was expected and found on one page, as comparable keys."""

    page_id: str
    expected: dict[str, list[str]]
    found: dict[str, list[str]]
    error: str = ""
    language: str = ""
    label_set: str = "corpus"


@dataclass
class EvalReport:
    """Scores per channel type, chat-vendor accuracy and the per-page comparison behind them."""

    scores: dict[str, Score] = field(default_factory=dict)
    chat_vendor_accuracy: float = 0.0
    pages: list[PageResult] = field(default_factory=list)

    def scores_where(self, keep: Callable[[PageResult], bool]) -> dict[str, Score]:
        """Scores over the pages that ``keep`` accepts (one language, one label set)."""
        return score_pages(page for page in self.pages if keep(page)).scores

    def by_language(self) -> dict[str, dict[str, Score]]:
        languages = sorted({page.language for page in self.pages})
        return {lang: self.scores_where(lambda page, lang=lang: page.language == lang) for lang in languages}

    def by_set(self) -> dict[str, dict[str, Score]]:
        names = list(dict.fromkeys(page.label_set for page in self.pages))
        return {name: self.scores_where(lambda page, name=name: page.label_set == name) for name in names}

    def as_dict(self) -> dict[str, object]:
        return {
            "scores": _scores_dict(self.scores),
            "by_set": {name: _scores_dict(scores) for name, scores in self.by_set().items()},
            "by_language": {lang: _scores_dict(scores) for lang, scores in self.by_language().items()},
            "chat_vendor_accuracy": self.chat_vendor_accuracy,
            "pages": [asdict(page) for page in self.pages],
        }


def _scores_dict(scores: dict[str, Score]) -> dict[str, dict[str, float]]:
    return {
        name: {**asdict(score), "precision": score.precision, "recall": score.recall}
        for name, score in scores.items()
    }


def load_labels(sets: Iterable[str] = ("corpus",)) -> list[dict]:
    """The labels of the named sets, each marked with its set (``_set``) and pages folder (``_pages``)."""
    labels = []
    for name in sets:
        pages_dir, labels_file = LABEL_SETS[name]
        for label in json.loads(labels_file.read_text(encoding="utf-8")):
            labels.append({**label, "_set": name, "_pages": str(pages_dir)})
    return labels


def _phone_key(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return digits[-PHONE_KEY_DIGITS:]


def _chat_key(vendor: str) -> str:
    return vendor if vendor in CORPUS_CHAT_SLUGS else "other"


def expected_keys(label: dict) -> dict[str, list[str]]:
    """The label as sets of comparable keys (booleans become ``["yes"]`` or ``[]``)."""
    channels = label["channels"]
    keys = {
        "phone": sorted({_phone_key(phone) for phone in channels["phone"]}),
        "email": sorted({email.lower() for email in channels["email"]}),
        "chat": sorted(set(channels["chat"])),
        "apps": sorted({f"{app['store']}:{app['id']}" for app in label.get("apps", [])}),
    }
    for name in BOOLEAN_CHANNELS:
        keys[name] = ["yes"] if channels[name] else []
    return keys


def found_keys(channels: PageChannels) -> dict[str, list[str]]:
    """The detector's output in the same key space as :func:`expected_keys`."""
    keys = {
        "phone": sorted({_phone_key(phone.number) for phone in channels.phone}),
        "email": sorted({email.address.lower() for email in channels.email}),
        "chat": sorted({_chat_key(chat.vendor) for chat in channels.chat}),
        "apps": sorted({f"{app.store}:{app.id}" for app in channels.apps}),
    }
    booleans = {
        "contact_form": channels.contact_form,
        "callback": channels.callback,
        "hours": channels.hours,
        "self_service": channels.self_service,
        "contact_link": channels.contact_links,
    }
    for name, found in booleans.items():
        keys[name] = ["yes"] if found else []
    return keys


def score_pages(pages: Iterable[PageResult]) -> EvalReport:
    """Sums per-page set comparisons into micro-averaged scores."""
    report = EvalReport(scores={name: Score() for name in (*SET_CHANNELS, *BOOLEAN_CHANNELS)})
    vendor_pages = 0
    vendor_exact = 0
    for page in pages:
        report.pages.append(page)
        for name, score in report.scores.items():
            expected = set(page.expected[name])
            found = set(page.found.get(name, []))
            score.tp += len(expected & found)
            score.fp += len(found - expected)
            score.fn += len(expected - found)
        if page.expected["chat"] or page.found.get("chat"):
            vendor_pages += 1
            vendor_exact += set(page.expected["chat"]) == set(page.found.get("chat", []))
    report.chat_vendor_accuracy = vendor_exact / vendor_pages if vendor_pages else 1.0
    return report


def page_url_for(label: dict, served_url: str) -> str:
    """The page's real address when the label knows it, as the crawler would; else the served one."""
    return label.get("url_guess") or served_url


def judge(
    labels: list[dict],
    probes: dict[str, ProbeResult],
    served_urls: dict[str, str],
    errors: dict[str, str] | None = None,
    country: str = DEFAULT_COUNTRY,
) -> EvalReport:
    """Runs the gatherers on probe results and scores them against the labels."""
    errors = errors or {}
    results = []
    for label in labels:
        page_id = label["id"]
        probe = probes.get(page_id)
        if probe is None:
            found: dict[str, list[str]] = {}
        else:
            channels = gather_channels(probe, page_url_for(label, served_urls.get(page_id, "")), country)
            found = found_keys(channels)
        results.append(
            PageResult(
                page_id,
                expected_keys(label),
                found,
                errors.get(page_id, ""),
                language=label.get("lang", ""),
                label_set=label.get("_set", "corpus"),
            )
        )
    return score_pages(results)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves corpus files as bytes; no charset in the header, so each page's own declaration wins."""

    extensions_map = {".html": "text/html", "": "application/octet-stream"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return


def _serve(directory: Path) -> ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


async def collect_probes(labels: list[dict]) -> tuple[dict[str, ProbeResult], dict[str, str], dict[str, str]]:
    """Probes every labelled page in Chromium; returns probes, served URLs and errors by page id."""
    from playwright.async_api import Route, async_playwright

    from checker.browser import launch_chromium
    from checker.probe import ProbeError
    from checker.reader import read_page

    servers = {folder: _serve(Path(folder)) for folder in {label["_pages"] for label in labels}}
    bases = {folder: f"http://127.0.0.1:{server.server_address[1]}" for folder, server in servers.items()}
    probes: dict[str, ProbeResult] = {}
    served: dict[str, str] = {}
    errors: dict[str, str] = {}

    async def only_loopback(route: Route) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            await route.continue_()
        else:
            await route.abort()

    try:
        async with async_playwright() as playwright:
            browser, _choice = await launch_chromium(playwright)
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            await context.route("**/*", only_loopback)
            for label in labels:
                page_id = label["id"]
                served[page_id] = f"{bases[label['_pages']]}/{page_id}.html"
                page = await context.new_page()
                try:
                    try:
                        await page.goto(served[page_id], wait_until="load", timeout=PAGE_TIMEOUT_MS)
                    except Exception as error:  # noqa: BLE001 - a slow page is still probed
                        errors[page_id] = f"load: {str(error)[:120]}"
                    await page.wait_for_timeout(SETTLE_MS)
                    cdp = await context.new_cdp_session(page)
                    probes[page_id] = (await read_page(page, cdp, None, PROBE_TIMEOUT_S)).probe
                except ProbeError as error:
                    errors[page_id] = str(error)
                finally:
                    await page.close()
            await browser.close()
    finally:
        for server in servers.values():
            server.shutdown()
    return probes, served, errors


def run_evaluation(
    sets: Iterable[str] = ("corpus",),
    snapshots_dir: Path | None = None,
    save_dir: Path | None = None,
    country: str = DEFAULT_COUNTRY,
) -> EvalReport:
    """Probes the labelled pages (or loads saved probes) and scores detection; the test suite calls this."""
    labels = load_labels(sets)
    if snapshots_dir:
        probes = {
            path.stem: ProbeResult.model_validate_json(path.read_text(encoding="utf-8"))
            for path in snapshots_dir.glob("*.json")
        }
        served = {page_id: probe.url for page_id, probe in probes.items()}
        errors: dict[str, str] = {}
    else:
        probes, served, errors = asyncio.run(collect_probes(labels))
    if save_dir:
        save_dir.mkdir(parents=True, exist_ok=True)
        for page_id, probe in probes.items():
            (save_dir / f"{page_id}.json").write_text(probe.model_dump_json(), encoding="utf-8")
    return judge(labels, probes, served, errors, country)


def format_scores(scores: dict[str, Score]) -> str:
    lines = [f"{'channel':<14}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for name, score in scores.items():
        lines.append(
            f"{name:<14}{score.precision:>10.2f}{score.recall:>8.2f}{score.tp:>5}{score.fp:>5}{score.fn:>5}"
        )
    return "\n".join(lines)


def format_languages(report: EvalReport) -> str:
    """One row per language: precision/recall per channel ('-' where nothing was expected or found)."""
    names = list(report.scores)
    lines = ["language  pages " + " ".join(f"{name[:12]:>12}" for name in names)]
    for lang, scores in report.by_language().items():
        count = sum(page.language == lang for page in report.pages)
        cells = [f"{s.precision:.2f}/{s.recall:.2f}" if s.tp + s.fp + s.fn else "-" for s in scores.values()]
        lines.append(f"{lang:<9} {count:>5} " + " ".join(f"{cell:>12}" for cell in cells))
    return "\n".join(lines)


def format_table(report: EvalReport) -> str:
    parts = []
    for name, scores in report.by_set().items():
        count = sum(page.label_set == name for page in report.pages)
        parts.append(f"{name} ({count} pages)\n{format_scores(scores)}")
    parts.append(f"all sets ({len(report.pages)} pages)\n{format_scores(report.scores)}")
    parts.append("per language (precision/recall)\n" + format_languages(report))
    parts.append(
        f"chat vendor accuracy (pages with a chat expected or found): {report.chat_vendor_accuracy:.2f}"
    )
    return "\n\n".join(parts)


def missed_targets(report: EvalReport) -> list[str]:
    """The targets of :data:`TARGETS` this report misses, as sentences; empty when all are met."""
    missed = []
    corpus = report.by_set().get("corpus", {})
    for name, score in corpus.items():
        if score.precision < TARGETS["corpus_precision"]:
            missed.append(
                f"{name}: corpus precision {score.precision:.2f} < {TARGETS['corpus_precision']:.2f}"
            )
    for name, score in report.scores.items():
        if score.recall < TARGETS["recall"]:
            missed.append(f"{name}: recall {score.recall:.2f} < {TARGETS['recall']:.2f}")
    return missed


def format_details(report: EvalReport) -> str:
    """Every mismatch, page by page, for working on the detectors."""
    lines = []
    for page in report.pages:
        for name in page.expected:
            expected = set(page.expected[name])
            found = set(page.found.get(name, []))
            if expected != found:
                missed, extra = sorted(expected - found), sorted(found - expected)
                lines.append(f"{page.page_id:<45}{name:<14} missed={missed} extra={extra}")
        if page.error:
            lines.append(f"{page.page_id:<45}error: {page.error}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--details", action="store_true", help="list every mismatch")
    parser.add_argument("--snapshots", type=Path, help="judge saved probe results instead of a browser run")
    parser.add_argument("--save-snapshots", type=Path, help="save the probe results to this folder")
    parser.add_argument("--country", default=DEFAULT_COUNTRY, help="locale country (default US)")
    parser.add_argument(
        "--set", action="append", choices=sorted(LABEL_SETS), help="label set to measure (default: all)"
    )
    args = parser.parse_args(argv)
    report = run_evaluation(
        sets=args.set or list(LABEL_SETS),
        snapshots_dir=args.snapshots,
        save_dir=args.save_snapshots,
        country=args.country,
    )
    if args.json:
        print(json.dumps(report.as_dict(), indent=1))
    else:
        print(format_table(report))
        if args.details:
            print(format_details(report))
    missed = missed_targets(report)
    for sentence in missed:
        print(f"below target: {sentence}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
