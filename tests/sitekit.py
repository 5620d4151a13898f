"""Test support: write a site from a dict of files, build it, look at the output parsed.

Used through the fixtures of `conftest.py` (`build_site`, `build_fixture`, `site_factory`);
test modules import the constants and small helpers (`MULTI_CONFIG`, `page`) from here.
"""

from __future__ import annotations

import io
import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html
import yaml
from click.testing import CliRunner

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SITES = TESTS / "sites"


def _default_theme() -> Path:
    """The default theme's folder: bundled in the package, else the repository's themes/."""
    import polyblog

    bundled = Path(polyblog.__file__).resolve().parent / "themes" / "default"
    return bundled if bundled.is_dir() else REPO / "themes" / "default"


REPO_THEME = _default_theme()

DEFAULT_CONFIG = """\
title: Test Blog
base_url: https://example.org/
"""

# Three languages, suffix-based translations, small pages so pagination shows.
MULTI_CONFIG = """\
title: Multi Blog
description: A blog in three languages.
base_url: https://example.org/
default_language: en
languages:
  en:
    name: English
    locale: en_US
  fr:
    name: Français
    locale: fr_FR
    title: Le Blog
    description: Un blog en trois langues.
  ja:
    name: 日本語
    locale: ja_JP
    title: ブログ
taxonomies: [tags, categories, series]
pagination:
  page_size: 2
"""

Files = Mapping[str, str | bytes]


def page(title: str | None = None, body: str = "", **front: Any) -> str:
    """A Markdown file with YAML front matter built from keyword arguments."""
    data: dict[str, Any] = {}
    if title is not None:
        data["title"] = title
    data.update(front)
    head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)
    return f"---\n{head}---\n{body}"


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (8, 6), color: tuple[int, int, int] = (200, 90, 40)
) -> bytes:
    """A small real image (made with Pillow) for a bundle or `static/`: the build reads every
    image it publishes, and a file that is not the image its name says is an error."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def url_to_file(public: Path, url: str) -> Path:
    """`/fr/posts/x/` -> public/fr/posts/x/index.html; `%`-escapes are decoded."""
    path = unquote(urlsplit(url).path)
    rel = path.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return public / rel


def write_files(root: Path, files: Files) -> None:
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")


def bundled_theme_available() -> bool:
    from polyblog.render.env import theme_dir

    return theme_dir(Path("/nonexistent-site-root"), "default") is not None


def ensure_theme(root: Path) -> None:
    """Link the repo's default theme into a site when polyblog does not find a bundled one.

    Only a workaround so that build tests exercise everything else; the dedicated test
    `test_bundled_default_theme_without_themes_folder` proves the real behaviour.
    """
    if bundled_theme_available():
        return
    target = root / "themes" / "default"
    if target.exists() or target.is_symlink():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(REPO_THEME, target_is_directory=True)


@dataclass
class Outcome:
    """What one `blog build` run did: exit code and text, from CliRunner or a subprocess."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None = None

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def assert_clean_failure(self) -> None:
        """Non-zero exit, an error message, and no traceback anywhere."""
        assert self.exit_code != 0, f"expected a failure, got exit 0:\n{self.output}"
        assert self.exception is None or isinstance(self.exception, SystemExit), (
            f"uncaught {type(self.exception).__name__}: {self.exception}"
        )
        assert "Traceback" not in self.output, self.output
        assert "error" in self.stderr.lower(), self.output


