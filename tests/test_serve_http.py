"""The development server (polyblog.serve.http): files, MIME types, redirects, 404 pages, path
safety, live reload over a WebSocket, ports. Each server runs on port 0 in a background thread;
requests go through http.client with the raw path (urllib would normalise it)."""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import os
import socket
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from polyblog.serve.files import content_type
from polyblog.serve.http import DevServer, PortInUse, find_free_port

SECRET = "TOP-SECRET-OUTSIDE-ROOT"
NOT_FOUND = {"/fr/": "fr/404.html", "/": "404.html"}
TIMEOUT = 5.0

MIME_FILES = {
    "page.html": "text/html; charset=utf-8",
    "css/style.css": "text/css; charset=utf-8",
    "js/app.js": "text/javascript; charset=utf-8",
    "index.xml": "application/xml; charset=utf-8",
    "data.json": "application/json",
    "img/logo.svg": "image/svg+xml",
    "img/a.webp": "image/webp",
    "img/a.avif": "image/avif",
    "img/a.png": "image/png",
    "img/a.jpg": "image/jpeg",
    "img/a.JPEG": "image/jpeg",
    "img/a.gif": "image/gif",
    "favicon.ico": "image/x-icon",
    "fonts/a.woff2": "font/woff2",
    "robots.txt": "text/plain; charset=utf-8",
    "app.wasm": "application/wasm",
    "doc.pdf": "application/pdf",
    "blob.polyblog-unknown": "application/octet-stream",
}


def make_tree(base: Path) -> Path:
    """A small fake output folder `base/public`, and a secret file outside it."""
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    root = base / "public"
    files = {
        "index.html": "<p>home en</p>",
        "404.html": "<p>not found en</p>",
        "fr/index.html": "<p>accueil fr</p>",
        "fr/404.html": "<p>introuvable fr</p>",
        "fr/posts/x/index.html": "<p>post x fr</p>",
        "posts/café/index.html": "<p>café</p>",
        "noindex/a.txt": "listed?",
        ".git/config": SECRET,
        ".well-known/security.txt": "Contact: x",
        "fresh.txt": "one",
        **{name: f"content of {name}" for name in MIME_FILES},
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "link_out").symlink_to(outside, target_is_directory=True)
    (root / "link_file.txt").symlink_to(outside / "secret.txt")
    (root / "link_in.css").symlink_to(root / "css" / "style.css")
    return root


