"""The default theme's search dialog in Chromium (Playwright, as test_theme_browser.py drives it),
on the Pagefind index of a small site in English, French and Japanese, served over http:
the French home finds French posts only, the Japanese home finds a Japanese word, `/` opens the
dialog; at the root, under a sub-path base URL (/blog/) and with --relative-urls (served under
a path the build never knew). Without /usr/bin/chromium these tests are skipped."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from sitekit import MULTI_CONFIG, SiteFactory, page

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")

FILES: dict[str, str | bytes] = {
    "content/posts/cheese/index.md": page(
        "Cheese in Grenoble", "Grenoble has a market with cheese.\n", date="2024-01-02"
    ),
    "content/posts/cheese/index.fr.md": page(
        "Le fromage à Grenoble", "Grenoble a un marché avec du fromage.\n", date="2024-01-02"
    ),
    "content/posts/cheese/index.ja.md": page(
        "東京の市場", "東京の天気は晴れです。市場でチーズを買いました。\n", date="2024-01-02"
    ),
    "content/posts/rain/index.md": page(
        "Rain in Lyon", "Umbrellas everywhere in Grenoble and Lyon.\n", date="2024-01-03"
    ),
    "content/posts/draft/index.fr.md": page(
        "Brouillon", "Grenoble en secret.\n", date="2024-01-04", draft=True
    ),
}
# where each variant is served, and the build's arguments
VARIANTS = {
    "root": ("/", []),
    "sub-path": ("/blog/", ["--base-url", "https://example.org/blog/"]),
    "relative": ("/any/where/", ["--relative-urls"]),
}


class _Prefixed(http.server.SimpleHTTPRequestHandler):
    """Serves the folder under a URL prefix (as a host serving a blog at /blog/ would)."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if not route.startswith(self.prefix):
            return str(Path(self.directory) / "__nothing__")
        return super().translate_path("/" + route[len(self.prefix) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(folder: Path, prefix: str) -> Iterator[str]:
    handler = type("Handler", (_Prefixed,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module", params=list(VARIANTS))
def site_url(request: pytest.FixtureRequest, site_factory: SiteFactory) -> Iterator[str]:
    prefix, args = VARIANTS[request.param]
    built = site_factory.build(FILES, "--drafts", *args, config=MULTI_CONFIG)
    yield from _serve(built.public, prefix)


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


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield tab
    finally:
        context.close()
    assert not errors, errors


def search(tab: Any, query: str) -> tuple[str, list[tuple[str, str]]]:
    """Type `query` in the open dialog; the status line and (title, href) of each result."""
    status = "document.querySelector('#search-dialog .search-status').textContent.trim()"
    tab.fill("#search-dialog .search-input", "")  # an empty query empties the status line
    tab.wait_for_function(f"{status} === ''")
    tab.fill("#search-dialog .search-input", query)
    tab.wait_for_function(f"{status} !== ''")
    status = tab.inner_text("#search-dialog .search-status")
    links = tab.eval_on_selector_all(
        "#search-dialog .search-results a",
        "links => links.map(a => [a.querySelector('.search-result-title').textContent, a.href])",
    )
    return status, [(title, href) for title, href in links]


def open_dialog(tab: Any, url: str) -> None:
    tab.goto(url)
    tab.wait_for_selector("[data-search-open]:not([hidden])")
    tab.locator("body").press("/")
    tab.wait_for_selector("#search-dialog[open]")
    assert tab.evaluate("document.activeElement.classList.contains('search-input')")


def test_french_home_finds_french_posts_only(tab: Any, site_url: str) -> None:
    open_dialog(tab, site_url + "fr/")
    status, results = search(tab, "Grenoble")
    assert results == [("Le fromage à Grenoble", site_url + "fr/posts/cheese/")]
    assert status == "Résultats : 1"
    tab.click(".search-result")
    tab.wait_for_url(site_url + "fr/posts/cheese/")
    assert tab.inner_text("h1") == "Le fromage à Grenoble"


def test_english_home_finds_english_posts(tab: Any, site_url: str) -> None:
    open_dialog(tab, site_url)
    _status, results = search(tab, "Grenoble")
    assert sorted(results) == [
        ("Cheese in Grenoble", site_url + "posts/cheese/"),
        ("Rain in Lyon", site_url + "posts/rain/"),
    ]
    status, results = search(tab, "fromage")
    assert results == []
    assert status == "No results for “fromage”"


def test_japanese_home_finds_a_japanese_word(tab: Any, site_url: str) -> None:
    open_dialog(tab, site_url + "ja/")
    status, results = search(tab, "天気")
    assert results == [("東京の市場", site_url + "ja/posts/cheese/")]
    assert status == "検索結果: 1 件"
    excerpt = tab.inner_text("#search-dialog .search-excerpt mark")
    assert excerpt == "天気"


def test_button_opens_and_escape_closes(tab: Any, site_url: str) -> None:
    tab.goto(site_url + "fr/posts/cheese/")
    tab.click("[data-search-open]")
    tab.wait_for_selector("#search-dialog[open]")
    tab.keyboard.press("Escape")
    tab.wait_for_selector("#search-dialog:not([open])", state="attached")
    # `/` typed into a field is text, not the shortcut
    tab.click("[data-search-open]")
    tab.keyboard.type("a/b")
    assert tab.input_value("#search-dialog .search-input") == "a/b"


def test_search_unavailable_from_disk(tab: Any, site_factory: SiteFactory) -> None:
    """Opened from disk (file://), the index cannot be fetched: the dialog says so."""
    built = site_factory.build(FILES, "--relative-urls", config=MULTI_CONFIG)
    tab.goto((built.public / "fr" / "index.html").as_uri())
    tab.wait_for_selector("[data-search-open]:not([hidden])")
    tab.keyboard.press("/")
    tab.wait_for_selector("#search-dialog[open]")
    tab.keyboard.type("Grenoble")
    status = tab.locator("#search-dialog .search-status")
    status.filter(has_text="La recherche n’est pas disponible ici").wait_for()
    assert tab.locator("#search-dialog .search-results li").count() == 0


def test_dev_server_finds_an_edit(tab: Any, site_factory: SiteFactory) -> None:
    """`blog serve` refreshes the index in the background after each rebuild: the dialog finds a
    word saved after the first build."""
    from polyblog.serve.run import Served, ServeOptions
    from sitekit import write_files

    root = site_factory.new_root("serve-search")
    write_files(root, {**FILES, "blog.yaml": MULTI_CONFIG})
    options = ServeOptions(source=root, port=0, destination=root / "out", watch=False, jobs=1)
    served = Served(options, lambda line: None, str)
    served.start()
    try:
        assert served.server is not None and served.session is not None
        assert served.session.model is not None
        assert served.searched.wait(120)
        url = f"http://localhost:{served.server.port}/"
        open_dialog(tab, url + "fr/")
        assert search(tab, "Chamonix")[1] == []

        post = root / "content/posts/cheese/index.fr.md"
        post.write_text(post.read_text("utf-8") + "\nPuis Chamonix.\n", "utf-8")
        served.searched.clear()
        served.rebuild([post])
        assert served.error is None
        assert served.searched.wait(120)
        open_dialog(tab, url + "fr/")
        assert search(tab, "Chamonix")[1] == [("Le fromage à Grenoble", url + "fr/posts/cheese/")]
    finally:
        served.stop()


@pytest.mark.skipif(not AXE.exists(), reason="needs axe-core: npm ci --prefix tests/a11y")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_dialog_has_no_serious_accessibility_problem(
    browser: Any, site_factory: SiteFactory, scheme: str
) -> None:
    """axe-core (as tests/test_theme_browser.py runs it) on a page with the dialog open and
    results shown, in light and dark mode."""
    built = site_factory.build(FILES, config=MULTI_CONFIG)
    for url in _serve(built.public, "/"):
        context = browser.new_context(color_scheme=scheme)
        try:
            tab = context.new_page()
            open_dialog(tab, url + "fr/")
            assert search(tab, "Grenoble")[1]
            tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            violations = tab.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            )
            serious = [
                f"{v['id']}: {node['target']} {node['failureSummary']}"
                for v in violations
                if v["impact"] in {"serious", "critical"}
                for node in v["nodes"]
            ]
            assert serious == []
        finally:
            context.close()
