"""The development HTTP server: the output folder, 404 pages, and live reload over a WebSocket.

`DevServer` runs an aiohttp low-level server (no router, so no path normalisation of its own:
`files.resolve` sees the raw path) on its own event loop in a background thread. Other threads
talk to it through `notify`, which is thread-safe. See docs/serving.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import html
import json
import logging
import socket
import sys
import threading
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from aiohttp import WSCloseCode, web
from aiohttp.http_exceptions import HttpProcessingError

from polyblog.serve.files import Outcome, content_type, resolve, site_file

LIVERELOAD_WS = "/__livereload"
LIVERELOAD_JS = "/__livereload.js"
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
SEND_TIMEOUT = 5.0  # seconds a client may take to accept one event before it is dropped
CLOSE_TIMEOUT = 3.0  # seconds `stop` waits for clients to acknowledge the close
CLEARS_ERROR = frozenset({"ok", "reload"})
HELLO = json.dumps({"type": "hello"})  # first message on a connection: the client is registered

_log = logging.getLogger("polyblog.serve")
_server_log = logging.getLogger("polyblog.serve.aiohttp")  # aiohttp's errors, for our filter


class _MalformedRequests(logging.Filter):
    """aiohttp logs a malformed request with a traceback: drop it, or one line when verbose."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not isinstance(exc, HttpProcessingError):
            return True  # a real error: keep the traceback
        if not _log.isEnabledFor(logging.INFO):
            return False
        remote = record.args[0] if isinstance(record.args, tuple) and record.args else "?"
        record.msg, record.args = "bad request from %s: %s", (remote, exc.message)
        record.exc_info, record.exc_text = None, None
        record.levelno, record.levelname = logging.INFO, "INFO"
        return True


_server_log.addFilter(_MalformedRequests())


RECENT = 8  # pages remembered as open in a browser


class PortInUse(Exception):
    """The port (or, from `find_free_port`, every port tried) is taken."""

    def __init__(self, port: int, message: str = "") -> None:
        super().__init__(message or f"port {port} is already in use")
        self.port = port


def _listen(bind: str, port: int) -> socket.socket:
    """A listening socket on (bind, port); `PortInUse` if taken."""
    family, kind, proto, _, address = socket.getaddrinfo(
        bind, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        if sys.platform == "win32":  # SO_REUSEADDR would let us steal a port there
            sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_EXCLUSIVEADDRUSE", 0), 1)
        else:  # rebinding right after a restart, while old connections are in TIME_WAIT
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
            raise PortInUse(port) from exc
        raise
    return sock


def find_free_port(bind: str, start: int, tries: int = 20) -> int:
    """The first port from `start` (up to `tries` ports) that can be bound on `bind`."""
    for port in range(start, min(start + tries, 65536)):
        try:
            sock = _listen(bind, port)
        except PortInUse:
            continue
        with sock:
            return int(sock.getsockname()[1])
    raise PortInUse(start, f"no free port in {start}-{start + tries - 1}")


def _plain(status: int, text: str, **headers: str) -> web.Response:
    return web.Response(
        status=status,
        body=text.encode(),
        headers={**HEADERS, "Content-Type": "text/plain; charset=utf-8", **headers},
    )


def _builtin_404(raw_path: str) -> web.Response:
    """When the site has no 404 page: minimal HTML that still live-reloads once the page exists."""
    body = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>404 Not Found</title></head>\n'
        f"<body><h1>404 Not Found</h1><p>Nothing is built at <code>{html.escape(raw_path)}"
        f'</code>.</p>\n<script src="{LIVERELOAD_JS}" defer></script></body></html>\n'
    )
    return web.Response(
        status=404,
        body=body.encode(),
        headers={**HEADERS, "Content-Type": "text/html; charset=utf-8"},
    )


