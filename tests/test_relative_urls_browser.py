"""`blog build --relative-urls` opened from disk in Chromium (Playwright driving Debian's
package, headless, as the serve test does): from `file://.../public/index.html` the stylesheet
applies and a click goes to a post, styled too. A normal build opened the same way is unstyled,
and a folder URL from disk is a listing, not its page: why links to folders get `index.html`.

`.ci/run` installs Chromium; on a machine without /usr/bin/chromium the test is skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

import lxml.html
import pytest

from sitekit import SiteFactory, copy_example_site, run_site

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")

# what the stylesheet changes: the computed values of these, on <body> and on the <h1>
STYLE = """() => {
  const pick = (el) => { const s = getComputedStyle(el);
    return [s.fontFamily, s.backgroundColor, s.color, s.marginTop, s.maxWidth, s.fontSize]; };
  const sheets = [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.href);
  return { body: pick(document.body), h1: pick(document.querySelector('h1') || document.body),
           sheets: sheets };
}"""


def style(page: Any) -> dict[str, Any]:
    result = page.evaluate(STYLE)
    assert isinstance(result, dict)
    return result


def found(sheets: list[str]) -> list[bool]:
    """Whether each stylesheet URL (as the browser resolved it) is a file on disk."""
    return [sheet.startswith("file://") and Path(unquote(sheet[7:])).is_file() for sheet in sheets]


def test_the_site_opened_from_disk_is_styled_and_navigable(site_factory: SiteFactory) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    root = copy_example_site(site_factory.new_root("from-disk") / "site")
    relative = run_site(root, root.parent / "relative", ["--relative-urls"]).public
    plain = run_site(root, root.parent / "plain", []).public
    home = lxml.html.fromstring((relative / "index.html").read_bytes())
    first_post = home.xpath("//article//h2//a | //article//h3//a")[0]
    href = str(first_post.get("href"))
    assert href.startswith("./posts/") and href.endswith("/index.html")
    post_file = relative / href
    expected_title = lxml.html.fromstring(post_file.read_bytes()).xpath("string(//h1)").strip()
    assert expected_title

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            page = browser.new_page()
            page.goto((plain / "index.html").as_uri())
            unstyled = style(page)
            assert unstyled["sheets"] and not any(found(unstyled["sheets"]))  # the disk's /css/

            page.goto((relative / "index.html").as_uri())
            styled = style(page)
            assert styled["sheets"] and all(found(styled["sheets"]))
            assert styled["body"] != unstyled["body"]  # the stylesheet applies
            assert styled["body"][:3] != unstyled["body"][:3]  # font, background, colour

            page.locator(f'a[href="{href}"]').first.click()
            page.wait_for_url(post_file.resolve().as_uri())
            assert page.locator("h1").first.inner_text().strip() == expected_title
            on_post = style(page)
            assert on_post["sheets"] == styled["sheets"]  # the same files, from two levels down
            assert on_post["body"][:3] == styled["body"][:3]
            assert on_post["h1"] != unstyled["h1"]

            # back home through the site title: `/` became ../../index.html, not ../../
            page.locator("a[rel=home]").first.click()
            page.wait_for_url((relative / "index.html").as_uri())

            # why: a folder URL opened from disk is Chromium's listing of the folder
            page.goto((relative / "posts").as_uri() + "/")
            listing = lxml.html.fromstring((relative / "posts/index.html").read_bytes())
            assert page.title() != listing.xpath("string(//title)").strip()
            assert page.locator("link[rel=stylesheet]").count() == 0
        finally:
            browser.close()
