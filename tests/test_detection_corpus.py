"""Detection quality on the real-page corpus: the real probe in Chromium, the gatherers, the hand labels."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL_PATH = ROOT / "bench" / "detection_eval.py"
# (precision, recall) floors per channel type: the targets the detectors were built to meet.
FLOORS = {
    "phone": (0.95, 0.90),
    "email": (0.95, 0.90),
    "chat": (0.95, 0.90),
    "contact_form": (0.95, 0.90),
    "callback": (0.85, 0.85),
    "hours": (0.85, 0.85),
    "self_service": (0.85, 0.85),
    "contact_link": (0.90, 0.90),
    "apps": (0.95, 0.90),
}
CHAT_VENDOR_ACCURACY_FLOOR = 0.90


def _load_eval():
    spec = importlib.util.spec_from_file_location("detection_eval", EVAL_PATH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report():
    # The corpus is vendored (tests/corpus/), so this always runs: no clone lacks it.
    return _load_eval().run_evaluation()


@pytest.mark.browser
@pytest.mark.timeout(600)
@pytest.mark.parametrize("channel", sorted(FLOORS))
def test_channel_meets_its_floor(report, channel):
    precision_floor, recall_floor = FLOORS[channel]
    score = report.scores[channel]
    assert score.precision >= precision_floor, (
        f"{channel} precision {score.precision:.2f} (tp={score.tp}, fp={score.fp})"
    )
    assert score.recall >= recall_floor, f"{channel} recall {score.recall:.2f} (tp={score.tp}, fn={score.fn})"


@pytest.mark.browser
def test_chat_vendors_are_named_right(report):
    assert report.chat_vendor_accuracy >= CHAT_VENDOR_ACCURACY_FLOOR


@pytest.mark.browser
def test_every_page_was_probed(report):
    # A slow page may miss its load event and still be probed ("load: …"); anything else lost the page.
    assert [page.page_id for page in report.pages if page.error and not page.error.startswith("load:")] == []


@pytest.fixture(scope="module")
def native_report():
    return _load_eval().run_evaluation(sets=("native",))


@pytest.mark.browser
@pytest.mark.timeout(300)
def test_every_native_page_shows_every_channel_it_offers(native_report):
    # One page per language, worded as a site of that country would word it (tests/sites/native).
    missed = {
        page.page_id: sorted(
            name for name in page.expected if set(page.expected[name]) - set(page.found[name])
        )
        for page in native_report.pages
    }
    assert {page_id: names for page_id, names in missed.items() if names} == {}
    assert all(page.language and not page.error for page in native_report.pages)
