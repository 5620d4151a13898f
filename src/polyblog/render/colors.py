"""WCAG contrast of colours and the default theme's accent palette: a site's `params.accent`
made readable on the theme's light and dark backgrounds (docs/theme.md#accent-colour)."""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

RGB = tuple[float, float, float]  # 0..1 per channel

AA = 4.5  # WCAG 2 AA, normal text

# The theme's backgrounds (static/css/style.css): the accent is text on each of them.
LIGHT_SURFACES = ("#fbfbfa", "#ffffff", "#f3f3f0")
DARK_SURFACES = ("#16181d", "#1d2027", "#22252d")
LIGHT_INK = "#ffffff"  # text on an accent-coloured button, whichever reads better
DARK_INK = "#10131a"

_HEX = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def parse_hex(text: str) -> RGB | None:
    """`#3451b2`, `#35b` (or without `#`) as channels in 0..1; None for anything else."""
    match = _HEX.fullmatch(text.strip())
    if match is None:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b)


def to_hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance."""
    r, g, b = (_channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two hex colours (1 to 21)."""
    rgb_a, rgb_b = parse_hex(a), parse_hex(b)
    if rgb_a is None or rgb_b is None:
        raise ValueError(f"not a hex colour: {a if rgb_a is None else b}")
    hi, lo = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def mix(a: str, b: str, amount: float) -> str:
    """`amount` of `b` mixed into `a` (0: a, 1: b), rounded to a hex colour."""
    rgb_a, rgb_b = parse_hex(a), parse_hex(b)
    assert rgb_a is not None and rgb_b is not None
    r, g, bl = (x + (y - x) * amount for x, y in zip(rgb_a, rgb_b, strict=True))
    return to_hex((r, g, bl))


def _with_lightness(color: str, lightness: float) -> str:
    rgb = parse_hex(color)
    assert rgb is not None
    h, _l, s = colorsys.rgb_to_hls(*rgb)
    return to_hex(colorsys.hls_to_rgb(h, max(0.0, min(1.0, lightness)), s))


def _lightness(color: str) -> float:
    rgb = parse_hex(color)
    assert rgb is not None
    return colorsys.rgb_to_hls(*rgb)[1]


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheme:
    """The accent tokens of one colour scheme (CSS custom properties of style.css)."""

    accent: str
    hover: str
    soft: str  # a tinted background (the current menu entry, selections)
    ink: str  # text on an accent-coloured background

    def css(self) -> str:
        return (
            f"--accent:{self.accent};--accent-hover:{self.hover};"
            f"--accent-soft:{self.soft};--accent-contrast:{self.ink}"
        )


def worst_contrast(color: str, surfaces: tuple[str, ...], dark: bool) -> float:
    """The lowest contrast of `color` as text on the surfaces and on its own soft tint."""
    soft = _soft(color, surfaces[0], dark)
    return min(contrast(color, s) for s in (*surfaces, soft))


def _soft(color: str, background: str, dark: bool) -> str:
    return mix(background, color, 0.18 if dark else 0.10)


def readable(color: str, dark: bool) -> str:
    """`color` itself when it reaches AA on every surface of the scheme, else the nearest
    colour of the same hue and saturation that does (darker on light, lighter on dark)."""
    surfaces = DARK_SURFACES if dark else LIGHT_SURFACES
    if worst_contrast(color, surfaces, dark) >= AA:
        return color
    start = _lightness(color)
    step = 0.005 if dark else -0.005
    lightness = start
    for _ in range(400):
        lightness += step
        candidate = _with_lightness(color, lightness)
        if worst_contrast(candidate, surfaces, dark) >= AA:
            return candidate
    return "#ffffff" if dark else "#000000"  # unreachable: black and white always pass


def scheme(color: str, dark: bool) -> Scheme:
    """The tokens of a scheme for an accent that is already `readable`."""
    surfaces = DARK_SURFACES if dark else LIGHT_SURFACES
    shift = 0.08 if dark else -0.08
    hover = _with_lightness(color, _lightness(color) + shift)
    ink = max((LIGHT_INK, DARK_INK), key=lambda c: contrast(c, color))
    return Scheme(accent=color, hover=hover, soft=_soft(color, surfaces[0], dark), ink=ink)
