"""The default theme's documented `params` (author, social, footer, copyright, logo, accent)
read per language into `site.theme`, and the warnings about them (docs/theme.md)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from polyblog.config import CONFIG_NAME, Config
from polyblog.errors import SourcePos, Warning_
from polyblog.markup import markdownify
from polyblog.render.colors import (
    AA,
    DARK_SURFACES,
    LIGHT_SURFACES,
    parse_hex,
    readable,
    scheme,
    to_hex,
    worst_contrast,
)
from polyblog.render.feeds import FORMATS, first_feed
from polyblog.urls import site_url
from polyblog.yamlpos import KeyPath, YamlError, load_yaml

THEME_KEYS = ("author", "social", "footer", "copyright", "logo", "accent")

# network -> (label, icon, URL of a handle); the label of `email` and `rss` is a UI string
NETWORKS: dict[str, tuple[str, str, str]] = {
    "github": ("GitHub", "github", "https://github.com/{}"),
    "mastodon": ("Mastodon", "mastodon", ""),
    "linkedin": ("LinkedIn", "linkedin", "https://www.linkedin.com/in/{}/"),
    "bluesky": ("Bluesky", "bluesky", "https://bsky.app/profile/{}"),
    "x": ("X", "x", "https://x.com/{}"),
    "email": ("social_email", "email", ""),
    "rss": ("rss", "rss", ""),
}
Feed = tuple[str, str]  # the home feed's URL and media type
ALIASES = {"twitter": "x", "mail": "email", "feed": "rss"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Author:
    name: str
    avatar: str | None  # URL (base path included for a site path)
    bio: Markup  # Markdown rendered to HTML (may be empty)


@dataclass(frozen=True, slots=True, kw_only=True)
class SocialLink:
    network: str  # github, mastodon, linkedin, bluesky, x, email, rss, or the site's own key
    label: str  # accessible name ("GitHub", "Email" in the page's language)
    url: str
    rel: str  # "me" on profiles (Mastodon verifies it), "alternate" on the feed, else ""
    icon: str  # partials/icons/<icon>.svg
    type: str = ""  # the media type of a feed link


@dataclass(frozen=True, slots=True, kw_only=True)
class ThemeView:
    """`site.theme` in templates: the theme's params for one language, checked."""

    author: Author | None
    social: tuple[SocialLink, ...]
    footer: Markup
    copyright: str
    logo: str | None
    accent_css: str  # `:root{...}` rules for a site accent, "" for the theme's own


Problems = list[tuple[KeyPath, str]]  # (key in blog.yaml, message)
Translate = Callable[[str], str]


def theme_view(
    config: Config, lang: str, translate: Translate = str, home_url: str | None = None
) -> ThemeView:
    """The theme's params of `lang`: `languages.<lang>.params` merged over `params`, key by key
    inside `author` and `social` too (so a language can change only the bio). `home_url` is
    the language's home (its feed is `social.rss: true`)."""
    return _read(config, lang, translate, home_url, [])


def theme_warnings(config: Config) -> list[Warning_]:
    """Every problem with the default theme's params, once, at its line in blog.yaml (none for
    another theme: its params may mean something else)."""
    if config.theme != "default":
        return []
    problems: Problems = []
    for lang in config.languages:
        _read(config, lang.code, str, None, problems)
    lines = _lines(config.root)
    out: list[Warning_] = []
    for key, message in dict.fromkeys(problems):
        line = next((lines[key[:i]] for i in range(len(key), 0, -1) if key[:i] in lines), 0)
        out.append(Warning_(message, SourcePos(CONFIG_NAME, line)))
    return out


def _lines(root: Path) -> dict[KeyPath, int]:
    try:
        text = (root / CONFIG_NAME).read_text(encoding="utf-8-sig")
        return load_yaml(text, CONFIG_NAME)[1]
    except (OSError, UnicodeDecodeError, YamlError):
        return {}


