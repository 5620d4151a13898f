"""Code blocks and diagrams in built pages: a fenced block names its language (`data-lang`, the
theme's label) in a `div.highlight` that the copy-button script enhances, with the button's words
in the page's language; a `mermaid` fence is its escaped source in `<pre class="mermaid">`, and
only a page with a diagram loads the vendored Mermaid through `js/diagrams.js`.

The browser side (the diagram drawn as SVG, the button copying) is tests/test_code_browser.py.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest

from polyblog.engine import Session
from polyblog.markup import code_frame, has_diagrams, highlight_code, mermaid_block
from polyblog.site import BuildOptions
from sitekit import MULTI_CONFIG, REPO_THEME, Built, SiteFactory, page, snapshot, without_search

Element = lxml.html.HtmlElement
VENDOR = REPO_THEME / "static" / "js" / "vendor" / "mermaid"
# The vendored file is `dist/mermaid.min.js` of the npm package, unchanged. To update it:
# `npm pack mermaid@VERSION`, copy package/dist/mermaid.min.js and package/LICENSE into
# VENDOR, then set both values here.
MERMAID_VERSION = "12.3.0"
MERMAID_SHA256 = "336df803d87a38b70a01e736e666c8f7601d2ce42f5e47c8fafe5d721074b9a3"

DIAGRAM = """\
Before the diagram.

```mermaid
graph LR
  A[Start] --> B{{ "<b>ok?</b>" }}
  B -->|yes| C</pre><script>alert(1)</script>
```

```python
def f(x):
    return x + 1
```

```nolang
x < y && z
```

