"""Help for people coming from Hugo: which files make a folder a Hugo site, which Hugo settings
are which `blog.yaml` keys, and "did you mean" suggestions for unknown or misspelt keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path

# Hugo's own lookup order for a site configuration (hugo.* since 0.110, then config.*)
HUGO_CONFIG_FILES = tuple(
    f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
)
HUGO_CONFIG_DIR = "config/_default"

# Hugo setting (lower case: Hugo's keys are case-insensitive) -> the blog.yaml key, top level
HUGO_KEYS: Mapping[str, str] = {
    "baseurl": "base_url",
    "languagecode": "languages.<code>.locale",
    "languagename": "languages.<code>.name",
    "languagedirection": "languages.<code>.direction",
    "defaultcontentlanguage": "default_language",
    "defaultcontentlanguageinsubdir": "default_language_in_subdir",
    "contentdir": "content_dir",
    "paginate": "pagination.page_size",
    "paginatepath": "pagination.path",
    "rsslimit": "feeds.limit",
    "summarylength": "summary_length",
    "removepathaccents": "remove_path_accents",
    "disablelanguages": "disabled_languages",
    "disablekinds": "disable_kinds",
    "enablerobotstxt": "robots_txt",
    "timezone": "timezone",
    "disablepathtolower": "disable_path_to_lower",
    "mainsections": "main_sections",
    "menu": "menus",
    "layoutdir": "layouts_dir",
    "defaultlanguage": "default_language",
    "enableemoji": "markup.emoji",
}
# inside `pagination:` (Hugo 0.128's form) and inside `languages.<code>:`
HUGO_PAGINATION_KEYS: Mapping[str, str] = {"pagersize": "pagination.page_size"}
HUGO_LANGUAGE_KEYS: Mapping[str, str] = {
    "languagecode": "languages.{code}.locale",
    "languagename": "languages.{code}.name",
    "languagedirection": "languages.{code}.direction",
    "contentdir": "languages.{code}.content_dir",
    "menu": "languages.{code}.menus",
    "timezone": "timezone",
}


def hugo_config(root: Path) -> str | None:
    """The Hugo configuration file (or `config/_default/`) in `root`, if it has one."""
    for name in HUGO_CONFIG_FILES:
        if (root / name).is_file():
            return name
    if (root / HUGO_CONFIG_DIR).is_dir():
        return HUGO_CONFIG_DIR + "/"
    return None


def _norm(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")


def suggest(
    key: str,
    known: Iterable[str],
    hugo: Mapping[str, str] = HUGO_KEYS,
    nested: Mapping[str, str] | None = None,
    prefix: str = "",
) -> str:
    """The end of an unknown-key warning: `: did you mean X?`, naming Hugo's key when it is one,
    or "" when nothing is close. `known` are the keys valid at that level (shown after
    `prefix`); `hugo` maps Hugo's keys, lower case, to full names; `nested` maps keys of deeper
    mappings (`page_size`) to their full name (`pagination.page_size`)."""
    hugo_name = hugo.get(key.lower())
    if hugo_name is not None and hugo_name != prefix + key:
        return f": did you mean {hugo_name}? ({key} is Hugo's name for it)"
    names = {name: prefix + name for name in known}
    for leaf, full in (nested or {}).items():
        names.setdefault(leaf, full)
    for name, full in names.items():
        if _norm(name) == _norm(key):
            return f": did you mean {full}?"
    close = difflib.get_close_matches(key.lower().replace("-", "_"), list(names), n=1, cutoff=0.75)
    return f": did you mean {names[close[0]]}?" if close else ""
