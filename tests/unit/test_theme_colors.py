"""WCAG contrast (render/colors.py) and the default theme's own colours: every text colour of
style.css and syntax.css reaches AA on the backgrounds it is used on, in light and dark mode;
a site accent is kept when it reads well and moved to the nearest colour that does otherwise."""

from __future__ import annotations

import re

import pytest

from polyblog.render.colors import (
    AA,
    DARK_SURFACES,
    LIGHT_SURFACES,
    contrast,
    readable,
    scheme,
    worst_contrast,
)
from polyblog.render.theme_params import theme_view
from sitekit import REPO_THEME

CSS = REPO_THEME / "static" / "css"


def _tokens(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", block))


def _modes() -> dict[str, dict[str, str]]:
    css = (CSS / "style.css").read_text(encoding="utf-8")
    root = css.index("\n:root {")
    start = css.index("@media (prefers-color-scheme: dark) {", root)
    light = _tokens(css[root:start])
    dark = {**light, **_tokens(css[start : css.index("/* ---", start)])}
    return {"light": light, "dark": dark}


TEXT = ("text", "text-muted", "text-faint", "accent", "accent-hover")
BACKGROUNDS = ("bg", "bg-raised", "bg-subtle", "accent-soft", "code-bg")


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_theme_text_colours_reach_aa_on_every_background(mode: str) -> None:
    tokens = _modes()[mode]
    low = {
        (fg, bg): round(contrast(tokens[fg], tokens[bg]), 2)
        for fg in TEXT
        for bg in BACKGROUNDS
        if contrast(tokens[fg], tokens[bg]) < AA
    }
    assert low == {}
    assert contrast(tokens["accent-contrast"], tokens["accent"]) >= AA  # buttons, current page
    assert contrast(tokens["draft"], tokens["draft-bg"]) >= AA
    assert contrast(tokens["code-text"], tokens["code-bg"]) >= AA


def test_accent_surfaces_are_the_theme_backgrounds() -> None:
    modes = _modes()
    for mode, surfaces in (("light", LIGHT_SURFACES), ("dark", DARK_SURFACES)):
        tokens = modes[mode]
        assert surfaces == (tokens["bg"], tokens["bg-raised"], tokens["bg-subtle"])
        # the theme's own accent passes the check a site accent goes through
        assert readable(tokens["accent"], dark=mode == "dark") == tokens["accent"]


def test_syntax_colours_reach_aa_on_the_code_background() -> None:
    css = (CSS / "syntax.css").read_text(encoding="utf-8")
    light, dark = css.split("@media (prefers-color-scheme: dark)")
    for part in (light, dark):
        background = re.search(r"\.highlight \{ background: (#\w+)", part)
        assert background is not None
        low = [
            (rule, colour)
            for rule, colour in re.findall(
                r"(\.highlight[^{]*)\{[^}]*?(?<![-\w])color: (#[0-9A-Fa-f]{3,6})", part
            )
            if not rule.strip().endswith(".w")  # whitespace: nothing to read
            and contrast(colour, background.group(1)) < AA
        ]
        assert low == []


def test_contrast_is_wcag_2() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#fff", "#ffffff") == pytest.approx(1)
    assert contrast("#3451b2", "#ffffff") == pytest.approx(7.08, abs=0.01)
    with pytest.raises(ValueError):
        contrast("teal", "#fff")


@pytest.mark.parametrize("colour", ["#ffcc00", "#7fdbff", "#ff4136", "#3451b2", "#111111"])
def test_readable_reaches_aa_and_keeps_good_colours(colour: str) -> None:
    for dark, surfaces in ((False, LIGHT_SURFACES), (True, DARK_SURFACES)):
        fixed = readable(colour, dark)
        assert worst_contrast(fixed, surfaces, dark) >= AA
        if worst_contrast(colour, surfaces, dark) >= AA:
            assert fixed == colour
        tokens = scheme(fixed, dark)
        assert contrast(tokens.ink, tokens.accent) >= AA
        assert contrast(tokens.accent, tokens.soft) >= AA


def test_readable_keeps_the_hue() -> None:
    assert readable("#ffcc00", dark=False) == "#826800"  # darker yellow, not grey
    assert readable("#1e3a8a", dark=True) == "#7792e1"  # lighter blue


def test_handles_become_profile_addresses(tmp_path: object) -> None:
    from pathlib import Path

    from polyblog.config import load_config

    root = Path(str(tmp_path))
    (root / "blog.yaml").write_text(
        "base_url: https://example.org/\nparams:\n  social:\n"
        "    mastodon: '@me@fosstodon.org'\n    bluesky: me.example.com\n    x: '@me'\n"
        "    linkedin: me\n    github: https://github.com/me\n",
        encoding="utf-8",
    )
    view = theme_view(load_config(root), "en")
    assert [(link.network, link.url) for link in view.social] == [
        ("mastodon", "https://fosstodon.org/@me"),
        ("bluesky", "https://bsky.app/profile/me.example.com"),
        ("x", "https://x.com/me"),
        ("linkedin", "https://www.linkedin.com/in/me/"),
        ("github", "https://github.com/me"),
    ]