class DevServer:
    """Serves `root` (the output folder, replaced while serving) with live reload."""

    def __init__(
        self,
        root: Path,
        *,
        bind: str = "127.0.0.1",
        port: int = 1313,
        not_found: Mapping[str, str] | None = None,
        verbose: bool = False,
    ) -> None:
        self.root = Path(root)
        self.bind = bind
        self.port = port
        # Longest prefix first: {"/fr/": "fr/404.html", "/": "404.html"}.
        self._not_found = sorted((not_found or {}).items(), key=lambda kv: -len(kv[0]))
        self._verbose = verbose
        self._script = resources.files("polyblog.serve").joinpath("livereload.js").read_bytes()
        self._lock = threading.Lock()  # guards _loop (and _last_error before start)
        self._recent: dict[str, None] = {}  # served pages, oldest first
        self._recent_lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.ServerRunner | None = None
        self._queue: asyncio.Queue[tuple[str, str]] | None = None
        self._broadcaster: asyncio.Task[None] | None = None
        self._sending = asyncio.Lock()  # one sender at a time keeps every client's order
        self._clients: set[web.WebSocketResponse] = set()  # loop thread only
        self._last_error: str | None = None  # loop thread only once started
        if verbose:
            _log.setLevel(logging.INFO)
            if not _log.hasHandlers():
                _log.addHandler(logging.StreamHandler(sys.stderr))

    @property
    def url(self) -> str:
        host = self.bind
        if host in ("", "0.0.0.0", "::"):
            host = "localhost"
        elif ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    # --- lifecycle (caller's thread)

    def start(self) -> int:
        """Bind (`PortInUse` if taken), serve from a background thread; return the port."""
        if self._thread is not None:
            raise RuntimeError("DevServer already started")
        sock = _listen(self.bind, self.port)
        self.port = int(sock.getsockname()[1])
        loop = asyncio.new_event_loop()
        thread = threading.Thread(
            target=_run_loop, args=(loop,), name=f"polyblog-serve-{self.port}", daemon=True
        )
        thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self._setup(sock), loop).result(timeout=10)
        except BaseException:
            sock.close()
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
            raise
        with self._lock:
            self._loop, self._thread = loop, thread
        return self.port

    def _viewed(self, path: Path) -> None:
        try:
            rel = path.relative_to(self.root).as_posix()
        except ValueError:
            return
        with self._recent_lock:
            self._recent.pop(rel, None)
            self._recent[rel] = None
            while len(self._recent) > RECENT:
                self._recent.pop(next(iter(self._recent)))

    def recent_pages(self) -> list[str]:
        """Output files of the pages served most recently (the newest first): the pages open in
        a browser, which a full rebuild renders first."""
        with self._recent_lock:
            return list(reversed(self._recent))

    def set_not_found(self, not_found: Mapping[str, str]) -> None:
        """Which 404 page to send under which URL prefix (longest prefix wins)."""
        self._not_found = sorted(not_found.items(), key=lambda kv: -len(kv[0]))

    def notify(self, event: Mapping[str, Any]) -> None:
        """Send `event` as JSON to every live-reload client (thread-safe, returns at once)."""
        data = json.dumps(dict(event), ensure_ascii=False)
        kind = str(event.get("type", ""))
        with self._lock:
            if self._loop is None:  # not serving: only remember the error state
                self._remember(kind, data)
                return
            assert self._queue is not None
            self._loop.call_soon_threadsafe(self._queue.put_nowait, (kind, data))

    def stop(self) -> None:
        """Close the live-reload connections and the server; join the thread."""
        with self._lock:
            loop, self._loop = self._loop, None
            thread, self._thread = self._thread, None
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._teardown(), loop).result(timeout=10)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)

    # --- inside the loop

    async def _setup(self, sock: socket.socket) -> None:
        self._queue = asyncio.Queue()
        self._sending = asyncio.Lock()
        server = web.Server(self._handle, access_log=None, logger=_server_log)
        self._runner = web.ServerRunner(server, shutdown_timeout=2.0)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()
        self._broadcaster = asyncio.get_running_loop().create_task(self._broadcast())

    async def _teardown(self) -> None:
        if self._broadcaster is not None:
            self._broadcaster.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._broadcaster
        closing = [
            ws.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped") for ws in self._clients
        ]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*closing, return_exceptions=True), CLOSE_TIMEOUT)
        self._clients.clear()
        if self._runner is not None:
            await self._runner.cleanup()

    def _remember(self, kind: str, data: str) -> None:
        if kind == "error":
            self._last_error = data
        elif kind in CLEARS_ERROR:
            self._last_error = None

    async def _broadcast(self) -> None:
        assert self._queue is not None
        while True:
            kind, data = await self._queue.get()
            async with self._sending:
                self._remember(kind, data)
                await asyncio.gather(*(self._send(ws, data) for ws in list(self._clients)))

    async def _send(self, ws: web.WebSocketResponse, data: str) -> None:
        try:
            await asyncio.wait_for(ws.send_str(data), SEND_TIMEOUT)
        except (OSError, RuntimeError):  # gone, closing, or too slow (TimeoutError)
            self._clients.discard(ws)

    async def _handle(self, request: web.BaseRequest) -> web.StreamResponse:
        response = await self._respond(request)
        if self._verbose:
            _log.info("%s %s %d", request.method, request.raw_path, response.status)
        return response

    async def _respond(self, request: web.BaseRequest) -> web.StreamResponse:
        raw, _, query = request.raw_path.partition("?")
        if request.method not in ("GET", "HEAD"):
            return _plain(405, "405 Method Not Allowed\n", Allow="GET, HEAD")
        if raw == LIVERELOAD_WS:
            return await self._websocket(request)
        if raw == LIVERELOAD_JS or raw.endswith(LIVERELOAD_JS):  # also under a base path
            return web.Response(
                body=self._script,
                headers={**HEADERS, "Content-Type": "text/javascript; charset=utf-8"},
            )
        found = resolve(self.root, raw, query)
        if found.outcome is Outcome.FILE and found.path is not None:
            try:
                data = found.path.read_bytes()  # fresh on every request
            except OSError:  # replaced or removed since `resolve` saw it
                return self._not_found_page(raw)
            if found.name.endswith(".html"):
                self._viewed(found.path)
            return web.Response(
                body=data, headers={**HEADERS, "Content-Type": content_type(found.name)}
            )
        if found.outcome is Outcome.REDIRECT:
            return web.Response(status=301, headers={**HEADERS, "Location": found.location})
        if found.outcome is Outcome.BAD_REQUEST:
            return _plain(400, "400 Bad Request\n")
        return self._not_found_page(raw)

    def _not_found_page(self, raw_path: str) -> web.Response:
        """The site's 404 page for the longest matching prefix (falling back to shorter ones)."""
        for prefix, rel in self._not_found:
            if not raw_path.startswith(prefix):
                continue
            path = site_file(self.root, rel)
            if path is None:
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue
            return web.Response(
                status=404, body=data, headers={**HEADERS, "Content-Type": content_type(rel)}
            )
        return _builtin_404(raw_path)

    async def _websocket(self, request: web.BaseRequest) -> web.StreamResponse:
        ws = web.WebSocketResponse(heartbeat=30.0)
        if not ws.can_prepare(request).ok:
            return _plain(400, "400 Bad Request: expected a WebSocket upgrade\n")
        await ws.prepare(request)
        try:
            # Under the lock, so no broadcast comes between `hello` and the current error.
            async with self._sending:
                self._clients.add(ws)
                await self._send(ws, HELLO)
                if self._last_error is not None:
                    await self._send(ws, self._last_error)
            async for _message in ws:  # clients send nothing we use; wait for the close
                pass
        finally:
            self._clients.discard(ws)
        return ws


def _run_loop(loop: asyncio.AbstractEventLoop) -> None:
    asyncio.set_event_loop(loop)
    try:
        loop.run_forever()
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
