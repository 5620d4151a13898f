"""The default theme in Chromium (Playwright, as test_serve_browser.py drives it): axe-core finds
no serious or critical violation on any page type, in light and dark mode, whether the mode
comes from the system or from the reader's choice; the light / auto / dark toggle remembers the
choice and applies it before the first paint.

axe-core comes from the npm registry into tests/a11y/node_modules (`npm ci --prefix tests/a11y`,
run by `.ci/run`); without it, or without /usr/bin/chromium, these tests are skipped."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitekit import REPO, Built, SiteFactory, run_site
from themesite import PAGES, demo_site

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
KEY = "polyblog-color-scheme"
BACKGROUND = {"light": "rgb(251, 251, 250)", "dark": "rgb(22, 24, 29)"}  # --bg

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="needs axe-core: npm ci --prefix tests/a11y"),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(site_factory: SiteFactory) -> Built:
    return site_factory.build(demo_site())


def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(site: Built) -> Iterator[str]:
    yield from _serve(site.public)


@pytest.fixture(scope="module")
def example_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    public = tmp_path_factory.mktemp("example-a11y") / "public"
    run_site(REPO, public, ["--quiet", "--no-cache"])  # nothing written into the repo
    yield from _serve(public)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            yield instance
        finally:
            instance.close()


def _context(browser: Any, system: str, chosen: str | None) -> Any:
    """A browser context whose system prefers `system`, where the reader chose `chosen`."""
    context = browser.new_context(color_scheme=system, viewport={"width": 1000, "height": 800})
    if chosen is not None:
        context.add_init_script(f"localStorage.setItem({KEY!r}, {chosen!r})")
    return context


def _serious(page: Any) -> list[str]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary']}"
        for v in violations
        if v["impact"] in {"serious", "critical"}
        for node in v["nodes"]
    ]


MODES = {
    "light": ("light", None),
    "dark": ("dark", None),
    "dark-chosen-on-light-system": ("light", "dark"),
    "light-chosen-on-dark-system": ("dark", "light"),
}


@pytest.mark.parametrize("mode", list(MODES))
def test_axe_finds_nothing_serious_on_any_page_type(browser: Any, base_url: str, mode: str) -> None:
    system, chosen = MODES[mode]
    context = _context(browser, system, chosen)
    try:
        page = context.new_page()
        found: dict[str, list[str]] = {}
        for name, url in PAGES.items():
            page.goto(base_url + url)
            shown = "dark" if (chosen or system) == "dark" else "light"
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert background == BACKGROUND[shown], (name, mode)
            problems = _serious(page)
            if problems:
                found[name] = problems
        assert found == {}
    finally:
        context.close()


# The example site's page types. Left out: posts/202210-the-new-ai-hype/, whose raw HTML has
# images without alt text, an iframe without a title and an embed's own inline colours (its
# content, not the theme's).
EXAMPLE = [
    "/",
    "/page/2/",
    "/posts/",
    "/posts/202303-ssg-content-model/",
    "/posts/202304-ssg-markdown-shortcodes/",
    "/fr/posts/202409-typographie-francaise/",
    "/ja/posts/202304-ssg-markdown-shortcodes/",
    "/tags/",
    "/tags/i18n/",
    "/series/building-a-static-site-generator/",
    "/fr/series/",
    "/about/",
    "/404.html",
    "/ja/404.html",
]


@pytest.mark.parametrize("system", ["light", "dark"])
def test_axe_finds_nothing_serious_on_the_example_site(
    browser: Any, example_url: str, system: str
) -> None:
    context = _context(browser, system, None)
    try:
        page = context.new_page()
        found: dict[str, list[str]] = {}
        for url in EXAMPLE:
            page.goto(example_url + url)
            problems = _serious(page)
            if problems:
                found[url] = problems
        assert found == {}
    finally:
        context.close()


def test_toggle_remembers_the_choice(browser: Any, base_url: str) -> None:
    context = _context(browser, "light", None)
    try:
        page = context.new_page()
        page.goto(base_url + PAGES["post"])
        root = page.locator("html")
        assert root.get_attribute("data-color-scheme") == "auto"
        group = page.get_by_role("group", name="Color scheme")
        assert (
            group.get_by_role("button", name="Match the system").get_attribute("aria-pressed")
            == "true"
        )

        group.get_by_role("button", name="Dark").click()
        assert root.get_attribute("data-color-scheme") == "dark"
        assert page.evaluate(f"localStorage.getItem({KEY!r})") == "dark"
        assert group.get_by_role("button", name="Dark").get_attribute("aria-pressed") == "true"
        dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert dark == BACKGROUND["dark"]
        # code blocks and shortcodes follow too: their stylesheets only know the media query
        code = page.evaluate("getComputedStyle(document.querySelector('.highlight')).color")
        assert code == "rgb(230, 237, 243)"  # github-dark's text colour

        page.goto(base_url + PAGES["list"])  # another page: still dark
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == dark
        assert page.get_by_role("button", name="Dark").get_attribute("aria-pressed") == "true"

        page.get_by_role("button", name="Match the system").click()
        assert page.evaluate(f"localStorage.getItem({KEY!r})") is None
        assert (
            page.evaluate("getComputedStyle(document.body).backgroundColor")
            == (BACKGROUND["light"])
        )
    finally:
        context.close()


def test_the_choice_is_applied_before_the_body_is_painted(browser: Any, base_url: str) -> None:
    """The colour the page has when <body> first enters the document: a script that ran later
    (a deferred one, or one at the end of the body) would leave it light for a moment."""
    context = _context(browser, "light", "dark")
    context.add_init_script(
        """
        new MutationObserver((records, observer) => {
          if (!document.body) return;
          window.__firstBackground = getComputedStyle(document.documentElement)
            .getPropertyValue('--bg').trim();
          observer.disconnect();
        }).observe(document, {childList: true, subtree: true});
        """
    )
    try:
        page = context.new_page()
        page.goto(base_url + PAGES["home"])
        assert page.evaluate("window.__firstBackground") == "#16181d"
    finally:
        context.close()


def test_without_script_the_system_decides_and_no_toggle_shows(browser: Any, base_url: str) -> None:
    context = browser.new_context(color_scheme="dark", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + PAGES["home"])
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == BACKGROUND["dark"]
        assert page.locator("html").get_attribute("data-color-scheme") is None
        assert not page.locator(".color-scheme-toggle").is_visible()
    finally:
        context.close()
