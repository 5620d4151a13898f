"""Writes the screenshots of docs/theme.md (docs/images/theme-*.png) from the demo site of
tests/themesite.py, in Chromium (/usr/bin/chromium), light and dark:

    PYTHONPATH=src python tests/a11y/screenshots.py          # all of them
    PYTHONPATH=src python tests/a11y/screenshots.py code     # only the code block and diagram

Every page type, and one picture per documented param where it shows."""

from __future__ import annotations

import functools
import http.server
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS))

from sitekit import run_site, write_files  # noqa: E402
from themesite import PAGES, demo_site  # noqa: E402

OUT = TESTS.parent / "docs" / "images"
SIZE = {"width": 960, "height": 640}
PAGE_TYPES = ["home", "post", "list", "taxonomy", "term", "series", "404", "shortcodes"]

HOOKS = {
    name: f'<div class="hook-demo">partials/hooks/{name}.html</div>\n'
    for name in ("post-header", "post-footer", "body-end")
}
HOOKS_CSS = (
    "<style>.hook-demo{margin:1rem 0;padding:.6rem 1rem;border:2px dashed #b45309;"
    "border-radius:8px;color:#7c2d12;background:#fff7ed;font:600 .9rem/1.4 monospace}</style>\n"
)


CODE_POST = """\
---
title: Code and diagrams
date: 2025-03-01
---
## The build

```python
def build(site):
    pages = render(site)
    return write(pages)
```

```mermaid
graph LR
  A[Write] --> B{Builds?}
  B -->|yes| C[Publish]
  B -->|no| A
```
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(files: dict[str, str | bytes]) -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        write_files(root, files)
        built = run_site(root, root / "public", ["--quiet"])
        handler = functools.partial(_Quiet, directory=str(built.public))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()


def shoot(browser: Any, base: str, scheme: str, jobs: list[tuple[str, str, str | None]]) -> None:
    """jobs: (url, file name, CSS selector of the element to show, or None for the viewport)."""
    context = browser.new_context(color_scheme=scheme, viewport=SIZE)
    page = context.new_page()
    for url, name, selector in jobs:
        page.goto(base + url)
        path = OUT / f"theme-{name}.png"
        if selector is None:
            page.screenshot(path=str(path))
        else:
            page.locator(selector).first.screenshot(path=str(path))
        print(path.relative_to(TESTS.parent), path.stat().st_size)
    context.close()


def code_blocks(browser: Any, site: dict[str, str | bytes]) -> None:
    """A code block (language label, copy button) and a Mermaid diagram, light and dark."""
    files = {**site, "content/posts/code-and-diagrams.md": CODE_POST}
    with served(files) as base:
        for scheme in ("light", "dark"):
            context = browser.new_context(color_scheme=scheme, viewport=SIZE)
            page = context.new_page()
            page.goto(base + "/posts/code-and-diagrams/")
            page.locator("pre.mermaid svg").wait_for(timeout=20_000)
            page.locator(".code-copy").first.wait_for()
            path = OUT / f"theme-code-{scheme}.png"
            page.locator("article.content").screenshot(path=str(path))
            print(path.relative_to(TESTS.parent), path.stat().st_size)
            context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    site = demo_site()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        if sys.argv[1:] == ["code"]:
            code_blocks(browser, site)
            browser.close()
            return
        code_blocks(browser, site)
        with served(site) as base:
            for scheme in ("light", "dark"):
                jobs = [(PAGES[kind], f"{kind}-{scheme}", None) for kind in PAGE_TYPES]
                shoot(browser, base, scheme, jobs)
            shoot(
                browser,
                base,
                "light",
                [
                    ("/", "header", "header.site-header"),
                    ("/", "author", ".intro .author-card"),
                    (PAGES["post"], "author-post", "footer.post-footer"),
                    ("/", "footer", "footer.site-footer"),
                    ("/fr/", "footer-fr", "footer.site-footer"),
                ],
            )
        accent = dict(site)
        accent["blog.yaml"] = str(site["blog.yaml"]) + "  accent: '#c2410c'\n"
        with served(accent) as base:
            for scheme in ("light", "dark"):
                shoot(browser, base, scheme, [(PAGES["post"], f"accent-{scheme}", None)])
        hooks = dict(site)
        hooks.update({f"layouts/partials/hooks/{k}.html": v for k, v in HOOKS.items()})
        hooks["layouts/partials/hooks/head-end.html"] = HOOKS_CSS
        with served(hooks) as base:
            shoot(browser, base, "light", [("/posts/two-languages/", "hooks", "main")])
        browser.close()


if __name__ == "__main__":
    main()
