"""The language model's unpacked copy: written once, read back memory-mapped, never trusted blindly."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from checker.gather import langid_model
from checker.gather.langid_model import cache_root, load_identifier, unpacked_dir

TEXTS = (
    "Bonjour, je voudrais parler à un conseiller au sujet de ma facture.",
    "Kontaktieren Sie uns telefonisch oder per E-Mail, wir helfen gern.",
    "Chiamaci al numero verde dal lunedì al venerdì, dalle 9 alle 18.",
    "Skontaktuj się z nami telefonicznie lub przez formularz kontaktowy.",
    "Свяжитесь с нами по телефону или через форму обратной связи.",
    "お問い合わせはお電話またはメールでお願いいたします。",
)


@pytest.fixture(scope="module")
def packaged() -> LanguageIdentifier:
    """The identifier as py3langid itself reads its model."""
    return LanguageIdentifier.from_model_file(Path(MODEL_DIR) / MODEL_FILE, norm_probs=True)


def _answers(identifier: LanguageIdentifier) -> list[tuple[str, float]]:
    return [identifier.classify(text) for text in TEXTS]


def test_the_unpacked_copy_answers_as_the_packaged_model_does(
    tmp_path: Path, packaged: LanguageIdentifier
) -> None:
    first = load_identifier(tmp_path)
    folder = unpacked_dir(tmp_path)
    assert (folder / "model.json").is_file() and (folder / "nextmove.bin").stat().st_size > 0
    assert [path.name for path in tmp_path.iterdir()] == [folder.name]  # no staging folder left

    second = load_identifier(tmp_path)
    assert isinstance(second.tk_nextmove, memoryview)  # mapped, not decompressed again
    expected = _answers(packaged)
    assert _answers(first) == expected
    mapped = [(code, pytest.approx(probability, abs=1e-6)) for code, probability in _answers(second)]
    assert mapped == expected
    assert {code for code, _ in expected} == {"fr", "de", "it", "pl", "ru", "ja"}


def test_a_damaged_copy_is_replaced_by_the_packaged_model(
    tmp_path: Path, packaged: LanguageIdentifier
) -> None:
    load_identifier(tmp_path)
    nextmove = unpacked_dir(tmp_path) / "nextmove.bin"
    nextmove.write_bytes(nextmove.read_bytes()[:4096])  # a copy cut short (disk full, killed process)

    identifier = load_identifier(tmp_path)
    assert not isinstance(identifier.tk_nextmove, memoryview)
    assert _answers(identifier) == _answers(packaged)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_still_gives_a_model(tmp_path: Path, packaged: LanguageIdentifier) -> None:
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert _answers(load_identifier(tmp_path)) == _answers(packaged)
    finally:
        tmp_path.chmod(stat.S_IRWXU)


def test_an_unusable_cache_folder_still_gives_a_model(tmp_path: Path, packaged: LanguageIdentifier) -> None:
    """A file where the cache folder should be: nothing can be written, the model still loads."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    assert _answers(load_identifier(blocker)) == _answers(packaged)


def test_the_cache_root_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(langid_model.CACHE_ENV, str(tmp_path / "own"))
    assert cache_root() == tmp_path / "own"
    monkeypatch.delenv(langid_model.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "supportcheck"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / ".cache" / "supportcheck"


def test_a_damaged_copy_is_unpacked_afresh(tmp_path: Path) -> None:
    load_identifier(tmp_path)
    header = unpacked_dir(tmp_path) / "model.json"
    header.write_text("{")
    load_identifier(tmp_path)  # reads the packaged model, writes a sound copy
    assert isinstance(load_identifier(tmp_path).tk_nextmove, memoryview)