def _read(
    config: Config, lang: str, translate: Translate, home_url: str | None, problems: Problems
) -> ThemeView:
    own = config.language(lang).params  # the global params with the language's over them
    glob = config.params
    where: KeyPath = ("languages", lang, "params")

    def merged(key: str) -> tuple[Any, KeyPath]:
        """The value of a params key in `lang`, and where it was written."""
        if key in own and own.get(key) is not glob.get(key):
            return own[key], (*where, key)
        return glob.get(key), ("params", key)

    def url(path: str) -> str:
        if path.startswith(("http://", "https://", "data:")):
            return path
        return site_url(config.base_path, "/" + path.lstrip("/"))

    author = _author(config, glob, own, where, url, problems)
    fmt = first_feed(config)
    feed = (home_url + fmt.file, fmt.media_type) if home_url and fmt else None
    social = _social(glob, own, where, translate, feed, problems)
    footer, footer_at = merged("footer")
    copyright_, copyright_at = merged("copyright")
    logo, logo_at = merged("logo")
    accent, accent_at = merged("accent")
    return ThemeView(
        author=author,
        social=social,
        footer=_markdown(config, _text(footer, footer_at, problems)),
        copyright=_text(copyright_, copyright_at, problems) or config.copyright,
        logo=url(text) if (text := _text(logo, logo_at, problems)) else None,
        accent_css=_accent(accent, accent_at, problems),
    )


def _text(value: Any, at: KeyPath, problems: Problems) -> str:
    if value is None or value is False:
        return ""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip()
    problems.append((at, f"{_dotted(at)}: expected a string, got {type(value).__name__}"))
    return ""


def _dotted(at: KeyPath) -> str:
    return ".".join(str(k) for k in at)


def _markdown(config: Config, text: str) -> Markup:
    return Markup(markdownify(text, config.markup)) if text else Markup("")


def _as_mapping(value: Any, at: KeyPath, problems: Problems, name_key: str = "") -> dict[str, Any]:
    if value is None or value is False:
        return {}
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    if name_key and isinstance(value, str):
        return {name_key: value}  # `author: Alex` is the name alone
    problems.append((at, f"{_dotted(at)}: expected a mapping, got {type(value).__name__}"))
    return {}


def _author(
    config: Config,
    glob: Mapping[str, Any],
    own: Mapping[str, Any],
    where: KeyPath,
    url: Callable[[str], str],
    problems: Problems,
) -> Author | None:
    data = _as_mapping(glob.get("author"), ("params", "author"), problems, "name")
    at: dict[str, KeyPath] = {k: ("params", "author", k) for k in data}
    if "author" in own and own.get("author") is not glob.get("author"):
        mine = _as_mapping(own.get("author"), (*where, "author"), problems, "name")
        data.update(mine)
        at.update({k: (*where, "author", k) for k in mine})
    for key in data:
        if key not in {"name", "avatar", "bio"}:
            problems.append(
                (at[key], f"{_dotted(at[key])}: unknown key (the author has name, avatar, bio)")
            )
    if "avatar" not in data and glob.get("avatar"):
        data["avatar"] = glob["avatar"]  # the older `params.avatar`
        at["avatar"] = ("params", "avatar")
    name = _text(data.get("name"), at.get("name", ("params", "author")), problems) or config.author
    avatar = _text(data.get("avatar"), at.get("avatar", ("params", "author")), problems)
    bio = _text(data.get("bio"), at.get("bio", ("params", "author")), problems)
    if not (name or avatar or bio):
        return None
    return Author(name=name, avatar=url(avatar) if avatar else None, bio=_markdown(config, bio))


def _social(
    glob: Mapping[str, Any],
    own: Mapping[str, Any],
    where: KeyPath,
    translate: Translate,
    feed: Feed | None,
    problems: Problems,
) -> tuple[SocialLink, ...]:
    data = _as_mapping(glob.get("social"), ("params", "social"), problems)
    at: dict[str, KeyPath] = {k: ("params", "social", k) for k in data}
    if "social" in own and own.get("social") is not glob.get("social"):
        mine = _as_mapping(own.get("social"), (*where, "social"), problems)
        data.update(mine)
        at.update({k: (*where, "social", k) for k in mine})
    out: list[SocialLink] = []
    for key, value in data.items():
        if value is None or value is False or value == "":
            continue  # a language can drop a global link
        link = _social_link(key, value, at[key], translate, feed, problems)
        if link is not None:
            out.append(link)
    return tuple(out)