def run_cli(
    args: list[str],
    *,
    use_subprocess: bool = False,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Outcome:
    """Run `blog ARGS` in-process (click's CliRunner) or as `python -m polyblog ARGS`."""
    if use_subprocess:
        full_env = dict(os.environ)
        full_env.update(env or {})
        proc = subprocess.run(
            [sys.executable, "-m", "polyblog", *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=full_env,
            timeout=120,
            check=False,
        )
        return Outcome(proc.returncode, proc.stdout, proc.stderr)
    from polyblog.cli import main

    runner = CliRunner()
    result = runner.invoke(main, args, env=dict(env) if env else None, catch_exceptions=True)
    exception = result.exception
    if isinstance(exception, SystemExit):
        exception = None
    return Outcome(result.exit_code, result.stdout, result.stderr, exception)


@dataclass
class Built:
    """A built site: its source folder, its output folder and how the build went."""

    root: Path
    public: Path
    result: Outcome
    args: list[str] = field(default_factory=list)

    # -- reading the output -----------------------------------------------------------------

    def file(self, url: str) -> Path:
        return url_to_file(self.public, url)

    def exists(self, url: str) -> bool:
        return self.file(url).is_file()

    def read(self, url: str) -> bytes:
        path = self.file(url)
        assert path.is_file(), f"{url} was not written ({path})"
        return path.read_bytes()

    def text(self, url: str) -> str:
        return self.read(url).decode("utf-8")

    def html(self, url: str) -> lxml.html.HtmlElement:
        parser = lxml.html.HTMLParser(encoding="utf-8")
        return lxml.html.document_fromstring(self.read(url), parser=parser)

    def xml(self, path: str) -> lxml.etree._Element:
        return lxml.etree.fromstring(self.read(path))

    def files(self) -> dict[str, bytes]:
        """Every output file, relative posix path -> bytes."""
        return snapshot(self.public)

    # -- changing and rebuilding ----------------------------------------------------------

    def write(self, files: Files) -> None:
        write_files(self.root, files)

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def rebuild(
        self,
        *extra: str,
        ok: bool | None = True,
        use_subprocess: bool = False,
        env: Mapping[str, str] | None = None,
    ) -> Built:
        return run_site(
            self.root,
            self.public,
            [*self.args, *extra],
            ok=ok,
            use_subprocess=use_subprocess,
            env=env,
        )


def copy_example_site(dest: Path) -> Path:
    """A copy of the example site (the repository root): blog.yaml, content/, static/."""
    dest.mkdir(parents=True)
    shutil.copy(REPO / "blog.yaml", dest / "blog.yaml")
    shutil.copytree(REPO / "content", dest / "content")
    shutil.copytree(REPO / "static", dest / "static")
    return dest


def snapshot(folder: Path) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    if not folder.exists():
        return out
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            out[path.relative_to(folder).as_posix()] = path.read_bytes()
    return out


def without_search(files: dict[str, bytes]) -> dict[str, bytes]:
    """A snapshot without the Pagefind index: a `Session` (as `blog serve` drives it) leaves the
    index to the server's background refresh, a `blog build` makes it in the engine."""
    return {rel: data for rel, data in files.items() if not rel.startswith("pagefind/")}


def run_site(
    root: Path,
    public: Path,
    args: Iterable[str] = (),
    *,
    ok: bool | None = True,
    jobs: int | None = 1,
    use_subprocess: bool = False,
    env: Mapping[str, str] | None = None,
) -> Built:
    """Build the site in `root` into `public`; `ok=True` asserts success, False a clean failure."""
    argv = ["build", "--source", str(root), "--destination", str(public)]
    extra = list(args)
    if jobs is not None and "--jobs" not in extra and "-j" not in extra:
        extra += ["--jobs", str(jobs)]
    outcome = run_cli([*argv, *extra], use_subprocess=use_subprocess, cwd=root, env=env)
    if ok is True:
        assert outcome.exit_code == 0 and outcome.exception is None, (
            f"build failed (exit {outcome.exit_code}):\n{outcome.output}"
            + (
                f"\n{type(outcome.exception).__name__}: {outcome.exception}"
                if outcome.exception
                else ""
            )
        )
    elif ok is False:
        outcome.assert_clean_failure()
    return Built(root=root, public=public, result=outcome, args=extra)


class SiteFactory:
    """Creates fresh site folders (under pytest's temp root) and builds them."""

    _counter = itertools.count()

    def __init__(self, make_dir: Any) -> None:
        self._make_dir = make_dir

    def new_root(self, name: str = "site") -> Path:
        return Path(self._make_dir(f"{name}-{next(self._counter)}"))

    def build(
        self,
        files: Files | None = None,
        *args: str,
        ok: bool | None = True,
        jobs: int | None = 1,
        use_subprocess: bool = False,
        link_theme: bool = True,
        config: str | None = None,
        env: Mapping[str, str] | None = None,
        destination: Path | None = None,
    ) -> Built:
        """Write `files` (plus a default blog.yaml, or `config`) to a new folder and build it."""
        root = self.new_root()
        all_files: dict[str, str | bytes] = dict(files or {})
        if "blog.yaml" not in all_files:
            all_files["blog.yaml"] = config if config is not None else DEFAULT_CONFIG
        elif config is not None:
            raise ValueError("give blog.yaml in files or config=, not both")
        write_files(root, {k: v for k, v in all_files.items() if v is not None})
        if link_theme:
            ensure_theme(root)
        public = destination or root / "public"
        return run_site(
            root, public, args, ok=ok, jobs=jobs, use_subprocess=use_subprocess, env=env
        )

    def fixture(
        self,
        name: str,
        *args: str,
        ok: bool | None = True,
        jobs: int | None = 1,
        use_subprocess: bool = False,
    ) -> Built:
        """Copy tests/sites/<name>/ to a new folder and build it there."""
        source = SITES / name
        assert source.is_dir(), f"no fixture site {source}"
        root = self.new_root(name.replace("/", "-"))
        shutil.copytree(source, root, dirs_exist_ok=True, symlinks=True)
        ensure_theme(root)
        return run_site(
            root, root / "public", args, ok=ok, jobs=jobs, use_subprocess=use_subprocess
        )


def links(tree: lxml.html.HtmlElement, xpath: str, attr: str = "href") -> list[str]:
    return [str(el.get(attr)) for el in tree.xpath(xpath)]


def hreflangs(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """{hreflang: href} of the page's `<link rel="alternate" hreflang>` elements (not its feeds)."""
    return {
        str(el.get("hreflang")): str(el.get("href"))
        for el in tree.xpath('//head/link[@rel="alternate"][@hreflang][not(@type)]')
    }


def meta(tree: lxml.html.HtmlElement, prop: str) -> list[str]:
    """Contents of `<meta property=prop>` or `<meta name=prop>`."""
    return [
        str(el.get("content"))
        for el in tree.xpath(f'//head/meta[@property="{prop}" or @name="{prop}"]')
    ]


def switcher(tree: lxml.html.HtmlElement) -> dict[str, str | None]:
    """{lang: href} of the language switcher; the current language maps to None."""
    out: dict[str, str | None] = {}
    for el in tree.xpath('//nav[contains(@class,"lang-switcher")]//li/*[@lang]'):
        out[str(el.get("lang")).split("-")[0]] = el.get("href")
    return out
