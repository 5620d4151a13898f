"""Hostile and broken content (issue 7): a build never leaks, escapes its destination, runs
content as template code, hangs or crashes. See docs/security.md for the guarantee each test
proves."""

from __future__ import annotations

import html
import json
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from sitekit import (
    REPO_THEME,
    SITES,
    Built,
    SiteFactory,
    ensure_theme,
    image_bytes,
    page,
    run_site,
    snapshot,
)
from test_build_errors import CASES, extra_args

SECRET = "TOP-SECRET-do-not-publish"


def tree_snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file (bytes) and symlink (its target) under `folder`, and every empty folder."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = f"-> {path.readlink()}"
        elif path.is_file():
            out[rel] = path.read_bytes()
        elif path.is_dir() and not any(path.iterdir()):
            out[rel] = "<empty dir>"
    return out


# -- a failed build changes nothing ---------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_failed_build_leaves_site_and_previous_output_byte_identical(
    site_factory: SiteFactory, name: str
) -> None:
    """Every invalid fixture, built over a previous output: the site folder (with public/ in it)
    and the folder around it are byte-identical afterwards, with no staging folder left."""
    outer = site_factory.new_root(f"outer-{name}")
    root = outer / "site"
    shutil.copytree(SITES / "invalid" / name, root, symlinks=True)
    ensure_theme(root)
    previous = {"index.html": b"<p>previous</p>", "posts/x/index.html": b"old", ".git/HEAD": b"x"}
    for rel, data in previous.items():
        (root / "public" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "public" / rel).write_bytes(data)
    (outer / "neighbour.txt").write_text("untouched")
    before = tree_snapshot(outer)
    run_site(root, root / "public", extra_args(name), ok=False)
    assert tree_snapshot(outer) == before


# -- resource limits ------------------------------------------------------------------------------


def test_content_file_over_the_size_limit_is_an_error(
    build_site: Callable[..., Built], monkeypatch: pytest.MonkeyPatch
) -> None:
    import polyblog.content.discover as discover

    monkeypatch.setattr(discover, "MAX_FILE_BYTES", 1000)
    fits = "---\ntitle: Fits\n---\n" + "x" * (1000 - 20)
    assert len(fits) == 1000
    built = build_site({"content/fits.md": fits})
    assert built.exists("/fits/")
    built = build_site({"content/big.md": fits + "x"}, ok=False)
    assert "content/big.md: error: file larger than" in built.result.stderr


def test_read_text_stops_at_the_limit(tmp_path: Path) -> None:
    """A 20 MB paste is refused after reading 4 MB + 1 byte, not loaded whole."""
    from polyblog.content.discover import MAX_FILE_BYTES, read_text
    from polyblog.errors import ContentError

    big = tmp_path / "big.md"
    with big.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: 20 MB of NUL bytes would also be binary
    with pytest.raises(ContentError, match="larger than 4 MB"):
        read_text(big, "content/big.md")
    assert MAX_FILE_BYTES == 4 * 1024 * 1024


