"""`blog serve` in a real browser (Playwright driving Debian's Chromium, headless): a saved edit
appears without a manual reload, a broken file shows the error overlay, fixing it removes it.

`.ci/run` installs Chromium; on a machine without /usr/bin/chromium the test is skipped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from polyblog.serve.run import Served, ServeOptions
from sitekit import copy_example_site

CHROMIUM = Path("/usr/bin/chromium")
POST = "content/posts/202303-ssg-content-model/index.md"
POST_URL = "posts/202303-ssg-content-model/"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Served, Path]]:
    site = copy_example_site(tmp_path / "site")
    instance = Served(
        ServeOptions(source=site, port=0, destination=tmp_path / "out", jobs=1),
        lambda line: None,
        str,
    )
    instance.start()
    try:
        yield instance, site
    finally:
        instance.stop()


def test_live_reload_and_error_overlay_in_chromium(served: tuple[Served, Path]) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    server, site = served
    assert server.server is not None
    url = f"http://localhost:{server.server.port}/{POST_URL}"
    path = site / POST
    original = path.read_text(encoding="utf-8")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            page = browser.new_page()
            page.goto(url)
            marker = page.evaluate("() => { window.__marker = 1; return window.__marker; }")
            assert marker == 1
            # wait until the page's live-reload socket is open before editing
            page.wait_for_timeout(300)

            path.write_text(original + "\nEdited in the browser test.\n", encoding="utf-8")
            page.get_by_text("Edited in the browser test.").wait_for(timeout=10_000)
            # it was a reload by the script, not by us: our marker is gone
            assert page.evaluate("() => window.__marker") is None

            path.write_text(original.replace("---\n", "---\ndate: 2023-02-30\n", 1), "utf-8")
            overlay = page.locator("polyblog-error-overlay")
            overlay.wait_for(state="attached", timeout=10_000)
            shown = page.evaluate(
                "() => { const o = document.querySelector('polyblog-error-overlay');"
                " return (o.shadowRoot || o).textContent; }"
            )
            assert "index.md" in shown and "2023-02-30" in shown
            page.screenshot(path=str(site.parent / "overlay.png"))

            path.write_text(original + "\nFixed in the browser test.\n", encoding="utf-8")
            overlay.wait_for(state="detached", timeout=10_000)
            page.get_by_text("Fixed in the browser test.").wait_for(timeout=10_000)
        finally:
            browser.close()
