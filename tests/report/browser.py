"""Headless Chromium for the report's tests: Debian's `chromium`, driven by Playwright
through its executable (Playwright's own browser downloads are never used), with the
options for a closed network and a fresh profile each time."""
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium: install the Debian package `chromium` "
                             "(scripts/install-system-deps.sh) to run the browser tests")


@contextmanager
def chromium_page(width: int = 1400, height: int = 900):
    """A page of a headless Chromium with a profile of its own, closed afterwards.
    Scripts' errors and dialogs are collected in `page.problems` and `page.dialogs`."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": width, "height": height})
        try:
            page = context.new_page()
            page.problems, page.dialogs = [], []
            page.on("pageerror", lambda e: page.problems.append(str(e)))
            page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)

            def dialog(d):
                page.dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", dialog)
            yield page
        finally:
            context.close()