def _social_link(
    key: str, value: Any, at: KeyPath, translate: Translate, feed: Feed | None, problems: Problems
) -> SocialLink | None:
    network = ALIASES.get(key.lower(), key.lower())
    if network == "rss":
        return _feed_link(value, at, translate, feed, problems)
    text = _text(value, at, problems)
    if not text:
        return None
    web = text.startswith(("https://", "http://"))
    if network not in NETWORKS:
        if not web:
            problems.append(
                (
                    at,
                    f"{_dotted(at)}: {text!r} is not a web address (https://...); known "
                    f"networks: {', '.join(NETWORKS)}",
                )
            )
            return None
        return SocialLink(
            network=key, label=key[:1].upper() + key[1:], url=text, rel="me", icon="link"
        )
    label, icon, pattern = NETWORKS[network]
    if network == "email":
        address = text.removeprefix("mailto:")
        if "@" not in address or " " in address:
            problems.append((at, f"{_dotted(at)}: {text!r} is not an email address"))
            return None
        return SocialLink(
            network=network, label=translate(label), url=f"mailto:{address}", rel="", icon=icon
        )
    if not web:
        handle = text.lstrip("@")
        if network == "mastodon":
            user, _, host = handle.partition("@")
            if not user or "." not in host:
                problems.append(
                    (at, f"{_dotted(at)}: {text!r} is neither @user@instance nor a web address")
                )
                return None
            text = f"https://{host}/@{user}"
        elif "/" in handle or " " in handle or not handle:
            problems.append((at, f"{_dotted(at)}: {text!r} is neither a handle nor a web address"))
            return None
        else:
            text = pattern.format(handle)
    return SocialLink(network=network, label=label, url=text, rel="me", icon=icon)


def _feed_link(
    value: Any, at: KeyPath, translate: Translate, feed: Feed | None, problems: Problems
) -> SocialLink | None:
    """`rss: true` links the language's home feed; a string is another feed's address."""
    if value is True:
        if feed is None:
            return None  # no home or no feeds (`disable_kinds`)
        url, media_type = feed
    else:
        media_type = FORMATS["rss"].media_type
        url = _text(value, at, problems)
        if not url:
            return None
    return SocialLink(
        network="rss", label=translate("rss"), url=url, rel="alternate", icon="rss", type=media_type
    )


def _accent(value: Any, at: KeyPath, problems: Problems) -> str:
    """CSS for a site accent: the colour where it reaches WCAG AA, else the nearest that does
    (with a warning); in dark mode a lighter one (`accent: {light: ..., dark: ...}` picks it)."""
    if value is None or value is False or value == "":
        return ""
    light_raw: Any = value
    dark_raw: Any = None
    if isinstance(value, Mapping):
        unknown = [str(k) for k in value if k not in {"light", "dark"}]
        if unknown:
            problems.append((at, f"{_dotted(at)}: unknown key {unknown[0]!r} (light, dark)"))
        light_raw, dark_raw = value.get("light"), value.get("dark")
    light = _colour(light_raw, (*at, "light") if isinstance(value, Mapping) else at, problems)
    dark = _colour(dark_raw, (*at, "dark"), problems) if dark_raw is not None else None
    if light is None and dark is None:
        return ""
    rules: list[str] = []
    if light is not None:
        fixed = _checked(light, False, (*at, "light") if dark_raw is not None else at, problems)
        rules.append(":root{" + scheme(fixed, dark=False).css() + "}")
    source = dark if dark is not None else light
    assert source is not None
    if dark is not None:
        fixed_dark = _checked(dark, True, (*at, "dark"), problems)
    else:
        fixed_dark = readable(source, dark=True)  # a lighter tint of the one colour: no warning
    rules.append(
        "@media (prefers-color-scheme: dark){:root{" + scheme(fixed_dark, dark=True).css() + "}}"
    )
    return "".join(rules)


def _colour(value: Any, at: KeyPath, problems: Problems) -> str | None:
    rgb = parse_hex(value) if isinstance(value, str) else None
    if rgb is None:
        problems.append(
            (
                at,
                f"{_dotted(at)}: {value!r} is not a colour such as '#3451b2': the theme's own "
                "accent is used",
            )
        )
        return None
    return to_hex(rgb)


def _checked(color: str, dark: bool, at: KeyPath, problems: Problems) -> str:
    fixed = readable(color, dark)
    if fixed != color:
        surfaces = DARK_SURFACES if dark else LIGHT_SURFACES
        ratio = worst_contrast(color, surfaces, dark)
        mode = "dark" if dark else "light"
        problems.append(
            (
                at,
                f"{_dotted(at)}: {color} has a contrast of {ratio:.2f}:1 on the {mode} "
                f"background (WCAG AA needs {AA}:1): the theme uses {fixed} instead",
            )
        )
    return fixed
