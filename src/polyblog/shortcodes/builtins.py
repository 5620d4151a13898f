"""Built-in shortcodes: argument names, validation and normalisation before their templates run.

Every value that reaches HTML is validated here or escaped by the template; ids must match strict
patterns so `{{< youtube "x\"><script>" >}}` is an error, never markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
X_USER = re.compile(r"[A-Za-z0-9_]{1,15}")
X_ID = re.compile(r"\d{1,25}")
INSTAGRAM_ID = re.compile(r"[A-Za-z0-9_-]{5,40}")
GIST_USER = re.compile(r"[A-Za-z0-9-]{1,39}")
GIST_ID = re.compile(r"[A-Fa-f0-9]{5,40}|\d{1,20}")
VIMEO_ID = re.compile(r"\d{3,12}")
CSS_COLOR = re.compile(r"#[0-9A-Fa-f]{3,8}|[A-Za-z]{3,20}|(rgb|hsl)a?\([0-9.,%\s/]+\)")
ICON = re.compile(r"[A-Za-z0-9_-]{1,40}")


class ArgError(ValueError):
    """A bad argument; the expander adds the file and line."""


@dataclass(frozen=True, slots=True)
class Builtin:
    positional: tuple[str, ...]  # names given to positional arguments, in order
    requires_inner: bool = False
    check: Callable[[dict[str, Any]], None] | None = None


def _match(pattern: re.Pattern[str], what: str) -> Callable[[dict[str, Any]], None]:
    def check(values: dict[str, Any]) -> None:
        _need(values, pattern, what)

    return check


def _need(
    values: dict[str, Any], pattern: re.Pattern[str], key: str, required: bool = True
) -> None:
    value = values.get(key)
    if value is None or value == "":
        if required:
            raise ArgError(f"needs {key}")
        return
    text = str(value)
    if not pattern.fullmatch(text):
        raise ArgError(f"{key} {text!r} is not valid (expected {pattern.pattern})")
    values[key] = text


def safe_url(value: object, key: str) -> str:
    """Only http(s) and relative URLs (no javascript:, data:, …)."""
    text = str(value).strip()
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", text)
    if scheme and scheme.group(1).lower() not in {"http", "https"}:
        raise ArgError(f"{key} {text!r}: only http(s) and relative URLs are allowed")
    if text.startswith("//"):
        raise ArgError(f"{key} {text!r}: write the scheme (https://)")
    return text


def _alert(values: dict[str, Any]) -> None:
    _need(values, ICON, "icon", required=False)
    for key in ("cardColor", "iconColor", "textColor"):
        _need(values, CSS_COLOR, key, required=False)


def _youtube(values: dict[str, Any]) -> None:
    _need(values, YOUTUBE_ID, "id")
    start = values.get("start", 0)
    if not str(start).isdigit():
        raise ArgError(f"start {start!r} must be a number of seconds")
    values["start"] = int(start)
    loading = str(values.get("loading", "lazy"))
    if loading not in {"lazy", "eager"}:
        raise ArgError("loading must be lazy or eager")
    values["loading"] = loading
    values["autoplay"] = values.get("autoplay") in {True, "true", "1"}


def _x(values: dict[str, Any]) -> None:
    _need(values, X_USER, "user", required=False)
    _need(values, X_ID, "id")
    values.setdefault("user", "i")


def _figure(values: dict[str, Any]) -> None:
    if not values.get("src"):
        raise ArgError("needs src")
    values["src"] = safe_url(values["src"], "src")
    if values.get("link"):
        values["link"] = safe_url(values["link"], "link")
    for key in ("width", "height"):
        if key in values and not str(values[key]).isdigit():
            raise ArgError(f"{key} must be a number of pixels")


def _gist(values: dict[str, Any]) -> None:
    _need(values, GIST_USER, "user")
    _need(values, GIST_ID, "id")


def _details(values: dict[str, Any]) -> None:
    """`{{< details "Title" open >}}` (hugo-book) and `title=` are accepted too."""
    if not values.get("summary") and values.get("title"):
        values["summary"] = values["title"]
    if values.get("open") == "open":
        values["open"] = True


def _article(values: dict[str, Any]) -> None:
    if not values.get("link"):
        raise ArgError('needs link, e.g. link="/posts/my-post/"')
    values["link"] = safe_url(values["link"], "link")


BUILTINS: dict[str, Builtin] = {
    "alert": Builtin(("icon",), requires_inner=True, check=_alert),
    "youtube": Builtin(("id",), check=_youtube),
    "x": Builtin(("user", "id"), check=_x),
    "twitter": Builtin(("user", "id"), check=_x),
    "tweet": Builtin(("user", "id"), check=_x),
    "instagram": Builtin(("id",), check=_match(INSTAGRAM_ID, "id")),
    "vimeo": Builtin(("id",), check=_match(VIMEO_ID, "id")),
    "article": Builtin(("link",), check=_article),
    "figure": Builtin(("src",), check=_figure),
    "ref": Builtin(("path",)),
    "relref": Builtin(("path",)),
    "highlight": Builtin(("lang", "options"), requires_inner=True),
    "details": Builtin(("summary", "open"), requires_inner=True, check=_details),
    "gist": Builtin(("user", "id", "file"), check=_gist),
    "param": Builtin(("name",)),
}


def normalise(name: str, args: list[object], kwargs: dict[str, object]) -> dict[str, Any]:
    """Named values for a built-in: positional arguments get their names, then validation."""
    spec = BUILTINS[name]
    values: dict[str, Any] = dict(kwargs)
    if name in {"tweet", "twitter"} and len(args) == 1:
        args = ["i", args[0]]  # old form: {{< tweet 1234 >}}
    if len(args) > len(spec.positional):
        raise ArgError(
            f"takes at most {len(spec.positional)} positional arguments "
            f"({', '.join(spec.positional)}), got {len(args)}"
        )
    values.update(zip(spec.positional, args, strict=False))
    if spec.check is not None:
        spec.check(values)
    return values
