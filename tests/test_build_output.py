"""The build as a whole: atomic output, determinism, CLI messages and flags, layouts/ overriding
the theme, static files, the bundled theme."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sitekit import (
    MULTI_CONFIG,
    Built,
    SiteFactory,
    image_bytes,
    page,
    run_cli,
    run_site,
    snapshot,
    switcher,
)

FILES = {
    "content/_index.md": page("Home", "Welcome.\n"),
    "content/posts/a/index.md": page(
        "A", "Alpha.\n", date="2024-01-01", tags=["T1", "T2"], series=["S"], series_order=1
    ),
    "content/posts/a/index.fr.md": page("A fr", "Alpha fr.\n", date="2024-01-01", tags=["T1"]),
    "content/posts/a/img.png": image_bytes(),
    "content/posts/b.md": page(
        "B",
        "Beta.\n",
        date="2024-01-02",
        tags=["T1"],
        series=["S"],
        series_order=2,
        aliases=["/old-b/"],
    ),
    "content/posts/c.ja.md": page("C", "日本語です。\n", date="2024-01-03"),
    "static/robots-extra.txt": "extra\n",
}


def staging_leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".staging-" in p.name or ".old-" in p.name)


# -- atomic output --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "breakage",
    [
        {"content/posts/broken.md": "---\ntitle: Broken\ndate: 2023-02-30\n---\n"},
        {"content/posts/broken.md": b"---\ntitle: x\n---\n\x00"},
        {"content/posts/dup.md": page("Dup", url="/posts/b/")},
        {
            "layouts/single.html": (
                "{% extends 'base.html' %}{% block main %}{{ 1 // 0 }}{% endblock %}"
            )
        },
        {"blog.yaml": MULTI_CONFIG + "pagination: {page_size: -1}\n"},
    ],
    ids=["bad-date", "nul", "collision", "template-error", "config"],
)
def test_failed_build_leaves_previous_output_identical(
    build_site: Callable[..., Built], breakage: dict[str, str | bytes]
) -> None:
    built = build_site(FILES, config=MULTI_CONFIG)
    before = built.files()
    assert before
    built.write(breakage)
    failed = built.rebuild(ok=False)
    assert "Traceback" not in failed.result.output
    assert built.files() == before
    assert staging_leftovers(built.public.parent) == []


def test_failed_build_end_to_end_leaves_no_staging(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, config=MULTI_CONFIG)
    before = built.files()
    built.write({"content/posts/broken.md": "---\ntitle: [x\n---\n"})
    built.rebuild(ok=False, use_subprocess=True)
    assert built.files() == before
    assert staging_leftovers(built.public.parent) == []


def test_successful_rebuild_replaces_output(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, config=MULTI_CONFIG)
    (built.public / "stray.html").write_text("left over from something else")
    (built.public / ".git").mkdir()
    (built.public / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    built.remove("content/posts/b.md")
    built.rebuild()
    assert not built.exists("/posts/b/")
    assert not (built.public / "stray.html").exists()
    assert (built.public / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert staging_leftovers(built.public.parent) == []


def test_destination_that_is_a_file_is_not_destroyed(
    build_site: Callable[..., Built], tmp_path: Path
) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("precious")
    built = build_site(FILES, ok=None, destination=target)
    assert target.is_file() and target.read_text() == "precious"
    assert built.result.exit_code != 0
    assert "Traceback" not in built.result.output


def test_default_destination_is_public_in_source(site_factory: SiteFactory) -> None:
    built = site_factory.build(FILES)
    root = built.root
    outcome = run_cli(["build", "--source", str(root), "--quiet", "--jobs", "1"])
    assert outcome.exit_code == 0, outcome.output
    assert (root / "public" / "index.html").is_file()


# -- determinism ----------------------------------------------------------------------------------


def test_same_input_gives_byte_identical_output(site_factory: SiteFactory, tmp_path: Path) -> None:
    built = site_factory.build(FILES, config=MULTI_CONFIG)
    first = built.files()
    second = run_site(built.root, tmp_path / "second").files()
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_output_does_not_depend_on_hash_seed_or_process(
    site_factory: SiteFactory, tmp_path: Path
) -> None:
    built = site_factory.build(FILES, config=MULTI_CONFIG)
    outputs = []
    for seed in ("1", "4242"):
        dest = tmp_path / f"out-{seed}"
        run_site(built.root, dest, use_subprocess=True, env={"PYTHONHASHSEED": seed})
        outputs.append(snapshot(dest))
    assert outputs[0].keys() == outputs[1].keys() == built.files().keys()
    assert [n for n in outputs[0] if outputs[0][n] != outputs[1][n]] == []
    assert [n for n in outputs[0] if outputs[0][n] != built.files()[n]] == []


def test_parallel_build_equals_serial_build(site_factory: SiteFactory, tmp_path: Path) -> None:
    files = {
        f"content/posts/p{i:03d}.md": page(
            f"Post {i}",
            f"Body {i} **bold**.\n",
            date=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
            tags=[f"t{i % 7}"],
        )
        for i in range(80)
    }
    built = site_factory.build(files)
    parallel = run_site(built.root, tmp_path / "parallel", ["--jobs", "2"], jobs=None)
    assert parallel.files() == built.files()


# -- CLI messages and flags -----------------------------------------------------------------------


def test_summary_is_printed(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, config=MULTI_CONFIG)
    out = built.result.stdout
    assert out.startswith("Built ")
    assert "3 languages" in out
    for lang in ("en", "fr", "ja"):
        assert f"  {lang}: " in out
    assert built.result.stderr == ""


def test_quiet_prints_nothing_on_success(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, "--quiet", config=MULTI_CONFIG)
    assert built.result.stdout == ""
    assert built.result.stderr == ""
    assert built.exists("/posts/a/")


def test_quiet_end_to_end(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, "-q", config=MULTI_CONFIG, use_subprocess=True)
    assert built.result.output == ""


def test_quiet_still_prints_errors(build_site: Callable[..., Built]) -> None:
    built = build_site({"content/x.md": "---\ntitle: [\n---\n"}, "--quiet", ok=False)
    assert "content/x.md:" in built.result.stderr


def test_verbose_prints_kinds(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, "-v", config=MULTI_CONFIG)
    assert "page" in built.result.stdout and "term" in built.result.stdout


def test_warnings_are_printed_and_strict_fails(build_site: Callable[..., Built]) -> None:
    config = "base_url: https://example.org/\ntitel: typo\n"
    built = build_site({"content/x.md": page("X")}, config=config)
    assert "blog.yaml:2: warning: unknown key 'titel'" in built.result.stderr
    strict = build_site({"content/x.md": page("X")}, "--strict", config=config, ok=None)
    assert strict.result.exit_code != 0
    assert "Traceback" not in strict.result.output
    assert not strict.public.exists()


def test_base_url_flag_and_env(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, "--base-url", "http://localhost:8080/preview/")
    canonical = built.html("/posts/a/").xpath('//link[@rel="canonical"]/@href')
    assert canonical == ["http://localhost:8080/preview/posts/a/"]
    env = build_site(FILES, env={"BLOG_BASE_URL": "https://staging.example.net/"})
    assert env.html("/posts/a/").xpath('//link[@rel="canonical"]/@href') == [
        "https://staging.example.net/posts/a/"
    ]


def test_bad_base_url_flag_is_a_clean_error(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, "--base-url", "not a url", ok=False)
    assert "base" in built.result.stderr.lower()


def test_python_m_polyblog_version() -> None:
    outcome = run_cli(["--version"], use_subprocess=True)
    assert outcome.exit_code == 0
    assert outcome.stdout.startswith("blog, version ")


def test_missing_source_folder(tmp_path: Path) -> None:
    outcome = run_cli(["build", "--source", str(tmp_path / "nope")], use_subprocess=True)
    assert outcome.exit_code != 0
    assert "Traceback" not in outcome.stderr


# -- theme, layouts, static -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def layouts(site_factory: SiteFactory) -> Built:
    return site_factory.fixture("layouts")


def test_site_layout_overrides_theme_template(layouts: Built) -> None:
    tree = layouts.html("/posts/normal/")
    (article,) = tree.xpath('//article[@id="custom-single"]')
    assert article.get("data-kind") == "page"
    assert article.xpath('.//h1[@class="custom-title"]/text()') == ["Normal page"]
    assert tree.xpath('//link[@rel="canonical"]')  # the theme's base.html is still used


def test_site_partial_overrides_theme_partial_everywhere(layouts: Built) -> None:
    for url in ("/", "/posts/", "/posts/normal/", "/tags/", "/404.html"):
        tree = layouts.html(url)
        assert tree.xpath('//footer[@id="custom-footer"]'), url
        assert tree.xpath('//p[@class="custom-footer-text"]/text()') == ["Made by hand"], url


def test_front_matter_layout(layouts: Built) -> None:
    tree = layouts.html("/posts/special/")
    assert tree.xpath('//section[@id="special-layout"]/text()') == ["Special page"]
    assert tree.xpath('//article[@id="custom-single"]') == []


def test_static_and_theme_static(layouts: Built) -> None:
    assert layouts.text("/hello.txt") == "hello from static\n"
    assert layouts.exists("/images/logo.svg")
    assert layouts.exists("/css/syntax.css")  # from the theme
    assert layouts.text("/css/style.css") == "/* the site replaces the theme stylesheet */\n"


def test_bundled_default_theme_without_themes_folder(build_site: Callable[..., Built]) -> None:
    built = build_site({"content/posts/x.md": page("X")}, link_theme=False)
    assert not (built.root / "themes").exists()
    assert built.exists("/posts/x/")
    assert built.exists("/css/style.css")


def test_site_theme_folder(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "blog.yaml": "base_url: https://example.org/\ntheme: tiny\n",
            "content/x.md": page("X", "Body.\n"),
            "themes/tiny/templates/single.html": (
                '<html lang="{{ page.lang.code }}"><body>'
                '<h1 id="t">{{ page.title }}</h1>{{ page.content }}</body></html>\n'
            ),
            "themes/tiny/templates/list.html": (
                "<html><body>{% for p in paginator.pages %}"
                '<a href="{{ p.url }}">{{ p.title }}</a>{% endfor %}</body></html>\n'
            ),
            "themes/tiny/templates/404.html": "<html><body>404</body></html>\n",
            "themes/tiny/templates/rss.xml": (
                '<rss version="2.0"><channel><title>{{ page.title }}</title></channel></rss>\n'
            ),
            "themes/tiny/templates/sitemap.xml": '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n',
            "themes/tiny/templates/robots.txt": "User-agent: *\n",
            "themes/tiny/templates/alias.html": (
                '<html><head><link rel="canonical" href="{{ target }}"></head></html>\n'
            ),
            "themes/tiny/static/tiny.css": "body{}\n",
        }
    )
    assert built.html("/x/").xpath('//h1[@id="t"]/text()') == ["X"]
    assert built.exists("/tiny.css")
    assert not built.exists("/css/style.css")  # the default theme is not mixed in
    assert built.xml("/index.xml").tag == "rss"


# -- more site-wide behaviour ---------------------------------------------------------------------


def test_template_error_is_reported_once_not_per_page(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            **{f"content/posts/p{i}.md": page(f"P{i}") for i in range(5)},
            "layouts/partials/footer.html": "<footer>\n{{ t() }}\n</footer>\n",
        },
        ok=False,
    )
    lines = [
        line
        for line in built.result.stderr.splitlines()
        if "layouts/partials/footer.html:2" in line
    ]
    assert len(lines) == 1, built.result.stderr


def test_robots_txt_can_be_turned_off(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {"content/x.md": page("X")}, config="base_url: https://example.org/\nrobots_txt: false\n"
    )
    assert not (built.public / "robots.txt").exists()


def test_site_without_content_builds(build_site: Callable[..., Built]) -> None:
    built = build_site({}, config=MULTI_CONFIG)
    for url in ("/", "/fr/", "/ja/", "/404.html", "/fr/404.html", "/tags/"):
        assert built.exists(url), url
    built.xml("/sitemap.xml")
    built.xml("/index.xml")


def test_hostile_title_is_escaped_everywhere(build_site: Callable[..., Built]) -> None:
    title = '</script><script>alert(1)</script> Q&A "quoted" <b>'
    built = build_site(
        {"content/posts/x.md": page(title, "Body.\n", date="2024-01-01", tags=["<i>tag</i>"])}
    )
    tree = built.html("/posts/x/")
    scripts = tree.xpath("//script")
    data_blocks = [s for s in scripts if s.get("type") == "application/ld+json"]
    theme = [s for s in scripts if s.get("type") != "application/ld+json"]  # the theme's own
    assert [s.get("src", "").rsplit("/", 1)[-1] for s in theme] == ["", "theme.js", "search.js"]
    assert "polyblog-color-scheme" in theme[0].text and "alert" not in theme[0].text
    assert data_blocks == scripts[: len(data_blocks)]
    assert tree.xpath("//main//h1")[0].text_content() == title
    assert tree.xpath('//meta[@property="og:title"]/@content') == [title]
    assert tree.xpath("//b") == [] and tree.xpath("//i") == []
    import json

    data = json.loads(scripts[0].text)
    assert data["headline"] == title
    feed = built.xml("/index.xml")
    assert [i.findtext("title") for i in feed.iter("item")] == [title]


def test_base_path_applies_to_every_link(build_site: Callable[..., Built]) -> None:
    config = MULTI_CONFIG.replace("https://example.org/", "https://example.org/blog/")
    built = build_site(FILES, config=config)
    assert (built.public / "posts" / "a" / "index.html").is_file()  # files stay at the root
    assert not (built.public / "blog").exists()
    tree = built.html("/posts/a/")
    internal = [
        h
        for h in tree.xpath("//a/@href | //link/@href | //img/@src")
        if h.startswith("/") and not h.startswith("//")
    ]
    assert internal
    assert all(h.startswith("/blog/") for h in internal), internal
    absolute = tree.xpath('//link[@rel="alternate" or @rel="canonical"]/@href')
    assert all(h.startswith("https://example.org/blog/") for h in absolute)
    assert switcher(tree)["fr"] == "/blog/fr/posts/a/"
    robots = built.text("/robots.txt")
    assert "Sitemap: https://example.org/blog/sitemap.xml" in robots.splitlines()


def test_default_language_in_subdir(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, config=MULTI_CONFIG + "default_language_in_subdir: true\n")
    assert built.exists("/en/posts/a/") and not built.exists("/posts/a/")
    root = built.html("/")
    assert root.xpath('//link[@rel="canonical"]/@href') == ["https://example.org/en/"]
    assert root.xpath('//meta[@http-equiv="refresh"]')
    assert switcher(built.html("/fr/posts/a/"))["en"] == "/en/posts/a/"


def test_alias_on_a_page_url_is_a_warning(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/a.md": page("A"),
            "content/posts/b.md": page("B", aliases=["/posts/a/"]),
        }
    )
    assert "warning" in built.result.stderr and "/posts/a/" in built.result.stderr
    assert built.html("/posts/a/").xpath("//main//h1")[0].text_content().strip() == "A"


def test_symlink_out_of_the_site_is_not_followed(
    build_site: Callable[..., Built], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not publish")
    built = build_site({"content/posts/x/index.md": page("X")}, ok=None)
    (built.root / "content/posts/x/leak.txt").symlink_to(secret)
    again = built.rebuild()
    assert not again.exists("/posts/x/leak.txt")
    assert "symlink" in again.result.stderr


def test_interrupted_build_leaves_previous_output(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES)
    before = built.files()
    slow = "{% for i in range(30000000) %}{% endfor %}"
    built.write(
        {
            "layouts/single.html": "{% extends 'base.html' %}{% block main %}"
            + slow
            + "{% endblock %}"
        }
    )
    argv = [
        sys.executable,
        "-m",
        "polyblog",
        "build",
        "--source",
        str(built.root),
        "--destination",
        str(built.public),
        "--jobs",
        "1",
    ]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in err
    assert built.files() == before
    assert staging_leftovers(built.public.parent) == []


def test_summary_end_to_end(build_site: Callable[..., Built]) -> None:
    built = build_site(FILES, config=MULTI_CONFIG, use_subprocess=True)
    assert built.result.stdout.startswith("Built ")
    assert str(built.public) in built.result.stdout


def test_leftovers_of_killed_builds_are_removed(tmp_path: Path) -> None:
    """A staging folder whose process is gone (a SIGKILLed build) is cleaned by the next build."""
    from polyblog.output import Staging

    stale = tmp_path / ".public.staging-999999999"
    (stale / "x").mkdir(parents=True)
    staging = Staging(tmp_path / "public")
    try:
        assert not stale.exists()
        assert staging.path.exists()
    finally:
        staging.discard()


def test_root_404_when_the_default_language_is_in_a_subfolder(
    build_site: Callable[..., Built],
) -> None:
    config = (
        "base_url: https://example.org/\ndefault_language: en\n"
        "default_language_in_subdir: true\nlanguages:\n  en: {}\n  fr: {}\n"
    )
    built = build_site({"blog.yaml": config, "content/posts/a.md": "---\ntitle: A\n---\nx\n"})
    root = (built.public / "404.html").read_bytes()
    assert root == (built.public / "en" / "404.html").read_bytes()
    assert built.html("/").xpath('//meta[@http-equiv="refresh"]')


def test_highlight_style_writes_syntax_css(build_site: Callable[..., Built]) -> None:
    config = "base_url: https://example.org/\nmarkup:\n  highlight:\n    style: monokai\n"
    built = build_site({"blog.yaml": config, "content/posts/a.md": "---\ntitle: A\n---\nx\n"})
    css = (built.public / "css" / "syntax.css").read_text()
    assert ".highlight .k" in css and "#66d9ef" in css.lower()  # monokai's keyword colour
    assert "warning" not in built.result.output


def test_unknown_highlight_style_is_an_error(build_site: Callable[..., Built]) -> None:
    config = "base_url: https://example.org/\nmarkup:\n  highlight:\n    style: nope\n"
    built = build_site({"blog.yaml": config}, ok=False)
    assert (
        "blog.yaml:4" in built.result.output
        and "unknown Pygments style 'nope'" in built.result.output
    )