@pytest.mark.slow
def test_content_file_at_the_size_limit_builds(build_site: Callable[..., Built]) -> None:
    from polyblog.content.discover import MAX_FILE_BYTES

    para = "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit.\n" * 8 + "\n"
    head = "---\ntitle: Big\n---\n"
    body = para * ((MAX_FILE_BYTES - len(head)) // len(para))
    built = build_site({"content/big.md": head + body})
    assert built.html("/big/").xpath("count(//main//p)") > 1000


def test_terms_per_page_up_to_the_limit(build_site: Callable[..., Built]) -> None:
    from polyblog.content.discover import MAX_TERMS

    tags = [f"t{i}" for i in range(MAX_TERMS)]
    built = build_site({"content/x.md": page("X", tags=tags)})
    assert built.exists(f"/tags/t{MAX_TERMS - 1}/")


# -- output paths ---------------------------------------------------------------------------------


def test_output_path_too_long_is_refused_before_anything_is_written(
    build_site: Callable[..., Built], monkeypatch: pytest.MonkeyPatch
) -> None:
    import polyblog.build

    def no_staging(*args: object) -> None:
        raise AssertionError("the staging folder was created before the path check")

    monkeypatch.setattr(polyblog.build, "Staging", no_staging)
    url = "/" + "/".join("a" * 250 for _ in range(17)) + "/"  # each name fits, the path does not
    built = build_site(
        {"content/posts/x.md": f"---\ntitle: X\nurl: {url}\n---\n", "content/ok.md": page("OK")},
        ok=False,
    )
    err = built.result.stderr
    assert "content/posts/x.md:3: error: output path too long for the file system" in err
    assert not built.public.exists()


def test_long_alias_is_refused_naming_the_alias_line(build_site: Callable[..., Built]) -> None:
    alias = "/" + "/".join("b" * 250 for _ in range(17)) + "/"
    built = build_site(
        {"content/x.md": f"---\ntitle: X\naliases:\n  - {alias}\n---\n"},
        ok=False,
    )
    assert "content/x.md:3: error: output path too long" in built.result.stderr


def test_long_title_in_a_permalink_is_an_error(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {"content/posts/x.md": page("word " * 80)},
        config="base_url: https://example.org/\npermalinks:\n  posts: /:year/:title/\n",
        ok=False,
    )
    assert "content/posts/x.md: error: slug: gives a URL segment of" in built.result.stderr


def test_hostile_valid_site_writes_only_inside_the_destination(site_factory: SiteFactory) -> None:
    """Every path-shaped front-matter value at once; the folder around the destination and the
    site folder hold exactly what they held, plus the destination."""
    outer = site_factory.new_root("outer")
    root, public = outer / "site", outer / "out" / "public"
    files = {
        "blog.yaml": "base_url: https://example.org/\n",
        "content/posts/a/index.md": page(
            "A",
            slug="..%2f..%2fx",
            aliases=["old/../../../a", "/%2e%2e/b", "rel-alias"],
            tags=["%2e%2e", "/etc/passwd", "C:\\Windows", "~root"],
            images=["../../../../etc/passwd", "/../x.png"],
        ),
        "content/posts/a/..hidden.png": image_bytes(),
        "content/posts/b.md": page("B", url="/b%2F..%2F..%2Fc/"),
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    ensure_theme(root)
    site_before = tree_snapshot(root)
    (outer / "out").mkdir()
    built = run_site(root, public, ok=None)
    assert "Traceback" not in built.result.output
    assert sorted(p.name for p in (outer / "out").iterdir()) == (
        ["public"] if built.result.exit_code == 0 else []
    )
    assert sorted(p.name for p in outer.iterdir()) == ["out", "site"]
    # the one place a build writes besides the destination: its cache folder (see security.md)
    after = tree_snapshot(root)
    cache = {rel for rel in after if rel.startswith(".blog-cache/")}
    entries = {rel for rel in cache if rel.startswith(".blog-cache/engine/")}
    assert all(rel.endswith(".bin") for rel in entries)
    if built.result.exit_code == 0:
        assert cache == {".blog-cache/CACHEDIR.TAG", ".blog-cache/lock"} | entries
        assert len(entries) == 2  # a head and a model
    else:
        assert cache == set()
    assert {rel: data for rel, data in after.items() if rel not in cache} == site_before
    # with --no-cache not even that
    shutil.rmtree(root / ".blog-cache", ignore_errors=True)
    shutil.rmtree(outer / "out")
    (outer / "out").mkdir()
    run_site(root, public, ["--no-cache"], ok=None)
    assert tree_snapshot(root) == site_before


# -- content is data, never template code ---------------------------------------------------------

TEMPLATE_SYNTAX = "{{ 7 * 7 }} {% if true %}yes{% endif %} {# c #} ${{7*7}}"


@pytest.fixture(scope="module")
def literal(site_factory: SiteFactory) -> Built:
    body = (
        f"Body {TEMPLATE_SYNTAX}\n\n"
        f'{{{{< details summary="{TEMPLATE_SYNTAX}" >}}}}inner {TEMPLATE_SYNTAX}'
        "{{< /details >}}\n\n"
        "`{{ code }}`\n"
    )
    return site_factory.build(
        {
            "content/posts/x.md": page(
                TEMPLATE_SYNTAX,
                body,
                date="2024-01-01",
                description=f"D {TEMPLATE_SYNTAX}",
                summary=f"S {TEMPLATE_SYNTAX}",
                tags=[TEMPLATE_SYNTAX],
            )
        }
    )


def test_template_syntax_in_content_reaches_the_page_literally(literal: Built) -> None:
    tree = literal.html("/posts/x/")
    text = tree.text_content()
    assert "49" not in text.replace("2024", "")
    assert tree.xpath("//main//h1")[0].text_content() == TEMPLATE_SYNTAX
    assert tree.findtext(".//title").startswith(TEMPLATE_SYNTAX)
    assert tree.xpath('//meta[@name="description"]/@content') == [f"D {TEMPLATE_SYNTAX}"]
    assert f"Body {TEMPLATE_SYNTAX}" in text
    assert tree.xpath("//details/summary")[0].text_content() == TEMPLATE_SYNTAX
    assert f"inner {TEMPLATE_SYNTAX}" in tree.xpath("//details")[0].text_content()
    assert "{{ code }}" in text


def test_template_syntax_in_summary_and_terms_is_literal_in_lists_and_feeds(
    literal: Built,
) -> None:
    home = literal.html("/").text_content()
    assert f"S {TEMPLATE_SYNTAX}" in home
    feed = ET.fromstring(literal.read("/index.xml"))
    item = feed.find("channel/item")
    assert item is not None
    assert item.findtext("title") == TEMPLATE_SYNTAX
    assert TEMPLATE_SYNTAX in html.unescape(item.findtext("description") or "")
    assert [c.text for c in item.iter("category")] == [TEMPLATE_SYNTAX]


# -- escaping for where each value lands ---------------------------------------------------------

HOSTILE_TITLE = "</script><!--<script>alert(1)</script> Q&A \"q\" 'a' <b>&amp;"
HOSTILE_DESC = '"><script>alert(2)</script> & </title>'
HOSTILE_BODY = "A & B <x> ]]> </description> &c"


@pytest.fixture(scope="module")
def escaped(site_factory: SiteFactory) -> Built:
    return site_factory.build(
        {
            "content/posts/x.md": page(
                HOSTILE_TITLE,
                HOSTILE_BODY + "\n",
                date="2024-01-01",
                description=HOSTILE_DESC,
                tags=["<i>t</i> & u"],
                url="/a&b'c/",
            )
        },
        config="base_url: https://example.org/\nmarkup:\n  unsafe_html: false\n",
    )


def test_title_and_description_are_escaped_in_head(escaped: Built) -> None:
    tree = escaped.html("/a&b'c/")
    assert tree.findtext(".//title").startswith(HOSTILE_TITLE)
    assert tree.xpath('//meta[@name="description"]/@content') == [HOSTILE_DESC]
    assert tree.xpath('//meta[@property="og:title"]/@content') == [HOSTILE_TITLE]
    assert tree.xpath('//meta[@property="og:description"]/@content') == [HOSTILE_DESC]
    assert tree.xpath("//b") == [] and tree.xpath("//x") == [] and tree.xpath("//i") == []
    scripts = tree.xpath("//script")
    data_blocks = [s for s in scripts if s.get("type") == "application/ld+json"]
    theme = [s for s in scripts if s.get("type") != "application/ld+json"]  # the theme's own
    assert [s.get("src", "").rsplit("/", 1)[-1] for s in theme] == ["", "theme.js", "search.js"]
    assert "polyblog-color-scheme" in theme[0].text and "alert" not in theme[0].text
    assert data_blocks == scripts[: len(data_blocks)]


def test_json_ld_cannot_be_broken_out_of(escaped: Built) -> None:
    raw = escaped.text("/a&b'c/")
    tree = escaped.html("/a&b'c/")
    (ld,) = tree.xpath('//script[@type="application/ld+json"]')
    data = json.loads(ld.text)
    assert data["headline"] == HOSTILE_TITLE
    block = raw[raw.index('<script type="application/ld+json">') :]
    block = block[: block.index("</script>")]
    assert "<" not in block[len('<script type="application/ld+json">') :]


def test_body_is_escaped_once_in_the_page(escaped: Built) -> None:
    tree = escaped.html("/a&b'c/")
    assert HOSTILE_BODY in tree.xpath("//main")[0].text_content()


def test_feed_is_well_formed_and_escaped_exactly_once(escaped: Built) -> None:
    feed = ET.fromstring(escaped.read("/index.xml"))
    item = feed.find("channel/item")
    assert item is not None
    assert item.findtext("title") == HOSTILE_TITLE
    assert item.findtext("link") == "https://example.org/a&b'c/"
    summary_html = item.findtext("description") or ""
    # the description is the summary's HTML, and that HTML shows the text as written
    assert summary_html.startswith("<p>")
    assert html.unescape(summary_html.removeprefix("<p>").split("</p>")[0]) == HOSTILE_BODY
    assert [c.text for c in item.iter("category")] == ["<i>t</i> & u"]
    tag_feed = ET.fromstring(escaped.read("/tags/it/i-u/index.xml"))  # Hugo keeps "/" in terms
    assert tag_feed.findtext("channel/item/title") == HOSTILE_TITLE


def test_sitemap_is_well_formed_and_escaped_exactly_once(escaped: Built) -> None:
    sitemap = ET.fromstring(escaped.read("/sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [el.text for el in sitemap.findall("s:url/s:loc", ns)]
    assert "https://example.org/a&b'c/" in locs


def test_image_params_accept_only_site_paths(build_site: Callable[..., Built]) -> None:
    images = [
        "javascript:alert(1)",
        "//evil.example/x.png",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "https://cdn.example/ok.png",
        "cover.png",
    ]
    built = build_site(
        {
            "content/posts/x/index.md": page("X", images=images),
            "content/posts/x/cover.png": image_bytes(),
        }
    )
    tree = built.html("/posts/x/")
    og = tree.xpath('//meta[@property="og:image"]/@content')
    assert og == ["https://example.org/posts/x/cover-social.jpg"]  # made from cover.png
    srcs = tree.xpath("//main//img/@src")
    assert srcs == ["/posts/x/cover.png"]


# -- symlinks -------------------------------------------------------------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    (folder / "templates" / "partials").mkdir(parents=True)
    (folder / "i18n").mkdir()
    (folder / "static").mkdir()
    (folder / "secret.txt").write_text(SECRET)
    (folder / "secret.html").write_text(SECRET)
    (folder / "templates" / "single.html").write_text(SECRET)
    (folder / "templates" / "list.html").write_text(SECRET)
    (folder / "templates" / "404.html").write_text(SECRET)
    (folder / "templates" / "partials" / "footer.html").write_text(SECRET)
    (folder / "en.yaml").write_text(f"read_more: {SECRET}\n")
    (folder / "i18n" / "en.yaml").write_text(f"read_more: {SECRET}\n")
    (folder / "static" / "s.txt").write_text(SECRET)
    return folder


LINKS = {
    # link in the site -> (target in the outside folder, is a folder)
    "content/posts/x/leak.txt": ("secret.txt", False),
    "content/posts/x/img": ("static", True),
    "content/posts/y": ("templates", True),
    "static/leak.txt": ("secret.txt", False),
    "static/dir": ("static", True),
    "layouts/single.html": ("secret.html", False),
    "layouts/partials": ("templates/partials", True),
    "i18n/en.yaml": ("en.yaml", False),
    "themes/default": ("", True),  # the bundled theme of that name is used instead
    "themes/local/templates/list.html": ("secret.html", False),
    "themes/local/i18n": ("i18n", True),
}


def _linked_site(site_factory: SiteFactory, secret: Path, link: str, theme: str) -> Path:
    root = site_factory.new_root("links")
    files = {
        "blog.yaml": f"base_url: https://example.org/\ntheme: {theme}\n",
        "content/posts/x/index.md": page("X", "Text.\n", date="2024-01-01", summary="Sum"),
        "content/posts/x/ok.txt": "ok",
        "static/ok.txt": "ok",
    }
    if theme == "local":
        shutil.copytree(REPO_THEME, root / "themes" / "local")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    target, is_dir = LINKS[link]
    path = root / link
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(secret / target if target else secret, target_is_directory=is_dir)
    return root


@pytest.mark.parametrize("link", list(LINKS))
def test_symlink_leaving_the_site_is_not_followed(
    site_factory: SiteFactory, secret: Path, link: str
) -> None:
    theme = "local" if link.startswith("themes/local") else "default"
    root = _linked_site(site_factory, secret, link, theme)
    built = run_site(root, root / "public", ok=None)
    output = b"".join(snapshot(built.public).values())
    assert SECRET.encode() not in output
    assert SECRET not in built.result.output
    if built.result.exit_code == 0:
        assert f"{link}: warning: symlink points outside the site folder" in built.result.stderr
    else:  # a template the theme needs: its absence is the error, naming the link
        assert link.endswith(".html"), built.result.output
        assert f"({link}: symlink points outside the site folder" in built.result.stderr
    if built.result.exit_code == 0:
        strict = run_site(root, root / "public", ["--strict"], ok=False)
        assert f"{link}: error: warning (--strict): symlink points outside" in strict.result.stderr


def test_theme_behind_a_symlink_leaving_the_site_is_not_used(
    site_factory: SiteFactory, secret: Path
) -> None:
    root = _linked_site(site_factory, secret, "themes/default", "default")
    (root / "themes/mine").symlink_to(secret, target_is_directory=True)
    (root / "blog.yaml").write_text("base_url: https://example.org/\ntheme: mine\n")
    built = run_site(root, root / "public", ok=False)
    assert "blog.yaml: error: theme: no theme 'mine'" in built.result.stderr
    assert "themes/mine points outside the site folder" in built.result.stderr


def test_symlinks_inside_the_site_work(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/x/index.md": page("X"),
            "shared/pics/p.png": image_bytes(),
            "shared/robots/extra.txt": "extra",
            "shared/single.html": "{% extends 'base.html' %}{% block main %}LINKED{% endblock %}",
        },
        ok=None,
    )
    root = built.root
    (root / "content/posts/x/pics").symlink_to(root / "shared/pics", target_is_directory=True)
    (root / "static").mkdir()
    (root / "static/more").symlink_to(root / "shared/robots", target_is_directory=True)
    (root / "layouts").mkdir()
    (root / "layouts/single.html").symlink_to(root / "shared/single.html")
    again = built.rebuild("--strict")
    assert again.read("/posts/x/pics/p.png") == image_bytes()
    assert again.read("/more/extra.txt") == b"extra"
    assert "LINKED" in again.text("/posts/x/")


# -- interruption ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sig", "jobs"),
    [(signal.SIGINT, 1), (signal.SIGTERM, 1), (signal.SIGTERM, 2), (signal.SIGINT, 2)],
)
def test_interrupted_build_leaves_previous_output_and_no_staging(
    build_site: Callable[..., Built], sig: signal.Signals, jobs: int
) -> None:
    files = {f"content/posts/p{i}.md": page(f"P{i}", f"Post {i}.\n") for i in range(70)}
    built = build_site(files)
    before = tree_snapshot(built.public.parent)
    slow = "{% for i in range(3000000) %}{% endfor %}"
    built.write(
        {
            "layouts/single.html": "{% extends 'base.html' %}{% block main %}"
            + slow
            + "{% endblock %}"
        }
    )
    before = tree_snapshot(built.public)
    parent = built.public.parent
    argv = [sys.executable, "-m", "polyblog", "build", "--source", str(built.root)]
    argv += ["--destination", str(built.public), "--jobs", str(jobs)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(".staging-" in p.name for p in parent.iterdir()):
        assert proc.poll() is None, "the build ended before it was interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.2)  # some pages are in the staging folder
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in err
    assert "Interrupted; the previous output was left as it was." in err
    assert tree_snapshot(built.public) == before
    assert not [p.name for p in parent.iterdir() if ".staging-" in p.name or ".old-" in p.name]


# -- empty files, dates ---------------------------------------------------------------------------


def test_empty_files_and_front_matter_only_files(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/empty.md": "",
            "content/posts/blank.md": "\n\n  \n",
            "content/posts/fm-only.md": "---\ntitle: Only\ndate: 2024-01-01\n---\n",
            "content/posts/empty-fm.md": "---\n---\n",
            "content/posts/toml-only.md": "+++\ntitle = 'T'\n+++",
        }
    )
    for url in ("/posts/empty/", "/posts/blank/", "/posts/fm-only/", "/posts/empty-fm/"):
        tree = built.html(url)
        assert tree.xpath("//main//article"), url
    assert built.html("/posts/fm-only/").xpath("//main//h1")[0].text_content() == "Only"
    assert built.html("/posts/empty/").xpath("//main//h1")[0].text_content() == ""
    assert built.exists("/posts/toml-only/")


def test_date_without_zone_is_in_the_site_timezone(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/a.md": page("A", date="2024-03-05"),
            "content/posts/b.md": "---\ntitle: B\ndate: 2024-03-05T10:00:00Z\n---\n",
        },
        config="base_url: https://example.org/\ntimezone: Asia/Tokyo\n",
    )
    assert built.html("/posts/a/").xpath("//time/@datetime")[0] == "2024-03-05T00:00:00+09:00"
    assert built.html("/posts/b/").xpath("//time/@datetime")[0] == "2024-03-05T10:00:00+00:00"


def test_unwritable_destination_is_an_error_not_a_traceback(
    build_site: Callable[..., Built],
) -> None:
    built = build_site({"content/x.md": page("X")})
    (built.root / "afile").write_text("x")
    again = built.rebuild("--destination", str(built.root / "afile" / "public"), ok=False)
    assert "error: cannot create a staging folder" in again.result.stderr
    assert (built.root / "afile").read_text() == "x"


def test_layout_name_too_long_for_the_file_system_is_a_missing_layout(
    build_site: Callable[..., Built],
) -> None:
    """Found by the site fuzz test: a 300-byte `layout` made the template loader raise OSError.
    A missing layout falls back to the kind's template with a warning (an error with --strict)."""
    files = {"content/_index.md": page("Home", layout="é" * 150)}
    built = build_site(files, "--strict", ok=False)
    err = built.result.stderr
    assert err.startswith("content/_index.md:2: error: warning (--strict): layout: no template éé")
    assert "1 error" not in err and "errors" not in err  # only that one
    assert build_site(files).result.stderr.startswith("content/_index.md:2: warning: layout: ")


def test_front_matter_keys_that_are_not_text(build_site: Callable[..., Built]) -> None:
    """Found by the front-matter property test: a null key (`? `) crashed the params filter."""
    built = build_site({"content/x.md": "---\ntitle: X\n1: one\ntrue: yes\n---\nBody.\n"})
    assert built.html("/x/").xpath("//main//h1")[0].text_content() == "X"
    broken = build_site({"content/x.md": "---\ntitle: X\n?\n---\nBody.\n"}, ok=False)
    broken.result.assert_clean_failure()
    assert "content/x.md:3: error: front matter has an empty key" in broken.result.output
