"""`blog build --relative-urls` on whole sites: every internal link of every page resolves to a
file relative to the page, goes where the normal build's link goes, and absolute URLs, feeds,
sitemaps and copied files are the normal build's, byte for byte."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from sitekit import MULTI_CONFIG, Built, SiteFactory, copy_example_site, page, run_site, snapshot

BASE = "https://example.org/blog/"
# (xpath of the elements, attribute) whose URLs a browser follows or loads
LINKS = [
    ("//a[@href]", "href"),
    ("//link[@href]", "href"),
    ("//img[@src]", "src"),
    ("//script[@src]", "src"),
    ("//img[@srcset] | //source[@srcset]", "srcset"),
    ("//video[@poster]", "poster"),
    ("//iframe[@src]", "src"),
    ("//form[@action]", "action"),
]


def urls(tree: lxml.html.HtmlElement) -> list[str]:
    out: list[str] = []
    for xpath, attr in LINKS:
        for el in tree.xpath(xpath):
            value = str(el.get(attr)).strip()
            if attr == "srcset":
                out += [part.strip().split()[0] for part in value.split(",") if part.strip()]
            else:
                out.append(value)
    return out


def parse(data: bytes) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(encoding="utf-8"))


def is_outside(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def target(page_file: str, url: str, base_path: str = "/") -> str | None:
    """The output file a URL of `page_file` loads, as a server or a browser reading files would
    find it (None: another site, or the page itself)."""
    if is_outside(url):
        return None
    path = unquote(urlsplit(url).path)
    if not path:
        return None  # `#fragment` or `?query` on the page itself
    if path.startswith("/"):
        path = path + "/" if path + "/" == base_path else path
        assert path.startswith(base_path), path
        inside = path[len(base_path) :]
    else:
        inside = posixpath.normpath(posixpath.join(posixpath.dirname(page_file), path))
        assert not inside.startswith(".."), (page_file, url)
        inside = "" if inside == "." else inside + ("/" if path.endswith("/") else "")
    if inside == "" or inside.endswith("/"):
        inside += "index.html"
    elif "." not in inside.rsplit("/", 1)[-1]:
        inside += "/index.html"
    return inside


@pytest.fixture(scope="module")
def example(site_factory: SiteFactory) -> tuple[Built, Built]:
    """The example site under a sub-path, built normally and with --relative-urls."""
    root = copy_example_site(site_factory.new_root("relative") / "site")
    plain = run_site(root, root.parent / "plain", ["--base-url", BASE])
    relative = run_site(root, root.parent / "relative", ["--base-url", BASE, "--relative-urls"])
    return plain, relative


def html_files(built: Built) -> dict[str, bytes]:
    return {rel: data for rel, data in built.files().items() if rel.endswith(".html")}


def test_every_link_resolves_to_a_file_relative_to_its_page(example: tuple[Built, Built]) -> None:
    _plain, relative = example
    files = set(relative.files())
    checked = 0
    for rel, data in html_files(relative).items():
        for url in urls(parse(data)):
            assert not url.startswith("/") or url.startswith("//"), (rel, url)
            found = target(rel, url)
            if found is None:
                continue
            assert found in files, f"{rel}: {url} -> {found} does not exist"
            checked += 1
    assert checked > 3000  # the example site has thousands of internal links


def test_every_link_goes_where_the_normal_builds_link_goes(example: tuple[Built, Built]) -> None:
    plain, relative = example
    plain_pages, relative_pages = html_files(plain), html_files(relative)
    assert plain_pages.keys() == relative_pages.keys()
    for rel, data in relative_pages.items():
        ours = [target(rel, url) for url in urls(parse(data))]
        theirs = [target(rel, url, "/blog/") for url in urls(parse(plain_pages[rel]))]
        assert ours == theirs, rel


def test_absolute_urls_feeds_sitemaps_and_copies_are_unchanged(
    example: tuple[Built, Built],
) -> None:
    _plain, relative = example
    # the search index keeps each page's image URLs as the page writes them
    before, after = (
        {k: v for k, v in built.files().items() if not k.startswith("pagefind/")}
        for built in example
    )
    assert before.keys() == after.keys()
    others = [rel for rel in before if not rel.endswith(".html")]
    assert any(rel.endswith(".xml") for rel in others) and any(".css" in rel for rel in others)
    for rel in others:
        assert before[rel] == after[rel], rel
    absolute = (
        "//link[@rel='canonical']/@href | //link[@hreflang][not(@type)]/@href"
        " | //meta[@property]/@content | //script[@type='application/ld+json']/text()"
    )
    for rel, data in html_files(relative).items():
        assert parse(data).xpath(absolute) == parse(before[rel]).xpath(absolute), rel
    home = parse(after["index.html"])
    assert home.xpath("//link[@rel='canonical']/@href") == [BASE]


def test_relative_output_is_byte_identical_from_build_to_build(
    example: tuple[Built, Built],
) -> None:
    _plain, relative = example
    before = relative.files()
    again = relative.rebuild("--jobs", "2")  # pages rewritten in the worker processes too
    assert again.public == relative.public
    assert snapshot(again.public) == before


def test_links_to_home_pages_and_stylesheets_in_a_multilingual_site(
    site_factory: SiteFactory,
) -> None:
    built = site_factory.build(
        {
            "content/posts/hello/index.md": page("Hello", "See [about](/about/).", tags=["a"]),
            "content/posts/hello/index.fr.md": page("Bonjour", "Voir [à propos](/fr/about/)."),
            "content/about.md": page("About"),
            "content/about.fr.md": page("À propos"),
        },
        "--relative-urls",
        config=MULTI_CONFIG,
    )
    home = built.html("/")
    assert "./index.html" in home.xpath("//a/@href")
    assert home.xpath("//link[@rel='stylesheet']/@href")[0].startswith("./css/")
    post = built.html("/fr/posts/hello/")
    assert post.xpath("//link[@rel='stylesheet']/@href")[0].startswith("../../../css/")
    assert "../../../fr/about/index.html" in post.xpath("//article//a/@href")
    switcher = set(post.xpath("//a[@hreflang='en-US']/@href"))  # to the English original
    assert switcher == {"../../../posts/hello/index.html"}
    assert post.xpath("//link[@rel='canonical']/@href") == ["https://example.org/fr/posts/hello/"]


def test_without_the_option_urls_stay_root_relative(site_factory: SiteFactory) -> None:
    built = site_factory.build({"content/posts/hello.md": page("Hello")})
    sheets = built.html("/posts/hello/").xpath("//link[@rel='stylesheet']/@href")
    assert sheets and all(str(href).startswith("/css/") for href in sheets)
