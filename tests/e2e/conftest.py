"""Real-browser journeys: Playwright driving Debian's Chromium against the live server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent.name == "e2e":
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's package "
            "(apt-get install chromium) or set CHROMIUM_PATH."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test code itself
    # stays synchronous, so Django's guard against ORM calls from async code is
    # lifted while the browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Every page the browser opens reports what the Content-Security-Policy refused: Chromium
# logs each refusal to the console and fires securitypolicyviolation at the document.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} on ${event.documentURI}`
    + (event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : "")
    + (event.sample ? `: ${event.sample}` : "")
  );
});
"""
CSP_CONSOLE = ("Content Security Policy", "Refused to")


class CspViolations:
    """What the Content-Security-Policy refused on the pages of one test."""

    def __init__(self):
        self.seen: list[str] = []

    def watch(self, context) -> None:
        context.expose_function("__cspViolation", lambda text: self.seen.append(text))
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._console)

    def _console(self, message) -> None:
        if any(words in message.text for words in CSP_CONSOLE):
            self.seen.append(f"console: {message.text}")


@pytest.fixture(autouse=True)
def csp_violations(browser, monkeypatch):
    """Every browser context of an e2e test is watched; a refusal on any page fails it."""
    violations = CspViolations()
    new_context = browser.new_context
    new_page = browser.new_page

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        violations.watch(context)
        return context

    def watched_page(*args, **kwargs):
        page = new_page(*args, **kwargs)
        violations.watch(page.context)
        return page

    monkeypatch.setattr(browser, "new_context", watched_context)
    monkeypatch.setattr(browser, "new_page", watched_page)
    yield violations
    if violations.seen:
        pytest.fail(
            "The Content-Security-Policy refused something:\n" + "\n".join(violations.seen),
            pytrace=False,
        )


@pytest.fixture
def page(browser, request, csp_violations):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
