"""The language model's unpacked copy: written once, read back memory-mapped, never trusted blindly."""

from __future__ import annotations

import json
import os
import stat
import time
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


def _copy_of(root: Path, name: str, source: dict[str, object] | None) -> Path:
    """A copy as another environment would have written it, unpacked from ``source``."""
    folder = root / name
    folder.mkdir()
    header: dict[str, object] = {"classes": []}
    if source is not None:
        header["source"] = source
    (folder / "model.json").write_text(json.dumps(header))
    return folder


def _source(model: Path) -> dict[str, object]:
    status = model.stat()
    return {"path": str(model), "size": status.st_size, "mtime_ns": status.st_mtime_ns}


def test_writing_a_copy_removes_those_whose_model_is_gone_or_changed(tmp_path: Path) -> None:
    """A deleted clone's copy, an upgraded library's copy and a copy of the old format go; the
    copy of another live environment and a staging folder still being written stay."""
    cache = tmp_path / "cache"
    cache.mkdir()
    live_model = tmp_path / "other-venv" / "model.plzma.npz"
    live_model.parent.mkdir()
    live_model.write_bytes(b"model")
    live = _copy_of(cache, "py3langid-live", _source(live_model))
    gone_model = tmp_path / "deleted-clone" / "model.plzma.npz"
    gone = _copy_of(cache, "py3langid-gone", {"path": str(gone_model), "size": 5, "mtime_ns": 1})
    changed = _copy_of(cache, "py3langid-changed", {**_source(live_model), "size": 4})
    old_format = _copy_of(cache, "py3langid-oldformat", None)
    writing = cache / ".unpacking-now"
    writing.mkdir()
    abandoned = cache / ".unpacking-dead"
    abandoned.mkdir()
    os.utime(abandoned, (time.time() - 2 * langid_model.STAGING_MAX_AGE_S,) * 2)
    unrelated = cache / "notes.txt"
    unrelated.write_text("kept")

    load_identifier(cache)

    assert unpacked_dir(cache).is_dir()
    assert live.is_dir() and writing.is_dir() and unrelated.is_file()
    for removed in (gone, changed, old_format, abandoned):
        assert not removed.exists(), removed.name
    # The copy just written names the installed model, so the next write keeps it.
    assert langid_model.prune_stale_copies(cache) == []


def test_reading_a_sound_copy_prunes_nothing(tmp_path: Path) -> None:
    """Pruning costs a folder listing: it runs when a copy is written, never on the common path."""
    load_identifier(tmp_path)
    stray = _copy_of(tmp_path, "py3langid-stray", None)
    load_identifier(tmp_path)  # reads the mapped copy
    assert stray.is_dir()
