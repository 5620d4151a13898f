"""The live-reload client (src/polyblog/serve/livereload.js), run under Node with a minimal fake
DOM, WebSocket and timers. Skipped when `node` is not installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

NODE = shutil.which("node")
SCRIPT = resources.files("polyblog.serve").joinpath("livereload.js")

pytestmark = pytest.mark.skipif(NODE is None, reason="needs node")

HARNESS = Path(__file__).with_name("livereload_harness.js")


def run(pathname: str, steps: list[Any], stored: dict[str, Any] | None = None) -> list[Any]:
    assert NODE is not None
    with resources.as_file(SCRIPT) as script:
        result = subprocess.run(
            [NODE, str(HARNESS)],
            env={
                **os.environ,
                "LIVERELOAD_HARNESS_ARGS": json.dumps(
                    [str(script), pathname, json.dumps(stored) if stored else "", json.dumps(steps)]
                ),
            },
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    snapshots: list[Any] = json.loads(result.stdout)
    return snapshots


def test_connects_to_the_websocket_once() -> None:
    [snap] = run("/", ["open", "snapshot"])
    assert snap["url"] == "ws://127.0.0.1:1313/__livereload"
    assert snap["sockets"] == 1
    assert snap["reloads"] == 0


def test_reload_only_for_listed_pages() -> None:
    events = [
        {"type": "hello"},
        {"type": "reload", "paths": ["/en/posts/x/", "/fr/posts/y/"]},
        "snapshot",
        {"type": "reload", "paths": ["/fr/posts/x/index.html"]},
        "snapshot",
    ]
    first, second = run("/fr/posts/x/", ["open", *events])
    assert first["reloads"] == 0
    assert second["reloads"] == 1
    assert second["stored"] == {"path": "/fr/posts/x/", "x": 0, "y": 640}


@pytest.mark.parametrize(
    ("pathname", "paths"),
    [
        ("/fr/posts/x/", ["*"]),
        ("/fr/posts/x/index.html", ["/fr/posts/x/"]),
        ("/posts/caf%C3%A9/", ["/posts/café/"]),
        ("/posts/café/", ["/posts/caf%c3%a9/"]),
        ("/x/", ["http://127.0.0.1:1313/x/"]),
    ],
)
def test_reload_path_normalisation(pathname: str, paths: list[str]) -> None:
    [snap] = run(pathname, ["open", {"type": "reload", "paths": paths}, "snapshot"])
    assert snap["reloads"] == 1


def test_scroll_position_is_restored_after_reload() -> None:
    [snap] = run("/x/", ["snapshot"], stored={"path": "/x/", "x": 0, "y": 1234})
    assert snap["scrolls"] == [[0, 1234]]
    assert snap["stored"] is None
    [other] = run("/y/", ["snapshot"], stored={"path": "/x/", "x": 0, "y": 1234})
    assert other["scrolls"] == []


def test_css_swaps_the_matching_stylesheet_without_reload() -> None:
    swapped, loaded = run(
        "/",
        ["open", {"type": "css", "paths": ["/css/style.css"]}, "snapshot", "load-css", "snapshot"],
    )
    assert swapped["reloads"] == 0
    hrefs = [href for href, _ in swapped["links"]]
    assert hrefs[0] == "/css/style.css" and swapped["links"][0][1]  # old one, marked stale
    assert hrefs[1].startswith("http://127.0.0.1:1313/css/style.css?livereload=")
    assert hrefs[2:] == ["/css/syntax.css?v=1", "/favicon.svg", "https://cdn.example.com/x.css"]
    assert loaded["links"][0][0] == hrefs[1]  # old one gone once loaded
    assert len(loaded["links"]) == 4


def test_css_for_an_unlinked_file_refreshes_every_local_stylesheet() -> None:
    [snap] = run("/", ["open", {"type": "css", "paths": ["/css/imported.css"]}, "snapshot"])
    fresh = [href for href, _ in snap["links"] if "livereload=" in href]
    assert len(fresh) == 2
    assert any("/css/syntax.css?v=1&livereload=" in href for href in fresh)  # query kept
    assert not any("cdn.example.com" in href for href in fresh)


def test_error_overlay_shows_text_until_ok() -> None:
    message = 'content/posts/x/index.md:3: error: <img src=x onerror="alert(1)">'
    steps = ["open", {"type": "error", "message": message}, "snapshot", {"type": "ok"}, "snapshot"]
    shown, cleared = run("/", steps)
    assert message in shown["overlay"]["text"]
    assert shown["overlay"]["role"] == "alert"
    assert shown["overlay"]["position"] == "fixed"
    assert shown["overlay"]["z"] == "2147483647"
    assert "monospace" in shown["overlay"]["font"]
    assert cleared["overlay"] is None
    assert "innerHTML" not in SCRIPT.read_text()  # the message is only ever set as text


def test_reload_event_hides_the_overlay() -> None:
    steps = [
        "open",
        {"type": "error", "message": "one"},
        {"type": "error", "message": "two"},
        "snapshot",
        {"type": "reload", "paths": ["/other/"]},
        "snapshot",
    ]
    shown, cleared = run("/", steps)
    assert "two" in shown["overlay"]["text"] and "one" not in shown["overlay"]["text"]
    assert cleared["overlay"] is None
    assert cleared["reloads"] == 0


def test_reconnects_with_backoff_and_reloads_when_back() -> None:
    steps = ["open", "close", "timer", "close", "timer", "close", "snapshot", "timer", "open"]
    steps += ["snapshot"]
    down, back = run("/", steps)
    assert down["delays"] == [250, 500, 1000]
    assert down["reloads"] == 0
    assert back["reloads"] == 1
    assert back["sockets"] == 4


def test_backoff_is_capped() -> None:
    [snap] = run("/", ["close", *["timer", "close"] * 8, "snapshot"])
    assert snap["delays"][-1] == 5000
    assert snap["reloads"] == 0  # never connected: nothing to refresh


def test_ignores_garbage_and_unknown_events() -> None:
    [snap] = run("/", ["open", "not json", {"type": "hello"}, {"type": "what"}, "snapshot"])
    assert snap["reloads"] == 0
    assert snap["overlay"] is None
