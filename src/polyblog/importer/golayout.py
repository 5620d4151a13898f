"""Go time layouts (`2 January 2006`, Hugo's `dateFormat`) -> CLDR date patterns (`d MMMM y`).

Covers every reference token of Go's `time.Format`; literal text is quoted for CLDR.
"""

from __future__ import annotations

from dataclasses import dataclass

# Go token -> (CLDR pattern, exact?). Not exact: the CLDR form differs in some detail.
_TOKENS: dict[str, tuple[str, bool]] = {
    "January": ("MMMM", True),
    "Jan": ("MMM", True),
    "01": ("MM", True),
    "1": ("M", True),
    "Monday": ("EEEE", True),
    "Mon": ("EEE", True),
    "02": ("dd", True),
    "_2": ("d", False),  # space-padded day: CLDR has no space padding
    "2": ("d", True),
    "002": ("DDD", True),
    "__2": ("D", False),  # space-padded day of year
    "2006": ("y", True),
    "06": ("yy", True),
    "15": ("HH", True),
    "03": ("hh", True),
    "3": ("h", True),
    "04": ("mm", True),
    "4": ("m", True),
    "05": ("ss", True),
    "5": ("s", True),
    "PM": ("a", True),
    "pm": ("a", False),  # lower-case am/pm: CLDR writes the locale's form
    "MST": ("z", True),
    "Z070000": ("XXXX", True),
    "Z07:00:00": ("XXXXX", True),
    "Z0700": ("XX", True),
    "Z07:00": ("XXX", True),
    "Z07": ("X", True),
    "-070000": ("xxxx", True),
    "-07:00:00": ("xxxxx", True),
    "-0700": ("xx", True),
    "-07:00": ("xxx", True),
    "-07": ("x", True),
}
_ZERO_PAIRS = {"1": "01", "2": "02", "3": "03", "4": "04", "5": "05", "6": "06"}


@dataclass(frozen=True, slots=True)
class Converted:
    """A CLDR pattern; `exact` is False when some Go token has only a near equivalent."""

    pattern: str
    exact: bool
    notes: tuple[str, ...] = ()


def _chunk(layout: str, i: int) -> tuple[str, int] | None:
    """The Go token starting at `i` and where it ends (Go's `nextStdChunk` rules), if any."""
    rest = layout[i:]
    c = rest[0]
    if c == "J" and rest.startswith("Jan"):
        if rest.startswith("January"):
            return "January", i + 7
        if not rest[3:4].islower():
            return "Jan", i + 3
    elif c == "M":
        if rest.startswith("Mon"):
            if rest.startswith("Monday"):
                return "Monday", i + 6
            if not rest[3:4].islower():
                return "Mon", i + 3
        if rest.startswith("MST"):
            return "MST", i + 3
    elif c == "0":
        if len(rest) >= 2 and rest[1] in _ZERO_PAIRS:
            return _ZERO_PAIRS[rest[1]], i + 2
        if rest.startswith("002"):
            return "002", i + 3
    elif c == "1":
        return ("15", i + 2) if rest.startswith("15") else ("1", i + 1)
    elif c == "2":
        return ("2006", i + 4) if rest.startswith("2006") else ("2", i + 1)
    elif c == "_":
        if rest.startswith("_2") and not rest.startswith("_2006"):
            return "_2", i + 2
        if rest.startswith("__2"):
            return "__2", i + 3
    elif c in "345":
        return c, i + 1
    elif c == "P" and rest.startswith("PM"):
        return "PM", i + 2
    elif c == "p" and rest.startswith("pm"):
        return "pm", i + 2
    elif c in "-Z":
        for token in ("070000", "07:00:00", "0700", "07:00", "07"):
            if rest[1:].startswith(token):
                return c + token, i + 1 + len(token)
    elif c in ".," and len(rest) >= 2 and rest[1] in "09":
        j = 1
        while j < len(rest) and rest[j] == rest[1]:
            j += 1
        if not rest[j : j + 1].isdigit():
            return rest[:j], i + j
    return None


def _quote(literal: str) -> str:
    """CLDR literal text: runs of letters (and quotes) go inside single quotes; a quote is ''."""
    out: list[str] = []
    run: list[str] = []
    for ch in literal:
        if ch == "'" or (ch.isascii() and ch.isalpha()):
            run.append("''" if ch == "'" else ch)
            continue
        if run:
            out.append(_run(run))
            run = []
        out.append(ch)
    if run:
        out.append(_run(run))
    return "".join(out)


def _run(run: list[str]) -> str:
    text = "".join(run)
    return text if text == "''" else "'" + text + "'"


def go_to_cldr(layout: str) -> Converted:
    """Convert a Go layout: `2 January 2006` -> `d MMMM y`, `Jan 2, 2006` -> `MMM d, y`."""
    out: list[str] = []
    literal: list[str] = []
    exact = True
    notes: list[str] = []
    i = 0
    while i < len(layout):
        found = _chunk(layout, i)
        if found is None:
            literal.append(layout[i])
            i += 1
            continue
        token, end = found
        if literal:
            out.append(_quote("".join(literal)))
            literal = []
        if token[0] in ".,":
            digits = len(token) - 1
            out.append(token[0] + "S" * digits)
            if token[1] == "9":
                exact = False
                notes.append(f"{token}: CLDR keeps trailing zeros of fractional seconds")
        else:
            pattern, same = _TOKENS[token]
            out.append(pattern)
            if not same:
                exact = False
                notes.append(f"{token}: written as {pattern}")
        i = end
    if literal:
        out.append(_quote("".join(literal)))
    return Converted("".join(out), exact, tuple(notes))
