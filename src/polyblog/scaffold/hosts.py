"""Where a new blog is published: the polyblog it pins (`requirements.txt`, from the package
index or a git URL), and each host's workflow file and README section."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import metadata
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

HOSTS: Mapping[str, str] = {
    "github-pages": "GitHub Pages",
    "gitlab-pages": "GitLab Pages",
    "netlify": "Netlify",
    "cloudflare": "Cloudflare Pages",
    "none": "no host (build and copy public/ yourself)",
}
DEFAULT_HOST = "github-pages"
# The file each host reads (Cloudflare Pages keeps its settings in its dashboard).
WORKFLOWS: Mapping[str, tuple[str, str]] = {
    "github-pages": (".github/workflows/publish.yml", "github-pages.yml"),
    "gitlab-pages": (".gitlab-ci.yml", "gitlab-ci.yml"),
    "netlify": ("netlify.toml", "netlify.toml"),
}
PYTHON = "3.12"  # the Python the hosts build with
_PLACEHOLDER = re.compile(r"<<(\w+)>>")


def template(name: str) -> str:
    """A file of the package's `templates/` folder."""
    return (files("polyblog.scaffold") / "templates" / name).read_text(encoding="utf-8")


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace `<<name>>`; a line that is only a placeholder for "" disappears."""
    lines = []
    for line in text.splitlines(keepends=True):
        found = _PLACEHOLDER.fullmatch(line.strip())
        if found and values[found.group(1)] == "":
            continue
        lines.append(_PLACEHOLDER.sub(lambda m: values[m.group(1)], line))
    return "".join(lines)


@dataclass(frozen=True, slots=True)
class Install:
    """How the blog's own repository installs polyblog: one line of requirements.txt."""

    requirement: str
    source: str  # "index" or "git"
    why: str  # where it comes from, for a comment


def installed() -> Install:
    """The polyblog running now, as a pinned requirement."""
    try:
        dist = metadata.distribution("polyblog")
    except metadata.PackageNotFoundError:
        return resolve_install("0.0.0", None, [], _git_origin)
    raw = dist.read_text("direct_url.json")
    try:
        direct = json.loads(raw) if raw else None
    except ValueError:
        direct = None
    urls = dist.metadata.get_all("Project-URL") or []
    return resolve_install(dist.version, direct, urls, _git_origin)


def resolve_install(
    version: str,
    direct_url: Mapping[str, object] | None,
    project_urls: list[str],
    git_origin: Callable[[Path], tuple[str, str] | None],
) -> Install:
    """A release comes from the package index (`polyblog==1.2.0`). An install from a git URL,
    or a local or development version (`1.3.dev4+g0a1b2c3`), comes from git at the commit
    (`polyblog @ git+https://…@0a1b2c3`): the repository and commit come from the install
    record (PEP 610), else from the installed folder's git `origin`, else from the project's
    URLs and the version's `+g<commit>`."""
    direct = direct_url or {}
    vcs = direct.get("vcs_info")
    url = direct.get("url")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and isinstance(url, str):
        public = _public_url(url)
        if public.startswith(("https://", "http://")):  # not a clone on this computer
            ref = str(vcs.get("commit_id") or vcs.get("requested_revision") or "")
            return _from_git(public, ref, f"installed from {public}")
    if not _is_dev(version):
        return Install(f"polyblog=={version}", "index", "the release installed by `blog init`")
    local = None
    if isinstance(url, str) and url.startswith("file://") and "dir_info" in direct:
        local = git_origin(Path(unquote(urlsplit(url).path)))
    commit = re.search(r"\+g([0-9a-f]{7,40})\b", version)
    if local is not None:
        repo, head = local
        return _from_git(repo, head, f"development version {version}, from its git checkout")
    repo_url = _project_repository(project_urls)
    if repo_url is not None:
        ref = commit.group(1) if commit else "v" + _release_part(version)
        return _from_git(repo_url, ref, f"development version {version}")
    release = _release_part(version)
    return Install(
        f"polyblog=={release}",
        "index",
        f"development version {version} with no known repository: the release {release} "
        "instead; if it is not published, write `polyblog @ git+URL@COMMIT` here",
    )


def _from_git(url: str, ref: str, why: str) -> Install:
    at = f"@{ref}" if ref else ""
    return Install(f"polyblog @ git+{url}{at}", "git", why)


def _is_dev(version: str) -> bool:
    return "+" in version or re.search(r"\.?dev\d*", version) is not None


def _release_part(version: str) -> str:
    return re.split(r"\.?dev|\+", version, maxsplit=1)[0] or version


def _project_repository(urls: list[str]) -> str | None:
    """`Project-URL: Source, https://…` (or Repository, Homepage) from the package metadata."""
    found: dict[str, str] = {}
    for entry in urls:
        label, _, url = entry.partition(",")
        found[label.strip().lower()] = url.strip()
    for label in ("source", "repository", "source code", "homepage"):
        url = found.get(label, "")
        if url.startswith("https://"):
            return _public_url(url)
    return None


def _public_url(url: str) -> str:
    """Without credentials, and `ssh://git@host/x` as `https://host/x`, which CI can clone."""
    url = url.removeprefix("git+")
    parts = urlsplit(url)
    scheme = "https" if parts.scheme in {"ssh", "git"} else parts.scheme
    host = parts.hostname or ""
    if parts.port and scheme == parts.scheme:
        host += f":{parts.port}"
    return urlunsplit((scheme, host, parts.path, "", ""))


def _git_origin(folder: Path) -> tuple[str, str] | None:
    """The `origin` URL and HEAD commit of a git checkout, or None."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(folder), *args],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None

    origin = git("config", "--get", "remote.origin.url")
    head = git("rev-parse", "HEAD")
    if origin is None or head is None:
        return None
    if re.match(r"^[\w.-]+@[\w.-]+:", origin):  # scp-like git@github.com:owner/repo.git
        user_host, _, path = origin.partition(":")
        origin = f"ssh://{user_host}/{path}"
    if not origin.startswith(("https://", "http://", "ssh://", "git://")):
        return None
    return _public_url(origin), head


def requirements_txt(install: Install) -> str:
    comment = "from the package index" if install.source == "index" else "from git, at one commit"
    return (
        "# The polyblog this blog is built with, pinned: the publishing workflow installs\n"
        "# exactly this. To upgrade, change the line (e.g. `polyblog==X.Y.Z`) and push.\n"
        f"# Written by `blog init`: {comment} ({install.why}).\n"
        f"{install.requirement}\n"
    )


def host_files(host: str) -> dict[str, str]:
    """The publishing workflow of `host`, by its path in the blog."""
    if host not in WORKFLOWS:
        return {}
    path, name = WORKFLOWS[host]
    return {path: fill(template(f"hosts/{name}"), {"python": PYTHON})}


def publish_section(host: str) -> str:
    """The README's "Publish" section for `host`."""
    return fill(template(f"publish/{host}.md"), {"python": PYTHON})
