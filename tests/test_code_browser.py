"""Code blocks, diagrams and heading anchors in Chromium (Playwright, launched as in
test_theme_browser.py): a Mermaid diagram is drawn as SVG from the vendored script (no request
leaves the site), again in dark colours when the reader picks dark; the copy button copies the
code, says "Copied" in the page's language (on the button and to screen readers) and works from
the keyboard; heading anchors have their localized name; axe-core finds nothing serious on such a
page in either mode. Without JavaScript the diagram's source shows as text and there is no button.

Needs /usr/bin/chromium, and axe-core (`npm ci --prefix tests/a11y`) for the axe test."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitekit import MULTI_CONFIG, Built, SiteFactory, page

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
KEY = "polyblog-color-scheme"
DRAWN = 20_000  # ms to wait for Mermaid (a 5 MB script) to draw

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")

BODY = """\
Some words first.

## The flow

```mermaid
graph LR
  A[Start] --> B{Ready?}
  B -->|yes| C[Done]
```

### The code

```python
def add(x, y):
    return x + y
```

```sh
echo "second block"
```
"""
BROKEN = "```mermaid\nthis is not a diagram -->\n```\n"
MATH = "Inline $E=mc^2$ and a display:\n\n$$\\int_0^1 x\\,dx = \\frac{1}{2}$$\n"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(site_factory: SiteFactory) -> Built:
    return site_factory.build(
        {
            "blog.yaml": MULTI_CONFIG,
            "content/posts/d.md": page("Diagram", BODY, date="2024-01-01"),
            "content/posts/d.fr.md": page("Schéma", BODY, date="2024-01-01"),
            "content/posts/broken.md": page("Broken", BROKEN, date="2024-01-02"),
            "content/posts/math.md": page("Math", MATH, date="2024-01-03"),
        }
    )


@pytest.fixture(scope="module")
def base_url(site: Built) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site.public))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


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
def context(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(color_scheme="light", viewport={"width": 1000, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    try:
        yield context
    finally:
        context.close()


def _node_fill(page: Any) -> str:
    fill: str = page.evaluate(
        "getComputedStyle(document.querySelector('.mermaid svg .node rect')).fill"
    )
    return fill


def test_a_diagram_is_drawn_from_the_site_alone(context: Any, base_url: str) -> None:
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(base_url + "/posts/d/")
    svg = page.locator("pre.mermaid svg")
    svg.wait_for(timeout=DRAWN)
    assert page.locator("pre.mermaid").get_attribute("data-processed") == "true"
    labels = page.locator("pre.mermaid svg .nodeLabel").all_text_contents()
    assert sorted(labels) == ["Done", "Ready?", "Start"]
    assert _node_fill(page) == "rgb(236, 236, 255)"  # Mermaid's light theme
    assert base_url + "/js/vendor/mermaid/mermaid.min.js" in requests
    assert [url for url in requests if not url.startswith(base_url + "/")] == []

    # the reader picks dark: the diagram is drawn again in dark colours
    page.get_by_role("button", name="Dark").click()
    page.wait_for_function(
        "document.querySelector('pre.mermaid svg') && "
        "getComputedStyle(document.querySelector('pre.mermaid svg .node rect')).fill "
        "!== 'rgb(236, 236, 255)'",
        timeout=DRAWN,
    )
    assert _node_fill(page) == "rgb(31, 32, 32)"  # Mermaid's dark theme
    assert page.locator("pre.mermaid svg").count() == 1


def test_pages_without_a_diagram_do_not_load_mermaid(context: Any, base_url: str) -> None:
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(base_url + "/posts/")
    page.wait_for_load_state("load")
    assert not [url for url in requests if "mermaid" in url or "diagrams" in url]


def test_a_broken_diagram_keeps_its_source(context: Any, base_url: str) -> None:
    page = context.new_page()
    page.goto(base_url + "/posts/broken/")
    block = page.locator("pre.mermaid")
    page.wait_for_function(
        "document.querySelector('pre.mermaid').hasAttribute('data-diagram-error')", timeout=DRAWN
    )
    assert block.text_content() == "this is not a diagram -->"
    assert page.locator("svg[id^='pb-mermaid'], [id^='dpb-mermaid']").count() == 0


def test_the_copy_button_copies_and_says_so(context: Any, base_url: str) -> None:
    page = context.new_page()
    page.goto(base_url + "/fr/posts/d/")
    buttons = page.get_by_role("button", name="Copier")
    assert buttons.count() == 2  # the code blocks, not the diagram
    assert page.locator("pre.mermaid button").count() == 0
    buttons.first.click()
    assert page.evaluate("navigator.clipboard.readText()") == "def add(x, y):\n    return x + y"
    first = page.locator(".highlight .code-copy").first
    assert first.text_content() == "Copié"
    # the copy button's live region (the search dialog has its own)
    status = page.locator("body > [role=status]")
    page.wait_for_function("document.querySelector('body > [role=status]').textContent === 'Copié'")
    assert status.get_attribute("aria-live") == "polite"

    # from the keyboard: Tab reaches the second button, Enter copies its block
    second = page.locator(".highlight .code-copy").nth(1)
    second.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "code-copy"
    page.keyboard.press("Enter")
    assert page.evaluate("navigator.clipboard.readText()") == 'echo "second block"'
    assert second.text_content() == "Copié"


def test_the_language_shows_as_a_label(context: Any, base_url: str) -> None:
    page = context.new_page()
    page.goto(base_url + "/posts/d/")
    label = page.evaluate(
        "getComputedStyle(document.querySelector('.highlight'), '::before').content"
    )
    assert label == '"python"'


def test_heading_anchors_have_their_localized_name(context: Any, base_url: str) -> None:
    page = context.new_page()
    page.goto(base_url + "/fr/posts/d/")
    link = page.get_by_role("link", name="Lien vers cette section : The flow")
    assert link.get_attribute("href") == "#the-flow"
    assert page.get_by_role("heading", name="The flow", exact=True).count() == 1
    link.focus()  # shown when focused (after a short fade)
    page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#the-flow"


def test_without_javascript_the_source_is_text(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "/posts/d/")
        assert page.locator("pre.mermaid").inner_text().startswith("graph LR\n  A[Start] -->")
        assert page.locator("pre.mermaid svg").count() == 0
        assert page.locator("button.code-copy").count() == 0
    finally:
        context.close()


@pytest.mark.skipif(not AXE.exists(), reason="needs axe-core: npm ci --prefix tests/a11y")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_with_a_diagram(browser: Any, base_url: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(base_url + "/fr/posts/d/")
        page.locator("pre.mermaid svg").wait_for(timeout=DRAWN)
        page.locator(".code-copy").first.wait_for()
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        serious = [
            f"{v['id']}: {node['target']}"
            for v in violations
            if v["impact"] in {"serious", "critical"}
            for node in v["nodes"]
        ]
        assert serious == []
    finally:
        context.close()


def test_math_is_laid_out_as_mathml(context: Any, base_url: str) -> None:
    """The browser lays the formulas out itself (MathML Core): a fraction is taller than a line
    of text, the display formula is centred, and no script is loaded for it."""
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(base_url + "/posts/math/")
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('article math')].map(m => {
            const r = m.getBoundingClientRect();
            return {display: m.getAttribute('display'), w: r.width, h: r.height,
                    center: r.left + r.width / 2,
                    parent: m.parentElement.getBoundingClientRect().left
                            + m.parentElement.getBoundingClientRect().width / 2};
        })"""
    )
    inline, display = boxes
    assert inline["display"] == "inline" and inline["w"] > 20
    assert display["display"] == "block" and display["h"] > inline["h"]  # the fraction
    assert abs(display["center"] - display["parent"]) < 2  # centred
    assert page.evaluate("document.querySelector('article mfrac') !== null")
    scripts = {u.rsplit("/", 1)[1] for u in requests if u.endswith(".js")}
    assert scripts <= {"theme.js", "search.js"}  # the theme's own; nothing for the math