def request(
    port: int, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def raw_request(port: int, data: bytes) -> bytes:
    """Send bytes as they are (for request lines http.client refuses to send)."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DevServer, Path]]:
    root = make_tree(tmp_path_factory.mktemp("serve"))
    server = DevServer(root, port=0, not_found=NOT_FOUND)
    server.start()
    yield server, root
    server.stop()


@pytest.fixture
def port(site: tuple[DevServer, Path]) -> int:
    return site[0].port


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[DevServer]:
    server = DevServer(make_tree(tmp_path), port=0, not_found=NOT_FOUND)
    server.start()
    yield server
    server.stop()


# --- files and types


def test_start_returns_the_bound_port_and_url(site: tuple[DevServer, Path]) -> None:
    server, _ = site
    assert server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}/"


def test_url_of_wildcard_and_ipv6_binds() -> None:
    assert DevServer(Path(), bind="0.0.0.0", port=8000).url == "http://localhost:8000/"
    assert DevServer(Path(), bind="::1", port=8000).url == "http://[::1]:8000/"


@pytest.mark.parametrize(("name", "expected"), sorted(MIME_FILES.items()))
def test_content_types(port: int, name: str, expected: str) -> None:
    status, headers, body = request(port, "/" + name)
    assert status == 200
    assert headers["content-type"] == expected
    assert body == f"content of {name}".encode()


def test_content_type_falls_back_to_mimetypes_then_octet_stream() -> None:
    assert content_type("a.mp4") == "video/mp4"
    assert content_type("a.css.gz") == "application/octet-stream"
    assert content_type("README") == "application/octet-stream"


def test_folder_with_slash_serves_its_index(port: int) -> None:
    assert request(port, "/")[2] == b"<p>home en</p>"
    status, headers, body = request(port, "/fr/posts/x/")
    assert (status, body) == (200, b"<p>post x fr</p>")
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert request(port, "/fr/posts/x/index.html")[2] == b"<p>post x fr</p>"


def test_percent_encoded_unicode_path(port: int) -> None:
    assert request(port, "/posts/caf%C3%A9/")[:3:2] == (200, "<p>café</p>".encode())


def test_query_string_is_ignored_for_files(port: int) -> None:
    assert request(port, "/css/style.css?v=123")[0] == 200


def test_head_has_headers_and_no_body(port: int) -> None:
    status, headers, body = request(port, "/fr/", method="HEAD")
    assert status == 200
    assert body == b""
    assert headers["content-length"] == str(len(b"<p>accueil fr</p>"))
    assert headers["content-type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_other_methods_are_refused(port: int, method: str) -> None:
    status, headers, _ = request(port, "/", method=method)
    assert status == 405
    assert headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "path", ["/", "/fr/posts/x", "/missing", "/%ff", "/__livereload.js", "/css/style.css"]
)
def test_no_store_on_every_answer(port: int, path: str) -> None:
    assert request(port, path)[1]["cache-control"] == "no-store"
    assert request(port, path, method="POST")[1]["cache-control"] == "no-store"


def test_files_are_read_fresh(site: tuple[DevServer, Path]) -> None:
    server, root = site
    (root / "fresh.txt").write_text("one")
    assert request(server.port, "/fresh.txt")[2] == b"one"
    (root / "fresh.txt").write_text("two")
    assert request(server.port, "/fresh.txt")[2] == b"two"


def test_output_folder_swapped_while_serving(tmp_path: Path) -> None:
    root = tmp_path / "public"
    (root / "posts").mkdir(parents=True)
    (root / "index.html").write_text("old")
    server = DevServer(root, port=0)
    server.start()
    try:
        assert request(server.port, "/")[2] == b"old"
        staging = tmp_path / ".public.staging-1"
        staging.mkdir()
        (staging / "index.html").write_text("new")
        root.rename(tmp_path / ".public.old-1")
        assert request(server.port, "/")[0] == 404  # between the two renames
        staging.rename(root)
        assert request(server.port, "/")[2] == b"new"
    finally:
        server.stop()


# --- redirects and folders


def test_folder_without_slash_redirects(port: int) -> None:
    status, headers, _ = request(port, "/fr/posts/x")
    assert status == 301
    assert headers["location"] == "/fr/posts/x/"


def test_redirect_keeps_the_query_string(port: int) -> None:
    status, headers, _ = request(port, "/fr/posts/x?a=1&b=%C3%A9")
    assert (status, headers["location"]) == (301, "/fr/posts/x/?a=1&b=%C3%A9")


def test_redirect_keeps_percent_encoding(port: int) -> None:
    assert request(port, "/posts/caf%C3%A9")[1]["location"] == "/posts/caf%C3%A9/"


def test_redirect_never_leaves_the_site(port: int) -> None:
    # `//fr/posts/x` must not become `//fr/posts/x/`, a protocol-relative URL to host "fr".
    status, headers, _ = request(port, "//fr/posts/x")
    assert (status, headers["location"]) == (301, "/fr/posts/x/")


@pytest.mark.parametrize("path", ["/noindex/", "/noindex"])
def test_no_directory_listing(port: int, path: str) -> None:
    status, _, body = request(port, path)
    assert status == 404
    assert b"a.txt" not in body


def test_file_with_trailing_slash_is_not_found(port: int) -> None:
    assert request(port, "/css/style.css/")[0] == 404


# --- 404 pages


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/missing", "<p>not found en</p>"),
        ("/posts/missing/", "<p>not found en</p>"),
        ("/fr/missing", "<p>introuvable fr</p>"),
        ("/fr/posts/missing/", "<p>introuvable fr</p>"),
        ("/french/", "<p>not found en</p>"),
    ],
)
def test_missing_file_gets_the_languages_404_page(port: int, path: str, body: str) -> None:
    status, headers, data = request(port, path)
    assert (status, data) == (404, body.encode())
    assert headers["content-type"] == "text/html; charset=utf-8"


def test_missing_404_page_falls_back_to_a_shorter_prefix(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    server = DevServer(root, port=0, not_found={"/de/": "de/404.html", **NOT_FOUND})
    server.start()
    try:
        assert request(server.port, "/de/x/")[:3:2] == (404, b"<p>not found en</p>")
    finally:
        server.stop()


def test_builtin_404_without_site_pages(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    server = DevServer(root, port=0)
    server.start()
    try:
        status, headers, body = request(server.port, "/missing/<b>x</b>")
        assert status == 404
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert b"404 Not Found" in body
        assert b"<b>" not in body
        assert b'<script src="/__livereload.js"' in body  # reloads once the page is built
    finally:
        server.stop()


# --- nothing outside the root


def _unsafe_paths(outside: str) -> list[str]:
    return [
        "/../outside/secret.txt",
        "/fr/../../outside/secret.txt",
        "/%2e%2e/outside/secret.txt",
        "/%2E%2E/outside/secret.txt",
        "/fr/%2e%2e/%2e%2e/outside/secret.txt",
        "/.%2e/outside/secret.txt",
        "/..%2foutside%2fsecret.txt",
        "/%2e%2e%2foutside%2fsecret.txt",
        "/fr%2f..%2f..%2foutside%2fsecret.txt",
        "/..\\outside\\secret.txt",
        "/..%5coutside%5csecret.txt",
        "/fr\\..\\..\\outside\\secret.txt",
        "/" + outside,  # //tmp/.../secret.txt
        "/" + outside.replace("/", "%2f"),
        "/link_out/secret.txt",
        "/link_file.txt",
        "/.git/config",
        "/./index.html",
    ]


def test_unsafe_paths_are_not_found(site: tuple[DevServer, Path]) -> None:
    server, root = site
    outside = str(root.parent / "outside" / "secret.txt")
    for path in _unsafe_paths(outside):
        status, _, body = request(server.port, path)
        assert status == 404, path
        assert SECRET.encode() not in body, path


@pytest.mark.parametrize("path", ["/%00", "/a%00b", "/index.html%00.txt", "/%ff", "/a%0d%0ab"])
def test_malformed_paths_are_bad_requests(port: int, path: str) -> None:
    status, _, body = request(port, path)
    assert status == 400
    assert SECRET.encode() not in body


@pytest.mark.parametrize(
    "line",
    [
        b"GET /\x00 HTTP/1.1",
        b"GET /..\x00/outside/secret.txt HTTP/1.1",
        b"GET http://127.0.0.1/../outside/secret.txt HTTP/1.1",
        b"GET ../outside/secret.txt HTTP/1.1",
        b"GET * HTTP/1.1",
    ],
)
def test_raw_request_lines_never_reach_outside(port: int, line: bytes) -> None:
    answer = raw_request(port, line + b"\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert answer.startswith((b"HTTP/1.1 400", b"HTTP/1.0 400", b"HTTP/1.1 404")), answer[:40]
    assert SECRET.encode() not in answer


def test_symlinks_inside_the_root_are_followed(port: int) -> None:
    status, headers, body = request(port, "/link_in.css")
    assert (status, body) == (200, b"content of css/style.css")
    assert headers["content-type"] == "text/css; charset=utf-8"


def test_well_known_is_served(port: int) -> None:
    assert request(port, "/.well-known/security.txt")[:3:2] == (200, b"Contact: x")


# --- live-reload script


def test_livereload_script_is_served_from_the_package(site: tuple[DevServer, Path]) -> None:
    server, root = site
    status, headers, body = request(server.port, "/__livereload.js")
    assert status == 200
    assert headers["content-type"] == "text/javascript; charset=utf-8"
    assert body == resources.files("polyblog.serve").joinpath("livereload.js").read_bytes()
    assert b"/__livereload" in body
    assert not (root / "__livereload.js").exists()
    # under a base path too (`rel_url('__livereload.js')` of a site in a sub-folder)
    assert request(server.port, "/blog/__livereload.js")[2] == body


def test_websocket_url_without_upgrade_is_a_bad_request(port: int) -> None:
    assert request(port, "/__livereload")[0] == 400


# --- live reload over the WebSocket


async def _next(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    message = await ws.receive(timeout=TIMEOUT)
    assert message.type is aiohttp.WSMsgType.TEXT, message
    data: dict[str, Any] = json.loads(message.data)
    return data


async def _nothing_more(ws: aiohttp.ClientWebSocketResponse) -> None:
    with pytest.raises(asyncio.TimeoutError):
        await ws.receive(timeout=0.3)


def _ws_url(server: DevServer) -> str:
    return server.url + "__livereload"


def test_notify_reaches_every_client(fresh_server: DevServer) -> None:
    events: list[dict[str, Any]] = [
        {"type": "reload", "paths": ["/fr/posts/x/", "*"]},
        {"type": "css", "paths": ["/css/style.css"]},
        {"type": "error", "message": "content/posts/x/index.md:3: error: <b>bad</b> é"},
        {"type": "ok"},
    ]

    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            one = await session.ws_connect(_ws_url(fresh_server))
            two = await session.ws_connect(_ws_url(fresh_server))
            assert await _next(one) == {"type": "hello"}
            assert await _next(two) == {"type": "hello"}
            for event in events:
                fresh_server.notify(event)
            for ws in (one, two):
                assert [await _next(ws) for _ in events] == events
            await one.close()
            fresh_server.notify({"type": "ok"})  # a closed client is simply skipped
            assert await _next(two) == {"type": "ok"}
            await two.close()

    asyncio.run(scenario())


def test_notify_from_another_thread(fresh_server: DevServer) -> None:
    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            ws = await session.ws_connect(_ws_url(fresh_server))
            assert await _next(ws) == {"type": "hello"}
            sender = threading.Thread(
                target=lambda: [
                    fresh_server.notify({"type": "reload", "paths": [str(i)]}) for i in range(50)
                ]
            )
            sender.start()
            got = [await _next(ws) for _ in range(50)]
            sender.join(TIMEOUT)
            assert [event["paths"] for event in got] == [[str(i)] for i in range(50)]
            await ws.close()

    asyncio.run(scenario())


def test_client_connecting_during_an_error_gets_it(fresh_server: DevServer) -> None:
    error = {"type": "error", "message": "content/posts/x/index.md:3: error: unclosed"}

    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            fresh_server.notify(error)
            first = await session.ws_connect(_ws_url(fresh_server))
            assert await _next(first) == {"type": "hello"}
            # (the error reaches `first` either as the current error or as the broadcast)
            assert await _next(first) == error
            late = await session.ws_connect(_ws_url(fresh_server))
            assert await _next(late) == {"type": "hello"}
            assert await _next(late) == error
            await _nothing_more(late)

            fresh_server.notify({"type": "ok"})
            assert await _next(late) == {"type": "ok"}
            after_ok = await session.ws_connect(_ws_url(fresh_server))
            assert await _next(after_ok) == {"type": "hello"}
            await _nothing_more(after_ok)

            fresh_server.notify(error)
            fresh_server.notify({"type": "reload", "paths": ["*"]})  # a reload clears it too
            assert await _next(after_ok) == error
            assert await _next(after_ok) == {"type": "reload", "paths": ["*"]}
            after_reload = await session.ws_connect(_ws_url(fresh_server))
            assert await _next(after_reload) == {"type": "hello"}
            await _nothing_more(after_reload)

            fresh_server.notify(error)
            fresh_server.notify({"type": "css", "paths": ["/css/style.css"]})  # does not clear
            await _next(after_reload)
            await _next(after_reload)
            still = await session.ws_connect(_ws_url(fresh_server))
            assert [await _next(still), await _next(still)] == [{"type": "hello"}, error]
            for ws in (first, late, after_ok, after_reload, still):
                await ws.close()

    asyncio.run(scenario())


def test_error_notified_before_start_is_kept(tmp_path: Path) -> None:
    server = DevServer(make_tree(tmp_path), port=0)
    error = {"type": "error", "message": "blog.yaml:1: error: x"}
    server.notify(error)
    server.start()

    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            ws = await session.ws_connect(_ws_url(server))
            assert [await _next(ws), await _next(ws)] == [{"type": "hello"}, error]
            await ws.close()

    try:
        asyncio.run(scenario())
    finally:
        server.stop()


def test_stop_closes_the_clients(tmp_path: Path) -> None:
    server = DevServer(make_tree(tmp_path), port=0)
    server.start()

    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            ws = await session.ws_connect(_ws_url(server))
            assert await _next(ws) == {"type": "hello"}
            stopping = asyncio.create_task(asyncio.to_thread(server.stop))
            message = await ws.receive(timeout=TIMEOUT)
            assert message.type is aiohttp.WSMsgType.CLOSE
            assert message.data == aiohttp.WSCloseCode.GOING_AWAY  # the page will reconnect
            await asyncio.wait_for(stopping, TIMEOUT)

    asyncio.run(scenario())
    with pytest.raises(OSError):
        request(server.port, "/")
    server.stop()  # a second stop does nothing
    server.notify({"type": "ok"})  # nor does notify after stop


def test_notify_needs_json(site: tuple[DevServer, Path]) -> None:
    with pytest.raises(TypeError):
        site[0].notify({"type": "reload", "paths": {object()}})


# --- ports


def test_port_in_use(site: tuple[DevServer, Path]) -> None:
    server, root = site
    with pytest.raises(PortInUse) as info:
        DevServer(root, port=server.port).start()
    assert info.value.port == server.port
    assert str(server.port) in str(info.value)


def test_port_in_use_by_another_program(tmp_path: Path) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        taken = other.getsockname()[1]
        with pytest.raises(PortInUse):
            DevServer(tmp_path, port=taken).start()


def test_find_free_port() -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        taken = other.getsockname()[1]
        free = find_free_port("127.0.0.1", taken)
        assert taken < free < taken + 20
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", free))
        with pytest.raises(PortInUse):
            find_free_port("127.0.0.1", taken, tries=1)


def test_start_twice_is_an_error(site: tuple[DevServer, Path]) -> None:
    with pytest.raises(RuntimeError):
        site[0].start()


# --- logging


def test_quiet_by_default(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    server = DevServer(make_tree(tmp_path), port=0)
    server.start()
    try:
        with caplog.at_level(logging.WARNING):
            request(server.port, "/")
            request(server.port, "/missing")
            raw_request(server.port, b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n")  # no traceback
            raw_request(server.port, b"\x16\x03\x01 TLS to a plain HTTP port\r\n\r\n")
    finally:
        server.stop()
    assert caplog.records == []


def test_verbose_logs_one_line_per_request(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = DevServer(make_tree(tmp_path), port=0, verbose=True, not_found=NOT_FOUND)
    server.start()
    try:
        with caplog.at_level(logging.INFO, logger="polyblog.serve"):
            request(server.port, "/fr/")
            request(server.port, "/fr/nope?x=1")
            raw_request(server.port, b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n")
    finally:
        server.stop()
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("polyblog.serve")]
    assert lines[:2] == ["GET /fr/ 200", "GET /fr/nope?x=1 404"]
    assert len(lines) == 3
    assert lines[2].startswith("bad request from 127.0.0.1: ")
    assert all(r.exc_info is None for r in caplog.records)


def test_symlink_fixture_is_real(site: tuple[DevServer, Path]) -> None:
    # Guard: the symlink cases above mean something only if the links resolve outside.
    _, root = site
    assert (root / "link_file.txt").read_text() == SECRET
    assert os.path.realpath(root / "link_out").startswith(str(root.parent / "outside"))
