"""Gathered answers saved beside the snapshots come back equal, and only for today's gatherers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.gather.computed import artifacts_of
from checker.gather.saved import gather_page, load_gathered, save_gathered, saved_path
from checker.snapshot import LinkFact, LocaleSnapshots, PageSnapshot, ProbeResult, TextBlock

CONTACT = "https://firm.test/contact"


def _locale() -> LocaleSnapshots:
    probe = ProbeResult(
        url=CONTACT,
        title="Contact us",
        text_blocks=[
            TextBlock(
                text="Call us on +44 20 7946 0958, Monday to Friday 9am to 5pm.", tag="p", region="main"
            ),
            TextBlock(
                text="Deaf or hard of hearing? Use Relay UK: 18001 020 7946 0958.", tag="p", region="main"
            ),
        ],
        links=[LinkFact(text="Email us", href="mailto:help@firm.test", raw_href="mailto:help@firm.test")],
    )
    page = PageSnapshot(
        locale="en-GB", requested_url=CONTACT, final_url=CONTACT, http_status=200, probe=probe
    )
    return LocaleSnapshots(locale="en-GB", entry_url=CONTACT, status="complete", pages=[page])


@pytest.fixture
def saved(tmp_path: Path) -> tuple[LocaleSnapshots, Path]:
    locale = _locale()
    gather_page(locale.pages[0], "GB")
    snapshot_file = tmp_path / "en-GB.json"
    locale.save(snapshot_file)
    save_gathered(locale, snapshot_file)
    return locale, snapshot_file


def test_answers_come_back_equal_to_the_gathered_ones(saved: tuple[LocaleSnapshots, Path]) -> None:
    original, snapshot_file = saved
    made = artifacts_of(original.pages[0].probe)  # type: ignore[arg-type]
    assert len(made) >= 3, "facts, channels and language were gathered during the crawl"
    loaded = LocaleSnapshots.load(snapshot_file)
    assert load_gathered(loaded, snapshot_file) == 1
    assert artifacts_of(loaded.pages[0].probe) == made  # type: ignore[arg-type]


def test_answers_of_other_gathering_code_are_ignored(saved: tuple[LocaleSnapshots, Path]) -> None:
    _, snapshot_file = saved
    document = json.loads(saved_path(snapshot_file).read_text())
    document["fingerprint"] = "0" * 64  # as if the lexicons or the gatherers had changed since
    saved_path(snapshot_file).write_text(json.dumps(document))
    loaded = LocaleSnapshots.load(snapshot_file)
    assert load_gathered(loaded, snapshot_file) == 0
    assert artifacts_of(loaded.pages[0].probe) == {}  # type: ignore[arg-type]


@pytest.mark.parametrize("damage", ["", "{not json", '{"format": "supportcheck.gathered/v1"}'])
def test_a_damaged_or_missing_file_seeds_nothing(saved: tuple[LocaleSnapshots, Path], damage: str) -> None:
    _, snapshot_file = saved
    if damage:
        saved_path(snapshot_file).write_text(damage)
    else:
        saved_path(snapshot_file).unlink()
    assert load_gathered(LocaleSnapshots.load(snapshot_file), snapshot_file) == 0
