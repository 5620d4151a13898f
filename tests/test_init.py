"""`blog init`: for each host, a new blog that `blog build` and `blog check` pass with 0 errors
and a publishing workflow that validates (vendored JSON schemas, parsed keys); no prompt
without a terminal, the questions on one; a non-empty folder refused; --force adds without
overwriting; the pinned polyblog (package index or git); front matter via python-frontmatter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import frontmatter
import jsonschema
import lxml.etree
import pytest
import yaml

from polyblog.archetypes import front_matter, new_page
from polyblog.config import load_config
from polyblog.content import load_content
from polyblog.scaffold import InitOptions, Install, init_site, installed
from polyblog.scaffold.art import cover_svg, favicon_svg
from polyblog.scaffold.hosts import resolve_install
from polyblog.scaffold.init import reflow
from sitekit import TESTS, run_cli, write_files

SCHEMAS = TESTS / "schemas"
HOSTS = ["github-pages", "gitlab-pages", "netlify", "cloudflare", "none"]
WORKFLOW_FILES = {".github/workflows/publish.yml", ".gitlab-ci.yml", "netlify.toml"}
NOW = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
PINNED = Install("polyblog==1.2.3", "index", "a test")


def init(folder: Path, *args: str) -> Any:
    return run_cli(["init", str(folder), *args])


def load_workflow(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    if True in data:  # YAML 1.1 reads a bare `on` as true; GitHub reads the key `on`
        data["on"] = data.pop(True)
    return data


def schema_errors(schema: str, data: dict[str, Any]) -> list[str]:
    loaded = json.loads((SCHEMAS / schema).read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(loaded)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


# -- every host: init, build, check, workflow --------------------------------------------------


@pytest.mark.parametrize("host", HOSTS)
def test_init_builds_and_checks_for_each_host(tmp_path: Path, host: str) -> None:
    site = tmp_path / "blog"
    made = init(
        site,
        "--title",
        "Notes",
        "--languages",
        "en,fr,pt",
        "--host",
        host,
        "--base-url",
        "https://example.org/blog/",
    )
    assert made.exit_code == 0, made.output
    assert made.stderr == ""
    assert "Created a blog in" in made.stdout and "Next:" in made.stdout
    built = run_cli(["build", "--source", str(site)])
    assert built.exit_code == 0, built.output
    assert "warning" not in built.stderr, built.stderr
    assert "Built 30 pages in 3 languages" in built.stdout  # an archive page per language
    checked = run_cli(["check", "--source", str(site)])
    assert checked.exit_code == 0, checked.output
    assert ": 0 errors, 0 warnings" in checked.stdout, checked.output
    present = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    expected_workflow = {
        "github-pages": {".github/workflows/publish.yml"},
        "gitlab-pages": {".gitlab-ci.yml"},
        "netlify": {"netlify.toml"},
    }.get(host, set())
    assert present & WORKFLOW_FILES == expected_workflow
    requirement = (site / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert requirement == installed().requirement
    assert requirement.startswith("polyblog==") or " @ git+" in requirement
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Notes\n")
    assert "blog serve" in readme and "## Publish" in readme
    CHECK_WORKFLOW[host](site, readme)


def _github(site: Path, readme: str) -> None:
    data = load_workflow(site / ".github/workflows/publish.yml")
    assert schema_errors("github-workflow.json", data) == []
    assert "push" in data["on"]
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["jobs"]["deploy"]["needs"] == "build"
    all_steps = steps(data)
    python = next(s for s in all_steps if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["cache"] == "pip"
    assert python["with"]["cache-dependency-path"] == "requirements.txt"
    runs = [s["run"] for s in all_steps if "run" in s]
    assert runs[0] == "python -m pip install -r requirements.txt"
    assert [r.split()[1] for r in runs[1:]] == ["check", "build"]  # check before build
    assert '--base-url "$URL"' in runs[2]
    cache = next(s for s in all_steps if s.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"].split() == [".blog-cache", "~/.cache/polyblog"]  # entries, key
    assert all_steps.index(cache) < next(
        i for i, s in enumerate(all_steps) if s.get("run", "").startswith("blog check")
    )
    uses = [s["uses"].split("@")[0] for s in all_steps if "uses" in s]
    for action in (
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert action in uses
    upload = next(s for s in all_steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "public"
    assert "Settings → Pages" in readme


def _gitlab(site: Path, readme: str) -> None:
    data = load_workflow(site / ".gitlab-ci.yml")
    assert schema_errors("gitlab-ci.json", data) == []
    job = data["pages"]
    assert job["script"] == [
        "python -m pip install -r requirements.txt",
        'blog check --base-url "$CI_PAGES_URL/"',
        'blog build --base-url "$CI_PAGES_URL/"',
    ]
    assert job["artifacts"]["paths"] == ["public"]
    assert job["cache"]["key"]["files"] == ["requirements.txt"]
    assert ".cache/pip" in job["cache"]["paths"]
    assert job["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "GitLab Pages" in readme


def _netlify(site: Path, readme: str) -> None:
    data = tomllib.loads((site / "netlify.toml").read_text(encoding="utf-8"))
    assert data["build"]["publish"] == "public"
    assert data["build"]["environment"]["PYTHON_VERSION"] == "3.12"
    command = data["build"]["command"]
    assert command.startswith("python -m pip install -r requirements.txt && ")
    assert command.index("blog check") < command.index("blog build")
    assert '--base-url "$URL/"' in command
    for context in ("deploy-preview", "branch-deploy"):
        assert "$DEPLOY_PRIME_URL/" in data["context"][context]["command"]
    assert set(data) == {"build", "context"}
    assert "Netlify" in readme


def _cloudflare(site: Path, readme: str) -> None:
    command = "python -m pip install -r requirements.txt && blog check && blog build"
    assert f"Build command: `{command}`" in readme
    assert "Build output directory: `public`" in readme
    assert "`PYTHON_VERSION` = `3.12`" in readme


def _none(site: Path, readme: str) -> None:
    assert "rsync" in readme and "blog init --force --host" in readme


CHECK_WORKFLOW = {
    "github-pages": _github,
    "gitlab-pages": _gitlab,
    "netlify": _netlify,
    "cloudflare": _cloudflare,
    "none": _none,
}


def test_the_schemas_catch_a_broken_workflow() -> None:
    """The validation above can fail: a typo in a key, a job without `runs-on`."""
    broken = {"on": {"push": {}}, "jobs": {"build": {"steps": [{"run": "x"}], "runs-onn": "x"}}}
    assert schema_errors("github-workflow.json", broken)
    assert schema_errors("gitlab-ci.json", {"pages": {"script": "x", "artifact": {}}})


# -- the files themselves ------------------------------------------------------------------


def test_generated_site_content(tmp_path: Path) -> None:
    site = tmp_path / "b"
    options = InitOptions(site, "Mi blog", ("es", "en", "pt-br", "nl"), "es")
    result = init_site(options, now=NOW, install=PINNED)
    assert result.english_text == ("nl",)
    config = load_config(site)
    assert config.warnings == ()
    assert [lang.code for lang in config.languages] == ["es", "en", "pt-br", "nl"]
    assert config.default_language == "es"
    assert config.language("pt-br").hreflang == "pt-BR"
    assert config.language("pt-br").name == "Português (Brasil)"
    spanish_names = "español, inglés, portugués (Brasil) y neerlandés"
    assert config.language("es").description == f"Un blog nuevo, en {spanish_names}."
    assert [e.name for e in config.language("es").menus["main"]] == [
        "Artículos",
        "Etiquetas",
        "Acerca de",
    ]
    content = load_content(config)
    assert not content.errors
    posts = {p.path: p for p in content.pages if "hello-world" in p.path}
    assert set(posts) == {
        "content/posts/hello-world/index.md",
        "content/posts/hello-world/index.en.md",
        "content/posts/hello-world/index.pt-br.md",
        "content/posts/hello-world/index.nl.md",
    }
    spanish = posts["content/posts/hello-world/index.md"]
    assert (spanish.lang, spanish.title, spanish.date) == ("es", "Hola, mundo", NOW)
    assert posts["content/posts/hello-world/index.nl.md"].title == "Hello, world"  # English
    text = (site / "content/posts/hello-world/index.pt-br.md").read_text(encoding="utf-8")
    post = frontmatter.loads(text)
    assert list(post.metadata) == ["title", "description", "date", "tags", "cover_alt"]
    assert post["title"] == "Olá, mundo" and post["tags"] == ["polyblog"]
    assert "date: 2024-03-05T10:00:00+00:00\n" in text
    assert "`content/posts/hello-world/index.pt-br.md`" in post.content
    assert "<!--more-->" in post.content
    assert (site / ".gitignore").read_text(encoding="utf-8").splitlines()[1:3] == [
        "public/",
        ".blog-cache/",
    ]
    assert (site / "requirements.txt").read_text(encoding="utf-8").endswith("polyblog==1.2.3\n")
    assert {p.name for p in (site / "static").iterdir()} == {"favicon.svg"}


def test_same_input_same_files(tmp_path: Path) -> None:
    for name in ("a", "b"):
        init_site(InitOptions(tmp_path / name, "T", ("en", "fr")), now=NOW, install=PINNED)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    assert files_a == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    for rel in files_a:
        if (tmp_path / "a" / rel).is_file():
            assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_single_language_blog_text(tmp_path: Path) -> None:
    init_site(InitOptions(tmp_path, "Solo", ("de",), "de"), now=NOW, install=PINNED)
    body = (tmp_path / "content/posts/hello-world/index.md").read_text(encoding="utf-8")
    assert "Dieses Blog erscheint auf Deutsch. Um auch in einer weiteren Sprache" in body
    assert "--lang \n" not in body and "<<" not in body
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "--translate" not in readme and "A blog in German" in readme


def test_pictures_are_svg_and_follow_the_title() -> None:
    for svg in (cover_svg("Notes & <Léa>"), favicon_svg("Notes & <Léa>")):
        root = lxml.etree.fromstring(svg.encode("utf-8"))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert cover_svg("A") == cover_svg("A") and cover_svg("A") != cover_svg("B")
    assert ">N</text>" in favicon_svg("notes") and ">É</text>" in favicon_svg("«été»")


def test_reflow_keeps_code_links_and_cjk() -> None:
    long = "word " * 30 + '`a code span` and [a link]({{< ref "/about" >}}) ' + "end " * 20
    wrapped = reflow(long + "\n\n```sh\nblog serve\n```\n\n中文第一行\n第二行\n")
    paragraph, code, cjk = wrapped.rstrip("\n").split("\n\n")
    assert all(len(line) <= 100 for line in paragraph.splitlines())
    assert "`a code span`" in paragraph and '[a link]({{< ref "/about" >}})' in paragraph
    assert code == "```sh\nblog serve\n```"
    assert cjk == "中文第一行第二行"


# -- asking, or not --------------------------------------------------------------------------


@pytest.mark.parametrize("closed", [False, True])
def test_no_prompt_without_a_terminal(tmp_path: Path, closed: bool) -> None:
    """stdin on /dev/null, or closed: the defaults, never a question (a prompt would fail)."""
    proc = subprocess.run(
        [sys.executable, "-m", "polyblog", "init", str(tmp_path / "b")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=(lambda: os.close(0)) if closed else None,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Title" not in proc.stdout and proc.stderr == ""
    config = load_config(tmp_path / "b")
    assert (config.title, config.lang_codes, config.base_url) == (
        "My Blog",
        ("en",),
        "https://example.org/",
    )
    assert (tmp_path / "b/.github/workflows/publish.yml").is_file()


def test_questions_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("polyblog.cli._stdin_is_terminal", lambda: True)
    from click.testing import CliRunner

    from polyblog.cli import main

    answers = "Carnet\nxx\nfr, en\nde\n\nexample.net\nhttps://blog.example.net\nmars\nnetlify\n"
    result = CliRunner().invoke(main, ["init", str(tmp_path / "b")], input=answers)
    assert result.exit_code == 0, result.output
    out = result.output
    hosts = "github-pages, gitlab-pages, netlify, cloudflare, none"
    for question in (
        "Title [My Blog]:",
        "Languages (codes, comma-separated) [en]:",
        "Default language (served at /) [fr]:",
        "Base URL [https://example.org/]:",
        f"Host ({hosts}) [github-pages]:",
    ):
        assert question in out
    # a wrong answer is explained and asked again
    assert "Error: 'xx' is not a language known to Babel" in out
    assert "Error: 'de' is not one of fr, en" in out
    assert "Error: 'example.net' is not an absolute http(s) URL" in out
    assert "Error: 'mars' is not one of github-pages" in out
    config = load_config(tmp_path / "b")
    assert config.title == "Carnet" and config.lang_codes == ("fr", "en")
    assert config.default_language == "fr" and config.base_url == "https://blog.example.net/"
    assert (tmp_path / "b/netlify.toml").is_file()


def test_options_mean_no_questions_even_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("polyblog.cli._stdin_is_terminal", lambda: True)
    made = init(tmp_path / "b", "--title", "Quiet")  # no input: a question would abort
    assert made.exit_code == 0, made.output
    assert "Title" not in made.output
    assert load_config(tmp_path / "b").title == "Quiet"


# -- refusals and --force ------------------------------------------------------------------


def test_non_empty_folder_is_refused(tmp_path: Path) -> None:
    write_files(tmp_path, {"notes.txt": "mine"})
    made = init(tmp_path, "--title", "X")
    made.assert_clean_failure()
    assert made.stderr.startswith(f"error: {tmp_path}: the folder is not empty (notes.txt);")
    assert "use --force" in made.stderr and made.stderr.endswith("Nothing was created.\n")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_current_folder_is_named_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"a": "", "b": "", "c": "", "d": ""})
    monkeypatch.chdir(tmp_path)
    made = run_cli(["init"])
    made.assert_clean_failure()
    assert made.stderr.startswith("error: the current folder is not empty (a, b, c, …)")


def test_folder_with_only_git_is_empty_enough(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert init(tmp_path, "--languages", "en").exit_code == 0
    assert (tmp_path / "blog.yaml").is_file()


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    write_files(tmp_path, {"f": "x"})
    made = init(tmp_path / "f", "--force")
    made.assert_clean_failure()
    assert "not a folder" in made.stderr


def test_force_adds_missing_files_and_never_overwrites(tmp_path: Path) -> None:
    mine = {"README.md": "# My own readme\n", "content/about.md": "---\ntitle: Me\n---\nHi.\n"}
    write_files(tmp_path, mine)
    made = init(tmp_path, "--force", "--languages", "en,fr", "--host", "gitlab-pages")
    assert made.exit_code == 0, made.output
    assert "Skipped (already there, not overwritten): README.md, content/about.md" in made.stdout
    for rel, text in mine.items():
        assert (tmp_path / rel).read_text(encoding="utf-8") == text
    assert (tmp_path / "content/about.fr.md").is_file() and (tmp_path / ".gitlab-ci.yml").is_file()
    assert "note: the blog.yaml already there was kept" not in made.stdout
    again = init(tmp_path, "--force", "--languages", "en,fr", "--host", "netlify")
    assert again.exit_code == 0, again.output
    assert "Created a blog in" in again.stdout and "(1 file):\n  netlify.toml\n" in again.stdout
    assert "note: the blog.yaml already there was kept" in again.stdout
    assert run_cli(["build", "--source", str(tmp_path)]).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--languages", "en,xx"], "error: --languages: 'xx' is not a language known to Babel"),
        (["--languages", "english"], "'english' is not a language code such as en, fr"),
        (["--languages", "en,fr,en"], "error: --languages: 'en' is given twice"),
        (["--languages", " , "], "give at least one language code"),
        (
            ["--languages", "en,fr", "--default-language", "pt"],
            "error: --default-language: 'pt' is not one of the languages (en, fr)",
        ),
        (["--base-url", "example.org"], "error: --base-url: 'example.org' is not an absolute"),
        (["--title", "  "], "error: --title: the title is empty"),
        (["--host", "heroku"], "Invalid value for '--host'"),
    ],
)
def test_refusals(tmp_path: Path, args: list[str], message: str) -> None:
    made = init(tmp_path / "b", *args)
    assert made.exit_code != 0 and "Traceback" not in made.output
    assert message in made.stderr
    assert not (tmp_path / "b").exists()


# -- the pinned polyblog -------------------------------------------------------------------


def no_git(folder: Path) -> None:
    return None


def test_a_release_comes_from_the_package_index() -> None:
    pin = resolve_install("1.4.0", {"url": "file:///x", "dir_info": {}}, [], no_git)
    assert (pin.requirement, pin.source) == ("polyblog==1.4.0", "index")


def test_a_git_install_is_pinned_to_its_commit() -> None:
    direct = {
        "url": "https://user:token@github.com/me/polyblog.git",
        "vcs_info": {"vcs": "git", "commit_id": "0a1b2c3d4e", "requested_revision": "main"},
    }
    pin = resolve_install("1.4.0", direct, [], no_git)
    assert pin.requirement == "polyblog @ git+https://github.com/me/polyblog.git@0a1b2c3d4e"
    assert pin.source == "git" and "token" not in pin.why
    ssh_url = "ssh://git@gitlab.com/me/polyblog.git"
    ssh = {"url": ssh_url, "vcs_info": {"vcs": "git", "commit_id": "abc"}}
    assert resolve_install("1.4.0", ssh, [], no_git).requirement == (
        "polyblog @ git+https://gitlab.com/me/polyblog.git@abc"
    )


def test_a_development_version_comes_from_git() -> None:
    local = {"url": "file:///src/polyblog", "dir_info": {"editable": True}}
    checkout = resolve_install(
        "0.3.dev4+g0a1b2c3", local, [], lambda folder: ("https://github.com/me/p.git", "f" * 40)
    )
    assert checkout.requirement == f"polyblog @ git+https://github.com/me/p.git@{'f' * 40}"
    urls = ["Documentation, https://docs.example.org", "Source, https://github.com/o/polyblog"]
    tagged = resolve_install("0.3.dev4+g0a1b2c3", None, urls, no_git)
    assert tagged.requirement == "polyblog @ git+https://github.com/o/polyblog@0a1b2c3"
    unknown = resolve_install("0.3.dev4", None, [], no_git)
    assert unknown.requirement == "polyblog==0.3" and "no known repository" in unknown.why


# -- blog new writes front matter through python-frontmatter -------------------------------


def test_blog_new_without_archetype_uses_python_frontmatter(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "blog.yaml": "title: T\nbase_url: https://example.org/\ntheme: bare\n",
            "themes/bare/templates/single.html": "",
        },
    )
    created = new_page(tmp_path, "posts/a-b", None, False, now=datetime(2024, 3, 5, tzinfo=UTC))
    assert created.archetype == ""
    text = (tmp_path / "content/posts/a-b.md").read_text(encoding="utf-8")
    assert text == "---\ntitle: A B\ndate: 2024-03-05T00:00:00+00:00\ndraft: true\n---\n"
    assert frontmatter.loads(text).metadata["title"] == "A B"
    assert front_matter({"handler": "x", "é": [1]}) == "---\nhandler: x\né:\n- 1\n---\n"


# -- the new blog in a browser -------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_new_blog_renders_in_chromium(tmp_path: Path) -> None:
    """Home, a post, a term page and the 404 page of a built new blog, in light and dark:
    the title shows, the stylesheet is applied, the cover and favicon load, no console error.
    Screenshots are saved under the test's temporary folder."""
    sync_api = pytest.importorskip("playwright.sync_api")
    site = tmp_path / "blog"
    made = init(site, "--title", "Notes de Léa", "--languages", "en,fr,pt", "--host", "none")
    assert made.exit_code == 0, made.output
    assert run_cli(["build", "--source", str(site)]).exit_code == 0
    pages = {  # path: the heading that must be visible
        "/": "Notes de Léa",
        "/fr/posts/hello-world/": "Bonjour le monde",
        "/pt/tags/polyblog/": "polyblog",
        "/404.html": "Page not found",
    }
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with _serve(site / "public") as base, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            for scheme in ("light", "dark"):
                _look_at(browser, scheme, base, pages, shots)
        finally:
            browser.close()
    assert len(list(shots.glob("*.png"))) == 8


