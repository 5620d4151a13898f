"""When each content file last changed: the git history when the site is in a git repository
(a file modified or untracked in the worktree counts as newer than every commit), else the file
modification times."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_RECORD = "\x1e"
MTIME_SLACK = 2.0  # seconds: files copied or checked out together are not newer than each other


@dataclass(frozen=True, slots=True, order=True)
class Stamp:
    """Comparable: any committed change < any worktree change; commits by history order,
    worktree changes by modification time."""

    uncommitted: bool
    order: float  # commit rank (older < newer) or mtime
    commit: str = ""
    when: float = 0.0  # epoch seconds of the commit or the modification
    in_git: bool = False

    def newer_than(self, other: Stamp) -> bool:
        if self.uncommitted and other.uncommitted:
            return self.order > other.order + MTIME_SLACK
        return self > other


class FileHistory:
    """Last change of files below `root`; `method` is "git" or "mtime". With git, every commit
    that touched each file, and the file's text at any of them."""

    def __init__(self, root: Path, paths: Iterable[str]) -> None:
        self.root = root
        self.commits: dict[str, Stamp] = {}
        self.log: dict[str, list[Stamp]] = {}  # every commit per file, newest first
        self.dirty: set[str] = set()
        self.method = "mtime"
        self.prefix = ""
        self._texts: dict[tuple[str, tuple[str, ...]], list[str | None]] = {}
        prefix = _git(root, "rev-parse", "--show-prefix")
        if prefix is None:
            return
        self.method = "git"
        self.prefix = prefix.strip()
        wanted = set(paths)
        self._read_log(wanted)
        self._read_status(self.prefix, wanted)

    def _read_log(self, wanted: set[str]) -> None:
        out = _git(
            self.root,
            "log",
            f"--format={_RECORD}%H %ct",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            ".",
        )
        records = [r for r in (out or "").split(_RECORD) if r.strip()]
        total = len(records)
        for index, record in enumerate(records):  # newest first
            head, *names = record.strip("\n").split("\n")
            commit, _, when = head.partition(" ")
            for name in names:
                if name in wanted:
                    rank = float(total - index)
                    stamp = Stamp(False, rank, commit, float(when or 0))
                    self.commits.setdefault(name, stamp)
                    self.log.setdefault(name, []).append(stamp)

    def _read_status(self, prefix: str, wanted: set[str]) -> None:
        out = _git(self.root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".")
        entries = (out or "").split("\0")
        skip = False
        for entry in entries:
            if skip or len(entry) < 4:
                skip = False
                continue
            status, path = entry[:2], entry[3:]
            skip = "R" in status or "C" in status  # the next entry is the old name
            rel = path[len(prefix) :] if prefix and path.startswith(prefix) else path
            if rel in wanted:
                self.dirty.add(rel)

    def stamp(self, rel: str) -> Stamp:
        committed = self.commits.get(rel)
        if committed is not None and rel not in self.dirty:
            return committed
        try:
            mtime = (self.root / rel).stat().st_mtime
        except OSError:
            mtime = 0.0
        return Stamp(True, mtime, "", mtime, in_git=self.method == "git")

    def texts(self, rel: str, commits: list[Stamp]) -> list[str | None]:
        """The file's text at each commit (None where it cannot be read), with one `git
        cat-file --batch`; line ends normalised as content files are read."""
        if not commits:
            return []
        key = (rel, tuple(c.commit for c in commits))
        cached = self._texts.get(key)
        if cached is None:
            cached = self._texts[key] = self._read_texts(rel, commits)
        return cached

    def _read_texts(self, rel: str, commits: list[Stamp]) -> list[str | None]:
        names = "".join(f"{c.commit}:{self.prefix}{rel}\n" for c in commits)
        out = _git_bytes(self.root, names.encode("utf-8"), "cat-file", "--batch")
        texts: list[str | None] = []
        pos = 0
        for _ in commits:
            end = out.find(b"\n", pos) if out is not None else -1
            if out is None or end < 0:
                texts.append(None)
                continue
            head = out[pos:end].split()
            pos = end + 1
            if len(head) != 3 or head[1] != b"blob":
                texts.append(None)
                continue
            size = int(head[2])
            data = out[pos : pos + size]
            pos += size + 1
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                texts.append(None)
                continue
            texts.append(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
        return texts


def _git_bytes(root: Path, stdin: bytes, *args: str) -> bytes | None:
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _git(root: Path, *args: str) -> str | None:
    """Output of a git command in `root`, or None when git or the repository is missing."""
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=false", "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None