```
no language at all
```
"""


def article(built: Built, url: str) -> Element:
    (found,) = built.html(url).xpath("//article[contains(@class, 'content')]")
    return found


def scripts(built: Built, url: str) -> list[str]:
    return [str(src) for src in built.html(url).xpath("//script/@src")]


@pytest.fixture(scope="module")
def site(site_factory: SiteFactory) -> Built:
    return site_factory.build(
        {
            "blog.yaml": MULTI_CONFIG,
            "content/posts/diagram.md": page("Diagram", DIAGRAM, date="2024-01-01"),
            "content/posts/diagram.fr.md": page("Schéma", DIAGRAM, date="2024-01-01"),
            "content/posts/diagram.ja.md": page("図", DIAGRAM, date="2024-01-01"),
            "content/posts/plain.md": page(
                "Plain",
                'No diagram: `<pre class="mermaid">`, and\n\n```html\n<div class="mermaid">\n```\n',
                date="2024-01-02",
            ),
            "content/posts/shortcode.md": page(
                "Shortcode",
                "{{< mermaid >}}\ngraph TD\nX-->Y\n{{< /mermaid >}}\n",
                date="2024-01-03",
            ),
            "content/posts/raw.md": page(
                "Raw", '<div class="mermaid">graph TD\nP-->Q</div>\n', date="2024-01-04"
            ),
            "content/posts/literal.md": page(
                "Literal",
                "```mermaid\ngraph TD\n  A[{{< ref x >}}] --> B\n```\n",
                date="2024-01-05",
            ),
        }
    )


# -- fenced code ---------------------------------------------------------------------------------


def test_a_fence_names_its_language_on_its_block(site: Built) -> None:
    body = article(site, "/posts/diagram/")
    blocks = body.xpath("div[contains(concat(' ', @class, ' '), ' highlight ')]")
    assert [b.get("data-lang") for b in blocks] == ["python", "nolang", None]
    python, unknown, bare = blocks
    assert python.xpath("string(.//code)") == "def f(x):\n    return x + 1\n"
    assert python.xpath(".//span[@class='k']/text()") == ["def", "return"]  # highlighted
    # a language Pygments does not know, and none at all: the same frame, plain code
    assert unknown.xpath("pre/code/@class") == ["language-nolang"]
    assert unknown.xpath("string(pre/code)") == "x < y && z\n"
    assert bare.xpath("string(pre/code)") == "no language at all\n"
    assert not body.xpath(".//button")  # the copy button is the script's, never in the HTML


def test_the_language_is_escaped_in_the_attribute() -> None:
    frame = code_frame(highlight_code("x\n", '"><script>'), '"><script>')
    root = lxml.html.fragment_fromstring(frame)
    assert root.get("data-lang") == '"><script>'
    assert root.xpath("//script") == []


def test_line_numbers_keep_one_frame(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {"content/posts/p.md": page("P", "```go\nx := 1\ny := 2\n```\n", date="2024-01-01")},
        config="base_url: https://example.org/\nmarkup:\n  highlight:\n    line_numbers: true\n",
    )
    (block,) = article(built, "/posts/p/").xpath("div[@data-lang]")
    assert block.get("data-lang") == "go"
    assert block.xpath("table[@class='highlighttable']//td[@class='code']//code")


def test_the_copy_script_gets_the_words_of_the_page_language(site: Built) -> None:
    expected = {
        "/posts/diagram/": ("Copy", "Copied"),
        "/fr/posts/diagram/": ("Copier", "Copié"),
        "/ja/posts/diagram/": ("コピー", "コピーしました"),
    }
    for url, (copy, copied) in expected.items():
        (script,) = site.html(url).xpath("//script[contains(@src, 'js/theme.js')]")
        assert (script.get("data-copy"), script.get("data-copied")) == (copy, copied), url
        assert script.get("defer") is not None
    assert "data-copied" in site.text("/js/theme.js")


# -- diagrams ------------------------------------------------------------------------------------


def test_a_mermaid_fence_is_its_escaped_source(site: Built) -> None:
    body = article(site, "/posts/diagram/")
    (pre,) = body.xpath("pre[@class='mermaid']")
    assert pre.text_content() == (
        'graph LR\n  A[Start] --> B{{ "<b>ok?</b>" }}\n'
        "  B -->|yes| C</pre><script>alert(1)</script>"
    )
    assert not pre.getchildren()  # text only: readable without script
    assert not body.xpath(".//script | .//b")
    assert not pre.xpath("ancestor::div[contains(@class, 'highlight')]")  # no copy button


def test_only_pages_with_a_diagram_load_the_script(site: Built) -> None:
    with_diagrams = ("/posts/diagram/", "/fr/posts/diagram/", "/posts/shortcode/", "/posts/raw/")
    for url in (*with_diagrams, "/posts/literal/"):
        assert "/js/diagrams.js" in scripts(site, url), url
        (tag,) = site.html(url).xpath("//script[contains(@src, 'diagrams.js')]")
        assert tag.get("defer") is not None
    for url in ("/posts/plain/", "/", "/posts/", "/tags/"):  # code that mentions one is not
        assert not any("diagrams" in s or "mermaid" in s for s in scripts(site, url)), url
    # nothing from another site, on any page
    for url in ("/posts/diagram/", "/posts/plain/"):
        external = [s for s in scripts(site, url) if re.match(r"(https?:)?//", s)]
        assert external == [], url


def test_calls_in_a_mermaid_fence_stay_as_written(site: Built) -> None:
    (pre,) = article(site, "/posts/literal/").xpath("pre[@class='mermaid']")
    assert pre.text_content() == "graph TD\n  A[{{< ref x >}}] --> B"


def test_the_vendored_mermaid_is_published_with_its_licence(site: Built) -> None:
    script = site.read("/js/vendor/mermaid/mermaid.min.js")
    assert hashlib.sha256(script).hexdigest() == MERMAID_SHA256
    assert f'version:"{MERMAID_VERSION}"'.encode() in script
    licence = site.text("/js/vendor/mermaid/LICENSE")
    assert "The MIT License" in licence and "Knut Sveidqvist" in licence
    diagrams = site.text("/js/diagrams.js")
    assert "vendor/mermaid/mermaid.min.js" in diagrams
    assert not re.search(r"https?://", diagrams)


def test_the_vendored_file_is_unchanged_in_the_theme() -> None:
    data = (VENDOR / "mermaid.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == MERMAID_SHA256
    assert (VENDOR / "LICENSE").is_file()


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<pre class="mermaid">graph TD</pre>', True),
        ('<pre class="mermaid sc-mermaid">graph TD</pre>', True),
        ("<div class='x mermaid'>graph TD</div>", True),
        ("<div class=mermaid>graph TD</div>", True),
        ('<pre class="mermaids">x</pre>', False),
        ('<pre class="not-mermaid">x</pre>', False),
        ("<p>a mermaid swims</p>", False),
        ("<code>&lt;pre class=&quot;mermaid&quot;&gt;</code>", False),
    ],
)
def test_has_diagrams(html: str, found: bool) -> None:
    assert has_diagrams(html) is found


def test_mermaid_block_escapes() -> None:
    root = lxml.html.fragment_fromstring(mermaid_block("a --> b & <c>\n"))
    assert (root.tag, root.get("class"), root.text) == ("pre", "mermaid", "a --> b & <c>")


def test_a_diagram_added_while_serving_loads_the_script(tmp_path: Path) -> None:
    """`blog serve`: the page a diagram is added to gets the script, the same as a clean build,
    and loses it when the diagram goes."""
    from polyblog.build import BuildRequest, build

    site = tmp_path / "site"
    post = site / "content/posts/p.md"
    post.parent.mkdir(parents=True)
    (site / "blog.yaml").write_text("title: T\nbase_url: https://example.org/\n")
    post.write_text(page("P", "Text.\n", date="2024-01-01"), encoding="utf-8")
    options = BuildOptions(drafts=True)
    session = Session(site, tmp_path / "served", options, jobs=1)
    session.full()
    for step, body in enumerate(["Text.\n\n```mermaid\ngraph TD\nA-->B\n```\n", "Text again.\n"]):
        post.write_text(page("P", body, date="2024-01-01"), encoding="utf-8")
        session.update([post])
        served = lxml.html.fromstring((tmp_path / "served/posts/p/index.html").read_bytes())
        loads = bool(served.xpath("//script[contains(@src, 'diagrams.js')]"))
        assert loads is (step == 0)
        clean = tmp_path / f"clean-{step}"
        build(
            BuildRequest(
                source=site, destination=clean, options=options, live_reload=True, cache=False
            )
        )
        assert snapshot(session.destination) == without_search(snapshot(clean))


def test_a_site_without_diagrams_does_not_publish_the_library(
    build_site: Callable[..., Built],
) -> None:
    """Mermaid (over 5 MB) is copied only when some page has a diagram."""
    plain = build_site({"content/posts/a.md": "---\ntitle: A\n---\n```python\nx = 1\n```\n"})
    assert not plain.exists("/js/vendor/mermaid/mermaid.min.js")
    assert not plain.exists("/js/diagrams.js")
    assert plain.exists("/js/theme.js")
    drawn = build_site(
        {"content/posts/a.md": "---\ntitle: A\n---\n```mermaid\ngraph TD; A-->B\n```\n"}
    )
    assert drawn.exists("/js/vendor/mermaid/mermaid.min.js")