def _look_at(browser: Any, scheme: str, base: str, pages: dict[str, str], shots: Path) -> None:
    page = browser.new_page(color_scheme=scheme, viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for number, (path, heading) in enumerate(pages.items()):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.locator("h1", has_text=heading).first.is_visible(), path
        styled = page.evaluate(
            "() => [...document.styleSheets].some(s => s.href &&"
            " s.href.endsWith('/css/style.css') && s.cssRules.length > 50)"
        )
        assert styled, path
        # the theme's CSS is applied: its colours are defined on the root element
        accent = "() => getComputedStyle(document.documentElement).getPropertyValue('--accent')"
        assert page.evaluate(accent).strip(), path
        images = page.evaluate("() => [...document.images].map(i => [i.src, i.naturalWidth])")
        assert all(width > 0 for _src, width in images), images
        if path in {"/", "/fr/posts/hello-world/"}:
            assert any(src.endswith("/cover.svg") for src, _w in images), images
        page.screenshot(path=str(shots / f"{scheme}-{number}.png"), full_page=True)
    assert errors == [], errors
    assert failed == [], failed
    page.close()


class _serve:
    """The built folder over HTTP on a free local port (root-relative links need a server)."""

    def __init__(self, folder: Path) -> None:
        import functools
        import threading
        from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

        handler = functools.partial(Quiet, directory=str(folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
