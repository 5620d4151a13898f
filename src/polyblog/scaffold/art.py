"""The pictures `blog init` draws for a new blog: the first post's cover and the favicon, as
small SVG files in colours chosen from the blog's title (the same title, the same pictures)."""

from __future__ import annotations

import hashlib
import random
from html import escape

# Gradient pairs (start, end) that keep white shapes readable on them.
PALETTES: tuple[tuple[str, str], ...] = (
    ("#3451b2", "#7c4dcc"),  # indigo to violet (the default theme's accent)
    ("#0f766e", "#2563eb"),  # teal to blue
    ("#c2410c", "#db2777"),  # orange to pink
    ("#15803d", "#0e7490"),  # green to cyan
    ("#7e22ce", "#db2777"),  # purple to pink
    ("#1e3a8a", "#0891b2"),  # navy to cyan
    ("#b45309", "#b91c1c"),  # amber to red
    ("#334155", "#4f46e5"),  # slate to indigo
)


def palette(title: str) -> tuple[str, str]:
    return PALETTES[_seed(title) % len(PALETTES)]


def _seed(title: str) -> int:
    return int.from_bytes(hashlib.sha256(title.encode("utf-8")).digest()[:8], "big")


def cover_svg(title: str) -> str:
    """A 1200×600 cover (the theme's cards crop to 2:1): a gradient, soft circles, and two
    overlapping pages of text lines, one slightly turned (a post and its translation)."""
    start, end = palette(title)
    rng = random.Random(_seed(title))
    circles = []
    for _ in range(7):
        x, y = rng.randrange(0, 1200), rng.randrange(0, 600)
        r = rng.randrange(60, 260)
        opacity = rng.choice((0.08, 0.12, 0.16))
        circles.append(f'  <circle cx="{x}" cy="{y}" r="{r}" fill="#fff" opacity="{opacity}"/>')
    return "\n".join(
        [
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 600" width="1200" '
            'height="600">',
            "  <defs>",
            '    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">',
            f'      <stop offset="0" stop-color="{start}"/>',
            f'      <stop offset="1" stop-color="{end}"/>',
            "    </linearGradient>",
            '    <pattern id="dots" width="24" height="24" patternUnits="userSpaceOnUse">',
            '      <circle cx="2" cy="2" r="1.6" fill="#fff" opacity="0.18"/>',
            "    </pattern>",
            "  </defs>",
            '  <rect width="1200" height="600" fill="url(#bg)"/>',
            '  <rect width="1200" height="600" fill="url(#dots)"/>',
            *circles,
            _page(690, 120, -6, 0.8, end),
            _page(430, 150, 0, 0.95, start),
            "</svg>",
            "",
        ]
    )


def _page(x: int, y: int, angle: int, opacity: float, ink: str) -> str:
    """A card with a heading bar and lines of text, as a post looks from afar."""
    lines = [(40, 40, 230, 22)] + [(40, 96 + 34 * i, w, 12) for i, w in
                                   enumerate((300, 270, 310, 200, 285, 150))]  # fmt: skip
    bars = "".join(
        f'<rect x="{lx}" y="{ly}" width="{lw}" height="{lh}" rx="{lh // 2}" fill="{ink}" '
        f'opacity="{0.9 if i == 0 else 0.35}"/>'
        for i, (lx, ly, lw, lh) in enumerate(lines)
    )
    return (
        f'  <g transform="translate({x} {y}) rotate({angle} 190 170)" opacity="{opacity}">'
        f'<rect width="380" height="340" rx="22" fill="#fff"/>{bars}</g>'
    )


def favicon_svg(title: str) -> str:
    """A 64×64 rounded square in the cover's colours with the title's first letter."""
    start, end = palette(title)
    letter = escape(next((c for c in title if c.isalnum()), "b").upper())
    return "\n".join(
        [
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">',
            f"  <title>{escape(title)}</title>",
            "  <defs>",
            '    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">',
            f'      <stop offset="0" stop-color="{start}"/>',
            f'      <stop offset="1" stop-color="{end}"/>',
            "    </linearGradient>",
            "  </defs>",
            '  <rect width="64" height="64" rx="14" fill="url(#bg)"/>',
            f'  <text x="32" y="44" text-anchor="middle" font-family="system-ui, sans-serif" '
            f'font-size="34" font-weight="700" fill="#fff">{letter}</text>',
            "</svg>",
            "",
        ]
    )
