"""Go time layouts (`"Jan 2, 2006"`, `":date_long"`) as Jinja expressions over a page date:
numbers through `strftime`, month and day names through polyblog's localized `format_date`,
as Hugo localizes them for the page's language."""

from __future__ import annotations

from polyblog.importer.gotemplate_jinja import string
from polyblog.importer.gotemplate_values import Unsupported

# Go layout chunks, longest first where one is a prefix of another
_STRFTIME = {
    "2006": "%Y",
    "06": "%y",
    "01": "%m",
    "02": "%d",
    "002": "%j",
    "15": "%H",
    "03": "%I",
    "04": "%M",
    "05": "%S",
    "MST": "%Z",
    "-0700": "%z",
}
_NUMBER = {"1": "%m", "2": "%d", "3": "%I", "4": "%M", "5": "%S"}  # without padding
_PADDED = {"_2": ("%d", 2), "__2": ("%j", 3)}  # padded with spaces
_NAMES = {"January": "MMMM", "Jan": "MMM", "Monday": "EEEE", "Mon": "EEE"}
_ENGLISH = {"January": "%B", "Jan": "%b", "Monday": "%A", "Mon": "%a"}  # C-locale strftime
_STYLES = {
    ":date_full": "full",
    ":date_long": "long",
    ":date_medium": "medium",
    ":date_short": "short",
}
_ZONES = ["-07:00", "-07", "Z0700", "Z07:00", "Z07"]
_CHUNKS = sorted(
    [*_STRFTIME, *_NUMBER, *_PADDED, *_NAMES, "PM", "pm", *_ZONES], key=len, reverse=True
)


def _chunks(layout: str) -> list[tuple[str, str]]:
    """("std", chunk) and ("text", literal) pieces of a Go layout."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(layout):
        if layout[i] in ".," and i + 1 < len(layout) and layout[i + 1] in "09":
            j = i + 1
            while j < len(layout) and layout[j] == layout[i + 1]:
                j += 1
            if j == len(layout) or not layout[j].isdigit():
                out.append(("frac", layout[i:j]))
                i = j
                continue
        for chunk in _CHUNKS:
            if layout.startswith(chunk, i) and not _inside_word(layout, i, chunk):
                out.append(("std", chunk))
                i += len(chunk)
                break
        else:
            out.append(("text", layout[i]))
            i += 1
    return out


def _inside_word(layout: str, i: int, chunk: str) -> bool:
    """Go reads `Jan`/`Mon` only when not followed by a lower-case letter (`Month` is text),
    and `_2006` as a literal `_` before the year."""
    if chunk == "_2":
        return layout.startswith("_2006", i)
    if chunk in {"Jan", "Mon"}:
        end = i + len(chunk)
        return end < len(layout) and layout[end].islower()
    return False


def format_time(date: str, layout: str, localized: bool) -> str:
    """A Jinja string expression for Go's `date.Format(layout)`; `localized` as Hugo's
    `time.Format`/`dateFormat` do (names in the page's language, `:date_long` styles), else
    as the `.Format` method does (English names)."""
    if localized and layout in _STYLES:
        return f'(format_date({date}, {string(_STYLES[layout])}) if {date} else "")'
    if localized and layout.startswith(":"):
        raise Unsupported(f"date layout {layout!r}")
    parts: list[str] = []
    pattern: list[str] = []  # strftime directives and literal text waiting to be emitted

    def flush() -> None:
        if pattern:
            parts.append(f"{date}.strftime({string(''.join(pattern))})")
            pattern.clear()

    for kind, chunk in _chunks(layout):
        if kind == "text":
            pattern.append(chunk.replace("%", "%%"))
        elif kind == "frac":
            if chunk[1] != "0":
                raise Unsupported(f"date layout {layout!r}: trimmed fractional seconds")
            flush()
            parts.append(f'({string(chunk[0])} ~ {date}.strftime("%f")[:{len(chunk) - 1}])')
        elif chunk in _STRFTIME:
            pattern.append(_STRFTIME[chunk])
        elif chunk in _NAMES and not localized:
            pattern.append(_ENGLISH[chunk])
        else:
            flush()
            parts.append(_special(date, chunk))
    flush()
    if not parts:
        return '""'
    return f'(({" ~ ".join(parts)}) if {date} else "")'


def _special(date: str, chunk: str) -> str:
    if chunk in _NUMBER:
        return f"({date}.strftime({string(_NUMBER[chunk])}) | int)"
    if chunk in _PADDED:
        directive, width = _PADDED[chunk]
        return f'("%{width}d" | format({date}.strftime({string(directive)}) | int))'
    if chunk in _NAMES:
        return f"format_date({date}, {string(_NAMES[chunk])})"
    hour = f'({date}.strftime("%H") | int)'
    if chunk == "PM":
        return f'("PM" if {hour} >= 12 else "AM")'
    if chunk == "pm":
        return f'("pm" if {hour} >= 12 else "am")'
    zone = f'{date}.strftime("%z")'
    if chunk == "-07:00":
        return f'({zone}[:3] ~ ":" ~ {zone}[3:5])'
    if chunk == "-07":
        return f"{zone}[:3]"
    utc = f'{zone} == "+0000"'
    if chunk == "Z0700":
        return f'("Z" if {utc} else {zone})'
    if chunk == "Z07:00":
        return f'("Z" if {utc} else {zone}[:3] ~ ":" ~ {zone}[3:5])'
    return f'("Z" if {utc} else {zone}[:3])'  # Z07
