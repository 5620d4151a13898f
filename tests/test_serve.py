"""`blog serve` end to end: the server, the watcher and incremental rebuilds together. Each test
starts a server on a free port on a copy of a small site, edits files, and waits (bounded) for
the served page to change."""

from __future__ import annotations

import asyncio
import http.client
import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from lxml import html as lxml_html

from polyblog.serve.run import Served, ServeOptions
from polyblog.serve.watch import is_editor_temp

TIMEOUT = 10.0
POST = "content/posts/202303-ssg-content-model/index.md"
POST_URL = "/posts/202303-ssg-content-model/"


@pytest.fixture
def site(example_site: Path) -> Path:
    return example_site


@pytest.fixture
def served(site: Path, tmp_path: Path) -> Iterator[Served]:
    lines: list[str] = []
    instance = Served(
        ServeOptions(source=site, port=0, destination=tmp_path / "out", jobs=1),
        lines.append,
        lambda exc: str(exc),
    )
    instance.lines = lines  # type: ignore[attr-defined]
    instance.start()
    try:
        yield instance
    finally:
        instance.stop()


def get(served: Served, path: str) -> tuple[int, dict[str, str], str]:
    assert served.server is not None
    conn = http.client.HTTPConnection("127.0.0.1", served.server.port, timeout=TIMEOUT)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def wait_until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def save(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def text_of(body: str, tag: str) -> str:
    doc = lxml_html.fromstring(body)
    return " ".join(" ".join(n.itertext()) for n in doc.iter(tag))


def test_serves_every_language_with_drafts_and_reload_script(served: Served) -> None:
    status, headers, body = get(served, "/")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    doc = lxml_html.fromstring(body)
    assert any("__livereload.js" in (s.get("src") or "") for s in doc.iter("script"))
    for prefix in ("/fr/", "/ja/"):
        assert get(served, prefix)[0] == 200
    lines = served.lines  # type: ignore[attr-defined]
    assert any("fr: http://localhost:" in line for line in lines)
    # the site's own 404 pages, per language
    status, _, body = get(served, "/fr/nothing-here/")
    assert status == 404
    assert lxml_html.fromstring(body).get("lang", "").startswith("fr")
    # a folder without its slash is redirected
    status, headers, _ = get(served, POST_URL.rstrip("/"))
    assert status == 301 and headers["location"].endswith(POST_URL)
    # traversal never reaches the site folder
    assert get(served, "/../blog.yaml")[0] in (400, 404)
    assert get(served, "/%2e%2e/blog.yaml")[0] in (400, 404)


def test_blog_build_output_has_no_live_reload(site: Path, tmp_path: Path) -> None:
    from polyblog.build import BuildRequest, build

    out = tmp_path / "public"
    build(BuildRequest(source=site, destination=out, jobs=1))
    pages = list(out.rglob("*.html"))
    assert pages
    for page in pages:
        doc = lxml_html.fromstring(page.read_bytes())
        assert not any("__livereload" in (s.get("src") or "") for s in doc.iter("script"))


def test_edit_body_title_and_delete_show_up(served: Served, site: Path) -> None:
    path = site / POST
    original = path.read_text()
    save(path, original + "\nA sentence written while serving.\n")
    wait_until(lambda: "written while serving" in get(served, POST_URL)[2], "the body edit")

    save(path, original.replace("title:", 'title: "Renamed while serving"\nx_old_title:', 1))
    wait_until(
        lambda: "Renamed while serving" in text_of(get(served, POST_URL)[2], "title"),
        "the new title",
    )
    # ... and in the section's list, on whichever pager shows the post
    pagers = ["/posts/", *(f"/posts/page/{n}/" for n in range(2, 6))]
    wait_until(
        lambda: any("Renamed while serving" in text_of(get(served, p)[2], "main") for p in pagers),
        "the new title in the section's list",
    )
    # the French translation's switcher and hreflang follow the English title's page
    fr = get(served, "/fr" + POST_URL)[2]
    assert any(link.get("hreflang") == "en-US" for link in lxml_html.fromstring(fr).iter("link"))

    # a new post appears in its section; deleting it takes it out again
    new = site / "content/posts/served-new/index.md"
    save(new, '---\ntitle: "Brand new while serving"\ndate: 2026-01-02\n---\nHello.\n')
    wait_until(lambda: get(served, "/posts/served-new/")[0] == 200, "the new post")
    wait_until(lambda: "Brand new while serving" in get(served, "/")[2], "the post on the home")
    new.unlink()
    wait_until(lambda: get(served, "/posts/served-new/")[0] == 404, "the deleted post to go")
    wait_until(lambda: "Brand new while serving" not in get(served, "/")[2], "the home without it")


def test_editor_save_patterns(served: Served, site: Path) -> None:
    """vim-style (write a temp file, rename over the original) and delete-then-recreate."""
    path = site / POST
    original = path.read_text()
    tmp = path.with_name(".index.md.swp")
    tmp.write_text("swap file junk")
    temp = path.with_name("index.md.tmp.1234")
    temp.write_text(original + "\nSaved by rename.\n")
    temp.replace(path)
    wait_until(lambda: "Saved by rename." in get(served, POST_URL)[2], "rename-over save")
    path.unlink()
    save(path, original + "\nDeleted and recreated.\n")
    wait_until(lambda: "Deleted and recreated." in get(served, POST_URL)[2], "recreate save")
    tmp.unlink()
    assert is_editor_temp(".index.md.swp") and is_editor_temp("4913")
    assert is_editor_temp("#index.md#") and is_editor_temp("index.md~")
    assert not is_editor_temp("index.fr.md")


def test_error_keeps_serving_and_overlay_event(served: Served, site: Path) -> None:
    assert served.server is not None
    port = served.server.port
    path = site / POST
    original = path.read_text()
    before = get(served, POST_URL)[2]

    async def scenario() -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        async with (
            aiohttp.ClientSession() as client,
            client.ws_connect(f"http://127.0.0.1:{port}/__livereload") as ws,
        ):

            async def until(kind: str) -> dict[str, Any]:
                while True:
                    msg = await asyncio.wait_for(ws.receive(), TIMEOUT)
                    event = json.loads(msg.data)
                    events.append(event)
                    if event["type"] == kind:
                        return event

            await until("hello")
            save(path, original.replace("---\n", "---\ndate: 2023-02-30\n", 1))
            error = await until("error")
            assert "index.md" in error["message"] and "2023-02-30" in error["message"]
            save(path, original + "\nFixed again.\n")
            await until("ok")
            reload = await until("reload")
            assert POST_URL in reload["paths"]
        return events

    asyncio.run(scenario())
    # while broken, the last good page was served
    assert get(served, POST_URL)[0] == 200
    assert "Fixed again." in get(served, POST_URL)[2]
    assert before != get(served, POST_URL)[2]
    assert any("build failed" in line for line in served.lines)  # type: ignore[attr-defined]


def test_css_change_is_a_stylesheet_swap(served: Served, site: Path) -> None:
    assert served.server is not None
    port = served.server.port

    async def scenario() -> dict[str, Any]:
        async with (
            aiohttp.ClientSession() as client,
            client.ws_connect(f"http://127.0.0.1:{port}/__livereload") as ws,
        ):
            while (
                json.loads((await asyncio.wait_for(ws.receive(), TIMEOUT)).data)["type"] != "hello"
            ):
                pass
            save(site / "static/css/extra.css", "body { color: #123 }\n")
            while True:
                event: dict[str, Any] = json.loads(
                    (await asyncio.wait_for(ws.receive(), TIMEOUT)).data
                )
                if event["type"] in ("css", "reload"):
                    return event

    event = asyncio.run(scenario())
    assert event == {"type": "css", "paths": ["/css/extra.css"]}
    assert "#123" in get(served, "/css/extra.css")[2]


def test_template_change_reloads_the_open_page_first(served: Served, site: Path) -> None:
    assert served.server is not None
    port = served.server.port
    assert get(served, POST_URL)[0] == 200  # the page open in a browser

    async def scenario() -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        async with (
            aiohttp.ClientSession() as client,
            client.ws_connect(f"http://127.0.0.1:{port}/__livereload") as ws,
        ):
            save(site / "layouts/partials/footer.html", "<footer>open first</footer>\n")
            while len([e for e in events if e["type"] == "reload"]) < 2:
                msg = await asyncio.wait_for(ws.receive(), TIMEOUT)
                events.append(json.loads(msg.data))
        return [e for e in events if e["type"] == "reload"]

    first, rest = asyncio.run(scenario())
    assert first["paths"] == [POST_URL]
    assert POST_URL not in rest["paths"] and "/fr/" in rest["paths"]
    assert "open first" in get(served, POST_URL)[2]


def test_template_change_rebuilds_everything(served: Served, site: Path) -> None:
    save(site / "layouts/partials/footer.html", "<footer>served custom footer</footer>\n")
    wait_until(lambda: "served custom footer" in get(served, "/fr/")[2], "the layout change")
    wait_until(lambda: "served custom footer" in get(served, POST_URL)[2], "every page")
    # a file in the new folder, edited after the watch started
    save(site / "layouts/partials/footer.html", "<footer>second footer</footer>\n")
    wait_until(lambda: "second footer" in get(served, POST_URL)[2], "an edit in the new folder")


def test_cli_serve_runs_and_stops_on_sigint(site: Path, tmp_path: Path) -> None:
    """The real command: prints the language homes, serves, and exits 0 on Ctrl+C."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "polyblog", "serve", "--source", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "watching for changes" in line:
                break
        text = "".join(lines)
        assert "en: http://localhost:" in text and "fr: http://localhost:" in text, text
        output = next(
            line.split("(output in ", 1)[1].rstrip(")\n") for line in lines if "output in" in line
        )
        assert Path(output).is_dir()
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=20)
        assert proc.returncode == 0, text + rest
        assert "Traceback" not in text + rest
        assert not Path(output).exists()  # the temporary output is removed
    finally:
        if proc.poll() is None:
            proc.kill()


def test_port_in_use_picks_the_next_free_one(site: Path, tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        lines: list[str] = []
        served = Served(
            ServeOptions(source=site, port=port, destination=tmp_path / "out", jobs=1, watch=False),
            lines.append,
            str,
        )
        try:
            url = served.start()
            assert served.server is not None and served.server.port != port
            assert f"port {port} is in use: serving on {served.server.port} instead" in lines
            assert url == f"http://localhost:{served.server.port}/"
            status, _, body = get(served, "/")
            assert status == 200
            assert "__livereload" not in body  # --no-watch: no live-reload script
        finally:
            served.stop()


def test_an_address_that_cannot_be_bound_is_a_message(site: Path, tmp_path: Path) -> None:
    from polyblog.errors import BlogError

    served = Served(
        ServeOptions(source=site, bind="no-such-host.invalid", destination=tmp_path / "out"),
        lambda line: None,
        str,
    )
    try:
        with pytest.raises(BlogError, match=r"--bind no-such-host\.invalid: cannot listen there"):
            served.start()
    finally:
        served.stop()


def test_a_second_serve_starts_from_the_build_cache(site: Path, tmp_path: Path) -> None:
    """The first serve saves its session; the next one (same port, so same URLs) renders no
    Markdown, and its output equals the first one's; so does a restart on the same output
    folder, where nothing changed at all."""
    from polyblog.serve.http import find_free_port
    from sitekit import snapshot

    port = find_free_port("127.0.0.1", 20000)
    lines: list[str] = []
    for out in ("a", "b", "b"):
        options = ServeOptions(
            source=site, port=port, destination=tmp_path / out, jobs=1, watch=False
        )
        served = Served(options, lines.append, str)
        try:
            served.start()
        finally:
            served.stop()
    first = next(line for line in lines if "full build:" in line)
    assert "bodies rendered" in first and " 0 bodies" not in first, first
    again = [line for line in lines if "from the cache" in line]
    assert len(again) == 2, lines
    assert all(" 0 bodies rendered" in line for line in again), again
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
