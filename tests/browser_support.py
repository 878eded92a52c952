"""Drive Debian's Chromium with Playwright to test pages in a real browser, fully offline.

Only the page's own file may load: every other request is aborted and recorded, so a test
can assert that the page needs no network. Console errors, uncaught exceptions and
dialogs (``alert``) are recorded too. Tests using :func:`browser` skip when Chromium or
Playwright is missing, unless ``HELIXNET_REQUIRE_BROWSER=1`` (set by CI), where they fail.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("HELIXNET_CHROMIUM", "/usr/bin/chromium")
#: Flags for a closed network: no background requests that the machine would refuse.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@dataclass
class PageLog:
    """What happened while a page was open."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """No blocked request, console error, uncaught exception or dialog."""
        assert self.blocked == [], f"the page requested: {self.blocked}"
        assert self.console_errors == [], self.console_errors
        assert self.page_errors == [], self.page_errors
        assert self.dialogs == [], f"a dialog opened (injected script ran?): {self.dialogs}"


def launch_browser():
    """Start Playwright and headless Chromium; returns ``(playwright, browser)``, or skips/fails."""
    required = os.environ.get("HELIXNET_REQUIRE_BROWSER") == "1"
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "the playwright package is not installed"
    if problem is None and not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        problem = f"Chromium not found at {CHROMIUM}"
    if problem:
        if required:
            pytest.fail(f"browser tests required (HELIXNET_REQUIRE_BROWSER=1) but {problem}")
        pytest.skip(problem)
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    return playwright, browser


def open_page(browser, path: Path, width: int = 1400, height: int = 900):
    """Open ``path`` in a fresh context with only that file allowed; returns ``(page, log)``."""
    url = path.resolve().as_uri()
    log = PageLog()
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()

    def route(route_request):
        if route_request.request.url == url:
            route_request.continue_()
        else:
            log.blocked.append(route_request.request.url)
            route_request.abort()

    page.route("**/*", route)
    page.on("console", lambda message: log.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))

    def dialog(d):
        log.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(url, wait_until="load")
    return page, log
