"""`--base-url` and `BLOG_BASE_URL` override blog.yaml: every absolute URL (canonical, hreflang,
Open Graph, JSON-LD, feeds, sitemaps, robots.txt) follows, and site links keep the sub-path."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from sitekit import MULTI_CONFIG, Built, image_bytes, page

SUB = "https://user.github.io/blog/"
FILES = {
    "content/_index.md": page("Home", "Welcome."),
    "content/_index.fr.md": page("Accueil", "Bienvenue."),
    "content/posts/a/index.md": page(
        "A", "See [b](/posts/b/).\n", date="2024-01-02", tags=["x"], images=["cover.png"]
    ),
    "content/posts/a/cover.png": image_bytes(),
    "content/posts/a/index.fr.md": page("A fr", "Voir [b](/fr/posts/b/).\n", date="2024-01-02"),
    "content/posts/b.md": page("B", "Text.\n", date="2024-01-03"),
    "content/posts/b.fr.md": page("B fr", "Texte.\n", date="2024-01-03"),
}
URL = re.compile(r"https?://[^\s\"'<>]+")
VOCABULARIES = ("https://schema.org",)  # JSON-LD @context: not a link of the site


def absolute_urls(built: Built) -> set[str]:
    found: set[str] = set()
    for rel, data in built.files().items():
        if not rel.endswith((".html", ".xml", ".txt")):
            continue
        if rel.endswith(".html"):
            tree = built.html("/" + rel)
            found.update(tree.xpath("//link/@href | //meta/@content | //a/@href | //img/@src"))
            for script in tree.xpath('//script[@type="application/ld+json"]'):
                found.update(URL.findall(json.dumps(json.loads(script.text))))
        elif rel.endswith(".xml"):
            root = built.xml("/" + rel)
            found.update(
                el.text or "" for el in root.iter() if str(el.tag).endswith(("loc", "link"))
            )
            found.update(str(el.get("href")) for el in root.iter() if el.get("href"))
        else:
            found.update(URL.findall(data.decode()))
    return {
        u for u in found if u.startswith(("http://", "https://")) and not u.startswith(VOCABULARIES)
    }


def test_environment_variable_moves_every_absolute_url(
    build_site: Callable[..., Built],
) -> None:
    built = build_site(FILES, config=MULTI_CONFIG, env={"BLOG_BASE_URL": SUB})
    urls = absolute_urls(built)
    assert len(urls) > 20
    assert {u for u in urls if not u.startswith(SUB)} == set()
    tree = built.html("/posts/a/")
    assert tree.xpath('//link[@rel="canonical"]/@href') == [SUB + "posts/a/"]
    assert tree.xpath('//meta[@property="og:image"]/@content') == [SUB + "posts/a/cover-social.jpg"]
    assert tree.xpath('//article//a[text()="b"]/@href') == ["/blog/posts/b/"]


def test_command_line_wins_over_the_environment(build_site: Callable[..., Built]) -> None:
    built = build_site(
        FILES,
        "--base-url",
        "https://cli.example/sub/",
        config=MULTI_CONFIG,
        env={"BLOG_BASE_URL": SUB},
    )
    urls = absolute_urls(built)
    assert urls and all(u.startswith("https://cli.example/sub/") for u in urls)
