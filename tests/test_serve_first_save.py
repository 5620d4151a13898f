"""`blog serve` picks up a save made right after it starts answering: the watcher runs before the
first build, so no edit falls between the build reading a file and the watch starting."""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

POST = "content/posts/202303-ssg-content-model/index.md"
POST_URL = "/posts/202303-ssg-content-model/"
TIMEOUT = 60.0


def _get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""
    finally:
        conn.close()


def test_a_save_right_after_the_first_answer_is_served(example_site: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "polyblog", "serve", "--source", str(example_site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    port_found = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if re.search(r"at http://localhost:\d+/", line):
                port_found.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert port_found.wait(TIMEOUT), "".join(lines)
        port = int(re.search(r"localhost:(\d+)/", "".join(lines)).group(1))  # type: ignore[union-attr]
        deadline = time.monotonic() + TIMEOUT
        while _get(port, POST_URL)[0] != 200:  # poll as fast as a browser would
            assert time.monotonic() < deadline, "".join(lines)
        path = example_site / POST
        path.write_text(path.read_text() + "\nSaved the moment it answered.\n", encoding="utf-8")
        while "Saved the moment it answered." not in _get(port, POST_URL)[1]:
            assert time.monotonic() < deadline, "the first save was never served:\n" + "".join(
                lines
            )
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        reader.join(timeout=5)
