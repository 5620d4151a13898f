"""The `--relative-urls` rewriter (render/relative.py): which URLs it rewrites, to what, and
that it changes nothing else. Assertions read the result parsed with lxml."""

from __future__ import annotations

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyblog.render.relative import relative_urls, url_rewriter


def rewrite(html: str, file: str = "posts/x/index.html", base: str = "/") -> str:
    return relative_urls(html.encode(), file, base).decode()


def parsed(html: str, file: str = "posts/x/index.html", base: str = "/") -> lxml.html.HtmlElement:
    return lxml.html.fromstring(rewrite(html, file, base))


def attr(html: str, xpath: str, file: str = "posts/x/index.html", base: str = "/") -> str:
    (value,) = parsed(f"<html><body>{html}</body></html>", file, base).xpath(xpath)
    return str(value)


@pytest.mark.parametrize(
    ("url", "file", "expected"),
    [
        ("/", "index.html", "./index.html"),
        ("/", "posts/x/index.html", "../../index.html"),
        ("/posts/", "index.html", "./posts/index.html"),
        ("/posts/y/", "posts/x/index.html", "../../posts/y/index.html"),
        ("/posts/x/", "posts/x/index.html", "../../posts/x/index.html"),
        ("/fr/", "fr/index.html", "../fr/index.html"),
        ("/css/style.css", "posts/x/index.html", "../../css/style.css"),
        ("/posts/y", "posts/x/index.html", "../../posts/y/index.html"),  # a folder: no dot
        ("/posts/y.html", "404.html", "./posts/y.html"),
        ("/tags/%E6%97%A5/", "404.html", "./tags/%E6%97%A5/index.html"),
        ("/posts/y/?page=2#top", "a/index.html", "../posts/y/index.html?page=2#top"),
        ("/#main", "index.html", "./index.html#main"),
        ("/?q=x", "index.html", "./index.html?q=x"),
    ],
)
def test_a_root_relative_url_becomes_relative_to_the_page(
    url: str, file: str, expected: str
) -> None:
    assert url_rewriter(file)(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/posts/",
        "//cdn.example.org/x.js",
        "/\\evil.example.org/",
        "posts/y/",
        "../y/",
        "./y.png",
        "#top",
        "?page=2",
        "mailto:me@example.org",
        "data:image/png;base64,AAAA",
        "",
    ],
)
def test_other_urls_stay_as_they_are(url: str) -> None:
    assert url_rewriter("posts/x/index.html")(url) is None


def test_a_base_path_is_the_output_folder() -> None:
    at = url_rewriter("fr/posts/x/index.html", "/blog/")
    assert at("/blog/fr/posts/y/") == "../../../fr/posts/y/index.html"
    assert at("/blog/") == "../../../index.html"
    assert at("/blog") == "../../../index.html"
    assert at("/blog/css/style.css") == "../../../css/style.css"
    assert at("/other/") is None  # outside the site: nothing in the output to point to
    assert at("/blogger/") is None
    assert url_rewriter("index.html", "/blog/")("/blog/posts/") == "./posts/index.html"


@pytest.mark.parametrize(
    ("html", "xpath", "expected"),
    [
        ('<a href="/posts/y/">y</a>', "//a/@href", "../../posts/y/index.html"),
        ('<img src="/posts/y/a.png">', "//img/@src", "../../posts/y/a.png"),
        ('<form action="/posts/y/"></form>', "//form/@action", "../../posts/y/index.html"),
        (
            '<form><button formaction="/posts/y/">b</button></form>',
            "//button/@formaction",
            "../../posts/y/index.html",
        ),
        ('<video poster="/posts/y/a.png"></video>', "//video/@poster", "../../posts/y/a.png"),
        ('<object data="/posts/y/a.svg"></object>', "//object/@data", "../../posts/y/a.svg"),
        (
            '<blockquote cite="/posts/y/"></blockquote>',
            "//blockquote/@cite",
            "../../posts/y/index.html",
        ),
        ('<a data-embed="/posts/y/" href="#">v</a>', "//a/@data-embed", "../../posts/y/index.html"),
        ('<A HREF="/posts/y/">y</A>', "//a/@href", "../../posts/y/index.html"),
        ("<a href='/posts/y/'>y</a>", "//a/@href", "../../posts/y/index.html"),
        ("<a href=/posts/y/>y</a>", "//a/@href", "../../posts/y/index.html"),
        (
            '<a class="x" href = "/posts/y/" title="t">y</a>',
            "//a/@href",
            "../../posts/y/index.html",
        ),
        ('<a href=" /posts/y/ ">y</a>', "//a/@href", "../../posts/y/index.html"),
    ],
)
def test_url_attributes(html: str, xpath: str, expected: str) -> None:
    assert attr(html, xpath).strip() == expected


def test_svg_links() -> None:
    html = '<svg><use xlink:href="/icons.svg#rss"></use><a href="/posts/"><text>t</text></a></svg>'
    out = rewrite(html)
    assert 'xlink:href="../../icons.svg#rss"' in out
    assert 'href="../../posts/index.html"' in out


def test_srcset_candidates() -> None:
    value = attr(
        '<img src="/a.png" srcset="/a.png 1x, /b-2x.png 2x,/c.png 3x, https://x.org/d.png 4x">',
        "//img/@srcset",
    )
    assert value == "../../a.png 1x, ../../b-2x.png 2x,../../c.png 3x, https://x.org/d.png 4x"
    widths = attr('<img srcset="/a.png 480w,/b.png 800w">', "//img/@srcset")
    assert widths == "../../a.png 480w,../../b.png 800w"
    one = attr('<source srcset="/only.webp">', "//source/@srcset")
    assert one == "../../only.webp"
    preload = rewrite('<link rel="preload" as="image" imagesrcset="/a.png 1x, /b.png 2x">')
    assert 'imagesrcset="../../a.png 1x, ../../b.png 2x"' in preload


