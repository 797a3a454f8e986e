"""The browser is chosen in the documented order: setting, Playwright's own, then the system's."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import browser
from checker.browser import BrowserNotFound, find_chromium, launch_options


def _executable(path: Path) -> str:
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


@pytest.fixture
def no_browsers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "SYSTEM_CHROMIUM_CANDIDATES", ())
    monkeypatch.setattr(browser, "_ask_playwright_for_its_chromium", lambda: None)
    monkeypatch.setattr(browser.shutil, "which", lambda _name: None)


def test_the_setting_wins_and_a_wrong_setting_is_named(tmp_path: Path, no_browsers: None) -> None:
    chosen = find_chromium({"SUPPORTCHECK_CHROMIUM": _executable(tmp_path / "chrome")}, str(tmp_path / "x"))
    assert (chosen.executable, chosen.source) == (str(tmp_path / "chrome"), "SUPPORTCHECK_CHROMIUM")
    with pytest.raises(BrowserNotFound, match="SUPPORTCHECK_CHROMIUM"):
        find_chromium({"SUPPORTCHECK_CHROMIUM": str(tmp_path / "missing")})


def test_playwrights_own_browser_comes_before_the_system_one(
    tmp_path: Path, no_browsers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browser, "SYSTEM_CHROMIUM_CANDIDATES", (_executable(tmp_path / "system"),))
    managed = find_chromium({}, _executable(tmp_path / "managed"))
    assert (managed.executable, managed.source) == (None, "playwright")
    system = find_chromium({}, str(tmp_path / "not-downloaded"))
    assert (system.executable, system.source) == (str(tmp_path / "system"), "system")


def test_nothing_found_says_how_to_get_a_browser(no_browsers: None) -> None:
    with pytest.raises(BrowserNotFound, match="apt-get install chromium"):
        find_chromium({})


def test_launch_options_pass_the_binary_and_host_rules() -> None:
    options = launch_options(browser.BrowserChoice("/usr/bin/chromium", "system"), "MAP *.test 127.0.0.1")
    assert options["executable_path"] == "/usr/bin/chromium"
    assert "--host-resolver-rules=MAP *.test 127.0.0.1" in options["args"]  # type: ignore[operator]
