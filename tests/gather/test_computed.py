"""A gatherer's answer is made once per probe result and arguments, and never reaches the JSON."""

from __future__ import annotations

from checker.gather import gather_channels
from checker.gather.computed import artifacts_of, per_probe
from checker.snapshot import ProbeResult, TextBlock


def _probe(text: str) -> ProbeResult:
    return ProbeResult(url="https://firm.test/contact", text_blocks=[TextBlock(text=text, tag="p")])


def test_second_call_with_same_arguments_reuses_the_answer() -> None:
    calls: list[str] = []

    @per_probe
    def count_words(probe: ProbeResult, page_url: str) -> int:
        calls.append(page_url)
        return sum(len(block.text.split()) for block in probe.text_blocks)

    probe = _probe("call us on weekdays")
    assert count_words(probe, "https://firm.test/a") == 4
    assert count_words(probe, "https://firm.test/a") == 4
    assert calls == ["https://firm.test/a"]
    count_words(probe, "https://firm.test/b")  # other arguments: another answer
    count_words(_probe("call us"), "https://firm.test/a")  # another page: another answer
    assert calls == ["https://firm.test/a", "https://firm.test/b", "https://firm.test/a"]


def test_gathered_channels_are_shared_and_not_serialised() -> None:
    probe = _probe("Call us on +44 20 7946 0958, Monday to Friday 9am to 5pm.")
    first = gather_channels(probe, "https://firm.test/contact", "GB")
    assert first is gather_channels(probe, "https://firm.test/contact", "GB")
    assert first.phone, "the phone number is found"
    assert gather_channels(probe, "https://firm.test/contact", "US") is not first
    assert "computed" not in probe.model_dump_json()
    copy = ProbeResult.model_validate_json(probe.model_dump_json())
    assert artifacts_of(copy) == {}
    assert copy == probe, "the answers kept beside a probe are no part of its equality"