def test_css_urls_in_style_attributes_and_style_elements() -> None:
    out = rewrite(
        '<div style="background: url(/img/a.png) no-repeat"></div>'
        "<div style='background-image: url(\"/img/b.png\")'></div>"
        '<div style="background-image: URL(&quot;/img/c.png&quot;)"></div>'
        "<style>.hero { background: url( '/img/d.png' ) } .x { background: url(img/e.png) }"
        " .y { background: url(https://x.org/f.png) }</style>"
    )
    assert "url(../../img/a.png)" in out
    assert 'url("../../img/b.png")' in out
    assert "URL(&quot;../../img/c.png&quot;)" in out
    assert "url( '../../img/d.png' )" in out
    assert "url(img/e.png)" in out
    assert "url(https://x.org/f.png)" in out


def test_meta_refresh_but_not_other_meta_content() -> None:
    out = parsed(
        '<html><head><meta http-equiv="refresh" content="0; url=/posts/y/">'
        '<meta property="og:image" content="/posts/y/a.png">'
        '<meta name="description" content="url=/not/a/link/"></head></html>'
    )
    refresh, og, description = out.xpath("//meta/@content")
    assert refresh == "0; url=../../posts/y/index.html"
    assert og == "/posts/y/a.png"
    assert description == "url=/not/a/link/"


def test_absolute_urls_stay_absolute() -> None:
    head = (
        '<link rel="canonical" href="https://example.org/posts/x/">'
        '<link rel="alternate" hreflang="fr" href="https://example.org/fr/posts/x/">'
        '<meta property="og:url" content="https://example.org/posts/x/">'
        '<link rel="alternate" type="application/rss+xml" href="/index.xml">'
    )
    tree = parsed(f"<html><head>{head}</head><body></body></html>")
    assert tree.xpath("//link[@rel='canonical']/@href") == ["https://example.org/posts/x/"]
    assert tree.xpath("//link[@hreflang]/@href") == ["https://example.org/fr/posts/x/"]
    assert tree.xpath("//meta/@content") == ["https://example.org/posts/x/"]
    assert tree.xpath("//link[@type]/@href") == ["../../index.xml"]


def test_text_comments_scripts_and_raw_text_are_not_touched() -> None:
    html = (
        "<p>Write href=\"/posts/y/\" in &lt;a href='/x'&gt; to link.</p>"
        '<!-- <a href="/posts/commented/"> -->'
        '<script>const a = "<a href=\\"/posts/in-js/\\">"; fetch("/index.json");</script>'
        '<SCRIPT type="module">import "/js/m.js"</SCRIPT>'
        '<textarea><a href="/posts/typed/"></a></textarea>'
        '<title>a <a href="/posts/title/"></title>'
        '<pre><code>&lt;a href="/posts/code/"&gt;</code></pre>'
        '<script src="/js/app.js"></script>'
    )
    out = rewrite(html)
    assert out == html.replace('src="/js/app.js"', 'src="../../js/app.js"')


def test_nothing_else_changes() -> None:
    html = (
        '<!DOCTYPE html>\n<html lang="ja">\n<head><meta charset=utf-8>\r\n'
        "<?xml-stylesheet href='/x.xsl'?><![CDATA[ <a href='/c/'> ]]>"
        '</head><body class="a  b" data-x=\'1\'>日本語 <br/><img alt="&quot;/a/&quot;" '
        'src="/img/a.png"  ><input disabled value=/posts/></body></html>'
    )
    out = rewrite(html)
    assert out == html.replace('src="/img/a.png"', 'src="../../img/a.png"')


def test_a_page_without_root_relative_urls_is_returned_as_it_was() -> None:
    page = b"<html><body><a href='https://x.org/'>x</a><a href='y/'>y</a></body></html>"
    assert relative_urls(page, "posts/x/index.html") is page


@pytest.mark.parametrize(
    "html",
    [
        '<a href="/posts/',  # cut off in a quoted value
        "<a href=/x",  # cut off in a tag
        "<a",
        "<",
        "a < b and c<3 and <-- not a comment",
        "<!-- never closed <a href='/x/'>",
        "<script>never closed <a href='/x/'>",
        '<a href="/x/"',
        "<a =x href='/y/'>",
        "<a href=\"/x/' title='t\">",
    ],
)
def test_broken_markup_does_not_raise(html: str) -> None:
    relative_urls(html.encode(), "posts/x/index.html")


def test_bytes_that_are_not_utf8_survive() -> None:
    page = b'<p>\xff\xfe</p><a href="/y/">y</a>'
    assert relative_urls(page, "index.html") == b'<p>\xff\xfe</p><a href="./y/index.html">y</a>'


TOKENS = [*"<>/=\"' \n-!?abcdhrefsrcsetyl:(),.#", "href=", "<a ", "url(", "<style>", "<!--"]
html_ish = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(html_ish, st.sampled_from(["index.html", "a/index.html", "a/b/c.html"]))
def test_rewriting_is_total_and_idempotent(html: str, file: str) -> None:
    once = relative_urls(html.encode(), file)
    assert relative_urls(once, file) == once
