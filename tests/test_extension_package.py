"""``make extension``: the extension's zip is reproducible and passes Chromium's manifest checks.

The check is Chromium's own: the unpacked package is loaded and ``chrome://extensions`` is asked,
through its ``chrome.developerPrivate.getExtensionInfo`` (what the extensions page shows), for
manifest warnings ("Unrecognized manifest key", "Permission ... is unknown"), install warnings and
runtime errors, in developer mode (where the page lists them). A manifest with a made-up key and
a made-up permission proves the check sees warnings.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, cast

import pytest
from playwright.sync_api import sync_playwright

from checker.browser import find_chromium, launch_options
from tests.test_extension import EXTENSION_DIR, EXTENSION_ID

ROOT = Path(__file__).resolve().parent.parent
BUILD = [sys.executable, str(ROOT / "scripts" / "build_extension.py")]


def _build(source: Path, output: Path) -> bytes:
    done = subprocess.run(
        [*BUILD, "--source", str(source), "--output", str(output)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return output.read_bytes()


def test_two_builds_are_the_same_bytes_whatever_the_file_times(tmp_path: Path) -> None:
    source = tmp_path / "extension"
    shutil.copytree(EXTENSION_DIR, source)
    first = _build(source, tmp_path / "first.zip")
    for number, path in enumerate(sorted(source.rglob("*"))):
        os.utime(path, (1_700_000_000 + number, 1_700_000_000 + number))
        if path.is_file():
            path.chmod(0o600)
    assert _build(source, tmp_path / "second.zip") == first
    with zipfile.ZipFile(tmp_path / "first.zip") as package:
        names = package.namelist()
        assert names == sorted(names) and "manifest.json" in names and "README.md" not in names
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        expected = sorted(
            path.relative_to(EXTENSION_DIR).as_posix()
            for path in EXTENSION_DIR.rglob("*")
            if path.is_file() and path.name != "README.md"
        )
        assert names == expected
        assert json.loads(package.read("manifest.json")) == json.loads(
            (EXTENSION_DIR / "manifest.json").read_text(encoding="utf-8")
        )


def _chromium_report(unpacked: Path, profile: Path) -> dict[str, Any]:
    """What chrome://extensions says about the extension loaded from ``unpacked``."""
    choice = find_chromium()
    options = launch_options(choice)
    options["args"] = [
        *cast(list[str], options["args"]),
        f"--disable-extensions-except={unpacked}",
        f"--load-extension={unpacked}",
    ]
    if choice.executable is None:
        options["channel"] = "chromium"
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(str(profile), **options)
        try:
            page = context.new_page()
            page.goto("chrome://extensions")
            # Chromium collects manifest warnings in developer mode, as the page shows them then:
            # turn it on and load the extension again.
            page.evaluate("chrome.developerPrivate.updateProfileConfiguration({inDeveloperMode: true})")
            page.evaluate(f"chrome.developerPrivate.reload('{EXTENSION_ID}', {{failQuietly: true}})")
            enabled = f"chrome.developerPrivate.getExtensionInfo('{EXTENSION_ID}')"
            page.wait_for_function(enabled + ".then(info => info.state === 'ENABLED')")
            info: dict[str, Any] = page.evaluate(
                f"chrome.developerPrivate.getExtensionInfo('{EXTENSION_ID}')"
            )
            return info
        finally:
            context.close()


@pytest.mark.browser
def test_the_package_loads_in_chromium_without_errors_or_warnings(tmp_path: Path) -> None:
    package = tmp_path / "supportcheck-extension.zip"
    _build(EXTENSION_DIR, package)
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(unpacked)
    report = _chromium_report(unpacked, tmp_path / "profile")
    assert report["state"] == "ENABLED"
    assert (report["manifestErrors"], report["installWarnings"], report["runtimeErrors"]) == ([], [], [])

    manifest = json.loads((unpacked / "manifest.json").read_text(encoding="utf-8"))
    manifest["permissions"].append("madeUpPermission")
    (unpacked / "manifest.json").write_text(json.dumps({**manifest, "made_up_key": 1}), encoding="utf-8")
    warned = _chromium_report(unpacked, tmp_path / "profile-2")
    assert sorted(warning["message"] for warning in warned["manifestErrors"]) == [
        "Permission 'madeUpPermission' is unknown.",
        "Unrecognized manifest key 'made_up_key'.",
    ]
